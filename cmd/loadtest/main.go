// Command loadtest registers many people at once for an edition and prints
// the rate and the latencies. It drives a running app (-url), a bare Gin
// handler that does one INSERT per request on the same database (-ceiling:
// the most any registration handler can reach there), or both, with the
// app's share of the ceiling.
//
//	go run ./cmd/loadtest -url http://127.0.0.1:8080 -database-url postgres://... -n 5000 -c 50 -ceiling
//
// It prepares its own open edition through the store (capacity n, one
// workshop slot of four workshops) and deletes it afterwards. The app must
// run with its per-address registration limit off (REGISTRATION_LIMIT=0).
package main

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gin-gonic/gin"
	_ "github.com/lib/pq" // the ceiling's connections

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// workshops is how many workshops the slot of the prepared edition has.
const workshops = 4

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	appURL := fs.String("url", "", "base URL of a running app to register with, e.g. http://127.0.0.1:8080")
	dbURL := fs.String("database-url", "", "the app's database (postgres://... or sqlite:path), for the edition and the ceiling")
	n := fs.Int("n", 5000, "registrations per target")
	c := fs.Int("c", 50, "concurrent clients")
	ceiling := fs.Bool("ceiling", false, "also measure a bare Gin handler doing one INSERT per request on the same database (PostgreSQL only)")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil // the usage is printed
	} else if err != nil {
		return err
	}
	switch {
	case *dbURL == "":
		return errors.New("-database-url is required")
	case *appURL == "" && !*ceiling:
		return errors.New("nothing to measure: give -url, -ceiling or both")
	case *n < 1 || *c < 1:
		return errors.New("-n and -c must be at least 1")
	}

	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		return err
	}
	if *ceiling && db.Dialect() != store.Postgres {
		return errors.New("-ceiling needs a PostgreSQL database")
	}
	ed, err := prepare(ctx, db, *n)
	if err != nil {
		return err
	}
	// Deleted even when the run is interrupted; its name says where it came from otherwise.
	defer func() {
		if err := ed.delete(context.WithoutCancel(ctx), db); err != nil {
			fmt.Fprintln(stderr, "loadtest:", err)
		}
	}()

	out := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(out, "target\trequests\terrors\t5xx\telapsed\treq/s\tp50\tp90\tp99\tmax\t\n")
	var app, bare *result
	if *appURL != "" {
		base := strings.TrimSuffix(*appURL, "/")
		if err := waitReady(ctx, base+"/readyz"); err != nil {
			return err
		}
		app = load(ctx, base+urls.Register(ed.conf.Slug), ed, *n, *c)
		app.print(out, "app")
		if err := ed.checkStored(ctx, db, app.requests-app.errors); err != nil {
			out.Flush()
			return err
		}
	}
	if *ceiling {
		base, stop, err := startCeiling(ctx, *dbURL, ed.name)
		if err != nil {
			return err
		}
		bare = load(ctx, base+urls.Register(ed.conf.Slug), ed, *n, *c)
		if err := stop(); err != nil {
			return err
		}
		bare.print(out, "ceiling")
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if app != nil && bare != nil {
		fmt.Fprintf(stdout, "app/ceiling: %.2f\n", app.rate()/bare.rate())
	}
	for _, r := range []*result{app, bare} {
		if r != nil && r.errors > 0 {
			return fmt.Errorf("%d of %d requests failed, the first: %s", r.errors, r.requests, r.firstError)
		}
	}
	return nil
}

// edition is the open edition a run registers people for.
type edition struct {
	name   string // of the series, the edition and the ceiling's table
	series *model.Series
	conf   *model.Conference
	slot   *model.Session
	// choices are the workshop ids, in the order the people rank them.
	choices []int64
}

// prepare stores a published edition that takes registrations now, with
// places for everyone the run registers.
func prepare(ctx context.Context, db *store.DB, n int) (*edition, error) {
	ed := &edition{name: "loadtest-" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	ed.series = &model.Series{Slug: ed.name, Title: "Load test " + ed.name}
	if err := db.CreateSeries(ctx, ed.series); err != nil {
		return nil, fmt.Errorf("create series: %w", err)
	}
	day := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	ed.conf = &model.Conference{
		SeriesID: ed.series.ID, Slug: ed.name, Title: "Load test " + ed.name, Venue: "Rathaus",
		StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(17 * time.Hour), TimeZone: model.DefaultTimeZone,
		Capacity: n, Status: model.StatusOpen, Published: true, MaxChoices: model.DefaultMaxChoices,
	}
	if err := db.CreateConference(ctx, ed.conf); err != nil {
		return nil, errors.Join(fmt.Errorf("create edition: %w", err), ed.delete(ctx, db))
	}
	ed.slot = &model.Session{ConferenceID: ed.conf.ID, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen",
		StartsAt: day.Add(13 * time.Hour), EndsAt: day.Add(15 * time.Hour)}
	if err := db.CreateSession(ctx, ed.slot); err != nil {
		return nil, errors.Join(fmt.Errorf("create workshop slot: %w", err), ed.delete(ctx, db))
	}
	for i := range workshops {
		w := &model.Workshop{SessionID: ed.slot.ID, Topic: model.TopicOther, Title: fmt.Sprintf("Arbeitsgruppe %d", i+1),
			Capacity: min(n, model.MaxWorkshopCapacity), Position: i}
		if err := db.CreateWorkshop(ctx, w); err != nil {
			return nil, errors.Join(fmt.Errorf("create workshop: %w", err), ed.delete(ctx, db))
		}
		ed.choices = append(ed.choices, w.ID)
	}
	return ed, nil
}

// delete removes the edition with its registrations, and its series.
func (ed *edition) delete(ctx context.Context, db *store.DB) error {
	if ed.conf.ID != 0 {
		if err := db.DeleteConference(ctx, ed.conf.ID); err != nil {
			return fmt.Errorf("delete edition %s: %w", ed.name, err)
		}
	}
	if err := db.DeleteSeries(ctx, ed.series.ID); err != nil {
		return fmt.Errorf("delete series %s: %w", ed.name, err)
	}
	return nil
}

// checkStored compares the registrations stored with the successful requests.
func (ed *edition) checkStored(ctx context.Context, db *store.DB, want int) error {
	regs, err := db.FindRegistrations(ctx, ed.conf.ID, store.RegistrationFilter{})
	if err != nil {
		return err
	}
	if len(regs) != want {
		return fmt.Errorf("%d registrations stored, but %d requests succeeded", len(regs), want)
	}
	return nil
}

// form is the i-th person's registration: a name, an address, the
// consent and three ranked workshops, the first of them in turn.
func (ed *edition) form(i int) string {
	v := url.Values{
		"name":         {fmt.Sprintf("Load Test %d", i)},
		"email":        {fmt.Sprintf("loadtest-%d@example.org", i)},
		"organisation": {"Flüchtlingsrat"},
		"consent":      {"1"},
	}
	for rank := range model.DefaultMaxChoices {
		v.Set(model.ChoiceField(ed.slot.ID, rank+1), strconv.FormatInt(ed.choices[(i+rank)%len(ed.choices)], 10))
	}
	return v.Encode()
}

// waitReady waits up to half a minute for the app to answer its readiness check.
func waitReady(ctx context.Context, readyURL string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, readyURL, nil)
		if err != nil {
			return err
		}
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(res.Status)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer 200 in time: %w", readyURL, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// result is what one target's run measured.
type result struct {
	requests     int
	errors       int // not a 303 to a personal page, or no answer at all
	serverErrors int // 5xx among the errors
	firstError   string
	elapsed      time.Duration
	latencies    []time.Duration // sorted
}

func (r *result) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// percentile returns the latency that the fraction p of requests did not
// exceed (the nearest rank).
func (r *result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(r.latencies)))) - 1
	return r.latencies[max(i, 0)]
}

func (r *result) print(w io.Writer, target string) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%.2fs\t%.0f\t%s\t%s\t%s\t%s\t\n", target, r.requests, r.errors, r.serverErrors,
		r.elapsed.Seconds(), r.rate(), ms(r.percentile(0.50)), ms(r.percentile(0.90)), ms(r.percentile(0.99)),
		ms(r.percentile(1)))
}

// load posts n registrations to target from c clients, each with a
// keep-alive connection of its own, as c browsers would.
func load(ctx context.Context, target string, ed *edition, n, c int) *result {
	var next atomic.Int64
	workers := make([]result, c)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			res := &workers[w]
			transport := &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}
			defer transport.CloseIdleConnections()
			client := &http.Client{
				Transport:     transport,
				Timeout:       30 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
			for i := int(next.Add(1) - 1); i < n && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				began := time.Now()
				status, err := post(ctx, client, target, ed.form(i))
				res.latencies = append(res.latencies, time.Since(began))
				res.requests++
				if err != nil {
					res.errors++
					if status >= 500 {
						res.serverErrors++
					}
					if res.firstError == "" {
						res.firstError = err.Error()
					}
				}
			}
		})
	}
	wg.Wait()
	total := &result{elapsed: time.Since(start)}
	for _, w := range workers {
		total.requests += w.requests
		total.errors += w.errors
		total.serverErrors += w.serverErrors
		total.firstError = cmp.Or(total.firstError, w.firstError)
		total.latencies = append(total.latencies, w.latencies...)
	}
	slices.Sort(total.latencies)
	return total
}

// post sends one registration and reads the whole answer, so that the
// connection is kept; anything but a 303 to a personal page is an error.
func post(ctx context.Context, client *http.Client, target, form string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return res.StatusCode, err
	}
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), urls.Personal("")) {
		return res.StatusCode, fmt.Errorf("status %d, location %q: %.200s", res.StatusCode, res.Header.Get("Location"), body)
	}
	return res.StatusCode, nil
}

// startCeiling serves the registration address with a bare Gin handler
// that stores each posted name and address with one INSERT into a scratch
// table, through a pool as large as the app's, and answers like the app
// does. It returns the handler's base URL and a func that stops it and
// drops the table.
func startCeiling(ctx context.Context, dbURL, name string) (string, func() error, error) {
	// The same connection settings as the app's.
	dsn, poolSize, err := store.PostgresDSN(dbURL)
	if err != nil {
		return "", nil, err
	}
	pool, err := sql.Open("postgres", dsn)
	if err != nil {
		return "", nil, err
	}
	pool.SetMaxOpenConns(poolSize)
	pool.SetMaxIdleConns(poolSize)
	table := strings.ReplaceAll(name, "-", "_")
	_, err = pool.ExecContext(ctx, `CREATE TABLE `+table+` (
		id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		name TEXT NOT NULL, email TEXT, created_at TIMESTAMPTZ NOT NULL)`)
	if err != nil {
		pool.Close()
		return "", nil, fmt.Errorf("ceiling table: %w", err)
	}
	insert := `INSERT INTO ` + table + ` (name, email, created_at) VALUES ($1, $2, $3)`

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/k/:slug/anmelden", func(c *gin.Context) {
		if _, err := pool.ExecContext(c.Request.Context(), insert, c.PostForm("name"), c.PostForm("email"), time.Now()); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Redirect(http.StatusSeeOther, urls.Personal("ceiling"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pool.Close()
		return "", nil, err
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	stop := func() error {
		err := srv.Shutdown(context.WithoutCancel(ctx))
		_, dropErr := pool.ExecContext(context.WithoutCancel(ctx), `DROP TABLE `+table)
		return errors.Join(err, dropErr, pool.Close())
	}
	return "http://" + ln.Addr().String(), stop, nil
}

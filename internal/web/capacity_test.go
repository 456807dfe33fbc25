package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// newOpenEdition stores a published edition that takes registrations now,
// with the given capacity and registration mode, and one workshop slot of
// the given number of workshops of workshopCapacity places each. It returns
// the edition and the slot with its workshops.
func newOpenEdition(t *testing.T, db *store.DB, mode string, capacity, workshops, workshopCapacity int) (*model.Conference, model.Session) {
	t.Helper()
	ctx := t.Context()
	series := &model.Series{Slug: "nrw", Title: "Kommunale Flüchtlingskonferenz NRW"}
	if err := db.CreateSeries(ctx, series); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	conf := &model.Conference{
		SeriesID: series.ID, Slug: "nrw-kommend", Title: "Kommunale Flüchtlingskonferenz",
		StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(17 * time.Hour), TimeZone: model.DefaultTimeZone,
		Venue: "Rathaus", Capacity: capacity, Status: model.StatusOpen, Published: true,
		MaxChoices: model.DefaultMaxChoices, RegistrationMode: mode,
	}
	if err := db.CreateConference(ctx, conf); err != nil {
		t.Fatal(err)
	}
	slot := &model.Session{ConferenceID: conf.ID, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen",
		StartsAt: day.Add(13 * time.Hour), EndsAt: day.Add(15 * time.Hour)}
	if err := db.CreateSession(ctx, slot); err != nil {
		t.Fatal(err)
	}
	for i := range workshops {
		w := &model.Workshop{SessionID: slot.ID, Topic: model.TopicOther, Title: fmt.Sprintf("Arbeitsgruppe %d", i+1),
			Capacity: workshopCapacity, Position: i}
		if err := db.CreateWorkshop(ctx, w); err != nil {
			t.Fatal(err)
		}
		slot.Workshops = append(slot.Workshops, *w)
	}
	return conf, *slot
}

// startServer serves a new app on db over a real socket; the app's BaseURL
// is the server's address, so personal links lead back to it.
func startServer(t *testing.T, db *store.DB, cfg web.Config) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = app.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// openStore opens another connection pool on an existing database, as a
// second app instance would.
func openStore(t *testing.T, dbURL string) *store.DB {
	t.Helper()
	return storetest.OpenURL(t, dbURL)
}

// The edition's capacity holds over HTTP: 500 people register at once for
// 100 places through two app instances on one PostgreSQL database (one
// instance on SQLite, which has one writer). Exactly 100 get a place, 400
// wait, every one is stored, and nobody sees a server error. In first-come
// mode the five workshops of 20 places are not overfilled either.
func TestRegistrationCapacityOverHTTP(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			// The modes one after the other: each opens a pool per instance,
			// and the server has room for about 100 connections in all.
			for _, mode := range model.RegistrationModes {
				t.Run(mode, func(t *testing.T) { testCapacityOverHTTP(t, dialect, mode) })
			}
		})
	}
}

func testCapacityOverHTTP(t *testing.T, dialect, mode string) {
	const (
		people           = 500
		capacity         = 100
		workshops        = 5
		workshopCapacity = 20
	)
	dbURL := storetest.URL(t, dialect)
	first := openStore(t, dbURL)
	instances := []*store.DB{first}
	if dialect == store.Postgres {
		instances = append(instances, openStore(t, dbURL))
	}
	conf, slot := newOpenEdition(t, first, mode, capacity, workshops, workshopCapacity)
	var servers []string
	for _, db := range instances {
		servers = append(servers, startServer(t, db, web.Config{RegistrationLimit: -1}).URL)
	}

	transport := &http.Transport{MaxIdleConnsPerHost: people}
	t.Cleanup(transport.CloseIdleConnections)
	client := &http.Client{
		Transport:     transport,
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var wg sync.WaitGroup
	for i := range people {
		wg.Go(func() {
			form := url.Values{"name": {fmt.Sprintf("Person %d", i)}, "email": {fmt.Sprintf("p%d@example.org", i)},
				"consent": {"1"}}
			// Each workshop is the first choice of a fifth of the people,
			// and the second and third of others: every one is contended.
			for rank := range model.DefaultMaxChoices {
				form.Set(model.ChoiceField(slot.ID, rank+1), id(slot.Workshops[(i+rank)%workshops].ID))
			}
			res, err := client.PostForm(servers[i%len(servers)]+"/k/"+conf.Slug+"/anmelden", form)
			if err != nil {
				t.Errorf("person %d: %v", i, err)
				return
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther || !personalLink.MatchString(res.Header.Get("Location")) {
				t.Errorf("person %d: status %d, location %q; body:\n%.500s", i, res.StatusCode, res.Header.Get("Location"), body)
			}
		})
	}
	wg.Wait()

	regs, err := first.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	confirmed, waiting := 0, 0
	for _, r := range regs {
		switch r.Status {
		case model.RegConfirmed:
			confirmed++
		case model.RegWaiting:
			waiting++
		}
	}
	stored, err := first.Conference(t.Context(), conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != people || confirmed != capacity || waiting != people-capacity || stored.ConfirmedCount != capacity {
		t.Fatalf("%d stored: %d confirmed (count %d), %d waiting; want %d: %d and %d",
			len(regs), confirmed, stored.ConfirmedCount, waiting, people, capacity, people-capacity)
	}
	if mode == model.ModeFirstCome {
		checkFirstComePlaces(t, first, slot, regs)
	}
}

// checkFirstComePlaces checks the workshop places granted at registration:
// no workshop holds more people than it has places, each keeps count of
// the places it granted, only people with a place at the edition hold one,
// and each of them got a workshop they ranked unless every workshop they
// ranked was full. The people waiting for a workshop wait only for full ones.
func checkFirstComePlaces(t *testing.T, db *store.DB, slot model.Session, regs []model.Registration) {
	t.Helper()
	ctx := t.Context()
	programme, err := db.Programme(ctx, slot.ConferenceID)
	if err != nil {
		t.Fatal(err)
	}
	workshops := map[int64]model.Workshop{}
	for _, s := range programme {
		if s.ID == slot.ID {
			for _, w := range s.Workshops {
				workshops[w.ID] = w
			}
		}
	}
	full := func(workshop int64) bool {
		w := workshops[workshop]
		return w.TakenCount >= w.Capacity
	}
	granted := map[int64]int{}
	withoutPlace := 0
	for _, listed := range regs {
		r, err := db.Registration(ctx, listed.ID)
		if err != nil {
			t.Fatal(err)
		}
		ranked := r.Choices[slot.ID]
		if len(ranked) != model.DefaultMaxChoices {
			t.Fatalf("%s: %d choices stored, want %d", r.Name, len(ranked), model.DefaultMaxChoices)
		}
		w, ok := r.Granted[slot.ID]
		switch {
		case ok && !slices.Contains(ranked, w):
			t.Errorf("%s was granted workshop %d, which they did not rank (%v)", r.Name, w, ranked)
		case ok && r.Status != model.RegConfirmed:
			t.Errorf("%s is %s but holds a place in workshop %d", r.Name, r.Status, w)
		case ok:
			granted[w]++
		case r.Status == model.RegConfirmed && !slices.ContainsFunc(ranked, func(w int64) bool { return !full(w) }):
			withoutPlace++ // everything they ranked was taken by others first
		case r.Status == model.RegConfirmed:
			t.Errorf("%s has a place at the edition but none in a workshop, though one they ranked has room (%v)", r.Name, ranked)
		}
		for _, w := range r.Waiting[slot.ID] {
			if !full(w) {
				t.Errorf("%s waits for workshop %d, which has room", r.Name, w)
			}
		}
	}
	total := 0
	for _, w := range workshops {
		if granted[w.ID] > w.Capacity || w.TakenCount != granted[w.ID] {
			t.Errorf("%s: %d people granted a place, taken count %d, capacity %d", w.Title, granted[w.ID], w.TakenCount, w.Capacity)
		}
		total += granted[w.ID]
	}
	t.Logf("first come: %d workshop places granted, %d confirmed people found every workshop they ranked full", total, withoutPlace)
}

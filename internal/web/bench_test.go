package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// benchPath is the public programme of the demo conference.
const benchPath = "/k/" + demo.WuppertalSlug

// BenchmarkProgramme measures the public programme page served by the whole
// app (middleware, page cache, and behind it queries and templates) on each
// database, and next to it a bare Gin handler that writes the same bytes:
// the floor any page can reach. The goal is that the page reaches at least
// half the bare handler's rate. The "-render" runs turn the page cache off:
// every request queries the database and executes the templates, as the
// first visitor after an edit does.
//
//	make bench
func BenchmarkProgramme(b *testing.B) {
	var body []byte
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		for _, run := range []struct {
			suffix string
			ttl    time.Duration
		}{{"", 0}, {"-render", -1}} {
			b.Run(dialect+run.suffix, func(b *testing.B) {
				h, _ := benchApp(b, dialect, web.Config{PageCacheTTL: run.ttl})
				page := benchGet(b, h)
				if body == nil {
					body = page
				}
				b.SetBytes(int64(len(page)))
				benchParallel(b, h)
			})
		}
	}
	b.Run("bare", func(b *testing.B) {
		if body == nil {
			// Every database run was filtered out: render the page once on SQLite.
			h, _ := benchApp(b, store.SQLite, web.Config{})
			body = benchGet(b, h)
		}
		gin.SetMode(gin.ReleaseMode)
		r := gin.New()
		r.GET("/k/:slug", func(c *gin.Context) {
			c.Data(http.StatusOK, "text/html; charset=utf-8", body)
		})
		benchGet(b, r)
		b.SetBytes(int64(len(body)))
		benchParallel(b, r)
	})
}

// benchApp returns the app configured by cfg on a fresh database of the
// dialect holding the demo data, and the database.
func benchApp(b *testing.B, dialect string, cfg web.Config) (http.Handler, *store.DB) {
	b.Helper()
	db := storetest.Open(b, dialect)
	if err := demo.Load(context.Background(), db); err != nil {
		b.Fatalf("demo: %v", err)
	}
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		b.Fatalf("app: %v", err)
	}
	return app.Handler(), db
}

// benchGet fetches the programme once and returns its body.
func benchGet(b *testing.B, h http.Handler) []byte {
	b.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, benchPath, nil))
	if w.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", benchPath, w.Code)
	}
	if !bytes.Contains(w.Body.Bytes(), []byte("</html>")) {
		b.Fatalf("GET %s: incomplete page of %d bytes", benchPath, w.Body.Len())
	}
	return bytes.Clone(w.Body.Bytes())
}

// benchParallel requests the programme from GOMAXPROCS goroutines; ns/op is
// wall time per request across all of them, so 1e9/ns_per_op is the rate.
func benchParallel(b *testing.B, h http.Handler) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		base := httptest.NewRequest(http.MethodGet, benchPath, nil)
		for pb.Next() {
			// A copy per request, as the server makes: middleware replaces
			// the body, which must not pile up across iterations.
			req := *base
			w := httptest.NewRecorder()
			h.ServeHTTP(w, &req)
			if w.Code != http.StatusOK {
				b.Errorf("GET %s: status %d", benchPath, w.Code)
				return
			}
		}
	})
	b.StopTimer()
	if elapsed := b.Elapsed(); elapsed > 0 {
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	}
}

// BenchmarkRegisterPost measures the registration POST served by the whole
// app on each database: the edition and its programme, the registration
// stored, the confirmation email with the calendar file queued. Every
// request registers a new address for the demo edition, opened without a
// limit of places, so every one is stored and answered with 303; the
// per-address limit is off, as in the load test (cmd/loadtest), whose
// figure this one explains.
//
//	go test -run '^$' -bench RegisterPost ./internal/web/
func BenchmarkRegisterPost(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			h, db := benchApp(b, dialect, web.Config{BaseURL: "http://example.test", RegistrationLimit: -1})
			slot := benchOpenEdition(b, db)
			path := benchPath + "/anmelden"
			form := url.Values{
				"name": {"Amina Diallo"}, "consent": {"1"}, "organisation": {"Flüchtlingsrat Wuppertal"}, "category": {"volunteer"},
				model.ChoiceField(slot.ID, 1): {strconv.FormatInt(slot.Workshops[1].ID, 10)},
				model.ChoiceField(slot.ID, 2): {strconv.FormatInt(slot.Workshops[0].ID, 10)},
			}.Encode()
			var people atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					email := "person" + strconv.FormatInt(people.Add(1), 10) + "@example.org"
					req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form+"&email="+url.QueryEscape(email)))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					w := httptest.NewRecorder()
					h.ServeHTTP(w, req)
					if w.Code != http.StatusSeeOther {
						b.Errorf("POST %s: status %d", path, w.Code)
						return
					}
				}
			})
			b.StopTimer()
			if elapsed := b.Elapsed(); elapsed > 0 {
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			}
		})
	}
}

// benchOpenEdition opens the demo edition for registration with no limit of
// places and returns its workshop slot.
func benchOpenEdition(b *testing.B, db *store.DB) model.Session {
	b.Helper()
	ctx := context.Background()
	conf, err := db.ConferenceBySlug(ctx, demo.WuppertalSlug)
	if err != nil {
		b.Fatal(err)
	}
	conf.Status, conf.Capacity = model.StatusOpen, 0
	conf.RegistrationOpensAt, conf.RegistrationClosesAt = nil, nil
	if err := db.UpdateConference(ctx, conf); err != nil {
		b.Fatal(err)
	}
	programme, err := db.Programme(ctx, conf.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range programme {
		if s.Kind == model.KindWorkshopSlot && len(s.Workshops) > 1 {
			return s
		}
	}
	b.Fatal("demo has no workshop slot")
	return model.Session{}
}

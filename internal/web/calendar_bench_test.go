package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// calendarItems is how many agenda items the benchmark's edition has.
const calendarItems = 100

// BenchmarkEditionCalendar measures GET /k/:slug/kalender.ics of the
// demo edition grown to calendarItems agenda items, served by the whole
// app on each database, and next to it a bare Gin handler that writes
// the same bytes. The goal is 5,000 requests/s or more. The "-304" run
// asks with the file's ETag, as a subscribed calendar program does, and
// gets 304 without the body.
//
//	go test -run '^$' -bench EditionCalendar -benchmem -count 10 ./internal/web/
func BenchmarkEditionCalendar(b *testing.B) {
	path := urls.Calendar(demo.WuppertalSlug)
	var body []byte
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		h := func(b *testing.B) http.Handler {
			h, db := benchApp(b, dialect, web.Config{BaseURL: "http://example.test"})
			benchGrowAgenda(b, db)
			return h
		}
		b.Run(dialect, func(b *testing.B) {
			h := h(b)
			w := benchCalendarGet(b, h, path, "", http.StatusOK)
			body = bytes.Clone(w.Body.Bytes())
			b.SetBytes(int64(len(body)))
			benchCalendarParallel(b, h, path, "", http.StatusOK)
		})
		b.Run(dialect+"-304", func(b *testing.B) {
			h := h(b)
			tag := benchCalendarGet(b, h, path, "", http.StatusOK).Header().Get("ETag")
			benchCalendarParallel(b, h, path, tag, http.StatusNotModified)
		})
	}
	b.Run("bare", func(b *testing.B) {
		if body == nil {
			b.Skip("no database run made the file")
		}
		gin.SetMode(gin.ReleaseMode)
		r := gin.New()
		r.GET("/k/:slug/kalender.ics", func(c *gin.Context) {
			c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
		})
		b.SetBytes(int64(len(body)))
		benchCalendarParallel(b, r, path, "", http.StatusOK)
	})
}

// benchGrowAgenda adds agenda items to the demo edition until it has
// calendarItems, four minutes each within its day.
func benchGrowAgenda(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	conf, err := db.ConferenceBySlug(ctx, demo.WuppertalSlug)
	if err != nil {
		b.Fatal(err)
	}
	programme, err := db.Programme(ctx, conf.ID)
	if err != nil {
		b.Fatal(err)
	}
	for i := len(programme); i < calendarItems; i++ {
		start := conf.StartsAt.Add(time.Duration(i) * 4 * time.Minute)
		s := &model.Session{ConferenceID: conf.ID, Kind: model.KindExchange, Title: "Austausch " + strconv.Itoa(i),
			Description: "Berichte aus den **Kommunen**: Unterbringung, Beratung, Ehrenamt.", Room: "Raum " + strconv.Itoa(i%4+1),
			StartsAt: start, EndsAt: start.Add(4 * time.Minute),
			People: []model.Person{{Name: "Sprecherin " + strconv.Itoa(i), Affiliation: "Flüchtlingsrat", Role: model.RoleSpeaker}}}
		if err := db.CreateSession(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCalendarGet fetches path once, with If-None-Match etag if given.
func benchCalendarGet(b *testing.B, h http.Handler, path, etag string, status int) *httptest.ResponseRecorder {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != status {
		b.Fatalf("GET %s: status %d, want %d", path, w.Code, status)
	}
	if status == http.StatusOK && bytes.Count(w.Body.Bytes(), []byte("BEGIN:VEVENT")) < calendarItems {
		b.Fatalf("GET %s: fewer than %d events", path, calendarItems)
	}
	return w
}

// benchCalendarParallel requests path from GOMAXPROCS goroutines, as
// benchParallel does the programme.
func benchCalendarParallel(b *testing.B, h http.Handler, path, etag string, status int) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		base := httptest.NewRequest(http.MethodGet, path, nil)
		if etag != "" {
			base.Header.Set("If-None-Match", etag)
		}
		for pb.Next() {
			req := *base
			w := httptest.NewRecorder()
			h.ServeHTTP(w, &req)
			if w.Code != status {
				b.Errorf("GET %s: status %d, want %d", path, w.Code, status)
				return
			}
		}
	})
	b.StopTimer()
	if elapsed := b.Elapsed(); elapsed > 0 {
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	}
}

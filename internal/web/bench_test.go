package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
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
				h := benchApp(b, dialect, run.ttl)
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
			body = benchGet(b, benchApp(b, store.SQLite, 0))
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

// benchApp returns the app on a fresh database of the dialect holding the
// demo data, with the page cache's ttl (negative: off).
func benchApp(b *testing.B, dialect string, ttl time.Duration) http.Handler {
	b.Helper()
	db := storetest.Open(b, dialect)
	if err := demo.Load(context.Background(), db); err != nil {
		b.Fatalf("demo: %v", err)
	}
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{PageCacheTTL: ttl})
	if err != nil {
		b.Fatalf("app: %v", err)
	}
	return app.Handler()
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

package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// A short run against the app in this process, on each database, and on
// PostgreSQL against the ceiling too: every registration succeeds, the
// figures are printed, and the run leaves no edition behind.
func TestLoadtest(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			dbURL := storetest.URL(t, dialect)
			db, err := store.Open(t.Context(), dbURL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			if err := db.Migrate(t.Context(), logger); err != nil {
				t.Fatal(err)
			}
			app, err := web.NewApp(db, logger, web.Config{RegistrationLimit: -1})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(app.Handler())
			t.Cleanup(srv.Close)

			args := []string{"-url", srv.URL, "-database-url", dbURL, "-n", "60", "-c", "4"}
			targets := []string{"app"}
			if dialect == store.Postgres {
				args = append(args, "-ceiling")
				targets = append(targets, "ceiling")
			}
			var stdout, stderr bytes.Buffer
			if err := run(t.Context(), args, &stdout, &stderr); err != nil {
				t.Fatalf("%v\n%s%s", err, stdout.String(), stderr.String())
			}
			for _, target := range targets {
				// target, 60 requests, 0 errors, 0 5xx, elapsed, a rate, four latencies.
				line := regexp.MustCompile(`(?m)^ *` + target + ` +60 +0 +0 +[0-9.]+s +[0-9]+( +[0-9.]+ms){4} *$`)
				if !line.MatchString(stdout.String()) {
					t.Errorf("no figures for %s:\n%s", target, stdout.String())
				}
			}
			if dialect == store.Postgres && !regexp.MustCompile(`(?m)^app/ceiling: [0-9]+\.[0-9]{2}$`).MatchString(stdout.String()) {
				t.Errorf("no ratio:\n%s", stdout.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr:\n%s", stderr.String())
			}

			series, err := db.AllSeries(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range series {
				if strings.HasPrefix(s.Slug, "loadtest-") {
					t.Errorf("series %s left behind", s.Slug)
				}
			}
		})
	}
}

// A failed registration makes the run fail, and a server error is counted as one.
func TestLoadtestReportsErrors(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" {
			return
		}
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
	}))
	t.Cleanup(broken.Close)
	var stdout bytes.Buffer
	args := []string{"-url", broken.URL, "-database-url", storetest.URL(t, store.SQLite), "-n", "5", "-c", "2"}
	err := run(t.Context(), args, &stdout, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "5 of 5 requests failed, the first: status 503") {
		t.Errorf("error %v, want 5 of 5 failed", err)
	}
	if !regexp.MustCompile(`(?m)^ *app +5 +5 +5 `).MatchString(stdout.String()) {
		t.Errorf("errors not counted:\n%s", stdout.String())
	}
}

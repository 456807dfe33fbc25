// Package storetest opens fresh, migrated databases for tests: a temporary
// SQLite file, and a PostgreSQL schema of its own on the server named by
// TEST_DATABASE_URL, dropped when the test ends. Without TEST_DATABASE_URL
// the PostgreSQL half is skipped, unless REQUIRE_POSTGRES=1 makes it fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/lib/pq" // the PostgreSQL driver, for creating schemas
	"golang.org/x/crypto/bcrypt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Dialects lists the databases every store test runs against.
var Dialects = []string{store.SQLite, store.Postgres}

// Each runs fn as a parallel subtest on a fresh database of every dialect.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of the dialect, closed and removed
// when the test ends.
func Open(t testing.TB, dialect string) *store.DB {
	t.Helper()
	return OpenURL(t, URL(t, dialect))
}

// OpenURL opens and migrates the database at dbURL (from URL) and closes it
// when the test ends; a test that opens one database twice, as two
// instances would, calls it twice.
func OpenURL(t testing.TB, dbURL string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	// The lowest bcrypt cost: tests log in a lot, and the cost changes
	// nothing they check.
	db.PasswordCost = bcrypt.MinCost
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// URL returns the address of a fresh, empty database of the dialect; on
// PostgreSQL a new schema that is dropped when the test ends.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("REQUIRE_POSTGRES") == "1" {
			t.Fatal("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
		}
		t.Skip("PostgreSQL: TEST_DATABASE_URL is not set")
	}
	admin, err := sql.Open("postgres", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		if os.Getenv("REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL at TEST_DATABASE_URL: %v", err)
		}
		t.Skipf("PostgreSQL at TEST_DATABASE_URL unreachable: %v", err)
	}
	buf := make([]byte, 8)
	rand.Read(buf)
	schema := "test_" + hex.EncodeToString(buf)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// Small pools: tests run in parallel, a few with two instances each,
	// and together they must stay under the server's 100 connections.
	q.Set("pool_max_conns", "8")
	u.RawQuery = q.Encode()
	return u.String()
}

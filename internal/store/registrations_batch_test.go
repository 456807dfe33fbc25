package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// Rows the database refuses (a NUL byte, broken UTF-8: PostgreSQL fails
// the whole statement) reaching the store past the web's checks fail only
// their own registrations: everybody sent at the same time, and so written
// in the same batches, is stored.
func TestRegistrationBatchSurvivesUnstorableRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const n = 60
		bad := func(i int) bool { return i%10 == 3 }
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			name := fmt.Sprintf("Person %d", i)
			if bad(i) {
				name = []string{"a\x00b", "a\xffb"}[i%2]
			}
			r := newRegistration(f.conf.ID, name, fmt.Sprintf("p%d@example.org", i))
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = db.Register(context.Background(), r, nil)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if !bad(i) && err != nil {
				t.Errorf("Person %d failed with the others: %v", i, err)
			}
			if bad(i) && err == nil && db.Dialect() == store.Postgres {
				t.Errorf("PostgreSQL stored row %d with an unstorable name", i)
			}
		}
		all, err := db.FindRegistrations(t.Context(), f.conf.ID, store.RegistrationFilter{})
		noErr(t, err, "list")
		stored := 0
		for _, r := range all {
			if r.Status == model.RegConfirmed {
				stored++
			}
		}
		if want := n - n/10; stored < want {
			t.Fatalf("%d stored, want at least the %d valid ones", stored, want)
		}
	})
}

// Unavailable tells the database's absence from a refused request.
func TestUnavailable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, err := db.Conference(t.Context(), f.conf.ID+1000)
		if err == nil || store.Unavailable(err) {
			t.Fatalf("a missing edition: %v, unavailable %v", err, store.Unavailable(err))
		}
		noErr(t, db.Close(), "close")
		_, err = db.Conference(t.Context(), f.conf.ID)
		if !store.Unavailable(err) {
			t.Fatalf("after Close: %v is not unavailable", err)
		}
		_, err = db.Register(t.Context(), newRegistration(f.conf.ID, "Late", ""), nil)
		if !store.Unavailable(err) {
			t.Fatalf("registering after Close: %v is not unavailable", err)
		}
	})
}

// A PostgreSQL server that is not there is unavailable, not a fault of the
// request.
func TestUnavailableServer(t *testing.T) {
	dead, err := sql.Open("postgres", "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	err = dead.PingContext(t.Context())
	if err == nil || !store.Unavailable(err) {
		t.Fatalf("a refused connection: %v is not unavailable", err)
	}
}

package store_test

import (
	"fmt"
	"maps"
	"regexp"
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

var doorCodeForm = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Printing an edition's badges gives every confirmed person a door code in
// one statement and keeps it: printing again, or twice at once, gives the
// same codes; a person confirmed later gets one on the next print; one
// person's badge carries the code of the sheet; a cancelled registration
// gets none, and its code opens nothing.
func TestDoorCodesAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		var ids []int64
		for i := range 5 {
			r := newRegistration(f.conf.ID, fmt.Sprintf("Gast %d", i), "")
			register(t, db, r)
			ids = append(ids, r.ID)
		}
		_, err := db.CancelRegistration(ctx, ids[4])
		noErr(t, err, "cancel")

		var wg sync.WaitGroup
		results := make([]map[int64]string, 2)
		errs := make([]error, 2)
		for i := range results {
			wg.Go(func() { results[i], errs[i] = db.DoorCodes(ctx, f.conf.ID) })
		}
		wg.Wait()
		noErr(t, errs[0], "codes")
		noErr(t, errs[1], "codes at once")
		codes := results[0]
		if !maps.Equal(codes, results[1]) {
			t.Errorf("two prints at once gave %v and %v", codes, results[1])
		}
		if len(codes) != 4 {
			t.Fatalf("%d codes for 4 confirmed registrations: %v", len(codes), codes)
		}
		seen := map[string]bool{}
		for id, code := range codes {
			if !doorCodeForm.MatchString(code) || seen[code] {
				t.Errorf("code %q of %d", code, id)
			}
			seen[code] = true
			a, err := db.ArrivalByDoorCode(ctx, code)
			noErr(t, err, "by code")
			if a.ID != id {
				t.Errorf("code of %d finds %d", id, a.ID)
			}
		}
		if _, ok := codes[ids[4]]; ok {
			t.Error("a cancelled registration got a code")
		}

		late := newRegistration(f.conf.ID, "Spät", "")
		register(t, db, late)
		again, err := db.DoorCodes(ctx, f.conf.ID)
		noErr(t, err, "codes again")
		if len(again) != 5 || again[late.ID] == "" {
			t.Errorf("after one more registration: %v", again)
		}
		delete(again, late.ID)
		if !maps.Equal(again, codes) {
			t.Errorf("printed again, the codes changed: %v, were %v", again, codes)
		}
		one, err := db.DoorCode(ctx, ids[0])
		noErr(t, err, "one code")
		if one != codes[ids[0]] {
			t.Errorf("one badge's code %q, on the sheet %q", one, codes[ids[0]])
		}
		if _, err := db.DoorCode(ctx, ids[4]); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("code for a cancelled registration: %v", err)
		}
		_, err = db.CancelRegistration(ctx, ids[0])
		noErr(t, err, "cancel")
		if _, err := db.ArrivalByDoorCode(ctx, one); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("a cancelled registration's code: %v", err)
		}
	})
}

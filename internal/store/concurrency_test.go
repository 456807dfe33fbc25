package store_test

import (
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// Two organisers at work at once: one adds a workshop to a still empty
// slot while the other turns the slot into a plenary. Either may win, but
// never both: a plenary holding workshops is what CreateWorkshop and
// UpdateSession each refuse on their own.
//
// The test can only pass by luck if the store lets both through, and never
// fails if it does not; it runs a number of rounds to give the race room.
func TestSlotKindChangeRacesWorkshop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		const rounds = 40
		broken := 0
		for range rounds {
			slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 11, 0, 12, 0)
			var wg sync.WaitGroup
			var createErr, updateErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				w := &model.Workshop{SessionID: slot.ID, Topic: model.TopicWork, Title: "Arbeit", Capacity: 10}
				createErr = db.CreateWorkshop(ctx, w)
			}()
			go func() {
				defer wg.Done()
				s := *slot
				s.Kind = model.KindPlenary
				updateErr = db.UpdateSession(ctx, &s)
			}()
			wg.Wait()

			for _, err := range []error{createErr, updateErr} {
				if err != nil && model.ErrorCode(err) != model.EConflict {
					t.Fatalf("unexpected error: %v", err)
				}
			}
			got, err := db.Session(ctx, slot.ID)
			noErr(t, err, "session")
			var workshops int
			for _, s := range programme(t, db, f.conf.ID) {
				if s.ID == slot.ID {
					workshops = len(s.Workshops)
				}
			}
			if got.Kind != model.KindWorkshopSlot && workshops > 0 {
				broken++
			}
		}
		if broken > 0 {
			t.Errorf("in %d of %d rounds a %s ended up holding workshops (CreateWorkshop checks the kind outside its transaction)",
				broken, rounds, model.KindPlenary)
		}
	})
}

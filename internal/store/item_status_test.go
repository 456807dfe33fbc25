package store_test

import (
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// An item starts at revision 0 and counts each save; cancelling keeps it
// in the programme with its time of cancelling, and taking it back clears
// that. A workshop counts its own saves.
func TestItemRevisionAndCancelling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshopphase", 11, 0, 12, 30)
		ws := newWorkshop(t, db, slot, "Wohnen", 1)

		got, err := db.Session(ctx, slot.ID)
		noErr(t, err, "session")
		if got.Revision != 0 || got.Cancelled() {
			t.Fatalf("new item: revision %d, cancelled %v", got.Revision, got.Cancelled())
		}

		cancelled := time.Date(2016, time.February, 1, 9, 30, 0, 0, time.UTC)
		got.CancelledAt = &cancelled
		noErr(t, db.UpdateSession(ctx, got), "cancel")
		programme, err := db.Programme(ctx, f.conf.ID)
		noErr(t, err, "programme")
		if len(programme) != 1 || !programme[0].Cancelled() || !programme[0].CancelledAt.Equal(cancelled) ||
			programme[0].Revision != 1 {
			t.Fatalf("after cancelling: %+v", programme)
		}

		got.CancelledAt = nil
		got.Title = "Workshopphase (neu)"
		noErr(t, db.UpdateSession(ctx, got), "take back")
		got, err = db.Session(ctx, slot.ID)
		noErr(t, err, "session")
		if got.Revision != 2 || got.Cancelled() {
			t.Errorf("after taking back: revision %d, cancelled %v", got.Revision, got.Cancelled())
		}

		noErr(t, db.UpdateWorkshop(ctx, ws), "update workshop")
		w, err := db.Workshop(ctx, ws.ID)
		noErr(t, err, "workshop")
		if w.Revision != 1 {
			t.Errorf("workshop revision %d after one save, want 1", w.Revision)
		}
	})
}

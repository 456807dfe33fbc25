package store_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// Saves started from the same version at once: exactly one is stored,
// every other is told the minutes changed, and the revisions are numbered
// without a gap or a repeat.
func TestMinutesConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Arbeitsgruppen", 13, 0, 15, 0)
		w := newWorkshop(t, db, slot, "Wohnen", 0)
		u := &model.User{Email: "fatima@example.org", Name: "Fatima", Role: model.RoleFacilitator}
		noErr(t, db.CreateUser(ctx, u), "create user")
		m, err := db.WorkshopMinutes(ctx, w.ID)
		noErr(t, err, "open minutes")
		again, err := db.WorkshopMinutes(ctx, w.ID)
		noErr(t, err, "open minutes again")
		if again.ID != m.ID || m.Version != 0 || m.Status != model.MinutesDraft || m.ConferenceID != f.conf.ID {
			t.Fatalf("opened %+v, then %+v", m, again)
		}

		const writers = 8
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				base := int64(0)
				_, errs[i] = db.SaveMinutes(ctx, m.ID, store.MinutesEdit{Body: "Text", Language: "de", Base: &base, By: u,
					Cause: model.RevisionSaved, Allowed: []string{model.MinutesDraft}})
			})
		}
		wg.Wait()
		saved := 0
		for _, err := range errs {
			switch {
			case err == nil:
				saved++
			case !errors.Is(err, model.ErrMinutesChanged):
				t.Errorf("save: %v", err)
			}
		}
		revs, err := db.MinutesRevisions(ctx, m.ID)
		noErr(t, err, "revisions")
		if saved != 1 || len(revs) != 1 || revs[0].Number != 1 || revs[0].AuthorName != "Fatima" {
			t.Fatalf("%d saved, revisions %+v", saved, revs)
		}

		// The author's account goes; the history keeps the name.
		noErr(t, db.DeleteUser(ctx, u.ID), "delete user")
		r, err := db.MinutesRevision(ctx, m.ID, 1)
		noErr(t, err, "revision")
		if r.AuthorID != nil || r.AuthorName != "Fatima" {
			t.Errorf("after deleting the author: %+v", r)
		}

		// A workshop slot has no minutes of its own.
		_, err = db.SessionMinutes(ctx, slot.ID)
		wantCode(t, err, model.EConflict)
		// Moving from a state the minutes are not in changes nothing.
		err = db.MoveMinutes(ctx, m.ID, store.MinutesMove{From: []string{model.MinutesApproved}, To: model.MinutesPublished})
		if !errors.Is(err, model.ErrMinutesLocked) {
			t.Errorf("publishing a draft: %v", err)
		}
	})
}

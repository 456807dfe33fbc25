package store_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// PublishedPlacements gives the placements of the edition's latest
// published run: none before one is published, never a draft's.
func TestPublishedPlacements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Vormittag", 10, 0, 12, 0)
		housing := newWorkshop(t, db, slot, "Wohnen", 5)
		health := newWorkshop(t, db, slot, "Gesundheit", 5)
		amina := newRegistration(f.conf.ID, "Amina Diallo", "amina@example.org")
		register(t, db, amina)
		bernd := newRegistration(f.conf.ID, "Bernd", "bernd@example.org")
		register(t, db, bernd)
		orga := newUser(t, db, "orga@example.org")
		compose := func(r *model.Registration, _ []model.Assignment, _ string) *model.Email {
			return &model.Email{Kind: model.EmailAssignment, RegistrationID: &r.ID, Recipient: *r.Email, Lang: "de", Subject: "Ihr Workshop", Body: "b"}
		}
		saveRun := func(workshop int64) *model.AssignmentRun {
			t.Helper()
			run := &model.AssignmentRun{ConferenceID: f.conf.ID, CreatedBy: &orga.ID, Report: "{}", Assignments: []model.Assignment{
				{RegistrationID: amina.ID, SessionID: slot.ID, WorkshopID: &workshop, Rank: 1, Source: model.SourceAuto},
				{RegistrationID: bernd.ID, SessionID: slot.ID, Source: model.SourceAuto},
			}}
			noErr(t, db.SaveRun(ctx, run), "save run")
			stored, err := db.Run(ctx, run.ID)
			noErr(t, err, "read run")
			return stored
		}
		placedIn := func() map[int64]*int64 {
			t.Helper()
			placed, err := db.PublishedPlacements(ctx, f.conf.ID)
			noErr(t, err, "published placements")
			got := map[int64]*int64{}
			for _, x := range placed {
				got[x.RegistrationID] = x.WorkshopID
			}
			return got
		}

		first := saveRun(housing.ID)
		if got := placedIn(); len(got) != 0 {
			t.Errorf("before publishing: %v", got)
		}
		_, err := db.PublishRun(ctx, first, orga, compose)
		noErr(t, err, "publish")
		saveRun(health.ID) // a draft
		got := placedIn()
		if len(got) != 2 || got[amina.ID] == nil || *got[amina.ID] != housing.ID || got[bernd.ID] != nil {
			t.Errorf("published: %v", got)
		}

	})
}

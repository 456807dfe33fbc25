package store_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// A pin must name a workshop of its slot in the registration's edition;
// a later pin of the same slot replaces the earlier one.
func TestPinsStayInTheirEdition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		morning := newSession(t, db, f.conf, model.KindWorkshopSlot, "Vormittag", 10, 0, 12, 0)
		afternoon := newSession(t, db, f.conf, model.KindWorkshopSlot, "Nachmittag", 14, 0, 16, 0)
		housing := newWorkshop(t, db, morning, "Wohnen", 1)
		health := newWorkshop(t, db, morning, "Gesundheit", 2)
		work := newWorkshop(t, db, afternoon, "Arbeit", 1)
		amina := newRegistration(f.conf.ID, "Amina Diallo", "amina@example.org")
		register(t, db, amina)
		other := conferenceAt(t, f.series.ID, "nrw-2017", 2017, 2, 11)
		noErr(t, db.CreateConference(ctx, other), "other edition")

		for name, p := range map[string]model.Pin{
			"a workshop of another slot": {RegistrationID: amina.ID, SessionID: morning.ID, WorkshopID: work.ID},
			"an unknown registration":    {RegistrationID: amina.ID + 100, SessionID: morning.ID, WorkshopID: housing.ID},
		} {
			if err := db.SetPin(ctx, f.conf.ID, &p); model.ErrorCode(err) != model.ENotFound {
				t.Errorf("%s: %v", name, err)
			}
		}
		p := model.Pin{RegistrationID: amina.ID, SessionID: morning.ID, WorkshopID: housing.ID}
		if err := db.SetPin(ctx, other.ID, &p); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("through another edition: %v", err)
		}
		noErr(t, db.SetPin(ctx, f.conf.ID, &p), "pin")
		p.WorkshopID = health.ID
		noErr(t, db.SetPin(ctx, f.conf.ID, &p), "pin again")
		pins, err := db.Pins(ctx, f.conf.ID)
		noErr(t, err, "pins")
		if len(pins) != 1 || pins[0].WorkshopID != health.ID {
			t.Errorf("pins: %+v", pins)
		}
		if err := db.DeletePin(ctx, other.ID, amina.ID, morning.ID); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("deleting through another edition: %v", err)
		}
		noErr(t, db.DeletePin(ctx, f.conf.ID, amina.ID, morning.ID), "delete pin")
		if err := db.DeletePin(ctx, f.conf.ID, amina.ID, morning.ID); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

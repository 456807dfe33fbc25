package store_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// What deleting an edition takes with it is counted, and the deletion of
// one with registrations is audited in the same transaction; an empty
// edition's is not.
func TestEditionContentsAndAuditedDeletion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		u := newUser(t, db, "orga@example.org")
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Arbeitsgruppen", 13, 0, 15, 0)
		newWorkshop(t, db, slot, "Wohnen", 0)
		newSession(t, db, f.conf, model.KindPlenary, "Plenum", 10, 0, 11, 0)
		register(t, db, newRegistration(f.conf.ID, "Amina", "amina@example.org"))
		karim := newRegistration(f.conf.ID, "Karim", "")
		register(t, db, karim)
		noErr(t, db.EnqueueEmail(ctx, &model.Email{Kind: model.EmailConfirmation, RegistrationID: &karim.ID,
			Recipient: "helfer@example.org", Lang: "de", Subject: "Anmeldung", Body: "Hallo"}), "queue")

		n, err := db.EditionContents(ctx, f.conf.ID)
		noErr(t, err, "contents")
		if n != (store.EditionContents{Sessions: 2, Workshops: 1, Registrations: 2, Emails: 1}) {
			t.Errorf("contents %+v", n)
		}
		emails, links, err := db.RegistrationContents(ctx, karim.ID)
		noErr(t, err, "registration contents")
		if emails != 1 || links != 1 {
			t.Errorf("Karim's emails %d, links %d; want 1 and 1", emails, links)
		}

		// Told of one registration, with two there, nothing goes.
		wantCode(t, db.DeleteConferenceAs(ctx, f.conf.ID, u, 1), model.EConflict)
		_, err = db.Conference(ctx, f.conf.ID)
		noErr(t, err, "after the refusal")
		if log, _ := db.AuditLog(ctx, 10); len(log) != 0 {
			t.Fatalf("a refused deletion was audited: %+v", log)
		}
		noErr(t, db.DeleteConferenceAs(ctx, f.conf.ID, u, 2), "delete")
		wantNotFound(t, db.DeleteConferenceAs(ctx, f.conf.ID, u, 2))
		log, err := db.AuditLog(ctx, 10)
		noErr(t, err, "log")
		if len(log) != 1 || log[0].Action != model.AuditEditionDeleted || log[0].Actor != u.Email ||
			log[0].Detail != "nrw-2016: 2 registrations, 1 emails" || log[0].ConferenceID != nil {
			t.Fatalf("log %+v", log)
		}

		empty := conferenceAt(t, f.series.ID, "nrw-2017", 2017, 3, 11)
		noErr(t, db.CreateConference(ctx, empty), "create")
		noErr(t, db.DeleteConferenceAs(ctx, empty.ID, u, 0), "delete empty")
		if log, _ := db.AuditLog(ctx, 10); len(log) != 1 {
			t.Errorf("the empty edition's deletion was audited: %+v", log)
		}
	})
}

// A capacity below the people confirmed, or days that leave an agenda item
// outside, are refused with the number, and nothing changes.
func TestEditionUpdateKeepsPlacesAndAgenda(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		newSession(t, db, f.conf, model.KindPlenary, "Plenum", 10, 0, 11, 0)
		for _, name := range []string{"Amina", "Karim", "Lena"} {
			register(t, db, newRegistration(f.conf.ID, name, ""))
		}

		changed := *f.conf
		changed.Capacity = 2
		err := db.UpdateConference(ctx, &changed)
		if e := model.AsError(err); e == nil || e.Fields["capacity"] != "err_capacity_below_confirmed" || e.Counts["capacity"] != 3 {
			t.Fatalf("capacity 2 for 3 confirmed: %v", err)
		}
		changed.Capacity = 0 // no limit
		noErr(t, db.UpdateConference(ctx, &changed), "no limit")

		moved := changed
		moved.StartsAt, moved.EndsAt = f.conf.StartsAt.AddDate(0, 0, 1), f.conf.EndsAt.AddDate(0, 0, 1)
		moved.RegistrationOpensAt, moved.RegistrationClosesAt = nil, nil
		err = db.UpdateConference(ctx, &moved)
		if e := model.AsError(err); e == nil || e.Fields["starts_at"] != "err_sessions_outside_days" || e.Counts["starts_at"] != 1 {
			t.Fatalf("moved away from its agenda: %v", err)
		}
		got, err := db.Conference(ctx, f.conf.ID)
		noErr(t, err, "read back")
		sameTime(t, "starts_at", got.StartsAt, f.conf.StartsAt)

		// Without registrations the mode may change: the days are the problem named.
		other := conferenceAt(t, f.series.ID, "nrw-2017", 2017, 3, 11)
		noErr(t, db.CreateConference(ctx, other), "create")
		newSession(t, db, other, model.KindPlenary, "Plenum", 10, 0, 11, 0)
		other.RegistrationMode = model.ModeFirstCome
		other.StartsAt, other.EndsAt = other.StartsAt.AddDate(0, 0, 1), other.EndsAt.AddDate(0, 0, 1)
		other.RegistrationOpensAt, other.RegistrationClosesAt = nil, nil
		err = db.UpdateConference(ctx, other)
		if e := model.AsError(err); e == nil || e.Fields["starts_at"] != "err_sessions_outside_days" {
			t.Fatalf("new mode and days away from the agenda: %v", err)
		}
	})
}

// A workshop's capacity cannot fall below the places granted in it.
func TestWorkshopCapacityKeepsGrantedPlaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		f.conf.RegistrationMode = model.ModeFirstCome
		noErr(t, db.UpdateConference(ctx, f.conf), "first come")
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Arbeitsgruppen", 13, 0, 15, 0)
		w := newWorkshop(t, db, slot, "Wohnen", 0)
		for _, name := range []string{"Amina", "Karim"} {
			r := newRegistration(f.conf.ID, name, "")
			r.Choices = map[int64][]int64{slot.ID: {w.ID}}
			register(t, db, r)
		}
		w.Capacity = 1
		err := db.UpdateWorkshop(ctx, w)
		if e := model.AsError(err); e == nil || e.Fields["capacity"] != "err_capacity_below_taken" || e.Counts["capacity"] != 2 {
			t.Fatalf("capacity 1 for 2 granted: %v", err)
		}
		w.Capacity = 2
		noErr(t, db.UpdateWorkshop(ctx, w), "capacity 2")
	})
}

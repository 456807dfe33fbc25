package store_test

import (
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

func TestAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		u := newUser(t, db, "orga@example.org")
		clock := time.Date(2016, 2, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }

		export := &model.AuditEvent{UserID: &u.ID, Actor: u.Email, Action: model.AuditExportCSV,
			ConferenceID: &f.conf.ID, Detail: "nrw-2016: 12 rows"}
		noErr(t, db.Audit(ctx, export), "audit export")
		if export.ID == 0 || !export.At.Equal(clock) {
			t.Errorf("audit set id %d, at %v", export.ID, export.At)
		}
		noErr(t, db.Audit(ctx, &model.AuditEvent{Actor: "participant", Action: model.AuditAnonymised,
			ConferenceID: &f.conf.ID}), "audit anonymised")

		log, err := db.AuditLog(ctx, 10)
		noErr(t, err, "log")
		if len(log) != 2 || log[0].Action != model.AuditAnonymised || log[0].UserID != nil {
			t.Fatalf("log %+v, want the anonymisation first", log)
		}
		got := log[1]
		if got.ID != export.ID || *got.UserID != u.ID || got.Actor != u.Email || got.Action != model.AuditExportCSV ||
			*got.ConferenceID != f.conf.ID || got.Detail != export.Detail {
			t.Errorf("export read back as %+v", got)
		}
		sameTime(t, "at", got.At, export.At)

		log, err = db.AuditLog(ctx, 1)
		noErr(t, err, "limited")
		if len(log) != 1 || log[0].Action != model.AuditAnonymised {
			t.Errorf("limit 1: %+v", log)
		}

		// The record outlives the user and the edition: who stays named.
		noErr(t, db.DeleteUser(ctx, u.ID), "delete user")
		noErr(t, db.DeleteConference(ctx, f.conf.ID), "delete edition")
		log, err = db.AuditLog(ctx, 10)
		noErr(t, err, "log after deleting")
		if len(log) != 2 || log[1].UserID != nil || log[1].ConferenceID != nil || log[1].Actor != u.Email {
			t.Errorf("after deleting: %+v", log)
		}
	})
}

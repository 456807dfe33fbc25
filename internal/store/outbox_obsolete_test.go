package store_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// queue enqueues an email of the kind about r and returns it.
func queue(t *testing.T, db *store.DB, kind string, r *model.Registration) *model.Email {
	t.Helper()
	e := newEmail(*r.Email)
	e.Kind, e.RegistrationID = kind, &r.ID
	noErr(t, db.EnqueueEmail(t.Context(), e), "enqueue "+kind)
	return e
}

// claimedIDs claims what is due and returns the ids.
func claimedIDs(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	got, err := db.ClaimEmails(t.Context(), 5*time.Minute, 100)
	noErr(t, err, "claim")
	var ids []int64
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	return ids
}

// wantObsolete fails unless the stored email is unsent and obsolete for the reason.
func wantObsolete(t *testing.T, db *store.DB, e *model.Email, reason string) {
	t.Helper()
	got, err := db.Email(t.Context(), e.ID)
	noErr(t, err, "read email")
	if got.Obsolete != reason || got.SentAt != nil {
		t.Errorf("%s email %d: obsolete %q, sent %v; want %q, unsent", got.Kind, got.ID, got.Obsolete, got.SentAt, reason)
	}
}

// An outbox delivered late sends no assignment email that a newer one for
// the same person replaced, and nothing about a registration cancelled
// meanwhile; the rest goes out, and the outbox keeps why the others did not.
func TestOutboxSkipsObsoleteEmails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newClock(db)
		f := newFixture(t, db)
		amina := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		bernd := newRegistration(f.conf.ID, "Bernd", "bernd@example.org")
		clara := newRegistration(f.conf.ID, "Clara", "clara@example.org")
		for _, r := range []*model.Registration{amina, bernd, clara} {
			register(t, db, r)
		}

		first := queue(t, db, model.EmailAssignment, amina)
		newer := queue(t, db, model.EmailAssignment, amina)
		confirmation := queue(t, db, model.EmailConfirmation, bernd)
		assigned := queue(t, db, model.EmailAssignment, bernd)
		claraConfirmed := queue(t, db, model.EmailConfirmation, clara)
		claraAssigned := queue(t, db, model.EmailAssignment, clara)
		_, err := db.CancelRegistration(ctx, bernd.ID)
		noErr(t, err, "cancel Bernd")

		// The outbox shows the state before the worker comes by (and when
		// no worker runs, without a mail server).
		wantListed(t, db, map[int64]string{first.ID: model.ObsoleteSuperseded, newer.ID: "",
			confirmation.ID: model.ObsoleteCancelled, assigned.ID: model.ObsoleteCancelled})

		want := []int64{newer.ID, claraConfirmed.ID, claraAssigned.ID}
		if got := claimedIDs(t, db); !slices.Equal(got, want) {
			t.Fatalf("claimed %v, want %v", got, want)
		}
		wantObsolete(t, db, first, model.ObsoleteSuperseded)
		wantObsolete(t, db, confirmation, model.ObsoleteCancelled)
		wantObsolete(t, db, assigned, model.ObsoleteCancelled)
		wantObsolete(t, db, newer, "")

		// Clara's assignment is replaced while it is being sent: it went
		// out, so it is recorded as sent, and the newer one follows.
		latest := queue(t, db, model.EmailAssignment, clara)
		if got := claimedIDs(t, db); !slices.Equal(got, []int64{latest.ID}) {
			t.Fatalf("claimed %v, want only the newest assignment %d", got, latest.ID)
		}
		noErr(t, db.MarkEmailSent(ctx, claraAssigned.ID), "mark sent")
		sent, err := db.Email(ctx, claraAssigned.ID)
		noErr(t, err, "read")
		if sent.SentAt == nil || sent.Obsolete != "" {
			t.Errorf("sent while replaced: sent %v, obsolete %q", sent.SentAt, sent.Obsolete)
		}

		wantListed(t, db, map[int64]string{first.ID: model.ObsoleteSuperseded, assigned.ID: model.ObsoleteCancelled,
			claraAssigned.ID: "", latest.ID: ""})
	})
}

// wantListed fails unless the outbox lists the emails as obsolete for the
// reasons given ("" for none).
func wantListed(t *testing.T, db *store.DB, want map[int64]string) {
	t.Helper()
	list, err := db.Outbox(t.Context(), 100)
	noErr(t, err, "outbox")
	got := map[int64]string{}
	for _, e := range list {
		if _, ok := want[e.ID]; ok {
			got[e.ID] = e.Obsolete
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("outbox lists obsolete %v, want %v", got, want)
	}
	for id, reason := range want {
		e, err := db.Email(t.Context(), id)
		noErr(t, err, "read email")
		if e.Obsolete != reason {
			t.Errorf("email %d reads obsolete %q, want %q", id, e.Obsolete, reason)
		}
	}
}

package store_test

import (
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// A registration's emails are its own, newest first, without attachments.
func TestRegistrationEmails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock(db)
		f := newFixture(t, db)
		amina := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		register(t, db, amina)
		bernd := newRegistration(f.conf.ID, "Bernd", "bernd@example.org")
		register(t, db, bernd)

		first := newEmail("amina@example.org")
		first.RegistrationID = &amina.ID
		first.AttachmentName, first.Attachment = "nrw-2016.ics", []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
		noErr(t, db.EnqueueEmail(ctx, first), "enqueue")
		other := newEmail("bernd@example.org")
		other.RegistrationID = &bernd.ID
		noErr(t, db.EnqueueEmail(ctx, other), "enqueue another's")
		noErr(t, db.EnqueueEmail(ctx, newEmail("niemand@example.org")), "enqueue one of nobody's")
		clk.Advance(time.Minute)
		second := newEmail("amina@example.org")
		second.RegistrationID = &amina.ID
		noErr(t, db.EnqueueEmail(ctx, second), "enqueue a later one")

		got, err := db.RegistrationEmails(ctx, amina.ID)
		noErr(t, err, "registration emails")
		if len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID {
			t.Fatalf("Amina's emails = %+v, want %d then %d", got, second.ID, first.ID)
		}
		if got[1].Attachment != nil || got[1].AttachmentName != "nrw-2016.ics" || got[1].Subject != first.Subject {
			t.Errorf("listed email = %+v, want its subject and attachment name, not the attachment", got[1])
		}
		none, err := db.RegistrationEmails(ctx, 4711)
		noErr(t, err, "emails of no registration")
		if len(none) != 0 {
			t.Errorf("emails of a registration that does not exist: %v", none)
		}
	})
}

package web_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// attachedEvents parses the calendar file of an email back and returns its
// events' UIDs without the host, e.g. "conference-1", "workshop-3".
func attachedEvents(t *testing.T, e *env, m model.Email) []string {
	t.Helper()
	full, err := e.db.Email(t.Context(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(full.AttachmentName, ".ics") {
		t.Fatalf("%s email to %s has no calendar file (%q)", m.Kind, m.Recipient, full.AttachmentName)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(full.Attachment)).Decode()
	if err != nil {
		t.Fatalf("attachment of the %s email: %v\n%s", m.Kind, err, full.Attachment)
	}
	var uids []string
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil {
			t.Fatal(err)
		}
		uids = append(uids, strings.TrimSuffix(uid, "@example.test"))
	}
	return uids
}

// The confirmation and the move-up email carry the edition alone: nobody is
// placed yet, so none of the parallel workshops is theirs.
func TestConfirmationAndMoveUpCarryTheEdition(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		c := newClient(t, e.app.Handler())
		personal := registerAs(t, c, registration(slot, "Amina", "amina@example.org"))
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Karim", "karim@example.org"))
		wantStatus(t, c.post(personal+"/cancel", confirmYes), http.StatusSeeOther)

		edition := []string{"conference-" + itoa(conf.ID)}
		var kinds []string
		for _, m := range outbox(t, e.db) {
			if m.Kind == model.EmailConfirmation || m.Kind == model.EmailPromoted {
				kinds = append(kinds, m.Kind)
				if got := attachedEvents(t, e, m); !slices.Equal(got, edition) {
					t.Errorf("%s email to %s: events %v, want %v", m.Kind, m.Recipient, got, edition)
				}
			}
		}
		if !slices.Equal(kinds, []string{model.EmailConfirmation, model.EmailConfirmation, model.EmailPromoted}) {
			t.Errorf("emails %v", kinds)
		}
	})
}

// The assignment email carries the edition and the person's own workshop,
// not the workshops beside it.
func TestAssignmentEmailCarriesTheOwnWorkshop(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		wantStatus(t, x.organiser.post(x.run(t)+"/publish", confirmYes), http.StatusSeeOther)
		id, err := e.db.PublishedRunID(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		run, err := e.db.Run(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		workshopOf := map[int64]*int64{}
		for _, a := range run.Assignments {
			workshopOf[a.RegistrationID] = a.WorkshopID
		}
		checked := 0
		for _, m := range outbox(t, e.db) {
			if m.Kind != model.EmailAssignment {
				continue
			}
			want := []string{"conference-" + itoa(x.conf.ID)}
			if w := workshopOf[*m.RegistrationID]; w != nil {
				want = append(want, "workshop-"+itoa(*w))
			}
			if got := attachedEvents(t, e, m); !slices.Equal(got, want) {
				t.Errorf("assignment email to %s: events %v, want %v", m.Recipient, got, want)
			}
			checked++
		}
		if checked != len(x.people) {
			t.Errorf("%d assignment emails, want %d", checked, len(x.people))
		}
	})
}

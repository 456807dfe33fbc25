package web_test

import (
	"net/http"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// An email that will not be sent because its registration was cancelled
// says so on the outbox pages, in the organiser's language, even before
// (or without) a mail worker coming by.
func TestOutboxShowsObsoleteEmails(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		personal := registerAs(t, c, registration(slot, "Amina", "amina@example.org"))
		wantStatus(t, c.post(personal+"/cancel", confirmYes), http.StatusSeeOther)
		mails := outbox(t, e.db)
		if len(mails) != 1 || mails[0].Kind != model.EmailConfirmation {
			t.Fatalf("outbox: %+v", mails)
		}

		orga := e.organiser(t)
		wantContains(t, orga.get("/admin/outbox"), "Nicht verschickt: Die Anmeldung wurde inzwischen storniert.")
		wantLacks(t, orga.get("/admin/outbox"), "Wartet")
		wantContains(t, orga.get("/admin/outbox/"+itoa(mails[0].ID)), "Nicht verschickt: Die Anmeldung wurde inzwischen storniert.")
		orga.lang = "ar"
		wantContains(t, orga.get("/admin/outbox"), "لم تُرسل: أُلغي التسجيل منذ ذلك الحين.")
	})
}

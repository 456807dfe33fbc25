package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

func queueEmail(t *testing.T, db *store.DB, lang, subject string) *model.Email {
	t.Helper()
	e := &model.Email{Kind: model.EmailConfirmation, Recipient: "amina@example.org", Lang: lang, Subject: subject,
		Body:           "Guten Tag Amina,\n\nSie sind angemeldet.\n\nPersönlicher Link:\nhttp://example.test/r/geheim123\n",
		AttachmentName: "nrw-2016.ics", Attachment: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}
	if err := db.EnqueueEmail(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

// Without a mail server, organisers read the emails in the outbox, and the
// page tells them so.
func TestOutboxShowsQueuedEmails(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		mail := queueEmail(t, e.db, "de", "Anmeldung bestätigt: NRW 2016")
		c := e.organiser(t)

		res := c.get("/admin")
		wantContains(t, res, `href="/admin/outbox"`)

		res = c.get("/admin/outbox")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Postausgang", "Es ist kein Mailserver eingerichtet", "amina@example.org",
			`<a href="/admin/outbox/`+strconv.FormatInt(mail.ID, 10)+`" lang="de">Anmeldung bestätigt: NRW 2016</a>`,
			"Anmeldebestätigung", "Wartet")
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("outbox may be cached: %q", res.Header.Get("Cache-Control"))
		}

		res = c.get("/admin/outbox/" + strconv.FormatInt(mail.ID, 10))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Es ist kein Mailserver eingerichtet", "<p>Guten Tag Amina,</p>",
			"<p>Persönlicher Link:<br>http://example.test/r/geheim123</p>", "nrw-2016.ics", "Text der E-Mail")

		wantStatus(t, c.get("/admin/outbox/999999"), http.StatusNotFound)
		wantStatus(t, c.get("/admin/outbox/nope"), http.StatusNotFound)

		c.lang = "en"
		wantContains(t, c.get("/admin/outbox"), "No mail server is configured: emails are not sent; they are kept here. Pass on personal links by other means.")
	})
}

// With a mail server, the notice is gone and each email says whether it went out.
func TestOutboxWithMailServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", MailConfigured: true})
		sent := queueEmail(t, db, "ar", "تأكيد التسجيل: NRW 2016")
		failed := queueEmail(t, db, "de", "Anmeldung bestätigt: NRW 2016")
		claimed, err := db.ClaimEmails(t.Context(), 0, 10)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claim: %d, %v", len(claimed), err)
		}
		if err := db.MarkEmailSent(t.Context(), sent.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkEmailFailed(t.Context(), failed.ID, "dial tcp: connection refused", db.Now()); err != nil {
			t.Fatal(err)
		}
		c := e.organiser(t)

		res := c.get("/admin/outbox")
		wantStatus(t, res, http.StatusOK)
		wantLacks(t, res, "Es ist kein Mailserver eingerichtet")
		wantContains(t, res, "Verschickt", "Wartet; Versuche: 1", "Letzter Fehler: dial tcp: connection refused")

		res = c.get("/admin/outbox/" + strconv.FormatInt(sent.ID, 10))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, `<h1 lang="ar" dir="rtl">`, `class="email-text" lang="ar" dir="rtl"`, "Verschickt")
		res = c.get("/admin/outbox/" + strconv.FormatInt(failed.ID, 10))
		wantContains(t, res, "nächster Versuch", "connection refused")
	})
}

func TestOutboxIsForOrganisersOnly(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		mail := queueEmail(t, e.db, "de", "Anmeldung bestätigt: NRW 2016")
		u := &model.User{Email: "fac@example.test", Name: "Fac", Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(t.Context(), u, organiserPassword); err != nil {
			t.Fatal(err)
		}
		facilitator := newClient(t, e.app.Handler())
		facilitator.post("/admin/login", url.Values{"email": {u.Email}, "password": {organiserPassword}})
		for _, c := range []*client{newClient(t, e.app.Handler()), facilitator} {
			for _, path := range []string{"/admin/outbox", "/admin/outbox/" + strconv.FormatInt(mail.ID, 10)} {
				res := c.get(path)
				if c == facilitator {
					wantStatus(t, res, http.StatusNotFound)
				} else {
					wantStatus(t, res, http.StatusSeeOther)
					if !strings.HasPrefix(res.Location, "/admin/login") {
						t.Errorf("%s: redirected to %q", path, res.Location)
					}
				}
				wantLacks(t, res, "geheim123")
			}
		}
	})
}

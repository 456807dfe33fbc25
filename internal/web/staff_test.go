package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// staffLinkOnPage finds the one-time link the page shows an organiser
// when no mail server sends it, and returns its path.
var staffLinkOnPage = regexp.MustCompile(`value="http://example\.test(/konto/[A-Za-z0-9_-]{43})"`)

func staffLinkFrom(t *testing.T, res response) string {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	m := staffLinkOnPage.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no one-time link on the page:\n%.3000s", res.Body)
	}
	return m[1]
}

// staffInviteForm is a valid invitation of a facilitator.
func staffInviteForm(name, email string, workshops ...int64) url.Values {
	form := url.Values{"name": {name}, "email": {email}, "role": {model.RoleFacilitator}}
	for _, w := range workshops {
		form.Add("workshops", id(w))
	}
	return form
}

// staffLogin logs a new client in with the address and password.
func staffLogin(t *testing.T, e *env, email, password string) *client {
	t.Helper()
	c := newClient(t, e.app.Handler())
	res := c.post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("login of %s: status %d", email, res.Status)
	}
	return c
}

// staffAccountID finds the account of an address.
func staffAccountID(t *testing.T, e *env, email string) int64 {
	t.Helper()
	u, err := e.db.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

const staffPassword = "ein langer Satz als Passwort"

// An organiser invites a facilitator from a workshop's page: the workshop
// is ticked, the link is shown (no mail server) and in the outbox; the
// link sets the password and logs the facilitator in, once; after that it
// is gone, and an invited account could not log in before.
func TestStaffInvitationLinkWorksOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		w := slot.Workshops[0]
		orga := e.organiser(t)
		wantContains(t, orga.get("/admin"), `href="/admin/staff"`)
		edit := orga.get("/admin/workshops/" + id(w.ID) + "/edit")
		wantContains(t, edit, `href="/admin/staff/new?workshop=`+id(w.ID)+`"`)
		form := orga.get("/admin/staff/new?workshop=" + id(w.ID))
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, `name="workshops" value="`+id(w.ID)+`" checked`, "Es ist kein Mailserver eingerichtet")

		link := staffLinkFrom(t, orga.post("/admin/staff/new", staffInviteForm("Fatima Yılmaz", "Fatima@Example.org", w.ID)))
		fatima := staffAccountID(t, e, "fatima@example.org")
		list := orga.get("/admin/staff")
		wantContains(t, list, "Fatima Yılmaz", "fatima@example.org", "eingeladen, noch kein Passwort", html.EscapeString(w.Title))
		account := orga.get("/admin/staff/" + id(fatima))
		wantContains(t, account, "Einladung ins Team", "Einladung erneut senden")
		outbox, err := e.db.StaffEmails(t.Context(), "fatima@example.org")
		if err != nil || len(outbox) != 1 || !strings.Contains(outbox[0].Body, "http://example.test"+link) ||
			!strings.Contains(outbox[0].Body, "Guten Tag Fatima Yılmaz") || !strings.Contains(outbox[0].Body, "You are invited") {
			t.Fatalf("outbox %+v (%v)", outbox, err)
		}
		log, _ := e.db.AuditLog(t.Context(), 5)
		if len(log) == 0 || log[0].Action != model.AuditStaffInvited || !strings.Contains(log[0].Detail, "fatima@example.org") {
			t.Fatalf("audit %+v", log)
		}
		// Not before the password is set.
		res := newClient(t, e.app.Handler()).post("/admin/login", url.Values{"email": {"fatima@example.org"}, "password": {""}})
		wantStatus(t, res, http.StatusUnprocessableEntity)

		c := newClient(t, e.app.Handler())
		page := c.get(link)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Willkommen: Passwort festlegen", `value="fatima@example.org"`, `autocomplete="new-password"`)
		res = c.post(link, url.Values{"password": {staffPassword}, "password_confirm": {"ein anderer Satz"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Die beiden Passwörter stimmen nicht überein.")
		wantLacks(t, res, staffPassword)
		res = c.post(link, url.Values{"password": {"kurz"}, "password_confirm": {"kurz"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "mindestens 10 Zeichen")
		res = c.post(link, url.Values{"password": {staffPassword}, "password_confirm": {staffPassword}})
		if res.Status != http.StatusSeeOther || res.Location != "/admin" {
			t.Fatalf("set password: %d to %q", res.Status, res.Location)
		}
		// Logged in as the facilitator, who sees the workshop.
		res = c.get("/admin")
		if res.Location != "/admin/my-workshops" {
			t.Fatalf("facilitator's start: %d to %q", res.Status, res.Location)
		}
		wantContains(t, c.get("/admin/my-workshops"), html.EscapeString(w.Title))

		// Once only: whoever opens the link again finds it gone.
		again := newClient(t, e.app.Handler())
		gone := again.get(link)
		wantStatus(t, gone, http.StatusGone)
		wantContains(t, gone, "Dieser Link gilt nicht mehr")
		wantStatus(t, again.post(link, url.Values{"password": {"ein dritter Satz!"}, "password_confirm": {"ein dritter Satz!"}}), http.StatusGone)
		staffLogin(t, e, "fatima@example.org", staffPassword)
		wantContains(t, orga.get("/admin/staff/"+id(fatima)), "<dd>aktiv</dd>", "Link zum Zurücksetzen des Passworts senden")
	})
}

// An invitation's link expires after seven days, and then reads exactly
// like a link that never existed.
func TestStaffInvitationExpires(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		clock := storetest.NewClock(e.db, time.Now())
		orga := e.organiser(t)
		link := staffLinkFrom(t, orga.post("/admin/staff/new", staffInviteForm("Fatima", "fatima@example.org")))
		c := newClient(t, e.app.Handler())
		clock.Advance(model.AccountTokenTTL - time.Hour)
		wantStatus(t, c.get(link), http.StatusOK)
		clock.Advance(2 * time.Hour)
		expired := c.get(link)
		wantStatus(t, expired, http.StatusGone)
		other := "/konto/" + strings.Repeat("A", 43)
		unknown := c.get(other)
		wantStatus(t, unknown, http.StatusGone)
		// The same but for the address itself, in the language switch.
		if strings.ReplaceAll(expired.Body, link, "") != strings.ReplaceAll(unknown.Body, other, "") {
			t.Errorf("an expired link reads unlike an unknown one")
		}
		wantStatus(t, c.post(link, url.Values{"password": {staffPassword}, "password_confirm": {staffPassword}}), http.StatusGone)
	})
}

// A reset link sets a new password; the old one stops working, and an open
// session of the account ends. With a mail server the link goes by email
// only: the organiser's page does not show it.
func TestStaffResetLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", MailConfigured: true})
		orga := e.organiser(t)
		fac := &model.User{Email: "fac@example.org", Name: "Fac", Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(t.Context(), fac, organiserPassword); err != nil {
			t.Fatal(err)
		}
		open := staffLogin(t, e, fac.Email, organiserPassword)
		res := orga.post("/admin/staff/"+id(fac.ID)+"/link", nil)
		if res.Status != http.StatusSeeOther || res.Location != "/admin/staff/"+id(fac.ID) {
			t.Fatalf("reset link: %d to %q", res.Status, res.Location)
		}
		page := orga.get(res.Location)
		wantContains(t, page, "Der Link ist unterwegs.", "Link für ein neues Passwort")
		wantLacks(t, page, "/konto/", "kein Mailserver")
		emails, err := e.db.StaffEmails(t.Context(), fac.Email)
		if err != nil || len(emails) != 1 || emails[0].Kind != model.EmailStaffReset {
			t.Fatalf("emails %+v (%v)", emails, err)
		}
		link := regexp.MustCompile(`http://example\.test(/konto/\S+)`).FindStringSubmatch(emails[0].Body)
		if link == nil {
			t.Fatalf("no link in %q", emails[0].Body)
		}
		c := newClient(t, e.app.Handler())
		wantContains(t, c.get(link[1]), "Neues Passwort festlegen")
		res = c.post(link[1], url.Values{"password": {staffPassword}, "password_confirm": {staffPassword}})
		wantStatus(t, res, http.StatusSeeOther)
		wantStatus(t, open.get("/admin/my-workshops"), http.StatusSeeOther)
		wantStatus(t, newClient(t, e.app.Handler()).post("/admin/login", url.Values{"email": {fac.Email}, "password": {organiserPassword}}), http.StatusUnprocessableEntity)
		staffLogin(t, e, fac.Email, staffPassword)
		log, _ := e.db.AuditLog(t.Context(), 5)
		if len(log) == 0 || log[0].Action != model.AuditStaffResetLink {
			t.Fatalf("audit %+v", log)
		}
	})
}

// Deactivating an account asks first, and then ends its open session at
// once: the next request goes to the login, where the password no longer
// works. Reactivating, asked too, lets it in again.
func TestStaffDeactivationEndsTheSessionAtOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		orga := e.organiser(t)
		fac := &model.User{Email: "fac@example.org", Name: "Fac", Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(t.Context(), fac, organiserPassword); err != nil {
			t.Fatal(err)
		}
		open := staffLogin(t, e, fac.Email, organiserPassword)
		wantStatus(t, open.get("/admin/my-workshops"), http.StatusOK)
		path := "/admin/staff/" + id(fac.ID) + "/deactivate"
		wantConfirmPage(t, orga.get(path), path, "Konto deaktivieren?", "sofort abgemeldet")
		wantConfirmPage(t, orga.post(path, nil), path)
		wantStatus(t, open.get("/admin/my-workshops"), http.StatusOK)

		res := orga.post(path, confirmYes)
		if res.Status != http.StatusSeeOther || res.Location != "/admin/staff" {
			t.Fatalf("deactivate: %d to %q", res.Status, res.Location)
		}
		wantContains(t, orga.get("/admin/staff"), "Das Konto ist deaktiviert.", "deaktiviert")
		res = open.get("/admin/my-workshops")
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Fatalf("the deactivated session: %d to %q", res.Status, res.Location)
		}
		wantStatus(t, newClient(t, e.app.Handler()).post("/admin/login", url.Values{"email": {fac.Email}, "password": {organiserPassword}}), http.StatusUnprocessableEntity)
		// A link cannot be sent to an inactive account.
		res = orga.post("/admin/staff/"+id(fac.ID)+"/link", nil)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Das Konto ist deaktiviert. Aktivieren Sie es zuerst wieder.")

		again := "/admin/staff/" + id(fac.ID) + "/reactivate"
		wantConfirmPage(t, orga.get(again), again, "Konto wieder aktivieren?")
		res = orga.post(again, confirmYes)
		wantStatus(t, res, http.StatusSeeOther)
		staffLogin(t, e, fac.Email, organiserPassword)
		log, _ := e.db.AuditLog(t.Context(), 5)
		if len(log) < 2 || log[0].Action != model.AuditStaffReactivated || log[1].Action != model.AuditStaffDeactivated {
			t.Fatalf("audit %+v", log)
		}
	})
}

// The last active organiser can be neither demoted nor deactivated (422,
// with the reason and the input kept); with a second organiser, they can.
func TestStaffLastOrganiserStays(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		orga := e.organiser(t)
		self := staffAccountID(t, e, "orga@example.test")
		res := orga.post("/admin/staff/"+id(self), url.Values{"name": {"Orga Umbenannt"}, "role": {model.RoleFacilitator}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "letzte aktive Konto mit der Rolle Organisation", `value="Orga Umbenannt"`)
		path := "/admin/staff/" + id(self) + "/deactivate"
		page := orga.get(path)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "letzte aktive Konto")
		wantLacks(t, page, `name="confirm"`)
		res = orga.post(path, confirmYes)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "letzte aktive Konto mit der Rolle Organisation")
		wantStatus(t, orga.get("/admin"), http.StatusOK)

		second := &model.User{Email: "zweite@example.org", Name: "Zweite", Role: model.RoleOrganiser}
		if err := e.db.CreateUserWithPassword(t.Context(), second, organiserPassword); err != nil {
			t.Fatal(err)
		}
		res = orga.post("/admin/staff/"+id(self), url.Values{"name": {"Orga"}, "role": {model.RoleFacilitator}})
		if res.Status != http.StatusSeeOther || res.Location != "/admin" {
			t.Fatalf("demoting oneself: %d to %q", res.Status, res.Location)
		}
		// Demoted, the former organiser finds the staff pages closed at once.
		wantStatus(t, orga.get("/admin/staff"), http.StatusNotFound)
		log, _ := e.db.AuditLog(t.Context(), 5)
		if len(log) == 0 || log[0].Action != model.AuditStaffChanged || !strings.Contains(log[0].Detail, "organiser → facilitator") {
			t.Fatalf("audit %+v", log)
		}
	})
}

// An organiser changes a facilitator's name, role and workshops.
func TestStaffEditNameRoleAndWorkshops(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		a, b := slot.Workshops[0], slot.Workshops[1]
		orga := e.organiser(t)
		staffLinkFrom(t, orga.post("/admin/staff/new", staffInviteForm("Fatima", "fatima@example.org", a.ID)))
		fatima := staffAccountID(t, e, "fatima@example.org")
		page := orga.get("/admin/staff/" + id(fatima))
		wantContains(t, page, `name="workshops" value="`+id(a.ID)+`" checked`, `value="Fatima"`)
		res := orga.post("/admin/staff/"+id(fatima), url.Values{"name": {"Fatima Y."}, "role": {model.RoleFacilitator}, "workshops": {id(b.ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		account, err := e.db.StaffAccount(t.Context(), fatima)
		if err != nil || account.Name != "Fatima Y." || len(account.Workshops) != 1 || account.Workshops[0].ID != b.ID {
			t.Fatalf("account %+v (%v)", account, err)
		}
		res = orga.post("/admin/staff/"+id(fatima), url.Values{"name": {"Fatima Y."}, "role": {model.RoleFacilitator}, "workshops": {id(b.ID), "9999"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `href="#f-workshops-0"`, `id="f-workshops-error"`, `name="workshops" value="`+id(b.ID)+`" checked`)
		// The workshop form shows the change too.
		wantContains(t, orga.get("/admin/workshops/"+id(b.ID)+"/edit"), `name="facilitators" value="`+id(fatima)+`" checked`)
		// Deactivated, the account stays invited to its workshop, and says so there.
		wantStatus(t, orga.post("/admin/staff/"+id(fatima)+"/deactivate", confirmYes), http.StatusSeeOther)
		wantContains(t, orga.get("/admin/workshops/"+id(b.ID)+"/edit"), "Fatima Y. (fatima@example.org) · deaktiviert")
		wantStatus(t, orga.post("/admin/staff/"+id(fatima)+"/reactivate", confirmYes), http.StatusSeeOther)
		res = orga.post("/admin/staff/"+id(fatima), url.Values{"name": {"Fatima Y."}, "role": {model.RoleOrganiser}})
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, orga.get("/admin/staff"), "Organisation")
	})
}

// Bad input is refused with 422, each problem at its field and the input
// kept; unknown accounts are not found.
func TestStaffFormsRejectBadInput(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		orga := e.organiser(t)
		for _, tc := range []struct {
			name string
			form url.Values
			want []string
		}{
			{"invalid email", staffInviteForm("Fatima", "fatima(at)example.org"), []string{"Bitte eine gültige E-Mail-Adresse angeben.", `value="fatima(at)example.org"`, `value="Fatima"`}},
			{"duplicate email", staffInviteForm("Noch eine Orga", "ORGA@example.test"), []string{"Für diese E-Mail-Adresse gibt es schon ein Konto.", `value="Noch eine Orga"`}},
			{"no name", staffInviteForm("", "neu@example.org"), []string{"Bitte ausfüllen.", `value="neu@example.org"`, `href="#f-name"`}},
			{"unknown role", url.Values{"name": {"X"}, "email": {"x@example.org"}, "role": {"admin"}}, []string{"Bitte einen der angebotenen Werte wählen."}},
			{"unknown workshop", staffInviteForm("X", "x@example.org", 9999), []string{"Bitte einen der angebotenen Werte wählen.", `href="#f-workshops"`, `<p class="error" id="f-workshops" tabindex="-1">`}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := orga.post("/admin/staff/new", tc.form)
				wantStatus(t, res, http.StatusUnprocessableEntity)
				wantContains(t, res, tc.want...)
			})
		}
		if accounts, _ := e.db.StaffAccounts(t.Context()); len(accounts) != 1 {
			t.Fatalf("refused invitations stored accounts: %+v", accounts)
		}
		self := staffAccountID(t, e, "orga@example.test")
		res := orga.post("/admin/staff/"+id(self), url.Values{"name": {""}, "role": {model.RoleOrganiser}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Bitte ausfüllen.")
		for _, path := range []string{"/admin/staff/9999", "/admin/staff/9999/deactivate", "/admin/staff/9999/reactivate", "/admin/staff/x"} {
			wantStatus(t, orga.get(path), http.StatusNotFound)
		}
		for _, path := range []string{"/admin/staff/9999", "/admin/staff/9999/deactivate", "/admin/staff/9999/reactivate", "/admin/staff/9999/link"} {
			wantStatus(t, orga.post(path, confirmYes), http.StatusNotFound)
		}
	})
}

// The staff pages and the one-time link's pages render in every language,
// each message filled in (TestMain checks the catalogues); Arabic right to left.
func TestStaffPagesRenderInEveryLanguage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		orga := e.organiser(t)
		link := staffLinkFrom(t, orga.post("/admin/staff/new", staffInviteForm("Fatima", "fatima@example.org")))
		fatima := staffAccountID(t, e, "fatima@example.org")
		acct := "/admin/staff/" + id(fatima)
		visitor := newClient(t, e.app.Handler())
		for _, lang := range []string{"de", "en", "fr", "ar"} {
			orga.get("/?lang=" + lang)
			visitor.get("/?lang=" + lang)
			pages := []struct {
				c    *client
				path string
				want int
			}{
				{orga, "/admin/staff", http.StatusOK}, {orga, "/admin/staff/new", http.StatusOK}, {orga, acct, http.StatusOK},
				{orga, acct + "/deactivate", http.StatusOK}, {orga, acct + "/reactivate", http.StatusOK},
				{visitor, link, http.StatusOK}, {visitor, "/konto/" + strings.Repeat("x", 43), http.StatusGone},
			}
			for _, p := range pages {
				res := p.c.get(p.path)
				if res.Status != p.want || !strings.Contains(res.Body, `<html lang="`+lang+`"`) {
					t.Errorf("%s (%s): status %d", p.path, lang, res.Status)
				}
				if lang == "ar" {
					wantContains(t, res, `dir="rtl"`)
				}
			}
			// The pages that answer a post: refused forms, and the link
			// shown (a new one for the next language).
			wantStatus(t, visitor.post(link, url.Values{"password": {"kurz"}}), http.StatusUnprocessableEntity)
			wantStatus(t, orga.post("/admin/staff/new", staffInviteForm("", "x")), http.StatusUnprocessableEntity)
			link = staffLinkFrom(t, orga.post(acct+"/link", nil))
		}
	})
}

package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// outbox returns the emails queued so far, oldest first.
func outbox(t *testing.T, db *store.DB) []model.Email {
	t.Helper()
	mails, err := db.Outbox(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(mails)-1; i < j; i, j = i+1, j-1 {
		mails[i], mails[j] = mails[j], mails[i]
	}
	return mails
}

// linkIn returns the personal link's path in an email body.
func linkIn(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "http://example.test/r/")
	if i < 0 {
		t.Fatalf("no personal link in:\n%s", body)
	}
	path := strings.TrimPrefix(strings.Fields(body[i:])[0], "http://example.test")
	if !personalLink.MatchString(path) {
		t.Fatalf("%q is not a personal link", path)
	}
	return path
}

// Registering with an address queues the confirmation in the person's
// language, with the personal link and the calendar file.
func TestRegistrationQueuesConfirmation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		c.lang = "fr"
		personal := registerAs(t, c, registration(slot, "Amina Diallo", "amina@example.org"))
		// Without an address there is nobody to write to.
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Karim", ""))

		mails := outbox(t, e.db)
		if len(mails) != 1 {
			t.Fatalf("%d emails queued, want 1", len(mails))
		}
		m, err := e.db.Email(t.Context(), mails[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != model.EmailConfirmation || m.Recipient != "amina@example.org" || m.Lang != "fr" {
			t.Errorf("email %s to %s in %s", m.Kind, m.Recipient, m.Lang)
		}
		if got := linkIn(t, m.Body); got != personal {
			t.Errorf("email links %s, the page was %s", got, personal)
		}
		cal, err := ical.NewDecoder(bytes.NewReader(m.Attachment)).Decode()
		if err != nil {
			t.Fatalf("attachment %q: %v", m.AttachmentName, err)
		}
		// The edition only: nobody is placed in a workshop yet.
		if len(cal.Events()) != 1 || m.AttachmentName != demo.WuppertalSlug+".ics" {
			t.Errorf("attachment %q has %d events", m.AttachmentName, len(cal.Events()))
		}
	})
}

// The same address again: told at the field, and the address, not the
// person at the form, gets a new link to the registration it has.
func TestRegisteringTwiceSendsTheLinkAgain(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina", "amina@example.org"))
		c := newClient(t, e.app.Handler())
		res := c.post("/k/"+demo.WuppertalSlug+"/anmelden", registration(slot, "Amina D.", "amina@example.org"))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-email-error">Mit dieser E-Mail-Adresse ist schon jemand`, "noch einmal an diese Adresse", `value="Amina D."`)
		wantLacks(t, res, "/r/")

		mails := outbox(t, e.db)
		if len(mails) != 2 || mails[1].Kind != model.EmailLinkAgain || mails[1].Recipient != "amina@example.org" {
			t.Fatalf("outbox: %+v", mails)
		}
		m, _ := e.db.Email(t.Context(), mails[1].ID)
		again := linkIn(t, m.Body)
		first, _ := e.db.Email(t.Context(), mails[0].ID)
		if again == linkIn(t, first.Body) {
			t.Error("the link sent again is the first one")
		}
		page := c.get(again)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "<bdi>Amina</bdi>, Sie sind angemeldet.")
		if regs, _ := e.db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{}); len(regs) != 1 {
			t.Errorf("%d registrations stored", len(regs))
		}
	})
}

// Registrations per address are limited; the form comes back as typed.
// Only forms that would be stored count.
func TestRegistrationRateLimit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e = newEnvWith(t, e.db, web.Config{BaseURL: "http://example.test", RegistrationLimit: 2})
		_, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		// Forms sent back for a correction do not count.
		for range 3 {
			wantStatus(t, c.post("/k/"+demo.WuppertalSlug+"/anmelden", registration(slot, "", "")), http.StatusUnprocessableEntity)
		}
		// A burst of three times the limit.
		for i := range 6 {
			registerAs(t, c, registration(slot, "Person "+itoa(int64(i)), ""))
		}
		res := c.post("/k/"+demo.WuppertalSlug+"/anmelden", registration(slot, "Sieben", ""))
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res, "Bitte senden Sie das Formular in 1 Minute noch einmal", `value="Sieben"`)
		wantLacks(t, res, "Bitte prüfen Sie die markierten Angaben")
	})
}

// From the personal link: the data as JSON, the calendar, and deleting
// one's data, which cancels, moves the first person waiting up and tells them.
func TestPersonalDataDownloadAndDelete(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		c := newClient(t, e.app.Handler())
		form := registration(slot, "Amina Diallo", "amina@example.org")
		form.Set("accessibility", "Rollstuhl")
		personal := registerAs(t, c, form)
		other := newClient(t, e.app.Handler())
		other.lang = "ar"
		waiting := registerAs(t, other, registration(slot, "Karim", "karim@example.org"))

		page := c.get(personal)
		wantContains(t, page, `href="`+personal+`/kalender.ics"`, `href="`+personal+`/daten.json"`, "Meine Daten löschen")

		res := c.get(personal + "/daten.json")
		wantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
		}
		var data map[string]any
		if err := json.Unmarshal([]byte(res.Body), &data); err != nil {
			t.Fatalf("JSON: %v\n%s", err, res.Body)
		}
		choices, _ := data["workshop_choices"].([]any)
		if data["name"] != "Amina Diallo" || data["email"] != "amina@example.org" || data["accessibility"] != "Rollstuhl" ||
			data["status"] != model.RegConfirmed || len(choices) != 2 {
			t.Errorf("data: %v", data)
		}
		if first, _ := choices[0].(map[string]any); first["workshop"] != slot.Workshops[1].Title || first["rank"] != 1.0 {
			t.Errorf("first choice: %v", first)
		}

		// Without the confirmation nothing happens.
		res = c.post(personal+"/delete", url.Values{})
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Meine Daten löschen?")
		if _, err := e.db.RegistrationByToken(t.Context(), strings.TrimPrefix(personal, "/r/")); err != nil {
			t.Fatalf("deleted without confirmation: %v", err)
		}

		res = c.post(personal+"/delete", confirmYes)
		wantStatus(t, res, http.StatusSeeOther)
		if res.Location != "/k/"+demo.WuppertalSlug {
			t.Errorf("after deleting: %q", res.Location)
		}
		wantContains(t, c.get(res.Location), "Ihre Daten sind gelöscht")
		wantStatus(t, c.get(personal), http.StatusNotFound)
		wantStatus(t, c.get(personal+"/daten.json"), http.StatusNotFound)

		regs, err := e.db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
		if err != nil || len(regs) != 2 {
			t.Fatalf("registrations: %d, %v", len(regs), err)
		}
		if regs[0].Name != "" || regs[0].Email != nil || regs[0].Access != "" || regs[0].Status != model.RegCancelled {
			t.Errorf("not anonymised: %+v", regs[0])
		}
		wantContains(t, other.get(waiting), "Karim")
		if regs[1].Status != model.RegConfirmed {
			t.Errorf("Karim: %s", regs[1].Status)
		}
		// Amina's emails are gone with her data; Karim is told, in Arabic.
		mails := outbox(t, e.db)
		last := mails[len(mails)-1]
		if last.Kind != model.EmailPromoted || last.Recipient != "karim@example.org" || last.Lang != "ar" {
			t.Errorf("last email: %s to %s in %s", last.Kind, last.Recipient, last.Lang)
		}
		for _, m := range mails {
			if m.Recipient == "amina@example.org" {
				t.Errorf("an email to Amina is kept: %s", m.Kind)
			}
		}
		log, err := e.db.AuditLog(t.Context(), 10)
		if err != nil || len(log) != 1 || log[0].Action != model.AuditAnonymised {
			t.Errorf("audit log: %+v, %v", log, err)
		}
	})
}

// Cancelling through the personal link tells the person who moves up.
func TestCancellingEmailsThePersonMovingUp(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 1)
		c := newClient(t, e.app.Handler())
		personal := registerAs(t, c, registration(slot, "Amina", ""))
		karim := newClient(t, e.app.Handler())
		registerAs(t, karim, registration(slot, "Karim", "karim@example.org"))
		wantStatus(t, c.post(personal+"/cancel", confirmYes), http.StatusSeeOther)
		mails := outbox(t, e.db)
		if len(mails) != 2 || mails[1].Kind != model.EmailPromoted {
			t.Fatalf("outbox: %+v", mails)
		}
		m, _ := e.db.Email(t.Context(), mails[1].ID)
		wantContains(t, karim.get(linkIn(t, m.Body)), "<bdi>Karim</bdi>, Sie sind angemeldet.")
	})
}

// In first-come mode the personal page says which workshop the person has
// and which they wait for.
func TestFirstComeOnThePersonalPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		conf.RegistrationMode = model.ModeFirstCome
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		full := slot.Workshops[1]
		full.Capacity = 1
		if err := e.db.UpdateWorkshop(t.Context(), &full); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, e.app.Handler())
		form := c.get("/k/" + demo.WuppertalSlug + "/anmelden")
		wantContains(t, form, "in der Reihenfolge der Anmeldung vergeben")
		first := registerAs(t, c, registration(slot, "Amina", ""))
		wantContains(t, c.get(first), "Sie haben einen Platz in „<bdi>"+full.Title+"</bdi>“.")
		karim := registerAs(t, c, registration(slot, "Karim", ""))
		wantContains(t, c.get(karim), "Sie haben einen Platz in „<bdi>"+slot.Workshops[0].Title+"</bdi>“.",
			"Warteliste für: <bdi>\u2068"+full.Title+"\u2069</bdi>.")
		second := slot.Workshops[0]

		// In Arabic, the workshops waited for are listed with the Arabic comma.
		second.Capacity = 1
		if err := e.db.UpdateWorkshop(t.Context(), &second); err != nil {
			t.Fatal(err)
		}
		arabic := newClient(t, e.app.Handler())
		arabic.lang = "ar"
		form3 := registration(slot, "Lina", "")
		form3.Set(model.ChoiceField(slot.ID, 3), id(slot.Workshops[2].ID))
		third := registerAs(t, arabic, form3)
		wantContains(t, arabic.get(third), "\u2068"+full.Title+"\u2069، \u2068"+second.Title+"\u2069")

		// The organisers' form shows the mode.
		orga := e.organiser(t)
		edit := orga.get("/admin/editions/" + id(conf.ID) + "/edit")
		wantContains(t, edit, `name="registration_mode"`, `value="first_come" selected`)
	})
}

// The request log names the route, never a personal link's token.
func TestRequestLogHoldsNoToken(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var log bytes.Buffer
		app, err := web.NewApp(e.db, slog.New(slog.NewJSONHandler(&log, nil)), web.Config{BaseURL: "http://example.test"})
		if err != nil {
			t.Fatal(err)
		}
		e.app = app
		_, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		personal := registerAs(t, c, registration(slot, "Amina", ""))
		wantStatus(t, c.get(personal), http.StatusOK)
		wantStatus(t, c.get(personal+"/daten.json"), http.StatusOK)
		token := strings.TrimPrefix(personal, "/r/")
		if strings.Contains(log.String(), token) {
			t.Errorf("the log holds the token:\n%s", log.String())
		}
		if !strings.Contains(log.String(), `"route":"/r/:token"`) {
			t.Errorf("the log lacks the route:\n%s", log.String())
		}
	})
}

// An organiser who raises the capacity gives the new places to those
// waiting, in order, and they are told.
func TestRaisingTheCapacityPromotes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina", ""))
		karim := newClient(t, e.app.Handler())
		waiting := registerAs(t, karim, registration(slot, "Karim", "karim@example.org"))
		lina := newClient(t, e.app.Handler())
		linaPage := registerAs(t, lina, registration(slot, "Lina", ""))

		orga := e.organiser(t)
		form := editionFormOf(conf)
		form.Set("capacity", "2")
		wantStatus(t, orga.post("/admin/editions/"+id(conf.ID), form), http.StatusSeeOther)

		wantContains(t, karim.get(waiting), "<bdi>Karim</bdi>, Sie sind angemeldet.")
		wantContains(t, lina.get(linaPage), "<bdi>Lina</bdi>, Sie stehen auf der Warteliste, auf Platz 1.")
		mails := outbox(t, e.db)
		if last := mails[len(mails)-1]; last.Kind != model.EmailPromoted || last.Recipient != "karim@example.org" {
			t.Errorf("last email: %s to %s", last.Kind, last.Recipient)
		}
	})
}

// editionFormOf is the organisers' edition form filled with conf as stored.
func editionFormOf(conf *model.Conference) url.Values {
	loc := conf.Location()
	f := url.Values{
		"title": {conf.Title}, "subtitle": {conf.Subtitle}, "slug": {conf.Slug}, "time_zone": {conf.TimeZone},
		"starts_at": {conf.StartsAt.In(loc).Format("2006-01-02T15:04")}, "ends_at": {conf.EndsAt.In(loc).Format("2006-01-02T15:04")},
		"venue": {conf.Venue}, "address": {conf.Address}, "hosts": {conf.Hosts}, "description": {conf.Description},
		"capacity": {strconv.Itoa(conf.Capacity)}, "max_choices": {strconv.Itoa(conf.MaxChoices)}, "status": {conf.Status},
		"privacy_notice": {conf.PrivacyNotice}, "registration_mode": {conf.RegistrationMode}, "language": {conf.Language},
	}
	if conf.Published {
		f.Set("published", "1")
	}
	return f
}

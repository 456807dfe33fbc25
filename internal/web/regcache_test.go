package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// dortmundForm is the registration form of the edition editionForm describes.
const dortmundForm = "/k/dortmund-2017/anmelden"

// openEditionForm is editionForm without a registration window: open now.
func openEditionForm() url.Values {
	form := editionForm()
	form.Del("registration_opens_at")
	form.Del("registration_closes_at")
	return form
}

// openEditionByOrganiser builds, through orga's forms, the edition of
// openEditionForm with a workshop slot holding the workshop "Bezahlbarer
// Wohnraum"; it returns the edition's and the slot's ids.
func openEditionByOrganiser(t *testing.T, e *env, orga *client) (confID, slotID int64) {
	t.Helper()
	seriesID := createSeries(t, e, orga)
	res := orga.post("/admin/series/"+itoa(seriesID)+"/editions", openEditionForm())
	wantStatus(t, res, http.StatusSeeOther)
	confID = idFrom(t, res.Location, "/admin/editions/")
	createSlot(t, orga, confID, "Arbeitsgruppen")
	programme, err := e.db.Programme(t.Context(), confID)
	if err != nil || len(programme) != 1 {
		t.Fatalf("programme: %v, %v", programme, err)
	}
	slotID = programme[0].ID
	addWorkshop(t, orga, slotID, "Bezahlbarer Wohnraum")
	return confID, slotID
}

// addWorkshop posts a workshop into the slot.
func addWorkshop(t *testing.T, orga *client, slotID int64, title string) {
	t.Helper()
	res := orga.post("/admin/sessions/"+itoa(slotID)+"/workshops", url.Values{"topic": {"health"}, "title": {title}, "capacity": {"20"}})
	wantStatus(t, res, http.StatusSeeOther)
}

// workshopID returns the id of the edition's workshop with the title.
func workshopID(t *testing.T, e *env, confID int64, title string) int64 {
	t.Helper()
	programme, err := e.db.Programme(t.Context(), confID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range programme {
		for _, w := range s.Workshops {
			if w.Title == title {
				return w.ID
			}
		}
	}
	t.Fatalf("no workshop %q", title)
	return 0
}

// dortmundRegistration is a valid registration for the edition of
// openEditionByOrganiser, choosing the workshop first.
func dortmundRegistration(slotID, workshopID int64, name, email string) url.Values {
	return url.Values{"name": {name}, "email": {email}, "consent": {"1"}, model.ChoiceField(slotID, 1): {itoa(workshopID)}}
}

// An organiser's change through the admin pages shows on the registration
// form and its POST of the same instance at once, although the cache would
// trust its entries for an hour: the change clears it.
func TestRegistrationCacheClearedByOrganisers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", PageCacheTTL: time.Hour})
		orga := e.organiser(t)
		confID, slotID := openEditionByOrganiser(t, e, orga)
		housing := workshopID(t, e, confID, "Bezahlbarer Wohnraum")
		anon := newClient(t, e.app.Handler())
		res := anon.get(dortmundForm)
		wantContains(t, res, "Bezahlbarer Wohnraum")
		wantLacks(t, res, "Gesundheit")
		wantStatus(t, anon.post(dortmundForm, dortmundRegistration(slotID, housing, "Amina", "")), http.StatusSeeOther)

		// A workshop added can be chosen at once, and the edition's
		// calendar file has it.
		addWorkshop(t, orga, slotID, "Gesundheit")
		wantContains(t, anon.get(dortmundForm), "Bezahlbarer Wohnraum", "Gesundheit")
		health := workshopID(t, e, confID, "Gesundheit")
		wantStatus(t, anon.post(dortmundForm, dortmundRegistration(slotID, health, "Karim", "karim@example.org")), http.StatusSeeOther)
		mails := outbox(t, e.db)
		if len(mails) != 1 {
			t.Fatalf("%d emails queued, want Karim's confirmation", len(mails))
		}
		m, err := e.db.Email(t.Context(), mails[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != model.EmailConfirmation {
			t.Errorf("%s email queued, want a confirmation", m.Kind)
		}
		if cal := anon.get(strings.TrimSuffix(dortmundForm, "/anmelden") + "/kalender.ics"); !strings.Contains(cal.Body, "SUMMARY:Gesundheit") {
			t.Errorf("the edition's calendar file lacks the new workshop:\n%s", cal.Body)
		}

		// Closing registration.
		closed := openEditionForm()
		closed.Set("status", model.StatusClosed)
		wantStatus(t, orga.post("/admin/editions/"+itoa(confID), closed), http.StatusSeeOther)
		wantContains(t, anon.get(dortmundForm), "Die Anmeldung ist geschlossen.")
		wantStatus(t, anon.post(dortmundForm, dortmundRegistration(slotID, housing, "Lena", "")), http.StatusUnprocessableEntity)

		// Hiding the edition: gone for the public, organisers still try its
		// form, and that puts nothing into the cache for the public.
		hidden := openEditionForm()
		hidden.Del("published")
		wantStatus(t, orga.post("/admin/editions/"+itoa(confID), hidden), http.StatusSeeOther)
		wantStatus(t, anon.get(dortmundForm), http.StatusNotFound)
		wantStatus(t, anon.post(dortmundForm, dortmundRegistration(slotID, housing, "Lena", "")), http.StatusNotFound)
		preview := orga.get(dortmundForm)
		wantStatus(t, preview, http.StatusOK)
		wantContains(t, preview, "Gesundheit")
		wantStatus(t, anon.get(dortmundForm), http.StatusNotFound)

		regs, err := e.db.FindRegistrations(t.Context(), confID, store.RegistrationFilter{})
		if err != nil || len(regs) != 2 {
			t.Fatalf("%d registrations stored (%v), want Amina's and Karim's", len(regs), err)
		}
	})
}

// A change made on one instance shows on another instance's registration
// form and POST once the cache's time is up there, not before.
func TestRegistrationCacheFollowsOtherInstances(t *testing.T) {
	const ttl = 2 * time.Second
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(db, time.Now())
		cfg := web.Config{BaseURL: "http://example.test", PageCacheTTL: ttl}
		e := newEnvWith(t, db, cfg)
		other := newEnvWith(t, db, cfg) // a second instance on the same database
		orga := e.organiser(t)
		confID, slotID := openEditionByOrganiser(t, e, orga)
		here, there := newClient(t, e.app.Handler()), newClient(t, other.app.Handler())
		for _, c := range []*client{here, there} {
			res := c.get(dortmundForm)
			wantContains(t, res, "Bezahlbarer Wohnraum")
			wantLacks(t, res, "Gesundheit")
		}

		addWorkshop(t, orga, slotID, "Gesundheit")
		health := workshopID(t, e, confID, "Gesundheit")
		wantContains(t, here.get(dortmundForm), "Gesundheit")
		wantLacks(t, there.get(dortmundForm), "Gesundheit")
		clock.Advance(ttl)
		wantContains(t, there.get(dortmundForm), "Gesundheit")
		wantStatus(t, there.post(dortmundForm, dortmundRegistration(slotID, health, "Amina", "")), http.StatusSeeOther)

		closed := openEditionForm()
		closed.Set("status", model.StatusClosed)
		wantStatus(t, orga.post("/admin/editions/"+itoa(confID), closed), http.StatusSeeOther)
		wantContains(t, here.get(dortmundForm), "Die Anmeldung ist geschlossen.")
		wantLacks(t, there.get(dortmundForm), "Die Anmeldung ist geschlossen.")
		clock.Advance(ttl)
		wantContains(t, there.get(dortmundForm), "Die Anmeldung ist geschlossen.")
		wantStatus(t, there.post(dortmundForm, dortmundRegistration(slotID, health, "Karim", "")), http.StatusUnprocessableEntity)

		hidden := openEditionForm()
		hidden.Del("published")
		wantStatus(t, orga.post("/admin/editions/"+itoa(confID), hidden), http.StatusSeeOther)
		wantStatus(t, here.get(dortmundForm), http.StatusNotFound)
		wantStatus(t, there.get(dortmundForm), http.StatusOK)
		clock.Advance(ttl)
		wantStatus(t, there.get(dortmundForm), http.StatusNotFound)
		wantStatus(t, there.post(dortmundForm, dortmundRegistration(slotID, health, "Karim", "")), http.StatusNotFound)
	})
}

// The personal page reads its edition afresh, so it shows a change made on
// another instance at once, while the public form there still has the
// cached programme; the programme is taken from the cache only for the
// revision it was read at.
func TestPersonalPageIsCurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg := web.Config{BaseURL: "http://example.test", PageCacheTTL: time.Hour}
		e := newEnvWith(t, db, cfg)
		other := newEnvWith(t, db, cfg)
		orga := e.organiser(t)
		confID, slotID := openEditionByOrganiser(t, e, orga)
		there := newClient(t, other.app.Handler())
		res := there.post(dortmundForm, dortmundRegistration(slotID, workshopID(t, e, confID, "Bezahlbarer Wohnraum"), "Amina", ""))
		wantStatus(t, res, http.StatusSeeOther)
		personal := res.Location
		wantContains(t, there.get(personal), "Bezahlbarer Wohnraum")

		addWorkshop(t, orga, slotID, "Gesundheit")
		wantLacks(t, there.get(dortmundForm), "Gesundheit")
		wantContains(t, there.get(personal), "Bezahlbarer Wohnraum", "Gesundheit")
	})
}

// While the cache holds an edition, its registration window still opens
// and closes by the clock, to the second; only what the revision covers
// waits for the cache's time.
func TestCachedRegistrationWindowIsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(db, time.Now())
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", PageCacheTTL: time.Minute})
		// An edition to come: a registration window lies before its start.
		conf, slot := newOpenEdition(t, db, model.ModeAssign, 0, 2, 10)
		closes := clock.Now().Add(2 * time.Second)
		conf.RegistrationClosesAt = &closes
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, e.app.Handler())
		path := "/k/" + conf.Slug + "/anmelden"
		w := slot.Workshops[0]
		wantContains(t, c.get(path), w.Title)

		// Renamed behind the app's back: the cached form keeps the old title.
		renamed := w
		renamed.Title = "Umbenannt"
		if err := e.db.UpdateWorkshop(t.Context(), &renamed); err != nil {
			t.Fatal(err)
		}
		res := c.get(path)
		wantContains(t, res, w.Title)
		wantLacks(t, res, "Umbenannt")
		registerAt(t, c, conf.Slug, registration(slot, "Amina", ""))

		clock.Advance(2*time.Second - time.Microsecond)
		registerAt(t, c, conf.Slug, registration(slot, "Jana", ""))
		clock.Advance(time.Microsecond)
		wantContains(t, c.get(path), "Die Anmeldung ist geschlossen.")
		wantStatus(t, c.post(path, registration(slot, "Karim", "")), http.StatusUnprocessableEntity)
	})
}

// Registrations take places without a new revision, so the form of a
// cached edition still says when all places are taken.
func TestRegistrationFormCountsPlacesNow(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 1)
		path := "/k/" + demo.WuppertalSlug + "/anmelden"
		wantLacks(t, newClient(t, e.app.Handler()).get(path), "Alle Plätze sind vergeben")
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina", ""))
		wantContains(t, newClient(t, e.app.Handler()).get(path), "Alle Plätze sind vergeben")
	})
}

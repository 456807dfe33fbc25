package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// openEdition loads the demo and opens the Wuppertal edition for
// registration with the given capacity; it returns the edition and its
// workshop slot.
func openEdition(t *testing.T, e *env, capacity int) (*model.Conference, model.Session) {
	t.Helper()
	loadDemo(t, e)
	conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
	if err != nil {
		t.Fatal(err)
	}
	conf.Status, conf.Capacity = model.StatusOpen, capacity
	conf.RegistrationOpensAt, conf.RegistrationClosesAt = nil, nil
	if err := e.db.UpdateConference(t.Context(), conf); err != nil {
		t.Fatal(err)
	}
	programme, err := e.db.Programme(t.Context(), conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range programme {
		if s.Kind == model.KindWorkshopSlot {
			return conf, s
		}
	}
	t.Fatal("demo has no workshop slot")
	return nil, model.Session{}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// registration is a valid registration form.
func registration(slot model.Session, name, email string) url.Values {
	return url.Values{
		"name": {name}, "email": {email}, "consent": {"1"}, "organisation": {"Flüchtlingsrat Wuppertal"},
		"category": {"volunteer"}, "interpretation": {"ar"},
		model.ChoiceField(slot.ID, 1): {id(slot.Workshops[1].ID)},
		model.ChoiceField(slot.ID, 2): {id(slot.Workshops[0].ID)},
	}
}

var personalLink = regexp.MustCompile(`^/r/([A-Za-z0-9_-]{22})$`)

// registerAs posts a registration for the demo's edition and returns the
// personal page's path.
func registerAs(t *testing.T, c *client, form url.Values) string {
	t.Helper()
	return registerAt(t, c, demo.WuppertalSlug, form)
}

// registerAt posts a registration for the edition with the slug and
// returns the personal page's path.
func registerAt(t *testing.T, c *client, slug string, form url.Values) string {
	t.Helper()
	res := c.post("/k/"+slug+"/anmelden", form)
	wantStatus(t, res, http.StatusSeeOther)
	if !personalLink.MatchString(res.Location) {
		t.Fatalf("redirected to %q, not a personal link", res.Location)
	}
	return res.Location
}

func TestRegistrationFlow(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		c := newClient(t, e.app.Handler())

		page := c.get("/k/" + demo.WuppertalSlug)
		wantContains(t, page, `href="/k/wuppertal-2016/anmelden"`)
		form := c.get("/k/" + demo.WuppertalSlug + "/anmelden")
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, "1. Wunsch", "2. Wunsch", "3. Wunsch", "Wohnen", "Datenschutzhinweis", `name="website"`)

		personal := registerAs(t, c, registration(slot, "Amina Diallo", "amina@example.org"))
		res := c.get(personal)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "<bdi>Amina Diallo</bdi>, Sie sind angemeldet.", "http://example.test"+personal,
			`value="`+id(slot.Workshops[1].ID)+`" selected`, `value="Flüchtlingsrat Wuppertal"`)
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("personal page may be cached: %q", res.Header.Get("Cache-Control"))
		}

		// The edition is full now: the next person waits, and is told so.
		other := newClient(t, e.app.Handler())
		waitingPage := registerAs(t, other, registration(slot, "Karim", ""))
		wantContains(t, other.get(waitingPage), "<bdi>Karim</bdi>, Sie stehen auf der Warteliste, auf Platz 1.")

		// Changing a choice on the personal page.
		change := registration(slot, "Amina Diallo", "amina@example.org")
		change.Set(model.ChoiceField(slot.ID, 1), id(slot.Workshops[3].ID))
		change.Del(model.ChoiceField(slot.ID, 2))
		wantStatus(t, c.post(personal, change), http.StatusSeeOther)
		r, err := e.db.RegistrationByToken(t.Context(), strings.TrimPrefix(personal, "/r/"))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Choices[slot.ID]; len(got) != 1 || got[0] != slot.Workshops[3].ID {
			t.Errorf("choices after the change: %v", got)
		}

		// Cancelling gives the place to Karim.
		wantStatus(t, c.post(personal+"/cancel", confirmYes), http.StatusSeeOther)
		wantContains(t, c.get(personal), "Ihre Anmeldung ist abgesagt.")
		wantContains(t, other.get(waitingPage), "<bdi>Karim</bdi>, Sie sind angemeldet.")

		// The organisers see both.
		list := e.organiser(t).get("/admin/editions/" + id(conf.ID) + "/registrations")
		wantStatus(t, list, http.StatusOK)
		wantContains(t, list, "Amina Diallo", "Karim", "1 angemeldet, 0 auf der Warteliste, 1 abgesagt")
	})
}

func TestRegistrationRejectsBadInput(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		path := "/k/" + demo.WuppertalSlug + "/anmelden"

		bad := registration(slot, "", "not-an-address")
		bad.Del("consent")
		bad.Set(model.ChoiceField(slot.ID, 2), bad.Get(model.ChoiceField(slot.ID, 1)))
		bad.Set("childcare_children", "-2")
		res := c.post(path, bad)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res,
			`id="f-name-error">Bitte ausfüllen.`,
			`id="f-email-error">Bitte eine gültige E-Mail-Adresse angeben.`,
			`id="f-consent-error">Ohne Ihre Einwilligung`,
			`id="f-`+model.ChoiceField(slot.ID, 2)+`-error">Diese Arbeitsgruppe haben Sie schon gewählt.`,
			`id="f-childcare_children-error">Die Zahl darf nicht negativ sein.`,
			`value="Flüchtlingsrat Wuppertal"`, `value="not-an-address"`)

		// A workshop of another slot or edition is refused.
		foreign := registration(slot, "Amina", "")
		foreign.Set(model.ChoiceField(slot.ID, 1), "999999")
		res = c.post(path, foreign)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-`+model.ChoiceField(slot.ID, 1)+`-error">Bitte einen der angebotenen Werte wählen.`)

		// The same address twice: told, not stored twice.
		registerAs(t, c, registration(slot, "Amina", "amina@example.org"))
		res = newClient(t, e.app.Handler()).post(path, registration(slot, "Amina D.", "Amina@Example.org"))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-email-error">Mit dieser E-Mail-Adresse ist schon jemand`)

		// The honeypot: answered like a success, nothing stored.
		trap := registration(slot, "Bot", "")
		trap.Set("website", "http://spam.example")
		wantStatus(t, c.post(path, trap), http.StatusSeeOther)

		regs, err := e.db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
		if err != nil || len(regs) != 1 {
			t.Fatalf("%d registrations stored (%v), want only Amina's", len(regs), err)
		}
		wantStatus(t, c.get("/r/AAAAAAAAAAAAAAAAAAAAAA"), http.StatusNotFound)
	})
}

// The edition is changed in the store behind the app's back, as on another
// instance; with the caches off that shows at once. How the registration
// cache follows such changes is tested in regcache_test.go.
func TestRegistrationWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", PageCacheTTL: -1})
		// An edition to come: a registration window lies before its start.
		conf, slot := newOpenEdition(t, db, model.ModeAssign, 0, 2, 10)
		c := newClient(t, e.app.Handler())
		path := "/k/" + conf.Slug + "/anmelden"
		personal := registerAt(t, c, conf.Slug, registration(slot, "Amina", ""))

		// Not yet open.
		opens := time.Now().Add(48 * time.Hour).UTC()
		conf.RegistrationOpensAt = &opens
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		wantContains(t, c.get(path), "Die Anmeldung öffnet am")
		res := c.post(path, registration(slot, "Karim", ""))
		wantStatus(t, res, http.StatusUnprocessableEntity)

		// Closed: no registration, no changes, but cancelling still works.
		conf.RegistrationOpensAt = nil
		conf.Status = model.StatusClosed
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		wantContains(t, c.get(path), "Die Anmeldung ist geschlossen.")
		wantStatus(t, c.post(path, registration(slot, "Karim", "")), http.StatusUnprocessableEntity)
		res = c.post(personal, registration(slot, "Amina Neu", ""))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Änderungen sind nicht mehr möglich")
		wantStatus(t, c.post(personal+"/cancel", confirmYes), http.StatusSeeOther)

		regs, _ := e.db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
		if len(regs) != 1 || regs[0].Name != "Amina" || regs[0].Status != model.RegCancelled {
			t.Fatalf("registrations: %+v", regs)
		}
	})
}

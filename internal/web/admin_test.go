package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// editionForm is a valid edition form; tests change single fields.
func editionForm() url.Values {
	return url.Values{
		"title":                  {"3. Kommunale Flüchtlingskonferenz"},
		"subtitle":               {"Wohnen für alle"},
		"slug":                   {"dortmund-2017"},
		"starts_at":              {"2045-03-11T10:00"},
		"ends_at":                {"2045-03-11T17:00"},
		"time_zone":              {"Europe/Berlin"},
		"venue":                  {"Rathaus Dortmund"},
		"address":                {"Friedensplatz 1, 44135 Dortmund"},
		"hosts":                  {"Kommunalpolitisches Forum NRW"},
		"description":            {"Wir treffen uns **wieder**."},
		"registration_opens_at":  {"2045-01-01T00:00"},
		"registration_closes_at": {"2045-03-01T23:59"},
		"capacity":               {"80"},
		"max_choices":            {"2"},
		"status":                 {"open"},
		"published":              {"1"},
	}
}

// createSeries posts a series and returns its id.
func createSeries(t *testing.T, e *env, c *client) int64 {
	t.Helper()
	res := c.post("/admin/series", url.Values{"title": {"Kommunale Flüchtlingskonferenz NRW"}})
	wantStatus(t, res, http.StatusSeeOther)
	s, err := e.db.SeriesBySlug(t.Context(), "kommunale-fluechtlingskonferenz-nrw")
	if err != nil {
		t.Fatalf("series not stored under the slug made from its title: %v", err)
	}
	return s.ID
}

// createEdition posts a series and a valid edition and returns the edition's id.
func createEdition(t *testing.T, e *env, c *client) int64 {
	t.Helper()
	seriesID := createSeries(t, e, c)
	res := c.post("/admin/series/"+itoa(seriesID)+"/editions", editionForm())
	wantStatus(t, res, http.StatusSeeOther)
	return idFrom(t, res.Location, "/admin/editions/")
}

// createSlot posts a workshop slot into the edition made by createEdition.
func createSlot(t *testing.T, c *client, confID int64, title string) {
	t.Helper()
	res := c.post("/admin/editions/"+itoa(confID)+"/sessions", url.Values{
		"kind": {"workshop_slot"}, "title": {title}, "starts_at": {"2045-03-11T13:30"}, "ends_at": {"2045-03-11T15:30"},
	})
	wantStatus(t, res, http.StatusSeeOther)
}

func idFrom(t *testing.T, location, prefix string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(location, prefix), 10, 64)
	if err != nil {
		t.Fatalf("location %q: %v", location, err)
	}
	return id
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// An organiser builds an edition with agenda, people and workshops through
// the forms, and the public programme shows exactly that.
func TestOrganiserBuildsAProgramme(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		seriesID := createSeries(t, e, c)

		res := c.post("/admin/series/"+itoa(seriesID)+"/editions", editionForm())
		wantStatus(t, res, http.StatusSeeOther)
		confID := idFrom(t, res.Location, "/admin/editions/")

		res = c.post("/admin/editions/"+itoa(confID)+"/sessions", url.Values{
			"kind": {"keynote"}, "title": {"Wohnungspolitik in NRW"}, "room": {"Ratssaal"},
			"starts_at": {"2045-03-11T10:30"}, "ends_at": {"2045-03-11T11:30"},
			"description":          {"Ein Vortrag mit *Diskussion*."},
			"people.0.name":        {"Knut Unger"},
			"people.0.affiliation": {"MieterInnenverein Witten"},
			"people.0.role":        {"speaker"},
			"people.1.name":        {""}, "people.1.affiliation": {""}, "people.1.role": {"speaker"},
			"people.2.name": {"Inken Vollmering"}, "people.2.role": {"moderator"},
		})
		wantStatus(t, res, http.StatusSeeOther)

		res = c.post("/admin/editions/"+itoa(confID)+"/sessions", url.Values{
			"kind": {"workshop_slot"}, "title": {"Arbeitsgruppen"},
			"starts_at": {"2045-03-11T13:30"}, "ends_at": {"2045-03-11T15:30"},
		})
		wantStatus(t, res, http.StatusSeeOther)
		programme, err := e.db.Programme(t.Context(), confID)
		if err != nil || len(programme) != 2 {
			t.Fatalf("programme: %v, %d items", err, len(programme))
		}
		if got := programme[0].People; len(got) != 2 || got[1].Name != "Inken Vollmering" || got[1].Role != "moderator" {
			t.Fatalf("people of the keynote: %+v", got)
		}
		slotID := programme[1].ID

		res = c.post("/admin/sessions/"+itoa(slotID)+"/workshops", url.Values{
			"topic": {"housing"}, "title": {"Bezahlbarer Wohnraum"}, "room": {"Raum 2"}, "capacity": {"25"},
			"description":   {"Neue Wohnungsgemeinnützigkeit"},
			"people.0.name": {"Anamaria Diaz"}, "people.0.affiliation": {"MFH Bochum"}, "people.0.role": {"input"},
		})
		wantStatus(t, res, http.StatusSeeOther)

		page := newClient(t, e.app.Handler()).get("/k/dortmund-2017")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "3. Kommunale Flüchtlingskonferenz", "Wohnen für alle", "Rathaus Dortmund",
			"Friedensplatz 1, 44135 Dortmund", "<strong>wieder</strong>", "Wohnungspolitik in NRW", "Ratssaal",
			"Knut Unger", "MieterInnenverein Witten", "Inken Vollmering", "<em>Diskussion</em>",
			"Arbeitsgruppen", "Bezahlbarer Wohnraum", "Raum 2", "25 Plätze", "Anamaria Diaz", ">10:30<", ">11:30<", ">13:30<")

		// Editing: the workshop's capacity and people change; an emptied row removes its person.
		w := programme[1]
		wsProgramme, _ := e.db.Programme(t.Context(), confID)
		wsID := wsProgramme[1].Workshops[0].ID
		_ = w
		res = c.post("/admin/workshops/"+itoa(wsID), url.Values{
			"topic": {"housing"}, "title": {"Bezahlbarer Wohnraum"}, "capacity": {"30"},
			"people.0.name": {""}, "people.0.affiliation": {""}, "people.0.role": {"input"},
			"people.1.name": {"Gunhild Böth"}, "people.1.role": {"moderator"},
		})
		wantStatus(t, res, http.StatusSeeOther)
		page = newClient(t, e.app.Handler()).get("/k/dortmund-2017")
		wantContains(t, page, "30 Plätze", "Gunhild Böth")
		wantLacks(t, page, "Anamaria Diaz")

		// Unpublishing hides the edition again.
		form := editionForm()
		form.Del("published")
		wantStatus(t, c.post("/admin/editions/"+itoa(confID), form), http.StatusSeeOther)
		wantStatus(t, newClient(t, e.app.Handler()).get("/k/dortmund-2017"), http.StatusNotFound)
	})
}

// Each bad input gets 422, its message next to its field, the input kept
// and nothing stored.
func TestEditionFormRejectsBadInput(t *testing.T) {
	cases := []struct {
		name  string
		field string
		value string
		msg   string
	}{
		{"ends before it starts", "ends_at", "2045-03-11T09:00", "Das Ende muss nach dem Beginn liegen."},
		{"negative capacity", "capacity", "-5", "Die Zahl darf nicht negativ sein."},
		{"capacity not a number", "capacity", "viele", "Bitte eine ganze Zahl angeben."},
		{"overlong title", "title", strings.Repeat("Wohnen ", 40), "Dieser Text ist zu lang."},
		{"bad slug", "slug", "Dortmund 2017!", "Nur Kleinbuchstaben"},
		{"unknown time zone", "time_zone", "Mars/Olympus", "Diese Zeitzone ist unbekannt."},
		{"unreadable date", "starts_at", "11.03.2017 zehn Uhr", "Bitte Datum und Uhrzeit angeben"},
		{"registration closes before it opens", "registration_closes_at", "2016-12-01T00:00", "Das Ende muss nach dem Beginn liegen."},
		{"year out of range", "starts_at", "1850-03-11T10:00", "Bitte ein Datum zwischen 1900 und 2999 angeben."},
		{"unknown status", "status", "maybe", "Bitte einen der angebotenen Werte wählen."},
		{"too many choices", "max_choices", "11", "Bitte eine Zahl von 1 bis 10 angeben."},
	}
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		seriesID := createSeries(t, e, c)
		for _, tc := range cases {
			form := editionForm()
			form.Set(tc.field, tc.value)
			res := c.post("/admin/series/"+itoa(seriesID)+"/editions", form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", tc.name, res.Status)
				continue
			}
			errorBlock := `<p class="error" id="f-` + tc.field + `-error">` + tc.msg
			if !strings.Contains(res.Body, errorBlock) {
				t.Errorf("%s: no %q next to the field", tc.name, errorBlock)
			}
			if !strings.Contains(res.Body, `aria-invalid="true"`) {
				t.Errorf("%s: field not marked invalid", tc.name)
			}
			// What the user typed is still there (the venue is untouched input).
			if !strings.Contains(res.Body, `value="Rathaus Dortmund"`) {
				t.Errorf("%s: the venue typed was lost", tc.name)
			}
		}
		editions, err := e.db.Conferences(t.Context(), seriesID, false)
		if err != nil || len(editions) != 0 {
			t.Fatalf("bad input stored %d editions (%v)", len(editions), err)
		}
	})
}

func TestDuplicateSlugIsShownAtTheField(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		seriesID := createSeries(t, e, c)
		wantStatus(t, c.post("/admin/series/"+itoa(seriesID)+"/editions", editionForm()), http.StatusSeeOther)
		form := editionForm()
		form.Set("title", "Noch eine Konferenz")
		res := c.post("/admin/series/"+itoa(seriesID)+"/editions", form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-slug-error">Dieser Kurzname ist schon vergeben.`, `value="Noch eine Konferenz"`)

		res = c.post("/admin/series", url.Values{"title": {"Andere Reihe"}, "slug": {"kommunale-fluechtlingskonferenz-nrw"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-slug-error">Dieser Kurzname ist schon vergeben.`, `value="Andere Reihe"`)
	})
}

func TestSessionFormRejectsBadInput(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)

		res := c.post("/admin/editions/"+itoa(confID)+"/sessions", url.Values{
			"kind": {"panel"}, "title": {"Podium"}, "starts_at": {"2045-03-11T12:00"}, "ends_at": {"2045-03-11T11:00"},
			"people.0.name": {""}, "people.0.affiliation": {"Flüchtlingsrat"}, "people.0.role": {"speaker"},
		})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-ends_at-error">Das Ende muss nach dem Beginn liegen.`,
			`id="f-people.0.name-error">Bitte ausfüllen.`, `value="Flüchtlingsrat"`, `value="Podium"`)
		if p, _ := e.db.Programme(t.Context(), confID); len(p) != 0 {
			t.Fatalf("bad agenda item stored")
		}
	})
}

// A workshop slot that still holds workshops cannot be deleted: its page
// says why and offers no button, a confirmed post is a conflict, and
// everything stays.
func TestDeletingASlotWithWorkshops(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)
		createSlot(t, c, confID, "Arbeitsgruppen")
		p, _ := e.db.Programme(t.Context(), confID)
		slotID := p[0].ID
		res := c.post("/admin/sessions/"+itoa(slotID)+"/workshops", url.Values{"topic": {"health"}, "title": {"Gesundheit"}, "capacity": {"15"}})
		wantStatus(t, res, http.StatusSeeOther)

		page := c.get("/admin/sessions/" + itoa(slotID) + "/delete")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Programmpunkt löschen?", "enthält noch Arbeitsgruppen")
		wantLacks(t, page, `name="confirm"`)
		res = c.post("/admin/sessions/"+itoa(slotID)+"/delete", confirmYes)
		wantStatus(t, res, http.StatusConflict)
		wantContains(t, res, "enthält noch Arbeitsgruppen")
		p, _ = e.db.Programme(t.Context(), confID)
		if len(p) != 1 || len(p[0].Workshops) != 1 {
			t.Fatalf("after the refused delete: %d items", len(p))
		}

		// Nor can its kind change while it holds workshops.
		res = c.post("/admin/sessions/"+itoa(slotID), url.Values{
			"kind": {"plenary"}, "title": {"Arbeitsgruppen"}, "starts_at": {"2045-03-11T13:30"}, "ends_at": {"2045-03-11T15:30"},
		})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-kind-error"`)

		// Workshop gone, slot can go.
		wantStatus(t, c.post("/admin/workshops/"+itoa(p[0].Workshops[0].ID)+"/delete", confirmYes), http.StatusSeeOther)
		wantStatus(t, c.post("/admin/sessions/"+itoa(slotID)+"/delete", confirmYes), http.StatusSeeOther)
		if p, _ = e.db.Programme(t.Context(), confID); len(p) != 0 {
			t.Fatalf("slot not deleted")
		}
	})
}

func TestWorkshopFormRejectsBadCapacity(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)
		createSlot(t, c, confID, "AGs")
		p, _ := e.db.Programme(t.Context(), confID)
		res := c.post("/admin/sessions/"+itoa(p[0].ID)+"/workshops", url.Values{"topic": {"work"}, "title": {"Arbeit"}, "capacity": {"-3"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-capacity-error">Eine Arbeitsgruppe braucht mindestens einen Platz.`, `value="Arbeit"`, `value="-3"`)

		// A plenary item takes no workshops.
		c.post("/admin/editions/"+itoa(confID)+"/sessions", url.Values{
			"kind": {"plenary"}, "title": {"Plenum"}, "starts_at": {"2045-03-11T10:00"}, "ends_at": {"2045-03-11T11:00"},
		})
		p, _ = e.db.Programme(t.Context(), confID)
		wantStatus(t, c.get("/admin/sessions/"+itoa(p[0].ID)+"/workshops/new"), http.StatusNotFound)
		if p[0].Kind != model.KindPlenary {
			t.Fatalf("expected the plenary first, got %s", p[0].Kind)
		}
	})
}

func TestDeletingASeriesWithEditionsIsRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		seriesID := createSeries(t, e, c)
		c.post("/admin/series/"+itoa(seriesID)+"/editions", editionForm())
		res := c.post("/admin/series/"+itoa(seriesID)+"/delete", confirmYes)
		wantStatus(t, res, http.StatusConflict)
		wantContains(t, res, "hat noch 1 Konferenz.")
		if _, err := e.db.Series(t.Context(), seriesID); err != nil {
			t.Fatalf("series gone: %v", err)
		}
	})
}

// "Next edition" through the form: a draft on the new date, every item
// moved by the same number of days at the same time of day.
func TestCopyEditionThroughTheForm(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := e.organiser(t)
		src, err := e.db.ConferenceBySlug(t.Context(), "wuppertal-2016")
		if err != nil {
			t.Fatal(err)
		}
		form := c.get("/admin/editions/" + itoa(src.ID) + "/copy")
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, `value="2017-02-13"`)

		res := c.post("/admin/editions/"+itoa(src.ID)+"/copy", url.Values{"date": {"2016-06-18"}, "title": {"Sommerkonferenz"}, "slug": {"wuppertal-2016-sommer"}})
		wantStatus(t, res, http.StatusSeeOther)
		copyID := idFrom(t, res.Location, "/admin/editions/")
		cp, err := e.db.Conference(t.Context(), copyID)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Status != model.StatusDraft || cp.Published || cp.Title != "Sommerkonferenz" {
			t.Fatalf("copy: %+v", cp)
		}
		page := c.get("/admin/editions/" + itoa(copyID))
		wantContains(t, page, "Samstag, 18.6.2016", "Zitzmann", "Wohnen")

		// Bad date and taken slug: 422 at the fields, nothing created.
		res = c.post("/admin/editions/"+itoa(src.ID)+"/copy", url.Values{"date": {"irgendwann"}, "title": {"X"}, "slug": {"x-2017"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-date-error"`)
		res = c.post("/admin/editions/"+itoa(src.ID)+"/copy", url.Values{"date": {"3016-02-13"}, "title": {"X"}, "slug": {"x-3016"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-date-error">Bitte ein Datum zwischen 1900 und 2999 angeben.`)
		res = c.post("/admin/editions/"+itoa(src.ID)+"/copy", url.Values{"date": {"2017-02-11"}, "title": {"X"}, "slug": {"wuppertal-2016"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-slug-error">Dieser Kurzname ist schon vergeben.`)
		all, _ := e.db.Conferences(t.Context(), src.SeriesID, false)
		if len(all) != 4 { // Wuppertal, the demo's draft and upcoming edition, the summer copy
			t.Fatalf("%d editions after the refused copies", len(all))
		}
	})
}

// Every organiser page renders in German and English for the demo data.
func TestOrganiserPagesRender(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := e.organiser(t)
		src, _ := e.db.ConferenceBySlug(t.Context(), "wuppertal-2016")
		p, _ := e.db.Programme(t.Context(), src.ID)
		var slot, ws int64
		for _, s := range p {
			if s.Kind == model.KindWorkshopSlot {
				slot, ws = s.ID, s.Workshops[0].ID
			}
		}
		pages := []string{
			"/admin", "/admin/series/new", "/admin/series/" + itoa(src.SeriesID) + "/edit",
			"/admin/series/" + itoa(src.SeriesID) + "/editions/new",
			"/admin/editions/" + itoa(src.ID), "/admin/editions/" + itoa(src.ID) + "/edit",
			"/admin/editions/" + itoa(src.ID) + "/copy", "/admin/editions/" + itoa(src.ID) + "/sessions/new",
			"/admin/sessions/" + itoa(p[0].ID) + "/edit", "/admin/sessions/" + itoa(slot) + "/workshops/new",
			"/admin/workshops/" + itoa(ws) + "/edit", "/admin/login",
			"/admin/editions/" + itoa(src.ID) + "/assignment", "/admin/workshops/" + itoa(ws) + "/participants",
			"/admin/my-workshops",
		}
		// An assignment of nobody still has its preview.
		run := c.post("/admin/editions/"+itoa(src.ID)+"/assignment", nil)
		wantStatus(t, run, http.StatusSeeOther)
		pages = append(pages, run.Location)
		for _, lang := range []string{"de", "en", "fr", "ar"} {
			c.get("/?lang=" + lang)
			for _, path := range pages {
				res := c.get(path)
				if res.Status != http.StatusOK {
					t.Errorf("%s (%s): status %d", path, lang, res.Status)
				}
				if !strings.Contains(res.Body, `<html lang="`+lang+`"`) {
					t.Errorf("%s: not in %s", path, lang)
				}
			}
		}
		edit := c.get("/admin/editions/" + itoa(src.ID) + "/edit")
		wantContains(t, edit, `value="2016-02-13T10:00"`, `value="Europe/Berlin"`)
		ws1 := c.get("/admin/workshops/" + itoa(ws) + "/edit")
		wantContains(t, ws1, `value="Inken Vollmering"`)
	})
}

// On a form posted back with errors, the language switch leads to the form's
// page, not to the address it was posted to (which has no page).
func TestLanguageSwitchOnARejectedForm(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		req := newPost("/admin/series", "title=&slug=")
		req.Header.Set("Referer", "http://example.test/admin/series/new")
		res := c.do(req)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `href="/admin/series/new?lang=en"`, `id="f-title-error">Bitte ausfüllen.`)
		wantStatus(t, c.get("/admin/series/new?lang=en"), http.StatusOK)
	})
}

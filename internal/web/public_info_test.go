package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// An edition that has begun cannot be opened for registration, new or
// stored; one left open can still be corrected, and a draft in the past is
// fine.
func TestAnEditionThatHasBegunCannotBeOpened(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		c := e.organiser(t)
		form := editionFormOf(conf)
		form.Set("status", model.StatusOpen)
		res := c.post("/admin/editions/"+id(conf.ID), form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-status-error">Die Konferenz hat schon begonnen: Die Anmeldung kann nicht mehr geöffnet werden.`)
		c.lang = "fr"
		wantContains(t, c.post("/admin/editions/"+id(conf.ID), form), "La conférence a déjà commencé")
		c.lang = ""
		if got, _ := e.db.Conference(t.Context(), conf.ID); got.Status != conf.Status {
			t.Fatalf("status %s after the refusal, want %s", got.Status, conf.Status)
		}

		past := editionForm()
		past.Set("slug", "dortmund-2015")
		past.Set("starts_at", "2015-03-11T10:00")
		past.Set("ends_at", "2015-03-11T17:00")
		past.Del("registration_opens_at")
		past.Del("registration_closes_at")
		res = c.post("/admin/series/"+id(conf.SeriesID)+"/editions", past)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-status-error">Die Konferenz hat schon begonnen`)
		past.Set("status", model.StatusDraft)
		wantStatus(t, c.post("/admin/series/"+id(conf.SeriesID)+"/editions", past), http.StatusSeeOther)

		// Left open by an earlier version, it can still be corrected.
		conf.Status = model.StatusOpen
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		form = editionFormOf(conf)
		form.Set("venue", "Rathaus Wuppertal-Barmen")
		wantStatus(t, c.post("/admin/editions/"+id(conf.ID), form), http.StatusSeeOther)
	})
}

// The programme and the registration form say until when one may register,
// and which languages each workshop is held in or interpreted into, each
// named in itself and marked with its language.
func TestThePublicIsToldTheDeadlineAndTheLanguages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 2, 10)
		deadline := conf.StartsAt.Add(-7 * 24 * time.Hour)
		conf.RegistrationClosesAt = &deadline
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		w, err := e.db.Workshop(t.Context(), slot.Workshops[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		w.Languages = "ar,dgs"
		if err := e.db.UpdateWorkshop(t.Context(), w); err != nil {
			t.Fatal(err)
		}
		loc := conf.Location()
		weekdays := []string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
		when := weekdays[deadline.In(loc).Weekday()] + ", " + deadline.In(loc).Format("2.1.2006, 15:04")
		languages := `Gehalten oder gedolmetscht in: <span lang="ar">العربية</span>, <span lang="de">Deutsche Gebärdensprache</span>`

		c := newClient(t, e.app.Handler())
		page := c.get("/k/" + conf.Slug)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "<dt>Anmeldeschluss</dt>", `<time datetime="`+deadline.UTC().Format(time.RFC3339)+`">`+when+"</time>",
			languages)
		form := c.get("/k/" + conf.Slug + "/anmelden")
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, "Anmeldeschluss: "+when+".", "<li><bdi>Arbeitsgruppe 1</bdi>: "+languages+"</li>")
		wantLacks(t, form, "<bdi>Arbeitsgruppe 2</bdi>")

		c.lang = "ar"
		wantContains(t, c.get("/k/"+conf.Slug), "آخر موعد للتسجيل", `تُعقد أو تُترجم فوريًا إلى: <span lang="ar">العربية</span>`)
	})
}

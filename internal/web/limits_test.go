package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Registration closing after the edition has begun is refused at its
// field, the form keeps what was typed and nothing is stored.
func TestRegistrationClosingAfterTheStartIsRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)
		form := editionForm()
		form.Set("registration_closes_at", "2045-03-11T12:00")
		res := c.post("/admin/editions/"+itoa(confID), form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-registration_closes_at-error">Die Anmeldung muss spätestens bei Beginn der Konferenz schließen`,
			`value="2045-03-11T12:00"`)
		c.lang = "ar"
		wantContains(t, c.post("/admin/editions/"+itoa(confID), form), "يجب أن يُغلق التسجيل عند بدء المؤتمر")
		conf, err := e.db.Conference(t.Context(), confID)
		if err != nil || conf.RegistrationClosesAt.In(conf.Location()).Format("2006-01-02T15:04") != "2045-03-01T23:59" {
			t.Fatalf("stored after the refusal: %v (%v)", conf.RegistrationClosesAt, err)
		}
	})
}

// An agenda item outside the edition's days is refused; so is moving the
// edition's days away from its agenda.
func TestAgendaItemsStayWithinTheEditionsDays(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)
		createSlot(t, c, confID, "Arbeitsgruppen")
		res := c.post("/admin/editions/"+itoa(confID)+"/sessions", url.Values{
			"kind": {"plenary"}, "title": {"Vorabend"}, "starts_at": {"2045-03-10T19:00"}, "ends_at": {"2045-03-10T21:00"},
		})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-starts_at-error">Der Programmpunkt muss an einem Tag der Konferenz liegen.`, `value="Vorabend"`)
		if p, _ := e.db.Programme(t.Context(), confID); len(p) != 1 {
			t.Fatalf("%d agenda items after the refusal, want the slot alone", len(p))
		}

		form := editionForm()
		form.Set("starts_at", "2045-03-18T10:00")
		form.Set("ends_at", "2045-03-18T17:00")
		res = c.post("/admin/editions/"+itoa(confID), form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-starts_at-error">1 Programmpunkt läge dann außerhalb der Konferenztage.`,
			`value="2045-03-18T10:00"`)
		conf, _ := e.db.Conference(t.Context(), confID)
		if got := conf.StartsAt.In(conf.Location()).Format("2006-01-02"); got != "2045-03-11" {
			t.Errorf("edition moved to %s", got)
		}
	})
}

// The edition's capacity cannot fall below the people confirmed: the
// message says how many, and the capacity stays.
func TestEditionCapacityNotBelowConfirmed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		for _, name := range []string{"Amina", "Karim", "Lena"} {
			registerAs(t, newClient(t, e.app.Handler()), registration(slot, name, ""))
		}
		c := e.organiser(t)
		form := editionFormOf(conf)
		form.Set("capacity", "2")
		res := c.post("/admin/editions/"+id(conf.ID), form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-capacity-error">Schon 3 Personen haben einen Platz: Weniger Plätze als das geht nicht.`, `value="2"`)
		c.lang = "en"
		wantContains(t, c.post("/admin/editions/"+id(conf.ID), form), "3 people already have a place")
		if got, _ := e.db.Conference(t.Context(), conf.ID); got.Capacity != 0 {
			t.Fatalf("capacity %d after the refusal", got.Capacity)
		}
		form.Set("capacity", "3")
		c.lang = ""
		wantStatus(t, c.post("/admin/editions/"+id(conf.ID), form), http.StatusSeeOther)
		if got, _ := e.db.Conference(t.Context(), conf.ID); got.Capacity != 3 {
			t.Fatalf("capacity %d, want 3", got.Capacity)
		}
	})
}

// A workshop's capacity cannot fall below the places taken in it: granted
// at once in first-come mode, or given by the published assignment.
func TestWorkshopCapacityNotBelowTaken(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := newOpenEdition(t, e.db, model.ModeFirstCome, 0, 2, 5)
		w := slot.Workshops[0]
		for _, name := range []string{"Amina", "Karim", "Lena"} {
			orgaRegister(t, e, conf, model.Registration{Name: name, Choices: map[int64][]int64{slot.ID: {w.ID}}})
		}
		c := e.organiser(t)
		form := workshopForm(w)
		form.Set("capacity", "2")
		res := c.post("/admin/workshops/"+itoa(w.ID), form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-capacity-error">Schon 3 Personen haben einen Platz in dieser Arbeitsgruppe`, `value="2"`)
		if got, _ := e.db.Workshop(t.Context(), w.ID); got.Capacity != 5 {
			t.Fatalf("capacity %d after the refusal", got.Capacity)
		}
		form.Set("capacity", "3")
		wantStatus(t, c.post("/admin/workshops/"+itoa(w.ID), form), http.StatusSeeOther)
	})
}

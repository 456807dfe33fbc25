package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// A newcomer to the demo reaches the upcoming edition's form from the
// start page, and an organiser sees its needs, runs the assignment, which
// places every confirmed person, and publishes it, without typing
// anything first.
func TestDemoUpcomingEdition(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		anon := newClient(t, e.app.Handler())
		form := `href="/k/` + demo.UpcomingSlug + `/anmelden"`
		wantContains(t, anon.get("/"), form, "Jetzt anmelden")
		wantLacks(t, anon.get("/"), `href="/k/`+demo.WuppertalSlug+`/anmelden"`)
		res := anon.get("/k/" + demo.UpcomingSlug + "/anmelden")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Wohnen", "Arbeit")

		conf, err := e.db.ConferenceBySlug(t.Context(), demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		orga := e.organiser(t)
		needs := orga.get("/admin/editions/" + itoa(conf.ID) + "/needs")
		wantStatus(t, needs, http.StatusOK)
		wantContains(t, needs, "العربية", "فارسی", "Українська", "ትግርኛ", "halal", "Rollstuhl")

		res = orga.post("/admin/editions/"+itoa(conf.ID)+"/assignment", nil)
		wantStatus(t, res, http.StatusSeeOther)
		run, err := e.db.Run(t.Context(), idFrom(t, res.Location, "/admin/assignment-runs/"))
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Assignments) != demo.UpcomingCapacity {
			t.Errorf("the run places %d people, want the %d confirmed", len(run.Assignments), demo.UpcomingCapacity)
		}
		for _, a := range run.Assignments {
			if a.WorkshopID == nil {
				t.Errorf("registration %d has no place, though the workshops have room in every language", a.RegistrationID)
			}
		}
		wantStatus(t, orga.get(res.Location), http.StatusOK)

		wantStatus(t, orga.post(res.Location+"/publish", confirmYes), http.StatusSeeOther)
		emails, err := e.db.Outbox(t.Context(), 1000)
		if err != nil {
			t.Fatal(err)
		}
		assignment := 0
		for _, m := range emails {
			if m.Kind == model.EmailAssignment {
				assignment++
			}
		}
		if assignment == 0 || assignment != len(emails) {
			t.Errorf("after publishing the outbox holds %d emails, %d of them assignments; want only assignment emails", len(emails), assignment)
		}

		// The demo facilitator logs in with the organiser's password and
		// sees the list of the housing workshop.
		if err := demo.EnsureOrganiser(t.Context(), e.db, organiserPassword); err != nil {
			t.Fatal(err)
		}
		f := newClient(t, e.app.Handler())
		wantStatus(t, f.post("/admin/login", url.Values{"email": {demo.FacilitatorEmail}, "password": {organiserPassword}, "next": {"/admin"}}),
			http.StatusSeeOther)
		mine := f.get("/admin/my-workshops")
		wantStatus(t, mine, http.StatusOK)
		wantContains(t, mine, "Wohnen", "3. Kommunale Flüchtlingskonferenz NRW")
		wantLacks(t, mine, "Gesundheit")
	})
}

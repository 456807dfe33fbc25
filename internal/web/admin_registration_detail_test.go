package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// The organisers' page of a registration shows the workshop the published
// assignment placed the person in, or that none is published or that they
// have no place, and the emails written to them with links to the outbox.
func TestRegistrationPageShowsPlacementAndEmails(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		amina := x.people["Amina"]
		page := "/admin/registrations/" + itoa(amina.ID)
		res := x.organiser.get(page)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Einteilung in die Arbeitsgruppen</h2>", "Die Einteilung in die Arbeitsgruppen ist noch nicht veröffentlicht.",
			"E-Mails an die Person", "Noch keine E-Mails.")

		run := x.run(t)
		// A run that is not published is not what the person sees.
		wantContains(t, x.organiser.get(page), "noch nicht veröffentlicht")
		wantStatus(t, x.organiser.post(run+"/publish", confirmYes), http.StatusSeeOther)
		stored, err := e.db.Run(t.Context(), idFrom(t, run, "/admin/assignment-runs/"))
		if err != nil {
			t.Fatal(err)
		}
		var placed *model.Workshop
		for _, a := range stored.Assignments {
			if a.RegistrationID == amina.ID && a.WorkshopID != nil {
				for _, w := range x.slot.Workshops {
					if w.ID == *a.WorkshopID {
						placed = &w
					}
				}
			}
		}
		if placed == nil {
			t.Fatal("the run gave Amina no place")
		}
		emails, err := e.db.RegistrationEmails(t.Context(), amina.ID)
		if err != nil || len(emails) != 1 {
			t.Fatalf("Amina's emails after publishing: %v (%v), want the assignment", emails, err)
		}
		where := placed.Title
		if placed.Room != "" {
			where += " (" + placed.Room + ")"
		}
		res = x.organiser.get(page)
		wantContains(t, res, "<dt>"+x.slot.Title+"</dt><dd>"+where+"</dd>",
			`href="/admin/outbox/`+itoa(emails[0].ID)+`"`, emails[0].Subject, "Workshop-Zuteilung", "Wartet")
		wantLacks(t, res, "noch nicht veröffentlicht", "Noch keine E-Mails.")

		if err := e.db.MarkEmailSent(t.Context(), emails[0].ID); err != nil {
			t.Fatal(err)
		}
		wantContains(t, x.organiser.get(page), "Verschickt: <time")

		// Someone who registered after the published run has no place in it.
		late := orgaRegister(t, e, x.conf, model.Registration{Name: "Zora", Email: email("zora@example.org")})
		wantContains(t, x.organiser.get("/admin/registrations/"+itoa(late.ID)),
			"<dt>"+x.slot.Title+"</dt><dd>Kein Platz</dd>", "Noch keine E-Mails.")
	})
}

// The organisers' form speaks about the participant, in every language,
// also when it comes back with an error; the participant's own page still
// speaks to them.
func TestRegistrationPageSpeaksAboutThePerson(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		amina := x.people["Amina"]
		page := "/admin/registrations/" + itoa(amina.ID)
		for _, tt := range []struct{ lang, name, contact, you string }{
			{"de", "Name der Person", "Name der Kontaktperson", "Ihr Name"},
			{"en", "Their name", "Name of the contact person", "Your name"},
			{"fr", "Nom de la personne", "Nom de la personne de contact", "Votre nom"},
			{"ar", "اسم الشخص", "اسم الشخص المسؤول عن التواصل", "اسمك"},
		} {
			res := x.organiser.get(page + "?lang=" + tt.lang)
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res, `<label for="f-name">`+tt.name, `<label for="f-contact_name">`+tt.contact)
			wantLacks(t, res, tt.you, "about_")
		}

		res := x.organiser.post(page+"?lang=de", url.Values{"name": {""}, "email": {"amina@example.org"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Name der Person", "Was die Person zur Teilnahme braucht")
		if r, err := e.db.Registration(t.Context(), amina.ID); err != nil || r.Name != "Amina" {
			t.Errorf("after the refused edit: %v (%v), want Amina unchanged", r, err)
		}

		own := newClient(t, e.app.Handler()).get(e.newPersonalLink(t, amina) + "?lang=de")
		wantStatus(t, own, http.StatusOK)
		wantContains(t, own, "Ihr Name (Kontaktperson)", "Was Sie zur Teilnahme brauchen")
		wantLacks(t, own, "Name der Kontaktperson", "Name der Person")
	})
}

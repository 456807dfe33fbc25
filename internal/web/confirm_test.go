package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// confirmYes is what a confirmation page's form posts.
var confirmYes = url.Values{"confirm": {"yes"}}

// deleteEmpty confirms deleting an edition the page found without registrations.
var deleteEmpty = url.Values{"confirm": {"yes"}, "expect": {"0"}}

// wantConfirmPage fails unless res is a confirmation page whose form posts
// to action with confirm=yes.
func wantConfirmPage(t *testing.T, res response, action string, want ...string) {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, append(want, `action="`+action+`"`, `name="confirm" value="yes"`)...)
}

// Deleting an edition with registrations asks first, counting what goes;
// only the confirmation deletes it, and the deletion is in the audit log.
func TestDeletingAnEditionAsksFirstAndIsAudited(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina Diallo", "amina@example.org"))
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Karim", "karim@example.org"))
		programme, err := e.db.Programme(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := e.organiser(t)
		path := "/admin/editions/" + id(conf.ID) + "/delete"

		wantContains(t, c.get("/admin/editions/"+id(conf.ID)+"/edit"), `<form method="get" action="`+path+`"`)
		page := c.get(path)
		wantConfirmPage(t, page, path, "Konferenz löschen?", "<li>2 Anmeldungen</li>", "<li>2 E-Mails</li>",
			"<li>"+strconv.Itoa(len(programme))+" Programmpunkte</li>", "im Protokoll festgehalten")
		c.lang = "ar"
		wantContains(t, c.get(path), "<li>\u200Fتسجيلان</li>", "<li>\u200Fرسالتا بريد إلكتروني</li>")
		c.lang = ""

		// Without the confirmation nothing changes.
		for _, form := range []url.Values{nil, {"confirm": {"1"}, "expect": {"2"}}, confirmYes} {
			wantConfirmPage(t, c.post(path, form), path, "<li>2 Anmeldungen</li>")
			if _, err := e.db.Conference(t.Context(), conf.ID); err != nil {
				t.Fatalf("deleted without confirmation: %v", err)
			}
		}
		if log, _ := e.db.AuditLog(t.Context(), 10); len(log) != 0 {
			t.Fatalf("audited without deleting: %+v", log)
		}

		// The page said 2 registrations; a third came meanwhile: it says so and asks again.
		wantContains(t, page, `name="expect" value="2"`)
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Lena", "lena@example.org"))
		res := c.post(path, url.Values{"confirm": {"yes"}, "expect": {"2"}})
		wantStatus(t, res, http.StatusConflict)
		wantContains(t, res, "Es wurde nichts gelöscht.", "<li>3 Anmeldungen</li>", `name="expect" value="3"`)
		if _, err := e.db.Conference(t.Context(), conf.ID); err != nil {
			t.Fatalf("deleted with a stale count: %v", err)
		}

		res = c.post(path, url.Values{"confirm": {"yes"}, "expect": {"3"}})
		wantStatus(t, res, http.StatusSeeOther)
		if _, err := e.db.Conference(t.Context(), conf.ID); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("edition after the confirmation: %v", err)
		}
		log, err := e.db.AuditLog(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].Action != model.AuditEditionDeleted || log[0].Actor != "orga@example.test" ||
			log[0].Detail != demo.WuppertalSlug+": 3 registrations, 3 emails" {
			t.Fatalf("audit log %+v", log)
		}
		res = c.post("/admin/series/"+id(conf.SeriesID)+"/editions", editionForm())
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, c.get(res.Location+"/registrations"), "Konferenz mit Anmeldungen gelöscht")
	})
}

// An edition without registrations asks too, says it is empty, and its
// deletion holds no personal data to audit.
func TestDeletingAnEmptyEditionIsNotAudited(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)
		path := "/admin/editions/" + itoa(confID) + "/delete"
		wantConfirmPage(t, c.get(path), path, "Sie hat weder Programm noch Anmeldungen.")
		wantLacks(t, c.get(path), "Protokoll")
		wantStatus(t, c.post(path, deleteEmpty), http.StatusSeeOther)
		if _, err := e.db.Conference(t.Context(), confID); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("edition after the confirmation: %v", err)
		}
		if log, _ := e.db.AuditLog(t.Context(), 10); len(log) != 0 {
			t.Errorf("audit log %+v", log)
		}
	})
}

// A series with editions says how many stand in the way and offers no
// button; an empty one asks, and goes only with the confirmation.
func TestDeletingASeriesAsksFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		seriesID := createSeries(t, e, c)
		path := "/admin/series/" + itoa(seriesID) + "/delete"
		res := c.post("/admin/series/"+itoa(seriesID)+"/editions", editionForm())
		wantStatus(t, res, http.StatusSeeOther)
		confID := idFrom(t, res.Location, "/admin/editions/")

		wantContains(t, c.get("/admin/series/"+itoa(seriesID)+"/edit"), `<form method="get" action="`+path+`"`)
		page := c.get(path)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Reihe löschen?", "Diese Reihe hat noch 1 Konferenz.")
		wantLacks(t, page, `name="confirm"`)
		res = c.post(path, confirmYes)
		wantStatus(t, res, http.StatusConflict)
		wantContains(t, res, "Diese Reihe hat noch 1 Konferenz.")

		wantStatus(t, c.post("/admin/editions/"+itoa(confID)+"/delete", deleteEmpty), http.StatusSeeOther)
		wantConfirmPage(t, c.get(path), path, "Sie hat keine Konferenzen mehr.")
		wantConfirmPage(t, c.post(path, nil), path)
		if _, err := e.db.Series(t.Context(), seriesID); err != nil {
			t.Fatalf("deleted without confirmation: %v", err)
		}
		wantStatus(t, c.post(path, confirmYes), http.StatusSeeOther)
		if _, err := e.db.Series(t.Context(), seriesID); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("series after the confirmation: %v", err)
		}
	})
}

// An organiser's cancellation says who moves up; without the confirmation
// the person keeps their place.
func TestOrganiserCancellationAsksFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		amina, karim, _ := orgaPeople(t, e, conf, slot)
		c := e.organiser(t)
		path := "/admin/registrations/" + id(amina.ID)

		wantContains(t, c.get(path), `<form method="get" action="`+path+`/cancel"`)
		wantConfirmPage(t, c.get(path+"/cancel"), path+"/cancel", "Amina Diallo",
			"Die Anmeldung wird abgesagt, und ihr Platz wird frei.",
			"Die erste von 2 Personen auf der Warteliste rückt nach und wird benachrichtigt.")
		c.lang = "fr"
		wantContains(t, c.get(path+"/cancel"), "La première des 2 personnes sur la liste d’attente")
		c.lang = ""
		wantConfirmPage(t, c.post(path+"/cancel", nil), path+"/cancel")
		if got, _ := e.db.Registration(t.Context(), amina.ID); got.Status != model.RegConfirmed {
			t.Fatalf("Amina is %s without the confirmation", got.Status)
		}
		// Someone waiting only leaves the list.
		wantConfirmPage(t, c.get("/admin/registrations/"+id(karim.ID)+"/cancel"), "/admin/registrations/"+id(karim.ID)+"/cancel",
			"Die Anmeldung wird abgesagt und von der Warteliste genommen.")

		wantStatus(t, c.post(path+"/cancel", confirmYes), http.StatusSeeOther)
		if got, _ := e.db.Registration(t.Context(), amina.ID); got.Status != model.RegCancelled {
			t.Fatalf("Amina is %s after the confirmation", got.Status)
		}
		page := c.get(path + "/cancel")
		wantContains(t, page, "Diese Anmeldung ist schon abgesagt.")
		wantLacks(t, page, `name="confirm"`)
	})
}

// From the personal link, cancelling and deleting one's data each ask
// first, saying what goes and what stays.
func TestParticipantCancelAndDeleteAskFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 1)
		c := newClient(t, e.app.Handler())
		personal := registerAs(t, c, registration(slot, "Amina Diallo", "amina@example.org"))
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Karim", "karim@example.org"))
		amina, err := e.db.RegistrationByToken(t.Context(), strings.TrimPrefix(personal, "/r/"))
		if err != nil {
			t.Fatal(err)
		}

		page := c.get(personal)
		wantContains(t, page, `<form method="get" action="`+personal+`/cancel"`, `<form method="get" action="`+personal+`/delete"`)
		cancel := c.get(personal + "/cancel")
		wantConfirmPage(t, cancel, personal+"/cancel", conf.Title, "Ihre Anmeldung wird abgesagt, und Ihr Platz wird frei.",
			"Die Person auf der Warteliste rückt nach und wird benachrichtigt.")
		if cancel.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", cancel.Header.Get("Cache-Control"))
		}
		c.lang = "en"
		wantContains(t, c.get(personal+"/cancel"), "The person on the waiting list moves up and is told.")
		c.lang = ""
		wantConfirmPage(t, c.post(personal+"/cancel", nil), personal+"/cancel")

		// Another link to the same registration makes two.
		if _, err := e.db.NewLink(t.Context(), amina.ID); err != nil {
			t.Fatal(err)
		}
		del := c.get(personal + "/delete")
		wantConfirmPage(t, del, personal+"/delete", "Meine Daten löschen?", "<li>Ihr Name, Ihre Kontaktdaten und alle Ihre Angaben</li>",
			"<li>1 E-Mail</li>", "<li>2 persönliche Links, auch dieser hier</li>", "Ihr Platz wird frei.")
		wantConfirmPage(t, c.post(personal+"/delete", url.Values{"confirm_delete": {"1"}}), personal+"/delete")
		got, err := e.db.Registration(t.Context(), amina.ID)
		if err != nil || got.Status != model.RegConfirmed || got.Name != "Amina Diallo" {
			t.Fatalf("without the confirmation: %+v (%v)", got, err)
		}

		wantStatus(t, c.post(personal+"/cancel", confirmYes), http.StatusSeeOther)
		if got, _ := e.db.Registration(t.Context(), amina.ID); got.Status != model.RegCancelled {
			t.Fatalf("after the confirmation Amina is %s", got.Status)
		}
		// Cancelled, the data page no longer speaks of a place.
		del = c.get(personal + "/delete")
		wantConfirmPage(t, del, personal+"/delete", "Ohne Namen bleiben nur")
		wantLacks(t, del, "Platz wird frei")
	})
}

// Publishing says how many people get an email and how many have no
// address; without the confirmation nothing is published or queued.
func TestPublishingAsksFirst(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		orgaRegister(t, e, x.conf, model.Registration{Name: "Gül", Category: "volunteer",
			Choices: map[int64][]int64{x.slot.ID: {x.a3.ID}}})
		run := x.run(t)
		publish := run + "/publish"

		wantContains(t, x.organiser.get(run), `<form method="get" action="`+publish+`"`)
		wantConfirmPage(t, x.organiser.get(publish), publish, "Zuteilung veröffentlichen?",
			"<li>6 Personen bekommen eine E-Mail mit ihrem Workshop.</li>",
			"<li>1 Person hat keine E-Mail-Adresse: Sagen Sie ihr ihren Workshop auf anderem Weg.</li>")
		x.organiser.lang = "ar"
		wantContains(t, x.organiser.get(publish), "يتلقى 6 أشخاص رسالة بريد إلكتروني بورشاتهم.")
		x.organiser.lang = ""
		wantConfirmPage(t, x.organiser.post(publish, nil), publish)
		if id, _ := e.db.PublishedRunID(t.Context(), x.conf.ID); id != 0 {
			t.Fatalf("published run %d without the confirmation", id)
		}
		if to := assignmentMails(t, e); len(to) != 0 {
			t.Fatalf("queued without the confirmation: %v", to)
		}

		wantStatus(t, x.organiser.post(publish, confirmYes), http.StatusSeeOther)
		if to := assignmentMails(t, e); len(to) != 6 {
			t.Fatalf("queued %v, want 6 emails as the page said", to)
		}
		page := x.organiser.get(publish)
		wantContains(t, page, "Diese Zuteilung ist veröffentlicht")
		wantLacks(t, page, `name="confirm"`)

		// A later run that changes nobody's workshop emails nobody, and says so.
		again := x.run(t)
		wantConfirmPage(t, x.organiser.get(again+"/publish"), again+"/publish",
			"Für niemanden ändert sich ein Workshop: Es wird keine E-Mail verschickt.")
	})
}

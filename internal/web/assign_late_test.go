package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// lateEdition is a published assignment: an edition of four places and
// two workshops of two places each, A1 in room 101 with Arabic
// interpretation and A2 in room 102. Anna and Ben are placed in A1, Cem
// and Dora in A2, each their first choice; Emil (A1, A2), Frida (A2) and
// Gül (A2, A1) wait, in that order, with addresses.
type lateEdition struct {
	conf      *model.Conference
	slot      model.Session
	a1, a2    model.Workshop
	people    map[string]*model.Registration
	organiser *client
	runPath   string // the published run
}

func newLateEdition(t *testing.T, e *env, capacity int, publish bool) *lateEdition {
	t.Helper()
	conf, slot := newOpenEdition(t, e.db, model.ModeAssign, capacity, 2, 2)
	x := &lateEdition{conf: conf, slot: slot, a1: slot.Workshops[0], a2: slot.Workshops[1],
		people: map[string]*model.Registration{}, organiser: e.organiser(t)}
	for _, w := range []struct {
		w               *model.Workshop
		room, languages string
	}{{&x.a1, "Raum 101", "ar"}, {&x.a2, "Raum 102", ""}} {
		form := workshopForm(*w.w)
		form.Set("room", w.room)
		if w.languages != "" {
			form.Set("languages", w.languages)
		}
		wantStatus(t, x.organiser.post("/admin/workshops/"+itoa(w.w.ID), form), http.StatusSeeOther)
		w.w.Room = w.room
	}
	for _, p := range []struct {
		name    string
		choices []model.Workshop
	}{
		{"Anna", []model.Workshop{x.a1, x.a2}}, {"Ben", []model.Workshop{x.a1, x.a2}},
		{"Cem", []model.Workshop{x.a2}}, {"Dora", []model.Workshop{x.a2}},
		{"Emil", []model.Workshop{x.a1, x.a2}}, {"Frida", []model.Workshop{x.a2}}, {"Gül", []model.Workshop{x.a2, x.a1}},
	} {
		x.people[p.name] = x.register(t, e, p.name, "", p.choices...)
	}
	if publish {
		x.runPath = x.publish(t)
	}
	return x
}

// register stores a registration as an organiser's tool would, with an
// address made from the name.
func (x *lateEdition) register(t *testing.T, e *env, name, interpreting string, choices ...model.Workshop) *model.Registration {
	t.Helper()
	r := model.Registration{Name: name, Email: email(strings.NewReplacer("ü", "ue").Replace(strings.ToLower(name)) + "@example.org"), Interpreting: interpreting,
		Choices: map[int64][]int64{}}
	for _, w := range choices {
		r.Choices[x.slot.ID] = append(r.Choices[x.slot.ID], w.ID)
	}
	return orgaRegister(t, e, x.conf, r)
}

// publish runs the assignment and publishes it; it returns the run's page.
func (x *lateEdition) publish(t *testing.T) string {
	t.Helper()
	res := x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/assignment", nil)
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, x.organiser.post(res.Location+"/publish", confirmYes), http.StatusSeeOther)
	return res.Location
}

// cancel cancels a person's registration on the organisers' page.
func (x *lateEdition) cancel(t *testing.T, name string) {
	t.Helper()
	res := x.organiser.post("/admin/registrations/"+itoa(x.people[name].ID)+"/cancel", confirmYes)
	wantStatus(t, res, http.StatusSeeOther)
}

// placements returns where the published run has each person now: the
// workshop's title, "-" for none, with the rank and source of the row.
func (x *lateEdition) placements(t *testing.T, e *env) map[string]string {
	t.Helper()
	rows, err := e.db.PublishedPlacements(t.Context(), x.conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for n, r := range x.people {
		names[r.ID] = n
	}
	out := map[string]string{}
	for _, a := range rows {
		where := "-"
		switch {
		case a.WorkshopID == nil:
		case *a.WorkshopID == x.a1.ID:
			where = "A1"
		case *a.WorkshopID == x.a2.ID:
			where = "A2"
		}
		out[names[a.RegistrationID]] = fmt.Sprintf("%s %d %s", where, a.Rank, a.Source)
	}
	return out
}

// wantPlacements fails unless the published run places people as want says.
func (x *lateEdition) wantPlacements(t *testing.T, e *env, want map[string]string) {
	t.Helper()
	got := x.placements(t, e)
	if len(got) != len(want) {
		t.Errorf("published placements %v, want %v", got, want)
	}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("%s: placed %q, want %q (all: %v)", n, got[n], w, got)
		}
	}
}

// lastEmail returns the newest email of the kind to the address, with its attachment.
func lastEmail(t *testing.T, e *env, kind, to string) *model.Email {
	t.Helper()
	var found *model.Email
	for _, m := range outbox(t, e.db) {
		if m.Kind == kind && m.Recipient == to {
			full, err := e.db.Email(t.Context(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			found = full
		}
	}
	if found == nil {
		t.Fatalf("no %s email to %s", kind, to)
	}
	return found
}

// wantBody fails unless the email's body has every string.
func wantBody(t *testing.T, m *model.Email, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(m.Body, w) {
			t.Errorf("email to %s lacks %q:\n%s", m.Recipient, w, m.Body)
		}
	}
}

// After publishing, a cancellation moves the first person waiting up, and
// they are placed at once in the freed workshop, without anyone else's
// placement changing; their email names the workshop and its room, and
// their page shows it. Someone whose ranked workshops are full stays
// without one, is told that the organisers will place them, and heads the
// assignment page; the next one moving up gets their best-ranked workshop
// with room.
func TestLatePromotionPlacedAtOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newLateEdition(t, e, 4, true)
		x.wantPlacements(t, e, map[string]string{"Anna": "A1 1 auto", "Ben": "A1 1 auto", "Cem": "A2 1 auto", "Dora": "A2 1 auto"})
		assignment := "/admin/editions/" + itoa(x.conf.ID) + "/assignment"
		wantLacks(t, x.organiser.get(assignment), "Noch ohne Workshop")

		// Ben cancels: Emil moves up into his place in A1.
		x.cancel(t, "Ben")
		x.wantPlacements(t, e, map[string]string{"Anna": "A1 1 auto", "Ben": "A1 1 auto", "Cem": "A2 1 auto", "Dora": "A2 1 auto",
			"Emil": "A1 1 late"})
		mail := lastEmail(t, e, model.EmailPromoted, "emil@example.org")
		loc := x.conf.Location()
		when := x.slot.StartsAt.In(loc).Format("15:04") + "–" + x.slot.EndsAt.In(loc).Format("15:04")
		wantBody(t, mail, "Sie sind von der Warteliste nachgerückt", "Sie sind hier dabei:",
			when+" Arbeitsgruppen: Arbeitsgruppe 1 (Raum 101)")
		if strings.Contains(mail.Body, "teilt Sie ein") {
			t.Errorf("Emil, placed, is told the organisers will place him:\n%s", mail.Body)
		}
		if !strings.Contains(string(mail.Attachment), "Arbeitsgruppe 1") {
			t.Errorf("Emil's calendar file lacks his workshop:\n%s", mail.Attachment)
		}
		page := newClient(t, e.app.Handler()).get(linkIn(t, mail.Body))
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Ihr Workshop", "Arbeitsgruppe 1</bdi>, <bdi lang=\"de\">Raum 101",
			">"+x.slot.StartsAt.In(loc).Format("15:04")+"</time>")
		wantContains(t, x.organiser.get(x.runPath+"?q=Emil"), "nach der Veröffentlichung zugeteilt")

		// Anna cancels: Frida moves up, but A2, the only workshop she
		// ranked, is full. She is not put into A1, which has room.
		x.cancel(t, "Anna")
		x.wantPlacements(t, e, map[string]string{"Anna": "A1 1 auto", "Ben": "A1 1 auto", "Cem": "A2 1 auto", "Dora": "A2 1 auto",
			"Emil": "A1 1 late", "Frida": "- 0 late"})
		mail = lastEmail(t, e, model.EmailPromoted, "frida@example.org")
		wantBody(t, mail, when+" Arbeitsgruppen: noch kein Workshop",
			"Das Organisationsteam teilt Sie ein und schreibt Ihnen dann.")
		page = x.organiser.get(assignment)
		wantContains(t, page, "Noch ohne Workshop", "1 bestätigte Person hat in der veröffentlichten Zuteilung noch keinen Workshop",
			`<a href="/admin/registrations/`+itoa(x.people["Frida"].ID)+`"><bdi>Frida</bdi></a>`, "nach der Veröffentlichung bestätigt")
		if strings.Index(page.Body, "Noch ohne Workshop") > strings.Index(page.Body, "Zuteilung jetzt berechnen") {
			t.Error("the people without a workshop are not at the top of the assignment page")
		}
		list := x.organiser.get("/admin/editions/" + itoa(x.conf.ID) + "/registrations")
		if n := strings.Count(list.Body, "noch ohne Workshop</a>"); n != 1 {
			t.Errorf("the registrations list marks %d people without a workshop, want 1 (Frida)", n)
		}
		wantContains(t, list, `<a href="`+assignment+`#late-heading">noch ohne Workshop</a>`)

		// Frida cancels too: Gül moves up. A2, her first choice, is full;
		// she gets A1, her second, which has room.
		x.cancel(t, "Frida")
		x.wantPlacements(t, e, map[string]string{"Anna": "A1 1 auto", "Ben": "A1 1 auto", "Cem": "A2 1 auto", "Dora": "A2 1 auto",
			"Emil": "A1 1 late", "Frida": "- 0 late", "Gül": "A1 2 late"})
		wantBody(t, lastEmail(t, e, model.EmailPromoted, "guel@example.org"), "Arbeitsgruppen: Arbeitsgruppe 1 (Raum 101)")
		wantLacks(t, x.organiser.get(assignment), "Noch ohne Workshop")

		// The late placements are part of what was published: a new run
		// that keeps them tells nobody again.
		told := len(assignmentMails(t, e))
		x.runPath = x.publish(t)
		x.wantPlacements(t, e, map[string]string{"Cem": "A2 1 auto", "Dora": "A2 1 auto", "Emil": "A1 1 auto", "Gül": "A1 2 auto"})
		if mails := assignmentMails(t, e); len(mails) != told {
			t.Errorf("publishing a run that keeps everyone emailed more: %v, %d before", mails, told)
		}
	})
}

// After publishing, a registration (an organiser's or anyone's, while
// registration is open) is placed at once: in a workshop offering the
// language the person needs before a better-ranked one without it, else
// in the best-ranked with room, else in none, and the confirmation says
// which.
func TestLateRegistrationPlacedAtOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newLateEdition(t, e, 0, false)
		for _, n := range []string{"Emil", "Frida", "Gül"} { // no limit: everybody has a place
			x.cancel(t, n)
		}
		x.runPath = x.publish(t)
		form := func(name string, interpreting string, choices ...model.Workshop) url.Values {
			v := url.Values{"name": {name}, "email": {strings.ToLower(name) + "@example.org"}, "consent": {"1"},
				"interpretation": {interpreting}}
			for i, w := range choices {
				v.Set(model.ChoiceField(x.slot.ID, i+1), itoa(w.ID))
			}
			return v
		}
		// A1 and A2 are full; Anna and Cem cancel, so each has one place.
		x.cancel(t, "Anna")
		x.cancel(t, "Cem")

		// The organiser registers Samira, who needs Arabic and ranks A2
		// first: A1 offers Arabic, so she is placed there.
		res := x.organiser.post("/k/"+x.conf.Slug+"/anmelden", form("Samira", "ar", x.a2, x.a1))
		wantStatus(t, res, http.StatusSeeOther)
		samira, err := e.db.RegistrationByEmail(t.Context(), x.conf.ID, "samira@example.org")
		if err != nil {
			t.Fatal(err)
		}
		x.people["Samira"] = samira
		mail := lastEmail(t, e, model.EmailConfirmation, "samira@example.org")
		wantBody(t, mail, "Sie sind angemeldet", "Sie sind hier dabei:", "Arbeitsgruppen: Arbeitsgruppe 1 (Raum 101)")

		// Tom registers himself for A2 and gets its last place.
		public := newClient(t, e.app.Handler())
		res = public.post("/k/"+x.conf.Slug+"/anmelden", form("Tom", "", x.a2))
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, public.get(res.Location), "Ihr Workshop", "Arbeitsgruppe 2</bdi>, <bdi lang=\"de\">Raum 102")
		wantBody(t, lastEmail(t, e, model.EmailConfirmation, "tom@example.org"), "Arbeitsgruppen: Arbeitsgruppe 2 (Raum 102)")

		// Ulla finds both full: confirmed, without a workshop, and told so.
		res = public.post("/k/"+x.conf.Slug+"/anmelden", form("Ulla", "", x.a1, x.a2))
		wantStatus(t, res, http.StatusSeeOther)
		wantBody(t, lastEmail(t, e, model.EmailConfirmation, "ulla@example.org"), "Arbeitsgruppen: noch kein Workshop",
			"Das Organisationsteam teilt Sie ein")
		for name, address := range map[string]string{"Tom": "tom@example.org", "Ulla": "ulla@example.org"} {
			r, err := e.db.RegistrationByEmail(t.Context(), x.conf.ID, address)
			if err != nil {
				t.Fatal(err)
			}
			x.people[name] = r
		}
		x.wantPlacements(t, e, map[string]string{"Anna": "A1 1 auto", "Ben": "A1 1 auto", "Cem": "A2 1 auto", "Dora": "A2 1 auto",
			"Samira": "A1 2 late", "Tom": "A2 1 late", "Ulla": "- 0 late"})
		wantContains(t, x.organiser.get("/admin/editions/"+itoa(x.conf.ID)+"/assignment"), "Noch ohne Workshop",
			`<bdi>Ulla</bdi></a>:`)
	})
}

// Before anything is published, moving up and registering place nobody:
// the run stays as computed, the emails name no workshop, and nobody is
// listed as without one.
func TestLateNothingBeforePublishing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newLateEdition(t, e, 4, false)
		res := x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/assignment", nil)
		wantStatus(t, res, http.StatusSeeOther)
		before, err := e.db.Run(t.Context(), idFrom(t, res.Location, "/admin/assignment-runs/"))
		if err != nil {
			t.Fatal(err)
		}
		x.cancel(t, "Ben")
		after, err := e.db.Run(t.Context(), before.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Assignments) != len(before.Assignments) || len(before.Assignments) != 4 {
			t.Errorf("the draft run had %d placements, now %d", len(before.Assignments), len(after.Assignments))
		}
		mail := lastEmail(t, e, model.EmailPromoted, "emil@example.org")
		wantBody(t, mail, "Sie sind von der Warteliste nachgerückt")
		if strings.Contains(mail.Body, "Arbeitsgruppe 1") || strings.Contains(mail.Body, "dabei") {
			t.Errorf("a promotion before publishing names a workshop:\n%s", mail.Body)
		}
		wantLacks(t, x.organiser.get("/admin/editions/"+itoa(x.conf.ID)+"/assignment"), "Noch ohne Workshop")
		wantLacks(t, x.organiser.get("/admin/editions/"+itoa(x.conf.ID)+"/registrations"), "noch ohne Workshop")
		placed, err := e.db.PublishedAssignments(t.Context(), x.people["Emil"])
		if err != nil || len(placed) != 0 {
			t.Errorf("Emil placed before publishing: %v, %v", placed, err)
		}
	})
}

// Ten people move up at once into the places of ten who cancel at once,
// all wanting A1, which has two places left in the published run: two are
// placed, eight are not, and A1 is never overfilled, on both databases.
func TestLatePromotionsAtOnceNeverOverfill(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const n = 10
		conf, slot := newOpenEdition(t, e.db, model.ModeAssign, n+1, 2, 3)
		a1, a2 := slot.Workshops[0], slot.Workshops[1]
		organiser := e.organiser(t)
		form := workshopForm(a2)
		form.Set("capacity", itoa(n))
		wantStatus(t, organiser.post("/admin/workshops/"+itoa(a2.ID), form), http.StatusSeeOther)
		register := func(name string, w model.Workshop) *model.Registration {
			return orgaRegister(t, e, conf, model.Registration{Name: name, Choices: map[int64][]int64{slot.ID: {w.ID}}})
		}
		register("Anna", a1)
		var leaving, waiting []*model.Registration
		for i := range n {
			leaving = append(leaving, register(fmt.Sprintf("Leaving %d", i), a2))
		}
		for i := range n {
			waiting = append(waiting, register(fmt.Sprintf("Waiting %d", i), a1))
		}
		res := organiser.post("/admin/editions/"+itoa(conf.ID)+"/assignment", nil)
		wantStatus(t, res, http.StatusSeeOther)
		wantStatus(t, organiser.post(res.Location+"/publish", confirmYes), http.StatusSeeOther)

		var wg sync.WaitGroup
		for _, r := range leaving {
			wg.Go(func() {
				res := organiser.post("/admin/registrations/"+itoa(r.ID)+"/cancel", confirmYes)
				if res.Status != http.StatusSeeOther {
					t.Errorf("cancelling %s: status %d", r.Name, res.Status)
				}
			})
		}
		wg.Wait()

		rows, err := e.db.PublishedPlacements(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		late := map[int64]*model.Assignment{}
		inA1 := 0
		for _, a := range rows {
			if a.Source == model.SourceLate {
				late[a.RegistrationID] = &a
			}
			if a.WorkshopID != nil && *a.WorkshopID == a1.ID {
				inA1++
			}
		}
		placed := 0
		for _, r := range waiting {
			a := late[r.ID]
			switch {
			case a == nil:
				t.Errorf("%s moved up but has no placement", r.Name)
			case a.WorkshopID != nil:
				placed++
			}
		}
		if inA1 != 3 || placed != 2 {
			t.Errorf("A1 (3 places) holds %d in the published run; %d of those moving up placed, want 2", inA1, placed)
		}
		page := organiser.get("/admin/editions/" + itoa(conf.ID) + "/assignment")
		wantContains(t, page, "8 bestätigte Personen haben in der veröffentlichten Zuteilung noch keinen Workshop")
	})
}

// Forty people register at once after publishing, all for A1, which has
// two places left: the registration writer stores them in a few
// transactions of several each, and two are placed, the others are not,
// on both databases.
func TestLateRegistrationsAtOnceNeverOverfill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", RegistrationLimit: -1})
		const n = 40
		conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 2, 3)
		a1 := slot.Workshops[0]
		organiser := e.organiser(t)
		orgaRegister(t, e, conf, model.Registration{Name: "Anna", Choices: map[int64][]int64{slot.ID: {a1.ID}}})
		res := organiser.post("/admin/editions/"+itoa(conf.ID)+"/assignment", nil)
		wantStatus(t, res, http.StatusSeeOther)
		wantStatus(t, organiser.post(res.Location+"/publish", confirmYes), http.StatusSeeOther)

		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				form := url.Values{"name": {fmt.Sprintf("Person %d", i)}, "consent": {"1"},
					model.ChoiceField(slot.ID, 1): {itoa(a1.ID)}}
				if res := newClient(t, e.app.Handler()).post("/k/"+conf.Slug+"/anmelden", form); res.Status != http.StatusSeeOther {
					t.Errorf("person %d: status %d", i, res.Status)
				}
			})
		}
		wg.Wait()

		rows, err := e.db.PublishedPlacements(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		inA1, late := 0, 0
		for _, a := range rows {
			if a.Source == model.SourceLate {
				late++
			}
			if a.WorkshopID != nil && *a.WorkshopID == a1.ID {
				inA1++
			}
		}
		if inA1 != 3 || late != n {
			t.Errorf("A1 (3 places) holds %d in the published run, %d late rows; want 3 and %d", inA1, late, n)
		}
	})
}

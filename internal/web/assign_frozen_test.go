package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// publish runs the assignment, publishes the run and returns its path.
func (x *assignmentEdition) publish(t *testing.T) string {
	t.Helper()
	run := x.run(t)
	wantStatus(t, x.organiser.post(run+"/publish", confirmYes), http.StatusSeeOther)
	return run
}

// placedIn returns the workshop the published run placed a person in, 0 for none.
func (x *assignmentEdition) placedIn(t *testing.T, e *env, name string) int64 {
	t.Helper()
	placed, err := e.db.PublishedAssignments(t.Context(), x.people[name])
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range placed {
		if a.SessionID == x.slot.ID && a.WorkshopID != nil {
			return *a.WorkshopID
		}
	}
	return 0
}

// personalForm is the personal page's form as a person sends it: their
// details as stored, with the given choices for the slot (none: the form
// without choice selects).
func (x *assignmentEdition) personalForm(name string, choices ...model.Workshop) url.Values {
	r := x.people[name]
	form := url.Values{"name": {r.Name}, "email": {*r.Email}, "phone": {r.Phone}, "organisation": {r.Organisation},
		"category": {r.Category}, "interpretation": {r.Interpreting}}
	for i, w := range choices {
		form.Set(model.ChoiceField(x.slot.ID, i+1), itoa(w.ID))
	}
	return form
}

// storedChoices returns a person's choices in the slot as stored.
func (x *assignmentEdition) storedChoices(t *testing.T, e *env, name string) (*model.Registration, []int64) {
	t.Helper()
	r, err := e.db.Registration(t.Context(), x.people[name].ID)
	if err != nil {
		t.Fatal(err)
	}
	return r, r.Choices[x.slot.ID]
}

// Once the published assignment placed a person, their page shows where
// they go first and their wishes read only; a form still carrying other
// wishes saves the other fields, keeps the wishes and says so. A person
// the published run did not place keeps choosing.
func TestAssignFrozenWishes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		bernd := e.newPersonalLink(t, x.people["Bernd"])
		c := newClient(t, e.app.Handler())
		choice1 := `name="` + model.ChoiceField(x.slot.ID, 1) + `"`

		// Before publishing the wishes can be changed.
		page := c.get(bernd)
		wantContains(t, page, choice1)
		wantLacks(t, page, "Ihre Wünsche", "Um einen Wechsel bitten")
		res := c.post(bernd, x.personalForm("Bernd", x.a3, x.a2))
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, c.get(res.Location), "Gespeichert.")
		if _, got := x.storedChoices(t, e, "Bernd"); !slices.Equal(got, []int64{x.a3.ID, x.a2.ID}) {
			t.Fatalf("choices before publishing: %v", got)
		}

		x.publish(t)
		placed := x.placedIn(t, e, "Bernd")
		if placed == 0 {
			t.Fatal("Bernd has no place")
		}
		title := map[int64]string{x.a1.ID: x.a1.Title, x.a2.ID: x.a2.Title, x.a3.ID: x.a3.Title}[placed]

		// The page: the workshop with its time first, the wishes as a
		// list, no select to change them.
		page = c.get(bernd)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Ihr Workshop", title, `–<time datetime=`, "Ihre Wünsche",
			"<li>1. Wunsch: <bdi lang=\"de\">"+x.a3.Title+"</bdi></li>", "<li>2. Wunsch: <bdi lang=\"de\">"+x.a2.Title+"</bdi></li>",
			"lassen sich nicht mehr ändern", "Um einen Wechsel bitten", `name="phone"`)
		wantLacks(t, page, choice1, `name="`+model.ChoiceField(x.slot.ID, 2)+`"`)
		if at, status := strings.Index(page.Body, "Ihr Workshop"), strings.Index(page.Body, `id="status-heading"`); at < 0 || at > status {
			t.Errorf("the workshop is not first: at %d, the status at %d", at, status)
		}

		// A form opened before publishing still carries choices: the other
		// fields are saved, the wishes stay, and the page says so.
		form := x.personalForm("Bernd", x.a1)
		form.Set("phone", "0202 999")
		res = c.post(bernd, form)
		wantStatus(t, res, http.StatusSeeOther)
		after := c.get(res.Location)
		wantContains(t, after, "Ihre Angaben sind gespeichert. Ihre Workshop-Wünsche sind nicht geändert")
		wantLacks(t, after, `<p class="flash" role="status">Gespeichert.</p>`)
		r, got := x.storedChoices(t, e, "Bernd")
		if !slices.Equal(got, []int64{x.a3.ID, x.a2.ID}) || r.Phone != "0202 999" {
			t.Errorf("after posting other wishes: choices %v, phone %q", got, r.Phone)
		}
		// Even an unreadable choice changes nothing and fails nothing.
		form.Set(model.ChoiceField(x.slot.ID, 1), "x")
		wantStatus(t, c.post(bernd, form), http.StatusSeeOther)

		// The form as the page shows it now: saved, with no word about wishes.
		form = x.personalForm("Bernd")
		form.Set("organisation", "Caritas Wuppertal")
		res = c.post(bernd, form)
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, c.get(res.Location), "Gespeichert.")
		if r, got := x.storedChoices(t, e, "Bernd"); !slices.Equal(got, []int64{x.a3.ID, x.a2.ID}) || r.Organisation != "Caritas Wuppertal" {
			t.Errorf("after saving details: choices %v, organisation %q", got, r.Organisation)
		}
		// An invalid detail is refused as ever, the wishes not offered.
		form.Set("email", "kein-at")
		res = c.post(bernd, form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-email-error"`)
		wantLacks(t, res, choice1)

		// In English too.
		c.lang = "en"
		wantContains(t, c.get(bernd), "Your choices", "can no longer be changed", "Ask for a change")

		// Someone registered after the published run has no place in it:
		// they still choose, and cannot ask for a change.
		farid := orgaRegister(t, e, x.conf, model.Registration{Name: "Farid", Email: email("farid@example.org"),
			Choices: map[int64][]int64{x.slot.ID: {x.a1.ID}}})
		link := e.newPersonalLink(t, farid)
		page = c.get(link)
		wantContains(t, page, choice1)
		wantLacks(t, page, "Your choices", "Ask for a change")
		res = c.post(link, url.Values{"name": {"Farid"}, "email": {"farid@example.org"}, model.ChoiceField(x.slot.ID, 1): {itoa(x.a3.ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		if stored, err := e.db.Registration(t.Context(), farid.ID); err != nil || !slices.Equal(stored.Choices[x.slot.ID], []int64{x.a3.ID}) {
			t.Errorf("Farid's choices: %v (%v)", stored.Choices, err)
		}
	})
}

// A placed person asks for a change with a short message: it is stored,
// shown to them and on the organisers' assignment page, where an
// organiser marks it handled. Too long a message is refused with the text
// kept; before publishing or after cancelling there is nothing to ask.
// The data download has the requests, and deleting the data deletes them.
func TestAssignFrozenChangeRequest(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		clara := e.newPersonalLink(t, x.people["Clara"])
		c := newClient(t, e.app.Handler())
		ask := func(message string) response {
			t.Helper()
			return c.post(urls.ChangeRequest(strings.TrimPrefix(clara, "/r/")), url.Values{"change_message": {message}})
		}
		stored := func() []model.ChangeRequest {
			t.Helper()
			rs, err := e.db.ChangeRequests(t.Context(), x.people["Clara"].ID)
			if err != nil {
				t.Fatal(err)
			}
			return rs
		}

		// Before publishing: nothing to ask for.
		res := ask("Ich möchte zu Arbeitsgruppe 1.")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "erst, wenn die Zuteilung veröffentlicht ist")
		if rs := stored(); len(rs) != 0 {
			t.Fatalf("stored before publishing: %+v", rs)
		}

		x.publish(t)
		page := c.get(clara)
		wantContains(t, page, "Um einen Wechsel bitten", `name="change_message"`, "Höchstens 500 Zeichen.")
		wantLacks(t, page, `name="change_slot"`) // one slot: nothing to choose

		// Too long: refused at the field, the text kept; empty: required.
		long := strings.Repeat("Wohnen statt Arbeit. ", 25) // 525 characters
		res = ask(long)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-change_message-error"`, "Bitte fassen Sie sich kürzer: höchstens 500 Zeichen.",
			strings.TrimSpace(long)+"</textarea>", `value="`+x.people["Clara"].Phone+`"`)
		res = ask("  ")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-change_message-error"`, "Bitte ausfüllen.")
		res = c.post(urls.ChangeRequest(strings.TrimPrefix(clara, "/r/")), url.Values{"change_message": {"Bitte"}, "change_slot": {"999"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Bitte einen der angebotenen Werte wählen.")
		if rs := stored(); len(rs) != 0 {
			t.Fatalf("stored although refused: %+v", rs)
		}

		message := "Ich arbeite selbst in einer Unterkunft.\r\nWohnen wäre <b>besser</b>."
		res = ask(message)
		wantStatus(t, res, http.StatusSeeOther)
		page = c.get(res.Location)
		wantContains(t, page, "Ihre Bitte ist beim Organisationsteam angekommen.", "liegt dem Organisationsteam vor",
			"Wohnen wäre &lt;b&gt;besser&lt;/b&gt;.")
		wantLacks(t, page, `name="change_message"`)
		rs := stored()
		if len(rs) != 1 || rs[0].Message != message || rs[0].HandledAt != nil || rs[0].SessionID == nil || *rs[0].SessionID != x.slot.ID {
			t.Fatalf("stored: %+v", rs)
		}
		// One open request at a time.
		res = ask("Noch einmal.")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Sie haben schon um einen Wechsel gebeten")
		if len(stored()) != 1 {
			t.Errorf("a second open request: %+v", stored())
		}

		// The organisers' assignment page lists it, with where Clara is now.
		assignment := urls.Assignment(x.conf.ID)
		handled := urls.ChangeRequestHandled(x.conf.ID, rs[0].ID)
		now := map[int64]string{x.a2.ID: x.a2.Title, x.a3.ID: x.a3.Title}[x.placedIn(t, e, "Clara")]
		list := x.organiser.get(assignment)
		wantContains(t, list, "Bitten um einen Wechsel", "1 Person möchte die Arbeitsgruppe wechseln.",
			`href="/admin/registrations/`+itoa(x.people["Clara"].ID)+`"><bdi>Clara</bdi>`,
			"Jetzt zugeteilt: <bdi>Arbeitsgruppen: "+now+"</bdi>", "Wohnen wäre &lt;b&gt;besser&lt;/b&gt;.", `action="`+handled+`"`)

		// Only organisers mark it handled.
		f := newClient(t, e.app.Handler())
		wantStatus(t, f.post("/admin/login", url.Values{"email": {"fatima@example.org"}, "password": {organiserPassword}, "next": {"/admin"}}),
			http.StatusSeeOther)
		wantStatus(t, f.post(handled, nil), http.StatusNotFound)
		if res := newClient(t, e.app.Handler()).post(handled, nil); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("without login: %d %q", res.Status, res.Location)
		}
		wantStatus(t, x.organiser.post(urls.ChangeRequestHandled(x.conf.ID, rs[0].ID+100), nil), http.StatusNotFound)
		if rs := stored(); rs[0].HandledAt != nil {
			t.Fatalf("handled by someone else: %+v", rs[0])
		}

		res = x.organiser.post(handled, nil)
		wantStatus(t, res, http.StatusSeeOther)
		if res.Location != assignment {
			t.Errorf("after marking handled: %q", res.Location)
		}
		list = x.organiser.get(assignment)
		wantContains(t, list, "Die Bitte ist als erledigt markiert.")
		wantLacks(t, list, "Bitten um einen Wechsel", "besser")
		orga, err := e.db.UserByEmail(t.Context(), "orga@example.test")
		if err != nil {
			t.Fatal(err)
		}
		if rs := stored(); rs[0].HandledAt == nil || rs[0].HandledBy == nil || *rs[0].HandledBy != orga.ID {
			t.Errorf("handled: %+v", rs[0])
		}
		log, err := e.db.AuditLog(t.Context(), 10)
		if err != nil || len(log) == 0 || log[0].Action != model.AuditChangeRequestHandled || log[0].Actor != orga.Email ||
			strings.Contains(log[0].Detail, "Wohnen") {
			t.Errorf("audit log: %+v, %v", log, err)
		}
		// Marking it again changes nothing and logs nothing more.
		wantStatus(t, x.organiser.post(handled, nil), http.StatusSeeOther)
		if again, _ := e.db.AuditLog(t.Context(), 10); len(again) != len(log) {
			t.Errorf("marked twice: %d events, then %d", len(log), len(again))
		}
		// Clara may ask again.
		wantContains(t, c.get(clara), `name="change_message"`)

		// Her data download has the request, with when it was handled.
		res = c.get(urls.PersonalData(strings.TrimPrefix(clara, "/r/")))
		wantStatus(t, res, http.StatusOK)
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(res.Body), &raw); err != nil {
			t.Fatal(err)
		}
		var requests []map[string]any
		if err := json.Unmarshal(raw["change_requests"], &requests); err != nil || len(requests) != 1 {
			t.Fatalf("change requests in the download: %s (%v)", raw["change_requests"], err)
		}
		if r := requests[0]; r["message"] != message || r["slot"] != x.slot.Title || r["handled_at"] == nil || r["created_at"] == nil {
			t.Errorf("the request downloaded: %v", r)
		}

		// After cancelling there is nothing to ask for.
		wantStatus(t, ask("Zweite Bitte"), http.StatusSeeOther)
		wantStatus(t, c.post(urls.PersonalCancel(strings.TrimPrefix(clara, "/r/")), confirmYes), http.StatusSeeOther)
		page = c.get(clara)
		wantLacks(t, page, "Um einen Wechsel bitten", `name="change_message"`)
		res = ask("Dritte Bitte")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "nur solange Sie angemeldet sind")
		if len(stored()) != 2 {
			t.Errorf("requests after cancelling: %+v", stored())
		}
		// Nor does the organisers' page list the open request of someone who cancelled.
		wantLacks(t, x.organiser.get(assignment), "Zweite Bitte")

		// Deleting her data deletes her requests and their messages.
		wantStatus(t, c.post(urls.PersonalDelete(strings.TrimPrefix(clara, "/r/")), confirmYes), http.StatusSeeOther)
		if rs := stored(); len(rs) != 0 {
			t.Errorf("requests kept after deleting the data: %+v", rs)
		}
	})
}

// needsOf returns the part of the needs overview about one workshop.
func needsOf(t *testing.T, page response, w model.Workshop) string {
	t.Helper()
	start := strings.Index(page.Body, `id="needs-w`+itoa(w.ID)+`"`)
	if start < 0 {
		t.Fatalf("no needs of %s:\n%s", w.Title, page.Body)
	}
	end := strings.Index(page.Body[start:], "</section>")
	return page.Body[start : start+end]
}

// The needs overview and the facilitators' page count a workshop's
// interpretation by the people who ranked it first until a run is
// published, and then by the people placed there, and say which: Amina,
// who needs Arabic, ranked A2 first but is placed in A1, which offers it.
func TestAssignFrozenNeedsByPlacement(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		arabic := `<tr><th scope="row">العربية</th><td>1</td><td>0</td></tr>`
		needs := urls.Needs(x.conf.ID)
		f := newClient(t, e.app.Handler())
		wantStatus(t, f.post("/admin/login", url.Values{"email": {"fatima@example.org"}, "password": {organiserPassword}, "next": {"/admin"}}),
			http.StatusSeeOther)

		page := x.organiser.get(needs)
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Noch ist keine Zuteilung veröffentlicht: Je Arbeitsgruppe zählen die Personen, die sie als 1. Wunsch gewählt haben")
		if a1, a2 := needsOf(t, page, x.a1), needsOf(t, page, x.a2); strings.Contains(a1, arabic) || !strings.Contains(a2, arabic) ||
			!strings.Contains(a2, "3 angemeldet, 0 auf der Warteliste.") {
			t.Errorf("before publishing, Arabic counts for A2 (her first wish):\nA1: %s\nA2: %s", a1, a2)
		}
		list := f.get(urls.WorkshopParticipants(x.a2.ID))
		wantContains(t, list, "Noch ist keine Zuteilung veröffentlicht.", "Als 1. Wunsch gewählt: 3 angemeldet, 0 auf der Warteliste · Plätze: 2",
			"als 1. Wunsch gewählt haben: eine Schätzung", "العربية: 1")
		wantLacks(t, list, "<bdi>Amina</bdi>", "<bdi>Bernd</bdi>") // no names before publishing

		x.publish(t)
		if got := x.placedIn(t, e, "Amina"); got != x.a1.ID {
			t.Fatalf("Amina is placed in %d, want A1 (%d)", got, x.a1.ID)
		}
		page = x.organiser.get(needs)
		wantContains(t, page, "Je Arbeitsgruppe zählen die Personen, die die veröffentlichte Zuteilung dort hingesetzt hat.")
		wantLacks(t, page, "als 1. Wunsch")
		if a1, a2 := needsOf(t, page, x.a1), needsOf(t, page, x.a2); !strings.Contains(a1, arabic) || strings.Contains(a2, arabic) ||
			!strings.Contains(a2, "2 angemeldet, 0 auf der Warteliste.") {
			t.Errorf("after publishing, Arabic counts for A1 (where she is placed):\nA1: %s\nA2: %s", a1, a2)
		}
		// The whole edition counts her once, as before.
		wantContains(t, page, "6 angemeldet, 0 auf der Warteliste.")

		list = f.get(urls.WorkshopParticipants(x.a2.ID))
		wantContains(t, list, "Teilnehmende: 2 · Plätze: 2", "Gezählt sind die Personen, die die veröffentlichte Zuteilung in diese Arbeitsgruppe gesetzt hat.")
		wantLacks(t, list, "العربية: ", "Als 1. Wunsch")
		wantContains(t, x.organiser.get(urls.WorkshopParticipants(x.a1.ID)), "<bdi>Amina</bdi>", "العربية: 1")

		x.organiser.lang = "en"
		wantContains(t, x.organiser.get(needs), "For each workshop, the people the published assignment placed there are counted.")
	})
}

// With two workshop slots, a person placed in both says which one their
// request is about; the wishes of each slot are listed, and a slot without
// any says so.
func TestAssignFrozenChangeRequestNamesItsSlot(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		ctx := t.Context()
		late := &model.Session{ConferenceID: x.conf.ID, Kind: model.KindWorkshopSlot, Title: "Späte Runde",
			StartsAt: x.slot.EndsAt.Add(30 * time.Minute), EndsAt: x.slot.EndsAt.Add(150 * time.Minute)}
		if err := e.db.CreateSession(ctx, late); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			w := &model.Workshop{SessionID: late.ID, Topic: model.TopicOther, Title: "Späte Gruppe " + itoa(int64(i+1)), Capacity: 6, Position: i}
			if err := e.db.CreateWorkshop(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		x.publish(t)
		david := e.newPersonalLink(t, x.people["David"])
		c := newClient(t, e.app.Handler())
		page := c.get(david)
		wantContains(t, page, `name="change_slot"`, `<option value="`+itoa(late.ID)+`" lang="de">Späte Runde</option>`,
			"<h3><bdi lang=\"de\">Späte Runde</bdi></h3>\n  <p>Keine Wünsche angegeben.</p>", "1. Wunsch: <bdi lang=\"de\">"+x.a1.Title)

		res := c.post(urls.ChangeRequest(strings.TrimPrefix(david, "/r/")), url.Values{"change_message": {"Später lieber Gruppe 2."},
			"change_slot": {itoa(late.ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		wantContains(t, c.get(david), "Block: <bdi lang=\"de\">Späte Runde</bdi>")
		rs, err := e.db.ChangeRequests(ctx, x.people["David"].ID)
		if err != nil || len(rs) != 1 || rs[0].SessionID == nil || *rs[0].SessionID != late.ID {
			t.Fatalf("stored: %+v (%v)", rs, err)
		}
		wantContains(t, x.organiser.get(urls.Assignment(x.conf.ID)), "Block: <bdi>Späte Runde</bdi>", "Später lieber Gruppe 2.")
	})
}

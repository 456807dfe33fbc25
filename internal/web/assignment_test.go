package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// assignmentEdition is an edition of three workshops of two places each;
// the first is interpreted into Arabic, and Fatima, a facilitator account,
// is invited to the second. Six people are registered:
//
//	Amina  needs Arabic, ranks A2, A1  → only A1 offers Arabic
//	Fatima facilitates A2              → fixed there
//	Bernd  ranks A2, A3; Clara ranks A2, A3 → one of them gets A2's last place
//	David  ranks A1, A3; Eva ranks A3
type assignmentEdition struct {
	conf       *model.Conference
	slot       model.Session
	a1, a2, a3 model.Workshop
	people     map[string]*model.Registration
	organiser  *client
}

func newAssignmentEdition(t *testing.T, e *env) *assignmentEdition {
	t.Helper()
	conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 3, 2)
	x := &assignmentEdition{conf: conf, slot: slot, a1: slot.Workshops[0], a2: slot.Workshops[1], a3: slot.Workshops[2],
		people: map[string]*model.Registration{}, organiser: e.organiser(t)}
	fatima := &model.User{Email: "fatima@example.org", Name: "Fatima Yılmaz", Role: model.RoleFacilitator}
	if err := e.db.CreateUserWithPassword(t.Context(), fatima, organiserPassword); err != nil {
		t.Fatal(err)
	}

	// The workshop form takes the languages and the facilitators.
	edit := x.organiser.get("/admin/workshops/" + itoa(x.a1.ID) + "/edit")
	wantContains(t, edit, `name="languages" value="ar"`, `lang="ar">العربية</label>`, `name="facilitators" value="`+itoa(fatima.ID)+`"`)
	form := workshopForm(x.a1)
	form.Set("languages", "xx")
	res := x.organiser.post("/admin/workshops/"+itoa(x.a1.ID), form)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantContains(t, res, `id="f-languages-error"`, `value="Arbeitsgruppe 1"`)
	form.Set("languages", "ar")
	wantStatus(t, x.organiser.post("/admin/workshops/"+itoa(x.a1.ID), form), http.StatusSeeOther)
	form = workshopForm(x.a2)
	form.Set("facilitators", itoa(fatima.ID))
	wantStatus(t, x.organiser.post("/admin/workshops/"+itoa(x.a2.ID), form), http.StatusSeeOther)
	stored, err := e.db.Workshop(t.Context(), x.a2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stored.FacilitatorIDs, []int64{fatima.ID}) {
		t.Fatalf("facilitators of A2: %v", stored.FacilitatorIDs)
	}

	add := func(name, address, interpreting string, choices ...model.Workshop) {
		r := model.Registration{Name: name, Email: email(address), Organisation: "Initiative " + name,
			Phone: "0202 " + name, Category: "volunteer", Interpreting: interpreting,
			Choices: map[int64][]int64{}}
		for _, w := range choices {
			r.Choices[slot.ID] = append(r.Choices[slot.ID], w.ID)
		}
		x.people[name] = orgaRegister(t, e, conf, r)
	}
	add("Amina", "amina@example.org", "ar", x.a2, x.a1)
	add("Fatima", "FATIMA@example.org", "", x.a1)
	add("Bernd", "bernd@example.org", "", x.a2, x.a3)
	add("Clara", "clara@example.org", "", x.a2, x.a3)
	add("David", "david@example.org", "", x.a1, x.a3)
	add("Eva", "eva@example.org", "", x.a3)
	return x
}

func workshopForm(w model.Workshop) url.Values {
	return url.Values{"topic": {w.Topic}, "title": {w.Title}, "capacity": {itoa(int64(w.Capacity))}, "position": {itoa(int64(w.Position))}}
}

// run starts a run through the page and returns the new run's path.
func (x *assignmentEdition) run(t *testing.T) string {
	t.Helper()
	res := x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/assignment", nil)
	wantStatus(t, res, http.StatusSeeOther)
	if !strings.HasPrefix(res.Location, "/admin/assignment-runs/") {
		t.Fatalf("run went to %q", res.Location)
	}
	return res.Location
}

// placed returns, per workshop, the names a run placed there (under 0 those
// without a place), and the source of each placement.
func (x *assignmentEdition) placed(t *testing.T, e *env, runPath string) (map[int64][]string, map[string]string) {
	t.Helper()
	run, err := e.db.Run(t.Context(), idFrom(t, runPath, "/admin/assignment-runs/"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for n, r := range x.people {
		names[r.ID] = n
	}
	in, source := map[int64][]string{}, map[string]string{}
	for _, a := range run.Assignments {
		if a.WorkshopID == nil {
			in[0] = append(in[0], names[a.RegistrationID])
			continue
		}
		in[*a.WorkshopID] = append(in[*a.WorkshopID], names[a.RegistrationID])
		source[names[a.RegistrationID]] = a.Source
	}
	for _, ns := range in {
		slices.Sort(ns)
	}
	return in, source
}

// assignmentMails returns the assignment emails queued so far, by recipient.
func assignmentMails(t *testing.T, e *env) []string {
	t.Helper()
	var to []string
	for _, m := range outbox(t, e.db) {
		if m.Kind == model.EmailAssignment {
			to = append(to, m.Recipient)
		}
	}
	slices.Sort(to)
	return to
}

// An organiser runs the assignment, reads the preview, moves a person by
// hand, publishes; participants see their workshop and are emailed, and a
// later publication emails only those whose workshop changed.
func TestAssignmentRunMovePublish(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		page := x.organiser.get("/admin/editions/" + itoa(x.conf.ID) + "/assignment")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page, "Noch keine Zuteilung berechnet.")

		first := x.run(t)
		in, source := x.placed(t, e, first)
		if !slices.Equal(in[x.a1.ID], []string{"Amina", "David"}) || len(in[x.a2.ID]) != 2 || !slices.Contains(in[x.a2.ID], "Fatima") ||
			len(in[x.a3.ID]) != 2 || !slices.Contains(in[x.a3.ID], "Eva") {
			t.Fatalf("first run: %v", in)
		}
		if source["Fatima"] != model.SourceFixed || source["Amina"] != model.SourceAuto {
			t.Errorf("sources: %v", source)
		}
		preview := x.organiser.get(first)
		wantStatus(t, preview, http.StatusOK)
		wantContains(t, preview, "1. Wahl: 3", "2. Wahl: 2", "nicht gewählter Workshop: 0", "ohne Platz: 0", "fest zugeteilt: 1",
			`<meter min="0" max="2" value="2">`, "voll: mehr wollten hinein",
			"1 Person konnte nicht hinein, weil ihre Sprache fehlt", "Veröffentlichen und benachrichtigen")
		wantContains(t, x.organiser.get(first+"?q=fatima"), "Moderation oder Input")

		// Eva moved into A2 by hand: A2 is full, so the organiser says that
		// whoever of Bernd and Clara is there leaves; the pin is a new run
		// that keeps her there.
		move := url.Values{"registration_id": {itoa(x.people["Eva"].ID)},
			"session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a2.ID)}}
		wantContains(t, x.organiser.post(first+"/move", move), "„Arbeitsgruppe 2“ ist voll")
		leaver := x.people["Bernd"]
		if !slices.Contains(in[x.a2.ID], "Bernd") {
			leaver = x.people["Clara"]
		}
		move.Set("leaves", itoa(leaver.ID))
		res := x.organiser.post(first+"/move", move)
		wantStatus(t, res, http.StatusSeeOther)
		moved := res.Location
		if moved == first {
			t.Fatal("moving made no new run")
		}
		in, source = x.placed(t, e, moved)
		if !slices.Equal(in[x.a2.ID], []string{"Eva", "Fatima"}) || !slices.Equal(in[x.a3.ID], []string{"Bernd", "Clara"}) ||
			source["Eva"] != model.SourceManual {
			t.Fatalf("after moving Eva: %v %v", in, source)
		}
		again := x.run(t)
		if in, _ := x.placed(t, e, again); !slices.Equal(in[x.a2.ID], []string{"Eva", "Fatima"}) {
			t.Errorf("a later run dropped the pin: %v", in)
		}
		wantContains(t, x.organiser.get("/admin/editions/"+itoa(x.conf.ID)+"/assignment"), "Von Hand verschoben", "<bdi>Eva</bdi>: <bdi>Arbeitsgruppen</bdi> → <bdi>Arbeitsgruppe 2</bdi>")

		// Before publishing, participants see no workshop.
		amina := e.newPersonalLink(t, x.people["Amina"])
		c := newClient(t, e.app.Handler())
		wantLacks(t, c.get(amina), "Ihr Workshop")

		wantStatus(t, x.organiser.post(again+"/publish", confirmYes), http.StatusSeeOther)
		wantContains(t, x.organiser.get(again), "Diese Zuteilung ist veröffentlicht")
		personal := c.get(amina)
		wantContains(t, personal, "Ihr Workshop", "Arbeitsgruppe 1")
		mails := assignmentMails(t, e)
		want := []string{"FATIMA@example.org", "amina@example.org", "bernd@example.org", "clara@example.org", "david@example.org", "eva@example.org"}
		if !slices.Equal(mails, want) {
			t.Fatalf("first publication emailed %v", mails)
		}

		// The pin taken away, Eva stays in A2, where she was told to go.
		// Moved back to A3 by hand, with Bernd leaving it for his first
		// choice, A2: publishing that emails just those two.
		res = x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/pins/delete", url.Values{
			"registration_id": {itoa(x.people["Eva"].ID)}, "session_id": {itoa(x.slot.ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		unpinned := x.run(t)
		if in, _ = x.placed(t, e, unpinned); !slices.Equal(in[x.a2.ID], []string{"Eva", "Fatima"}) {
			t.Fatalf("without the pin: %v", in)
		}
		res = x.organiser.post(unpinned+"/move", url.Values{"registration_id": {itoa(x.people["Eva"].ID)},
			"session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a3.ID)}, "leaves": {itoa(x.people["Bernd"].ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		later := res.Location
		in, _ = x.placed(t, e, later)
		if !slices.Equal(in[x.a3.ID], []string{"Clara", "Eva"}) || !slices.Equal(in[x.a2.ID], []string{"Bernd", "Fatima"}) {
			t.Fatalf("Eva back in A3: %v", in)
		}
		wantContains(t, x.organiser.get(later), "Es ist schon eine frühere Zuteilung veröffentlicht.")
		wantStatus(t, x.organiser.post(later+"/publish", confirmYes), http.StatusSeeOther)
		mails = assignmentMails(t, e)
		if len(mails) != 8 || strings.Count(strings.Join(mails, " "), "eva@example.org") != 2 ||
			strings.Count(strings.Join(mails, " "), "bernd@example.org") != 2 {
			t.Errorf("second publication: all emails %v", mails)
		}
		var body string
		for _, m := range outbox(t, e.db) {
			if m.Kind == model.EmailAssignment && m.Recipient == "eva@example.org" {
				full, err := e.db.Email(t.Context(), m.ID)
				if err != nil {
					t.Fatal(err)
				}
				body = full.Body
			}
		}
		if !strings.Contains(body, "Arbeitsgruppen: Arbeitsgruppe 3") {
			t.Errorf("Eva's last email:\n%s", body)
		}
		wantStatus(t, c.get(linkIn(t, body)), http.StatusOK)
	})
}

// newPersonalLink makes a personal link for a registration stored without one.
func (e *env) newPersonalLink(t *testing.T, r *model.Registration) string {
	t.Helper()
	token, err := e.db.NewLink(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return "/r/" + token
}

// Facilitators see the list of their own workshop, with names,
// organisations and interpretation, and nothing else of anyone.
func TestFacilitatorSeesTheirWorkshop(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		run := x.run(t)
		f := newClient(t, e.app.Handler())
		res := f.post("/admin/login", url.Values{"email": {"fatima@example.org"}, "password": {organiserPassword}, "next": {"/admin"}})
		wantStatus(t, res, http.StatusSeeOther)
		res = f.get("/admin")
		if res.Status != http.StatusSeeOther || res.Location != "/admin/my-workshops" {
			t.Fatalf("a facilitator's start: %d %q", res.Status, res.Location)
		}
		mine := f.get("/admin/my-workshops")
		wantContains(t, mine, `href="/admin/workshops/`+itoa(x.a2.ID)+`/participants"`)
		wantLacks(t, mine, "Arbeitsgruppe 1")

		list := f.get("/admin/workshops/" + itoa(x.a2.ID) + "/participants")
		wantStatus(t, list, http.StatusOK)
		wantContains(t, list, "Noch ist keine Zuteilung veröffentlicht.")
		wantStatus(t, x.organiser.post(run+"/publish", confirmYes), http.StatusSeeOther)
		list = f.get("/admin/workshops/" + itoa(x.a2.ID) + "/participants")
		wantContains(t, list, "Fatima", "Initiative Fatima", "Teilnehmende: 2 · Plätze: 2")
		wantLacks(t, list, "@example.org", "0202", "Amina")

		// Amina needs Arabic: A1's list says so, for booking the interpreter.
		wantContains(t, x.organiser.get("/admin/workshops/"+itoa(x.a1.ID)+"/participants"), "Amina", "العربية: 1")

		for _, path := range []string{"/admin/workshops/" + itoa(x.a1.ID) + "/participants",
			"/admin/editions/" + itoa(x.conf.ID) + "/assignment", run} {
			wantStatus(t, f.get(path), http.StatusNotFound)
		}
		wantStatus(t, f.post(run+"/publish", confirmYes), http.StatusNotFound)
	})
}

// The rule for a mix of voices is checked like every form, and fixed
// placements that cannot fit are refused with a message naming the workshop.
func TestAssignmentSettingsAndRefusedRun(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		settings := "/admin/editions/" + itoa(x.conf.ID) + "/assignment/settings"
		res := x.organiser.post(settings, url.Values{"share_category": {"councillor"}, "max_share": {"150"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Bitte eine Zahl von 0 bis 100.", `value="150"`)
		res = x.organiser.post(settings, url.Values{"share_category": {"volunteer"}, "max_share": {"50"},
			"share_rule": {"strict"}, "language_rule": {"strict"}})
		wantStatus(t, res, http.StatusSeeOther)
		conf, err := e.db.Conference(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conf.ShareCategory != "volunteer" || conf.MaxShare != 50 {
			t.Fatalf("share rule stored: %q %d", conf.ShareCategory, conf.MaxShare)
		}
		// Everybody is a volunteer: one per workshop of two, three placed.
		run := x.run(t)
		in, _ := x.placed(t, e, run)
		for w, names := range in {
			if w != 0 && len(names) > 1 {
				t.Errorf("workshop %d has %v, more than half its places", w, names)
			}
		}
		if len(in[0]) != 3 {
			t.Errorf("without a place: %v", in[0])
		}
		wantContains(t, x.organiser.get(run), "Anteil einer Gruppe erreicht", "ohne Platz: 3")

		// Fatima is fixed to A2; pinning two more there overfills it.
		for _, name := range []string{"Bernd", "Clara"} {
			res = x.organiser.post(run+"/move", url.Values{"registration_id": {itoa(x.people[name].ID)},
				"session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a2.ID)}})
		}
		wantStatus(t, res, http.StatusConflict)
		wantContains(t, res, "„Arbeitsgruppe 2“")

		// Someone registering after a run is not in it, and its page says so.
		orgaRegister(t, e, x.conf, model.Registration{Name: "Farid", Email: email("farid@example.org")})
		wantContains(t, x.organiser.get(run), "1 bestätigte Anmeldung ist nach diesem Lauf dazugekommen")
	})
}

// An edition without workshops has nothing to assign: the page says what
// to do, and no run is kept.
func TestAssignmentWithoutWorkshops(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		confID := createEdition(t, e, c)
		res := c.post("/admin/editions/"+itoa(confID)+"/assignment", nil)
		wantStatus(t, res, http.StatusConflict)
		wantContains(t, res, "Diese Ausgabe hat noch keine Workshops.")
		runs, err := e.db.Runs(t.Context(), confID)
		if err != nil || len(runs) != 0 {
			t.Errorf("runs kept: %v (%v)", runs, err)
		}
	})
}

// The people listed on a workshop (moderation, input) are fixed to it when
// they register, matched by name whatever their case and spacing; a move
// or pin deletion naming another edition's workshop or a forged id finds
// nothing.
func TestSpeakersFixedAndForgedMoves(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		form := workshopForm(x.a3)
		form.Set("people.0.name", "Inken Vollmering")
		form.Set("people.0.role", model.RoleModerator)
		wantStatus(t, x.organiser.post("/admin/workshops/"+itoa(x.a3.ID), form), http.StatusSeeOther)
		inken := orgaRegister(t, e, x.conf, model.Registration{Name: "  inken  VOLLMERING", Email: email("inken@example.org"),
			Choices: map[int64][]int64{x.slot.ID: {x.a1.ID}}})
		x.people["Inken"] = inken
		run := x.run(t)
		in, source := x.placed(t, e, run)
		if !slices.Contains(in[x.a3.ID], "Inken") || source["Inken"] != model.SourceFixed {
			t.Fatalf("the moderator of A3: %v %v", in, source)
		}

		// A workshop of another edition.
		otherID := createEdition(t, e, x.organiser)
		otherSlot := &model.Session{ConferenceID: otherID, Kind: model.KindWorkshopSlot, Title: "AGs",
			StartsAt: x.slot.StartsAt, EndsAt: x.slot.EndsAt}
		if err := e.db.CreateSession(t.Context(), otherSlot); err != nil {
			t.Fatal(err)
		}
		otherWorkshop := &model.Workshop{SessionID: otherSlot.ID, Topic: model.TopicOther, Title: "Fremd", Capacity: 5}
		if err := e.db.CreateWorkshop(t.Context(), otherWorkshop); err != nil {
			t.Fatal(err)
		}
		for _, form := range []url.Values{
			{"registration_id": {itoa(inken.ID)}, "session_id": {itoa(otherSlot.ID)}, "workshop_id": {itoa(otherWorkshop.ID)}},
			{"registration_id": {"x"}, "session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a1.ID)}},
		} {
			wantStatus(t, x.organiser.post(run+"/move", form), http.StatusNotFound)
		}
		pins, err := e.db.Pins(t.Context(), x.conf.ID)
		if err != nil || len(pins) != 0 {
			t.Errorf("pins after forged moves: %v (%v)", pins, err)
		}
		wantStatus(t, x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/pins/delete",
			url.Values{"registration_id": {"1"}, "session_id": {"nope"}}), http.StatusNotFound)
	})
}

// A cancelled workshop slot places nobody, although people chose in it
// before it was called off; the other slots are placed as before.
func TestRunSkipsCancelledSlot(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		second := &model.Session{ConferenceID: x.conf.ID, Kind: model.KindWorkshopSlot, Title: "Zweite Runde",
			StartsAt: x.slot.EndsAt, EndsAt: x.slot.EndsAt.Add(time.Hour)}
		if err := e.db.CreateSession(t.Context(), second); err != nil {
			t.Fatal(err)
		}
		later := &model.Workshop{SessionID: second.ID, Topic: model.TopicOther, Title: "Später", Capacity: 10}
		if err := e.db.CreateWorkshop(t.Context(), later); err != nil {
			t.Fatal(err)
		}
		form := sessionValues(&x.slot, x.conf.Location())
		form.Set("cancelled", "1")
		wantStatus(t, x.organiser.post(urls.AdminSession(x.slot.ID), form), http.StatusSeeOther)

		run, err := e.db.Run(t.Context(), idFrom(t, x.run(t), "/admin/assignment-runs/"))
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Assignments) != len(x.people) {
			t.Errorf("%d placements for %d people", len(run.Assignments), len(x.people))
		}
		for _, a := range run.Assignments {
			if a.SessionID != second.ID {
				t.Errorf("placed in the cancelled slot: %+v", a)
			}
		}
	})
}

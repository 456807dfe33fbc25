package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The organisers' screen of a run after publishing: runs start from the
// published one, say who moves and why, who is placed anew and who has no
// place; figures an organiser reads; a search by name and one page per
// person; moves that change nothing or ask who leaves a full workshop.

// publishRun publishes the given run through its confirmation.
func (x *assignmentEdition) publishRun(t *testing.T, runPath string) {
	t.Helper()
	wantStatus(t, x.organiser.post(runPath+"/publish", confirmYes), http.StatusSeeOther)
}

// workshopIn returns the workshop a run placed the person in, 0 for none.
func workshopIn(t *testing.T, e *env, runPath string, r *model.Registration) int64 {
	t.Helper()
	run, err := e.db.Run(t.Context(), idFrom(t, runPath, "/admin/assignment-runs/"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range run.Assignments {
		if a.RegistrationID == r.ID && a.WorkshopID != nil {
			return *a.WorkshopID
		}
	}
	return 0
}

// setCapacity changes a workshop's places through its form, keeping A1's
// Arabic.
func (x *assignmentEdition) setCapacity(t *testing.T, w model.Workshop, capacity int) {
	t.Helper()
	w.Capacity = capacity
	form := workshopForm(w)
	if w.ID == x.a1.ID {
		form.Set("languages", "ar")
	}
	if w.ID == x.a2.ID {
		form.Set("facilitators", itoa(x.fatimaUser(t)))
	}
	wantStatus(t, x.organiser.post("/admin/workshops/"+itoa(w.ID), form), http.StatusSeeOther)
}

func (x *assignmentEdition) fatimaUser(t *testing.T) int64 {
	t.Helper()
	res := x.organiser.get("/admin/workshops/" + itoa(x.a2.ID) + "/edit")
	m := regexp.MustCompile(`name="facilitators" value="(\d+)" checked`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("A2's facilitator is not ticked:\n%s", res.Body)
	}
	return idFrom(t, m[1], "")
}

// After publishing, Eva cancels and Greta, registered by an organiser,
// wants only A2, which is full. A re-run places Greta in Eva's free place
// and moves nobody who was told a workshop; its page says so. (Needs the
// solver's move cost: without it Bernd or Clara leaves A2 for Greta.)
func TestAssignScreenRerunMovesNobodyWhenAPlaceIsFree(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		first := x.run(t)
		x.publishRun(t, first)
		told, _ := x.placed(t, e, first)

		wantStatus(t, x.organiser.post("/admin/registrations/"+itoa(x.people["Eva"].ID)+"/cancel", confirmYes), http.StatusSeeOther)
		greta := orgaRegister(t, e, x.conf, model.Registration{Name: "Greta", Email: email("greta@example.org"),
			Choices: map[int64][]int64{x.slot.ID: {x.a2.ID}}})
		x.people["Greta"] = greta
		again := x.run(t)
		now, _ := x.placed(t, e, again)
		for w, names := range told {
			for _, n := range names {
				if n != "Eva" && !slices.Contains(now[w], n) {
					t.Errorf("%s was told workshop %d and moved: %v", n, w, now)
				}
			}
		}
		if got := workshopIn(t, e, again, greta); got != x.a3.ID {
			t.Errorf("Greta placed in %d, want A3's free place %d", got, x.a3.ID)
		}
		page := x.organiser.get(again)
		wantContains(t, page, "verschoben: 0", "Neu zugeteilt", "<bdi>Greta</bdi></a>: <bdi>Arbeitsgruppe 3</bdi> (nicht gewählt)")
		wantLacks(t, page, "Wer den Workshop wechselt", "Weiter ohne Platz")

		// Publishing tells Greta only, and the confirmation names her.
		ask := x.organiser.get(again + "/publish")
		wantContains(t, ask, "Eine E-Mail bekommen", "<li><bdi>Greta</bdi></li>")
		before := len(assignmentMails(t, e))
		x.publishRun(t, again)
		if mails := assignmentMails(t, e); len(mails) != before+1 || !slices.Contains(mails, "greta@example.org") {
			t.Errorf("the re-run's publication emailed %v", mails)
		}
	})
}

// A workshop deleted after publishing forces its people out: the preview
// names them with from, to and why, the confirmation names them, and
// publishing emails only them.
func TestAssignScreenForcedMoveListedAndEmailed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		first := x.run(t)
		x.publishRun(t, first)
		told, _ := x.placed(t, e, first)
		mailsBefore := assignmentMails(t, e)

		x.setCapacity(t, x.a1, 4)
		wantStatus(t, x.organiser.post("/admin/workshops/"+itoa(x.a3.ID)+"/delete", confirmYes), http.StatusSeeOther)
		again := x.run(t)
		now, _ := x.placed(t, e, again)
		forced := told[x.a3.ID]
		for _, n := range forced {
			if !slices.Contains(now[x.a1.ID], n) {
				t.Errorf("%s, told the deleted A3, is not in A1's free places: %v", n, now)
			}
		}
		page := x.organiser.get(again)
		wantContains(t, page, "verschoben: 2", "Wer den Workshop wechselt")
		for _, n := range forced {
			wantContains(t, page, "<bdi>"+n+"</bdi></a>: ein gelöschter Workshop → <bdi>Arbeitsgruppe 1</bdi> (nicht gewählt). Grund: Ihr Workshop wurde gelöscht.")
		}
		ask := x.organiser.get(again + "/publish")
		wantContains(t, ask, "2 Personen bekommen eine E-Mail")
		for _, n := range forced {
			wantContains(t, ask, "<li><bdi>"+n+"</bdi></li>")
		}
		x.publishRun(t, again)
		mails := assignmentMails(t, e)
		var want []string
		for _, n := range forced {
			want = append(want, *x.people[n].Email)
		}
		want = append(want, mailsBefore...)
		slices.Sort(want)
		if !slices.Equal(mails, want) {
			t.Errorf("publishing the forced moves emailed %v, want %v", mails, want)
		}
	})
}

// langEdition is an edition of three workshops with five places each, none
// interpreted, and Tesfay, who needs Tigrinya and ranks the first.
func langEdition(t *testing.T, e *env) (*assignmentEdition, *model.Registration) {
	t.Helper()
	conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 3, 5)
	x := &assignmentEdition{conf: conf, slot: slot, a1: slot.Workshops[0], a2: slot.Workshops[1], a3: slot.Workshops[2],
		people: map[string]*model.Registration{}, organiser: e.organiser(t)}
	tesfay := orgaRegister(t, e, conf, model.Registration{Name: "Tesfay", Email: email("tesfay@example.org"), Interpreting: "ti",
		Choices: map[int64][]int64{slot.ID: {x.a1.ID, x.a2.ID}}})
	x.people["Tesfay"] = tesfay
	return x, tesfay
}

func (x *assignmentEdition) settings(t *testing.T, values url.Values) response {
	t.Helper()
	return x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/assignment/settings", values)
}

// The edition's language rule: under "prefer" (the default) a person who
// needs a language no workshop offers is placed by their wishes; under
// "strict" they get no place, and the run lists them. (Placing under
// "prefer" needs the solver's language rule.)
func TestAssignScreenLanguageRuleStrictAndPrefer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x, tesfay := langEdition(t, e)
		page := x.organiser.get("/admin/editions/" + itoa(x.conf.ID) + "/assignment")
		wantContains(t, page, `<option value="prefer" selected>Trotzdem einen Platz geben, nach den Wünschen der Person</option>`,
			"Wenn kein Workshop mit der gebrauchten Sprache Platz hat")
		if conf, err := e.db.Conference(t.Context(), x.conf.ID); err != nil || conf.LanguageRule != model.RulePrefer || conf.ShareRule != model.RulePrefer {
			t.Fatalf("a new edition's rules: %+v (%v)", conf, err)
		}
		prefer := x.run(t)
		if got := workshopIn(t, e, prefer, tesfay); got != x.a1.ID {
			t.Errorf("under prefer Tesfay is in %d, want his first choice %d", got, x.a1.ID)
		}
		wantContains(t, x.organiser.get(prefer), "1 Person ohne die gebrauchte Sprache zugeteilt")

		res := x.settings(t, url.Values{"share_category": {""}, "max_share": {"0"}, "language_rule": {"sometimes"}, "share_rule": {"prefer"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-language_rule-error"`)
		wantStatus(t, x.settings(t, url.Values{"share_category": {""}, "max_share": {"0"}, "language_rule": {"strict"},
			"share_rule": {"prefer"}}), http.StatusSeeOther)
		strict := x.run(t)
		if got := workshopIn(t, e, strict, tesfay); got != 0 {
			t.Errorf("under strict Tesfay is in %d, want none", got)
		}
		wantContains(t, x.organiser.get(strict), "Weiter ohne Platz", "<bdi>Tesfay</bdi></a> <small>(braucht: ትግርኛ)</small>")
	})
}

// A share rule that would leave someone without a place places them under
// "prefer", above the share, and the run says so; "strict" leaves them
// out. (Placing under "prefer" needs the solver's share rule.)
func TestAssignScreenShareRulePrefer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		wantStatus(t, x.settings(t, url.Values{"share_category": {"volunteer"}, "max_share": {"50"}, "language_rule": {"strict"},
			"share_rule": {"prefer"}}), http.StatusSeeOther)
		run := x.run(t)
		in, _ := x.placed(t, e, run)
		if len(in[0]) != 0 {
			t.Errorf("under prefer without a place: %v", in[0])
		}
		wantContains(t, x.organiser.get(run), "3 Personen über dem Anteil ihrer Gruppe zugeteilt", "ohne Platz: 0")
	})
}

// The run page's figures are what an organiser reads: choices met,
// without a place, moved; the total cost is a detail line. The list of
// runs shows the same, not the cost.
func TestAssignScreenReadableFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		run := x.run(t)
		page := x.organiser.get(run)
		totals := between(t, page.Body, `<ul class="run-figures run-totals"`, "</ul>")
		for _, want := range []string{"1. Wahl: 3", "2. Wahl: 2", "3. Wahl: 0", "nicht gewählter Workshop: 0", "ohne Platz: 0", "verschoben: 0", "fest zugeteilt: 1"} {
			if !strings.Contains(totals, want) {
				t.Errorf("the run's figures lack %q:\n%s", want, totals)
			}
		}
		details := between(t, page.Body, `<details class="run-cost">`, "</details>")
		if !strings.Contains(details, "Kosten insgesamt: 111") || strings.Count(page.Body, "Kosten insgesamt") != 1 {
			t.Errorf("the cost is not only a detail line:\n%s", page.Body)
		}
		list := x.organiser.get("/admin/editions/" + itoa(x.conf.ID) + "/assignment")
		wantContains(t, list, "1. Wahl: 3 · 2. Wahl: 2 · 3. Wahl: 0 · ohne Platz: 0 · verschoben: 0")
		wantLacks(t, list, "<td>111</td>")
	})
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		t.Fatalf("no %q in:\n%s", from, s)
	}
	part, _, _ := strings.Cut(rest, to)
	return part
}

// The run page lists nobody and has no move forms until searched; a
// search by name lists each person found with their workshop and choice;
// a person's page has one move form per slot; people outside the run or
// the edition are not found.
func TestAssignScreenSearchAndPersonPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		run := x.run(t)
		page := x.organiser.get(run)
		wantLacks(t, page, "<select", "<bdi>Clara</bdi>", "<bdi>Bernd</bdi>")

		found := x.organiser.get(run + "?q=CLA")
		wantStatus(t, found, http.StatusOK)
		clara := x.people["Clara"]
		w := "Arbeitsgruppe 2</bdi> (1. Wahl)"
		if workshopIn(t, e, run, clara) == x.a3.ID {
			w = "Arbeitsgruppe 3</bdi> (2. Wahl)"
		}
		wantContains(t, found, `value="CLA"`, `href="/admin/assignment-runs/`+itoa(idFrom(t, run, "/admin/assignment-runs/"))+`/people/`+itoa(clara.ID)+`"><bdi>Clara</bdi></a>`,
			"<li><bdi>Arbeitsgruppen</bdi>: <bdi>"+w+"</li>")
		wantLacks(t, found, "<bdi>Bernd</bdi>", "<select")
		wantContains(t, x.organiser.get(run+"?q=zz"), "Niemand in dieser Zuteilung heißt „<bdi>zz</bdi>“.")

		person := x.organiser.get(run + "/people/" + itoa(clara.ID))
		wantStatus(t, person, http.StatusOK)
		if n := strings.Count(person.Body, "<select"); n != 1 {
			t.Errorf("%d move forms on Clara's page, want one per slot", n)
		}
		wantContains(t, person, "<h1><bdi>Clara</bdi></h1>", "Ihre Wünsche:", "<li><bdi>Arbeitsgruppe 2</bdi></li><li><bdi>Arbeitsgruppe 3</bdi></li>",
			"(2 von 2 belegt)")

		late := orgaRegister(t, e, x.conf, model.Registration{Name: "Hanna"})
		for _, path := range []string{run + "/people/" + itoa(late.ID), run + "/people/x", run + "/people/999999"} {
			wantStatus(t, x.organiser.get(path), http.StatusNotFound)
		}
	})
}

// Moving a person to the workshop they have changes nothing: no run, no
// pin, and a message says so.
func TestAssignScreenMoveToSameWorkshop(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		run := x.run(t)
		david := x.people["David"]
		res := x.organiser.post(run+"/move", url.Values{"registration_id": {itoa(david.ID)}, "session_id": {itoa(x.slot.ID)},
			"workshop_id": {itoa(workshopIn(t, e, run, david))}})
		wantStatus(t, res, http.StatusSeeOther)
		if res.Location != run+"/people/"+itoa(david.ID) {
			t.Errorf("went to %q", res.Location)
		}
		wantContains(t, x.organiser.get(res.Location), "Die Person ist schon in diesem Workshop; es hat sich nichts geändert.")
		runs, err := e.db.Runs(t.Context(), x.conf.ID)
		if err != nil || len(runs) != 1 {
			t.Errorf("runs after the move: %d (%v)", len(runs), err)
		}
		if pins, err := e.db.Pins(t.Context(), x.conf.ID); err != nil || len(pins) != 0 {
			t.Errorf("pins after the move: %v (%v)", pins, err)
		}
	})
}

// A move into a full workshop asks who leaves it, offering only people
// the solver placed; a forged answer is refused; the chosen one goes to
// their best other option and the new run says they made room.
func TestAssignScreenMoveIntoFullWorkshopAsksWhoLeaves(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		run := x.run(t)
		in, _ := x.placed(t, e, run)
		david := x.people["David"]
		move := url.Values{"registration_id": {itoa(david.ID)}, "session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a2.ID)}}
		ask := x.organiser.post(run+"/move", move)
		wantStatus(t, ask, http.StatusOK)
		inA2 := "Bernd"
		if !slices.Contains(in[x.a2.ID], inA2) {
			inA2 = "Clara"
		}
		leaver := x.people[inA2]
		wantContains(t, ask, "„Arbeitsgruppe 2“ ist voll", "Damit <bdi>David</bdi> in „<bdi>Arbeitsgruppe 2</bdi>“ kommt",
			`name="leaves" value="`+itoa(leaver.ID)+`"`, "<bdi>"+inA2+"</bdi> (1. Wahl)", "Abbrechen, nichts ändern")
		wantLacks(t, ask, `name="leaves" value="`+itoa(x.people["Fatima"].ID)+`"`, `role="alert"`)

		for _, forged := range []string{itoa(x.people["Fatima"].ID), itoa(x.people["Eva"].ID), "x"} {
			move.Set("leaves", forged)
			res := x.organiser.post(run+"/move", move)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res, "Bitte wählen Sie eine Person aus der Liste.")
		}
		if runs, _ := e.db.Runs(t.Context(), x.conf.ID); len(runs) != 1 {
			t.Fatalf("%d runs after refused answers", len(runs))
		}

		move.Set("leaves", itoa(leaver.ID))
		res := x.organiser.post(run+"/move", move)
		wantStatus(t, res, http.StatusSeeOther)
		moved := res.Location
		if got := workshopIn(t, e, moved, david); got != x.a2.ID {
			t.Errorf("David in %d, want A2", got)
		}
		// David's place in A1 is free now; the leaver ranked A2, A3, and A3 is full.
		if got := workshopIn(t, e, moved, leaver); got != x.a1.ID {
			t.Errorf("%s in %d, want A1's free place", inA2, got)
		}
		wantContains(t, x.organiser.get(moved), "<bdi>"+inA2+"</bdi></a>: <bdi>Arbeitsgruppe 2</bdi> → <bdi>Arbeitsgruppe 1</bdi> (nicht gewählt). Grund: Platz gemacht für <bdi>David</bdi>")
	})
}

// The rules are copied with an edition.
func TestAssignScreenRulesCopied(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x, _ := langEdition(t, e)
		wantStatus(t, x.settings(t, url.Values{"share_category": {"councillor"}, "max_share": {"40"}, "language_rule": {"strict"},
			"share_rule": {"strict"}}), http.StatusSeeOther)
		res := x.organiser.post("/admin/editions/"+itoa(x.conf.ID)+"/copy", url.Values{"date": {"2027-09-18"}, "title": {"Nächste Konferenz"}})
		wantStatus(t, res, http.StatusSeeOther)
		cp, err := e.db.Conference(t.Context(), idFrom(t, res.Location, "/admin/editions/"))
		if err != nil {
			t.Fatal(err)
		}
		if cp.LanguageRule != model.RuleStrict || cp.ShareRule != model.RuleStrict || cp.MaxShare != 40 {
			t.Errorf("the copy's rules: %q %q %d", cp.LanguageRule, cp.ShareRule, cp.MaxShare)
		}
		wantContains(t, x.organiser.get("/admin/editions/"+itoa(cp.ID)+"/assignment"),
			`<option value="strict" selected>Nur in einen Workshop mit der Sprache, auch wenn die Person dann keinen Platz bekommt</option>`,
			`<option value="strict" selected>Den Anteil immer einhalten, auch wenn dann jemand keinen Platz bekommt</option>`)
	})
}

// Nobody may leave a workshop filled by fixed placements alone, and the
// one chosen to leave must have somewhere to go: both are refused with
// the reason, and no run is made.
func TestAssignScreenMoveIntoFullWorkshopRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		x.people["Greta"] = orgaRegister(t, e, x.conf, model.Registration{Name: "Greta", Choices: map[int64][]int64{x.slot.ID: {x.a3.ID}}})
		run := x.run(t)
		in, _ := x.placed(t, e, run)
		if len(in[0]) != 1 {
			t.Fatalf("seven people in six places: %v", in)
		}
		// The one without a place moved into A3: whoever leaves it finds
		// every other place taken.
		move := url.Values{"registration_id": {itoa(x.people[in[0][0]].ID)}, "session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a3.ID)},
			"leaves": {itoa(x.people[in[x.a3.ID][0]].ID)}}
		res := x.organiser.post(run+"/move", move)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Kein anderer Workshop dieses Blocks hat einen freien Platz für <bdi>"+in[x.a3.ID][0]+"</bdi>.")

		x.setCapacity(t, x.a2, 1)
		fixedOnly := x.run(t)
		if in, _ := x.placed(t, e, fixedOnly); !slices.Equal(in[x.a2.ID], []string{"Fatima"}) {
			t.Fatalf("A2 of one place: %v", in)
		}
		move = url.Values{"registration_id": {itoa(x.people["David"].ID)}, "session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a2.ID)}}
		res = x.organiser.post(fixedOnly+"/move", move)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "In diesem Workshop sind nur fest Zugeteilte.")
		wantLacks(t, res, `name="leaves"`)
		if runs, _ := e.db.Runs(t.Context(), x.conf.ID); len(runs) != 2 {
			t.Errorf("%d runs after refused moves, want 2", len(runs))
		}
		if pins, _ := e.db.Pins(t.Context(), x.conf.ID); len(pins) != 0 {
			t.Errorf("pins after refused moves: %v", pins)
		}
	})
}

// A workshop's capacity lowered below its published placements after
// publishing: the form says the people keep their place until a new run;
// the run moves as few as it must, says why, and publishing emails only
// those moved.
func TestAssignScreenCapacityLoweredForcesMove(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		first := x.run(t)
		x.publishRun(t, first)
		told, _ := x.placed(t, e, first)
		if len(told[x.a3.ID]) != 2 {
			t.Fatalf("A3 holds %v, want two people", told[x.a3.ID])
		}
		mailsBefore := assignmentMails(t, e)

		x.setCapacity(t, x.a1, 4)
		x.setCapacity(t, x.a3, 1)
		wantContains(t, x.organiser.get(urls.AdminEdition(x.conf.ID)), "Sie behalten ihren Platz, bis Sie die Einteilung neu laufen lassen")
		if placed, _ := x.placed(t, e, first); !slices.Equal(placed[x.a3.ID], told[x.a3.ID]) {
			t.Errorf("the published run changed with the capacity: %v", placed)
		}

		again := x.run(t)
		now, _ := x.placed(t, e, again)
		var moved []string
		for _, n := range told[x.a3.ID] {
			if !slices.Contains(now[x.a3.ID], n) {
				moved = append(moved, n)
			}
		}
		if len(moved) != 1 || len(now[x.a3.ID]) != 1 {
			t.Fatalf("after lowering A3 to one place: %v (moved %v)", now, moved)
		}
		for w, names := range told {
			for _, n := range names {
				if n != moved[0] && !slices.Contains(now[w], n) {
					t.Errorf("%s moved too: %v", n, now)
				}
			}
		}
		page := x.organiser.get(again)
		wantContains(t, page, "verschoben: 1", "<bdi>"+moved[0]+"</bdi></a>: <bdi>Arbeitsgruppe 3</bdi> →", "Grund: Ihr Workshop hat jetzt weniger Plätze.")
		wantContains(t, x.organiser.get(again+"/publish"), "<li><bdi>"+moved[0]+"</bdi></li>")
		x.publishRun(t, again)
		want := append([]string{*x.people[moved[0]].Email}, mailsBefore...)
		slices.Sort(want)
		if mails := assignmentMails(t, e); !slices.Equal(mails, want) {
			t.Errorf("publishing emailed %v, want %v", mails, want)
		}
	})
}

package placement

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

func ptr[T any](v T) *T { return &v }

// edition is one slot (id 10) of two workshops, housing (11, 2 places) and
// health (12, 1 place), with a facilitator invited to housing and a speaker
// listed in health, and a lunch break that is no workshop slot.
func edition() Edition {
	return Edition{
		Conference: &model.Conference{ID: 7},
		Programme: []model.Session{
			{ID: 9, Kind: "break", Title: "Mittagspause"},
			{ID: 10, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen", Workshops: []model.Workshop{
				{ID: 11, Title: "Wohnen", Capacity: 2, Languages: "ar,fr"},
				{ID: 12, Title: "Gesundheit", Capacity: 1, People: []model.Person{{Name: " Leyla  KAYA"}}},
			}},
		},
		Registrations: []model.Registration{
			{ID: 1, Name: "Amina", Email: ptr("Moderation@Example.org"), Choices: map[int64][]int64{10: {12}}},
			{ID: 2, Name: "leyla kaya", Category: "councillor", Choices: map[int64][]int64{10: {11, 12}}},
			{ID: 3, Name: "Karim", Interpreting: "ar", Choices: map[int64][]int64{10: {12, 11}}},
		},
		Facilitators: map[int64][]string{11: {"moderation@example.org"}},
	}
}

func TestBuild(t *testing.T) {
	in, err := Build(edition())
	if err != nil {
		t.Fatal(err)
	}
	inst := in.Instance
	if inst.Seed != 7 || len(inst.Slots) != 1 || inst.Slots[0].ID != "10" || len(inst.Slots[0].Workshops) != 2 {
		t.Fatalf("slots: %+v", inst.Slots)
	}
	if ws := inst.Slots[0].Workshops[0]; ws.ID != "11" || ws.Capacity != 2 || !reflect.DeepEqual(ws.Languages, []string{"ar", "fr"}) || ws.MaxShare != nil {
		t.Errorf("housing: %+v", ws)
	}
	ps := inst.Participants
	// The facilitator by address, case aside; the speaker by name, case and spacing aside.
	if !reflect.DeepEqual(ps[0].Fixed, map[string]string{"10": "11"}) || !reflect.DeepEqual(ps[1].Fixed, map[string]string{"10": "12"}) ||
		len(ps[2].Fixed) != 0 {
		t.Errorf("fixed: %v, %v, %v", ps[0].Fixed, ps[1].Fixed, ps[2].Fixed)
	}
	if ps[2].NeedsLanguage != "ar" || !reflect.DeepEqual(ps[2].Choices, map[string][]string{"10": {"12", "11"}}) || ps[1].Category != "councillor" {
		t.Errorf("participants: %+v", ps)
	}
}

func TestBuildPinWinsAndShareRule(t *testing.T) {
	e := edition()
	e.Conference.ShareCategory, e.Conference.MaxShare = "councillor", 50
	e.Pins = []model.Pin{{RegistrationID: 2, SessionID: 10, WorkshopID: 11}}
	e.Registrations[2].Interpreting = "Arabisch" // an older free-text answer matches no workshop's language
	in, err := Build(e)
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Instance.Participants[1].Fixed["10"]; got != "11" {
		t.Errorf("pinned to %q, want the pin's workshop 11", got)
	}
	if got := in.Instance.Participants[2].NeedsLanguage; got != "" {
		t.Errorf("needs language %q", got)
	}
	if got := in.Instance.Slots[0].Workshops[1].MaxShare; !reflect.DeepEqual(got, map[string]float64{"councillor": 0.5}) {
		t.Errorf("max share %v", got)
	}
}

func TestBuildProblems(t *testing.T) {
	overfull := edition()
	overfull.Pins = []model.Pin{{RegistrationID: 3, SessionID: 10, WorkshopID: 12}} // health has 1 place, the speaker holds it
	overShare := edition()
	overShare.Conference.ShareCategory, overShare.Conference.MaxShare = "councillor", 10
	overShare.Conference.ShareRule = model.RuleStrict
	noWorkshops := edition()
	noWorkshops.Programme = noWorkshops.Programme[:1]
	for name, tc := range map[string]struct {
		e    Edition
		want Problem
	}{
		"fixed over capacity": {overfull, Problem{Message: "err_fixed_over_capacity", Workshop: "Gesundheit"}},
		"fixed over share":    {overShare, Problem{Message: "err_fixed_over_share", Workshop: "Gesundheit"}},
		"no workshops":        {noWorkshops, Problem{Message: "assignment_no_workshops"}},
	} {
		_, err := Build(tc.e)
		var p *Problem
		if !errors.As(err, &p) || *p != tc.want {
			t.Errorf("%s: got %v, want %+v", name, err, tc.want)
		}
	}
}

// Under the share rule "prefer" a fixed placement above the share is no
// problem: the solver counts its cost and places everyone.
func TestBuildFixedOverSharePreferred(t *testing.T) {
	e := edition()
	e.Conference.ShareCategory, e.Conference.MaxShare = "councillor", 10
	e.Conference.ShareRule = model.RulePrefer
	in, err := Build(e)
	if err != nil {
		t.Fatalf("fixed over a preferred share: %v", err)
	}
	run, err := Solve(context.Background(), in, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range run.Assignments {
		if a.WorkshopID == nil {
			t.Errorf("left without a place: %+v", a)
		}
	}
}

// The run keeps each fixed placement's source, places the rest, and its
// report gives the slot's figures; the total cost counts the fixed ones.
func TestSolve(t *testing.T) {
	e := edition()
	e.Pins = []model.Pin{{RegistrationID: 3, SessionID: 10, WorkshopID: 11}}
	in, err := Build(e)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Solve(context.Background(), in, 5)
	if err != nil {
		t.Fatal(err)
	}
	if run.ConferenceID != 7 || *run.CreatedBy != 5 || run.Seed != 7 {
		t.Errorf("run: %+v", run)
	}
	want := []model.Assignment{
		{RegistrationID: 1, SessionID: 10, WorkshopID: ptr(int64(11)), Rank: 0, Source: model.SourceFixed},
		{RegistrationID: 2, SessionID: 10, WorkshopID: ptr(int64(12)), Rank: 2, Source: model.SourceFixed},
		{RegistrationID: 3, SessionID: 10, WorkshopID: ptr(int64(11)), Rank: 2, Source: model.SourceManual},
	}
	if !reflect.DeepEqual(run.Assignments, want) {
		t.Errorf("assignments: %+v", run.Assignments)
	}
	// Amina in a workshop she did not rank, Leyla and Karim in their second choice.
	if want := int64(UnrankedCost + 4 + 4); run.TotalCost != want {
		t.Errorf("total cost %d, want %d", run.TotalCost, want)
	}
	var report model.RunReport
	if err := json.Unmarshal([]byte(run.Report), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Slots) != 1 || report.Slots[0].SessionID != 10 || report.Slots[0].Fixed != 3 || len(report.Slots[0].Workshops) != 2 {
		t.Fatalf("report: %+v", report)
	}
	if w := report.Slots[0].Workshops[0]; w.WorkshopID != 11 || w.Filled != 2 || w.Capacity != 2 {
		t.Errorf("housing: %+v", w)
	}
}

// Someone without a place is in the run with no workshop.
func TestSolveUnassigned(t *testing.T) {
	e := edition()
	e.Registrations = append(e.Registrations, model.Registration{ID: 4, Name: "Late", Choices: map[int64][]int64{10: {11}}})
	in, err := Build(e)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Solve(context.Background(), in, 5)
	if err != nil {
		t.Fatal(err)
	}
	last := run.Assignments[len(run.Assignments)-1]
	if last.WorkshopID != nil || last.Source != model.SourceAuto || len(run.Assignments) != 4 {
		t.Errorf("assignments: %+v", run.Assignments)
	}
	var report model.RunReport
	if err := json.Unmarshal([]byte(run.Report), &report); err != nil {
		t.Fatal(err)
	}
	if report.Slots[0].Unassigned != 1 {
		t.Errorf("report: %+v", report.Slots[0])
	}
}

func TestSolveCancelled(t *testing.T) {
	in, err := Build(edition())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Solve(ctx, in, 5); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}

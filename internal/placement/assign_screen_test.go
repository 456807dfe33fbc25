package placement

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// published is an edition of one slot (10) with Wohnen (11, 2 places,
// Arabic), Gesundheit (12, 2 places) and Arbeit (13, 3 places), and the
// run published before: workshop 14 was deleted since (its placement lost
// its workshop), Gesundheit lost a place, Amir was left without one.
//
//	1 Amina  told 14 (deleted)          ranks 13
//	2 Bernd  told 12                    ranks 12
//	3 Clara  told 12                    ranks 12
//	4 David  told 12                    ranks 12, 13
//	5 Eva    told 13, pinned to 11 since
//	6 Farid  not in the published run   ranks 13
//	7 Amir   told no place              ranks 13
//	8 Jean   needs French, told 11      (Wohnen offers only Arabic now)
func publishedEdition(rule string) Edition {
	wid := func(n int64) *int64 { return &n }
	report, _ := json.Marshal(model.RunReport{Version: ReportVersion, Slots: []model.SlotReport{{SessionID: 10, Unplaced: []int64{7}}}})
	e := Edition{
		Conference: &model.Conference{ID: 7, LanguageRule: rule, ShareRule: model.RulePrefer},
		Programme: []model.Session{{ID: 10, Kind: model.KindWorkshopSlot, Title: "AGs", Workshops: []model.Workshop{
			{ID: 11, Title: "Wohnen", Capacity: 2, Languages: "ar"},
			{ID: 12, Title: "Gesundheit", Capacity: 2},
			{ID: 13, Title: "Arbeit", Capacity: 3},
		}}},
		Registrations: []model.Registration{
			{ID: 1, Name: "Amina", Choices: map[int64][]int64{10: {13}}},
			{ID: 2, Name: "Bernd", Choices: map[int64][]int64{10: {12}}},
			{ID: 3, Name: "Clara", Choices: map[int64][]int64{10: {12}}},
			{ID: 4, Name: "David", Choices: map[int64][]int64{10: {12, 13}}},
			{ID: 5, Name: "Eva"},
			{ID: 6, Name: "Farid", Choices: map[int64][]int64{10: {13}}},
			{ID: 7, Name: "Amir", Choices: map[int64][]int64{10: {13}}},
			{ID: 8, Name: "Jean", Interpreting: "fr"},
		},
		Pins: []model.Pin{{RegistrationID: 5, SessionID: 10, WorkshopID: 11}},
		Published: &model.AssignmentRun{ID: 3, Report: string(report), Assignments: []model.Assignment{
			{RegistrationID: 1, SessionID: 10}, {RegistrationID: 2, SessionID: 10, WorkshopID: wid(12)},
			{RegistrationID: 3, SessionID: 10, WorkshopID: wid(12)}, {RegistrationID: 4, SessionID: 10, WorkshopID: wid(12)},
			{RegistrationID: 5, SessionID: 10, WorkshopID: wid(13)}, {RegistrationID: 7, SessionID: 10},
			{RegistrationID: 8, SessionID: 10, WorkshopID: wid(11)},
		}},
	}
	for i := range e.Published.Assignments {
		e.Published.Assignments[i].Source = model.SourceAuto
	}
	return e
}

func solveReport(t *testing.T, e Edition) (*Input, model.SlotReport) {
	t.Helper()
	in, err := Build(e)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Solve(context.Background(), in, 1)
	if err != nil {
		t.Fatal(err)
	}
	var report model.RunReport
	if err := json.Unmarshal([]byte(run.Report), &report); err != nil {
		t.Fatal(err)
	}
	return in, report.Slots[0]
}

// The instance carries the edition's rules, the default costs and what
// each person was told, as far as their workshop still exists and no pin
// or fixed placement overrides it.
func TestAssignScreenBuildPublished(t *testing.T) {
	in, err := Build(publishedEdition(model.RuleStrict))
	if err != nil {
		t.Fatal(err)
	}
	inst := in.Instance
	if inst.LanguageRule != assign.RuleStrict || inst.ShareRule != assign.RulePrefer || *inst.MoveCost != assign.DefaultMoveCost ||
		*inst.LanguageCost != assign.DefaultLanguageCost || *inst.ShareCost != assign.DefaultShareCost {
		t.Errorf("rules and costs: %+v", inst)
	}
	var told []map[string]string
	for _, p := range inst.Participants {
		told = append(told, p.Published)
	}
	want := []map[string]string{nil, {"10": "12"}, {"10": "12"}, {"10": "12"}, nil, nil, nil, {"10": "11"}}
	if !reflect.DeepEqual(told, want) {
		t.Errorf("published: %v, want %v", told, want)
	}
	if in, _ := Build(publishedEdition("")); in.Instance.LanguageRule != assign.RulePrefer {
		t.Errorf("an edition without a rule: %q", in.Instance.LanguageRule)
	}
}

// The report says who moves and why, who is placed anew and who has no
// place.
func TestAssignScreenReportMoves(t *testing.T) {
	_, sr := solveReport(t, publishedEdition(model.RuleStrict))
	why := map[int64]string{}
	for _, m := range sr.Moved {
		why[m.RegistrationID] = m.Why
		switch m.RegistrationID {
		case 1:
			if m.From != 0 || m.To != 13 {
				t.Errorf("Amina: %+v", m)
			}
		case 5:
			if m.From != 13 || m.To != 11 {
				t.Errorf("Eva: %+v", m)
			}
		case 8:
			if m.From != 11 || m.To != 0 {
				t.Errorf("Jean: %+v", m)
			}
		}
	}
	// One of Gesundheit's three leaves it: its places went from 3 to 2.
	var capacity []int64
	for id, w := range why {
		if w == model.MoveCapacity {
			capacity = append(capacity, id)
		}
	}
	if why[1] != model.MoveGone || why[5] != model.MovePin || why[8] != model.MoveLanguage || len(capacity) != 1 ||
		!slices.Contains([]int64{2, 3, 4}, capacity[0]) || len(why) != 4 {
		t.Errorf("moves: %+v", sr.Moved)
	}
	if !slices.Equal(sr.NewlyPlaced, []int64{6, 7}) || !slices.Equal(sr.Unplaced, []int64{8}) {
		t.Errorf("newly placed %v, unplaced %v", sr.NewlyPlaced, sr.Unplaced)
	}
}

// A person who leaves a full workshop for someone moved in is placed where
// the organisers' screen chose, reported as making room for them, and not
// held to what they were told.
func TestAssignScreenReportRoom(t *testing.T) {
	e := publishedEdition(model.RulePrefer)
	e.Leaves = &Leave{RegistrationID: 2, SessionID: 10, From: 12, To: 13, For: 5}
	in, sr := solveReport(t, e)
	if p := in.Instance.Participants[1]; p.Published != nil || p.Fixed["10"] != "13" {
		t.Errorf("the one who leaves: %+v", p)
	}
	var room *model.MoveReport
	for i, m := range sr.Moved {
		if m.RegistrationID == 2 {
			room = &sr.Moved[i]
		}
	}
	if room == nil || *room != (model.MoveReport{RegistrationID: 2, From: 12, To: 13, Why: model.MoveRoom, For: 5}) {
		t.Errorf("Bernd's move: %+v", sr.Moved)
	}
	// Under prefer Jean keeps Wohnen without French, and the report counts it.
	if sr.AgainstLanguage != 1 {
		t.Errorf("against their language: %d", sr.AgainstLanguage)
	}
}

// Before anything is published, nobody is newly placed or moved.
func TestAssignScreenReportBeforePublishing(t *testing.T) {
	e := publishedEdition(model.RuleStrict)
	e.Published = nil
	_, sr := solveReport(t, e)
	if len(sr.Moved) != 0 || len(sr.NewlyPlaced) != 0 {
		t.Errorf("moved %v, newly placed %v", sr.Moved, sr.NewlyPlaced)
	}
}

// Each person of the share's category above its limit in a workshop is
// counted.
func TestAssignScreenReportAboveShare(t *testing.T) {
	e := Edition{
		Conference: &model.Conference{ID: 1, ShareCategory: "refugee", MaxShare: 50, ShareRule: model.RulePrefer},
		Programme: []model.Session{{ID: 10, Kind: model.KindWorkshopSlot, Workshops: []model.Workshop{
			{ID: 11, Title: "Wohnen", Capacity: 2}, {ID: 12, Title: "Arbeit", Capacity: 2}}}},
	}
	for i := range int64(4) {
		e.Registrations = append(e.Registrations, model.Registration{ID: i + 1, Category: "refugee"})
	}
	_, sr := solveReport(t, e)
	if sr.Unassigned != 0 || sr.AboveShare != 2 {
		t.Errorf("unassigned %d, above share %d", sr.Unassigned, sr.AboveShare)
	}
}

// A run published before reports listed the people without a place
// cannot tell a deleted workshop from no place: both count as no place,
// and such a person is placed anew rather than moved.
func TestAssignScreenReportOfAnOlderPublishedRun(t *testing.T) {
	e := publishedEdition(model.RuleStrict)
	e.Published.Report = `{"slots":[{"session_id":10}]}`
	_, sr := solveReport(t, e)
	if !slices.Contains(sr.NewlyPlaced, 1) || !slices.Contains(sr.NewlyPlaced, 7) {
		t.Errorf("newly placed %v", sr.NewlyPlaced)
	}
	for _, m := range sr.Moved {
		if m.RegistrationID == 1 {
			t.Errorf("Amina moved: %+v", m)
		}
	}
}

// A row added to the published run without a workshop, for someone
// confirmed after it with no room in the workshops they ranked (source
// "late" on main), is no place: they are placed anew, not moved from a
// deleted workshop.
func TestAssignScreenLateRowWithoutWorkshop(t *testing.T) {
	e := publishedEdition(model.RuleStrict)
	e.Published.Assignments = append(e.Published.Assignments, model.Assignment{RegistrationID: 6, SessionID: 10, Source: "late"})
	_, sr := solveReport(t, e)
	if !slices.Contains(sr.NewlyPlaced, 6) {
		t.Errorf("newly placed %v", sr.NewlyPlaced)
	}
	for _, m := range sr.Moved {
		if m.RegistrationID == 6 {
			t.Errorf("Farid moved: %+v", m)
		}
	}
}

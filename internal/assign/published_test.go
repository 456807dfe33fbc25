package assign_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// placed returns where each participant is in slot s ("" for nowhere).
func placed(res *assign.Result, s string) map[string]string {
	got := map[string]string{}
	for _, a := range res.Assignments {
		if a.Slot == s {
			got[a.Participant] = a.Workshop
		}
	}
	for _, u := range res.Unassigned {
		if u.Slot == s {
			got[u.Participant] = ""
		}
	}
	return got
}

func workshops(ws ...assign.Workshop) []assign.Slot {
	return []assign.Slot{{ID: "s", Workshops: ws}}
}

func choices(ids ...string) map[string][]string { return map[string][]string{"s": ids} }
func at(id string) map[string]string            { return map[string]string{"s": id} }

// Two people told their second choice would both get their first by
// swapping: without published placements the solver swaps them, with them
// nobody is moved to improve others' ranks.
func TestPublishedNotMovedToImproveRanks(t *testing.T) {
	inst := &assign.Instance{
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 1}, assign.Workshop{ID: "work", Capacity: 1}),
		Participants: []assign.Participant{
			{ID: "amina", Choices: choices("work", "housing")},
			{ID: "bernd", Choices: choices("housing", "work")},
		},
	}
	res := solve(t, inst)
	if got := placed(res, "s"); got["amina"] != "work" || got["bernd"] != "housing" || res.TotalCost != 2 {
		t.Fatalf("without published placements: %v, cost %d; want the first choices", got, res.TotalCost)
	}
	inst.Participants[0].Published = at("housing")
	inst.Participants[1].Published = at("work")
	res = solve(t, inst)
	if got := placed(res, "s"); got["amina"] != "housing" || got["bernd"] != "work" {
		t.Errorf("told placements: %v, want them kept", got)
	}
	if st := res.Stats["s"]; len(st.Moved) != 0 || res.TotalCost != 8 {
		t.Errorf("moved %v, cost %d; want none moved at the cost of two second choices, 8", st.Moved, res.TotalCost)
	}
}

// A workshop's capacity lowered after publishing: one of the two told
// must go, and it is the one for whom the other workshop is a choice.
func TestPublishedMovedWhenCapacityDrops(t *testing.T) {
	inst := &assign.Instance{
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 1}, assign.Workshop{ID: "work", Capacity: 5}),
		Participants: []assign.Participant{
			{ID: "amina", Choices: choices("housing", "work"), Published: at("housing")},
			{ID: "bernd", Choices: choices("housing"), Published: at("housing")},
			{ID: "chen", Choices: choices("work"), Published: at("work")},
		},
	}
	res := solve(t, inst)
	want := []assign.Move{{Participant: "amina", From: "housing", To: "work"}}
	if st := res.Stats["s"]; !slices.Equal(st.Moved, want) {
		t.Errorf("moved %v, want %v", st.Moved, want)
	}
	if want := int64(4 + 1000 + 1 + 1); res.TotalCost != want {
		t.Errorf("total cost %d, want %d (a second choice and a move, two first choices)", res.TotalCost, want)
	}
}

// Not moving a told person would leave someone else without a place (the
// only workshop in their language): the move costs less. With a move cost
// above the unassigned cost, the told person stays instead.
func TestPublishedMovedRatherThanLeavingSomeoneOut(t *testing.T) {
	inst := &assign.Instance{
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 1, Languages: []string{"fr"}}, assign.Workshop{ID: "work", Capacity: 1}),
		Participants: []assign.Participant{
			{ID: "amina", Choices: choices("housing", "work"), Published: at("housing")},
			{ID: "moussa", NeedsLanguage: "fr", Choices: choices("work")},
		},
	}
	res := solve(t, inst)
	if got := placed(res, "s"); got["moussa"] != "housing" || got["amina"] != "work" {
		t.Errorf("placed %v, want moussa in housing and amina moved to work", got)
	}
	if st := res.Stats["s"]; !slices.Equal(st.Moved, []assign.Move{{Participant: "amina", From: "housing", To: "work"}}) || st.Unassigned != 0 {
		t.Errorf("stats %+v", st)
	}
	inst.MoveCost = ptr[int64](20000)
	res = solve(t, inst)
	if got := placed(res, "s"); got["amina"] != "housing" || got["moussa"] != "" {
		t.Errorf("with move_cost 20000: placed %v, want amina kept and moussa without a place", got)
	}
}

// A told person left without a place is a move to "".
func TestPublishedMovedToNowhere(t *testing.T) {
	inst := &assign.Instance{
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 1}),
		Participants: []assign.Participant{
			{ID: "lead", Fixed: at("housing")},
			{ID: "amina", Choices: choices("housing"), Published: at("housing")},
		},
	}
	res := solve(t, inst)
	if st := res.Stats["s"]; !slices.Equal(st.Moved, []assign.Move{{Participant: "amina", From: "housing", To: ""}}) {
		t.Errorf("moved %v", st.Moved)
	}
	if want := int64(100 + 10000 + 1000); res.TotalCost != want {
		t.Errorf("total cost %d, want %d", res.TotalCost, want)
	}
}

// A told workshop that costs more by its rank than an unranked one plus
// the move: the person moves, at the lower cost.
func TestPublishedDearerThanMoving(t *testing.T) {
	inst := &assign.Instance{
		RankCosts: []int64{50}, UnrankedCost: ptr[int64](10), UnassignedCost: ptr[int64](100), MoveCost: ptr[int64](5),
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 1}, assign.Workshop{ID: "work", Capacity: 1}),
		Participants: []assign.Participant{
			{ID: "amina", Choices: choices("housing"), Published: at("housing")},
		},
	}
	res := solve(t, inst)
	if got := placed(res, "s"); got["amina"] != "work" || res.TotalCost != 15 {
		t.Errorf("placed %v at %d, want work at 15", got, res.TotalCost)
	}
}

// A person who needs Tigrinya under the prefer rule: placed by their ranks
// when no workshop offers it; in the one that does when there is one, even
// unranked; elsewhere by their ranks, counted against their language, when
// that one is full. Under the strict rule they stay without a place.
func TestPreferLanguage(t *testing.T) {
	inst := func(rule string, tigrinya bool) *assign.Instance {
		peace := assign.Workshop{ID: "peace", Capacity: 1}
		if tigrinya {
			peace.Languages = []string{"ti"}
		}
		return &assign.Instance{
			LanguageRule: rule,
			Slots: workshops(assign.Workshop{ID: "housing", Capacity: 5, Languages: []string{"ar"}},
				assign.Workshop{ID: "health", Capacity: 5}, peace),
			Participants: []assign.Participant{{ID: "yonas", NeedsLanguage: "ti", Choices: choices("health", "housing")}},
		}
	}
	expect := func(name string, res *assign.Result, want string, against int, cost int64) {
		t.Helper()
		if got := placed(res, "s")["yonas"]; got != want || res.Stats["s"].AgainstLanguage != against || res.TotalCost != cost {
			t.Errorf("%s: in %q, against_language %d, cost %d; want %q, %d, %d", name, got, res.Stats["s"].AgainstLanguage, res.TotalCost, want, against, cost)
		}
	}
	expect("strict, offered nowhere", solve(t, inst("", false)), "", 0, 10000)
	expect("strict by name", solve(t, inst(assign.RuleStrict, false)), "", 0, 10000)
	expect("prefer, offered nowhere", solve(t, inst(assign.RulePrefer, false)), "health", 0, 1)
	expect("prefer, offered in one", solve(t, inst(assign.RulePrefer, true)), "peace", 0, 100)
	full := inst(assign.RulePrefer, true)
	full.Participants = append(full.Participants, assign.Participant{ID: "lead", Fixed: at("peace")})
	expect("prefer, that one full", solve(t, full), "health", 1, 1+5000+100)
	full.LanguageCost = ptr[int64](7)
	expect("prefer, another language cost", solve(t, full), "health", 1, 1+7+100)
}

// Under the prefer rule, fixed placements are kept whatever the language
// and do not count against it.
func TestPreferLanguageFixed(t *testing.T) {
	res := solve(t, &assign.Instance{
		LanguageRule: assign.RulePrefer,
		Slots:        workshops(assign.Workshop{ID: "housing", Capacity: 2}, assign.Workshop{ID: "health", Capacity: 2, Languages: []string{"fr"}}),
		Participants: []assign.Participant{{ID: "lead", NeedsLanguage: "fr", Fixed: at("housing")}},
	})
	if st := res.Stats["s"]; st.AgainstLanguage != 0 || res.TotalCost != 100 {
		t.Errorf("stats %+v, cost %d", st, res.TotalCost)
	}
}

// The case: a 50 % cap left two refugees without a place. Under
// prefer everyone is placed, two above the share, and the share is kept
// where a place elsewhere does it.
func TestPreferShare(t *testing.T) {
	half := map[string]float64{"refugee": 0.5}
	inst := &assign.Instance{
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 4, MaxShare: half}, assign.Workshop{ID: "work", Capacity: 4, MaxShare: half}),
	}
	for _, id := range []string{"r1", "r2", "r3", "r4", "r5", "r6"} {
		inst.Participants = append(inst.Participants, assign.Participant{ID: id, Category: "refugee", Choices: choices("housing", "work")})
	}
	inst.Participants = append(inst.Participants, assign.Participant{ID: "c1", Category: "councillor", Choices: choices("housing")})
	res := solve(t, inst)
	if st := res.Stats["s"]; st.Unassigned != 2 || st.AboveShare != 0 {
		t.Fatalf("strict: %+v, want two refugees without a place", st)
	}
	inst.ShareRule = assign.RulePrefer
	res = solve(t, inst)
	if st := res.Stats["s"]; st.Unassigned != 0 || st.AboveShare != 2 {
		t.Errorf("prefer: %+v, want everyone placed, two above the share", st)
	}
	// The councillor and three refugees in housing, three in work: one
	// above the share in each.
	if want := int64(1+3*1+3*4) + 2*2000; res.TotalCost != want {
		t.Errorf("prefer: total cost %d, want %d", res.TotalCost, want)
	}

	// With room in a third workshop, nobody goes above the share.
	inst.Slots[0].Workshops = append(inst.Slots[0].Workshops, assign.Workshop{ID: "health", Capacity: 4})
	res = solve(t, inst)
	if st := res.Stats["s"]; st.Unassigned != 0 || st.AboveShare != 0 || st.Unranked != 2 {
		t.Errorf("prefer with room elsewhere: %+v, want the share kept, two unranked", st)
	}
}

// Under prefer, fixed placements may exceed a share; each above it counts.
func TestPreferShareFixed(t *testing.T) {
	inst := &assign.Instance{
		ShareRule: assign.RulePrefer, ShareCost: ptr[int64](30),
		Slots: workshops(assign.Workshop{ID: "housing", Capacity: 4, MaxShare: map[string]float64{"c": 0.25}}),
		Participants: []assign.Participant{
			{ID: "x", Category: "c", Fixed: at("housing")},
			{ID: "y", Category: "c", Fixed: at("housing")},
			{ID: "z", Category: "c", Choices: choices("housing")},
		},
	}
	res := solve(t, inst)
	if st := res.Stats["s"]; st.AboveShare != 2 || st.Unassigned != 0 || res.TotalCost != 100+100+1+2*30 {
		t.Errorf("stats %+v, cost %d", st, res.TotalCost)
	}
	inst.ShareRule = ""
	if err := inst.Validate(); err == nil || !strings.Contains(err.Error(), "exceed its max_share limit of 1") {
		t.Errorf("strict: %v, want the fixed placements refused", err)
	}
}

// Instances that spell the rules "strict" give what the same without them
// gives.
func TestStrictByNameUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 50 {
		inst := randomInstance(rng, 30, 6, 2)
		before := resultJSON(t, solve(t, inst))
		inst.LanguageRule, inst.ShareRule = assign.RuleStrict, assign.RuleStrict
		inst.LanguageCost, inst.ShareCost = ptr[int64](1), ptr[int64](1)
		if after := resultJSON(t, solve(t, inst)); after != before {
			t.Fatalf("strict by name gave\n%s\nwithout the rules\n%s", after, before)
		}
	}
}

// Under prefer, a workshop without someone's language counts them as kept
// away when they ranked it above where they ended.
func TestPreferLanguageWorkshopStats(t *testing.T) {
	res := solve(t, &assign.Instance{
		LanguageRule: assign.RulePrefer,
		Slots:        workshops(assign.Workshop{ID: "german", Capacity: 5}, assign.Workshop{ID: "calm", Capacity: 5, Languages: []string{"fr"}}),
		Participants: []assign.Participant{
			{ID: "kept", NeedsLanguage: "fr", Choices: choices("german", "calm")},
			{ID: "content", NeedsLanguage: "fr", Choices: choices("calm", "german")},
		},
	})
	if ws := res.Workshops["s"]; ws[0].LanguageExcluded != 1 || ws[1].LanguageExcluded != 0 {
		t.Errorf("workshop stats %+v, want one kept from german", ws)
	}
}

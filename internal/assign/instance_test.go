package assign_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// Instances built in Go get the checks that JSON cannot reach.
func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		in   assign.Instance
		want string
	}{
		{"NaN share", assign.Instance{Slots: []assign.Slot{{ID: "s", Workshops: []assign.Workshop{{ID: "w", MaxShare: map[string]float64{"c": math.NaN()}}}}}},
			`slot "s": workshop "w": max_share NaN for "c" is outside [0, 1]`},
		{"empty category", assign.Instance{Slots: []assign.Slot{{ID: "s", Workshops: []assign.Workshop{{ID: "w", MaxShare: map[string]float64{"": 0.5}}}}}},
			`slot "s": workshop "w": max_share for an empty category`},
		{"empty language", assign.Instance{Slots: []assign.Slot{{ID: "s", Workshops: []assign.Workshop{{ID: "w", Languages: []string{""}}}}}},
			`slot "s": workshop "w": empty language`},
		{"huge cost", assign.Instance{UnassignedCost: ptr[int64](math.MaxInt64), Slots: []assign.Slot{{ID: "s"}}},
			"unassigned_cost: cost 9223372036854775807 above the largest allowed"},
		{"rank cost not below unassigned", assign.Instance{RankCosts: []int64{1, 20}, UnrankedCost: ptr[int64](5), UnassignedCost: ptr[int64](20), Slots: []assign.Slot{{ID: "s"}}},
			"unassigned_cost 20 must be above rank_costs[1], 20"},
		{"default rank cost not below unassigned", assign.Instance{UnrankedCost: ptr[int64](1), UnassignedCost: ptr[int64](4),
			Slots:        []assign.Slot{{ID: "s", Workshops: []assign.Workshop{{ID: "a"}, {ID: "b"}}}},
			Participants: []assign.Participant{{ID: "p", Choices: map[string][]string{"s": {"a", "b"}}}}},
			`participant "p": choice 2 in slot "s" costs 4, not below unassigned_cost 4`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// A share written as a whole percentage gives the places that percentage
// names, although most such decimals are inexact in floating point.
func TestShareLimitOfPercentages(t *testing.T) {
	for p := 0; p <= 100; p++ {
		for c := 0; c <= 500; c++ {
			if got, want := assign.ShareLimit(float64(p)/100, c), p*c/100; got != want {
				t.Fatalf("%d %% of %d places: %d, want %d", p, c, got, want)
			}
		}
	}
}

// The fields of issue 12 are read as strictly as the others.
func TestReadInstanceAfterPublishing(t *testing.T) {
	const valid = `{"move_cost": 500, "language_rule": "prefer", "language_cost": 3000, "share_rule": "strict", "share_cost": 9999,
 "slots": [{"id": "a", "workshops": [{"id": "w1", "capacity": 1}]}, {"id": "b", "workshops": [{"id": "w2", "capacity": 1}]}],
 "participants": [{"id": "p", "published": {"a": "w1", "b": "w2"}}]}`
	in, err := assign.ReadInstance(strings.NewReader(valid))
	if err != nil {
		t.Fatal(err)
	}
	if *in.MoveCost != 500 || in.LanguageRule != assign.RulePrefer || *in.LanguageCost != 3000 || in.ShareRule != assign.RuleStrict ||
		*in.ShareCost != 9999 || in.Participants[0].Published["b"] != "w2" {
		t.Errorf("read %+v", in)
	}
	change := func(old, new string) string {
		if !strings.Contains(valid, old) {
			t.Fatalf("no %q in the instance", old)
		}
		return strings.Replace(valid, old, new, 1)
	}
	tests := []struct{ name, input, want string }{
		{"misspelt", change(`"move_cost"`, `"move_cots"`), `line 1, column 2: unknown field "move_cots"`},
		{"at the wrong level", change(`"id": "p",`, `"id": "p", "move_cost": 1,`), `unknown field "move_cost"`},
		{"published at the top", change(`"move_cost": 500,`, `"published": {},`), `unknown field "published"`},
		{"a rule misspelt", change(`"prefer"`, `"prefered"`), `language_rule "prefered": want "strict" or "prefer"`},
		{"a rule in capitals", change(`"share_rule": "strict"`, `"share_rule": "Strict"`), `share_rule "Strict": want "strict" or "prefer"`},
		{"a rule as a number", change(`"share_rule": "strict"`, `"share_rule": 1`), "share_rule: cannot read number as string"},
		{"negative move cost", change(`500`, `-1`), "move_cost: negative cost -1"},
		{"huge language cost", change(`3000`, `3000000000`), "language_cost: cost 3000000000 above the largest allowed, 1000000000"},
		{"fractional share cost", change(`9999`, `99.5`), "share_cost: cannot read number 99.5 as int64"},
		{"published in an unknown slot", change(`"b": "w2"}`, `"c": "w2"}`), `participant "p": published placement in unknown slot "c"`},
		{"published in a workshop of another slot", change(`"b": "w2"}`, `"b": "w1"}`), `participant "p": published workshop "w1" is not a workshop of slot "b"`},
		{"published in no workshop", change(`"b": "w2"}`, `"b": ""}`), `participant "p": published workshop "" is not a workshop of slot "b"`},
		{"published as a list", change(`{"a": "w1", "b": "w2"}`, `["w1", "w2"]`), `participants.published: cannot read array`},
		{"language above what leaving out costs", change(`3000`, `9900`), "unassigned_cost 10000 must be above unranked_cost 100 plus language_cost 9900"},
		{"both prefer", change(`"share_rule": "strict", "share_cost": 9999`, `"share_rule": "prefer", "share_cost": 6900`),
			"unassigned_cost 10000 must be above unranked_cost 100 plus language_cost 3000 and share_cost 6900"},
		{"a rank cost plus the prefer costs", change(`"move_cost": 500,`, `"rank_costs": [1, 7000], "unranked_cost": 1,`),
			"unassigned_cost 10000 must be above rank_costs[1], 7000, plus language_cost 3000"},
		{"a default rank cost plus the prefer costs", `{"unranked_cost": 1, "unassigned_cost": 3004, "language_rule": "prefer", "language_cost": 3000,
 "slots": [{"id": "c", "workshops": [{"id": "x", "capacity": 1}, {"id": "y", "capacity": 1}]}], "participants": [{"id": "q", "choices": {"c": ["x", "y"]}}]}`,
			`participant "q": choice 2 in slot "c" costs 4, plus language_cost 3000 not below unassigned_cost 3004`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assign.ReadInstance(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %v, want one line with %q", err, tt.want)
			}
		})
	}
	// Under the strict rules their costs are not used, so not limited by
	// the unassigned cost.
	if _, err := assign.ReadInstance(strings.NewReader(change(`"prefer"`, `"strict"`))); err != nil {
		t.Errorf("strict with a share cost of 9999: %v", err)
	}
}

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

package assign_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// Reading any input either fails with a one-line error or gives an
// instance that, if small, is solved by a placement that keeps every rule.
func FuzzReadInstance(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte(`{"slots": [{"id": "s", "workshops": [{"id": "w", "capacity": 1, "max_share": {"c": 0.5}}]}],
		"participants": [{"id": "a", "category": "c", "fixed": {"s": "w"}}, {"id": "b", "choices": {"s": ["w"]}}]}`))
	f.Add([]byte(`{"rank_costs": [3, 1], "unranked_cost": 2, "slots": [{"id": "s", "workshops": [{"id": "w", "capacity": 1, "languages": ["fr"]}, {"id": "v", "capacity": 2}]}],
		"participants": [{"id": "a", "needs_language": "fr", "choices": {"s": ["v", "w"]}}, {"id": "b", "choices": {"s": ["w", "v"]}}, {"id": "c"}]}`))
	f.Add([]byte(`{"move_cost": 3, "language_rule": "prefer", "language_cost": 20, "share_rule": "prefer", "share_cost": 7,
		"slots": [{"id": "s", "workshops": [{"id": "w", "capacity": 2, "languages": ["ti"], "max_share": {"c": 0.5}}, {"id": "v", "capacity": 1}]}],
		"participants": [{"id": "a", "category": "c", "needs_language": "ti", "published": {"s": "v"}, "choices": {"s": ["v"]}},
			{"id": "b", "category": "c", "published": {"s": "w"}}, {"id": "c", "category": "c", "fixed": {"s": "w"}}]}`))
	f.Add([]byte(`{"slots": [{"id": "s", "workshops": [{"id": "w", "capcity": 1}]}], "participants": []}`))
	f.Add([]byte(`{"slots": [{"id": "s", "workshops": [{"id": "w", "capacity": -1}]}], "participants": []}`))
	f.Add([]byte(`{"slots": [{"id": "s"}], "participants": [{"id": "p", "choices": {"s": ["w", "w"]}}]}`))
	f.Add([]byte(`{"slots": [`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := assign.ReadInstance(bytes.NewReader(data))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error on more than one line: %q", err)
			}
			return
		}
		workshops := 0
		for _, s := range in.Slots {
			workshops += len(s.Workshops)
		}
		if len(in.Participants) > 50 || len(in.Slots) > 5 || workshops > 30 {
			return
		}
		res, err := assign.Solve(context.Background(), in)
		if err != nil {
			t.Fatalf("Solve of a valid instance: %v", err)
		}
		check(t, in, res)
	})
}

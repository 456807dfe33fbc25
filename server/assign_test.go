package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// assignExample is the example instance.
const assignExample = `{"rank_costs": [1, 4, 9], "unranked_cost": 100, "unassigned_cost": 10000, "seed": 7,
 "slots": [{"id": "afternoon", "workshops": [
    {"id": "housing", "capacity": 20, "languages": ["fr", "ar"], "max_share": {"councillor": 0.5}},
    {"id": "health", "capacity": 15}]}],
 "participants": [
    {"id": "p1", "category": "councillor", "needs_language": "fr",
     "choices": {"afternoon": ["housing", "health"]}, "fixed": {}}]}`

func runAssignCmd(t *testing.T, input string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), append([]string{"assign"}, args...), envFrom(nil), strings.NewReader(input), &stdout, &stderr)
	return stdout.String(), err
}

func TestAssignExample(t *testing.T) {
	out, err := runAssignCmd(t, assignExample)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if ms, ok := got["solve_ms"].(float64); !ok || ms < 0 {
		t.Errorf("solve_ms = %v, want a duration in milliseconds", got["solve_ms"])
	}
	delete(got, "solve_ms")
	var want map[string]any
	json.Unmarshal([]byte(`{"total_cost": 1,
		"assignments": [{"participant": "p1", "slot": "afternoon", "workshop": "housing", "rank": 1}],
		"unassigned": [],
		"stats": {"afternoon": {"rank_counts": [1, 0], "unranked": 0, "unassigned": 0, "fixed": 0}}}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// A fixed placement shows as such, and someone left out shows in unassigned.
func TestAssignFixedAndUnassigned(t *testing.T) {
	out, err := runAssignCmd(t, `{"slots": [{"id": "s", "workshops": [{"id": "w", "capacity": 1}]}],
		"participants": [{"id": "lead", "fixed": {"s": "w"}}, {"id": "late", "choices": {"s": ["w"]}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		TotalCost   int64            `json:"total_cost"`
		Assignments []map[string]any `json:"assignments"`
		Unassigned  []map[string]any `json:"unassigned"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	wantAssigned := []map[string]any{{"participant": "lead", "slot": "s", "workshop": "w", "rank": 0.0, "fixed": true}}
	wantUnassigned := []map[string]any{{"participant": "late", "slot": "s"}}
	// The fixed person in a workshop they did not rank costs the unranked 100.
	if got.TotalCost != 10100 || !reflect.DeepEqual(got.Assignments, wantAssigned) || !reflect.DeepEqual(got.Unassigned, wantUnassigned) {
		t.Errorf("got %+v", got)
	}
}

// After publishing: a workshop lowered to one place moves one of the two
// told there, and the result says who, from where and to where.
func TestAssignPublished(t *testing.T) {
	out, err := runAssignCmd(t, `{"language_rule": "prefer", "share_rule": "prefer",
		"slots": [{"id": "s", "workshops": [{"id": "housing", "capacity": 1}, {"id": "work", "capacity": 2, "languages": ["ar"]}]}],
		"participants": [{"id": "amina", "choices": {"s": ["housing", "work"]}, "published": {"s": "housing"}},
			{"id": "bernd", "choices": {"s": ["housing"]}, "published": {"s": "housing"}},
			{"id": "yonas", "needs_language": "ti", "choices": {"s": ["work"]}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		TotalCost int64                     `json:"total_cost"`
		Stats     map[string]map[string]any `json:"stats"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	wantMoved := []any{map[string]any{"participant": "amina", "from": "housing", "to": "work"}}
	if st := got.Stats["s"]; !reflect.DeepEqual(st["moved"], wantMoved) || st["unassigned"] != 0.0 || got.TotalCost != 1+4+1000+1 {
		t.Errorf("got %s", out)
	}
}

func TestAssignArguments(t *testing.T) {
	out, err := runAssignCmd(t, assignExample, "big.json")
	if err == nil || !strings.Contains(err.Error(), `assign: unexpected argument "big.json"`) || out != "" {
		t.Errorf("got error %v and output %q, want an error about the argument and no output", err, out)
	}
}

func TestAssignErrors(t *testing.T) {
	// instance builds an instance from the example with one change.
	instance := func(old, new string) string {
		if !strings.Contains(assignExample, old) {
			t.Fatalf("the example has no %q", old)
		}
		return strings.Replace(assignExample, old, new, 1)
	}
	twoSlots := `{"slots": [{"id": "a", "workshops": [{"id": "w1", "capacity": 1}]}, {"id": "b", "workshops": [{"id": "w2", "capacity": 1}]}], "participants": [%s]}`
	slots := func(participants string) string { return strings.Replace(twoSlots, "%s", participants, 1) }
	tests := []struct {
		name, input string
		want        []string // all in the error
	}{
		{"malformed JSON", instance(`"seed": 7,`, `"seed": 7,,`), []string{"line 1, column 85", "invalid character ','"}},
		{"malformed on a later line", instance(`{"id": "health", "capacity": 15}`, `{"id": "health" "capacity": 15}`), []string{"line 4, column 21", "after object key"}},
		{"truncated", assignExample[:100], []string{"unexpected end of input"}},
		{"empty input", "", []string{"empty input"}},
		{"trailing data", assignExample + " {}", []string{"line 7", "unexpected data after the instance"}},
		{"unknown field", instance(`"capacity": 15`, `"capacity": 15, "capcity": 15`), []string{`unknown field "capcity"`, "line 4, column 38"}},
		{"field at the wrong level", instance(`"seed": 7,`, `"seed": 7, "capacity": 3,`), []string{`unknown field "capacity"`}},
		{"wrong type", instance(`"capacity": 15`, `"capacity": "15"`), []string{"line 4", "slots.workshops.capacity", "string"}},
		{"fractional capacity", instance(`"capacity": 15`, `"capacity": 1.5`), []string{"slots.workshops.capacity"}},
		{"missing slots", `{"participants": []}`, []string{"missing slots"}},
		{"no slots", `{"slots": [], "participants": []}`, []string{"no slots"}},
		{"missing participants", `{"slots": [{"id": "s", "workshops": []}]}`, []string{"missing participants"}},
		{"missing capacity", instance(`{"id": "health", "capacity": 15}`, `{"id": "health"}`), []string{`workshop "health": missing capacity`}},
		{"unknown workshop in a choice", instance(`["housing", "health"]`, `["housing", "heath"]`), []string{`participant "p1"`, `choice "heath"`, `slot "afternoon"`}},
		{"workshop of another slot", slots(`{"id": "p", "choices": {"a": ["w2"]}}`), []string{`participant "p"`, `choice "w2" is not a workshop of slot "a"`}},
		{"unknown workshop fixed", instance(`"fixed": {}`, `"fixed": {"afternoon": "yoga"}`), []string{`participant "p1"`, `fixed workshop "yoga"`, `slot "afternoon"`}},
		{"ranked twice", instance(`["housing", "health"]`, `["housing", "health", "housing"]`), []string{`participant "p1"`, `workshop "housing" ranked twice in slot "afternoon"`}},
		{"choices for an unknown slot", instance(`{"afternoon": ["housing", "health"]}`, `{"morning": ["housing"]}`), []string{`participant "p1"`, `unknown slot "morning"`}},
		{"fixed in an unknown slot", instance(`"fixed": {}`, `"fixed": {"morning": "housing"}`), []string{`participant "p1"`, `fixed placement in unknown slot "morning"`}},
		{"negative capacity", instance(`"capacity": 15`, `"capacity": -1`), []string{`workshop "health"`, "negative capacity -1"}},
		{"duplicate slot", `{"slots": [{"id": "a"}, {"id": "a"}], "participants": []}`, []string{`slot "a": duplicate slot id`}},
		{"duplicate workshop in a slot", instance(`{"id": "health", "capacity": 15}`, `{"id": "housing", "capacity": 15}`), []string{`workshop "housing": duplicate workshop id`}},
		{"duplicate workshop across slots", strings.Replace(slots(``), `"w2"`, `"w1"`, 1), []string{`slot "b": workshop "w1": duplicate workshop id (also in slot "a")`}},
		{"duplicate participant", instance(`"fixed": {}}`, `"fixed": {}}, {"id": "p1"}`), []string{`participant "p1": duplicate participant id`}},
		{"more choices than rank costs", instance(`[1, 4, 9]`, `[1]`), []string{`participant "p1"`, "2 choices", "rank_costs has only 1"}},
		{"negative rank cost", instance(`[1, 4, 9]`, `[1, -4, 9]`), []string{"rank_costs[1]", "negative cost -4"}},
		{"negative unranked cost", instance(`"unranked_cost": 100`, `"unranked_cost": -100`), []string{"unranked_cost", "negative"}},
		{"negative unassigned cost", instance(`"unassigned_cost": 10000`, `"unassigned_cost": -1`), []string{"unassigned_cost", "negative"}},
		{"unassigned cheaper than unranked", instance(`"unassigned_cost": 10000`, `"unassigned_cost": 50`), []string{"unassigned_cost 50 must be above unranked_cost 100"}},
		{"share above 1", instance(`{"councillor": 0.5}`, `{"councillor": 1.5}`), []string{`workshop "housing"`, `max_share 1.5 for "councillor" is outside [0, 1]`}},
		{"negative share", instance(`{"councillor": 0.5}`, `{"councillor": -0.5}`), []string{`workshop "housing"`, "outside [0, 1]"}},
		{"fixed into a full workshop", slots(`{"id": "x", "fixed": {"a": "w1"}}, {"id": "y", "fixed": {"a": "w1"}}`), []string{`slot "a": workshop "w1": 2 fixed placements exceed its capacity 1`}},
		{"fixed beyond the share", `{"slots": [{"id": "a", "workshops": [{"id": "w", "capacity": 4, "max_share": {"c": 0.25}}]}],
			"participants": [{"id": "x", "category": "c", "fixed": {"a": "w"}}, {"id": "y", "category": "c", "fixed": {"a": "w"}}]}`,
			[]string{`slot "a": workshop "w": 2 fixed placements of category "c" exceed its max_share limit of 1`}},
		{"empty slot id", instance(`"id": "afternoon"`, `"id": ""`), []string{"slots[0]: empty id"}},
		{"empty workshop id", instance(`"id": "health"`, `"id": ""`), []string{`slot "afternoon": workshops[1]: empty id`}},
		{"empty participant id", instance(`"id": "p1"`, `"id": ""`), []string{"participants[0]: empty id"}},
		{"an id with a line break stays on one line", instance(`"fixed": {}}`, `"fixed": {}}, {"id": "p1\n"}, {"id": "p1\n"}`),
			[]string{`participant "p1\n": duplicate participant id`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runAssignCmd(t, tt.input)
			if err == nil {
				t.Fatalf("no error; output %s", out)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "assign: ") || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line starting with \"assign: \"", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
			if out != "" {
				t.Errorf("output on error: %q", out)
			}
		})
	}
}

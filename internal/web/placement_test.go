package web_test

import (
	"strconv"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/placement"
)

// The run page reports the cost of the whole result, the facilitator fixed
// in a workshop she did not rank included, and says how the figure comes about.
func TestRunPageCostOfTheWholeResult(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		path := x.run(t)
		run, err := e.db.Run(t.Context(), idFrom(t, path, "/admin/assignment-runs/"))
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, a := range run.Assignments {
			switch {
			case a.WorkshopID == nil:
				total += placement.UnassignedCost
			case a.Rank == 0:
				total += placement.UnrankedCost
			default:
				total += int64(a.Rank * a.Rank)
			}
		}
		// Fatima in A2, which she did not rank (100); Amina's second choice (4);
		// Bernd or Clara's second (4); three first choices.
		if total != 111 || run.TotalCost != total {
			t.Errorf("total cost %d, the placements cost %d, want 111", run.TotalCost, total)
		}
		wantContains(t, x.organiser.get(path), "Kosten insgesamt: "+strconv.FormatInt(total, 10),
			"für einen Workshop, den sie nicht gewählt hat, und 10000, wenn sie keinen Platz bekommt; fest Zugeteilte zählen mit.")
		x.organiser.lang = "en"
		wantContains(t, x.organiser.get(path), "Total cost: 111", "people fixed to a workshop count too")
	})
}

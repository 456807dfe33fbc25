package web_test

import (
	"encoding/csv"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
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

// The CSV export has per workshop slot the workshop the published run
// placed each person in: empty before anything is published, and not the
// workshop of a run that is only a draft.
func TestRegistrationsCSVPlacedWorkshop(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		csvPath := "/admin/editions/" + itoa(x.conf.ID) + "/registrations.csv"
		column := x.slot.Title + ": zugeteilter Workshop"
		placedIn := func() map[string]string {
			t.Helper()
			res := x.organiser.get(csvPath)
			wantStatus(t, res, http.StatusOK)
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\uFEFF")))
			r.Comma = ';'
			rows, err := r.ReadAll()
			if err != nil || len(rows) != 7 {
				t.Fatalf("%d rows (%v):\n%q", len(rows), err, rows)
			}
			name, col := slices.Index(rows[0], "Name"), slices.Index(rows[0], column)
			if col < 0 {
				t.Fatalf("no column %q in %q", column, rows[0])
			}
			placed := map[string]string{}
			for _, row := range rows[1:] {
				placed[row[name]] = row[col]
			}
			return placed
		}

		run := x.run(t)
		for n, w := range placedIn() {
			if w != "" {
				t.Errorf("before publishing, %s is placed in %q", n, w)
			}
		}
		wantStatus(t, x.organiser.post(run+"/publish", confirmYes), http.StatusSeeOther)
		published, _ := x.placed(t, e, run)
		want := map[string]string{}
		for _, w := range []model.Workshop{x.a1, x.a2, x.a3} {
			for _, n := range published[w.ID] {
				want[n] = w.Title
			}
		}
		if got := placedIn(); !maps.Equal(got, want) || got["Amina"] != x.a1.Title || got["Fatima"] != x.a2.Title {
			t.Errorf("placed %v, want %v", got, want)
		}

		// Eva moved by hand into A1, David leaving it for her place in A3, is
		// a new run, a draft: the export still shows the published one.
		res := x.organiser.post(run+"/move", url.Values{"registration_id": {itoa(x.people["Eva"].ID)},
			"session_id": {itoa(x.slot.ID)}, "workshop_id": {itoa(x.a1.ID)}, "leaves": {itoa(x.people["David"].ID)}})
		wantStatus(t, res, http.StatusSeeOther)
		if got := placedIn(); got["Eva"] != want["Eva"] {
			t.Errorf("Eva, moved in a draft: %q, want %q", got["Eva"], want["Eva"])
		}
		wantStatus(t, x.organiser.post(res.Location+"/publish", confirmYes), http.StatusSeeOther)
		if got := placedIn(); got["Eva"] != x.a1.Title {
			t.Errorf("Eva after publishing the move: %q", got["Eva"])
		}
	})
}

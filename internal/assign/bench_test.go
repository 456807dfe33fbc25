package assign_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign/assigntest"
)

func firstChoices(res *assign.Result) int {
	n := 0
	for _, st := range res.Stats {
		if len(st.RankCounts) > 0 {
			n += st.RankCounts[0]
		}
	}
	return n
}

// benchmarkSolve reports, besides the time, the total cost and how many got
// their first choice, for the solver and for first come, first served.
func benchmarkSolve(b *testing.B, o assigntest.Options) {
	in := assigntest.Generate(o)
	greedy := assigntest.Greedy(in)
	var res *assign.Result
	for b.Loop() {
		var err error
		if res, err = assign.Solve(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.TotalCost), "cost")
	b.ReportMetric(float64(firstChoices(res)), "first")
	b.ReportMetric(float64(greedy.TotalCost), "greedy-cost")
	b.ReportMetric(float64(firstChoices(greedy)), "greedy-first")
}

// The two benchmark instances: 10,000 participants in one slot of 20
// workshops with 3 choices each; 100,000 participants in 4 slots of 50
// workshops with 5 choices each, with languages, shares and facilitators.
var (
	small = assigntest.Options{Participants: 10_000, Slots: 1, Workshops: 20, Choices: 3, Seed: 1}
	big   = assigntest.Options{Participants: 100_000, Slots: 4, Workshops: 50, Choices: 5, Rules: true, Seed: 1}
	// The re-run after publishing: everyone told, 5 % cancelled.
	published = assigntest.Options{Participants: 100_000, Slots: 4, Workshops: 50, Choices: 5, Rules: true, Published: true, Seed: 1}
	// The same under the prefer rules.
	preferred = assigntest.Options{Participants: 100_000, Slots: 4, Workshops: 50, Choices: 5, Rules: true, Published: true, Prefer: true, Seed: 1}
)

func BenchmarkSolve10k(b *testing.B)           { benchmarkSolve(b, small) }
func BenchmarkSolve100k(b *testing.B)          { benchmarkSolve(b, big) }
func BenchmarkSolve100kPublished(b *testing.B) { benchmarkSolve(b, published) }
func BenchmarkSolve100kPrefer(b *testing.B)    { benchmarkSolve(b, preferred) }

// First come, first served, for its time.
func benchmarkGreedy(b *testing.B, o assigntest.Options) {
	in := assigntest.Generate(o)
	for b.Loop() {
		assigntest.Greedy(in)
	}
}

func BenchmarkGreedy10k(b *testing.B)  { benchmarkGreedy(b, small) }
func BenchmarkGreedy100k(b *testing.B) { benchmarkGreedy(b, big) }

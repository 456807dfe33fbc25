package assign_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign/assigntest"
)

// The example, with the output it gives.
const example = `{"rank_costs": [1, 4, 9], "unranked_cost": 100, "unassigned_cost": 10000, "seed": 7,
 "slots": [{"id": "afternoon", "workshops": [
    {"id": "housing", "capacity": 20, "languages": ["fr", "ar"], "max_share": {"councillor": 0.5}},
    {"id": "health", "capacity": 15}]}],
 "participants": [
    {"id": "p1", "category": "councillor", "needs_language": "fr",
     "choices": {"afternoon": ["housing", "health"]}, "fixed": {}}]}`

func solve(t *testing.T, in *assign.Instance) *assign.Result {
	t.Helper()
	res, err := assign.Solve(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	check(t, in, res)
	return res
}

func TestExample(t *testing.T) {
	in, err := assign.ReadInstance(strings.NewReader(example))
	if err != nil {
		t.Fatal(err)
	}
	res := solve(t, in)
	res.SolveMS = 0
	var out bytes.Buffer
	if err := res.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	want := `{
  "total_cost": 1,
  "assignments": [
    {
      "participant": "p1",
      "slot": "afternoon",
      "workshop": "housing",
      "rank": 1
    }
  ],
  "unassigned": [],
  "stats": {
    "afternoon": {
      "rank_counts": [
        1,
        0
      ],
      "unranked": 0,
      "unassigned": 0,
      "fixed": 0
    }
  },
  "solve_ms": 0
}
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// bruteForce returns the least total cost over every placement of the
// instance's participants that keeps the rules.
func bruteForce(in *assign.Instance) int64 {
	tm := termsOf(in)
	var total int64
	for s := range in.Slots {
		slot := &in.Slots[s]
		filled, byCat, fixedCost := tm.fixedPlacements(in, slot)
		_, fixedAbove := tm.aboveShare(slot, byCat)
		var free []*assign.Participant
		for i := range in.Participants {
			if _, ok := in.Participants[i].Fixed[slot.ID]; !ok {
				free = append(free, &in.Participants[i])
			}
		}
		var best int64 = -1
		var place func(i int, cost int64)
		place = func(i int, cost int64) {
			if i == len(free) {
				if best < 0 || cost < best {
					best = cost
				}
				return
			}
			p := free[i]
			place(i+1, cost+tm.cost(slot, p, -1))
			for j := range slot.Workshops {
				w := &slot.Workshops[j]
				if !tm.mayAttend(slot, w, p) || filled[j] >= w.Capacity {
					continue
				}
				c := tm.cost(slot, p, j)
				if l, hasShare := limit(w, p.Category); hasShare && byCat[j][p.Category] >= l {
					if !tm.sharePrefer {
						continue
					}
					c += tm.share
				}
				filled[j]++
				byCat[j][p.Category]++
				place(i+1, cost+c)
				filled[j]--
				byCat[j][p.Category]--
			}
		}
		place(0, fixedCost+fixedAbove)
		total += best
	}
	return total
}

func TestSolveMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		in := randomInstance(rng, 7, 3, 1+i%2)
		res := solve(t, in)
		if want := bruteForce(in); res.TotalCost != want {
			js, _ := json.Marshal(in)
			t.Fatalf("instance %d: total cost %d, brute force %d\n%s", i, res.TotalCost, want, js)
		}
	}
}

// The same with published placements, move costs and prefer rules.
func TestSolveWithTermsMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var seen exercised
	for i := range 2000 {
		in := withTerms(rng, randomInstance(rng, 7, 3, 1+i%2))
		res := solve(t, in)
		seen.add(res)
		if want := bruteForce(in); res.TotalCost != want {
			js, _ := json.Marshal(in)
			t.Fatalf("instance %d: total cost %d, brute force %d\n%s", i, res.TotalCost, want, js)
		}
	}
	if seen.moved == 0 || seen.against == 0 || seen.above == 0 {
		t.Errorf("the instances reach too little: %+v", seen)
	}
}

// denseFlow returns the least total cost by a plain min-cost flow: a node
// per participant with an arc to every workshop they may attend, and
// successive shortest paths by Bellman-Ford, one participant at a time.
// Under share_rule "prefer" a share node has a second arc to its workshop,
// without limit, at the share's cost.
func denseFlow(in *assign.Instance) int64 {
	tm := termsOf(in)
	var total int64
	for s := range in.Slots {
		slot := &in.Slots[s]
		g := &graph{}
		src, sink := g.node(), g.node()
		wsNode := make([]int, len(slot.Workshops))
		shareNode := make([]map[string]int, len(slot.Workshops))
		filled, byCat, fixedCost := tm.fixedPlacements(in, slot)
		_, fixedAbove := tm.aboveShare(slot, byCat)
		n := 0
		for _, p := range in.Participants {
			if _, ok := p.Fixed[slot.ID]; !ok {
				n++
			}
		}
		for j := range slot.Workshops {
			w := &slot.Workshops[j]
			wsNode[j] = g.node()
			g.arc(wsNode[j], sink, w.Capacity-filled[j], 0)
			shareNode[j] = map[string]int{}
			for cat := range w.MaxShare {
				l, _ := limit(w, cat)
				shareNode[j][cat] = g.node()
				g.arc(shareNode[j][cat], wsNode[j], max(l-byCat[j][cat], 0), 0)
				if tm.sharePrefer {
					g.arc(shareNode[j][cat], wsNode[j], n, tm.share)
				}
			}
		}
		for i := range in.Participants {
			p := &in.Participants[i]
			if _, ok := p.Fixed[slot.ID]; ok {
				continue
			}
			v := g.node()
			g.arc(src, v, 1, 0)
			g.arc(v, sink, 1, tm.cost(slot, p, -1))
			for j := range slot.Workshops {
				w := &slot.Workshops[j]
				if !tm.mayAttend(slot, w, p) {
					continue
				}
				to := wsNode[j]
				if s, ok := shareNode[j][p.Category]; ok {
					to = s
				}
				g.arc(v, to, 1, tm.cost(slot, p, j))
			}
		}
		total += fixedCost + fixedAbove
		for range n {
			total += g.augment(src, sink)
		}
	}
	return total
}

type graph struct {
	to, capacity []int
	cost         []int64
	out          [][]int
}

func (g *graph) node() int {
	g.out = append(g.out, nil)
	return len(g.out) - 1
}

func (g *graph) arc(from, to, capacity int, cost int64) {
	g.out[from] = append(g.out[from], len(g.to))
	g.to, g.capacity, g.cost = append(g.to, to), append(g.capacity, capacity), append(g.cost, cost)
	g.out[to] = append(g.out[to], len(g.to))
	g.to, g.capacity, g.cost = append(g.to, from), append(g.capacity, 0), append(g.cost, -cost)
}

// augment sends one unit along a cheapest path and returns its cost.
func (g *graph) augment(src, sink int) int64 {
	const inf = int64(1) << 62
	dist := make([]int64, len(g.out))
	via := make([]int, len(g.out))
	for v := range dist {
		dist[v] = inf
	}
	dist[src] = 0
	for changed := true; changed; {
		changed = false
		for u := range g.out {
			if dist[u] == inf {
				continue
			}
			for _, a := range g.out[u] {
				if g.capacity[a] > 0 && dist[u]+g.cost[a] < dist[g.to[a]] {
					dist[g.to[a]] = dist[u] + g.cost[a]
					via[g.to[a]] = a
					changed = true
				}
			}
		}
	}
	for v := sink; v != src; v = g.to[via[v]^1] {
		g.capacity[via[v]]--
		g.capacity[via[v]^1]++
	}
	return dist[sink]
}

func TestSolveMatchesDenseFlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 60 {
		in := randomInstance(rng, 60, 8, 1+i%2)
		res := solve(t, in)
		if want := denseFlow(in); res.TotalCost != want {
			js, _ := json.Marshal(in)
			t.Fatalf("instance %d: total cost %d, dense flow %d\n%s", i, res.TotalCost, want, js)
		}
	}
}

func TestSolveWithTermsMatchesDenseFlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var seen exercised
	for i := range 60 {
		in := withTerms(rng, randomInstance(rng, 60, 8, 1+i%2))
		res := solve(t, in)
		seen.add(res)
		if want := denseFlow(in); res.TotalCost != want {
			js, _ := json.Marshal(in)
			t.Fatalf("instance %d: total cost %d, dense flow %d\n%s", i, res.TotalCost, want, js)
		}
	}
	if seen.moved == 0 || seen.against == 0 || seen.above == 0 {
		t.Errorf("the instances reach too little: %+v", seen)
	}
}

// The generated benchmark instances, small: every rule holds, and the
// solver does at least as well as first come, first served.
func TestGeneratedInstances(t *testing.T) {
	for seed := range uint64(5) {
		in := assigntest.Generate(assigntest.Options{Participants: 300, Slots: 2, Workshops: 12, Choices: 4, Rules: true, Seed: seed})
		res := solve(t, in)
		if want := denseFlow(in); res.TotalCost != want {
			t.Errorf("seed %d: total cost %d, dense flow %d", seed, res.TotalCost, want)
		}
		greedy := assigntest.Greedy(in)
		check(t, in, withWorkshops(res, greedy))
		if greedy.TotalCost < res.TotalCost {
			t.Errorf("seed %d: greedy %d beats the optimum %d", seed, greedy.TotalCost, res.TotalCost)
		}
	}
}

// withWorkshops gives greedy's result the solver's workshop list, which the
// checker compares the fill against.
func withWorkshops(solved, greedy *assign.Result) *assign.Result {
	r := *greedy
	r.Workshops = map[string][]assign.WorkshopStats{}
	counts := map[string]int{}
	for _, a := range greedy.Assignments {
		counts[a.Slot+"\x00"+a.Workshop]++
	}
	for slot, ws := range solved.Workshops {
		for _, w := range ws {
			r.Workshops[slot] = append(r.Workshops[slot], assign.WorkshopStats{ID: w.ID, Capacity: w.Capacity, Filled: counts[slot+"\x00"+w.ID]})
		}
	}
	return &r
}

func resultJSON(t *testing.T, res *assign.Result) string {
	t.Helper()
	r := *res
	r.SolveMS = 0
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSeedReproducible(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		in := randomInstance(rng, 60, 8, 3)
		first := resultJSON(t, solve(t, in))
		if again := resultJSON(t, solve(t, in)); again != first {
			t.Fatalf("the same instance gave\n%s\nand\n%s", first, again)
		}
	}
}

// With many equally good placements, the seed decides which one.
func TestSeedPicksAmongOptima(t *testing.T) {
	in := &assign.Instance{Slots: []assign.Slot{{ID: "s", Workshops: []assign.Workshop{
		{ID: "a", Capacity: 3}, {ID: "b", Capacity: 3}, {ID: "c", Capacity: 3}}}}}
	for i := range 9 {
		// Everyone ranks a first; who gets it is a tie, and so is where the rest go.
		in.Participants = append(in.Participants, assign.Participant{ID: string(rune('A' + i)), Choices: map[string][]string{"s": {"a"}}})
	}
	results := map[string]bool{}
	var cost int64 = -1
	for seed := range int64(10) {
		in.Seed = seed
		res := solve(t, in)
		if cost >= 0 && res.TotalCost != cost {
			t.Fatalf("seed %d: cost %d, seed 0 gave %d", seed, res.TotalCost, cost)
		}
		cost = res.TotalCost
		results[resultJSON(t, res)] = true
	}
	if cost != 3*1+6*100 {
		t.Errorf("cost %d, want %d", cost, 3*1+6*100)
	}
	if len(results) < 3 {
		t.Errorf("10 seeds gave %d different results, want several", len(results))
	}
}

// A fixed person costs what their placement costs by their ranks: the
// rank's cost where they ranked the workshop, the unranked cost where not.
func TestTotalCostCountsFixedPlacements(t *testing.T) {
	unranked := int64(50)
	in := &assign.Instance{
		UnrankedCost: &unranked,
		Slots: []assign.Slot{{ID: "s", Workshops: []assign.Workshop{
			{ID: "housing", Capacity: 2}, {ID: "health", Capacity: 2},
		}}},
		Participants: []assign.Participant{
			{ID: "facilitator", Fixed: map[string]string{"s": "housing"}},
			{ID: "speaker", Fixed: map[string]string{"s": "health"}, Choices: map[string][]string{"s": {"housing", "health"}}},
			{ID: "guest", Choices: map[string][]string{"s": {"housing"}}},
		},
	}
	res := solve(t, in)
	if want := unranked + 4 + 1; res.TotalCost != want {
		t.Errorf("total cost %d, want %d (unranked fixed, second choice fixed, first choice)", res.TotalCost, want)
	}
}

func TestWorkshopStats(t *testing.T) {
	in := &assign.Instance{
		Slots: []assign.Slot{{ID: "s", Workshops: []assign.Workshop{
			{ID: "small", Capacity: 1, Languages: []string{"fr"}},
			{ID: "shared", Capacity: 4, Languages: []string{"fr"}, MaxShare: map[string]float64{"c": 0.25, "d": 0.5}},
			{ID: "german", Capacity: 10},
			{ID: "calm", Capacity: 10, Languages: []string{"fr"}},
		}}},
		Participants: []assign.Participant{
			{ID: "fixed", Fixed: map[string]string{"s": "small"}, Choices: map[string][]string{"s": {"german"}}},
			{ID: "late", Choices: map[string][]string{"s": {"small", "calm"}}},
			{ID: "c1", Category: "c", Choices: map[string][]string{"s": {"shared"}}},
			{ID: "c2", Category: "c", Choices: map[string][]string{"s": {"shared"}}},
			{ID: "d1", Category: "d", Choices: map[string][]string{"s": {"shared"}}},
			{ID: "fr", NeedsLanguage: "fr", Choices: map[string][]string{"s": {"german", "calm"}}},
		},
	}
	res := solve(t, in)
	want := []assign.WorkshopStats{
		{ID: "small", Capacity: 1, Filled: 1, CapacityBinds: true},
		{ID: "shared", Capacity: 4, Filled: 2, ShareBinds: []string{"c"}},
		{ID: "german", Capacity: 10, Filled: 1, LanguageExcluded: 1},
		{ID: "calm", Capacity: 10, Filled: 2},
	}
	for j, got := range res.Workshops["s"] {
		if got.ID != want[j].ID || got.Filled != want[j].Filled || got.CapacityBinds != want[j].CapacityBinds ||
			!slices.Equal(got.ShareBinds, want[j].ShareBinds) || got.LanguageExcluded != want[j].LanguageExcluded {
			t.Errorf("workshop %d: got %+v, want %+v", j, got, want[j])
		}
	}
}

func TestSolveCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := assigntest.Generate(assigntest.Options{Participants: 100, Slots: 2, Workshops: 5, Choices: 3, Seed: 1})
	if _, err := assign.Solve(ctx, in); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

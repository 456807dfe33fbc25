// Package assigntest makes realistic placement problems for benchmarks and
// solves them the way a registration desk would without a solver (first
// come, first served), as the baseline to compare the solver with.
package assigntest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// Options describe the instance Generate makes.
type Options struct {
	Participants int
	Slots        int
	Workshops    int // per slot
	Choices      int // ranked per participant and slot
	// Rules adds what makes the problem harder: about 15 % of the
	// participants need a language that only some workshops offer, two
	// popular workshops per slot take at most a third of councillors, and
	// every other workshop has its facilitator fixed in it.
	Rules bool
	Seed  uint64
}

// The languages some participants need, and how often (of 1000).
var needs = []struct {
	lang     string
	perMille int
	offered  float64 // share of workshops that offer it
}{{"en", 80, 0.6}, {"ar", 40, 0.3}, {"fr", 30, 0.25}}

// Generate makes a reproducible instance: the same options give the same
// instance. Some workshops are much more popular than others (their
// popularity falls off like a Zipf distribution), and the capacities add
// up to 5 % more than the participants, so that many cannot have their
// first choice.
func Generate(o Options) *assign.Instance {
	rng := rand.New(rand.NewPCG(o.Seed, 1))
	in := &assign.Instance{Seed: int64(o.Seed), Participants: make([]assign.Participant, o.Participants)}
	popularity := make([][]float64, o.Slots)
	for s := range o.Slots {
		slot := assign.Slot{ID: fmt.Sprintf("slot%d", s+1)}
		// Room sizes vary independently of popularity.
		sizes := make([]float64, o.Workshops)
		total := 0.0
		for j := range sizes {
			sizes[j] = 0.5 + rng.Float64()
			total += sizes[j]
		}
		popularity[s] = make([]float64, o.Workshops)
		for j, rank := range rng.Perm(o.Workshops) {
			popularity[s][j] = 1 / math.Pow(float64(rank+1), 0.8)
		}
		for j := range o.Workshops {
			w := assign.Workshop{
				ID:       fmt.Sprintf("s%d-w%02d", s+1, j+1),
				Capacity: int(math.Ceil(sizes[j] / total * 1.05 * float64(o.Participants))),
			}
			if o.Rules {
				for _, l := range needs {
					if rng.Float64() < l.offered {
						w.Languages = append(w.Languages, l.lang)
					}
				}
			}
			slot.Workshops = append(slot.Workshops, w)
		}
		if o.Rules {
			// The two most popular workshops limit councillors.
			byPopularity := make([]int, o.Workshops)
			for j := range byPopularity {
				byPopularity[j] = j
			}
			slices.SortFunc(byPopularity, func(a, b int) int { return -cmpFloat(popularity[s][a], popularity[s][b]) })
			for _, j := range byPopularity[:min(2, o.Workshops)] {
				slot.Workshops[j].MaxShare = map[string]float64{"councillor": 0.33}
			}
		}
		in.Slots = append(in.Slots, slot)
	}

	for i := range in.Participants {
		p := assign.Participant{ID: fmt.Sprintf("p%06d", i+1), Choices: make(map[string][]string, o.Slots)}
		if o.Rules {
			switch c := rng.IntN(10); {
			case c < 2:
				p.Category = "councillor"
			case c < 5:
				p.Category = "staff"
			default:
				p.Category = "volunteer"
			}
			x := rng.IntN(1000)
			for _, l := range needs {
				if x < l.perMille {
					p.NeedsLanguage = l.lang
					break
				}
				x -= l.perMille
			}
		}
		for s, slot := range in.Slots {
			weights := slices.Clone(popularity[s])
			if p.NeedsLanguage != "" {
				// Mostly, but not only, workshops in their language.
				for j, w := range slot.Workshops {
					if slices.Contains(w.Languages, p.NeedsLanguage) {
						weights[j] *= 10
					}
				}
			}
			for range min(o.Choices, o.Workshops) {
				j := pick(rng, weights)
				weights[j] = 0
				p.Choices[slot.ID] = append(p.Choices[slot.ID], slot.Workshops[j].ID)
			}
		}
		in.Participants[i] = p
	}

	if o.Rules {
		// Facilitators: participant k leads the k-th workshop that has one.
		k := 0
		for _, slot := range in.Slots {
			for j := 0; j < len(slot.Workshops) && k < len(in.Participants); j += 2 {
				p := &in.Participants[k]
				p.Fixed = map[string]string{slot.ID: slot.Workshops[j].ID}
				k++
			}
		}
	}
	return in
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pick draws an index with probability proportional to its weight.
func pick(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	last := 0
	for j, w := range weights {
		if w == 0 {
			continue
		}
		if x < w {
			return j
		}
		x -= w
		last = j
	}
	return last // rounding left x a little above the last weight
}

// Greedy places participants first come, first served: in input order,
// each takes their best-ranked choice that they may attend and that has
// room, else the first workshop with room they may attend, else nothing.
// Fixed placements are made first. The instance must be valid.
func Greedy(in *assign.Instance) *assign.Result {
	unranked, unassigned := int64(assign.DefaultUnrankedCost), int64(assign.DefaultUnassignedCost)
	if in.UnrankedCost != nil {
		unranked = *in.UnrankedCost
	}
	if in.UnassignedCost != nil {
		unassigned = *in.UnassignedCost
	}
	rankCost := func(r int) int64 {
		if len(in.RankCosts) > 0 {
			return in.RankCosts[r-1]
		}
		return int64(r * r)
	}
	res := &assign.Result{Assignments: []assign.Assignment{}, Unassigned: []assign.Unplaced{}, Stats: map[string]assign.SlotStats{}}
	for _, s := range in.Slots {
		index := make(map[string]int, len(s.Workshops))
		for j, w := range s.Workshops {
			index[w.ID] = j
		}
		filled := make([]int, len(s.Workshops))
		byCat := make([]map[string]int, len(s.Workshops))
		for j := range byCat {
			byCat[j] = map[string]int{}
		}
		room := func(p *assign.Participant, j int) bool {
			w := &s.Workshops[j]
			if p.NeedsLanguage != "" && !slices.Contains(w.Languages, p.NeedsLanguage) || filled[j] >= w.Capacity {
				return false
			}
			share, ok := w.MaxShare[p.Category]
			return !ok || byCat[j][p.Category] < assign.ShareLimit(share, w.Capacity)
		}
		take := func(p *assign.Participant, j int) {
			filled[j]++
			byCat[j][p.Category]++
		}
		longest := 0
		for i := range in.Participants {
			p := &in.Participants[i]
			longest = max(longest, len(p.Choices[s.ID]))
			if id, ok := p.Fixed[s.ID]; ok {
				take(p, index[id])
			}
		}
		st := assign.SlotStats{RankCounts: make([]int, longest)}
		for i := range in.Participants {
			p := &in.Participants[i]
			choices := p.Choices[s.ID]
			if id, ok := p.Fixed[s.ID]; ok {
				rank := slices.Index(choices, id) + 1
				res.Assignments = append(res.Assignments, assign.Assignment{Participant: p.ID, Slot: s.ID, Workshop: id, Rank: rank, Fixed: true})
				st.Fixed++
				if rank == 0 {
					res.TotalCost += unranked
				} else {
					res.TotalCost += rankCost(rank)
				}
				continue
			}
			got, rank := -1, 0
			for r, id := range choices {
				if j := index[id]; room(p, j) {
					got, rank = j, r+1
					break
				}
			}
			// The ranked ones are full by now: whatever is found is unranked.
			for j := 0; got < 0 && j < len(s.Workshops); j++ {
				if room(p, j) {
					got = j
				}
			}
			switch {
			case got < 0:
				res.Unassigned = append(res.Unassigned, assign.Unplaced{Participant: p.ID, Slot: s.ID})
				st.Unassigned++
				res.TotalCost += unassigned
				continue
			case rank == 0:
				st.Unranked++
				res.TotalCost += unranked
			default:
				st.RankCounts[rank-1]++
				res.TotalCost += rankCost(rank)
			}
			take(p, got)
			res.Assignments = append(res.Assignments, assign.Assignment{Participant: p.ID, Slot: s.ID, Workshop: s.Workshops[got].ID, Rank: rank})
		}
		res.Stats[s.ID] = st
	}
	return res
}

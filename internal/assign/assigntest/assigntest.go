// Package assigntest makes realistic placement problems for benchmarks and
// solves them the way a registration desk would without a solver (first
// come, first served), as the baseline to compare the solver with.
package assigntest

import (
	"context"
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
	// Prefer makes the language and share rules "prefer" instead of strict.
	Prefer bool
	// Published solves the instance, tells everyone the placement it gives
	// (the fixed placements too), and then cancels 5 % of the participants
	// who are not fixed: the instance of a re-run after publishing.
	Published bool
	Seed      uint64
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
	if o.Prefer {
		in.LanguageRule, in.ShareRule = assign.RulePrefer, assign.RulePrefer
	}
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
	if o.Published {
		publish(in, rand.New(rand.NewPCG(o.Seed, 2)))
	}
	return in
}

// publish tells everyone where the optimum of the instance places them,
// then cancels 5 % of the participants, none of them fixed anywhere.
func publish(in *assign.Instance, rng *rand.Rand) {
	res, err := assign.Solve(context.Background(), in)
	if err != nil {
		panic(fmt.Sprintf("assigntest: the generated instance: %v", err))
	}
	byID := make(map[string]*assign.Participant, len(in.Participants))
	for i := range in.Participants {
		byID[in.Participants[i].ID] = &in.Participants[i]
	}
	for _, a := range res.Assignments {
		p := byID[a.Participant]
		if p.Published == nil {
			p.Published = make(map[string]string, len(in.Slots))
		}
		p.Published[a.Slot] = a.Workshop
	}
	var free []int
	for i, p := range in.Participants {
		if p.Fixed == nil {
			free = append(free, i)
		}
	}
	cancelled := make(map[int]bool)
	for _, k := range rng.Perm(len(free))[:min(len(in.Participants)/20, len(free))] {
		cancelled[free[k]] = true
	}
	kept := in.Participants[:0]
	for i, p := range in.Participants {
		if !cancelled[i] {
			kept = append(kept, p)
		}
	}
	in.Participants = kept
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

// Greedy places participants first come, first served: those told a
// workshop keep it while it has room and the rules allow it; then, in
// input order, each takes their best-ranked choice that they may attend
// and that has room, else the first workshop with room they may attend,
// else (under the prefer rules) the same against their language or above a
// share, else nothing. Fixed placements are made first. The instance must
// be valid.
func Greedy(in *assign.Instance) *assign.Result {
	value := func(p *int64, def int64) int64 {
		if p != nil {
			return *p
		}
		return def
	}
	unranked := value(in.UnrankedCost, assign.DefaultUnrankedCost)
	unassigned := value(in.UnassignedCost, assign.DefaultUnassignedCost)
	moveCost := value(in.MoveCost, assign.DefaultMoveCost)
	languageCost := value(in.LanguageCost, assign.DefaultLanguageCost)
	shareCost := value(in.ShareCost, assign.DefaultShareCost)
	languagePrefer, sharePrefer := in.LanguageRule == assign.RulePrefer, in.ShareRule == assign.RulePrefer
	rankCost := func(r int) int64 {
		if len(in.RankCosts) > 0 {
			return in.RankCosts[r-1]
		}
		return int64(r * r)
	}
	res := &assign.Result{Assignments: []assign.Assignment{}, Unassigned: []assign.Unplaced{}, Stats: map[string]assign.SlotStats{}}
	for _, s := range in.Slots {
		index := make(map[string]int, len(s.Workshops))
		offered := map[string]bool{}
		for j, w := range s.Workshops {
			index[w.ID] = j
			for _, l := range w.Languages {
				offered[l] = true
			}
		}
		// need is the language p needs as the rule sees it.
		need := func(p *assign.Participant) string {
			if languagePrefer && !offered[p.NeedsLanguage] {
				return ""
			}
			return p.NeedsLanguage
		}
		filled := make([]int, len(s.Workshops))
		byCat := make([]map[string]int, len(s.Workshops))
		for j := range byCat {
			byCat[j] = map[string]int{}
		}
		// room tells whether p may go to j; lenient allows what the prefer
		// rules allow at a cost.
		room := func(p *assign.Participant, j int, lenient bool) bool {
			w := &s.Workshops[j]
			if filled[j] >= w.Capacity {
				return false
			}
			if lang := need(p); lang != "" && !slices.Contains(w.Languages, lang) && !(lenient && languagePrefer) {
				return false
			}
			share, ok := w.MaxShare[p.Category]
			return !ok || byCat[j][p.Category] < assign.ShareLimit(share, w.Capacity) || lenient && sharePrefer
		}
		take := func(p *assign.Participant, j int) {
			filled[j]++
			byCat[j][p.Category]++
		}
		got := make([]int, len(in.Participants)) // workshop index, -1 none
		longest := 0
		for i := range in.Participants {
			p := &in.Participants[i]
			longest = max(longest, len(p.Choices[s.ID]))
			got[i] = -1
			if id, ok := p.Fixed[s.ID]; ok {
				got[i] = index[id]
				take(p, got[i])
			}
		}
		for i := range in.Participants {
			p := &in.Participants[i]
			if id, ok := p.Published[s.ID]; ok && got[i] < 0 && room(p, index[id], false) {
				got[i] = index[id]
				take(p, got[i])
			}
		}
		for i := range in.Participants {
			p := &in.Participants[i]
			for _, lenient := range []bool{false, true} {
				if got[i] >= 0 || lenient && !languagePrefer && !sharePrefer {
					break
				}
				for _, id := range p.Choices[s.ID] {
					if j := index[id]; room(p, j, lenient) {
						got[i] = j
						break
					}
				}
				// The ranked ones are full by now: whatever is found is unranked.
				for j := 0; got[i] < 0 && j < len(s.Workshops); j++ {
					if room(p, j, lenient) {
						got[i] = j
					}
				}
				if got[i] >= 0 {
					take(p, got[i])
				}
			}
		}
		st := assign.SlotStats{RankCounts: make([]int, longest)}
		for i := range in.Participants {
			p := &in.Participants[i]
			j := got[i]
			if told, ok := p.Published[s.ID]; ok && (j < 0 || s.Workshops[j].ID != told) {
				m := assign.Move{Participant: p.ID, From: told}
				if j >= 0 {
					m.To = s.Workshops[j].ID
				}
				st.Moved = append(st.Moved, m)
				res.TotalCost += moveCost
			}
			if j < 0 {
				res.Unassigned = append(res.Unassigned, assign.Unplaced{Participant: p.ID, Slot: s.ID})
				st.Unassigned++
				res.TotalCost += unassigned
				continue
			}
			id := s.Workshops[j].ID
			_, fixed := p.Fixed[s.ID]
			rank := slices.Index(p.Choices[s.ID], id) + 1
			res.Assignments = append(res.Assignments, assign.Assignment{Participant: p.ID, Slot: s.ID, Workshop: id, Rank: rank, Fixed: fixed})
			if rank == 0 {
				res.TotalCost += unranked
			} else {
				res.TotalCost += rankCost(rank)
			}
			if lang := need(p); !fixed && languagePrefer && lang != "" && !slices.Contains(s.Workshops[j].Languages, lang) {
				st.AgainstLanguage++
				res.TotalCost += languageCost
			}
			switch {
			case fixed:
				st.Fixed++
			case rank == 0:
				st.Unranked++
			default:
				st.RankCounts[rank-1]++
			}
		}
		if sharePrefer {
			for j, w := range s.Workshops {
				for cat, share := range w.MaxShare {
					st.AboveShare += max(byCat[j][cat]-assign.ShareLimit(share, w.Capacity), 0)
				}
			}
			res.TotalCost += int64(st.AboveShare) * shareCost
		}
		res.Stats[s.ID] = st
	}
	return res
}

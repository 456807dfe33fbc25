package assign

import (
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Result is an optimal placement. TotalCost is that of the whole result
// with every term: ranks, moves, languages and shares.
type Result struct {
	TotalCost   int64                `json:"total_cost"`
	Assignments []Assignment         `json:"assignments"` // by slot, then participant, in input order
	Unassigned  []Unplaced           `json:"unassigned"`  // the same order
	Stats       map[string]SlotStats `json:"stats"`       // by slot id
	SolveMS     float64              `json:"solve_ms"`
	// Workshops holds per slot id, per workshop in input order, what the
	// preview shows. It is not part of the command line's output.
	Workshops map[string][]WorkshopStats `json:"-"`
}

// Assignment is one participant's workshop in one slot. Rank is the choice
// it was (1 the first), 0 if unranked. Fixed placements are kept as given
// and cost what their rank costs, like any other.
type Assignment struct {
	Participant string `json:"participant"`
	Slot        string `json:"slot"`
	Workshop    string `json:"workshop"`
	Rank        int    `json:"rank"`
	Fixed       bool   `json:"fixed,omitempty"`
}

// Unplaced is a participant left without a workshop in a slot, which
// happens only when no workshop they may attend has room.
type Unplaced struct {
	Participant string `json:"participant"`
	Slot        string `json:"slot"`
}

// SlotStats counts a slot's outcomes. RankCounts[r-1] is how many got their
// r-th choice, up to the longest ranking in the slot; fixed placements are
// counted only in Fixed.
type SlotStats struct {
	RankCounts []int `json:"rank_counts"`
	Unranked   int   `json:"unranked"`
	Unassigned int   `json:"unassigned"`
	Fixed      int   `json:"fixed"`
	// Moved are the participants with a published placement in the slot
	// placed elsewhere (To "" for none), in input order.
	Moved []Move `json:"moved,omitempty"`
	// AgainstLanguage counts people placed without the language they need
	// (language_rule "prefer"); AboveShare people of a category placed
	// above its share (share_rule "prefer").
	AgainstLanguage int `json:"against_language,omitempty"`
	AboveShare      int `json:"above_share,omitempty"`
}

// Move is a published participant placed in another workshop, or in none.
type Move struct {
	Participant string `json:"participant"`
	From        string `json:"from"`
	To          string `json:"to"`
}

// WorkshopStats tells an organiser how full a workshop is and which rule
// kept participants from it although they ranked it above where they ended
// (or were left unplaced).
type WorkshopStats struct {
	ID       string
	Capacity int
	Filled   int // fixed placements included
	// CapacityBinds: it is full and such a participant exists.
	CapacityBinds bool
	// ShareBinds: the categories, sorted, at their max_share limit here with
	// such a participant of that category.
	ShareBinds []string
	// LanguageExcluded: how many ranked it but may not go because it does
	// not offer the language they need; under language_rule "prefer", how
	// many ranked it above where they ended and need a language it lacks
	// (and another workshop of the slot offers).
	LanguageExcluded int
}

// WriteJSON writes the result as the command line prints it.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // ids such as "Q&A" stay readable
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Solve validates the instance and returns an optimal placement; among
// several, the instance's seed picks one, always the same. The slots are
// solved at the same time, as many as there are processors. Cancelling ctx
// stops the work within a phase of the solver.
func Solve(ctx context.Context, in *Instance) (*Result, error) {
	start := time.Now()
	x, err := index(in)
	if err != nil {
		return nil, err
	}
	places := make([][]int32, len(x.slots))
	errs := make([]error, len(x.slots))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(x.slots)) {
		wg.Go(func() {
			for {
				si := int(next.Add(1)) - 1
				if si >= len(x.slots) {
					return
				}
				places[si], errs[si] = solveSlot(ctx, x, si)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	res := x.result(places)
	res.SolveMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// allowed tells per workshop of a slot whether it takes participants who
// need language lang ("": everyone): under the strict rule only where it is
// offered, under prefer everywhere (against it at a cost).
func (x *indexed) allowed(s *Slot, lang string) []bool {
	ok := make([]bool, len(s.Workshops))
	for j, w := range s.Workshops {
		ok[j] = lang == "" || x.languagePrefer || slices.Contains(w.Languages, lang)
	}
	return ok
}

// need is the language that participant p needs in the slot as the rule
// sees it: under prefer none when no workshop of the slot offers it, so
// that they are placed by their ranks like anyone else.
func (x *indexed) need(sx *slotIndex, p int) string {
	lang := x.in.Participants[p].NeedsLanguage
	if x.languagePrefer && !sx.offered[lang] {
		return ""
	}
	return lang
}

// against tells whether workshop j is against language lang (as need
// returns it) under the prefer rule.
func (x *indexed) against(s *Slot, j int32, lang string) bool {
	return x.languagePrefer && lang != "" && !slices.Contains(s.Workshops[j].Languages, lang)
}

// languageExtra is what placing someone who needs lang in workshop j adds.
func (x *indexed) languageExtra(s *Slot, j int32, lang string) int64 {
	if x.against(s, j, lang) {
		return x.languageCost
	}
	return 0
}

// solveSlot returns per participant the workshop (its index in the slot) to
// attend, or -1 for none.
func solveSlot(ctx context.Context, x *indexed, si int) ([]int32, error) {
	in, sx := x.in, &x.slots[si]
	s := sx.slot
	m := len(s.Workshops)
	n := len(in.Participants)

	// Participants to place, and what the network needs to know of them.
	var todo []int32
	present := make(map[string]bool)
	offers := make(map[string][]bool)
	for p := range n {
		if sx.fixed[p] >= 0 {
			continue
		}
		todo = append(todo, int32(p))
		present[in.Participants[p].Category] = true
		if lang := x.need(sx, p); offers[lang] == nil {
			offers[lang] = x.allowed(s, lang)
		}
	}

	// Hubs: source, sink, unassigned, the workshops, then a hub per share
	// limit that someone to place is subject to, then one per class.
	workshopHub := func(j int) int32 { return int32(unassignedHub + 1 + j) }
	hubs := workshopHub(m)
	hubWorkshop := make([]int32, hubs) // the workshop a hub leads to, or -1
	for h := range hubWorkshop {
		hubWorkshop[h] = max(int32(h)-workshopHub(0), -1)
	}
	fixedCount := make([]int, m)
	fixedCat := make([]map[string]int, m)
	for p, j := range sx.fixed {
		if j >= 0 {
			fixedCount[j]++
			if fixedCat[j] == nil {
				fixedCat[j] = make(map[string]int)
			}
			fixedCat[j][in.Participants[p].Category]++
		}
	}
	shareHub := make([]map[string]int32, m)
	shared := make(map[string]bool) // categories with a share limit in this slot
	type shareArc struct {
		hub   int32
		limit int
	}
	var shareArcs []shareArc
	for j := range s.Workshops {
		w := &s.Workshops[j]
		for _, cat := range sortedKeys(w.MaxShare) {
			if !present[cat] {
				continue
			}
			if shareHub[j] == nil {
				shareHub[j] = make(map[string]int32)
			}
			shareHub[j][cat] = hubs
			shared[cat] = true
			hubWorkshop = append(hubWorkshop, int32(j))
			// Under prefer, fixed placements may already exceed the share.
			shareArcs = append(shareArcs, shareArc{hubs, max(ShareLimit(w.MaxShare[cat], w.Capacity)-fixedCat[j][cat], 0)})
			hubs++
		}
	}
	// target is the hub through which a participant of category cat enters workshop j.
	target := func(j int, cat string) int32 {
		if h, ok := shareHub[j][cat]; ok {
			return h
		}
		return workshopHub(j)
	}
	// A class is where "any workshop not ranked" leads: the workshops its
	// language allows, through the share hubs of its category; under the
	// prefer rule the arcs to workshops without its language cost extra.
	type class struct{ lang, cat string }
	classHub := make(map[class]int32)
	var classes []class
	classOf := func(p int32) class {
		c := class{lang: x.need(sx, int(p))}
		if cat := in.Participants[p].Category; shared[cat] {
			c.cat = cat
		}
		return c
	}
	for _, p := range todo {
		c := classOf(p)
		if _, ok := classHub[c]; !ok {
			classHub[c] = hubs
			classes = append(classes, c)
			hubWorkshop = append(hubWorkshop, -1)
			hubs++
		}
	}

	nw := newNetwork(int(hubs), len(todo), len(todo)*(sx.longest+2))
	for _, a := range shareArcs {
		to := workshopHub(int(hubWorkshop[a.hub]))
		nw.addArc(a.hub, to, a.limit, 0)
		if x.sharePrefer {
			// Everyone above the share passes here, at its cost.
			nw.addArc(a.hub, to, len(todo), x.shareCost)
		}
	}
	for j, w := range s.Workshops {
		nw.addArc(workshopHub(j), sinkHub, w.Capacity-fixedCount[j], 0)
	}
	nw.addArc(unassignedHub, sinkHub, len(todo), 0)
	for _, c := range classes {
		for j, ok := range offers[c.lang] {
			if ok {
				nw.addArc(classHub[c], target(j, c.cat), len(todo), x.languageExtra(s, int32(j), c.lang))
			}
		}
	}
	for _, p := range todo {
		pp := &in.Participants[p]
		lang := x.need(sx, int(p))
		ok := offers[lang]
		ranked := sx.choices[sx.choiceStart[p]:sx.choiceStart[p+1]]
		// A published participant pays move_cost anywhere but where they
		// were told, the class and "unassigned" included.
		told := sx.published[p]
		var move int64
		if told >= 0 {
			move = x.move
		}
		moveTo := func(j int32) int64 {
			if j == told {
				return 0
			}
			return move
		}
		cost := func(j int32, c int64) int64 { return c + moveTo(j) + x.languageExtra(s, j, lang) }
		// Through the class, a ranked workshop costs the unranked cost (and
		// the move). While no rank costs more, that is never cheaper than
		// the direct way, and the result reports the rank either way. When
		// one costs more, this participant gets an option for every
		// workshop at its own cost instead of the class. The class is the
		// dearer way to the workshop they were told, so that has an option
		// of its own.
		direct := false
		for r, j := range ranked {
			if ok[j] {
				c := x.rankCost(r + 1)
				nw.addOption(target(int(j), pp.Category), cost(j, c))
				direct = direct || c+moveTo(j) > x.unranked+move
			}
		}
		if direct {
			for j := range m {
				if ok[j] && !slices.Contains(ranked, int32(j)) {
					nw.addOption(target(j, pp.Category), cost(int32(j), x.unranked))
				}
			}
		} else {
			if told >= 0 && ok[told] && !slices.Contains(ranked, told) {
				nw.addOption(target(int(told), pp.Category), cost(told, x.unranked))
			}
			nw.addOption(classHub[classOf(p)], x.unranked+move)
		}
		nw.addOption(unassignedHub, x.unassigned+move)
		nw.endParticipant()
	}

	rng := rand.New(rand.NewPCG(uint64(in.Seed), uint64(si)))
	prio := make([]uint32, len(todo))
	for i := range prio {
		prio[i] = rng.Uint32()
	}
	if err := nw.solve(ctx, prio); err != nil {
		return nil, err
	}

	place := make([]int32, n)
	copy(place, sx.fixed)
	atClass := make([][]int32, hubs)
	for i, p := range todo {
		h := nw.hub(int32(i))
		if hubWorkshop[h] < 0 && h != unassignedHub {
			atClass[h] = append(atClass[h], p)
			continue
		}
		place[p] = hubWorkshop[h]
	}
	// Everyone in a class may go to any of its workshops: share them out
	// as the flow says, in an order the seed picks.
	for _, c := range classes {
		h := classHub[c]
		members := atClass[h]
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		for _, e := range nw.adj[h] {
			if a := e >> 1; e&1 == 0 {
				for range nw.arcFlow[a] {
					place[members[0]] = hubWorkshop[nw.arcTo[a]]
					members = members[1:]
				}
			}
		}
	}
	return place, nil
}

// result puts the slots' placements together in input order, with costs and statistics.
func (x *indexed) result(places [][]int32) *Result {
	in := x.in
	res := &Result{
		Assignments: make([]Assignment, 0, len(in.Participants)*len(in.Slots)),
		Unassigned:  []Unplaced{},
		Stats:       make(map[string]SlotStats, len(in.Slots)),
		Workshops:   make(map[string][]WorkshopStats, len(in.Slots)),
	}
	for si := range x.slots {
		sx := &x.slots[si]
		s := sx.slot
		st := SlotStats{RankCounts: make([]int, sx.longest)}
		for p, j := range places[si] {
			pp := &in.Participants[p]
			if told := sx.published[p]; told >= 0 && j != told {
				m := Move{Participant: pp.ID, From: s.Workshops[told].ID}
				if j >= 0 {
					m.To = s.Workshops[j].ID
				}
				st.Moved = append(st.Moved, m)
				res.TotalCost += x.move
			}
			if j < 0 {
				res.Unassigned = append(res.Unassigned, Unplaced{Participant: pp.ID, Slot: s.ID})
				st.Unassigned++
				res.TotalCost += x.unassigned
				continue
			}
			a := Assignment{Participant: pp.ID, Slot: s.ID, Workshop: s.Workshops[j].ID, Rank: sx.rank(p, j), Fixed: sx.fixed[p] >= 0}
			res.Assignments = append(res.Assignments, a)
			res.TotalCost += x.placementCost(a.Rank)
			// Fixed placements are kept as given, whatever the language.
			if !a.Fixed && x.against(s, j, x.need(sx, p)) {
				st.AgainstLanguage++
				res.TotalCost += x.languageCost
			}
			switch {
			case a.Fixed:
				st.Fixed++
			case a.Rank == 0:
				st.Unranked++
			default:
				st.RankCounts[a.Rank-1]++
			}
		}
		if x.sharePrefer {
			st.AboveShare = aboveShare(in, s, places[si])
			res.TotalCost += int64(st.AboveShare) * x.shareCost
		}
		res.Stats[s.ID] = st
		res.Workshops[s.ID] = x.workshopStats(sx, places[si])
	}
	return res
}

// placementCost is what a placement at rank costs (0: unranked), fixed or
// not: the total cost is that of the whole result. A fixed placement adds
// the same to every feasible result, so it does not change which is optimal.
func (x *indexed) placementCost(rank int) int64 {
	if rank == 0 {
		return x.unranked
	}
	return x.rankCost(rank)
}

// rank returns which choice of participant p workshop j is, 0 if unranked.
func (sx *slotIndex) rank(p int, j int32) int {
	return slices.Index(sx.choices[sx.choiceStart[p]:sx.choiceStart[p+1]], j) + 1
}

// aboveShare counts the people of the slot placed above a share, fixed
// placements included: per workshop and category with a share, those
// beyond floor(share × capacity).
func aboveShare(in *Instance, s *Slot, place []int32) int {
	byCat := make([]map[string]int, len(s.Workshops))
	for p, j := range place {
		if j < 0 {
			continue
		}
		cat := in.Participants[p].Category
		if _, ok := s.Workshops[j].MaxShare[cat]; ok {
			if byCat[j] == nil {
				byCat[j] = make(map[string]int)
			}
			byCat[j][cat]++
		}
	}
	above := 0
	for j, w := range s.Workshops {
		for cat, k := range byCat[j] {
			above += max(k-ShareLimit(w.MaxShare[cat], w.Capacity), 0)
		}
	}
	return above
}

func (x *indexed) workshopStats(sx *slotIndex, place []int32) []WorkshopStats {
	in, s := x.in, sx.slot
	ws := make([]WorkshopStats, len(s.Workshops))
	byCat := make([]map[string]int, len(s.Workshops))
	for j, w := range s.Workshops {
		ws[j] = WorkshopStats{ID: w.ID, Capacity: w.Capacity}
		byCat[j] = make(map[string]int)
	}
	for p, j := range place {
		if j >= 0 {
			ws[j].Filled++
			byCat[j][in.Participants[p].Category]++
		}
	}
	shareBinds := make([]map[string]bool, len(s.Workshops))
	for p, got := range place {
		if sx.fixed[p] >= 0 {
			continue
		}
		pp := &in.Participants[p]
		gotRank := 0
		if got >= 0 {
			gotRank = sx.rank(p, got)
		}
		lang := x.need(sx, p)
		for r, j := range sx.choices[sx.choiceStart[p]:sx.choiceStart[p+1]] {
			w := &s.Workshops[j]
			if !x.languagePrefer && lang != "" && !slices.Contains(w.Languages, lang) {
				ws[j].LanguageExcluded++
				continue
			}
			if gotRank != 0 && gotRank <= r+1 {
				continue
			}
			// Under prefer, the language's cost kept them from it.
			if x.against(s, j, lang) {
				ws[j].LanguageExcluded++
			}
			if ws[j].Filled >= w.Capacity {
				ws[j].CapacityBinds = true
			}
			if share, ok := w.MaxShare[pp.Category]; ok && byCat[j][pp.Category] >= ShareLimit(share, w.Capacity) {
				if shareBinds[j] == nil {
					shareBinds[j] = make(map[string]bool)
				}
				shareBinds[j][pp.Category] = true
			}
		}
	}
	for j := range ws {
		if len(shareBinds[j]) > 0 {
			ws[j].ShareBinds = sortedKeys(shareBinds[j])
		}
	}
	return ws
}

package assign_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// terms are an instance's costs and rules, the defaults filled in.
type terms struct {
	rankCost                                    func(int) int64
	unranked, unassigned, move, language, share int64
	languagePrefer, sharePrefer                 bool
}

func termsOf(in *assign.Instance) terms {
	value := func(p *int64, def int64) int64 {
		if p != nil {
			return *p
		}
		return def
	}
	return terms{
		rankCost: func(r int) int64 {
			if len(in.RankCosts) > 0 {
				return in.RankCosts[r-1]
			}
			return int64(r * r)
		},
		unranked:       value(in.UnrankedCost, assign.DefaultUnrankedCost),
		unassigned:     value(in.UnassignedCost, assign.DefaultUnassignedCost),
		move:           value(in.MoveCost, assign.DefaultMoveCost),
		language:       value(in.LanguageCost, assign.DefaultLanguageCost),
		share:          value(in.ShareCost, assign.DefaultShareCost),
		languagePrefer: in.LanguageRule == assign.RulePrefer,
		sharePrefer:    in.ShareRule == assign.RulePrefer,
	}
}

// need is the language p needs in the slot as the rule sees it: under
// prefer none when no workshop of the slot offers it.
func (tm terms) need(slot *assign.Slot, p *assign.Participant) string {
	if !tm.languagePrefer {
		return p.NeedsLanguage
	}
	for _, w := range slot.Workshops {
		if slices.Contains(w.Languages, p.NeedsLanguage) {
			return p.NeedsLanguage
		}
	}
	return ""
}

// mayAttend tells whether the language rule lets p (not fixed) into w.
func (tm terms) mayAttend(slot *assign.Slot, w *assign.Workshop, p *assign.Participant) bool {
	return tm.languagePrefer || offers(w, tm.need(slot, p))
}

// against tells whether p (not fixed) in w is placed against their language.
func (tm terms) against(slot *assign.Slot, w *assign.Workshop, p *assign.Participant) bool {
	return tm.languagePrefer && !offers(w, tm.need(slot, p))
}

// cost is what p's placement in the slot's workshop j (-1: none) costs,
// shares aside: its rank's cost, the move from where p was told, the
// language.
func (tm terms) cost(slot *assign.Slot, p *assign.Participant, j int) int64 {
	var c int64
	if told, ok := p.Published[slot.ID]; ok && (j < 0 || slot.Workshops[j].ID != told) {
		c += tm.move
	}
	if j < 0 {
		return c + tm.unassigned
	}
	w := &slot.Workshops[j]
	if r := slices.Index(p.Choices[slot.ID], w.ID); r >= 0 {
		c += tm.rankCost(r + 1)
	} else {
		c += tm.unranked
	}
	if _, fixed := p.Fixed[slot.ID]; !fixed && tm.against(slot, w, p) {
		c += tm.language
	}
	return c
}

// fixedPlacements returns per workshop of the slot how many are fixed in
// it, by category, and what they cost, shares aside.
func (tm terms) fixedPlacements(in *assign.Instance, slot *assign.Slot) (filled []int, byCat []map[string]int, cost int64) {
	filled = make([]int, len(slot.Workshops))
	byCat = make([]map[string]int, len(slot.Workshops))
	for j := range byCat {
		byCat[j] = map[string]int{}
	}
	for i := range in.Participants {
		p := &in.Participants[i]
		if id, ok := p.Fixed[slot.ID]; ok {
			j := slices.IndexFunc(slot.Workshops, func(w assign.Workshop) bool { return w.ID == id })
			filled[j]++
			byCat[j][p.Category]++
			cost += tm.cost(slot, p, j)
		}
	}
	return filled, byCat, cost
}

// aboveShare is what the slot's people above a share cost under prefer,
// given the workshops' counts by category.
func (tm terms) aboveShare(slot *assign.Slot, byCat []map[string]int) (int, int64) {
	if !tm.sharePrefer {
		return 0, 0
	}
	n := 0
	for j := range slot.Workshops {
		w := &slot.Workshops[j]
		for cat := range w.MaxShare {
			l, _ := limit(w, cat)
			n += max(byCat[j][cat]-l, 0)
		}
	}
	return n, int64(n) * tm.share
}

func offers(w *assign.Workshop, lang string) bool {
	return lang == "" || slices.Contains(w.Languages, lang)
}

func limit(w *assign.Workshop, cat string) (int, bool) {
	share, ok := w.MaxShare[cat]
	return assign.ShareLimit(share, w.Capacity), ok
}

// check fails the test unless res keeps every rule of in: each participant
// once per slot, in input order; fixed placements kept; languages,
// capacities and shares respected (as far as the rules are strict); ranks,
// stats, moves and the total cost as the placements say; nobody left out
// while a workshop they may attend has room. It does not check optimality.
func check(t *testing.T, in *assign.Instance, res *assign.Result) {
	t.Helper()
	tm := termsOf(in)
	type key struct{ p, s int }
	got := make(map[key]int) // workshop index, -1 unassigned
	slotOf := make(map[string]int)
	for s, slot := range in.Slots {
		slotOf[slot.ID] = s
	}
	partOf := make(map[string]int)
	for i, p := range in.Participants {
		partOf[p.ID] = i
	}
	var total int64
	last := key{-1, -1}
	inOrder := func(k key, what string) {
		if k.s < last.s || k.s == last.s && k.p <= last.p {
			t.Fatalf("%s %s in slot %s out of order", what, in.Participants[k.p].ID, in.Slots[k.s].ID)
		}
		last = k
	}
	stats := make([]assign.SlotStats, len(in.Slots))
	for s, slot := range in.Slots {
		longest := 0
		for _, p := range in.Participants {
			longest = max(longest, len(p.Choices[slot.ID]))
		}
		stats[s].RankCounts = make([]int, longest)
	}
	for _, a := range res.Assignments {
		s, ok1 := slotOf[a.Slot]
		p, ok2 := partOf[a.Participant]
		if !ok1 || !ok2 {
			t.Fatalf("assignment %+v: unknown slot or participant", a)
		}
		k := key{p, s}
		inOrder(k, "assignment of")
		slot := &in.Slots[s]
		j := slices.IndexFunc(slot.Workshops, func(w assign.Workshop) bool { return w.ID == a.Workshop })
		if j < 0 {
			t.Fatalf("assignment %+v: workshop not in the slot", a)
		}
		got[k] = j
		part := &in.Participants[p]
		choices := part.Choices[a.Slot]
		if want := slices.Index(choices, a.Workshop) + 1; a.Rank != want {
			t.Errorf("assignment %+v: rank, want %d", a, want)
		}
		fixed, isFixed := part.Fixed[a.Slot]
		if a.Fixed != isFixed || isFixed && fixed != a.Workshop {
			t.Errorf("assignment %+v: participant's fixed placement there is %q", a, fixed)
		}
		total += tm.cost(slot, part, j)
		switch {
		case isFixed:
			stats[s].Fixed++
			continue
		case a.Rank == 0:
			stats[s].Unranked++
		default:
			stats[s].RankCounts[a.Rank-1]++
		}
		if !tm.mayAttend(slot, &slot.Workshops[j], part) {
			t.Errorf("assignment %+v: the workshop does not offer %q", a, part.NeedsLanguage)
		}
		if tm.against(slot, &slot.Workshops[j], part) {
			stats[s].AgainstLanguage++
		}
	}
	last = key{-1, -1}
	for _, u := range res.Unassigned {
		s, ok1 := slotOf[u.Slot]
		p, ok2 := partOf[u.Participant]
		if !ok1 || !ok2 {
			t.Fatalf("unassigned %+v: unknown slot or participant", u)
		}
		k := key{p, s}
		inOrder(k, "unassigned")
		if _, dup := got[k]; dup {
			t.Fatalf("%+v: both assigned and unassigned", u)
		}
		got[k] = -1
		stats[s].Unassigned++
		total += tm.cost(&in.Slots[s], &in.Participants[p], -1)
	}
	for s := range in.Slots {
		slot := &in.Slots[s]
		filled := make([]int, len(slot.Workshops))
		byCat := make([]map[string]int, len(slot.Workshops))
		for j := range byCat {
			byCat[j] = map[string]int{}
		}
		for p := range in.Participants {
			part := &in.Participants[p]
			j, ok := got[key{p, s}]
			if !ok {
				t.Fatalf("participant %s: nothing in slot %s", part.ID, slot.ID)
			}
			if j >= 0 {
				filled[j]++
				byCat[j][part.Category]++
			}
			if told, ok := part.Published[slot.ID]; ok && (j < 0 || slot.Workshops[j].ID != told) {
				m := assign.Move{Participant: part.ID, From: told}
				if j >= 0 {
					m.To = slot.Workshops[j].ID
				}
				stats[s].Moved = append(stats[s].Moved, m)
			}
		}
		var shareCost int64
		stats[s].AboveShare, shareCost = tm.aboveShare(slot, byCat)
		total += shareCost
		for j := range slot.Workshops {
			w := &slot.Workshops[j]
			if filled[j] > w.Capacity {
				t.Errorf("slot %s workshop %s: %d placed, capacity %d", slot.ID, w.ID, filled[j], w.Capacity)
			}
			for cat := range w.MaxShare {
				if l, _ := limit(w, cat); byCat[j][cat] > l && !tm.sharePrefer {
					t.Errorf("slot %s workshop %s: %d of %q, share limit %d", slot.ID, w.ID, byCat[j][cat], cat, l)
				}
			}
		}
		for p := range in.Participants {
			part := &in.Participants[p]
			if got[key{p, s}] >= 0 {
				continue
			}
			for j := range slot.Workshops {
				w := &slot.Workshops[j]
				l, hasShare := limit(w, part.Category)
				if tm.mayAttend(slot, w, part) && filled[j] < w.Capacity && (!hasShare || tm.sharePrefer || byCat[j][part.Category] < l) {
					t.Errorf("participant %s unassigned in slot %s, but workshop %s has room", part.ID, slot.ID, w.ID)
				}
			}
		}
		if st, want := res.Stats[slot.ID], stats[s]; !slices.Equal(st.RankCounts, want.RankCounts) || st.RankCounts == nil ||
			st.Unranked != want.Unranked || st.Unassigned != want.Unassigned || st.Fixed != want.Fixed ||
			!slices.Equal(st.Moved, want.Moved) || st.AgainstLanguage != want.AgainstLanguage || st.AboveShare != want.AboveShare {
			t.Errorf("slot %s: stats %+v, want %+v", slot.ID, st, want)
		}
		if ws := res.Workshops[slot.ID]; len(ws) != len(slot.Workshops) {
			t.Errorf("slot %s: %d workshop stats", slot.ID, len(ws))
		} else {
			for j, w := range ws {
				if w.ID != slot.Workshops[j].ID || w.Filled != filled[j] || w.Capacity != slot.Workshops[j].Capacity {
					t.Errorf("slot %s: workshop stats %+v, filled %d", slot.ID, w, filled[j])
				}
			}
		}
	}
	if total != res.TotalCost {
		t.Errorf("total cost %d, the placements cost %d", res.TotalCost, total)
	}
	if len(res.Stats) != len(in.Slots) {
		t.Errorf("stats for %d slots, want %d", len(res.Stats), len(in.Slots))
	}
}

func ptr[T any](v T) *T { return &v }

// randomInstance makes a valid instance with every rule in play: languages,
// shares, fixed placements, unranked workshops, rank costs above the
// unranked cost, and often more participants than places.
func randomInstance(rng *rand.Rand, participants, workshops, slots int) *assign.Instance {
	in := &assign.Instance{Seed: rng.Int64N(100), Participants: []assign.Participant{}}
	switch rng.IntN(4) {
	case 1:
		in.RankCosts = make([]int64, workshops)
		for r := range in.RankCosts {
			in.RankCosts[r] = int64(r + 1)
		}
		in.UnrankedCost, in.UnassignedCost = ptr[int64](10), ptr[int64](50)
	case 2: // not increasing, some above the unranked cost
		in.RankCosts = make([]int64, workshops)
		for r := range in.RankCosts {
			in.RankCosts[r] = rng.Int64N(30)
		}
		in.UnrankedCost, in.UnassignedCost = ptr[int64](12), ptr[int64](40)
	case 3: // the third choice (9) costs more than an unranked one
		in.UnrankedCost = ptr[int64](5)
	}
	langs := []string{"", "en", "ar"}
	cats := []string{"", "a", "b"}
	for s := range slots {
		slot := assign.Slot{ID: "s" + strconv.Itoa(s)}
		for j := range 1 + rng.IntN(workshops) {
			w := assign.Workshop{ID: slot.ID + "w" + strconv.Itoa(j), Capacity: rng.IntN(4)}
			for _, l := range langs[1:] {
				if rng.IntN(2) == 0 {
					w.Languages = append(w.Languages, l)
				}
			}
			if rng.IntN(3) == 0 {
				w.MaxShare = map[string]float64{cats[1+rng.IntN(2)]: []float64{0, 0.34, 0.5, 1}[rng.IntN(4)]}
			}
			slot.Workshops = append(slot.Workshops, w)
		}
		in.Slots = append(in.Slots, slot)
	}
	fixed := make([][]map[string]int, slots) // per slot and workshop: by category
	for s := range slots {
		for range in.Slots[s].Workshops {
			fixed[s] = append(fixed[s], map[string]int{})
		}
	}
	for i := range 1 + rng.IntN(participants) {
		p := assign.Participant{ID: "p" + strconv.Itoa(i), Category: cats[rng.IntN(3)], NeedsLanguage: langs[rng.IntN(3)]}
		for s, slot := range in.Slots {
			if rng.IntN(8) == 0 {
				j := rng.IntN(len(slot.Workshops))
				w := &slot.Workshops[j]
				n := 0
				for _, c := range fixed[s][j] {
					n += c
				}
				if l, ok := limit(w, p.Category); n < w.Capacity && (!ok || fixed[s][j][p.Category] < l) {
					fixed[s][j][p.Category]++
					if p.Fixed == nil {
						p.Fixed = map[string]string{}
					}
					p.Fixed[slot.ID] = w.ID
				}
			}
			perm := rng.Perm(len(slot.Workshops))
			for _, j := range perm[:rng.IntN(len(perm)+1)] {
				if p.Choices == nil {
					p.Choices = map[string][]string{}
				}
				p.Choices[slot.ID] = append(p.Choices[slot.ID], slot.Workshops[j].ID)
			}
		}
		in.Participants = append(in.Participants, p)
	}
	return in
}

// withTerms adds to a random instance what comes after publishing:
// published placements (some in full workshops or where the person's
// language is missing), move costs below and above the unassigned cost,
// and the rules for languages and shares, strict or prefer at random
// costs that keep every placement below the unassigned cost.
func withTerms(rng *rand.Rand, in *assign.Instance) *assign.Instance {
	rules := []string{"", assign.RuleStrict, assign.RulePrefer, assign.RulePrefer}
	in.LanguageRule, in.ShareRule = rules[rng.IntN(4)], rules[rng.IntN(4)]
	tm := termsOf(in)
	dearest := tm.unranked
	for r := 1; r <= len(in.RankCosts) || len(in.RankCosts) == 0 && r <= 8; r++ {
		dearest = max(dearest, tm.rankCost(r))
	}
	// What the prefer rules may add to a placement, at most.
	budget := tm.unassigned - dearest - 1
	pick := func(def int64) *int64 {
		if rng.IntN(3) == 0 && 2*def <= budget {
			return nil
		}
		return ptr(rng.Int64N(min(budget/2, 3*tm.unranked) + 1))
	}
	in.LanguageCost, in.ShareCost = pick(assign.DefaultLanguageCost), pick(assign.DefaultShareCost)
	if rng.IntN(4) > 0 {
		in.MoveCost = ptr(rng.Int64N(2*tm.unassigned + 1))
	}
	for i := range in.Participants {
		p := &in.Participants[i]
		for _, slot := range in.Slots {
			if len(slot.Workshops) > 0 && rng.IntN(3) > 0 {
				if p.Published == nil {
					p.Published = map[string]string{}
				}
				p.Published[slot.ID] = slot.Workshops[rng.IntN(len(slot.Workshops))].ID
			}
		}
	}
	return in
}

// exercised counts what the new terms did in a result, so that a test can
// tell that its instances reach them.
type exercised struct{ moved, against, above int }

func (e *exercised) add(res *assign.Result) {
	for _, st := range res.Stats {
		e.moved += len(st.Moved)
		e.against += st.AgainstLanguage
		e.above += st.AboveShare
	}
}

package assign_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
)

// costs returns the instance's costs with the defaults filled in.
func costs(in *assign.Instance) (rankCost func(int) int64, unranked, unassigned int64) {
	unranked, unassigned = assign.DefaultUnrankedCost, assign.DefaultUnassignedCost
	if in.UnrankedCost != nil {
		unranked = *in.UnrankedCost
	}
	if in.UnassignedCost != nil {
		unassigned = *in.UnassignedCost
	}
	rankCost = func(r int) int64 {
		if len(in.RankCosts) > 0 {
			return in.RankCosts[r-1]
		}
		return int64(r * r)
	}
	return rankCost, unranked, unassigned
}

// placementCost is what participant p's fixed placement in slot costs:
// the cost of its rank, or the unranked cost.
func placementCost(in *assign.Instance, slot string, p assign.Participant) int64 {
	rankCost, unranked, _ := costs(in)
	if r := slices.Index(p.Choices[slot], p.Fixed[slot]); r >= 0 {
		return rankCost(r + 1)
	}
	return unranked
}

// fixedCost is what the fixed placements of a slot cost together.
func fixedCost(in *assign.Instance, slot string) int64 {
	var total int64
	for _, p := range in.Participants {
		if _, ok := p.Fixed[slot]; ok {
			total += placementCost(in, slot, p)
		}
	}
	return total
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
// capacities and shares respected; ranks, stats and the total cost as the
// placements say; nobody left out while a workshop they may attend has room.
// It does not check optimality.
func check(t *testing.T, in *assign.Instance, res *assign.Result) {
	t.Helper()
	rankCost, unranked, unassigned := costs(in)
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
		j := slices.IndexFunc(in.Slots[s].Workshops, func(w assign.Workshop) bool { return w.ID == a.Workshop })
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
		switch {
		case isFixed:
			stats[s].Fixed++
			total += placementCost(in, a.Slot, *part)
			continue
		case a.Rank == 0:
			stats[s].Unranked++
			total += unranked
		default:
			stats[s].RankCounts[a.Rank-1]++
			total += rankCost(a.Rank)
		}
		if !offers(&in.Slots[s].Workshops[j], part.NeedsLanguage) {
			t.Errorf("assignment %+v: the workshop does not offer %q", a, part.NeedsLanguage)
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
		total += unassigned
	}
	if total != res.TotalCost {
		t.Errorf("total cost %d, the placements cost %d", res.TotalCost, total)
	}
	for s, slot := range in.Slots {
		filled := make([]int, len(slot.Workshops))
		byCat := make([]map[string]int, len(slot.Workshops))
		for j := range byCat {
			byCat[j] = map[string]int{}
		}
		for p, part := range in.Participants {
			j, ok := got[key{p, s}]
			if !ok {
				t.Fatalf("participant %s: nothing in slot %s", part.ID, slot.ID)
			}
			if j >= 0 {
				filled[j]++
				byCat[j][part.Category]++
			}
		}
		for j := range slot.Workshops {
			w := &slot.Workshops[j]
			if filled[j] > w.Capacity {
				t.Errorf("slot %s workshop %s: %d placed, capacity %d", slot.ID, w.ID, filled[j], w.Capacity)
			}
			for cat := range w.MaxShare {
				if l, _ := limit(w, cat); byCat[j][cat] > l {
					t.Errorf("slot %s workshop %s: %d of %q, share limit %d", slot.ID, w.ID, byCat[j][cat], cat, l)
				}
			}
		}
		for p, part := range in.Participants {
			if got[key{p, s}] >= 0 {
				continue
			}
			for j := range slot.Workshops {
				w := &slot.Workshops[j]
				l, hasShare := limit(w, part.Category)
				if offers(w, part.NeedsLanguage) && filled[j] < w.Capacity && (!hasShare || byCat[j][part.Category] < l) {
					t.Errorf("participant %s unassigned in slot %s, but workshop %s has room", part.ID, slot.ID, w.ID)
				}
			}
		}
		if st := res.Stats[slot.ID]; !slices.Equal(st.RankCounts, stats[s].RankCounts) || st.RankCounts == nil ||
			st.Unranked != stats[s].Unranked || st.Unassigned != stats[s].Unassigned || st.Fixed != stats[s].Fixed {
			t.Errorf("slot %s: stats %+v, want %+v", slot.ID, st, stats[s])
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

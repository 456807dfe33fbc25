package assign

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// network is one slot's placement problem as a min-cost flow from a source,
// where every participant starts, to a sink, with one unit per participant.
//
// Participants are not nodes. The nodes are a few hubs: source, sink,
// "unassigned", the workshops, one per (workshop, category) with a share
// limit, and one per class of "any workshop not ranked". The arcs between
// hubs carry capacities (workshop → sink: its places) and costs that are
// the same for everyone along them (a place above a share, a workshop
// without the class's language), most of them nothing. A
// participant has options, each a hub and a cost (a ranked workshop at its
// rank's cost, its class at the unranked cost, "unassigned"), and sits at
// the hub of the option in use. Moving a placed participant from hub u to
// hub v is an arc u → v costing the difference of the two options; a heap
// per pair of hubs orders the participants at u by that difference, so
// that the cheapest move is at hand without looking at anyone else.
//
// The algorithm is the primal-dual one (successive shortest paths in
// phases): Dijkstra over the hubs, with potentials that keep reduced costs
// non-negative, gives the cost of the cheapest augmenting path; then
// depth-first searches along arcs of reduced cost 0 push units until no
// such path is left. Each push takes one participant out of the source, so
// there are as many pushes as participants, and the shortest paths of a
// phase cost time in the number of hubs, not of participants. This is the same flow as on the graph with a node
// per participant, so the result is a minimum-cost flow, and being
// integral it is the optimum of the linear program too.
type network struct {
	hubs int

	// Hub arcs; their costs are not negative.
	arcFrom, arcTo  []int32
	arcCap, arcFlow []int
	arcCost         []int64
	// adj lists per hub 2a for arc a leaving it and 2a+1 for arc a entering
	// it, which is used backwards by undoing flow.
	adj [][]int32

	// The options of participant p are optStart[p] to optStart[p+1].
	optStart []int32
	optHub   []int32
	optCost  []int64
	optOwner []int32
	cur      []int32  // per participant: the option in use, -1 at the source
	prio     []uint32 // per participant: decides among equally cheap moves
	unplaced int

	// heaps[u*hubs+v] holds the moves from u to v of the participants at u.
	// The source has none: participants never return to it, so its moves
	// to v are sorted once into fromSource[v], and those of participants
	// gone from it are passed over (sourceHead[v] is the first not passed).
	heaps      [][]move
	pos        []int32 // per option: its index in its heap, -1 if in none
	fromSource [][]move
	sourceHead []int

	pi []int64 // potentials

	// Scratch space of the phases.
	dist   []int64
	done   []bool
	ptr    []int
	dead   []bool
	onPath []bool
	path   []int
	hops   []int
	picks  []int32
}

// move is a participant's option in the heap of the hub pair it would move along.
type move struct {
	key  int64  // the option's cost minus that of the option in use
	prio uint32 // the owner's
	opt  int32
}

// The first hubs of every network.
const (
	sourceHub     = 0
	sinkHub       = 1
	unassignedHub = 2
)

// newNetwork makes room for the number of participants and options expected.
func newNetwork(hubs, participants, options int) *network {
	return &network{
		hubs:     hubs,
		adj:      make([][]int32, hubs),
		optStart: make([]int32, 1, participants+1),
		optHub:   make([]int32, 0, options),
		optCost:  make([]int64, 0, options),
		optOwner: make([]int32, 0, options),
	}
}

// addArc adds a hub arc.
func (nw *network) addArc(from, to int32, capacity int, cost int64) {
	a := len(nw.arcFrom)
	nw.arcFrom = append(nw.arcFrom, from)
	nw.arcTo = append(nw.arcTo, to)
	nw.arcCap = append(nw.arcCap, capacity)
	nw.arcCost = append(nw.arcCost, cost)
	nw.arcFlow = append(nw.arcFlow, 0)
	nw.adj[from] = append(nw.adj[from], int32(2*a))
	nw.adj[to] = append(nw.adj[to], int32(2*a+1))
}

// addOption gives the participant being added an option; endParticipant
// closes its list. A participant's options go to distinct hubs.
func (nw *network) addOption(hub int32, cost int64) {
	nw.optHub = append(nw.optHub, hub)
	nw.optCost = append(nw.optCost, cost)
	nw.optOwner = append(nw.optOwner, int32(len(nw.optStart)-1))
}

func (nw *network) endParticipant() {
	nw.optStart = append(nw.optStart, int32(len(nw.optHub)))
}

// solve places every participant at least total cost. prio gives each
// participant its rank among equally good moves.
func (nw *network) solve(ctx context.Context, prio []uint32) error {
	h := nw.hubs
	n := len(nw.optStart) - 1
	nw.prio = prio
	nw.cur = make([]int32, n)
	nw.pos = make([]int32, len(nw.optHub))
	nw.heaps = make([][]move, h*h)
	nw.fromSource = make([][]move, h)
	nw.sourceHead = make([]int, h)
	count := make([]int, h)
	for _, v := range nw.optHub {
		count[v]++
	}
	for v := range h {
		nw.fromSource[v] = make([]move, 0, count[v])
	}
	for a := range nw.pos {
		nw.pos[a] = -1
	}
	for p := range nw.cur {
		nw.cur[p] = -1
	}
	for _, a := range nw.byCostAndPrio() {
		p := nw.optOwner[a]
		v := nw.optHub[a]
		nw.fromSource[v] = append(nw.fromSource[v], move{key: nw.optCost[a], prio: nw.prio[p], opt: a})
	}
	nw.unplaced = n
	nw.pi = make([]int64, h)
	nw.dist = make([]int64, h)
	nw.done = make([]bool, h)
	nw.ptr = make([]int, h)
	nw.dead = make([]bool, h)
	nw.onPath = make([]bool, h)
	for nw.unplaced > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		nw.shortestPaths()
		nw.pushAll()
	}
	return nil
}

// byCostAndPrio returns all options ordered as the heaps order moves: by
// cost, then by the owner's priority, then by number. A counting sort by
// cost, since there are few distinct costs, is much faster than sorting.
func (nw *network) byCostAndPrio() []int32 {
	owners := make([]int32, len(nw.optStart)-1)
	for p := range owners {
		owners[p] = int32(p)
	}
	slices.SortFunc(owners, func(p, q int32) int {
		return cmp.Or(cmp.Compare(nw.prio[p], nw.prio[q]), cmp.Compare(p, q))
	})
	var costs []int64
	for _, c := range nw.optCost {
		if !slices.Contains(costs, c) {
			costs = append(costs, c)
		}
	}
	slices.Sort(costs)
	// start[i] is where options of the i-th cost go.
	start := make([]int, len(costs)+1)
	for _, c := range nw.optCost {
		i, _ := slices.BinarySearch(costs, c)
		start[i+1]++
	}
	for i := range costs {
		start[i+1] += start[i]
	}
	sorted := make([]int32, len(nw.optCost))
	for _, p := range owners {
		for a := nw.optStart[p]; a < nw.optStart[p+1]; a++ {
			i, _ := slices.BinarySearch(costs, nw.optCost[a])
			sorted[start[i]] = a
			start[i]++
		}
	}
	return sorted
}

// hub is where participant p is.
func (nw *network) hub(p int32) int32 {
	if c := nw.cur[p]; c >= 0 {
		return nw.optHub[c]
	}
	return sourceHub
}

// residual returns the far end of the adjacency entry e, how much more can
// flow along it, and at what cost per unit (undoing flow gives its cost back).
func (nw *network) residual(e int32) (int, int, int64) {
	a := e >> 1
	if e&1 == 0 {
		return int(nw.arcTo[a]), nw.arcCap[a] - nw.arcFlow[a], nw.arcCost[a]
	}
	return int(nw.arcFrom[a]), nw.arcFlow[a], -nw.arcCost[a]
}

// shortestPaths runs Dijkstra on reduced costs from the source until the
// sink is reached, and raises the potentials so that the shortest paths to
// the sink have reduced cost 0 while no reduced cost becomes negative.
// There are so few hubs that a linear search for the nearest beats a queue.
func (nw *network) shortestPaths() {
	const inf = math.MaxInt64
	h := nw.hubs
	for v := range h {
		nw.dist[v] = inf
		nw.done[v] = false
	}
	nw.dist[sourceHub] = 0
	for {
		u := -1
		for v := range h {
			if !nw.done[v] && nw.dist[v] < inf && (u < 0 || nw.dist[v] < nw.dist[u]) {
				u = v
			}
		}
		// The sink is always reached: "unassigned" takes everyone.
		nw.done[u] = true
		if u == sinkHub {
			break
		}
		du := nw.dist[u] + nw.pi[u]
		for v := range h {
			if m, ok := nw.top(u, v); ok && !nw.done[v] {
				nw.dist[v] = min(nw.dist[v], du+m.key-nw.pi[v])
			}
		}
		for _, e := range nw.adj[u] {
			if v, r, c := nw.residual(e); r > 0 && !nw.done[v] {
				nw.dist[v] = min(nw.dist[v], du+c-nw.pi[v])
			}
		}
	}
	dSink := nw.dist[sinkHub]
	for v := range h {
		nw.pi[v] += min(nw.dist[v], dSink)
	}
}

// next returns the hub that step k from hub u leads to and whether the step
// has reduced cost 0 and room. Steps below the number of hubs move a
// participant to that hub; the others follow u's hub arcs.
func (nw *network) next(u, k int) (int, bool) {
	h := nw.hubs
	if k < h {
		m, ok := nw.top(u, k)
		return k, ok && m.key+nw.pi[u]-nw.pi[k] == 0
	}
	v, r, c := nw.residual(nw.adj[u][k-h])
	return v, r > 0 && c+nw.pi[u]-nw.pi[v] == 0
}

// pushAll pushes units along paths of reduced cost 0 until none is found.
// Steps are tried in order per hub and not tried again in this phase once
// passed, as in Dinic's algorithm. A move that becomes possible later in
// the phase (a participant arrived at a hub) may so wait for the next
// phase, which then finds a path of reduced cost 0 at once.
func (nw *network) pushAll() {
	h := nw.hubs
	for v := range h {
		nw.ptr[v] = 0
		nw.dead[v] = false
		nw.onPath[v] = false
	}
	path, hops := append(nw.path[:0], sourceHub), nw.hops[:0]
	nw.onPath[sourceHub] = true
	for {
		u := path[len(path)-1]
		if u == sinkHub {
			// Go on from the first step that no longer fits, or push again.
			k := nw.push(path, hops)
			for _, v := range path[k+1:] {
				nw.onPath[v] = false
			}
			path, hops = path[:k+1], hops[:k]
			continue
		}
		found := false
		for ; nw.ptr[u] < h+len(nw.adj[u]); nw.ptr[u]++ {
			if v, ok := nw.next(u, nw.ptr[u]); ok && !nw.dead[v] && !nw.onPath[v] {
				path, hops = append(path, v), append(hops, nw.ptr[u])
				nw.onPath[v] = true
				found = true
				break
			}
		}
		if found {
			continue
		}
		nw.dead[u] = true
		nw.onPath[u] = false
		if u == sourceHub {
			break
		}
		path, hops = path[:len(path)-1], hops[:len(hops)-1]
	}
	nw.path, nw.hops = path, hops
}

// push sends one unit along the path and returns the number of its steps
// that still have room and reduced cost 0.
func (nw *network) push(path, hops []int) int {
	h := nw.hubs
	// Choose all participants first: one moved into a hub of the path must
	// not be moved on again by the next step.
	nw.picks = nw.picks[:0]
	for i, k := range hops {
		if k < h {
			m, _ := nw.top(path[i], k)
			nw.picks = append(nw.picks, m.opt)
		}
	}
	picked := 0
	for i, k := range hops {
		if k < h {
			nw.moveTo(nw.picks[picked])
			picked++
			continue
		}
		if e := nw.adj[path[i]][k-h]; e&1 == 0 {
			nw.arcFlow[e>>1]++
		} else {
			nw.arcFlow[e>>1]--
		}
	}
	for i, k := range hops {
		if _, ok := nw.next(path[i], k); !ok {
			return i
		}
	}
	return len(hops)
}

// top returns the cheapest move from hub u to hub v, if there is one.
func (nw *network) top(u, v int) (move, bool) {
	if u != sourceHub {
		hp := nw.heaps[u*nw.hubs+v]
		if len(hp) == 0 {
			return move{}, false
		}
		return hp[0], true
	}
	moves := nw.fromSource[v]
	for nw.sourceHead[v] < len(moves) && nw.cur[nw.optOwner[moves[nw.sourceHead[v]].opt]] >= 0 {
		nw.sourceHead[v]++
	}
	if nw.sourceHead[v] == len(moves) {
		return move{}, false
	}
	return moves[nw.sourceHead[v]], true
}

// moveTo makes option b the one its owner uses.
func (nw *network) moveTo(b int32) {
	p := nw.optOwner[b]
	h := int32(nw.hubs)
	from := nw.hub(p)
	if from == sourceHub {
		nw.unplaced--
	}
	lo, hi := nw.optStart[p], nw.optStart[p+1]
	for a := lo; a < hi; a++ {
		if i := nw.pos[a]; i >= 0 {
			nw.remove(int(from*h+nw.optHub[a]), int(i))
		}
	}
	nw.cur[p] = b
	to, base := nw.optHub[b], nw.optCost[b]
	for a := lo; a < hi; a++ {
		if a != b {
			nw.insert(int(to*h+nw.optHub[a]), move{key: nw.optCost[a] - base, prio: nw.prio[p], opt: a})
		}
	}
}

// The heaps are binary min-heaps that keep pos up to date, so that a
// participant's moves can be taken out of them wherever they are.

func less(x, y move) bool {
	if x.key != y.key {
		return x.key < y.key
	}
	if x.prio != y.prio {
		return x.prio < y.prio
	}
	return x.opt < y.opt
}

func (nw *network) insert(k int, m move) {
	nw.heaps[k] = append(nw.heaps[k], m)
	hp := nw.heaps[k]
	i := len(hp) - 1
	nw.pos[m.opt] = int32(i)
	nw.up(hp, i)
}

func (nw *network) remove(k, i int) {
	hp := nw.heaps[k]
	last := len(hp) - 1
	nw.pos[hp[i].opt] = -1
	if i != last {
		hp[i] = hp[last]
		nw.pos[hp[i].opt] = int32(i)
	}
	hp = hp[:last]
	nw.heaps[k] = hp
	if i < last && !nw.down(hp, i) {
		nw.up(hp, i)
	}
}

func (nw *network) up(hp []move, i int) {
	m := hp[i]
	for i > 0 {
		parent := (i - 1) / 2
		if !less(m, hp[parent]) {
			break
		}
		hp[i] = hp[parent]
		nw.pos[hp[i].opt] = int32(i)
		i = parent
	}
	hp[i] = m
	nw.pos[m.opt] = int32(i)
}

// down sifts hp[i] down and reports whether it moved.
func (nw *network) down(hp []move, i int) bool {
	m := hp[i]
	start := i
	for {
		c := 2*i + 1
		if c >= len(hp) {
			break
		}
		if c+1 < len(hp) && less(hp[c+1], hp[c]) {
			c++
		}
		if !less(hp[c], m) {
			break
		}
		hp[i] = hp[c]
		nw.pos[hp[i].opt] = int32(i)
		i = c
	}
	hp[i] = m
	nw.pos[m.opt] = int32(i)
	return i > start
}

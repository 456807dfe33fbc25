// Package assign places conference participants in workshops, one workshop
// per participant and slot, at the least total cost of their rankings, while
// keeping capacities, fixed placements, languages and category shares.
//
// After publishing, a participant carries the placement they were told
// (Published), and ending elsewhere or nowhere costs MoveCost: with the
// defaults a re-run moves a told person only when a rule forces it or when
// not moving would leave someone else without a place, never to improve
// others' ranks. Under RulePrefer the language and share rules become
// costs (LanguageCost per person placed without the language they need
// while a workshop of the slot offers it, ShareCost per person above a
// share) instead of limits, so that nobody is left out for them.
//
// Each slot is a min-cost flow problem whose linear relaxation is integral,
// so the flow solution is the exact optimum an LP solver would find; every
// term is a cost on the flow's arcs. The package uses only the standard
// library.
package assign

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Instance is a placement problem: workshops per slot, participants with
// their rankings, and what each outcome costs.
type Instance struct {
	RankCosts      []int64 `json:"rank_costs,omitempty"`      // cost of the r-th choice; none: r²
	UnrankedCost   *int64  `json:"unranked_cost,omitempty"`   // nil: 100
	UnassignedCost *int64  `json:"unassigned_cost,omitempty"` // nil: 10000
	Seed           int64   `json:"seed,omitempty"`            // picks one of several optimal results
	// MoveCost is added for each participant with a published placement
	// in a slot who ends in another workshop of it, or in none; nil: 1000.
	MoveCost *int64 `json:"move_cost,omitempty"`
	// LanguageRule is RuleStrict (empty: today's rule, a person who needs
	// a language goes only where it is offered) or RulePrefer (LanguageCost
	// is added for a person placed without their language when some
	// workshop of the slot offers it; nothing when none does). Fixed
	// placements are kept as given under either rule and never count
	// against a language.
	LanguageRule string `json:"language_rule,omitempty"`
	LanguageCost *int64 `json:"language_cost,omitempty"` // nil: 5000
	// ShareRule is RuleStrict (empty: max_share is a limit) or RulePrefer
	// (ShareCost is added for each person of the category above
	// floor(share × capacity), fixed placements included, which may then
	// exceed it). Under prefer, unassigned_cost must be above every
	// placement's cost plus the prefer rules' costs, so that leaving
	// someone out never costs less than placing them against a rule.
	ShareRule    string        `json:"share_rule,omitempty"`
	ShareCost    *int64        `json:"share_cost,omitempty"` // nil: 2000
	Slots        []Slot        `json:"slots"`
	Participants []Participant `json:"participants"`
}

// The rules for languages and shares.
const (
	RuleStrict = "strict"
	RulePrefer = "prefer"
)

// Slot is a time in which each participant attends at most one workshop.
type Slot struct {
	ID        string     `json:"id"`
	Workshops []Workshop `json:"workshops"`
}

// Workshop is one workshop of a slot. Without Languages it offers none, and
// so takes only participants who need no language.
type Workshop struct {
	ID        string             `json:"id"`
	Capacity  int                `json:"capacity"`
	Languages []string           `json:"languages,omitempty"`
	MaxShare  map[string]float64 `json:"max_share,omitempty"` // category → share
}

// Participant is someone to place, with their rankings per slot.
type Participant struct {
	ID            string              `json:"id"`
	Category      string              `json:"category,omitempty"`
	NeedsLanguage string              `json:"needs_language,omitempty"`
	Choices       map[string][]string `json:"choices,omitempty"` // slot id → workshop ids, first choice first
	Fixed         map[string]string   `json:"fixed,omitempty"`   // slot id → workshop id
	// Published is the placement the participant was told: slot id →
	// workshop id. Ending elsewhere, or nowhere, costs MoveCost; a fixed
	// placement elsewhere too.
	Published map[string]string `json:"published,omitempty"`
}

// The defaults of the optional costs.
const (
	DefaultUnrankedCost   = 100
	DefaultUnassignedCost = 10000
	DefaultMoveCost       = 1000
	DefaultLanguageCost   = 5000
	DefaultShareCost      = 2000
)

// maxCost bounds every cost so that sums over a million participants and
// the solver's potentials stay far from overflowing int64; maxCapacity
// keeps share × capacity exact in floating point.
const (
	maxCost     = 1_000_000_000
	maxCapacity = 1_000_000_000
)

// ReadInstance decodes an instance strictly (unknown fields are errors, so
// that a misspelt field does not go unnoticed) and validates it.
func ReadInstance(r io.Reader) (*Instance, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w wireInstance
	if err := dec.Decode(&w); err != nil {
		return nil, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := position(data, int(dec.InputOffset()))
		return nil, fmt.Errorf("line %d, column %d: unexpected data after the instance", line, col)
	}
	in, err := w.instance()
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return in, nil
}

// wireInstance is an Instance as read from JSON: pointers tell a missing
// required field from its zero value.
type wireInstance struct {
	RankCosts      []int64       `json:"rank_costs"`
	UnrankedCost   *int64        `json:"unranked_cost"`
	UnassignedCost *int64        `json:"unassigned_cost"`
	Seed           int64         `json:"seed"`
	MoveCost       *int64        `json:"move_cost"`
	LanguageRule   string        `json:"language_rule"`
	LanguageCost   *int64        `json:"language_cost"`
	ShareRule      string        `json:"share_rule"`
	ShareCost      *int64        `json:"share_cost"`
	Slots          []wireSlot    `json:"slots"`
	Participants   []Participant `json:"participants"`
}

type wireSlot struct {
	ID        string         `json:"id"`
	Workshops []wireWorkshop `json:"workshops"`
}

type wireWorkshop struct {
	ID        string             `json:"id"`
	Capacity  *int               `json:"capacity"`
	Languages []string           `json:"languages"`
	MaxShare  map[string]float64 `json:"max_share"`
}

func (w *wireInstance) instance() (*Instance, error) {
	if w.Slots == nil {
		return nil, errors.New("missing slots")
	}
	if w.Participants == nil {
		return nil, errors.New("missing participants")
	}
	in := &Instance{
		RankCosts:      w.RankCosts,
		UnrankedCost:   w.UnrankedCost,
		UnassignedCost: w.UnassignedCost,
		Seed:           w.Seed,
		MoveCost:       w.MoveCost,
		LanguageRule:   w.LanguageRule,
		LanguageCost:   w.LanguageCost,
		ShareRule:      w.ShareRule,
		ShareCost:      w.ShareCost,
		Slots:          make([]Slot, len(w.Slots)),
		Participants:   w.Participants,
	}
	for i, s := range w.Slots {
		in.Slots[i] = Slot{ID: s.ID, Workshops: make([]Workshop, len(s.Workshops))}
		for j, ws := range s.Workshops {
			if ws.Capacity == nil {
				return nil, fmt.Errorf("slot %q: workshop %q: missing capacity", s.ID, ws.ID)
			}
			in.Slots[i].Workshops[j] = Workshop{ID: ws.ID, Capacity: *ws.Capacity, Languages: ws.Languages, MaxShare: ws.MaxShare}
		}
	}
	return in, nil
}

// fieldNames are the JSON names of all fields: an unknown field with one of
// these names sits at a level where it does not belong, and searching the
// input for it could point at a correct use elsewhere.
var fieldNames = []string{"rank_costs", "unranked_cost", "unassigned_cost", "seed",
	"move_cost", "language_rule", "language_cost", "share_rule", "share_cost", "slots", "participants",
	"id", "workshops", "capacity", "languages", "max_share", "category", "needs_language", "choices", "fixed", "published"}

// jsonError turns a decoding error into one line that says where the input is wrong.
func jsonError(data []byte, err error) error {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("empty input: want a JSON instance")
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(data, len(data))
		return fmt.Errorf("line %d, column %d: unexpected end of input", line, col)
	case errors.As(err, &syntaxErr):
		// Offset is just past the byte that was wrong.
		line, col := position(data, int(syntaxErr.Offset)-1)
		return fmt.Errorf("line %d, column %d: %s", line, col, strings.TrimPrefix(syntaxErr.Error(), "json: "))
	case errors.As(err, &typeErr):
		line, col := position(data, int(typeErr.Offset))
		return fmt.Errorf("line %d, column %d: %s: cannot read %s as %s", line, col, typeErr.Field, typeErr.Value, typeErr.Type)
	}
	// encoding/json says only the name of an unknown field, unescaped; find it in the input.
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name := strings.TrimSuffix(strings.TrimPrefix(rest, `"`), `"`)
		if !slices.Contains(fieldNames, name) {
			quoted, _ := json.Marshal(name)
			if i := keyOffset(data, string(quoted)); i >= 0 {
				line, col := position(data, i)
				return fmt.Errorf("line %d, column %d: unknown field %q", line, col, name)
			}
		}
		return fmt.Errorf("unknown field %q", name)
	}
	return err
}

// keyOffset returns where quoted, followed by a colon, first appears in data, or -1.
func keyOffset(data []byte, quoted string) int {
	for from := 0; ; {
		i := bytes.Index(data[from:], []byte(quoted))
		if i < 0 {
			return -1
		}
		i += from
		rest := bytes.TrimLeft(data[i+len(quoted):], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			return i
		}
		from = i + 1
	}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	return line, offset - bytes.LastIndexByte(before, '\n')
}

// Validate checks the instance as Solve will: every error names what is
// wrong and where, on one line.
func (in *Instance) Validate() error {
	_, err := index(in)
	return err
}

// indexed is a valid instance with its ids resolved to positions.
type indexed struct {
	in         *Instance
	unranked   int64
	unassigned int64
	move       int64
	// languageCost and shareCost are what placing against a language or
	// above a share adds under RulePrefer.
	languageCost   int64
	shareCost      int64
	languagePrefer bool
	sharePrefer    bool
	slots          []slotIndex
}

// slotIndex holds one slot's rankings and fixed placements by position.
type slotIndex struct {
	slot *Slot
	// fixed holds per participant the workshop fixed in this slot, or -1;
	// published the workshop they were told, or -1.
	fixed     []int32
	published []int32
	// offered holds the languages some workshop of the slot offers.
	offered map[string]bool
	// The workshops participant p ranked here are choices[choiceStart[p]:choiceStart[p+1]].
	choiceStart []int32
	choices     []int32
	longest     int // the longest ranking in this slot
}

// rankCost is the cost of placing someone in their r-th choice.
func (x *indexed) rankCost(r int) int64 {
	if len(x.in.RankCosts) > 0 {
		return x.in.RankCosts[r-1]
	}
	return int64(r) * int64(r)
}

// ShareLimit is the most participants of one category a workshop of the
// capacity takes under max_share share: floor(share × capacity). A share
// written as a decimal is not exact in binary (0.29 × 100 is
// 28.999999999999996), so a product within 1e-9 of the next integer
// counts as that integer: 29 % of 100 places are 29.
func ShareLimit(share float64, capacity int) int {
	return int(math.Floor(share*float64(capacity) + 1e-9))
}

func checkCost(name string, c int64) error {
	if c < 0 {
		return fmt.Errorf("%s: negative cost %d", name, c)
	}
	if c > maxCost {
		return fmt.Errorf("%s: cost %d above the largest allowed, %d", name, c, maxCost)
	}
	return nil
}

// checkRule checks a rule's name: empty means strict.
func checkRule(name, rule string) (prefer bool, err error) {
	switch rule {
	case "", RuleStrict:
		return false, nil
	case RulePrefer:
		return true, nil
	}
	return false, fmt.Errorf("%s %q: want %q or %q", name, rule, RuleStrict, RulePrefer)
}

func index(in *Instance) (*indexed, error) {
	x := &indexed{in: in, unranked: DefaultUnrankedCost, unassigned: DefaultUnassignedCost,
		move: DefaultMoveCost, languageCost: DefaultLanguageCost, shareCost: DefaultShareCost}
	for _, c := range []struct {
		to   *int64
		from *int64
	}{{&x.unranked, in.UnrankedCost}, {&x.unassigned, in.UnassignedCost}, {&x.move, in.MoveCost},
		{&x.languageCost, in.LanguageCost}, {&x.shareCost, in.ShareCost}} {
		if c.from != nil {
			*c.to = *c.from
		}
	}
	var err error
	if x.languagePrefer, err = checkRule("language_rule", in.LanguageRule); err != nil {
		return nil, err
	}
	if x.sharePrefer, err = checkRule("share_rule", in.ShareRule); err != nil {
		return nil, err
	}
	for i, c := range in.RankCosts {
		if err := checkCost(fmt.Sprintf("rank_costs[%d]", i), c); err != nil {
			return nil, err
		}
	}
	if err := checkCost("unranked_cost", x.unranked); err != nil {
		return nil, err
	}
	if err := checkCost("unassigned_cost", x.unassigned); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		name string
		cost int64
	}{{"move_cost", x.move}, {"language_cost", x.languageCost}, {"share_cost", x.shareCost}} {
		if err := checkCost(c.name, c.cost); err != nil {
			return nil, err
		}
	}
	// Leaving someone out must cost more than any placement: otherwise the
	// optimum could leave people unassigned beside free places.
	if x.unranked >= x.unassigned {
		return nil, fmt.Errorf("unassigned_cost %d must be above unranked_cost %d", x.unassigned, x.unranked)
	}
	for i, c := range in.RankCosts {
		if c >= x.unassigned {
			return nil, fmt.Errorf("unassigned_cost %d must be above rank_costs[%d], %d", x.unassigned, i, c)
		}
	}
	// The same holds for a placement against a language and above a share.
	extra, extraNames := x.preferExtra()
	if extra > 0 {
		if x.unranked+extra >= x.unassigned {
			return nil, fmt.Errorf("unassigned_cost %d must be above unranked_cost %d plus %s", x.unassigned, x.unranked, extraNames)
		}
		for i, c := range in.RankCosts {
			if c+extra >= x.unassigned {
				return nil, fmt.Errorf("unassigned_cost %d must be above rank_costs[%d], %d, plus %s", x.unassigned, i, c, extraNames)
			}
		}
	}

	if len(in.Slots) == 0 {
		return nil, errors.New("no slots")
	}
	type wsRef struct{ slot, ws int }
	slotPos := make(map[string]int, len(in.Slots))
	wsPos := make(map[string]wsRef)
	for i := range in.Slots {
		s := &in.Slots[i]
		if s.ID == "" {
			return nil, fmt.Errorf("slots[%d]: empty id", i)
		}
		if _, dup := slotPos[s.ID]; dup {
			return nil, fmt.Errorf("slot %q: duplicate slot id", s.ID)
		}
		slotPos[s.ID] = i
		for j := range s.Workshops {
			w := &s.Workshops[j]
			if w.ID == "" {
				return nil, fmt.Errorf("slot %q: workshops[%d]: empty id", s.ID, j)
			}
			if prev, dup := wsPos[w.ID]; dup {
				return nil, fmt.Errorf("slot %q: workshop %q: duplicate workshop id (also in slot %q)", s.ID, w.ID, in.Slots[prev.slot].ID)
			}
			wsPos[w.ID] = wsRef{i, j}
			if w.Capacity < 0 {
				return nil, fmt.Errorf("slot %q: workshop %q: negative capacity %d", s.ID, w.ID, w.Capacity)
			}
			if w.Capacity > maxCapacity {
				return nil, fmt.Errorf("slot %q: workshop %q: capacity %d above the largest allowed, %d", s.ID, w.ID, w.Capacity, maxCapacity)
			}
			for _, l := range w.Languages {
				if l == "" {
					return nil, fmt.Errorf("slot %q: workshop %q: empty language", s.ID, w.ID)
				}
			}
			for _, cat := range sortedKeys(w.MaxShare) {
				if cat == "" {
					return nil, fmt.Errorf("slot %q: workshop %q: max_share for an empty category", s.ID, w.ID)
				}
				if share := w.MaxShare[cat]; !(share >= 0 && share <= 1) {
					return nil, fmt.Errorf("slot %q: workshop %q: max_share %v for %q is outside [0, 1]", s.ID, w.ID, share, cat)
				}
			}
		}
	}

	n := len(in.Participants)
	x.slots = make([]slotIndex, len(in.Slots))
	for i := range x.slots {
		x.slots[i] = slotIndex{slot: &in.Slots[i], fixed: make([]int32, n), published: make([]int32, n),
			choiceStart: make([]int32, n+1), offered: make(map[string]bool)}
		for _, w := range in.Slots[i].Workshops {
			for _, l := range w.Languages {
				x.slots[i].offered[l] = true
			}
		}
	}
	// inSlot finds a workshop of slot s by id.
	inSlot := func(s int, id string) (int, bool) {
		ref, ok := wsPos[id]
		return ref.ws, ok && ref.slot == s
	}
	seen := make(map[string]bool, n)
	for pi := range in.Participants {
		p := &in.Participants[pi]
		if p.ID == "" {
			return nil, fmt.Errorf("participants[%d]: empty id", pi)
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("participant %q: duplicate participant id", p.ID)
		}
		seen[p.ID] = true
		if err := unknownSlot(p.Choices, slotPos); err != "" {
			return nil, fmt.Errorf("participant %q: choices for unknown slot %q", p.ID, err)
		}
		if err := unknownSlot(p.Fixed, slotPos); err != "" {
			return nil, fmt.Errorf("participant %q: fixed placement in unknown slot %q", p.ID, err)
		}
		if err := unknownSlot(p.Published, slotPos); err != "" {
			return nil, fmt.Errorf("participant %q: published placement in unknown slot %q", p.ID, err)
		}
		for si := range x.slots {
			sx := &x.slots[si]
			slotID := in.Slots[si].ID
			sx.fixed[pi] = -1
			if id, ok := p.Fixed[slotID]; ok {
				w, ok := inSlot(si, id)
				if !ok {
					return nil, fmt.Errorf("participant %q: fixed workshop %q is not a workshop of slot %q", p.ID, id, slotID)
				}
				sx.fixed[pi] = int32(w)
			}
			sx.published[pi] = -1
			if id, ok := p.Published[slotID]; ok {
				w, ok := inSlot(si, id)
				if !ok {
					return nil, fmt.Errorf("participant %q: published workshop %q is not a workshop of slot %q", p.ID, id, slotID)
				}
				sx.published[pi] = int32(w)
			}
			ranked := p.Choices[slotID]
			if len(in.RankCosts) > 0 && len(ranked) > len(in.RankCosts) {
				return nil, fmt.Errorf("participant %q: %d choices in slot %q but rank_costs has only %d entries", p.ID, len(ranked), slotID, len(in.RankCosts))
			}
			if len(ranked) > 0 {
				if c := x.rankCost(len(ranked)); c >= x.unassigned {
					return nil, fmt.Errorf("participant %q: choice %d in slot %q costs %d, not below unassigned_cost %d", p.ID, len(ranked), slotID, c, x.unassigned)
				} else if extra > 0 && c+extra >= x.unassigned {
					return nil, fmt.Errorf("participant %q: choice %d in slot %q costs %d, plus %s not below unassigned_cost %d", p.ID, len(ranked), slotID, c, extraNames, x.unassigned)
				}
			}
			start := len(sx.choices)
			for r, id := range ranked {
				w, ok := inSlot(si, id)
				if !ok {
					return nil, fmt.Errorf("participant %q: choice %q is not a workshop of slot %q", p.ID, id, slotID)
				}
				if slices.Contains(sx.choices[start:], int32(w)) {
					return nil, fmt.Errorf("participant %q: workshop %q ranked twice in slot %q (choice %d)", p.ID, id, slotID, r+1)
				}
				sx.choices = append(sx.choices, int32(w))
			}
			sx.choiceStart[pi+1] = int32(len(sx.choices))
			sx.longest = max(sx.longest, len(ranked))
		}
	}

	// Fixed placements count against capacity and shares; those alone must
	// fit (under share_rule "prefer" they may exceed a share, at its cost).
	for si := range x.slots {
		sx := &x.slots[si]
		s := sx.slot
		count := make([]int, len(s.Workshops))
		byCat := make([]map[string]int, len(s.Workshops))
		for pi, w := range sx.fixed {
			if w < 0 {
				continue
			}
			count[w]++
			cat := in.Participants[pi].Category
			if _, ok := s.Workshops[w].MaxShare[cat]; ok {
				if byCat[w] == nil {
					byCat[w] = make(map[string]int)
				}
				byCat[w][cat]++
			}
		}
		for j, w := range s.Workshops {
			if count[j] > w.Capacity {
				return nil, fmt.Errorf("slot %q: workshop %q: %d fixed placements exceed its capacity %d", s.ID, w.ID, count[j], w.Capacity)
			}
			for _, cat := range sortedKeys(byCat[j]) {
				if limit := ShareLimit(w.MaxShare[cat], w.Capacity); byCat[j][cat] > limit && !x.sharePrefer {
					return nil, fmt.Errorf("slot %q: workshop %q: %d fixed placements of category %q exceed its max_share limit of %d", s.ID, w.ID, byCat[j][cat], cat, limit)
				}
			}
		}
	}
	return x, nil
}

// preferExtra returns the most that the prefer rules add to one placement,
// and what it is made of, for the error that says it is too much.
func (x *indexed) preferExtra() (int64, string) {
	var extra int64
	var names []string
	if x.languagePrefer {
		extra += x.languageCost
		names = append(names, fmt.Sprintf("language_cost %d", x.languageCost))
	}
	if x.sharePrefer {
		extra += x.shareCost
		names = append(names, fmt.Sprintf("share_cost %d", x.shareCost))
	}
	return extra, strings.Join(names, " and ")
}

// unknownSlot returns a key of m that is not a slot id, or "".
func unknownSlot[V any](m map[string]V, slotPos map[string]int) string {
	for k := range m {
		if _, ok := slotPos[k]; ok {
			continue
		}
		// The first in sorted order, so that the error does not change from run to run.
		for _, k := range sortedKeys(m) {
			if _, ok := slotPos[k]; !ok {
				return k
			}
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

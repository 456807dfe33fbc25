// Package placement turns an edition's registrations and pins into the
// workshop-assignment solver's instance (internal/assign), and the solver's
// result into a run with its report. It reads model values that the store
// returned and never touches the database.
package placement

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// The costs a run uses, the solver's defaults: r² for the r-th choice,
// UnrankedCost for a workshop not ranked, UnassignedCost for no place.
const (
	UnrankedCost   = assign.DefaultUnrankedCost
	UnassignedCost = assign.DefaultUnassignedCost
)

// Edition is what an edition's assignment is made from.
type Edition struct {
	Conference    *model.Conference
	Programme     []model.Session      // the agenda with its workshops and their people
	Registrations []model.Registration // the confirmed ones
	Pins          []model.Pin
	Facilitators  map[int64][]string // workshop id → addresses of the staff invited to it
	// Published is the edition's published run with its placements, nil
	// before any: a new run starts from it, and its report says who moves.
	Published *model.AssignmentRun
	// Leaves, if set, is a person who leaves a full workshop to make room
	// for someone an organiser moves in: placed in this run only elsewhere.
	Leaves *Leave
}

// Leave is a person who leaves the full workshop From of a slot to make
// room for the registration For, placed instead in To (their best other
// option with a free place).
type Leave struct {
	RegistrationID, SessionID, From, To, For int64
}

// Input is an edition as the solver's instance.
type Input struct {
	Instance *assign.Instance
	conf     *model.Conference
	slots    []model.Session     // the workshop slots, with their workshops
	sources  map[[2]int64]string // (registration, slot) → model.Source* of a fixed placement
	// published holds (registration, slot) → the workshop the published run
	// placed them in, 0 for one deleted since; hasPublished tells whether
	// there is a published run at all.
	published    map[[2]int64]int64
	hasPublished bool
	leaves       *Leave
}

// Problem is a run refused for a reason the organisers can mend: no
// workshops to place people in, or fixed placements that do not fit.
// Message is the catalogue id of what to tell them; Workshop names the
// workshop, if any.
type Problem struct{ Message, Workshop string }

// Error names the message and the workshop, for logs; pages show the message.
func (p *Problem) Error() string { return p.Message + ": " + p.Workshop }

// Build makes the solver's instance of an edition. Facilitators (staff
// accounts invited to a workshop, matched by address) and the workshop's
// listed people (matched by name) are fixed to their workshop; an
// organiser's pin wins over both. A fixed placement that does not fit is
// the organisers' to resolve: the error is a *Problem naming the workshop.
func Build(e Edition) (*Input, error) {
	conf := e.Conference
	in := &Input{conf: conf, sources: map[[2]int64]string{}, leaves: e.Leaves}
	// Published people stay where they were told unless a rule or someone
	// else's place requires otherwise; the rules are the edition's.
	inst := &assign.Instance{Seed: conf.ID, MoveCost: cost(assign.DefaultMoveCost),
		LanguageRule: rule(conf.LanguageRule), LanguageCost: cost(assign.DefaultLanguageCost),
		ShareRule: rule(conf.ShareRule), ShareCost: cost(assign.DefaultShareCost)}
	in.published, in.hasPublished = published(e.Published)
	fixedBy := map[string]map[int64]int64{} // key (address or name) → slot → workshop
	fix := func(key string, slot, workshop int64) {
		if fixedBy[key] == nil {
			fixedBy[key] = map[int64]int64{}
		}
		fixedBy[key][slot] = workshop
	}
	for _, s := range e.Programme {
		// A cancelled slot places nobody: the choices people made for it
		// before it was called off stay stored, in case it is taken back.
		if s.Kind != model.KindWorkshopSlot || len(s.Workshops) == 0 || s.Cancelled() {
			continue
		}
		in.slots = append(in.slots, s)
		slot := assign.Slot{ID: id(s.ID)}
		for _, w := range s.Workshops {
			ws := assign.Workshop{ID: id(w.ID), Capacity: w.Capacity, Languages: model.SplitCodes(w.Languages)}
			if conf.MaxShare > 0 {
				ws.MaxShare = map[string]float64{conf.ShareCategory: float64(conf.MaxShare) / 100}
			}
			slot.Workshops = append(slot.Workshops, ws)
			for _, email := range e.Facilitators[w.ID] {
				fix(emailKey(email), s.ID, w.ID)
			}
			for _, p := range w.People {
				if key := nameKey(p.Name); key != "" {
					fix("name:"+key, s.ID, w.ID)
				}
			}
		}
		inst.Slots = append(inst.Slots, slot)
	}
	if len(in.slots) == 0 {
		return nil, &Problem{Message: "assignment_no_workshops"}
	}
	pinned := map[[2]int64]int64{}
	for _, p := range e.Pins {
		pinned[[2]int64{p.RegistrationID, p.SessionID}] = p.WorkshopID
	}
	inSlot := map[int64]int64{} // workshop → its slot
	for _, s := range in.slots {
		for _, w := range s.Workshops {
			inSlot[w.ID] = s.ID
		}
	}
	for _, r := range e.Registrations {
		p := assign.Participant{ID: id(r.ID), Category: r.Category, Choices: map[string][]string{}, Fixed: map[string]string{}}
		if model.IsInterpretLanguage(r.Interpreting) { // an older free-text answer cannot be matched
			p.NeedsLanguage = r.Interpreting
		}
		for _, s := range in.slots {
			for _, w := range r.Choices[s.ID] {
				p.Choices[id(s.ID)] = append(p.Choices[id(s.ID)], id(w))
			}
			key := [2]int64{r.ID, s.ID}
			w, source := pinned[key], model.SourceManual
			if w == 0 && r.Email != nil {
				w, source = fixedBy[emailKey(*r.Email)][s.ID], model.SourceFixed
			}
			if w == 0 {
				w, source = fixedBy["name:"+nameKey(r.Name)][s.ID], model.SourceFixed
			}
			if l := e.Leaves; w == 0 && l != nil && l.RegistrationID == r.ID && l.SessionID == s.ID {
				w, source = l.To, model.SourceAuto
			}
			if w != 0 {
				p.Fixed[id(s.ID)] = id(w)
				in.sources[key] = source
			}
			if pub := in.published[key]; pub != 0 && inSlot[pub] == s.ID && p.Fixed[id(s.ID)] == "" {
				if p.Published == nil {
					p.Published = map[string]string{}
				}
				p.Published[id(s.ID)] = id(pub)
			}
		}
		inst.Participants = append(inst.Participants, p)
	}
	in.Instance = inst
	return in, in.checkFixed()
}

// published reads a published run's placements: (registration, slot) →
// workshop, 0 for a workshop deleted since. A placement without a workshop
// is one of those the run left without a place, or one whose workshop was
// deleted: the run's report tells them apart. Rows added to the published
// run after it was made (placements of people confirmed late, with a
// source of their own) are no place when they have no workshop.
func published(run *model.AssignmentRun) (map[[2]int64]int64, bool) {
	out := map[[2]int64]int64{}
	if run == nil {
		return out, false
	}
	var report model.RunReport
	unplaced := map[[2]int64]bool{}
	if json.Unmarshal([]byte(run.Report), &report) == nil {
		for _, s := range report.Slots {
			for _, r := range s.Unplaced {
				unplaced[[2]int64{r, s.SessionID}] = true
			}
		}
	}
	for _, a := range run.Assignments {
		key := [2]int64{a.RegistrationID, a.SessionID}
		switch {
		case a.WorkshopID != nil:
			out[key] = *a.WorkshopID
		case !unplaced[key] && hasUnplacedList(report) && slices.Contains(runSources, a.Source):
			out[key] = 0
		}
	}
	return out, true
}

// hasUnplacedList tells whether a report lists the people without a
// place; reports from before the list have none to tell a deleted
// workshop from no place.
func hasUnplacedList(r model.RunReport) bool { return r.Version >= 2 }

// runSources are the sources of the placements a run is made with.
var runSources = []string{model.SourceAuto, model.SourceManual, model.SourceFixed}

func cost(c int64) *int64 { return &c }

// rule is the solver's name of an edition's rule; an edition stored
// without one prefers.
func rule(r string) string {
	if r == model.RuleStrict {
		return assign.RuleStrict
	}
	return assign.RulePrefer
}

// checkFixed refuses fixed placements that alone overfill a workshop or its
// share rule, in words the organiser can act on, before the solver would.
func (in *Input) checkFixed() error {
	count, share := map[string]int{}, map[string]int{}
	for _, p := range in.Instance.Participants {
		for _, w := range p.Fixed {
			count[w]++
			if in.conf.MaxShare > 0 && p.Category == in.conf.ShareCategory {
				share[w]++
			}
		}
	}
	for _, s := range in.slots {
		for _, w := range s.Workshops {
			switch {
			case count[id(w.ID)] > w.Capacity:
				return &Problem{Message: "err_fixed_over_capacity", Workshop: w.Title}
			// Under the prefer rule a share is kept only where it can be:
			// fixed people above it cost the solver, they are no problem.
			case in.Instance.ShareRule != assign.RulePrefer && share[id(w.ID)] > assign.ShareLimit(float64(in.conf.MaxShare)/100, w.Capacity):
				return &Problem{Message: "err_fixed_over_share", Workshop: w.Title}
			}
		}
	}
	return nil
}

// Solve runs the solver on the input and returns the run to store, made by
// the user byID: its placements (the source of each fixed one as Build
// found it) and its report. The context bounds the solver's time.
func Solve(ctx context.Context, in *Input, byID int64) (*model.AssignmentRun, error) {
	res, err := assign.Solve(ctx, in.Instance)
	if err != nil {
		return nil, fmt.Errorf("assignment of edition %d: %w", in.conf.ID, err)
	}
	return in.Run(res, byID)
}

// Run turns the solver's result for the input into a run made by the user
// byID.
func (in *Input) Run(res *assign.Result, byID int64) (*model.AssignmentRun, error) {
	run := &model.AssignmentRun{ConferenceID: in.conf.ID, CreatedBy: &byID, Seed: in.Instance.Seed,
		TotalCost: res.TotalCost, SolveMS: res.SolveMS}
	for _, x := range res.Assignments {
		regID, slotID, workshopID := parseID(x.Participant), parseID(x.Slot), parseID(x.Workshop)
		source := model.SourceAuto
		if x.Fixed {
			source = in.sources[[2]int64{regID, slotID}]
		}
		run.Assignments = append(run.Assignments, model.Assignment{RegistrationID: regID, SessionID: slotID,
			WorkshopID: &workshopID, Rank: x.Rank, Source: source})
	}
	for _, x := range res.Unassigned {
		run.Assignments = append(run.Assignments, model.Assignment{RegistrationID: parseID(x.Participant),
			SessionID: parseID(x.Slot), Source: model.SourceAuto})
	}
	b, err := json.Marshal(in.report(res))
	if err != nil {
		return nil, err
	}
	run.Report = string(b)
	return run, nil
}

// ReportVersion is the version of the reports Run writes.
const ReportVersion = 2

// report gives the figures of a result per slot and workshop, in programme
// order, and who it moves, places anew or leaves without a place.
func (in *Input) report(res *assign.Result) model.RunReport {
	report := model.RunReport{Version: ReportVersion, ShareCategory: in.conf.ShareCategory, MaxShare: in.conf.MaxShare}
	placed := map[[2]int64]int64{} // (registration, slot) → workshop
	for _, x := range res.Assignments {
		placed[[2]int64{parseID(x.Participant), parseID(x.Slot)}] = parseID(x.Workshop)
	}
	for _, s := range in.slots {
		st := res.Stats[id(s.ID)]
		sr := model.SlotReport{SessionID: s.ID, RankCounts: st.RankCounts, Unranked: st.Unranked,
			Unassigned: st.Unassigned, Fixed: st.Fixed}
		for _, w := range res.Workshops[id(s.ID)] {
			sr.Workshops = append(sr.Workshops, model.WorkshopReport{WorkshopID: parseID(w.ID), Capacity: w.Capacity,
				Filled: w.Filled, CapacityBinds: w.CapacityBinds, ShareBinds: len(w.ShareBinds) > 0,
				LanguageExcluded: w.LanguageExcluded})
		}
		in.people(&sr, s, placed)
		report.Slots = append(report.Slots, sr)
	}
	return report
}

// people fills in a slot's report who moves and why, who is placed anew,
// who has no place, and who is placed against a rule the edition prefers.
func (in *Input) people(sr *model.SlotReport, s model.Session, placed map[[2]int64]int64) {
	workshops := map[int64]model.Workshop{}
	for _, w := range s.Workshops {
		workshops[w.ID] = w
	}
	// What the published placements ask of each workshop: how many were
	// told it, how many of the share's category, how many are fixed there.
	told, toldShare, fixedIn, shareIn := map[int64]int{}, map[int64]int{}, map[int64]int{}, map[int64]int{}
	for _, p := range in.Instance.Participants {
		key := [2]int64{parseID(p.ID), s.ID}
		share := in.conf.MaxShare > 0 && p.Category == in.conf.ShareCategory
		if w := parseID(p.Fixed[id(s.ID)]); w != 0 {
			fixedIn[w]++
		} else if w, ok := in.published[key]; ok {
			told[w]++
			if share {
				toldShare[w]++
			}
		}
		if w := placed[key]; w != 0 && share {
			shareIn[w]++
		}
	}
	for _, p := range in.Instance.Participants {
		reg := parseID(p.ID)
		key := [2]int64{reg, s.ID}
		now := placed[key]
		if now == 0 {
			sr.Unplaced = append(sr.Unplaced, reg)
		} else if p.NeedsLanguage != "" && !slices.Contains(model.SplitCodes(workshops[now].Languages), p.NeedsLanguage) {
			sr.AgainstLanguage++
		}
		from, wasPublished := in.published[key]
		switch {
		case in.leaves != nil && in.leaves.RegistrationID == reg && in.leaves.SessionID == s.ID:
			sr.Moved = append(sr.Moved, model.MoveReport{RegistrationID: reg, From: in.leaves.From, To: now,
				Why: model.MoveRoom, For: in.leaves.For})
		case !wasPublished:
			if in.hasPublished && now != 0 {
				sr.NewlyPlaced = append(sr.NewlyPlaced, reg)
			}
		case from != now:
			m := model.MoveReport{RegistrationID: reg, From: from, To: now, Why: model.MoveOthers}
			w, exists := workshops[from]
			share := in.conf.MaxShare > 0 && p.Category == in.conf.ShareCategory
			switch {
			case !exists:
				m.Why = model.MoveGone
			case in.sources[key] == model.SourceManual:
				m.Why = model.MovePin
			case in.sources[key] == model.SourceFixed:
				m.Why = model.MoveFixed
			case told[from] > w.Capacity:
				m.Why = model.MoveCapacity
			case told[from]+fixedIn[from] > w.Capacity:
				m.Why = model.MovePinned
			case p.NeedsLanguage != "" && in.conf.LanguageRule == model.RuleStrict &&
				!slices.Contains(model.SplitCodes(w.Languages), p.NeedsLanguage):
				m.Why = model.MoveLanguage
			case share && in.conf.ShareRule == model.RuleStrict &&
				toldShare[from] > assign.ShareLimit(float64(in.conf.MaxShare)/100, w.Capacity):
				m.Why = model.MoveShare
			}
			sr.Moved = append(sr.Moved, m)
		}
	}
	if in.conf.MaxShare > 0 {
		for w, n := range shareIn {
			sr.AboveShare += max(0, n-assign.ShareLimit(float64(in.conf.MaxShare)/100, workshops[w].Capacity))
		}
	}
}

// id writes a database id as the solver's id.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// parseID reads back an id the solver got from id; it cannot fail.
func parseID(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// emailKey is how a facilitator's address matches a registration's.
func emailKey(email string) string { return "email:" + strings.ToLower(email) }

// nameKey compares names as people type them: case and spacing aside.
func nameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

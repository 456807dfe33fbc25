package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/assign"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// The workshop assignment of an edition: its confirmed registrations, its
// workshop slots and the organisers' pins become an instance of the solver
// (internal/assign); the solver's result becomes a stored run.

// solveTimeout bounds one run; the solver takes about 2 s for 100,000 people.
const solveTimeout = 2 * time.Minute

// assignmentInput is what a run is made from.
type assignmentInput struct {
	conf     *model.Conference
	slots    []model.Session // the workshop slots, with their workshops and people
	regs     []model.Registration
	instance *assign.Instance
	sources  map[[2]int64]string // (registration, slot) → model.Source* of a fixed placement
}

// loadAssignmentInput reads an edition's registrations, slots and pins and
// builds the solver's instance. Facilitators (staff accounts invited to a
// workshop, matched by address) and the workshop's listed people (matched
// by name) are fixed to their workshop; an organiser's pin wins over both.
// A fixed placement that does not fit is the organisers' to resolve: the
// error names the workshop, in the user's language.
func (a *App) loadAssignmentInput(ctx context.Context, conf *model.Conference) (*assignmentInput, error) {
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	regs, err := a.db.FindRegistrations(ctx, conf.ID, store.RegistrationFilter{Status: model.RegConfirmed})
	if err != nil {
		return nil, err
	}
	pins, err := a.db.Pins(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	facilitators, err := a.db.FacilitatorEmails(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	in := &assignmentInput{conf: conf, regs: regs, sources: map[[2]int64]string{}}
	inst := &assign.Instance{Seed: conf.ID}
	fixedBy := map[string]map[int64]int64{} // key (address or name) → slot → workshop
	fix := func(key string, slot, workshop int64) {
		if key == "" {
			return
		}
		if fixedBy[key] == nil {
			fixedBy[key] = map[int64]int64{}
		}
		fixedBy[key][slot] = workshop
	}
	for _, s := range programme {
		if s.Kind != model.KindWorkshopSlot || len(s.Workshops) == 0 {
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
			for _, email := range facilitators[w.ID] {
				fix("email:"+strings.ToLower(email), s.ID, w.ID)
			}
			for _, p := range w.People {
				fix("name:"+nameKey(p.Name), s.ID, w.ID)
			}
		}
		inst.Slots = append(inst.Slots, slot)
	}
	pinned := map[[2]int64]int64{}
	for _, p := range pins {
		pinned[[2]int64{p.RegistrationID, p.SessionID}] = p.WorkshopID
	}
	for _, r := range regs {
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
				w, source = fixedBy["email:"+strings.ToLower(*r.Email)][s.ID], model.SourceFixed
			}
			if w == 0 {
				w, source = fixedBy["name:"+nameKey(r.Name)][s.ID], model.SourceFixed
			}
			if w != 0 {
				p.Fixed[id(s.ID)] = id(w)
				in.sources[key] = source
			}
		}
		inst.Participants = append(inst.Participants, p)
	}
	if len(in.slots) == 0 {
		return nil, &runProblem{message: "assignment_no_workshops"}
	}
	in.instance = inst
	return in, in.checkFixed()
}

// checkFixed refuses fixed placements that alone overfill a workshop or its
// share rule, in words the organiser can act on, before the solver would.
func (in *assignmentInput) checkFixed() error {
	count, share := map[string]int{}, map[string]int{}
	for _, p := range in.instance.Participants {
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
				return &runProblem{message: "err_fixed_over_capacity", workshop: w.Title}
			case share[id(w.ID)] > assign.ShareLimit(float64(in.conf.MaxShare)/100, w.Capacity):
				return &runProblem{message: "err_fixed_over_share", workshop: w.Title}
			}
		}
	}
	return nil
}

// runProblem is a run refused for a reason the organisers can mend: no
// workshops to place people in, or fixed placements that do not fit. It
// holds the catalogue id of the message and the workshop it names, if any.
type runProblem struct{ message, workshop string }

func (p *runProblem) Error() string { return p.message + ": " + p.workshop }

// runAssignment solves an edition's assignment and stores the run.
func (a *App) runAssignment(ctx context.Context, conf *model.Conference, by *model.User) (*model.AssignmentRun, error) {
	in, err := a.loadAssignmentInput(ctx, conf)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, solveTimeout)
	defer cancel()
	res, err := assign.Solve(ctx, in.instance)
	if err != nil {
		return nil, fmt.Errorf("assignment of edition %d: %w", conf.ID, err)
	}
	run := &model.AssignmentRun{ConferenceID: conf.ID, CreatedBy: &by.ID, Seed: in.instance.Seed,
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
	report := model.RunReport{ShareCategory: conf.ShareCategory, MaxShare: conf.MaxShare}
	for _, s := range in.slots {
		st := res.Stats[id(s.ID)]
		sr := model.SlotReport{SessionID: s.ID, RankCounts: st.RankCounts, Unranked: st.Unranked,
			Unassigned: st.Unassigned, Fixed: st.Fixed}
		for _, w := range res.Workshops[id(s.ID)] {
			sr.Workshops = append(sr.Workshops, model.WorkshopReport{WorkshopID: parseID(w.ID), Capacity: w.Capacity,
				Filled: w.Filled, CapacityBinds: w.CapacityBinds, ShareBinds: len(w.ShareBinds) > 0,
				LanguageExcluded: w.LanguageExcluded})
		}
		report.Slots = append(report.Slots, sr)
	}
	b, err := json.Marshal(report)
	if err != nil {
		return nil, err
	}
	run.Report = string(b)
	if err := a.db.SaveRun(ctx, run); err != nil {
		return nil, err
	}
	return run, nil
}

// id writes a database id as the solver's id.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// parseID reads back an id the solver got from id; it cannot fail.
func parseID(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// nameKey compares names as people type them: case and spacing aside.
func nameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

package web

import (
	"context"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/placement"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// solveTimeout bounds one run; the solver takes about 2 s for 100,000 people.
const solveTimeout = 2 * time.Minute

// runAssignment reads what an edition's assignment is made from, has
// internal/placement solve it and stores the run. A run the organisers
// must mend first is a *placement.Problem. A run after publishing starts
// from the published one; leaves, if set, makes room in a full workshop.
func (a *App) runAssignment(ctx context.Context, conf *model.Conference, by *model.User, leaves *placement.Leave) (*model.AssignmentRun, error) {
	e := placement.Edition{Conference: conf, Leaves: leaves}
	var err error
	if e.Programme, err = a.db.Programme(ctx, conf.ID); err != nil {
		return nil, err
	}
	if e.Registrations, err = a.db.FindRegistrations(ctx, conf.ID, store.RegistrationFilter{Status: model.RegConfirmed}); err != nil {
		return nil, err
	}
	if e.Pins, err = a.db.Pins(ctx, conf.ID); err != nil {
		return nil, err
	}
	if e.Facilitators, err = a.db.FacilitatorEmails(ctx, conf.ID); err != nil {
		return nil, err
	}
	published, err := a.db.PublishedRunID(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	if published != 0 {
		if e.Published, err = a.db.Run(ctx, published); err != nil {
			return nil, err
		}
	}
	in, err := placement.Build(e)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, solveTimeout)
	defer cancel()
	run, err := placement.Solve(ctx, in, by.ID)
	if err != nil {
		return nil, err
	}
	if err := a.db.SaveRun(ctx, run); err != nil {
		return nil, err
	}
	return run, nil
}

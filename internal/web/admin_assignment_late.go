package web

import (
	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// After an assignment is published, people confirmed later are placed at
// once by the store (store/assignments_late.go), in a workshop they ranked
// that has room. Those for whom none had room, and anyone else confirmed
// whom the published run gives no workshop, head the assignment page
// (templates/partials/assignment_late.html) and are marked in the list of
// registrations, so that the organisers place them.

// unplacedView is a person the assignment page lists as without a workshop.
type unplacedView struct {
	store.Unplaced
	SlotTitles []string // the slots without a workshop
}

// unplaced returns the edition's confirmed people without a workshop in
// the published run, with the titles of those slots; none before a run is
// published.
func (a *App) unplaced(c *gin.Context, conferenceID int64) ([]unplacedView, error) {
	ctx := c.Request.Context()
	people, err := a.db.Unplaced(ctx, conferenceID)
	if err != nil || len(people) == 0 {
		return nil, err
	}
	programme, err := a.db.Programme(ctx, conferenceID)
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, s := range programme {
		titles[s.ID] = s.Title
	}
	out := make([]unplacedView, len(people))
	for i, p := range people {
		out[i].Unplaced = p
		for _, s := range p.Slots {
			out[i].SlotTitles = append(out[i].SlotTitles, titles[s])
		}
	}
	return out, nil
}

// unplacedIDs returns which of the edition's registrations are without a
// workshop in the published run, for the list of registrations.
func (a *App) unplacedIDs(c *gin.Context, conferenceID int64) (map[int64]bool, error) {
	people, err := a.db.Unplaced(c.Request.Context(), conferenceID)
	if err != nil {
		return nil, err
	}
	ids := make(map[int64]bool, len(people))
	for _, p := range people {
		ids[p.RegistrationID] = true
	}
	return ids, nil
}

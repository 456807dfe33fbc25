package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Facilitators log in like organisers and see the workshops they are
// invited to, each with the list of people the published assignment put
// there: names, organisations and the interpretation each needs, nothing
// else (DESIGN.md, privacy by default). Organisers see the same lists.

// requireStaff lets logged-in organisers and facilitators through; a door
// helper finds no such page.
func (a *App) requireStaff(c *gin.Context) {
	switch u := currentUser(c); {
	case u != nil && u.Role == model.RoleDoor:
		a.notFound(c)
	case u != nil:
		c.Header("Cache-Control", "no-store")
		c.Next()
	default:
		toLogin(c)
	}
}

// facilitatedView lists a facilitator's workshops with their editions.
type facilitatedView struct {
	Workshops []facilitatedWorkshop
}

type facilitatedWorkshop struct {
	Workshop   model.Workshop
	Conference *model.Conference
}

// myWorkshops handles GET /admin/my-workshops.
func (a *App) myWorkshops(c *gin.Context) {
	ctx := c.Request.Context()
	ws, err := a.db.FacilitatedWorkshops(ctx, currentUser(c).ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &facilitatedView{}
	confs := map[int64]*model.Conference{}
	for _, w := range ws {
		conf, ok := confs[w.ConferenceID]
		if !ok {
			if conf, err = a.db.Conference(ctx, w.ConferenceID); err != nil {
				a.internalError(c, err)
				return
			}
			confs[w.ConferenceID] = conf
		}
		v.Workshops = append(v.Workshops, facilitatedWorkshop{Workshop: w, Conference: conf})
	}
	a.render(c, http.StatusOK, "my_workshops", a.pageData(c, localizer(c).T("my_workshops_title"), v))
}

// participantsView is a workshop's list of participants.
type participantsView struct {
	Workshop     *model.Workshop
	Slot         *model.Session
	Conference   *model.Conference
	Organiser    bool
	Published    bool // an assignment has been published for the edition
	Participants []store.WorkshopParticipant
}

// Interpretation lists the interpretation languages the participants need,
// with how many need each, for booking interpreters.
func (v *participantsView) Interpretation() []languageCount {
	counts := map[string]int{}
	for _, p := range v.Participants {
		if p.Interpreting != "" {
			counts[model.InterpretLanguageName(p.Interpreting)]++
		}
	}
	var out []languageCount
	for name, n := range counts {
		out = append(out, languageCount{Name: name, N: n})
	}
	slices.SortFunc(out, func(a, b languageCount) int { return cmp.Or(b.N-a.N, strings.Compare(a.Name, b.Name)) })
	return out
}

type languageCount struct {
	Name string
	N    int
}

// workshopParticipants handles GET /admin/workshops/:id/participants, for
// organisers and the workshop's own facilitators; anyone else gets 404, so
// that a workshop's list does not reveal that it exists.
func (a *App) workshopParticipants(c *gin.Context) {
	w, slot, conf, ok := a.workshopParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	organiser := u.Role == model.RoleOrganiser
	if !organiser {
		invited, err := a.db.Facilitates(ctx, u.ID, w.ID)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if !invited {
			a.notFound(c)
			return
		}
	}
	published, err := a.db.PublishedRunID(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &participantsView{Workshop: w, Slot: slot, Conference: conf, Organiser: organiser, Published: published != 0}
	if v.Participants, err = a.db.WorkshopParticipants(ctx, w); err != nil {
		a.internalError(c, err)
		return
	}
	a.render(c, http.StatusOK, "workshop_participants", a.pageData(c, w.Title, v))
}

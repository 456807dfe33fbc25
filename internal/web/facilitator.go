package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
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
	// Counted are the needs of the people the counts are of, chosen as
	// for the logistics sheet (workshopPeople): those placed here once a
	// run is published, before that those granted a place (first-come
	// mode) or who ranked the workshop first; Basis says which.
	Counted *model.Needs
	Basis   pdf.Listing
}

// BasisID is the catalogue id of the sentence that says whom the counts are of.
func (v *participantsView) BasisID() string { return basisID("frozen_counts_basis_", v.Basis) }

// FirstChoice reports whether the counts are of first choices, people
// waiting among them.
func (v *participantsView) FirstChoice() bool { return v.Basis == pdf.ListFirstChoice }

// Interpretation lists the interpretation languages the counted people
// need, with how many need each, for booking interpreters.
func (v *participantsView) Interpretation() []languageCount {
	var out []languageCount
	for _, t := range v.Counted.Interpretation {
		out = append(out, languageCount{Name: model.InterpretLanguageName(t.Label), N: t.Total(), Waiting: t.Waiting})
	}
	slices.SortFunc(out, func(a, b languageCount) int { return cmp.Or(b.N-a.N, strings.Compare(a.Name, b.Name)) })
	return out
}

type languageCount struct {
	Name       string
	N, Waiting int
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
	regs, placed, published, err := a.editionPeople(ctx, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &participantsView{Workshop: w, Slot: slot, Conference: conf, Organiser: organiser, Published: published}
	if v.Participants, err = a.db.WorkshopParticipants(ctx, w); err != nil {
		a.internalError(c, err)
		return
	}
	people, basis := workshopPeople(conf, w, regs, placed, published, true)
	v.Counted, v.Basis = model.NeedsOf(people), basis
	a.render(c, http.StatusOK, "workshop_participants", a.pageData(c, w.Title, v))
}

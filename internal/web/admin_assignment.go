package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/placement"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// assignmentView is the organisers' assignment page of an edition: its
// rule for a mix of voices, its runs and its pins.
type assignmentView struct {
	Conference *model.Conference
	Categories []string
	Rules      []string // the choices of the language and share rules
	Runs       []model.AssignmentRun
	Summaries  map[int64]runTotals // by run: what each did, for the list
	Published  int64               // the run participants see, 0 for none
	Pins       []pinView
	Problem    string // why a run was refused, in the user's language
	// Unplaced are the confirmed people without a workshop in the
	// published run (admin_assignment_late.go).
	Unplaced []unplacedView
	// Requests are participants' open requests to change workshop (frozen.go).
	Requests []changeRequestView
}

type pinView struct {
	model.Pin
	Name, Slot, Workshop string
}

// adminAssignment handles GET /admin/editions/:id/assignment.
func (a *App) adminAssignment(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	a.renderAssignment(c, http.StatusOK, conf, shareForm(conf), "")
}

// shareForm is the form of the edition's assignment settings as stored:
// the share rule and how strictly languages and the share are kept.
func shareForm(conf *model.Conference) *Form {
	form := newForm()
	form.Values["share_category"] = conf.ShareCategory
	form.Values["max_share"] = strconv.Itoa(conf.MaxShare)
	form.Values["language_rule"] = conf.LanguageRule
	form.Values["share_rule"] = conf.ShareRule
	return form
}

func (a *App) renderAssignment(c *gin.Context, status int, conf *model.Conference, form *Form, problem string) {
	ctx := c.Request.Context()
	v := &assignmentView{Conference: conf, Categories: model.Categories, Rules: model.AssignmentRules, Problem: problem}
	var err error
	if v.Runs, err = a.db.Runs(ctx, conf.ID); err != nil {
		a.internalError(c, err)
		return
	}
	v.Summaries = map[int64]runTotals{}
	for _, r := range v.Runs {
		var report model.RunReport
		if err := json.Unmarshal([]byte(r.Report), &report); err != nil {
			a.internalError(c, err)
			return
		}
		v.Summaries[r.ID] = totalsOf(report)
	}
	if v.Published, err = a.db.PublishedRunID(ctx, conf.ID); err != nil {
		a.internalError(c, err)
		return
	}
	if v.Requests, err = a.changeRequestViews(ctx, conf.ID); err != nil {
		a.internalError(c, err)
		return
	}
	if v.Unplaced, err = a.unplaced(c, conf.ID); err != nil {
		a.internalError(c, err)
		return
	}
	pins, err := a.db.Pins(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	if len(pins) > 0 {
		names, slots, workshops, err := a.editionNames(c, conf.ID)
		if err != nil {
			a.internalError(c, err)
			return
		}
		for _, p := range pins {
			v.Pins = append(v.Pins, pinView{Pin: p, Name: names[p.RegistrationID], Slot: slots[p.SessionID],
				Workshop: workshops[p.WorkshopID]})
		}
	}
	p := a.pageData(c, localizer(c).T("assignment_title"), v)
	p.Form = form
	a.render(c, status, "admin_assignment", p)
}

// editionNames returns the names of an edition's registrations and the
// titles of its slots and workshops, by id.
func (a *App) editionNames(c *gin.Context, conferenceID int64) (names, slots, workshops map[int64]string, err error) {
	ctx := c.Request.Context()
	regs, err := a.db.FindRegistrations(ctx, conferenceID, store.RegistrationFilter{})
	if err != nil {
		return nil, nil, nil, err
	}
	programme, err := a.db.Programme(ctx, conferenceID)
	if err != nil {
		return nil, nil, nil, err
	}
	names, slots, workshops = map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, r := range regs {
		names[r.ID] = r.Name
	}
	for _, s := range programme {
		slots[s.ID] = s.Title
		for _, w := range s.Workshops {
			workshops[w.ID] = w.Title
		}
	}
	return names, slots, workshops, nil
}

// updateShareLimit handles POST /admin/editions/:id/assignment/settings:
// the share rule and how strictly languages and the share are kept.
func (a *App) updateShareLimit(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := formFrom(c, "share_category", "max_share", "language_rule", "share_rule")
	settings := model.AssignmentSettings{ShareCategory: form.Values["share_category"], MaxShare: form.int("max_share"),
		LanguageRule: form.Values["language_rule"], ShareRule: form.Values["share_rule"]}
	save := func() error { return a.db.SetAssignmentSettings(c.Request.Context(), conf.ID, settings) }
	validate := settings.Validate
	if a.saveForm(c, form, validate, save, func() { a.renderAssignment(c, http.StatusUnprocessableEntity, conf, form, "") }) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.Assignment(conf.ID))
	}
}

// createRun handles POST /admin/editions/:id/assignment: a new run from the
// registrations as they are now.
func (a *App) createRun(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	a.newRun(c, conf, nil)
}

// newRun runs the assignment (with a person leaving a full workshop, if
// leaves is set) and shows the new run, or the assignment page with the
// reason it was refused.
func (a *App) newRun(c *gin.Context, conf *model.Conference, leaves *placement.Leave) {
	run, err := a.runAssignment(c.Request.Context(), conf, currentUser(c), leaves)
	var problem *placement.Problem
	if errors.As(err, &problem) {
		a.renderAssignment(c, http.StatusConflict, conf, shareForm(conf), localizer(c).T(problem.Message, "Workshop", problem.Workshop))
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_run_done")
	c.Redirect(http.StatusSeeOther, urls.Run(run.ID))
}

// runParam loads the run named by :id with its placements and edition.
func (a *App) runParam(c *gin.Context) (*model.AssignmentRun, *model.Conference, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, false
	}
	run, err := a.db.Run(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	conf, err := a.db.Conference(c.Request.Context(), run.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	return run, conf, true
}

// publishRun handles POST /admin/assignment-runs/:id/publish, once its
// page has said how many people it emails.
func (a *App) publishRun(c *gin.Context) {
	run, conf, ok := a.runParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askPublishRun(c, run, conf)
		return
	}
	ctx := c.Request.Context()
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	compose := func(r *model.Registration, placed []model.Assignment, token string) *model.Email {
		return a.mail.Assignment(conf, r, placementLines(conf, programme, placed, a.i18n.Localizer(r.Lang).T("assignment_no_place")), token,
			a.personalCalendar(conf, programme, placed))
	}
	if _, err := a.db.PublishRun(ctx, run, currentUser(c), compose); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_published")
	c.Redirect(http.StatusSeeOther, urls.Run(run.ID))
}

// personalCalendar is the calendar file of a person placed in workshops:
// the edition and their workshops; nil if it could not be made, and the
// email goes without.
func (a *App) personalCalendar(conf *model.Conference, programme []model.Session, placed []model.Assignment) []byte {
	var workshops []int64
	for _, x := range placed {
		if x.WorkshopID != nil {
			workshops = append(workshops, *x.WorkshopID)
		}
	}
	ics, err := calendar.Personal(conf, programme, workshops, a.site)
	if err != nil {
		a.log.Error("calendar file for an assignment", "conference", conf.ID, "err", err)
		return nil
	}
	return ics
}

// placementLines writes a person's placements, one line per workshop slot
// in programme order: the slot's time and title, then the workshop and its
// room, or noPlace.
func placementLines(conf *model.Conference, programme []model.Session, placed []model.Assignment, noPlace string) []mail.Line {
	var lines []mail.Line
	loc := conf.Location()
	for _, s := range programme {
		for _, x := range placed {
			if x.SessionID != s.ID {
				continue
			}
			line := mail.Line{When: s.StartsAt.In(loc).Format("15:04") + "–" + s.EndsAt.In(loc).Format("15:04"), Slot: s.Title,
				Workshop: noPlace, None: true}
			for _, w := range s.Workshops {
				if x.WorkshopID != nil && w.ID == *x.WorkshopID {
					line.Workshop, line.Room, line.None = w.Title, w.Room, false
				}
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// deletePin handles POST /admin/editions/:id/pins/delete.
func (a *App) deletePin(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	ids, ok := postedIDs(c, "registration_id", "session_id")
	if !ok {
		a.notFound(c)
		return
	}
	if err := a.db.DeletePin(c.Request.Context(), conf.ID, ids[0], ids[1]); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_deleted")
	c.Redirect(http.StatusSeeOther, urls.Assignment(conf.ID))
}

// postedIDs reads the named ids of a posted form; false if one is not an
// id, which only a forged form sends.
func postedIDs(c *gin.Context, names ...string) ([]int64, bool) {
	ids := make([]int64, len(names))
	for i, n := range names {
		id, err := strconv.ParseInt(c.PostForm(n), 10, 64)
		if err != nil {
			return nil, false
		}
		ids[i] = id
	}
	return ids, true
}

package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Resolutions (demands): a workshop's facilitators draft the demands of
// their workshop, organisers any; drafts are seen by their workshop's
// facilitators and organisers only, everything else by all staff. Anyone
// on staff may propose an amendment; organisers decide amendments, record
// the plenary's votes and withdraw. Whatever a staff member may not see
// is a 404, as if it did not exist.

func init() {
	for _, f := range []string{"body", "reasoning", "reason", "note"} {
		multiLineFields[f] = true
	}
}

var resolutionFields = []string{"title", "body", "reasoning", "topic", "addressee_level", "addressee_name"}

// resolutionRights are what the current user may do with a resolution.
type resolutionRights struct {
	Organiser bool // decides amendments, votes, withdraws
	Edit      bool // changes the text and proposes it (while draft or proposed)
	FollowUp  bool // records what became of it
}

// rights returns what the current user may do with r, and whether they may
// see it at all.
func (a *App) rights(c *gin.Context, r *model.Resolution) (resolutionRights, bool, error) {
	u := currentUser(c)
	if u.Role == model.RoleOrganiser {
		return resolutionRights{Organiser: true, Edit: !r.Frozen(), FollowUp: true}, true, nil
	}
	origin := false
	if r.WorkshopID != nil {
		var err error
		if origin, err = a.db.Facilitates(c.Request.Context(), u.ID, *r.WorkshopID); err != nil {
			return resolutionRights{}, false, err
		}
	}
	visible := origin || r.Status != model.ResDraft
	return resolutionRights{Edit: origin && !r.Frozen(), FollowUp: origin}, visible, nil
}

// resolutionParam loads the resolution named by :id with its edition, if
// the current user may see it; otherwise 404.
func (a *App) resolutionParam(c *gin.Context) (*model.Resolution, *model.Conference, resolutionRights, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, resolutionRights{}, false
	}
	ctx := c.Request.Context()
	r, err := a.db.Resolution(ctx, id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, resolutionRights{}, false
	}
	rights, visible, err := a.rights(c, r)
	if err != nil {
		a.internalError(c, err)
		return nil, nil, resolutionRights{}, false
	}
	if !visible {
		a.notFound(c)
		return nil, nil, resolutionRights{}, false
	}
	conf, err := a.db.Conference(ctx, r.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, resolutionRights{}, false
	}
	return r, conf, rights, true
}

// staffEditionParam loads the edition named by :id for any staff member.
func (a *App) staffEditionParam(c *gin.Context) (*model.Conference, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, false
	}
	conf, err := a.db.Conference(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return conf, true
}

// resolutionRow is a resolution in the staff list.
type resolutionRow struct {
	Resolution model.Resolution
	Workshop   string // the origin workshop's title; "" for the organisers'
}

type resolutionsView struct {
	Conference  *model.Conference
	Resolutions []resolutionRow
	CanDraft    bool
}

// editionResolutions handles GET /admin/editions/:id/resolutions: the
// edition's resolutions the current user may see.
func (a *App) editionResolutions(c *gin.Context) {
	conf, ok := a.staffEditionParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	all, err := a.db.Resolutions(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	workshops, err := a.originWorkshops(c, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	titles, err := a.workshopTitles(c, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &resolutionsView{Conference: conf, CanDraft: currentUser(c).Role == model.RoleOrganiser || len(workshops) > 0}
	for _, r := range all {
		_, visible, err := a.rights(c, &r)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if visible {
			row := resolutionRow{Resolution: r}
			if r.WorkshopID != nil {
				row.Workshop = titles[*r.WorkshopID]
			}
			v.Resolutions = append(v.Resolutions, row)
		}
	}
	a.render(c, http.StatusOK, "admin_resolutions", a.pageData(c, localizer(c).T("resolutions_title"), v))
}

// workshopTitles maps an edition's workshops to their titles.
func (a *App) workshopTitles(c *gin.Context, conferenceID int64) (map[int64]string, error) {
	programme, err := a.db.Programme(c.Request.Context(), conferenceID)
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, s := range programme {
		for _, w := range s.Workshops {
			titles[w.ID] = w.Title
		}
	}
	return titles, nil
}

// originWorkshops are the workshops of the edition the current user may
// draft demands for: all for organisers, their own for facilitators.
func (a *App) originWorkshops(c *gin.Context, conf *model.Conference) ([]Option, error) {
	ctx := c.Request.Context()
	u := currentUser(c)
	programme, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, s := range programme {
		for _, w := range s.Workshops {
			if u.Role != model.RoleOrganiser {
				mine, err := a.db.Facilitates(ctx, u.ID, w.ID)
				if err != nil {
					return nil, err
				}
				if !mine {
					continue
				}
			}
			out = append(out, Option{Value: strconv.FormatInt(w.ID, 10), Label: w.Title, Lang: contentLang})
		}
	}
	return out, nil
}

// resolutionEdit is what the resolution form shows besides the form.
type resolutionEdit struct {
	Conference *model.Conference
	Resolution *model.Resolution // nil for a new one
	Workshops  []Option          // origins offered for a new one
	Organiser  bool              // may draft without a workshop
	Topics     []string
	Levels     []string
}

func (a *App) renderResolutionForm(c *gin.Context, status int, form *Form, conf *model.Conference, r *model.Resolution) {
	l := localizer(c)
	v := resolutionEdit{Conference: conf, Resolution: r, Organiser: currentUser(c).Role == model.RoleOrganiser,
		Topics: model.WorkshopTopics, Levels: model.AddresseeLevels}
	title := l.T("resolution_edit")
	if r == nil {
		title = l.T("resolution_new")
		var err error
		if v.Workshops, err = a.originWorkshops(c, conf); err != nil {
			a.internalError(c, err)
			return
		}
	}
	p := a.pageData(c, title, v)
	p.Form = form
	a.render(c, status, "admin_resolution_form", p)
}

func readResolutionForm(c *gin.Context, r *model.Resolution) *Form {
	form := formFrom(c, resolutionFields...)
	v := form.Values
	r.Title, r.Body, r.Reasoning, r.Topic = v["title"], v["body"], v["reasoning"], v["topic"]
	r.AddresseeLevel, r.AddresseeName = v["addressee_level"], v["addressee_name"]
	return form
}

func fillResolutionForm(form *Form, r *model.Resolution) {
	v := form.Values
	v["title"], v["body"], v["reasoning"], v["topic"] = r.Title, r.Body, r.Reasoning, r.Topic
	v["addressee_level"], v["addressee_name"] = r.AddresseeLevel, r.AddresseeName
}

// newResolution handles GET /admin/editions/:id/resolutions/new, for
// organisers and the facilitators of one of the edition's workshops.
func (a *App) newResolution(c *gin.Context) {
	conf, ok := a.staffEditionParam(c)
	if !ok {
		return
	}
	workshops, err := a.originWorkshops(c, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	if currentUser(c).Role != model.RoleOrganiser && len(workshops) == 0 {
		a.notFound(c)
		return
	}
	form := newForm()
	form.Values["topic"] = model.TopicOther
	form.Values["addressee_level"] = model.LevelMunicipality
	if len(workshops) > 0 && currentUser(c).Role != model.RoleOrganiser {
		form.Values["workshop"] = workshops[0].Value
	}
	a.renderResolutionForm(c, http.StatusOK, form, conf, nil)
}

// createResolution handles POST /admin/editions/:id/resolutions. A
// facilitator names one of their workshops as its origin; another
// edition's workshop, or one they do not facilitate, is a 404.
func (a *App) createResolution(c *gin.Context) {
	conf, ok := a.staffEditionParam(c)
	if !ok {
		return
	}
	u := currentUser(c)
	r := &model.Resolution{ConferenceID: conf.ID, CreatedBy: &u.ID}
	form := readResolutionForm(c, r)
	form.Values["workshop"] = c.PostForm("workshop")
	if w := c.PostForm("workshop"); w != "" {
		id, err := strconv.ParseInt(w, 10, 64)
		if err != nil {
			a.notFound(c)
			return
		}
		r.WorkshopID = &id
	}
	if u.Role != model.RoleOrganiser {
		mine := false
		if r.WorkshopID != nil {
			var err error
			if mine, err = a.db.Facilitates(c.Request.Context(), u.ID, *r.WorkshopID); err != nil {
				a.internalError(c, err)
				return
			}
		}
		if !mine {
			a.notFound(c)
			return
		}
	}
	if a.saveForm(c, form, r.Validate, func() error { return a.db.CreateResolution(c.Request.Context(), r) }, func() {
		a.renderResolutionForm(c, http.StatusUnprocessableEntity, form, conf, nil)
	}) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
	}
}

// editResolution handles GET /admin/resolutions/:id/edit.
func (a *App) editResolution(c *gin.Context) {
	r, conf, rights, ok := a.resolutionParam(c)
	if !ok {
		return
	}
	if !rights.Edit {
		a.refuseFrozen(c, r)
		return
	}
	form := newForm()
	fillResolutionForm(form, r)
	a.renderResolutionForm(c, http.StatusOK, form, conf, r)
}

// refuseFrozen answers an edit of a resolution the user may see but not
// change: 409 once it is voted on or withdrawn, else 404.
func (a *App) refuseFrozen(c *gin.Context, r *model.Resolution) {
	if r.Frozen() {
		a.fail(c, model.Conflict("body", "err_resolution_frozen"))
		return
	}
	a.notFound(c)
}

// updateResolution handles POST /admin/resolutions/:id.
func (a *App) updateResolution(c *gin.Context) {
	r, conf, rights, ok := a.resolutionParam(c)
	if !ok {
		return
	}
	if !rights.Edit {
		a.refuseFrozen(c, r)
		return
	}
	form := readResolutionForm(c, r)
	if a.saveForm(c, form, r.Validate, func() error { return a.db.UpdateResolution(c.Request.Context(), r) }, func() {
		a.renderResolutionForm(c, http.StatusUnprocessableEntity, form, conf, r)
	}) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
	}
}

// proposeResolution handles POST /admin/resolutions/:id/propose: a draft
// goes before the plenary. Nothing is lost, so it needs no confirmation.
func (a *App) proposeResolution(c *gin.Context) {
	r, _, rights, ok := a.resolutionParam(c)
	if !ok {
		return
	}
	if !rights.Edit {
		a.refuseFrozen(c, r)
		return
	}
	if err := a.db.ProposeResolution(c.Request.Context(), r.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_resolution_proposed")
	c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
}

// confirmWithdrawResolution handles GET /admin/resolutions/:id/withdraw.
func (a *App) confirmWithdrawResolution(c *gin.Context) {
	r, _, rights, ok := a.resolutionParam(c)
	if !ok {
		return
	}
	if !rights.Organiser {
		a.notFound(c)
		return
	}
	a.askWithdraw(c, r)
}

func (a *App) askWithdraw(c *gin.Context, r *model.Resolution) {
	l := localizer(c)
	v := &confirmView{Subject: r.Title, Lines: []string{l.T("confirm_withdraw_text")}, Action: urls.WithdrawResolution(r.ID),
		Submit: l.T("resolution_withdraw"), Back: urls.AdminResolution(r.ID)}
	if r.Frozen() {
		v.Lines, v.Refused = nil, l.T("err_resolution_decided")
	}
	a.renderConfirm(c, http.StatusOK, "confirm_withdraw_title", v)
}

// withdrawResolution handles POST /admin/resolutions/:id/withdraw; without
// confirm=yes it shows the confirmation page.
func (a *App) withdrawResolution(c *gin.Context) {
	r, _, rights, ok := a.resolutionParam(c)
	if !ok {
		return
	}
	if !rights.Organiser {
		a.notFound(c)
		return
	}
	if !confirmed(c) {
		a.askWithdraw(c, r)
		return
	}
	if err := a.db.WithdrawResolution(c.Request.Context(), r.ID, currentUser(c)); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_resolution_withdrawn")
	c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
}

// OriginChoice makes f a select of the workshops a demand may come from;
// organisers may also draft one of their own (no workshop).
func (p *Page) OriginChoice(f Field, workshops []Option, organiser bool) Field {
	f.Options = workshops
	f.Required = !organiser
	if organiser {
		f.Options = append([]Option{{Value: "", Label: p.T("origin_organisers")}}, workshops...)
	}
	return f
}

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Follow-ups record what became of an adopted demand, at any time, also
// during later editions: organisers and the facilitators of the demand's
// workshop add them.

type followUpEdit struct {
	Resolution *model.Resolution
	Conference *model.Conference
	Kinds      []string
	Editions   []Option
}

// followUpResolution loads the resolution :id for someone who may add
// follow-ups to it; others get 404, a demand not adopted a conflict.
func (a *App) followUpResolution(c *gin.Context) (*model.Resolution, *model.Conference, bool) {
	r, conf, rights, ok := a.resolutionParam(c)
	if !ok {
		return nil, nil, false
	}
	if !rights.FollowUp {
		a.notFound(c)
		return nil, nil, false
	}
	if r.Status != model.ResAdopted {
		a.fail(c, model.Conflict("kind", "err_followup_not_adopted"))
		return nil, nil, false
	}
	return r, conf, true
}

func (a *App) renderFollowUpForm(c *gin.Context, status int, form *Form, r *model.Resolution, conf *model.Conference) {
	editions, _, err := a.seriesEditionOptions(c, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	p := a.pageData(c, localizer(c).T("followup_new"), followUpEdit{Resolution: r, Conference: conf,
		Kinds: model.FollowUpKinds, Editions: editions})
	p.Form = form
	a.render(c, status, "admin_followup_form", p)
}

// newFollowUp handles GET /admin/resolutions/:id/followups/new.
func (a *App) newFollowUp(c *gin.Context) {
	r, conf, ok := a.followUpResolution(c)
	if !ok {
		return
	}
	_, chosen, err := a.seriesEditionOptions(c, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	form := newForm()
	form.Values["occurred_on"] = a.db.Now().In(conf.Location()).Format(time.DateOnly)
	form.Values["kind"] = model.FollowSent
	form.Values["conference_id"] = chosen
	a.renderFollowUpForm(c, http.StatusOK, form, r, conf)
}

// followUpFrom reads the posted follow-up.
func followUpFrom(c *gin.Context, r *model.Resolution) (*Form, *model.FollowUp) {
	form := formFrom(c, "occurred_on", "kind", "note", "conference_id")
	u := currentUser(c)
	f := &model.FollowUp{ResolutionID: r.ID, Kind: form.Values["kind"], Note: form.Values["note"], CreatedBy: &u.ID}
	if v := form.Values["occurred_on"]; v != "" {
		day, err := time.Parse(time.DateOnly, v)
		if err != nil {
			form.Errors["occurred_on"] = "err_date"
		}
		f.OccurredOn = day
	}
	if v := form.Values["conference_id"]; v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			form.Errors["conference_id"] = "err_choice"
		}
		f.ConferenceID = &id
	}
	return form, f
}

// createFollowUp handles POST /admin/resolutions/:id/followups.
func (a *App) createFollowUp(c *gin.Context) {
	r, conf, ok := a.followUpResolution(c)
	if !ok {
		return
	}
	form, f := followUpFrom(c, r)
	var file *model.File
	if a.attached(c, "attachment") {
		var err error
		if file, err = a.readUpload(c, "attachment"); err != nil && !form.addErrors(err) {
			a.internalError(c, err)
			return
		}
	}
	if a.saveForm(c, form, f.Validate, func() error { return a.db.AddFollowUp(c.Request.Context(), f, file) }, func() {
		a.renderFollowUpForm(c, http.StatusUnprocessableEntity, form, r, conf)
	}) {
		a.flash(c, "flash_followup_added")
		c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
	}
}

// attached reports whether the posted form carries a file in field: the
// attachment is optional, so an empty field is none rather than an error.
func (a *App) attached(c *gin.Context, field string) bool {
	form := c.Request.MultipartForm
	return form != nil && len(form.File[field]) > 0 && form.File[field][0].Size > 0
}

// followUpAttachment handles GET /forderungen/:id/anhang/:followup: a
// follow-up's attachment, for whoever may read its demand: the public if
// it is public, else staff who may see it. A follow-up of another demand
// is not found.
func (a *App) followUpAttachment(c *gin.Context) {
	var r *model.Resolution
	var ok bool
	if currentUser(c) != nil {
		r, _, _, ok = a.resolutionParam(c)
	} else {
		r, _, ok = a.publicResolution(c)
	}
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("followup"), 10, 64)
	if err != nil {
		a.notFound(c)
		return
	}
	ctx := c.Request.Context()
	f, err := a.db.FollowUp(ctx, r.ID, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	if f.FileID == nil {
		a.notFound(c)
		return
	}
	file, err := a.db.File(ctx, *f.FileID)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.sendFile(c, file)
}

// stateOf is the state the public sees of a demand: its latest
// follow-up's kind, or "adopted" while it has none.
func stateOf(followUpKind string) string {
	if followUpKind == "" {
		return model.ResAdopted
	}
	return followUpKind
}

// DemandState is stateOf for templates.
func (p *Page) DemandState(followUpKind string) string { return stateOf(followUpKind) }

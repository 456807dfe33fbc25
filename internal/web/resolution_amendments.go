package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

type amendmentEdit struct {
	Resolution *model.Resolution
	Conference *model.Conference
}

// amendable reports whether amendments may be proposed to r; otherwise it
// answers with a conflict.
func (a *App) amendable(c *gin.Context, r *model.Resolution) bool {
	if r.Status == model.ResProposed || r.Status == model.ResAdopted {
		return true
	}
	a.fail(c, model.Conflict("body", "err_amendment_closed"))
	return false
}

func (a *App) renderAmendmentForm(c *gin.Context, status int, form *Form, r *model.Resolution, conf *model.Conference) {
	p := a.pageData(c, localizer(c).T("amendment_new"), amendmentEdit{Resolution: r, Conference: conf})
	p.Form = form
	a.render(c, status, "admin_amendment_form", p)
}

// newAmendment handles GET /admin/resolutions/:id/amendments/new, for
// anyone on staff who may see the resolution: the form starts with its
// current text.
func (a *App) newAmendment(c *gin.Context) {
	r, conf, _, ok := a.resolutionParam(c)
	if !ok || !a.amendable(c, r) {
		return
	}
	form := newForm()
	form.Values["body"] = r.Body
	a.renderAmendmentForm(c, http.StatusOK, form, r, conf)
}

// createAmendment handles POST /admin/resolutions/:id/amendments.
func (a *App) createAmendment(c *gin.Context) {
	r, conf, _, ok := a.resolutionParam(c)
	if !ok || !a.amendable(c, r) {
		return
	}
	form := formFrom(c, "body", "reason")
	am := &model.Amendment{ResolutionID: r.ID, Body: form.Values["body"], Reason: form.Values["reason"], BaseBody: r.Body}
	if a.saveForm(c, form, am.Validate, func() error { return a.db.ProposeAmendment(c.Request.Context(), am, currentUser(c)) }, func() {
		a.renderAmendmentForm(c, http.StatusUnprocessableEntity, form, r, conf)
	}) {
		a.flash(c, "flash_amendment_proposed")
		c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
	}
}

// amendmentParam loads the amendment :amendment of the resolution :id for
// an organiser; an amendment of another resolution is a 404.
func (a *App) amendmentParam(c *gin.Context) (*model.Resolution, *model.Conference, *model.Amendment, bool) {
	r, conf, rights, ok := a.resolutionParam(c)
	if !ok {
		return nil, nil, nil, false
	}
	if !rights.Organiser {
		a.notFound(c)
		return nil, nil, nil, false
	}
	id, err := strconv.ParseInt(c.Param("amendment"), 10, 64)
	if err != nil {
		a.notFound(c)
		return nil, nil, nil, false
	}
	am, err := a.db.Amendment(c.Request.Context(), r.ID, id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, nil, false
	}
	return r, conf, am, true
}

// acceptAmendment handles POST /admin/resolutions/:id/amendments/:amendment/accept:
// the resolution takes the amendment's text; the amendment stays, accepted.
func (a *App) acceptAmendment(c *gin.Context) {
	a.decideAmendment(c, true)
}

// rejectAmendment handles POST /admin/resolutions/:id/amendments/:amendment/reject.
func (a *App) rejectAmendment(c *gin.Context) {
	a.decideAmendment(c, false)
}

func (a *App) decideAmendment(c *gin.Context, accept bool) {
	r, _, am, ok := a.amendmentParam(c)
	if !ok {
		return
	}
	if err := a.db.DecideAmendment(c.Request.Context(), r.ID, am.ID, accept, currentUser(c)); err != nil {
		a.fail(c, err)
		return
	}
	if accept {
		a.flash(c, "flash_amendment_accepted")
	} else {
		a.flash(c, "flash_amendment_rejected")
	}
	c.Redirect(http.StatusSeeOther, urls.AdminResolution(r.ID))
}

package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// personalRegistration loads the registration of the personal link :token
// with its edition. Personal pages are never cached or indexed.
func (a *App) personalRegistration(c *gin.Context) (*model.Registration, *registrationView, bool) {
	c.Header("Cache-Control", "no-store")
	c.Header("X-Robots-Tag", "noindex")
	ctx := c.Request.Context()
	token := c.Param("token")
	r, err := a.db.RegistrationByToken(ctx, token)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	conf, err := a.db.Conference(ctx, r.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return nil, nil, false
	}
	v.Registration, v.Token = r, token
	v.Link = strings.TrimSuffix(a.cfg.BaseURL, "/") + "/r/" + token
	return r, v, true
}

func (a *App) renderPersonalPage(c *gin.Context, status int, form *Form, v *registrationView) {
	p := a.pageData(c, localizer(c).T("personal_title"), v)
	p.Form = form
	a.render(c, status, "personal", p)
}

// personalPage handles GET /r/:token: the registration, its status and the
// personal link, the form to change it while registration is open, and cancelling.
func (a *App) personalPage(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	form := newForm()
	fillRegistrationForm(form, r)
	a.renderPersonalPage(c, http.StatusOK, form, v)
}

// updatePersonal handles POST /r/:token: the person changes details or
// choices; after the deadline the form says so and nothing changes.
func (a *App) updatePersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	form := readRegistrationForm(c, v, r)
	form.Values["consent"] = "1" // given when registering; the page does not ask again
	if !v.Open || r.Status == model.RegCancelled {
		form.Errors["_form"] = "err_registration_closed"
		a.renderPersonalPage(c, http.StatusUnprocessableEntity, form, v)
		return
	}
	saved := a.saveForm(c, form,
		func() error { return r.Validate(v.slotWorkshops(), v.Conference.MaxChoices, true) },
		func() error { return a.db.UpdateRegistration(c.Request.Context(), r) },
		func() { a.renderPersonalPage(c, http.StatusUnprocessableEntity, form, v) })
	if !saved {
		return
	}
	a.flash(c, "flash_saved")
	c.Redirect(http.StatusSeeOther, "/r/"+v.Token)
}

// cancelPersonal handles POST /r/:token/cancel. A freed place goes to the
// first person waiting.
func (a *App) cancelPersonal(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	_, err := a.db.CancelRegistration(c.Request.Context(), r.ID)
	if err != nil && model.ErrorCode(err) != model.EConflict { // cancelling twice changes nothing
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_cancelled")
	c.Redirect(http.StatusSeeOther, "/r/"+v.Token)
}

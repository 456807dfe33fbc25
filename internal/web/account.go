package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// A staff member sets their password through the one-time link an
// organiser had sent them: an invitation, or a link to set a new one. A
// link used, expired or never made gives one and the same page, so that
// trying links tells nothing about them.

// accountView is the form that sets a password.
type accountView struct {
	Token     *model.AccountToken
	Path      string // where the form posts: the link itself
	MinLength int    // of a password
}

// accountToken loads the link of :token, or answers with the page for a
// link that no longer works.
func (a *App) accountToken(c *gin.Context) (*model.AccountToken, bool) {
	// The address holds the token: no cache keeps the page.
	c.Header("Cache-Control", "no-store")
	t, err := a.db.AccountToken(c.Request.Context(), c.Param("token"))
	if model.ErrorCode(err) == model.ENotFound {
		a.accountGone(c)
		return nil, false
	}
	if err != nil {
		a.internalError(c, err)
		return nil, false
	}
	return t, true
}

// accountGone answers a link that does not work (any more): 410 Gone.
func (a *App) accountGone(c *gin.Context) {
	a.errorPage(c, http.StatusGone, "staff_account_gone_title", "staff_account_gone_text")
}

func (a *App) renderAccount(c *gin.Context, status int, form *Form, t *model.AccountToken) {
	title := localizer(c).T("staff_account_title_" + t.Purpose)
	p := a.pageData(c, title, accountView{Token: t, Path: urls.Account(c.Param("token")), MinLength: model.MinPasswordLength})
	p.Form = form
	a.render(c, status, "account", p)
}

// accountForm handles GET /konto/:token.
func (a *App) accountForm(c *gin.Context) {
	if t, ok := a.accountToken(c); ok {
		a.renderAccount(c, http.StatusOK, newForm(), t)
	}
}

// setAccountPassword handles POST /konto/:token: the password is set, the
// link used up, and its owner logged in.
func (a *App) setAccountPassword(c *gin.Context) {
	t, ok := a.accountToken(c)
	if !ok {
		return
	}
	form := newForm()
	// Passwords are taken as typed, as the login takes them, and never
	// shown again.
	password := c.PostForm("password")
	if e := model.AsError(model.ValidatePassword(password)); e != nil {
		form.Errors["password"] = e.Fields["password"]
	} else if c.PostForm("password_confirm") != password {
		form.Errors["password_confirm"] = "err_staff_password_mismatch"
	}
	if len(form.Errors) > 0 {
		a.renderAccount(c, http.StatusUnprocessableEntity, form, t)
		return
	}
	ctx := c.Request.Context()
	u, err := a.db.RedeemAccountToken(ctx, c.Param("token"), password)
	if model.ErrorCode(err) == model.ENotFound { // used at the same moment elsewhere
		a.accountGone(c)
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	session, err := a.db.CreateStaffSession(ctx, u.ID, a.cfg.SessionTTL)
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.setCookie(c, sessionCookie, session, a.cfg.SessionTTL)
	a.flash(c, "staff_flash_password_set")
	c.Redirect(http.StatusSeeOther, urls.Admin())
}

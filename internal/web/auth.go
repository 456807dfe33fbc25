package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// sessionCookie holds a staff login's token.
const sessionCookie = "konferenz_session"

// identify recognises a logged-in staff user on every page, so that public
// pages show them their menu too; only a request with a login cookie costs
// a query.
func (a *App) identify(c *gin.Context) {
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" {
		c.Next()
		return
	}
	u, err := a.db.UserBySession(c.Request.Context(), token)
	switch {
	case err == nil:
		c.Set(keyUser, u)
	case model.ErrorCode(err) == model.ENotFound:
		a.deleteCookie(c, sessionCookie) // expired or logged out elsewhere
	default:
		a.internalError(c, err)
		return
	}
	c.Next()
}

// requireOrganiser lets only logged-in organisers through; anyone else is
// sent to the login form, which brings them back afterwards.
func (a *App) requireOrganiser(c *gin.Context) {
	u := currentUser(c)
	switch {
	case u != nil && u.Role == model.RoleOrganiser:
		c.Header("Cache-Control", "no-store")
		c.Next()
		return
	case u != nil && u.Role == model.RoleDoor && c.Request.URL.Path == urls.Admin():
		// A door helper's start page is the list of editions to check in for.
		c.Redirect(http.StatusSeeOther, urls.DoorEditions())
		c.Abort()
		return
	case u != nil && c.Request.URL.Path == urls.Admin():
		// A facilitator's start page is the list of their workshops.
		c.Redirect(http.StatusSeeOther, urls.MyWorkshops())
		c.Abort()
		return
	case u != nil:
		a.notFound(c)
		return
	}
	toLogin(c)
}

// toLogin sends someone not logged in to the login form, which brings them
// back afterwards.
func toLogin(c *gin.Context) {
	c.Redirect(http.StatusSeeOther, urls.LoginThen(c.Request.URL.RequestURI()))
	c.Abort()
}

// clearCachesOnChange empties the page cache and the registration cache
// after any organiser's post, so that an edit shows on the public pages and
// the registration form of this instance at once.
func (a *App) clearCachesOnChange(c *gin.Context) {
	c.Next()
	if c.Request.Method == http.MethodPost {
		a.pages.clear()
		a.regViews.clear()
	}
}

// loginForm handles GET /admin/login.
func (a *App) loginForm(c *gin.Context) {
	form := newForm()
	form.Values["next"] = safeNext(c.Query("next"))
	a.renderLogin(c, http.StatusOK, form)
}

func (a *App) renderLogin(c *gin.Context, status int, form *Form) {
	p := a.pageData(c, localizer(c).T("login_title"), nil)
	p.Form = form
	a.render(c, status, "login", p)
}

// login handles POST /admin/login.
func (a *App) login(c *gin.Context) {
	form := formFrom(c, "email")
	form.Values["next"] = safeNext(c.PostForm("next"))
	if len(form.Errors) > 0 {
		a.renderLogin(c, http.StatusUnprocessableEntity, form)
		return
	}
	// A throttled account waits even with the right password: were it let
	// in, the answer would tell a guesser which guess was right.
	ip, account := c.ClientIP(), strings.ToLower(form.Values["email"])
	wait := a.loginLimit.begin(ip)
	if wait == 0 {
		if wait = a.accountLimit.begin(account); wait > 0 {
			a.loginLimit.end(ip, false)
		}
	}
	if wait > 0 {
		form.Errors["email"] = "err_too_many_attempts_wait"
		form.Data["email"] = []any{"Count", minutes(wait)}
		a.renderLogin(c, http.StatusTooManyRequests, form)
		return
	}
	failed := true // until the password is checked, so that even a panic counts
	defer func() {
		a.loginLimit.end(ip, failed)
		a.accountLimit.end(account, failed)
	}()
	u, err := a.db.Authenticate(c.Request.Context(), form.Values["email"], c.PostForm("password"))
	failed = model.ErrorCode(err) == model.EUnauthorized
	if failed {
		form.Errors["email"] = "err_login"
		a.renderLogin(c, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	token, err := a.db.CreateStaffSession(c.Request.Context(), u.ID, a.cfg.SessionTTL)
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.setCookie(c, sessionCookie, token, a.cfg.SessionTTL)
	c.Redirect(http.StatusSeeOther, form.Values["next"])
}

// logout handles POST /admin/logout.
func (a *App) logout(c *gin.Context) {
	if token, err := c.Cookie(sessionCookie); err == nil {
		if err := a.db.DeleteStaffSession(c.Request.Context(), token); err != nil {
			a.internalError(c, err)
			return
		}
	}
	a.deleteCookie(c, sessionCookie)
	a.flash(c, "flash_logged_out")
	c.Redirect(http.StatusSeeOther, urls.Home())
}

// safeNext keeps a post-login redirect on this site, and to an address
// that is text.
func safeNext(next string) string {
	if textProblem(next, false) != "" || !strings.HasPrefix(next, urls.Admin()) || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return urls.Admin()
	}
	return next
}

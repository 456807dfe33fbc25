package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Context keys.
const (
	keyLocalizer = "localizer"
	keyUser      = "user"
)

// maxBody bounds a request body; no form of ours comes near it.
const maxBody = 1 << 20

// logRequests writes one structured line per request. It logs the route,
// not the path: a path may hold a personal link's token, and whoever reads
// the logs must not be able to open someone's registration.
func (a *App) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(no route)"
	}
	a.log.Info("request", "method", c.Request.Method, "route", route,
		"status", c.Writer.Status(), "duration", time.Since(start))
}

// recoverPanics turns a panic into the 500 page; the detail goes to the log.
func (a *App) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			a.internalError(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// contentSecurityPolicy allows nothing from elsewhere and no inline script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaderValues are set on every response. The slices are shared by
// all responses and never changed; assigning them is cheaper than Set.
var securityHeaderValues = map[string][]string{
	"Content-Security-Policy":    {contentSecurityPolicy},
	"X-Content-Type-Options":     {"nosniff"},
	"X-Frame-Options":            {"DENY"},
	"Referrer-Policy":            {"same-origin"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=()"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
	"Vary":                       {"Accept-Language, Cookie"},
}

// strictTransport tells browsers to come back over HTTPS only, for a year:
// sent when cookies are secure, i.e. the site is served over HTTPS.
var strictTransport = []string{"max-age=31536000"}

// securityHeaders sets the headers every response carries.
func (a *App) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	for k, v := range securityHeaderValues {
		h[k] = v
	}
	if a.cfg.SecureCookies {
		h["Strict-Transport-Security"] = strictTransport
	}
	c.Next()
}

// readBody reads a posted form, bounded by maxBody, before any handler
// does. A body over the limit is answered 413 with a page that says so,
// and no handler runs: read later by the handler, as Gin does, the error
// would be dropped and the form read as empty, and saved as such (a cleared
// share rule). Other flaws of a body are left to the handlers, as before.
// The routes that take files (postUpload) have their own limit, and are
// read only once the route's login check has passed (readUploadBody), so
// that nobody without an account makes the server spool 20 MB; a body that
// says it is over the limit is refused here before any of it is read.
func (a *App) readBody(c *gin.Context) {
	if c.Request.Method != http.MethodPost || c.Request.Body == nil {
		c.Next()
		return
	}
	if a.uploads.has(c.FullPath()) {
		if c.Request.ContentLength > maxUploadBody {
			a.errorPage(c, http.StatusRequestEntityTooLarge, "upload_too_large_title", "upload_too_large_text")
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUploadBody)
		c.Next()
		return
	}
	if a.parseBody(c, maxBody, maxBody, "error_too_large_title", "error_too_large_text") {
		c.Next()
	}
}

// readUploadBody reads an upload route's form, its files going to
// temporary files that are removed after the request. postUpload puts it
// after the group's login check.
func (a *App) readUploadBody(c *gin.Context) {
	defer func() {
		if f := c.Request.MultipartForm; f != nil {
			_ = f.RemoveAll()
		}
	}()
	if a.parseBody(c, maxUploadBody, uploadMemory, "upload_too_large_title", "upload_too_large_text") {
		c.Next()
	}
}

// parseBody parses the posted form within limit, holding at most memory
// bytes of files in memory, and answers 413 when the body is larger; it
// reports whether the request may go on.
func (a *App) parseBody(c *gin.Context, limit, memory int64, title, text string) bool {
	if c.Request.ContentLength > limit {
		a.errorPage(c, http.StatusRequestEntityTooLarge, title, text)
		return false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	// ParseMultipartForm drops ParseForm's error for a body that is not
	// multipart, so each is asked.
	err := c.Request.ParseForm()
	if err == nil {
		err = c.Request.ParseMultipartForm(memory)
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		a.errorPage(c, http.StatusRequestEntityTooLarge, title, text)
		return false
	}
	return true
}

// langCookie remembers the language a user chose.
const langCookie = "lang"

// chooseLanguage picks the page language: a ?lang= link (remembered in a
// cookie), else the cookie, else Accept-Language.
func (a *App) chooseLanguage(c *gin.Context) {
	code := c.Query("lang")
	if a.i18n.Supported(code) {
		a.setCookie(c, langCookie, code, 365*24*time.Hour)
	} else if cookie, err := c.Cookie(langCookie); err == nil && a.i18n.Supported(cookie) {
		code = cookie
	} else {
		code = a.i18n.Match(c.GetHeader("Accept-Language"))
	}
	l := a.i18n.Localizer(code)
	c.Set(keyLocalizer, l)
	c.Writer.Header()["Content-Language"] = l.Header
	c.Next()
}

// checkAddress refuses an address whose path or query holds no text, as
// the forms do (readText): a path parameter (a slug, a token, an id) is
// not found, whatever the handler would look it up by; a query value such
// as the search ("q") is a 422 naming the problem. Handlers can then pass
// parameters to the database as they are.
func (a *App) checkAddress(c *gin.Context) {
	for _, p := range c.Params {
		if textProblem(p.Value, false) != "" {
			a.notFound(c)
			return
		}
	}
	for _, values := range c.Request.URL.Query() {
		for _, v := range values {
			if textProblem(v, false) != "" {
				a.errorPage(c, http.StatusUnprocessableEntity, "error_address_title", "err_address_unreadable")
				return
			}
		}
	}
	c.Next()
}

func localizer(c *gin.Context) *i18n.Localizer {
	return c.MustGet(keyLocalizer).(*i18n.Localizer)
}

func currentUser(c *gin.Context) *model.User {
	if u, ok := c.Get(keyUser); ok {
		return u.(*model.User)
	}
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole site.
func (a *App) setCookie(c *gin.Context, name, value string, maxAge time.Duration) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   int(maxAge.Seconds()),
		HttpOnly: true,
		Secure:   a.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	})
}

// deleteCookie tells the browser to forget a cookie now: a negative MaxAge
// is written as "Max-Age=0" (a MaxAge of 0 would write no Max-Age at all and
// leave an empty cookie for the session).
func (a *App) deleteCookie(c *gin.Context, name string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     name,
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   a.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	})
}

// flashCookie carries a message id across the redirect after a form.
const flashCookie = "flash"

// flash shows the message id on the next page the user sees.
func (a *App) flash(c *gin.Context, id string) {
	a.setCookie(c, flashCookie, id, time.Minute)
}

// takeFlash returns the pending flash message, translated, and clears it.
func (a *App) takeFlash(c *gin.Context) string {
	id, err := c.Cookie(flashCookie)
	if err != nil || id == "" {
		return ""
	}
	a.deleteCookie(c, flashCookie)
	return localizer(c).T(id)
}

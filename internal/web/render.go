package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/templates"
)

// Page is what every template gets: the language, the logged-in user, the
// flash message, the form being edited and the page's own data.
type Page struct {
	*i18n.Localizer
	Languages []i18n.Language
	Path      string // the current path, for the language switch
	Title     string
	User      *model.User
	Flash     string
	Form      *Form
	Data      any
	site      urls.Site    // absolute addresses, for webcal:// links
	errors    *fieldErrors // the form's problems in page order, while rendering a form with errors
}

// pageData fills what every page needs (snippetbox's newTemplateData).
func (a *App) pageData(c *gin.Context, title string, data any) *Page {
	p := &Page{
		Localizer: localizer(c),
		Languages: i18n.Languages,
		Path:      switchPath(c),
		Title:     title,
		User:      currentUser(c),
		Data:      data,
		site:      a.site,
	}
	p.Flash = a.takeFlash(c)
	return p
}

// Webcal is the webcal:// address of a calendar's path, to subscribe to.
// html/template lets only http(s) and mailto through in an href; this one
// is built from the site's own address and a path of package urls, whose
// segments are escaped, so it is safe to mark as a URL.
func (p *Page) Webcal(path string) template.URL {
	return template.URL(p.site.Webcal(path))
}

// With returns a copy of the page whose Data is v, for partials that need
// both the language and a piece of the page.
func (p *Page) With(v any) *Page {
	q := *p
	q.Data = v
	return &q
}

// switchPath is where the language switch leads: the page itself, or for a
// form posted back with errors the form's own page, as a post's address may
// have no page to show.
func switchPath(c *gin.Context) string {
	if c.Request.Method == http.MethodGet {
		return c.Request.URL.Path
	}
	if ref, err := url.Parse(c.Request.Referer()); err == nil && strings.HasPrefix(ref.Path, "/") {
		return ref.Path
	}
	return urls.Home()
}

// Field is one form field as the input partial draws it.
type Field struct {
	Name, Type, Label, Hint, Value, Error string
	Required                              bool
	Options                               []Option
	// Autocomplete is the autocomplete token of a field asking for the
	// person's own data (WCAG 1.3.5): "name", "email", "tel", "organization".
	Autocomplete string
}

// Option is one choice of a select or a group of checkboxes; Lang names
// the label's language when it is not the page's (a language's own name).
type Option struct{ Value, Label, Lang string }

// Field builds a field of the page's form: label and hint are catalogue ids.
// Type "select" takes its options from Options.
func (p *Page) Field(name, typ, label, hint string, required bool) Field {
	f := Field{Name: name, Type: typ, Required: required}
	if label != "" {
		f.Label = p.T(label)
	}
	if hint != "" {
		f.Hint = p.T(hint)
	}
	if p.Form != nil {
		f.Value = p.Form.Values[name]
		f.Error = p.FormError(name)
	}
	p.noteError(f)
	return f
}

// FormError returns the problem of the form's field name in the page's
// language; "" if none. "_form" is the form's own.
func (p *Page) FormError(name string) string {
	if p.Form == nil || p.Form.Errors[name] == "" {
		return ""
	}
	return p.T(p.Form.Errors[name], p.Form.Data[name]...)
}

// WithHint returns the field with a hint, for fields built without one.
func (f Field) WithHint(hint string) Field {
	f.Hint = hint
	return f
}

// WithAutocomplete returns the field with an autocomplete token, so that
// browsers fill in and assistive technology names the person's own data.
func (f Field) WithAutocomplete(token string) Field {
	f.Autocomplete = token
	return f
}

// Choice builds a select field whose options are values labelled by the
// catalogue ids prefix+value.
func (p *Page) Choice(name, label, prefix string, values []string) Field {
	f := p.Field(name, "select", label, "", true)
	for _, v := range values {
		f.Options = append(f.Options, Option{Value: v, Label: p.T(prefix + v)})
	}
	return f
}

// OptionalChoice is Choice with an empty first option for "no answer".
func (p *Page) OptionalChoice(name, label, hint, prefix string, values []string) Field {
	f := p.Choice(name, label, prefix, values)
	f.Required = false
	if hint != "" {
		f.Hint = p.T(hint)
	}
	f.Options = append([]Option{{Value: "", Label: p.T("choice_none")}}, f.Options...)
	return f
}

// InterpretChoice is an optional select of the interpretation languages,
// each named in itself.
func (p *Page) InterpretChoice(name, label, hint string) Field {
	f := p.Field(name, "select", label, hint, false)
	f.Options = append([]Option{{Value: "", Label: p.T("choice_none")}}, interpretOptions()...)
	return f
}

// Checks builds a group of checkboxes; the form keeps the ticked values
// joined by commas.
func (p *Page) Checks(name, label, hint string, options []Option) Field {
	f := p.Field(name, "checks", label, hint, false)
	f.Options = options
	return f
}

func interpretOptions() []Option {
	var out []Option
	for _, l := range model.InterpretLanguages {
		out = append(out, Option{Value: l.Code, Label: l.Name, Lang: l.Tag()})
	}
	return out
}

// Date shows t's day in loc with its weekday, as the page's language writes dates.
func (p *Page) Date(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return p.T("weekday_"+strconv.Itoa(int(t.Weekday()))) + ", " + t.Format(p.T("layout_date"))
}

// Clock shows t's time of day in loc.
func (p *Page) Clock(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("15:04")
}

// DateTime shows t's day and time of day in loc.
func (p *Page) DateTime(t time.Time, loc *time.Location) string {
	return p.Date(t, loc) + ", " + p.Clock(t, loc)
}

// ISO writes t for a datetime attribute.
func (p *Page) ISO(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// contentLang is the language organisers write an edition's texts in
// (titles, descriptions, rooms, workshops). Pages in another language mark
// those texts with it, so that screen readers pronounce and browsers
// hyphenate them as German. Editions have no language of their own yet.
const contentLang = "de"

// Renderer holds one template set per page, built at start-up.
type Renderer struct {
	pages    map[string]*template.Template
	markdown goldmark.Markdown
	policy   *bluemonday.Policy
}

// NewRenderer parses every page with the layout and the partials, and fails
// if one of them is broken.
func NewRenderer() (*Renderer, error) {
	r := &Renderer{
		pages:    map[string]*template.Template{},
		markdown: goldmark.New(),
		policy:   bluemonday.UGCPolicy(),
	}
	funcs := template.FuncMap{
		"markdown":      r.renderMarkdown,
		"join":          strings.Join,
		"inList":        func(list, v string) bool { return slices.Contains(strings.Split(list, ","), v) },
		"deref64":       func(n *int64) int64 { return *n },
		"rank":          func(i int) int { return i + 1 },
		"interpretName": model.InterpretLanguageName,
		"deref":         func(t *time.Time) time.Time { return *t },
		"isolate":       isolate, // typed text in an attribute or the title, where <bdi> cannot stand
		"contentLang":   func() string { return contentLang },
	}
	maps.Copy(funcs, urls.Funcs())
	maps.Copy(funcs, urls.StaffFuncs())
	maps.Copy(funcs, urls.DoorFuncs())
	maps.Copy(funcs, urls.ResolutionFuncs())
	maps.Copy(funcs, urls.CalendarFuncs())
	maps.Copy(funcs, urls.ListFuncs())
	maps.Copy(funcs, urls.DocumentationFuncs())
	maps.Copy(funcs, urls.BadgeFuncs())
	maps.Copy(funcs, urls.FrozenFuncs())
	maps.Copy(funcs, urls.RunFuncs())
	pages, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, page := range pages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html", page)
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", page, err)
		}
		r.pages[strings.TrimSuffix(path.Base(page), ".html")] = t
	}
	return r, nil
}

// renderMarkdown turns an organiser's Markdown into sanitised HTML.
func (r *Renderer) renderMarkdown(src string) template.HTML {
	var buf bytes.Buffer
	if err := r.markdown.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes()))
}

// render executes a page into a buffer and only then writes the status, so
// that a template error becomes a clean 500 instead of half a page.
func (a *App) render(c *gin.Context, status int, page string, p *Page) {
	body, err := a.renderBytes(page, p)
	if err != nil {
		a.internalError(c, err)
		return
	}
	c.Data(status, "text/html; charset=utf-8", body)
}

// renderBytes executes a page and returns it.
func (a *App) renderBytes(page string, p *Page) ([]byte, error) {
	t, ok := a.renderer.pages[page]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", page)
	}
	if p.Form != nil && len(p.Form.Errors) > 0 {
		// The error summary links each problem to its field in the
		// order the page draws them: a first pass learns that order.
		p.errors = &fieldErrors{index: map[string]int{}}
		if err := t.Execute(io.Discard, p); err != nil {
			return nil, fmt.Errorf("render %s: %w", page, err)
		}
	}
	var buf bytes.Buffer
	buf.Grow(32 << 10) // most pages fit; saves the doublings
	if err := t.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// internalError logs err and shows a page that leaks none of it. It logs
// the route, never the path: a personal page's path holds its token, the
// participant's credential (as in logRequests). While the database is
// unavailable (store.Unavailable) the page says so, with 503 and
// Retry-After, as /readyz does: the request may simply be sent again.
func (a *App) internalError(c *gin.Context, err error) {
	if store.Unavailable(err) {
		a.log.Warn("database unavailable", "method", c.Request.Method, "route", c.FullPath(), "err", err)
		c.Header("Retry-After", retryAfter)
		a.errorPage(c, http.StatusServiceUnavailable, "error_unavailable_title", "error_unavailable_text")
		return
	}
	a.log.Error("internal error", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	a.errorPage(c, http.StatusInternalServerError, "error_internal_title", "")
}

// retryAfter is how many seconds a client is asked to wait before trying
// again while the database is unavailable.
const retryAfter = "10"

// errorPage shows the error page with a title and a text (catalogue ids;
// no text: the internal error's) and ends the request; the API gets its
// JSON error instead. It executes the template itself, as render would
// come back here if that failed.
func (a *App) errorPage(c *gin.Context, status int, title, text string) {
	if isAPI(c) {
		a.apiError(c, status)
		return
	}
	var data any
	if text != "" {
		data = text
	}
	p := a.pageData(c, "", data)
	p.Title = p.T(title)
	var buf bytes.Buffer
	if t, ok := a.renderer.pages["error"]; ok && t.Execute(&buf, p) == nil {
		c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	} else {
		c.String(status, http.StatusText(status))
	}
	c.Abort()
}

// fail answers a request that went wrong with the page its error code calls for.
func (a *App) fail(c *gin.Context, err error) {
	switch model.ErrorCode(err) {
	case model.ENotFound:
		a.notFound(c)
	case model.EUnauthorized:
		c.Redirect(http.StatusSeeOther, urls.Login())
		c.Abort()
	case model.EConflict, model.EInvalid:
		p := a.pageData(c, "", model.AsError(err).Message)
		p.Title = p.T("error_conflict_title")
		a.render(c, http.StatusConflict, "error", p)
		c.Abort()
	default:
		a.internalError(c, err)
	}
}

// notFound shows the 404 page in the user's language, or the API's JSON
// error for a request to the API.
func (a *App) notFound(c *gin.Context) {
	if isAPI(c) {
		a.apiError(c, http.StatusNotFound)
		return
	}
	p := a.pageData(c, "", "error_not_found_text")
	p.Title = p.T("error_not_found_title")
	a.render(c, http.StatusNotFound, "error", p)
	c.Abort()
}

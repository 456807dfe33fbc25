package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Minutes are written in the app (Markdown, with a preview that needs no
// JavaScript) by a workshop's facilitators or by organisers; plenary items'
// minutes by organisers only. Every save is a revision; a save started
// from an older version than the stored one is a conflict, shown with both
// texts, so that nothing is overwritten unseen. Anyone else, logged in or
// not, gets 404 for minutes they may not see, which reveals nothing.

// minutesAccess is minutes with what they belong to, as the current user
// may see them.
type minutesAccess struct {
	Minutes    *model.Minutes
	Conference *model.Conference
	Workshop   *model.Workshop // nil for a plenary item's
	Session    *model.Session  // the plenary item, or the workshop's slot
	Organiser  bool
}

// Subject is what the minutes record: the workshop's or the item's title.
func (m *minutesAccess) Subject() string {
	if m.Workshop != nil {
		return m.Workshop.Title
	}
	return m.Session.Title
}

// CanEdit reports whether the current user may change the text now.
func (m *minutesAccess) CanEdit() bool {
	return m.Minutes.Editable() && (m.Organiser || m.Minutes.FacilitatorMayEdit())
}

// editStates are the states in which the current user may change the text.
func (m *minutesAccess) editStates() []string {
	if m.Organiser {
		return []string{model.MinutesDraft, model.MinutesSubmitted, model.MinutesReturned, model.MinutesApproved}
	}
	return []string{model.MinutesDraft, model.MinutesReturned}
}

// minutesParam loads the minutes named by :id for the current user: an
// organiser, or a facilitator of the minutes' workshop; 404 for anyone else.
func (a *App) minutesParam(c *gin.Context) (*minutesAccess, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, false
	}
	ctx := c.Request.Context()
	m, err := a.db.Minutes(ctx, id)
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return a.minutesFor(c, m)
}

// minutesFor checks that the current user may see m and loads what it belongs to.
func (a *App) minutesFor(c *gin.Context, m *model.Minutes) (*minutesAccess, bool) {
	ctx := c.Request.Context()
	u := currentUser(c)
	acc := &minutesAccess{Minutes: m, Organiser: u.Role == model.RoleOrganiser}
	var err error
	if m.WorkshopID != nil {
		if !acc.Organiser {
			invited, err := a.db.Facilitates(ctx, u.ID, *m.WorkshopID)
			if err != nil {
				a.internalError(c, err)
				return nil, false
			}
			if !invited {
				a.notFound(c)
				return nil, false
			}
		}
		if acc.Workshop, err = a.db.Workshop(ctx, *m.WorkshopID); err != nil {
			a.fail(c, err)
			return nil, false
		}
		acc.Session, err = a.db.Session(ctx, acc.Workshop.SessionID)
	} else {
		if !acc.Organiser {
			a.notFound(c)
			return nil, false
		}
		acc.Session, err = a.db.Session(ctx, *m.SessionID)
	}
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	if acc.Conference, err = a.db.Conference(ctx, m.ConferenceID); err != nil {
		a.fail(c, err)
		return nil, false
	}
	return acc, true
}

// openWorkshopMinutes handles GET /admin/workshops/:id/minutes: the
// workshop's minutes, created as an empty draft on first open, for its
// facilitators and organisers.
func (a *App) openWorkshopMinutes(c *gin.Context) {
	id, ok := a.idParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	if u.Role != model.RoleOrganiser {
		// Checked before anything is created, so that nobody else's open
		// leaves a trace.
		invited, err := a.db.Facilitates(ctx, u.ID, id)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if !invited {
			a.notFound(c)
			return
		}
	}
	m, err := a.db.WorkshopMinutes(ctx, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, urls.AdminMinutes(m.ID))
}

// openSessionMinutes handles POST /admin/sessions/:id/minutes: organisers
// open a plenary item's minutes, created on first open.
func (a *App) openSessionMinutes(c *gin.Context) {
	id, ok := a.idParam(c)
	if !ok {
		return
	}
	m, err := a.db.SessionMinutes(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, urls.AdminMinutes(m.ID))
}

// minutesView is the editor page.
type minutesView struct {
	*minutesAccess
	Loc       *time.Location
	Languages []Option
	Preview   bool            // the page shows the posted text rendered, nothing saved
	Conflict  *minutesClash   // the save was refused: someone saved meanwhile
	Current   *model.Revision // the revision of the stored text; nil before the first save
	Lang      string          // the language the text in the editor is marked with
	Files     []model.File    // the attachments, without content
	HTML      template.HTML   // the text shown: the preview's, or the stored one where it cannot be edited
}

// minutesClash is the stored text a refused save is shown beside.
type minutesClash struct {
	Stored   string
	Revision *model.Revision // who saved it, and when; nil if never saved
	Diff     []diffLine      // from the stored text to the posted one
}

// minutesLanguageOptions are the languages minutes may be written in, each
// named in itself.
func minutesLanguageOptions() []Option {
	out := make([]Option, 0, len(model.MinutesLanguages))
	for _, l := range model.MinutesLanguages {
		out = append(out, Option{Value: l.Code, Label: l.Name, Lang: l.Code})
	}
	return out
}

// minutesEditor handles GET /admin/minutes/:id.
func (a *App) minutesEditor(c *gin.Context) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	form := newForm()
	form.Values["body"] = acc.Minutes.Body
	form.Values["language"] = acc.Minutes.Language
	form.Values["base"] = strconv.FormatInt(acc.Minutes.Version, 10)
	a.renderMinutes(c, http.StatusOK, form, acc, nil, false)
}

// renderMinutes shows the editor with form.
func (a *App) renderMinutes(c *gin.Context, status int, form *Form, acc *minutesAccess, clash *minutesClash, preview bool) {
	v := &minutesView{minutesAccess: acc, Loc: acc.Conference.Location(), Languages: minutesLanguageOptions(),
		Preview: preview, Conflict: clash, Lang: acc.Minutes.Language}
	// A posted language marks the text only if it is one offered.
	for _, l := range model.MinutesLanguages {
		if l.Code == form.Values["language"] {
			v.Lang = l.Code
		}
	}
	ctx := c.Request.Context()
	if acc.Minutes.Version > 0 {
		r, err := a.db.MinutesRevision(ctx, acc.Minutes.ID, acc.Minutes.Version)
		if err != nil {
			a.internalError(c, err)
			return
		}
		v.Current = r
	}
	// Shown under the page's level-2 headings.
	if preview {
		v.HTML = a.minutesHTML(form.Values["body"], 2)
	} else if !acc.CanEdit() {
		v.HTML = a.minutesHTML(acc.Minutes.Body, 1)
	}
	var err error
	if v.Files, err = a.db.MinutesAttachments(ctx, acc.Minutes.ID); err != nil {
		a.internalError(c, err)
		return
	}
	p := a.pageData(c, localizer(c).T("minutes_title", "Subject", acc.Subject()), v)
	p.Form = form
	a.render(c, status, "minutes", p)
}

// saveMinutes handles POST /admin/minutes/:id: "Vorschau" shows the posted
// text rendered and saves nothing; "Speichern" saves it as a new revision,
// unless someone saved since the editor was opened (409, both texts shown).
func (a *App) saveMinutes(c *gin.Context) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	form := formFrom(c, "body", "language", "base")
	if c.PostForm("action") == "preview" {
		a.renderMinutes(c, http.StatusOK, form, acc, nil, true)
		return
	}
	if !acc.CanEdit() {
		a.fail(c, model.ErrMinutesLocked)
		return
	}
	base, err := strconv.ParseInt(form.Values["base"], 10, 64)
	if err != nil {
		// A form without its base version cannot tell what it would overwrite.
		base = -1
	}
	ctx := c.Request.Context()
	if len(form.Errors) > 0 {
		// Unreadable text: shown again as typed, nothing saved.
		a.renderMinutes(c, http.StatusUnprocessableEntity, form, acc, nil, false)
		return
	}
	_, err = a.db.SaveMinutes(ctx, acc.Minutes.ID, store.MinutesEdit{Body: form.Values["body"], Language: form.Values["language"],
		Base: &base, By: currentUser(c), Cause: model.RevisionSaved, Allowed: acc.editStates()})
	switch {
	case err == nil:
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminMinutes(acc.Minutes.ID))
	case errors.Is(err, model.ErrMinutesChanged):
		a.renderClash(c, form, acc)
	case form.addErrors(err):
		a.renderMinutes(c, http.StatusUnprocessableEntity, form, acc, nil, false)
	default:
		a.fail(c, err)
	}
}

// renderClash answers a save that started from an older version: 409,
// the stored text read-only with its author and time, the user's text kept
// in the editor, the lines between them, and the stored version as the new
// base, so that saving again is a decision to replace what is stored.
func (a *App) renderClash(c *gin.Context, form *Form, acc *minutesAccess) {
	ctx := c.Request.Context()
	m, err := a.db.Minutes(ctx, acc.Minutes.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	acc.Minutes = m
	clash := &minutesClash{Stored: m.Body, Diff: lineDiff(m.Body, form.Values["body"])}
	if m.Version > 0 {
		if clash.Revision, err = a.db.MinutesRevision(ctx, m.ID, m.Version); err != nil {
			a.internalError(c, err)
			return
		}
	}
	form.Values["base"] = strconv.FormatInt(m.Version, 10)
	form.Errors["_form"] = "err_minutes_changed"
	a.renderMinutes(c, http.StatusConflict, form, acc, clash, false)
}

// MinutesLanguageField is the select of the language the minutes are
// written in, each language named in itself.
func (p *Page) MinutesLanguageField() Field {
	f := p.Field("language", "select", "label_minutes_language", "hint_minutes_language", true)
	f.Options = minutesLanguageOptions()
	return f
}

package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

var sessionFields = []string{"kind", "title", "description", "room", "starts_at", "ends_at", "cancelled"}

// sessionEdit is what the agenda-item form shows besides the form itself.
type sessionEdit struct {
	Conference *model.Conference
	Session    *model.Session // nil for a new item
	Kinds      []string
	Roles      []string
}

func (a *App) renderSessionForm(c *gin.Context, status int, form *Form, conf *model.Conference, s *model.Session) {
	title := localizer(c).T("session_new")
	if s != nil {
		title = localizer(c).T("session_edit")
	}
	p := a.pageData(c, title, sessionEdit{Conference: conf, Session: s, Kinds: model.SessionKinds, Roles: model.PersonRoles})
	p.Form = form
	a.render(c, status, "admin_session_form", p)
}

// readSessionForm reads the posted agenda-item form into s, times in the
// edition's time zone. An item ticked as cancelled keeps the time it was
// first cancelled at; now is when that is for one newly ticked.
func readSessionForm(c *gin.Context, conf *model.Conference, s *model.Session, now time.Time) *Form {
	form := formFrom(c, sessionFields...)
	v := form.Values
	s.Kind, s.Title, s.Description, s.Room = v["kind"], v["title"], v["description"], v["room"]
	s.StartsAt = form.time("starts_at", conf.Location())
	s.EndsAt = form.time("ends_at", conf.Location())
	s.People = peopleFrom(c, form, model.RoleSpeaker)
	switch {
	case v["cancelled"] != "1":
		s.CancelledAt = nil
	case s.CancelledAt == nil:
		s.CancelledAt = &now
	}
	return form
}

// saveSessionForm stores the item unless the form has errors, and otherwise
// shows the form again with them; it reports whether the item was saved.
func (a *App) saveSessionForm(c *gin.Context, form *Form, conf *model.Conference, s *model.Session, save func() error) bool {
	validate := func() error { return s.ValidateIn(conf) }
	return a.saveForm(c, form, validate, save, func() {
		var shown *model.Session
		if s.ID != 0 {
			shown = s
		}
		a.renderSessionForm(c, http.StatusUnprocessableEntity, form, conf, shown)
	})
}

// newSession handles GET /admin/editions/:id/sessions/new.
func (a *App) newSession(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := newForm()
	form.Values["kind"] = model.KindPlenary
	form.setTime("starts_at", conf.StartsAt, conf.Location())
	form.setTime("ends_at", conf.StartsAt.Add(conf.EndsAt.Sub(conf.StartsAt)/4), conf.Location())
	form.setPeople(nil, model.RoleSpeaker)
	a.renderSessionForm(c, http.StatusOK, form, conf, nil)
}

// createSession handles POST /admin/editions/:id/sessions.
func (a *App) createSession(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	s := &model.Session{ConferenceID: conf.ID}
	form := readSessionForm(c, conf, s, a.db.Now())
	if a.saveSessionForm(c, form, conf, s, func() error { return a.db.CreateSession(c.Request.Context(), s) }) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
	}
}

// sessionParam loads the agenda item named by :id and its edition.
func (a *App) sessionParam(c *gin.Context) (*model.Session, *model.Conference, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, false
	}
	s, err := a.db.Session(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	conf, err := a.db.Conference(c.Request.Context(), s.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	return s, conf, true
}

// fillSessionForm shows a stored agenda item in the form.
func fillSessionForm(form *Form, conf *model.Conference, s *model.Session) {
	v := form.Values
	v["kind"], v["title"], v["description"], v["room"] = s.Kind, s.Title, s.Description, s.Room
	form.setTime("starts_at", s.StartsAt, conf.Location())
	form.setTime("ends_at", s.EndsAt, conf.Location())
	form.setPeople(s.People, model.RoleSpeaker)
	if s.Cancelled() {
		v["cancelled"] = "1"
	}
}

// editSession handles GET /admin/sessions/:id/edit.
func (a *App) editSession(c *gin.Context) {
	s, conf, ok := a.sessionParam(c)
	if !ok {
		return
	}
	form := newForm()
	fillSessionForm(form, conf, s)
	a.renderSessionForm(c, http.StatusOK, form, conf, s)
}

// updateSession handles POST /admin/sessions/:id.
func (a *App) updateSession(c *gin.Context) {
	s, conf, ok := a.sessionParam(c)
	if !ok {
		return
	}
	form := readSessionForm(c, conf, s, a.db.Now())
	if a.saveSessionForm(c, form, conf, s, func() error { return a.db.UpdateSession(c.Request.Context(), s) }) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
	}
}

// deleteSession handles POST /admin/sessions/:id/delete: the item goes
// with its minutes once its page has asked. A workshop slot that still
// holds workshops stays, and the page says why.
func (a *App) deleteSession(c *gin.Context) {
	s, conf, ok := a.sessionParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askDeleteSession(c, http.StatusOK, s)
		return
	}
	err := a.db.DeleteSession(c.Request.Context(), s.ID)
	if model.ErrorCode(err) == model.EConflict {
		a.askDeleteSession(c, http.StatusConflict, s)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_deleted")
	c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
}

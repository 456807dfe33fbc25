package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Deleting a workshop or an agenda item takes its minutes with it, and a
// workshop the places held in it: their pages ask first, as confirm.go's do.

// confirmDeleteWorkshop handles GET /admin/workshops/:id/delete.
func (a *App) confirmDeleteWorkshop(c *gin.Context) {
	w, _, _, ok := a.workshopParam(c)
	if ok {
		a.askDeleteWorkshop(c, w)
	}
}

// askDeleteWorkshop counts the places, choices and minutes that go with
// the workshop, and the resolutions that stay without their origin.
func (a *App) askDeleteWorkshop(c *gin.Context, w *model.Workshop) {
	n, err := a.db.WorkshopContents(c.Request.Context(), w.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: w.Title, Lines: []string{l.T("deletions_workshop_text")}, Action: urls.DeleteWorkshop(w.ID),
		Submit: l.T("action_delete"), Back: urls.EditWorkshop(w.ID)}
	v.Items = counted(c, v.Items, "deletions_places", n.Places)
	v.Items = counted(c, v.Items, "deletions_pins", n.Pins)
	v.Items = counted(c, v.Items, "deletions_preferences", n.Preferences)
	minutesGoing(c, v, n.Minutes)
	if n.Resolutions > 0 {
		v.Lines = append(v.Lines, l.T("deletions_resolutions_stay", "Count", n.Resolutions))
	}
	a.renderConfirm(c, http.StatusOK, "deletions_workshop_title", v)
}

// minutesGoing adds to v the minutes that go, if there are any: their
// state, revisions and attachments, and that published ones leave the
// public pages.
func minutesGoing(c *gin.Context, v *confirmView, m store.MinutesContents) {
	if m.Status == "" {
		return
	}
	l := localizer(c)
	v.Items = append(v.Items, l.T("deletions_minutes", "Status", l.T("minutes_status_"+m.Status)))
	v.Items = counted(c, v.Items, "deletions_revisions", m.Revisions)
	v.Items = counted(c, v.Items, "deletions_attachments", m.Attachments)
	if m.Status == model.MinutesPublished {
		v.Lines = append(v.Lines, l.T("deletions_minutes_published"))
	}
}

// confirmDeleteSession handles GET /admin/sessions/:id/delete.
func (a *App) confirmDeleteSession(c *gin.Context) {
	s, _, ok := a.sessionParam(c)
	if ok {
		a.askDeleteSession(c, http.StatusOK, s)
	}
}

// askDeleteSession counts the minutes that go with the agenda item, or
// says why it cannot go: a workshop slot that still holds workshops.
func (a *App) askDeleteSession(c *gin.Context, status int, s *model.Session) {
	n, err := a.db.SessionContents(c.Request.Context(), s.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: s.Title, Lines: []string{l.T("deletions_session_text")}, Action: urls.DeleteSession(s.ID),
		Submit: l.T("action_delete"), Back: urls.EditSession(s.ID)}
	if n.Workshops > 0 {
		v.Lines, v.Refused = nil, l.T("err_slot_has_workshops")
	} else {
		minutesGoing(c, v, n.Minutes)
	}
	a.renderConfirm(c, status, "deletions_session_title", v)
}

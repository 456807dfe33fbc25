package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The way of minutes: draft → submitted (by a facilitator or an organiser)
// → approved by an organiser, or returned with a comment the facilitator
// sees → published, on the edition's public page. Approved minutes whose
// text an organiser changes go back to submitted, as the approval was of
// the old text; published minutes are unpublished before they change, so
// that the public text is always one that was approved.

// moveMinutes changes the state of the minutes named by :id and leads back
// to the editor; organiserOnly refuses facilitators with 404.
func (a *App) moveMinutes(c *gin.Context, organiserOnly bool, mv store.MinutesMove, flash string) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	if organiserOnly && !acc.Organiser {
		a.notFound(c)
		return
	}
	mv.By = currentUser(c)
	if err := a.db.MoveMinutes(c.Request.Context(), acc.Minutes.ID, mv); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, flash)
	c.Redirect(http.StatusSeeOther, urls.AdminMinutes(acc.Minutes.ID))
}

// submitMinutes handles POST /admin/minutes/:id/submit. The organiser's
// comment on returned minutes stays until they decide again.
func (a *App) submitMinutes(c *gin.Context) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	if acc.Minutes.Status == model.MinutesReturned || acc.Minutes.Status == model.MinutesDraft {
		a.moveMinutes(c, false, store.MinutesMove{From: []string{model.MinutesDraft, model.MinutesReturned},
			To: model.MinutesSubmitted, Comment: acc.Minutes.ReturnComment}, "flash_minutes_submitted")
		return
	}
	a.fail(c, model.ErrMinutesLocked)
}

// approveMinutes handles POST /admin/minutes/:id/approve, for organisers.
func (a *App) approveMinutes(c *gin.Context) {
	a.moveMinutes(c, true, store.MinutesMove{From: []string{model.MinutesSubmitted}, To: model.MinutesApproved,
		Audit: model.AuditMinutesApproved}, "flash_minutes_approved")
}

// returnMinutes handles POST /admin/minutes/:id/return: organisers send
// submitted or approved minutes back with a comment, which is required, as
// it is what the facilitator is to do.
func (a *App) returnMinutes(c *gin.Context) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	if !acc.Organiser {
		a.notFound(c)
		return
	}
	form := formFrom(c, "return_comment")
	switch comment := form.Values["return_comment"]; {
	case len(form.Errors) > 0:
	case comment == "":
		form.Errors["return_comment"] = "err_required"
	case len([]rune(comment)) > model.MaxLong:
		form.Errors["return_comment"] = "err_too_long"
	}
	if len(form.Errors) > 0 {
		editor := newForm()
		editor.Values["body"], editor.Values["language"] = acc.Minutes.Body, acc.Minutes.Language
		editor.Values["base"] = strconv.FormatInt(acc.Minutes.Version, 10)
		editor.Values["return_comment"] = form.Values["return_comment"]
		editor.Errors = form.Errors
		a.renderMinutes(c, http.StatusUnprocessableEntity, editor, acc, nil, false)
		return
	}
	a.moveMinutes(c, true, store.MinutesMove{From: []string{model.MinutesSubmitted, model.MinutesApproved},
		To: model.MinutesReturned, Comment: form.Values["return_comment"], Audit: model.AuditMinutesReturned}, "flash_minutes_returned")
}

// minutesStep is a move of the minutes that an organiser confirms on a
// page first: what it needs, where it goes, and the page's words.
type minutesStep struct {
	move                         store.MinutesMove
	address                      func(id int64) string
	title, submit, line, refused string // catalogue IDs of the page
	flash                        string
}

// publishMinutes handles GET and POST /admin/minutes/:id/publish:
// the page says who will see the minutes; its confirmation publishes
// approved minutes on the edition's public page.
func (a *App) publishMinutes(c *gin.Context) {
	a.confirmMinutesStep(c, minutesStep{
		move: store.MinutesMove{From: []string{model.MinutesApproved}, To: model.MinutesPublished,
			Audit: model.AuditMinutesPublished},
		address: urls.PublishMinutes, title: "minutes_publish_title", submit: "minutes_publish",
		line: "minutes_publish_line", refused: "minutes_publish_refused", flash: "flash_minutes_published"})
}

// unpublishMinutes handles GET and POST /admin/minutes/:id/unpublish:
// after the confirmation the minutes leave the public page and are
// approved again, to be changed or published once more.
func (a *App) unpublishMinutes(c *gin.Context) {
	a.confirmMinutesStep(c, minutesStep{
		move: store.MinutesMove{From: []string{model.MinutesPublished}, To: model.MinutesApproved,
			Audit: model.AuditMinutesUnpublished},
		address: urls.UnpublishMinutes, title: "minutes_unpublish_title", submit: "minutes_unpublish",
		line: "minutes_unpublish_line", refused: "minutes_unpublish_refused", flash: "flash_minutes_unpublished"})
}

// confirmMinutesStep shows the step's confirmation page, organisers only,
// and makes the move once it is confirmed; the page refuses when the
// minutes are not in the state the move starts from.
func (a *App) confirmMinutesStep(c *gin.Context, s minutesStep) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	if !acc.Organiser {
		a.notFound(c)
		return
	}
	if c.Request.Method == http.MethodPost && confirmed(c) {
		a.moveMinutes(c, true, s.move, s.flash)
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: acc.Subject(), Action: s.address(acc.Minutes.ID), Submit: l.T(s.submit),
		Back: urls.AdminMinutes(acc.Minutes.ID), Lines: []string{l.T(s.line)}}
	if !slices.Contains(s.move.From, acc.Minutes.Status) {
		v.Refused = l.T(s.refused)
	}
	a.renderConfirm(c, http.StatusOK, s.title, v)
}

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// revisionsView lists the saved texts of minutes.
type revisionsView struct {
	*minutesAccess
	Loc       *time.Location
	Revisions []model.Revision
}

// minutesRevisions handles GET /admin/minutes/:id/revisions.
func (a *App) minutesRevisions(c *gin.Context) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	revs, err := a.db.MinutesRevisions(c.Request.Context(), acc.Minutes.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &revisionsView{minutesAccess: acc, Loc: acc.Conference.Location(), Revisions: revs}
	a.render(c, http.StatusOK, "minutes_revisions", a.pageData(c, localizer(c).T("revisions_title", "Subject", acc.Subject()), v))
}

// revisionView is one saved text compared with the current one.
type revisionView struct {
	*minutesAccess
	Loc            *time.Location
	Revision       *model.Revision
	Diff           []diffLine // from this revision to the current text
	Removed, Added int
}

// revisionParam loads the revision :n of the minutes the user may see; a
// number of other minutes is not found.
func (a *App) revisionParam(c *gin.Context) (*minutesAccess, *model.Revision, bool) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return nil, nil, false
	}
	n, err := strconv.ParseInt(c.Param("n"), 10, 64)
	if err != nil || n <= 0 {
		a.notFound(c)
		return nil, nil, false
	}
	r, err := a.db.MinutesRevision(c.Request.Context(), acc.Minutes.ID, n)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	return acc, r, true
}

// minutesRevision handles GET /admin/minutes/:id/revisions/:n: the text as
// it was, and what has been removed and added since.
func (a *App) minutesRevision(c *gin.Context) {
	acc, r, ok := a.revisionParam(c)
	if !ok {
		return
	}
	v := &revisionView{minutesAccess: acc, Loc: acc.Conference.Location(), Revision: r, Diff: lineDiff(r.Body, acc.Minutes.Body)}
	v.Removed, v.Added = diffCounts(v.Diff)
	title := localizer(c).T("revision_title", "Number", int(r.Number), "Subject", acc.Subject())
	a.render(c, http.StatusOK, "minutes_revision", a.pageData(c, title, v))
}

// restoreRevision handles POST /admin/minutes/:id/revisions/:n/restore: the
// old text becomes the current one as a new revision, so the text it
// replaces stays restorable too. Not for published minutes, whose public
// text changes only through unpublishing, approving and publishing again.
func (a *App) restoreRevision(c *gin.Context) {
	acc, r, ok := a.revisionParam(c)
	if !ok {
		return
	}
	if !acc.CanEdit() {
		a.fail(c, model.ErrMinutesLocked)
		return
	}
	_, err := a.db.SaveMinutes(c.Request.Context(), acc.Minutes.ID, store.MinutesEdit{Body: r.Body, Language: acc.Minutes.Language,
		By: currentUser(c), Cause: model.RevisionRestored, Allowed: acc.editStates()})
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_revision_restored")
	c.Redirect(http.StatusSeeOther, urls.AdminMinutes(acc.Minutes.ID))
}

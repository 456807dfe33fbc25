package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Minutes can be uploaded instead of typed: a document (DOCX, ODT, MD,
// TXT) becomes their text, converted to Markdown, as a new revision, so
// the text it replaces stays restorable; a PDF or an image is kept as an
// attachment. Attachments of published minutes are downloadable by anyone
// from the edition's public page.

// uploadMinutes handles POST /admin/minutes/:id/upload (postUpload).
func (a *App) uploadMinutes(c *gin.Context) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return
	}
	if !acc.CanEdit() {
		a.fail(c, model.ErrMinutesLocked)
		return
	}
	if err := c.Request.ParseMultipartForm(uploadMemory); err != nil {
		a.renderUploadError(c, acc, model.Invalid(map[string]string{"file": "err_file_missing"}))
		return
	}
	ctx := c.Request.Context()
	f, err := a.readUpload(c, "file")
	if err != nil {
		a.renderUploadError(c, acc, err)
		return
	}
	if !f.IsDocument() {
		if err := a.db.AttachToMinutes(ctx, acc.Minutes.ID, f); err != nil {
			a.fail(c, err)
			return
		}
		a.flash(c, "flash_attachment_added")
		c.Redirect(http.StatusSeeOther, urls.AdminMinutes(acc.Minutes.ID))
		return
	}
	text, err := documentText(f, "file")
	if err != nil {
		a.renderUploadError(c, acc, err)
		return
	}
	_, err = a.db.SaveMinutes(ctx, acc.Minutes.ID, store.MinutesEdit{Body: text, Language: acc.Minutes.Language,
		By: currentUser(c), Cause: model.RevisionUploaded, Allowed: acc.editStates()})
	if err != nil {
		// A converted text longer than minutes may be is the file's problem.
		if e := model.AsError(err); e != nil && e.Fields["body"] != "" {
			err = model.Invalid(map[string]string{"file": e.Fields["body"]})
		}
		a.renderUploadError(c, acc, err)
		return
	}
	a.flash(c, "flash_minutes_uploaded")
	c.Redirect(http.StatusSeeOther, urls.AdminMinutes(acc.Minutes.ID))
}

// renderUploadError shows the editor with the upload's problem at its
// field (422), or the error page for anything that is not the file's fault.
func (a *App) renderUploadError(c *gin.Context, acc *minutesAccess, err error) {
	form := newForm()
	form.Values["body"], form.Values["language"] = acc.Minutes.Body, acc.Minutes.Language
	form.Values["base"] = strconv.FormatInt(acc.Minutes.Version, 10)
	if !form.addErrors(err) {
		a.fail(c, err)
		return
	}
	a.renderMinutes(c, http.StatusUnprocessableEntity, form, acc, nil, false)
}

// attachmentParam loads the file :file attached to the minutes :id the
// user may see; a file of other minutes is not found.
func (a *App) attachmentParam(c *gin.Context) (*minutesAccess, *model.File, bool) {
	acc, ok := a.minutesParam(c)
	if !ok {
		return nil, nil, false
	}
	fileID, err := strconv.ParseInt(c.Param("file"), 10, 64)
	if err != nil || fileID <= 0 {
		a.notFound(c)
		return nil, nil, false
	}
	f, err := a.db.MinutesAttachment(c.Request.Context(), acc.Minutes.ID, fileID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	return acc, f, true
}

// minutesAttachment handles GET /admin/minutes/:id/attachments/:file.
func (a *App) minutesAttachment(c *gin.Context) {
	if _, f, ok := a.attachmentParam(c); ok {
		a.sendFile(c, f)
	}
}

// deleteAttachment handles GET and POST
// /admin/minutes/:id/attachments/:file/delete: the page names the file;
// its confirmation deletes it, recorded in the audit log. Published
// minutes keep their attachments until they are unpublished.
func (a *App) deleteAttachment(c *gin.Context) {
	acc, f, ok := a.attachmentParam(c)
	if !ok {
		return
	}
	if c.Request.Method == http.MethodPost && !acc.CanEdit() {
		a.fail(c, model.ErrMinutesLocked)
		return
	}
	if c.Request.Method == http.MethodPost && confirmed(c) {
		if err := a.db.DeleteAttachment(c.Request.Context(), acc.Minutes.ID, f.ID, currentUser(c)); err != nil {
			a.fail(c, err)
			return
		}
		a.flash(c, "flash_deleted")
		c.Redirect(http.StatusSeeOther, urls.AdminMinutes(acc.Minutes.ID))
		return
	}
	l := localizer(c)
	v := &confirmView{Subject: f.Name, Action: urls.DeleteAttachment(acc.Minutes.ID, f.ID), Submit: l.T("action_delete"),
		Back: urls.AdminMinutes(acc.Minutes.ID), Lines: []string{l.T("attachment_delete_line", "Subject", isolate(acc.Subject()))}}
	if !acc.CanEdit() {
		v.Refused = l.T("attachment_delete_refused")
	}
	a.renderConfirm(c, http.StatusOK, "attachment_delete_title", v)
}

// publicAttachment handles GET /k/:slug/protokolle/:id/anhang/:file: a
// file of published minutes of a published edition; anything else is 404.
func (a *App) publicAttachment(c *gin.Context) {
	minutesID, err1 := strconv.ParseInt(c.Param("id"), 10, 64)
	fileID, err2 := strconv.ParseInt(c.Param("file"), 10, 64)
	if err1 != nil || err2 != nil {
		a.notFound(c)
		return
	}
	f, err := a.db.PublicAttachment(c.Request.Context(), c.Param("slug"), minutesID, fileID)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.sendFile(c, f)
}

// KB is a file's size in whole kilobytes, at least 1, for the list of attachments.
func (v *minutesView) KB(size int64) int64 { return max(1, (size+512)/1024) }

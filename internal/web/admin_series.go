package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// idParam reads the :id of the route; a malformed one is a 404.
func (a *App) idParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		a.notFound(c)
		return 0, false
	}
	return id, true
}

// adminHome handles GET /admin: every series with all its editions.
func (a *App) adminHome(c *gin.Context) {
	ctx := c.Request.Context()
	all, err := a.db.AllSeries(ctx)
	if err != nil {
		a.internalError(c, err)
		return
	}
	list := make([]seriesWithEditions, 0, len(all))
	for _, s := range all {
		editions, err := a.db.Conferences(ctx, s.ID, false)
		if err != nil {
			a.internalError(c, err)
			return
		}
		list = append(list, seriesWithEditions{Series: s, Editions: editions})
	}
	a.render(c, http.StatusOK, "admin_home", a.pageData(c, localizer(c).T("admin_title"), list))
}

var seriesFields = []string{"slug", "title", "description"}

func (a *App) renderSeriesForm(c *gin.Context, status int, form *Form, s *model.Series) {
	title := localizer(c).T("series_new")
	if s != nil {
		title = localizer(c).T("series_edit")
	}
	p := a.pageData(c, title, s)
	p.Form = form
	a.render(c, status, "admin_series_form", p)
}

// newSeries handles GET /admin/series/new.
func (a *App) newSeries(c *gin.Context) {
	a.renderSeriesForm(c, http.StatusOK, newForm(), nil)
}

// createSeries handles POST /admin/series.
func (a *App) createSeries(c *gin.Context) {
	form := formFrom(c, seriesFields...)
	if form.Values["slug"] == "" {
		form.Values["slug"] = model.Slugify(form.Values["title"])
	}
	s := &model.Series{Slug: form.Values["slug"], Title: form.Values["title"], Description: form.Values["description"]}
	save := func() error { return a.db.CreateSeries(c.Request.Context(), s) }
	if !a.saveForm(c, form, s.Validate, save, func() { a.renderSeriesForm(c, http.StatusUnprocessableEntity, form, nil) }) {
		return
	}
	a.flash(c, "flash_saved")
	c.Redirect(http.StatusSeeOther, urls.Admin())
}

// editSeries handles GET /admin/series/:id/edit.
func (a *App) editSeries(c *gin.Context) {
	id, ok := a.idParam(c)
	if !ok {
		return
	}
	s, err := a.db.Series(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	form := newForm()
	form.Values["slug"], form.Values["title"], form.Values["description"] = s.Slug, s.Title, s.Description
	a.renderSeriesForm(c, http.StatusOK, form, s)
}

// updateSeries handles POST /admin/series/:id.
func (a *App) updateSeries(c *gin.Context) {
	id, ok := a.idParam(c)
	if !ok {
		return
	}
	s, err := a.db.Series(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	form := formFrom(c, seriesFields...)
	s.Slug, s.Title, s.Description = form.Values["slug"], form.Values["title"], form.Values["description"]
	save := func() error { return a.db.UpdateSeries(c.Request.Context(), s) }
	if !a.saveForm(c, form, s.Validate, save, func() { a.renderSeriesForm(c, http.StatusUnprocessableEntity, form, s) }) {
		return
	}
	a.flash(c, "flash_saved")
	c.Redirect(http.StatusSeeOther, urls.Admin())
}

// deleteSeries handles POST /admin/series/:id/delete, once its page has
// asked; only a series without editions can go.
func (a *App) deleteSeries(c *gin.Context) {
	s, ok := a.seriesParam(c)
	if !ok {
		return
	}
	if !confirmed(c) {
		a.askDeleteSeries(c, http.StatusOK, s)
		return
	}
	err := a.db.DeleteSeries(c.Request.Context(), s.ID)
	if model.ErrorCode(err) == model.EConflict {
		a.askDeleteSeries(c, http.StatusConflict, s)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_deleted")
	c.Redirect(http.StatusSeeOther, urls.Admin())
}

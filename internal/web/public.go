package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// seriesWithEditions is a series and the editions a page shows of it.
type seriesWithEditions struct {
	Series   model.Series
	Editions []model.Conference
}

// home handles GET /: every series with its published editions, newest first.
func (a *App) home(c *gin.Context) {
	ctx := c.Request.Context()
	all, err := a.db.AllSeries(ctx)
	if err != nil {
		a.internalError(c, err)
		return
	}
	var list []seriesWithEditions
	for _, s := range all {
		editions, err := a.db.Conferences(ctx, s.ID, true)
		if err != nil {
			a.internalError(c, err)
			return
		}
		if len(editions) > 0 {
			list = append(list, seriesWithEditions{Series: s, Editions: editions})
		}
	}
	a.render(c, http.StatusOK, "home", a.pageData(c, localizer(c).T("home_title"), list))
}

// seriesPage handles GET /s/:slug: a series and its published editions.
func (a *App) seriesPage(c *gin.Context) {
	if s, ok := a.publicSeries(c); ok {
		a.render(c, http.StatusOK, "series", a.pageData(c, s.Series.Title, s))
	}
}

// publicSeries reads the series :slug with its published editions, as the
// public may see them (its page and the API); it has answered when not ok.
func (a *App) publicSeries(c *gin.Context) (seriesWithEditions, bool) {
	ctx := c.Request.Context()
	s, err := a.db.SeriesBySlug(ctx, c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return seriesWithEditions{}, false
	}
	editions, err := a.db.Conferences(ctx, s.ID, true)
	if err != nil {
		a.internalError(c, err)
		return seriesWithEditions{}, false
	}
	return seriesWithEditions{Series: *s, Editions: editions}, true
}

// programmeView is an edition's programme, day by day in its time zone.
type programmeView struct {
	Series     *model.Series
	Conference *model.Conference
	Loc        *time.Location
	Days       []programmeDay
	Preview    bool // an organiser looks at an unpublished edition
	Demands    *editionDemands
	Minutes    []publicMinutes
}

type programmeDay struct {
	Date     time.Time
	Sessions []model.Session
}

// conferencePage handles GET /k/:slug: the programme of a published edition
// by time, with people, rooms and workshops. Organisers also see drafts.
// Anonymous visitors get the page from the page cache when it is current.
func (a *App) conferencePage(c *gin.Context) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	cacheKey := ""
	if a.anonymous(c) {
		cacheKey = localizer(c).Code + "/" + slug
		body, ok := a.pages.get(cacheKey, a.db.Now(), func() (int64, bool) {
			rev, err := a.db.PublishedRevision(ctx, slug)
			return rev, err == nil
		})
		if ok {
			c.Data(http.StatusOK, "text/html; charset=utf-8", body)
			return
		}
	}
	conf, err := a.db.ConferenceBySlug(ctx, slug)
	if err != nil {
		a.fail(c, err)
		return
	}
	preview := false
	if !conf.Published {
		if u := currentUser(c); u == nil || u.Role != model.RoleOrganiser {
			a.notFound(c)
			return
		}
		preview = true
	}
	series, err := a.db.Series(ctx, conf.SeriesID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	sessions, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	view := programmeView{Series: series, Conference: conf, Loc: conf.Location(), Preview: preview}
	view.Days = groupByDay(sessions, view.Loc)
	if view.Demands, err = a.demandsOf(c, series, conf); err != nil {
		a.internalError(c, err)
		return
	}
	if view.Minutes, err = a.publicMinutes(ctx, conf.ID, sessions); err != nil {
		a.internalError(c, err)
		return
	}
	body, err := a.renderBytes("conference", a.pageData(c, conf.Title, view))
	if err != nil {
		a.internalError(c, err)
		return
	}
	// The revision read with the edition is no newer than the programme
	// read after it, so a change in between makes the entry stale, not wrong.
	if cacheKey != "" && conf.Published {
		a.pages.put(cacheKey, body, conf.Revision, a.db.Now())
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", body)
}

// anonymous reports whether the request carries nothing that makes its page
// personal: no staff login, no flash message.
func (a *App) anonymous(c *gin.Context) bool {
	if currentUser(c) != nil {
		return false
	}
	if v, err := c.Cookie(flashCookie); err == nil && v != "" {
		return false
	}
	return true
}

// groupByDay splits an agenda in time order into days in loc.
func groupByDay(sessions []model.Session, loc *time.Location) []programmeDay {
	var days []programmeDay
	for _, s := range sessions {
		start := s.StartsAt.In(loc)
		date := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
		if len(days) == 0 || !days[len(days)-1].Date.Equal(date) {
			days = append(days, programmeDay{Date: date})
		}
		days[len(days)-1].Sessions = append(days[len(days)-1].Sessions, s)
	}
	return days
}

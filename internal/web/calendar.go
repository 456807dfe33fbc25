package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// conferenceCalendar handles GET /k/:slug/kalender.ics: the programme of a
// published edition as an iCalendar file, at a stable address that
// calendar programs can subscribe to. Like the programme page, it hides an
// unpublished edition from everyone but organisers.
func (a *App) conferenceCalendar(c *gin.Context) {
	ctx := c.Request.Context()
	conf, err := a.db.ConferenceBySlug(ctx, c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return
	}
	if !conf.Published {
		if u := currentUser(c); u == nil || u.Role != model.RoleOrganiser {
			a.notFound(c)
			return
		}
	}
	sessions, err := a.db.Programme(ctx, conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	body, err := calendar.Conference(conf, sessions, a.cfg.BaseURL)
	if err != nil {
		a.internalError(c, err)
		return
	}
	// inline, not attachment: a browser hands the file to the calendar
	// program, and subscribing programs fetch it like any other address.
	c.Header("Content-Disposition", `inline; filename="`+conf.Slug+`.ics"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
}

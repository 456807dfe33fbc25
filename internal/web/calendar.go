package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// conferenceCalendar handles GET /k/:slug/kalender.ics: the programme of a
// published edition as an iCalendar file, at a stable address that
// calendar programs can subscribe to. Like the programme page, it hides an
// unpublished edition from everyone but organisers. The file is the one
// the registration cache keeps per revision, also attached to confirmations.
func (a *App) conferenceCalendar(c *gin.Context) {
	conf, ok := a.publishedConference(c)
	if !ok {
		return
	}
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return
	}
	if v.Calendar == nil {
		a.internalError(c, errors.New("calendar: the edition's file could not be made"))
		return
	}
	// inline, not attachment: a browser hands the file to the calendar
	// program, and subscribing programs fetch it like any other address.
	c.Header("Content-Disposition", `inline; filename="`+conf.Slug+`.ics"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", v.Calendar)
}

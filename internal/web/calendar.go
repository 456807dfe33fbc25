package web

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// calendarETag is the entity tag of a calendar file: a hash of its bytes,
// so that it changes exactly when the file does, on every instance alike.
func calendarETag(ics []byte) string {
	sum := sha256.Sum256(ics)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// serveCalendar sends a calendar file with its entity tag and the time it
// last changed, and answers a conditional request for the same file with
// 304. cacheControl says who may keep a copy. The file is inline, not an
// attachment: a browser hands it to the calendar program, and subscribing
// programs fetch it like any other address. The body goes out in one
// write, not through http.ServeContent, whose copying in 32 KB pieces
// halved the rate of a large programme's file.
func serveCalendar(c *gin.Context, ics []byte, etag string, modified time.Time, name, cacheControl string) {
	h := c.Writer.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	modified = modified.UTC().Truncate(time.Second)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.Format(http.TimeFormat))
	}
	if notModified(c.Request, etag, modified) {
		c.Status(http.StatusNotModified)
		return
	}
	h.Set("Content-Disposition", `inline; filename="`+name+`.ics"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", ics)
}

// notModified says whether a conditional GET already has the file (RFC
// 9110, 13.1): If-None-Match, when sent, decides alone, by the weak
// comparison; otherwise If-Modified-Since, compared in whole seconds.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == etag {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.IsZero() && !modified.After(since)
}

// Public calendars may be kept by any cache, but asked again each time,
// so that a change of the programme reaches subscribers at once.
const publicCalendar = "public, no-cache"

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
	serveCalendar(c, v.Calendar, v.CalendarETag, conf.UpdatedAt, conf.Slug, publicCalendar)
}

// workshopCalendar handles GET /k/:slug/workshops/:id/kalender.ics: one
// workshop of a published edition, for those who follow only that one.
func (a *App) workshopCalendar(c *gin.Context) {
	id, ok := a.idParam(c)
	if !ok {
		return
	}
	conf, ok := a.publishedConference(c)
	if !ok {
		return
	}
	v, ok := a.loadRegistrationView(c, conf)
	if !ok {
		return
	}
	ics, err := calendar.Workshop(conf, v.Programme, id, a.site)
	if errors.Is(err, calendar.ErrNoWorkshop) {
		a.notFound(c)
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	serveCalendar(c, ics, calendarETag(ics), conf.UpdatedAt, conf.Slug+"-workshop-"+c.Param("id"), publicCalendar)
}

// seriesCalendar handles GET /s/:slug/kalender.ics: every published
// edition of a series with its programme. It changes when any edition
// does, published or not, so that unpublishing one moves it forward too.
func (a *App) seriesCalendar(c *gin.Context) {
	ctx := c.Request.Context()
	s, err := a.db.SeriesBySlug(ctx, c.Param("slug"))
	if err != nil {
		a.fail(c, err)
		return
	}
	all, err := a.db.Conferences(ctx, s.ID, false)
	if err != nil {
		a.internalError(c, err)
		return
	}
	modified := s.UpdatedAt
	var editions []calendar.Edition
	for i := range all {
		conf := &all[i]
		modified = later(modified, conf.UpdatedAt)
		if !conf.Published {
			continue
		}
		programme, err := a.db.Programme(ctx, conf.ID)
		if err != nil {
			a.internalError(c, err)
			return
		}
		editions = append(editions, calendar.Edition{Conference: conf, Sessions: programme})
	}
	ics, err := calendar.Series(s, editions, a.site)
	if err != nil {
		a.internalError(c, err)
		return
	}
	serveCalendar(c, ics, calendarETag(ics), modified, s.Slug, publicCalendar)
}

// personalCalendarFeed handles GET /r/:token/kalender.ics: a participant's
// own calendar, the edition's agenda items and, once the placements are
// published, only the workshops they are placed in. It follows later
// changes of both. Only the person's client may keep it: the address is
// their personal link, and the file says where they will be.
func (a *App) personalCalendarFeed(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	conf := v.Conference
	modified := later(conf.UpdatedAt, r.UpdatedAt)
	var workshops []int64
	for _, x := range v.Assigned {
		if x.WorkshopID != nil {
			workshops = append(workshops, *x.WorkshopID)
		}
	}
	if len(v.Assigned) > 0 {
		at, err := a.placementsPublishedAt(c, conf)
		if err != nil {
			a.internalError(c, err)
			return
		}
		modified = later(modified, at)
	}
	ics, err := calendar.Feed(conf, v.Programme, workshops, a.site)
	if err != nil {
		a.internalError(c, err)
		return
	}
	serveCalendar(c, ics, calendarETag(ics), modified, conf.Slug, "private, no-cache")
}

// placementsPublishedAt is when the edition's placements that participants
// see were published.
func (a *App) placementsPublishedAt(c *gin.Context, conf *model.Conference) (time.Time, error) {
	ctx := c.Request.Context()
	id, err := a.db.PublishedRunID(ctx, conf.ID)
	if err != nil || id == 0 {
		return time.Time{}, err
	}
	run, err := a.db.Run(ctx, id)
	if err != nil || run.PublishedAt == nil {
		return time.Time{}, err
	}
	return *run.PublishedAt, nil
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Check-in at the door, on a phone. Every mark is a plain form post
// answered by a redirect back to the search, whose page names the person
// and gives the count: without JavaScript a post that never reached the
// server leaves the browser's own error page, so a helper whose phone lost
// its connection sees at once that the mark was not saved. The count is
// on every page the door shows; the page never reloads itself, which would
// throw away a name being typed.

// requireDoor lets organisers and door helpers through; a facilitator
// finds no such page.
func (a *App) requireDoor(c *gin.Context) {
	u := currentUser(c)
	switch {
	case u != nil && (u.Role == model.RoleOrganiser || u.Role == model.RoleDoor):
		c.Header("Cache-Control", "no-store")
		c.Next()
	case u != nil:
		a.notFound(c)
	default:
		toLogin(c)
	}
}

// doorEditionsView lists the editions to check in for, newest first.
type doorEditionsView struct {
	Editions []*model.Conference
}

// doorEditions handles GET /admin/door: a door helper's start page.
func (a *App) doorEditions(c *gin.Context) {
	ctx := c.Request.Context()
	all, err := a.db.AllSeries(ctx)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := &doorEditionsView{}
	for _, s := range all {
		editions, err := a.db.Conferences(ctx, s.ID, false)
		if err != nil {
			a.internalError(c, err)
			return
		}
		for i := range editions {
			v.Editions = append(v.Editions, &editions[i])
		}
	}
	a.render(c, http.StatusOK, "door_editions", a.pageData(c, localizer(c).T("door_title"), v))
}

// doorView is an edition's check-in page.
type doorView struct {
	Conference *model.Conference
	Loc        *time.Location
	Attendance model.Attendance
	Query      string
	Searched   bool
	Results    []model.Arrival
	More       bool // the search found more than it lists
	Done       *model.Arrival
	Did        string // "in", "out", "new" or "already": what happened to Done
}

// doorPage handles GET /admin/editions/:id/door: the search by name, with
// after a mark the message that names the person.
func (a *App) doorPage(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	v := &doorView{Conference: conf, Loc: conf.Location(), Query: strings.TrimSpace(c.Query("q"))}
	if did := c.Query("did"); did == "in" || did == "out" || did == "new" || did == "already" {
		if id, err := strconv.ParseInt(c.Query("done"), 10, 64); err == nil {
			// A person cancelled since is simply not named.
			if done, err := a.db.Arrival(ctx, conf.ID, id); err == nil {
				v.Done, v.Did = done, did
			} else if model.ErrorCode(err) != model.ENotFound {
				a.internalError(c, err)
				return
			}
		}
	}
	if v.Query != "" {
		results, more, err := a.db.SearchArrivals(ctx, conf.ID, v.Query)
		if err != nil {
			a.internalError(c, err)
			return
		}
		v.Searched, v.Results, v.More = true, results, more
	}
	if !a.attendance(c, conf.ID, &v.Attendance) {
		return
	}
	a.render(c, http.StatusOK, "door", a.pageData(c, localizer(c).T("door_title"), v))
}

// doorPerson is what the door-person partial shows: one person, in the
// edition's time zone, with the search a mark returns to.
type doorPerson struct {
	Arrival model.Arrival
	Loc     *time.Location
	Query   string
}

// DoorPerson is the page with one person of the door's list as its data,
// for the door-person partial.
func (p *Page) DoorPerson(a model.Arrival, loc *time.Location, q string) *Page {
	return p.With(doorPerson{Arrival: a, Loc: loc, Query: q})
}

// attendance reads the edition's count into dst, or answers with an error.
func (a *App) attendance(c *gin.Context, conferenceID int64, dst *model.Attendance) bool {
	got, err := a.db.Attendance(c.Request.Context(), conferenceID)
	if err != nil {
		a.internalError(c, err)
		return false
	}
	*dst = got
	return true
}

// arrivalParam reads the edition and the :registration of a mark.
func (a *App) arrivalParam(c *gin.Context) (*model.Conference, int64, bool) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return nil, 0, false
	}
	id, err := strconv.ParseInt(c.Param("registration"), 10, 64)
	if err != nil || id <= 0 {
		a.notFound(c)
		return nil, 0, false
	}
	return conf, id, true
}

// checkIn handles POST /admin/editions/:id/door/:registration: the person
// is marked present, or stays present if they were.
func (a *App) checkIn(c *gin.Context) {
	conf, id, ok := a.arrivalParam(c)
	if !ok {
		return
	}
	arrival, marked, err := a.db.CheckIn(c.Request.Context(), conf.ID, id, currentUser(c).ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	did := "in"
	if !marked {
		did = "already"
	}
	c.Redirect(http.StatusSeeOther, urls.DoorDone(conf.ID, strings.TrimSpace(c.PostForm("q")), arrival.ID, did))
}

// undoCheckIn handles POST /admin/editions/:id/door/:registration/undo:
// the mark is cleared. It only clears, so it is one click like the mark.
func (a *App) undoCheckIn(c *gin.Context) {
	conf, id, ok := a.arrivalParam(c)
	if !ok {
		return
	}
	arrival, err := a.db.UndoCheckIn(c.Request.Context(), conf.ID, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, urls.DoorDone(conf.ID, strings.TrimSpace(c.PostForm("q")), arrival.ID, "out"))
}

// doorCodeView is a badge's check-in page: one person, one button.
type doorCodeView struct {
	Conference *model.Conference
	Loc        *time.Location
	Attendance model.Attendance
	Arrival    model.Arrival
}

// doorCode handles GET /admin/door/:code, the address on a badge.
func (a *App) doorCode(c *gin.Context) {
	ctx := c.Request.Context()
	arrival, err := a.db.ArrivalByDoorCode(ctx, c.Param("code"))
	if err != nil {
		a.fail(c, err)
		return
	}
	conf, err := a.db.Conference(ctx, arrival.ConferenceID)
	if err != nil {
		a.fail(c, err)
		return
	}
	v := &doorCodeView{Conference: conf, Loc: conf.Location(), Arrival: *arrival}
	if !a.attendance(c, conf.ID, &v.Attendance) {
		return
	}
	a.render(c, http.StatusOK, "door_code", a.pageData(c, arrival.Name, v))
}

// walkInView is the form that adds someone at the door.
type walkInView struct {
	Conference *model.Conference
	Attendance model.Attendance
}

var walkInFields = []string{"name", "organisation", "municipality"}

func (a *App) renderWalkInForm(c *gin.Context, status int, form *Form, conf *model.Conference) {
	v := &walkInView{Conference: conf}
	if !a.attendance(c, conf.ID, &v.Attendance) {
		return
	}
	p := a.pageData(c, localizer(c).T("door_walkin_title"), v)
	p.Form = form
	a.render(c, status, "door_walkin", p)
}

// walkInForm handles GET /admin/editions/:id/walk-ins.
func (a *App) walkInForm(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := newForm()
	form.Values["name"] = strings.TrimSpace(c.Query("name"))
	a.renderWalkInForm(c, http.StatusOK, form, conf)
}

// addWalkIn handles POST /admin/editions/:id/walk-ins: the person is
// registered, confirmed and present, even when the edition is full.
func (a *App) addWalkIn(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := formFrom(c, walkInFields...)
	w := &model.WalkIn{Name: form.Values["name"], Organisation: form.Values["organisation"], Municipality: form.Values["municipality"]}
	var arrival *model.Arrival
	save := func() (err error) {
		arrival, err = a.db.AddWalkIn(c.Request.Context(), conf.ID, w, currentUser(c).ID)
		return err
	}
	if !a.saveForm(c, form, w.Validate, save, func() { a.renderWalkInForm(c, http.StatusUnprocessableEntity, form, conf) }) {
		return
	}
	c.Redirect(http.StatusSeeOther, urls.DoorDone(conf.ID, "", arrival.ID, "new"))
}

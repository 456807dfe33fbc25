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

var conferenceFields = []string{"slug", "title", "subtitle", "starts_at", "ends_at", "time_zone", "venue",
	"address", "hosts", "description", "registration_opens_at", "registration_closes_at", "capacity", "status", "published",
	"max_choices", "privacy_notice", "registration_mode", "language"}

// conferenceEdit is what the edition form shows besides the form itself.
type conferenceEdit struct {
	Series     *model.Series
	Conference *model.Conference // nil for a new edition
	Statuses   []string
	Modes      []string
	Languages  []string // the languages the edition's documents can be in
}

func (a *App) renderConferenceForm(c *gin.Context, status int, form *Form, series *model.Series, conf *model.Conference) {
	title := localizer(c).T("edition_new")
	if conf != nil {
		title = localizer(c).T("edition_edit")
	}
	p := a.pageData(c, title, conferenceEdit{Series: series, Conference: conf, Statuses: model.ConferenceStatuses,
		Modes: model.RegistrationModes, Languages: model.EditionLanguages})
	p.Form = form
	a.render(c, status, "admin_conference_form", p)
}

// fillConferenceForm shows a stored edition in the form.
func fillConferenceForm(form *Form, conf *model.Conference) {
	loc := conf.Location()
	v := form.Values
	v["slug"], v["title"], v["subtitle"] = conf.Slug, conf.Title, conf.Subtitle
	form.setTime("starts_at", conf.StartsAt, loc)
	form.setTime("ends_at", conf.EndsAt, loc)
	v["time_zone"], v["venue"], v["address"], v["hosts"] = conf.TimeZone, conf.Venue, conf.Address, conf.Hosts
	v["description"] = conf.Description
	if conf.RegistrationOpensAt != nil {
		form.setTime("registration_opens_at", *conf.RegistrationOpensAt, loc)
	}
	if conf.RegistrationClosesAt != nil {
		form.setTime("registration_closes_at", *conf.RegistrationClosesAt, loc)
	}
	v["capacity"] = strconv.Itoa(conf.Capacity)
	v["max_choices"] = strconv.Itoa(conf.MaxChoices)
	v["privacy_notice"] = conf.PrivacyNotice
	v["registration_mode"] = conf.RegistrationMode
	v["language"] = conf.Language
	v["status"] = conf.Status
	if conf.Published {
		v["published"] = "1"
	}
}

// readConferenceForm reads the posted edition form into conf; times are read
// in the time zone the form names.
func readConferenceForm(c *gin.Context, conf *model.Conference) *Form {
	form := formFrom(c, conferenceFields...)
	v := form.Values
	if v["slug"] == "" && conf.ID == 0 {
		v["slug"] = model.Slugify(v["title"])
	}
	conf.Slug, conf.Title, conf.Subtitle = v["slug"], v["title"], v["subtitle"]
	conf.TimeZone = v["time_zone"]
	loc, err := time.LoadLocation(conf.TimeZone)
	if err != nil || conf.TimeZone == "" {
		loc, _ = time.LoadLocation(model.DefaultTimeZone)
	}
	conf.StartsAt = form.time("starts_at", loc)
	conf.EndsAt = form.time("ends_at", loc)
	conf.Venue, conf.Address, conf.Hosts, conf.Description = v["venue"], v["address"], v["hosts"], v["description"]
	conf.RegistrationOpensAt = form.optionalTime("registration_opens_at", loc)
	conf.RegistrationClosesAt = form.optionalTime("registration_closes_at", loc)
	conf.Capacity = form.int("capacity")
	if v["max_choices"] == "" {
		v["max_choices"] = strconv.Itoa(model.DefaultMaxChoices)
	}
	conf.MaxChoices = form.int("max_choices")
	conf.PrivacyNotice = v["privacy_notice"]
	conf.RegistrationMode = v["registration_mode"]
	conf.Language = v["language"]
	conf.Status = v["status"]
	conf.Published = v["published"] == "1"
	conf.SetDefaults() // settings this form does not show yet keep their defaults
	return form
}

// saveConferenceForm validates and stores the edition unless the form
// already has errors; it reports whether the edition was saved and renders
// the form again (422) or an error page otherwise. was is the edition's
// status as stored, "" for a new one.
func (a *App) saveConferenceForm(c *gin.Context, form *Form, series *model.Series, conf *model.Conference, was string, save func() error) bool {
	validate := func() error {
		if err := conf.Validate(); err != nil {
			return err
		}
		return conf.CheckOpening(was, a.db.Now())
	}
	return a.saveForm(c, form, validate, save, func() {
		var shown *model.Conference
		if conf.ID != 0 {
			shown = conf
		}
		a.renderConferenceForm(c, http.StatusUnprocessableEntity, form, series, shown)
	})
}

// newConference handles GET /admin/series/:id/editions/new.
func (a *App) newConference(c *gin.Context) {
	series, ok := a.seriesParam(c)
	if !ok {
		return
	}
	form := newForm()
	form.Values["time_zone"] = model.DefaultTimeZone
	form.Values["status"] = model.StatusDraft
	form.Values["capacity"] = "0"
	form.Values["max_choices"] = strconv.Itoa(model.DefaultMaxChoices)
	form.Values["registration_mode"] = model.ModeAssign
	form.Values["language"] = model.EditionLanguages[0]
	a.renderConferenceForm(c, http.StatusOK, form, series, nil)
}

// createConference handles POST /admin/series/:id/editions.
func (a *App) createConference(c *gin.Context) {
	series, ok := a.seriesParam(c)
	if !ok {
		return
	}
	conf := &model.Conference{SeriesID: series.ID}
	form := readConferenceForm(c, conf)
	if a.saveConferenceForm(c, form, series, conf, "", func() error { return a.db.CreateConference(c.Request.Context(), conf) }) {
		a.flash(c, "flash_saved")
		c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
	}
}

// seriesParam loads the series named by :id.
func (a *App) seriesParam(c *gin.Context) (*model.Series, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, false
	}
	s, err := a.db.Series(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return s, true
}

// conferenceParam loads the edition named by :id with its series.
func (a *App) conferenceParam(c *gin.Context) (*model.Conference, *model.Series, bool) {
	id, ok := a.idParam(c)
	if !ok {
		return nil, nil, false
	}
	conf, err := a.db.Conference(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	series, err := a.db.Series(c.Request.Context(), conf.SeriesID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	return conf, series, true
}

// adminConference handles GET /admin/editions/:id: an edition with its agenda,
// each item and workshop with its links to edit.
func (a *App) adminConference(c *gin.Context) {
	conf, series, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	sessions, err := a.db.Programme(c.Request.Context(), conf.ID)
	if err != nil {
		a.internalError(c, err)
		return
	}
	view := programmeView{Series: series, Conference: conf, Loc: conf.Location()}
	view.Days = groupByDay(sessions, view.Loc)
	a.render(c, http.StatusOK, "admin_conference", a.pageData(c, conf.Title, view))
}

// editConference handles GET /admin/editions/:id/edit.
func (a *App) editConference(c *gin.Context) {
	conf, series, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := newForm()
	fillConferenceForm(form, conf)
	a.renderConferenceForm(c, http.StatusOK, form, series, conf)
}

// updateConference handles POST /admin/editions/:id.
func (a *App) updateConference(c *gin.Context) {
	conf, series, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	was := conf.Status
	form := readConferenceForm(c, conf)
	if !a.saveConferenceForm(c, form, series, conf, was, func() error { return a.db.UpdateConference(c.Request.Context(), conf) }) {
		return
	}
	// A raised capacity goes to those waiting first, who are told.
	promoted, err := a.db.PromoteWaiting(c.Request.Context(), conf.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	for _, r := range promoted {
		a.notifyPromoted(c, conf, r)
	}
	a.flash(c, "flash_saved")
	c.Redirect(http.StatusSeeOther, urls.AdminEdition(conf.ID))
}

// deleteConference handles POST /admin/editions/:id/delete: the edition goes
// with its agenda, workshops and registrations, once its page has asked,
// and only if it has as many registrations as the page said.
func (a *App) deleteConference(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	expect, err := strconv.Atoi(c.PostForm("expect"))
	if !confirmed(c) || err != nil {
		a.askDeleteConference(c, conf, false)
		return
	}
	err = a.db.DeleteConferenceAs(c.Request.Context(), conf.ID, currentUser(c), expect)
	if model.ErrorCode(err) == model.EConflict {
		a.askDeleteConference(c, conf, true)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_deleted")
	c.Redirect(http.StatusSeeOther, urls.Admin())
}

// copyView is what the next-edition form shows.
type copyView struct {
	Series     *model.Series
	Conference *model.Conference
}

func (a *App) renderCopyForm(c *gin.Context, status int, form *Form, series *model.Series, conf *model.Conference) {
	p := a.pageData(c, localizer(c).T("copy_title"), copyView{Series: series, Conference: conf})
	p.Form = form
	a.render(c, status, "admin_copy_form", p)
}

// copyConferenceForm handles GET /admin/editions/:id/copy.
func (a *App) copyConferenceForm(c *gin.Context) {
	conf, series, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := newForm()
	form.Values["title"] = conf.Title
	next := conf.StartsAt.In(conf.Location()).AddDate(1, 0, 0)
	form.Values["date"] = next.Format("2006-01-02")
	form.Values["slug"] = model.Slugify(conf.Slug + "-" + next.Format("2006"))
	a.renderCopyForm(c, http.StatusOK, form, series, conf)
}

// copySlug makes the slug of a copy whose organiser left it empty: from
// the title, with the year unless the title names it, and from the date
// alone for a title without Latin letters or digits.
func copySlug(title string, date time.Time) string {
	year := date.Format("2006")
	base := model.Slugify(title)
	switch {
	case base == "":
		return "konferenz-" + date.Format("2006-01-02")
	case strings.Contains(base, year):
		return base
	}
	return model.Slugify(base + "-" + year)
}

// copyConference handles POST /admin/editions/:id/copy: the next edition, a
// draft on the new date with the agenda and workshops moved along.
func (a *App) copyConference(c *gin.Context) {
	conf, series, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	form := formFrom(c, "slug", "title", "date")
	date, err := time.ParseInLocation("2006-01-02", form.Values["date"], conf.Location())
	if err != nil {
		form.Errors["date"] = "err_date"
	}
	if form.Values["title"] == "" {
		form.Errors["title"] = "err_required"
	}
	if len(form.Errors) > 0 {
		a.renderCopyForm(c, http.StatusUnprocessableEntity, form, series, conf)
		return
	}
	slug := form.Values["slug"]
	if slug == "" {
		if slug, err = a.db.FreeConferenceSlug(c.Request.Context(), copySlug(form.Values["title"], date)); err != nil {
			a.fail(c, err)
			return
		}
	}
	next, err := a.db.CopyConference(c.Request.Context(), conf.ID, slug, form.Values["title"], date)
	if err != nil {
		if form.addErrors(err) {
			// The copy's own fields that the form does not show map to the date.
			for _, f := range []string{"starts_at", "ends_at", "registration_opens_at", "registration_closes_at"} {
				if e, ok := form.Errors[f]; ok {
					form.Errors["date"] = e
				}
			}
			a.renderCopyForm(c, http.StatusUnprocessableEntity, form, series, conf)
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "flash_copied")
	c.Redirect(http.StatusSeeOther, urls.AdminEdition(next.ID))
}

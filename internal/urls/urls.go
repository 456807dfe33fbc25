// Package urls builds every address of the site in one place: the pages,
// forms and files as paths for links and redirects, and as absolute
// addresses (Site) for what leaves the site, such as emails and calendars.
// Later documents (PDFs, QR codes on badges) take their addresses from here
// too, so that a route moved in routes.go is changed here and nowhere else.
package urls

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// id writes a row's id as a path segment.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// seg escapes a slug or token as one path segment, so that no value can
// reach another route.
func seg(s string) string { return url.PathEscape(s) }

// Home is the start page, which lists the series and their editions.
func Home() string { return "/" }

// Stylesheet is the site's stylesheet.
func Stylesheet() string { return "/assets/css/site.css" }

// Favicon is the site's icon, as SVG.
func Favicon() string { return "/assets/img/favicon.svg" }

// FaviconICO is where browsers look for an icon when a page names none.
func FaviconICO() string { return "/favicon.ico" }

// Series is the public page of a series.
func Series(slug string) string { return "/s/" + seg(slug) }

// Conference is the public programme page of an edition.
func Conference(slug string) string { return "/k/" + seg(slug) }

// Calendar is an edition's iCalendar file, to import or subscribe to.
func Calendar(slug string) string { return Conference(slug) + "/kalender.ics" }

// Register is an edition's registration form, and where it is posted.
func Register(slug string) string { return Conference(slug) + "/anmelden" }

// Personal is a participant's own page, reached by the personal link.
func Personal(token string) string { return "/r/" + seg(token) }

// PersonalCancel is where a participant cancels their registration.
func PersonalCancel(token string) string { return Personal(token) + "/cancel" }

// PersonalData is the download of a participant's data.
func PersonalData(token string) string { return Personal(token) + "/daten.json" }

// PersonalDelete is where a participant deletes their data.
func PersonalDelete(token string) string { return Personal(token) + "/delete" }

// Login is the staff login form.
func Login() string { return "/admin/login" }

// LoginThen is the login form that leads to next once logged in.
func LoginThen(next string) string { return Login() + "?next=" + url.QueryEscape(next) }

// Logout is where staff log out.
func Logout() string { return "/admin/logout" }

// Admin is the organisers' start page.
func Admin() string { return "/admin" }

// MyWorkshops is a facilitator's list of their workshops.
func MyWorkshops() string { return Admin() + "/my-workshops" }

// Outbox is the list of emails, sent or waiting.
func Outbox() string { return Admin() + "/outbox" }

// OutboxEmail is one email of the outbox.
func OutboxEmail(emailID int64) string { return Outbox() + "/" + id(emailID) }

// NewSeries is the form for a new series.
func NewSeries() string { return Admin() + "/series/new" }

// SeriesList is where a new series is posted.
func SeriesList() string { return Admin() + "/series" }

// AdminSeries is where a series' changes are posted.
func AdminSeries(seriesID int64) string { return SeriesList() + "/" + id(seriesID) }

// EditSeries is a series' edit form.
func EditSeries(seriesID int64) string { return AdminSeries(seriesID) + "/edit" }

// DeleteSeries is where a series is deleted.
func DeleteSeries(seriesID int64) string { return AdminSeries(seriesID) + "/delete" }

// SeriesEditions is where a new edition of a series is posted.
func SeriesEditions(seriesID int64) string { return AdminSeries(seriesID) + "/editions" }

// NewEdition is the form for a new edition of a series.
func NewEdition(seriesID int64) string { return SeriesEditions(seriesID) + "/new" }

// AdminEdition is the organisers' page of an edition, and where its
// changes are posted.
func AdminEdition(editionID int64) string { return Admin() + "/editions/" + id(editionID) }

// EditEdition is an edition's edit form.
func EditEdition(editionID int64) string { return AdminEdition(editionID) + "/edit" }

// DeleteEdition is where an edition is deleted.
func DeleteEdition(editionID int64) string { return AdminEdition(editionID) + "/delete" }

// CopyEdition is the form that copies an edition into a new one.
func CopyEdition(editionID int64) string { return AdminEdition(editionID) + "/copy" }

// Registrations is the list of an edition's registrations.
func Registrations(editionID int64) string { return AdminEdition(editionID) + "/registrations" }

// RegistrationsCSV is the export of an edition's registrations.
func RegistrationsCSV(editionID int64) string { return Registrations(editionID) + ".csv" }

// Needs is the overview of what an edition's participants need.
func Needs(editionID int64) string { return AdminEdition(editionID) + "/needs" }

// EditionSessions is where a new agenda item of an edition is posted.
func EditionSessions(editionID int64) string { return AdminEdition(editionID) + "/sessions" }

// NewSession is the form for a new agenda item.
func NewSession(editionID int64) string { return EditionSessions(editionID) + "/new" }

// Assignment is an edition's workshop assignment, where runs are started.
func Assignment(editionID int64) string { return AdminEdition(editionID) + "/assignment" }

// AssignmentSettings is where the assignment's settings are posted.
func AssignmentSettings(editionID int64) string { return Assignment(editionID) + "/settings" }

// DeletePins is where fixed placements are removed.
func DeletePins(editionID int64) string { return AdminEdition(editionID) + "/pins/delete" }

// AdminRegistration is the organisers' page of a registration, and where
// its changes are posted.
func AdminRegistration(registrationID int64) string {
	return Admin() + "/registrations/" + id(registrationID)
}

// CancelRegistration is where organisers cancel a registration.
func CancelRegistration(registrationID int64) string {
	return AdminRegistration(registrationID) + "/cancel"
}

// AdminSession is where an agenda item's changes are posted.
func AdminSession(sessionID int64) string { return Admin() + "/sessions/" + id(sessionID) }

// EditSession is an agenda item's edit form.
func EditSession(sessionID int64) string { return AdminSession(sessionID) + "/edit" }

// DeleteSession is where an agenda item is deleted.
func DeleteSession(sessionID int64) string { return AdminSession(sessionID) + "/delete" }

// SessionWorkshops is where a new workshop of a workshop slot is posted.
func SessionWorkshops(sessionID int64) string { return AdminSession(sessionID) + "/workshops" }

// NewWorkshop is the form for a new workshop of a workshop slot.
func NewWorkshop(sessionID int64) string { return SessionWorkshops(sessionID) + "/new" }

// AdminWorkshop is where a workshop's changes are posted.
func AdminWorkshop(workshopID int64) string { return Admin() + "/workshops/" + id(workshopID) }

// EditWorkshop is a workshop's edit form.
func EditWorkshop(workshopID int64) string { return AdminWorkshop(workshopID) + "/edit" }

// DeleteWorkshop is where a workshop is deleted.
func DeleteWorkshop(workshopID int64) string { return AdminWorkshop(workshopID) + "/delete" }

// WorkshopParticipants is the list of who is placed in a workshop.
func WorkshopParticipants(workshopID int64) string {
	return AdminWorkshop(workshopID) + "/participants"
}

// Run is one assignment run, its result and its moves.
func Run(runID int64) string { return Admin() + "/assignment-runs/" + id(runID) }

// MoveInRun is where a participant is moved to another workshop in a run.
func MoveInRun(runID int64) string { return Run(runID) + "/move" }

// PublishRun is where a run is published.
func PublishRun(runID int64) string { return Run(runID) + "/publish" }

// Site makes absolute addresses from the site's public address (BASE_URL),
// for links that leave the site: in emails, calendars and documents.
type Site struct {
	base string // scheme, host and path prefix, without a trailing slash
	host string
}

// NewSite checks that baseURL is an absolute http(s) address; a trailing
// slash and a path prefix (the site served below a path) are fine.
func NewSite(baseURL string) (Site, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(baseURL), "/"))
	if err != nil || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return Site{}, fmt.Errorf("urls: base URL %q is not an absolute http(s) address", baseURL)
	}
	u.RawQuery, u.Fragment = "", ""
	return Site{base: u.String(), host: u.Hostname()}, nil
}

// URL returns the absolute address of path, one of this package's paths.
func (s Site) URL(path string) string { return s.base + path }

// Host is the site's host name, without port: the domain part of the
// calendar's UIDs. It is empty for a Site that NewSite did not make.
func (s Site) Host() string { return s.host }

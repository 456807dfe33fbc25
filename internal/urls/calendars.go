package urls

import "strings"

// WorkshopCalendar is the iCalendar file of one workshop of an edition.
func WorkshopCalendar(slug string, workshopID int64) string {
	return Conference(slug) + "/workshops/" + id(workshopID) + "/kalender.ics"
}

// PersonalCalendar is a participant's own calendar, behind the personal
// link: the plenary items and their own workshops.
func PersonalCalendar(token string) string { return Personal(token) + "/kalender.ics" }

// SeriesCalendar is the calendar of every published edition of a series.
func SeriesCalendar(slug string) string { return Series(slug) + "/kalender.ics" }

// Webcal returns the webcal:// address of path, one of the calendar
// paths: the site's address with its scheme replaced, which browsers hand
// to the calendar program to subscribe to instead of downloading the file.
func (s Site) Webcal(path string) string {
	u := s.URL(path)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+len("://"):]
	}
	return "webcal://" + u
}

// CalendarFuncs are the calendar builders as template functions, named as
// Funcs names its own.
func CalendarFuncs() map[string]any {
	return map[string]any{
		"workshopCalendarPath": WorkshopCalendar,
		"personalCalendarPath": PersonalCalendar,
		"seriesCalendarPath":   SeriesCalendar,
	}
}

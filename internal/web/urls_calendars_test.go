package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// calendarAddresses are the addresses of the calendars to subscribe to.
var calendarAddresses = []addressCase{
	{get, urls.WorkshopCalendar("nrw-2016", 3), "/k/:slug/workshops/:id/kalender.ics"},
	{get, urls.PersonalCalendar("abc"), "/r/:token/kalender.ics"},
	{get, urls.SeriesCalendar("nrw"), "/s/:slug/kalender.ics"},
}

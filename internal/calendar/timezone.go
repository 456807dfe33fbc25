package calendar

import (
	"fmt"
	"time"

	ical "github.com/emersion/go-ical"
)

// iCalendar's names of the weekdays, for BYDAY.
var weekdays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// localFormat is a DATE-TIME in local time, as DTSTART of an observance is
// written (RFC 5545, section 3.6.5).
const localFormat = "20060102T150405"

// timezone returns the VTIMEZONE for loc that covers the years from first
// to last. Google and Thunderbird recognise an Olson TZID and use their own
// rules, but Outlook and some others use only the definition in the file,
// so it has to be right: it is derived from Go's zone data, which the
// binary embeds (time/tzdata, imported by model).
//
// Zones with daylight saving time get a STANDARD and a DAYLIGHT
// sub-component with yearly rules, as Europe/Berlin's
// FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU, when the transitions of the years
// around the edition follow them; otherwise every transition of those
// years is listed on its own, which is as correct but less familiar to
// clients. A zone without transitions gets a single STANDARD.
func timezone(loc *time.Location, first, last time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	// The same name go-ical writes into the TZID parameter of DTSTART.
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	y0, y1 := first.In(loc).Year(), last.In(loc).Year()
	if rules := yearlyRules(loc, y0, y1); rules != nil {
		tz.Children = rules
		return tz
	}
	from := time.Date(y0, time.January, 1, 0, 0, 0, 0, loc)
	to := time.Date(y1+1, time.January, 1, 0, 0, 0, 0, loc)
	for _, o := range observances(loc, from, to) {
		tz.Children = append(tz.Children, o.component(o.dst, ""))
	}
	return tz
}

// observance is a stretch of time during which a zone keeps one offset and
// abbreviation, from the transition that begins it.
type observance struct {
	start      time.Time // the transition; zero if the zone has been so since always
	name       string
	offset     int // seconds east of UTC during the stretch
	fromOffset int // seconds east of UTC just before it
	dst        bool
}

// observances returns the stretches of loc that overlap [from, to), the
// first of them the one in effect at from.
func observances(loc *time.Location, from, to time.Time) []observance {
	var obs []observance
	t := from
	for {
		lt := t.In(loc)
		start, end := lt.ZoneBounds()
		name, offset := lt.Zone()
		o := observance{start: start, name: name, offset: offset, fromOffset: offset, dst: lt.IsDST()}
		if !start.IsZero() {
			_, o.fromOffset = start.Add(-time.Second).In(loc).Zone()
		}
		obs = append(obs, o)
		if end.IsZero() || !end.Before(to) || !end.After(t) {
			return obs
		}
		t = end
	}
}

// wall is the transition in the local time in effect before it, which is
// how an observance's DTSTART is written.
func (o observance) wall() time.Time {
	return o.start.In(time.FixedZone("", o.fromOffset))
}

// component writes the observance as a DAYLIGHT sub-component if daylight,
// else as a STANDARD one, repeating by rule if one is given.
func (o observance) component(daylight bool, rule string) *ical.Component {
	kind := ical.CompTimezoneStandard
	if daylight {
		kind = ical.CompTimezoneDaylight
	}
	c := ical.NewComponent(kind)
	start := "19700101T000000" // any time before the edition will do
	if !o.start.IsZero() {
		start = o.wall().Format(localFormat)
	}
	setRaw(c, ical.PropDateTimeStart, start)
	setRaw(c, ical.PropTimezoneOffsetFrom, utcOffset(o.fromOffset))
	setRaw(c, ical.PropTimezoneOffsetTo, utcOffset(o.offset))
	if o.name != "" {
		c.Props.SetText(ical.PropTimezoneName, o.name)
	}
	if rule != "" {
		setRaw(c, ical.PropRecurrenceRule, rule)
	}
	return c
}

// setRaw sets a property whose value is already in its iCalendar form.
func setRaw(c *ical.Component, name, value string) {
	p := ical.NewProp(name)
	p.Value = value
	c.Props.Set(p)
}

// yearlyRules describes loc by one yearly rule for the start of daylight
// saving time and one for its end, if every transition from the year
// before y0 to the year after y1 follows them; otherwise it returns nil.
// The extra years make sure the rules cover the whole edition, including
// the observance in effect on 1 January of y0.
func yearlyRules(loc *time.Location, y0, y1 int) []*ical.Component {
	firstYear, lastYear := y0-1, y1+1
	from := time.Date(firstYear, time.January, 1, 0, 0, 0, 0, loc)
	to := time.Date(lastYear+1, time.January, 1, 0, 0, 0, 0, loc)
	var groups [2][]observance // standard, daylight
	for _, o := range observances(loc, from, to) {
		if o.start.Before(from) {
			continue // began before the years in question
		}
		i := 0
		if o.dst {
			i = 1
		}
		groups[i] = append(groups[i], o)
	}
	var rules [2]string
	for i, g := range groups {
		rule, ok := yearlyRule(g, firstYear, lastYear)
		if !ok {
			return nil
		}
		rules[i] = rule
	}
	// The time with the larger offset is written as DAYLIGHT, as clients
	// expect, even where the zone data says the opposite: Europe/Dublin's
	// winter time (GMT) counts as the exception there.
	std, dst := groups[0][0], groups[1][0]
	return []*ical.Component{
		std.component(std.offset > dst.offset, rules[0]),
		dst.component(dst.offset > std.offset, rules[1]),
	}
}

// yearlyRule returns the RRULE that g follows if g holds exactly one
// transition in each year from firstYear to lastYear, each with the same
// offsets and name, in the same month, on the same weekday, at the same
// time of day, and either always on the last such weekday of the month or
// always on the nth.
func yearlyRule(g []observance, firstYear, lastYear int) (string, bool) {
	if len(g) != lastYear-firstYear+1 {
		return "", false
	}
	ref := g[0]
	w0 := ref.wall()
	n0 := (w0.Day()-1)/7 + 1
	last, nth := true, true
	for i, o := range g {
		w := o.wall()
		if w.Year() != firstYear+i || w.Month() != w0.Month() || w.Weekday() != w0.Weekday() ||
			w.Hour() != w0.Hour() || w.Minute() != w0.Minute() || w.Second() != w0.Second() ||
			o.name != ref.name || o.offset != ref.offset || o.fromOffset != ref.fromOffset {
			return "", false
		}
		if w.Day()+7 <= daysIn(w.Year(), w.Month()) {
			last = false
		}
		if (w.Day()-1)/7+1 != n0 {
			nth = false
		}
	}
	day := weekdays[w0.Weekday()]
	switch {
	case last:
		return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=-1%s", int(w0.Month()), day), true
	case nth:
		return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(w0.Month()), n0, day), true
	}
	return "", false
}

// daysIn returns the number of days of month m in year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// utcOffset writes seconds east of UTC as RFC 5545's UTC-OFFSET: +0100,
// -0330, with seconds only where there are any.
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

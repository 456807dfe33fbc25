package calendar_test

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

const baseURL = "https://konferenz.example.org/"

// site is the site at baseURL, or at another address.
func site(t *testing.T, base ...string) urls.Site {
	t.Helper()
	s, err := urls.NewSite(append(base, baseURL)[0])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// edition returns a conference on the given day in zone, 10:00 to 17:00,
// with an introduction, a keynote and a workshop slot of two workshops.
func edition(t *testing.T, zone string, day time.Time) (*model.Conference, []model.Session) {
	t.Helper()
	loc := mustLoad(t, zone)
	at := func(hour, min int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), hour, min, 0, 0, loc).UTC()
	}
	c := &model.Conference{
		ID:       7,
		SeriesID: 1,
		Slug:     "wuppertal-2016",
		Title:    "Flüchtlingspolitik in Nordrhein-Westfalen: Willkommenskultur oder Ausgrenzung und Abschieberegime?",
		Subtitle: "Wie kann linke Kommunalpolitik ein solidarisches Zusammenleben gestalten?",
		StartsAt: at(10, 0),
		EndsAt:   at(17, 0),
		TimeZone: zone,
		Venue:    "Tagungshaus Wuppertal",
		Address:  "Musterstraße 1, 42103 Wuppertal",
		Hosts:    "Kommunalpolitisches Forum NRW und Rosa Luxemburg Stiftung NRW",
		// From a textarea: CRLF, and long enough to be folded.
		Description: "Rund sechzig Teilnehmer\\*innen, überwiegend kommunale Mandatsträger\\*innen aus " +
			"Nordrhein-Westfalen, diskutierten über Flüchtlingspolitik.\r\n\r\n- Wohnen; Gesundheit, Bildung\r\n- Arbeit",
		Status:    model.StatusDocumented,
		Published: true,
		Revision:  5,
		CreatedAt: time.Date(2015, time.December, 1, 8, 0, 0, 0, time.UTC),
		UpdatedAt: time.Date(2016, time.January, 20, 17, 30, 12, 345, time.UTC),
	}
	const plenum = "Großer Saal"
	sessions := []model.Session{
		{ID: 11, ConferenceID: 7, Kind: model.KindPlenary, Title: "Einführung", Room: plenum, Revision: 3,
			StartsAt: at(10, 0), EndsAt: at(10, 15),
			People: []model.Person{{Name: "Ulrike Detjen", Affiliation: "Mitglied der Landschaftsversammlung des LVR", Role: model.RoleSpeaker}}},
		{ID: 12, ConferenceID: 7, Kind: model.KindKeynote, Title: "Die Flüchtlingspolitik des Landes Nordrhein-Westfalen",
			Room: plenum, StartsAt: at(10, 15), EndsAt: at(11, 15), Description: "Thomas Zitzmann skizzierte …", Revision: 1,
			People: []model.Person{{Name: "Thomas Zitzmann", Affiliation: "Kölner Flüchtlingsrat", Role: model.RoleSpeaker}}},
		{ID: 13, ConferenceID: 7, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen", Room: "Raum 1–4",
			StartsAt: at(13, 30), EndsAt: at(15, 30), Revision: 4,
			Workshops: []model.Workshop{
				{ID: 21, ConferenceID: 7, SessionID: 13, Topic: model.TopicHousing, Title: "Wohnen", Room: "Raum 1", Capacity: 20, Revision: 2,
					People: []model.Person{{Name: "Knut Unger", Role: model.RoleModerator}}},
				{ID: 22, ConferenceID: 7, SessionID: 13, Topic: model.TopicHealth, Title: "Gesundheit", Room: "Raum 2", Capacity: 20,
					People: []model.Person{{Name: "Anamaria Diaz", Affiliation: "Medizinische Flüchtlingshilfe Bochum", Role: model.RoleInput}}},
			}},
	}
	return c, sessions
}

func generate(t *testing.T, c *model.Conference, sessions []model.Session) ([]byte, *ical.Calendar) {
	t.Helper()
	raw, err := calendar.Conference(c, sessions, site(t))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, raw)
	}
	return raw, cal
}

func text(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	s, err := props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// eventByUID returns the event with the UID, failing the test if there is none.
func eventByUID(t *testing.T, cal *ical.Calendar, uid string) ical.Event {
	t.Helper()
	for _, e := range cal.Events() {
		if text(t, e.Props, ical.PropUID) == uid {
			return e
		}
	}
	t.Fatalf("no event %s", uid)
	return ical.Event{}
}

func timezones(cal *ical.Calendar) []*ical.Component {
	var tzs []*ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			tzs = append(tzs, c)
		}
	}
	return tzs
}

func TestConferenceInBerlin(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	raw, cal := generate(t, c, sessions)

	for name, want := range map[string]string{
		ical.PropVersion: "2.0", ical.PropCalendarScale: "GREGORIAN",
		ical.PropProductID: calendar.ProductID, "X-WR-CALNAME": c.Title,
	} {
		if got := text(t, cal.Props, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	// No METHOD: iTIP (RFC 5546) would want an ORGANIZER on every event.
	if p := cal.Props.Get(ical.PropMethod); p != nil {
		t.Errorf("METHOD %q in a file that is no iTIP message", p.Value)
	}
	if p := cal.Props.Get("X-WR-CALNAME"); len(p.Params) != 0 {
		t.Errorf("X-WR-CALNAME has parameters %v", p.Params)
	}

	events := cal.Events()
	if len(events) != 6 { // the edition, three items, two workshops
		t.Fatalf("%d events, want 6", len(events))
	}
	uids := map[string]bool{}
	for _, e := range events {
		uid := text(t, e.Props, ical.PropUID)
		if uids[uid] {
			t.Errorf("UID %s twice", uid)
		}
		uids[uid] = true

		// Each item's own revision; a workshop's adds its slot's.
		want := map[string]int{"conference-7": 5, "session-11": 3, "session-12": 1, "session-13": 4,
			"workshop-21": 6, "workshop-22": 4}[strings.TrimSuffix(uid, "@konferenz.example.org")]
		if seq, err := e.Props.Get(ical.PropSequence).Int(); err != nil || seq != want {
			t.Errorf("%s: SEQUENCE %d (%v), want the revision %d", uid, seq, err, want)
		}
		if stamp, err := e.Props.DateTime(ical.PropDateTimeStamp, nil); err != nil ||
			!stamp.Equal(c.UpdatedAt.Truncate(time.Second)) {
			t.Errorf("%s: DTSTAMP %v (%v), want %v", uid, stamp, err, c.UpdatedAt)
		}
		if st, err := e.Status(); err != nil || st != ical.EventConfirmed {
			t.Errorf("%s: STATUS %q (%v)", uid, st, err)
		}
		if u, err := e.Props.URI(ical.PropURL); err != nil || u == nil || u.String() != "https://konferenz.example.org/k/wuppertal-2016" {
			t.Errorf("%s: URL %v (%v)", uid, u, err)
		}
		if loc := text(t, e.Props, ical.PropLocation); !strings.HasSuffix(loc, "Tagungshaus Wuppertal, Musterstraße 1, 42103 Wuppertal") {
			t.Errorf("%s: LOCATION %q lacks venue and address", uid, loc)
		}
		for _, name := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			if p := e.Props.Get(name); p == nil || p.Params.Get(ical.ParamTimezoneID) != "Europe/Berlin" {
				t.Errorf("%s: %s %+v lacks TZID=Europe/Berlin", uid, name, p)
			}
		}
	}
	for _, uid := range []string{"conference-7", "session-11", "session-12", "session-13", "workshop-21", "workshop-22"} {
		if !uids[uid+"@konferenz.example.org"] {
			t.Errorf("no event %s@konferenz.example.org among %v", uid, uids)
		}
	}

	// 10:00 in Berlin in February is 09:00 UTC.
	intro := eventByUID(t, cal, "session-11@konferenz.example.org")
	if v := intro.Props.Get(ical.PropDateTimeStart).Value; v != "20160213T100000" {
		t.Errorf("DTSTART %q, want local 20160213T100000", v)
	}
	start, err := intro.DateTimeStart(nil)
	if err != nil || !start.Equal(time.Date(2016, time.February, 13, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART resolves to %v (%v), want 09:00 UTC", start.UTC(), err)
	}
	end, err := intro.DateTimeEnd(nil)
	if err != nil || !end.Equal(time.Date(2016, time.February, 13, 9, 15, 0, 0, time.UTC)) {
		t.Errorf("DTEND resolves to %v (%v), want 09:15 UTC", end.UTC(), err)
	}
	if got := text(t, intro.Props, ical.PropLocation); got != "Großer Saal, Tagungshaus Wuppertal, Musterstraße 1, 42103 Wuppertal" {
		t.Errorf("LOCATION %q", got)
	}

	// People with their affiliation; umlauts intact.
	keynote := eventByUID(t, cal, "session-12@konferenz.example.org")
	if got := text(t, keynote.Props, ical.PropSummary); got != "Die Flüchtlingspolitik des Landes Nordrhein-Westfalen" {
		t.Errorf("SUMMARY %q", got)
	}
	if got := text(t, keynote.Props, ical.PropDescription); !strings.HasPrefix(got, "Thomas Zitzmann (Kölner Flüchtlingsrat)\n\nThomas Zitzmann skizzierte …") {
		t.Errorf("DESCRIPTION %q", got)
	}

	// Each workshop has its own event at the slot's time in its own room.
	health := eventByUID(t, cal, "workshop-22@konferenz.example.org")
	if got := text(t, health.Props, ical.PropSummary); got != "Gesundheit" {
		t.Errorf("workshop SUMMARY %q", got)
	}
	if got := text(t, health.Props, ical.PropLocation); got != "Raum 2, Tagungshaus Wuppertal, Musterstraße 1, 42103 Wuppertal" {
		t.Errorf("workshop LOCATION %q", got)
	}
	if got := text(t, health.Props, ical.PropDescription); !strings.Contains(got, "Anamaria Diaz (Medizinische Flüchtlingshilfe Bochum)") {
		t.Errorf("workshop DESCRIPTION %q", got)
	}
	if start, _ := health.DateTimeStart(nil); !start.Equal(time.Date(2016, time.February, 13, 12, 30, 0, 0, time.UTC)) {
		t.Errorf("workshop starts %v, want 12:30 UTC", start.UTC())
	}

	// The edition's event: its text with line breaks, special characters
	// and the address, though it came with CRLF and is folded.
	whole := eventByUID(t, cal, "conference-7@konferenz.example.org")
	if got := text(t, whole.Props, ical.PropSummary); got != c.Title {
		t.Errorf("SUMMARY %q", got)
	}
	desc := text(t, whole.Props, ical.PropDescription)
	for _, want := range []string{c.Subtitle, c.Hosts, "überwiegend kommunale Mandatsträger", "\n\n- Wohnen; Gesundheit, Bildung\n- Arbeit"} {
		if !strings.Contains(desc, want) {
			t.Errorf("DESCRIPTION lacks %q:\n%s", want, desc)
		}
	}
	if strings.Contains(desc, "\r") {
		t.Errorf("DESCRIPTION keeps a CR: %q", desc)
	}
	if got := text(t, whole.Props, ical.PropLocation); got != "Tagungshaus Wuppertal, Musterstraße 1, 42103 Wuppertal" {
		t.Errorf("LOCATION %q", got)
	}

	// The zone's definition, with the rules of central Europe.
	tzs := timezones(cal)
	if len(tzs) != 1 || text(t, tzs[0].Props, ical.PropTimezoneID) != "Europe/Berlin" {
		t.Fatalf("want one VTIMEZONE Europe/Berlin, got %d", len(tzs))
	}
	want := map[string][4]string{
		ical.CompTimezoneStandard: {"+0200", "+0100", "CET", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
		ical.CompTimezoneDaylight: {"+0100", "+0200", "CEST", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
	}
	if len(tzs[0].Children) != 2 {
		t.Errorf("VTIMEZONE has %d sub-components, want STANDARD and DAYLIGHT", len(tzs[0].Children))
	}
	for _, sub := range tzs[0].Children {
		w, ok := want[sub.Name]
		if !ok {
			t.Errorf("unexpected %s", sub.Name)
			continue
		}
		got := [4]string{sub.Props.Get(ical.PropTimezoneOffsetFrom).Value, sub.Props.Get(ical.PropTimezoneOffsetTo).Value,
			text(t, sub.Props, ical.PropTimezoneName), sub.Props.Get(ical.PropRecurrenceRule).Value}
		if got != w {
			t.Errorf("%s: %v, want %v", sub.Name, got, w)
		}
	}
	checkTimezone(t, tzs[0], mustLoad(t, "Europe/Berlin"), 2016, 2016)
	checkLines(t, raw)

	// Generating again gives the same bytes, so the same UIDs.
	again, err := calendar.Conference(c, sessions, site(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again) {
		t.Error("two generations differ")
	}
}

func TestSummerEdition(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.June, 18, 0, 0, 0, 0, time.UTC))
	raw, cal := generate(t, c, sessions)
	intro := eventByUID(t, cal, "session-11@konferenz.example.org")
	start, err := intro.DateTimeStart(nil)
	if err != nil || !start.Equal(time.Date(2016, time.June, 18, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART resolves to %v (%v), want 08:00 UTC", start.UTC(), err)
	}
	tzs := timezones(cal)
	if len(tzs) != 1 {
		t.Fatalf("%d VTIMEZONEs", len(tzs))
	}
	// A client that knows only the file's definition gets +0200 too.
	if off, name := offsetAt(t, tzs[0], start); off != "+0200" || name != "CEST" {
		t.Errorf("offset at the start %s %s, want +0200 CEST", off, name)
	}
	checkLines(t, raw)
}

func TestConferenceInUTC(t *testing.T) {
	c, sessions := edition(t, "UTC", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	raw, cal := generate(t, c, sessions)
	if tzs := timezones(cal); len(tzs) != 0 {
		t.Errorf("%d VTIMEZONEs for UTC times", len(tzs))
	}
	for _, e := range cal.Events() {
		p := e.Props.Get(ical.PropDateTimeStart)
		if !strings.HasSuffix(p.Value, "Z") || p.Params.Get(ical.ParamTimezoneID) != "" {
			t.Errorf("DTSTART %+v, want UTC with Z and no TZID", p)
		}
	}
	intro := eventByUID(t, cal, "session-11@konferenz.example.org")
	if start, err := intro.DateTimeStart(nil); err != nil || !start.Equal(time.Date(2016, time.February, 13, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART %v (%v), want 10:00 UTC", start, err)
	}
	checkLines(t, raw)
}

func TestZoneWithoutDaylightSaving(t *testing.T) {
	c, sessions := edition(t, "Asia/Tokyo", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	_, cal := generate(t, c, sessions)
	tzs := timezones(cal)
	if len(tzs) != 1 || text(t, tzs[0].Props, ical.PropTimezoneID) != "Asia/Tokyo" {
		t.Fatalf("want one VTIMEZONE Asia/Tokyo, got %d", len(tzs))
	}
	if subs := tzs[0].Children; len(subs) != 1 || subs[0].Name != ical.CompTimezoneStandard ||
		subs[0].Props.Get(ical.PropTimezoneOffsetTo).Value != "+0900" {
		t.Errorf("want a single STANDARD +0900, got %+v", subs)
	}
	intro := eventByUID(t, cal, "session-11@konferenz.example.org")
	if start, err := intro.DateTimeStart(nil); err != nil || !start.Equal(time.Date(2016, time.February, 13, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART %v (%v), want 01:00 UTC", start.UTC(), err)
	}
}

// TestTimezoneDefinitions checks the VTIMEZONE of zones with different
// kinds of rules against Go's zone data, hour by hour, as a client that
// reads only the file would compute the offsets.
func TestTimezoneDefinitions(t *testing.T) {
	for _, tc := range []struct {
		zone     string
		from, to time.Time // the edition, which may span the new year
	}{
		{"Europe/Berlin", date(2016, 2, 13), date(2016, 2, 13)},
		{"Europe/Berlin", date(2016, 12, 30), date(2017, 1, 2)},
		{"America/New_York", date(2016, 3, 13), date(2016, 3, 14)},  // second Sunday of March
		{"Australia/Sydney", date(2020, 10, 3), date(2020, 10, 5)},  // southern hemisphere
		{"Europe/Moscow", date(2014, 10, 25), date(2014, 10, 27)},   // the zone changed its offset
		{"Asia/Tehran", date(2016, 3, 21), date(2016, 3, 22)},       // fixed dates, no weekday rule
		{"America/Sao_Paulo", date(2018, 11, 3), date(2018, 11, 5)}, // rules changed from year to year
		{"Europe/Dublin", date(2016, 10, 29), date(2016, 10, 31)},   // winter time may be "daylight"
		{"Etc/UTC", date(2016, 2, 13), date(2016, 2, 13)},           // a named UTC
		{"America/Argentina/Buenos_Aires", date(2009, 2, 13), date(2009, 2, 14)},
	} {
		t.Run(tc.zone+"/"+tc.from.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			loc := mustLoad(t, tc.zone)
			c, sessions := edition(t, tc.zone, tc.from)
			c.EndsAt = time.Date(tc.to.Year(), tc.to.Month(), tc.to.Day(), 17, 0, 0, 0, loc).UTC()
			_, cal := generate(t, c, sessions)
			tzs := timezones(cal)
			if len(tzs) != 1 || text(t, tzs[0].Props, ical.PropTimezoneID) != tc.zone {
				t.Fatalf("want one VTIMEZONE %s, got %d", tc.zone, len(tzs))
			}
			checkTimezone(t, tzs[0], loc, tc.from.Year(), tc.to.Year())
			// Yearly rules call the time with the larger offset DAYLIGHT.
			for _, sub := range tzs[0].Children {
				if sub.Props.Get(ical.PropRecurrenceRule) == nil {
					continue
				}
				from := parseOffset(t, sub.Props.Get(ical.PropTimezoneOffsetFrom).Value)
				to := parseOffset(t, sub.Props.Get(ical.PropTimezoneOffsetTo).Value)
				if (sub.Name == ical.CompTimezoneDaylight) != (to > from) {
					t.Errorf("%s from %d to %d", sub.Name, from, to)
				}
			}
			// And the event's local time resolves to the right instant.
			whole := eventByUID(t, cal, "conference-7@konferenz.example.org")
			if end, err := whole.DateTimeEnd(nil); err != nil || !end.Equal(c.EndsAt) {
				t.Errorf("DTEND %v (%v), want %v", end, err, c.EndsAt)
			}
		})
	}
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkTimezone compares the offsets tz gives with Go's, every hour of the
// years from y0 to y1.
func checkTimezone(t *testing.T, tz *ical.Component, loc *time.Location, y0, y1 int) {
	t.Helper()
	end := time.Date(y1+1, time.January, 1, 0, 0, 0, 0, loc)
	ons := onsets(t, tz, end) // once: expanding the rules is the slow part
	for at := time.Date(y0, time.January, 1, 0, 0, 0, 0, loc); at.Before(end); at = at.Add(time.Hour) {
		name, offset := at.In(loc).Zone()
		got, gotName := offsetIn(t, ons, at)
		if want := formatOffset(offset); got != want || gotName != name {
			t.Fatalf("%v: VTIMEZONE says %s %s, Go says %s %s", at.UTC(), got, gotName, want, name)
		}
	}
}

// offsetAt evaluates tz at one instant (offsetIn).
func offsetAt(t *testing.T, tz *ical.Component, at time.Time) (offset, name string) {
	t.Helper()
	return offsetIn(t, onsets(t, tz, at), at)
}

// onset is when one of a VTIMEZONE's observances begins, and what it gives.
type onset struct {
	at           time.Time
	offset, name string
}

// onsets lists the onsets of tz's observances up to end, earliest first,
// observances in their order at the same instant. Onsets are DTSTART, or
// the RRULE's recurrences, in the local time before the onset
// (TZOFFSETFROM).
func onsets(t *testing.T, tz *ical.Component, end time.Time) []onset {
	t.Helper()
	var out []onset
	for _, sub := range tz.Children {
		from := sub.Props.Get(ical.PropTimezoneOffsetFrom).Value
		local := time.FixedZone(from, parseOffset(t, from))
		start, err := sub.Props.DateTime(ical.PropDateTimeStart, local)
		if err != nil {
			t.Fatal(err)
		}
		set, err := sub.RecurrenceSet(local)
		if err != nil {
			t.Fatal(err)
		}
		times := []time.Time{start}
		if set != nil {
			times = set.Between(time.Time{}, end, true)
		}
		for _, at := range times {
			if !at.After(end) {
				out = append(out, onset{at: at, offset: sub.Props.Get(ical.PropTimezoneOffsetTo).Value,
					name: text(t, sub.Props, ical.PropTimezoneName)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b onset) int { return a.at.Compare(b.at) })
	return out
}

// offsetIn evaluates a VTIMEZONE, given its onsets, as RFC 5545 describes:
// the observance with the latest onset at or before at wins.
func offsetIn(t *testing.T, ons []onset, at time.Time) (offset, name string) {
	t.Helper()
	i := sort.Search(len(ons), func(i int) bool { return ons[i].at.After(at) }) - 1
	if i < 0 {
		t.Fatalf("VTIMEZONE does not cover %v", at)
	}
	for i > 0 && ons[i-1].at.Equal(ons[i].at) {
		i--
	}
	return ons[i].offset, ons[i].name
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 {
		t.Fatalf("bad UTC offset %q", s)
	}
	n := func(part string) int {
		v, err := strconv.Atoi(part)
		if err != nil {
			t.Fatalf("bad UTC offset %q", s)
		}
		return v
	}
	sec := n(s[1:3])*3600 + n(s[3:5])*60
	if len(s) == 7 {
		sec += n(s[5:7])
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

func formatOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// checkLines checks the content lines: CRLF only, at most 75 octets each,
// no line cut inside a UTF-8 sequence.
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("the file does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	folded := false
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is cut inside a character: %q", i+1, l)
		}
		folded = folded || strings.HasPrefix(l, " ")
	}
	if !folded {
		t.Error("no line was folded; the test data should need it")
	}
}

func TestCalendarSiteAddress(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	// A site that urls.NewSite did not check has no host for the UIDs.
	if _, err := calendar.Conference(c, sessions, urls.Site{}); err == nil {
		t.Error("a calendar without a site address")
	}
	// A trailing slash or a path prefix are fine.
	raw, err := calendar.Conference(c, sessions, site(t, "http://localhost:8080/konferenz/"))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	e := eventByUID(t, cal, "conference-7@localhost")
	if u, _ := e.Props.URI(ical.PropURL); u == nil || u.String() != "http://localhost:8080/konferenz/k/wuppertal-2016" {
		t.Errorf("URL %v", u)
	}
}

// Descriptions are written in Markdown; a calendar program shows text, so
// the calendar carries the text without the markup: headings, emphasis,
// escapes and entities resolved, list items one a line, paragraphs apart,
// links with their address.
func TestDescriptionsArePlainText(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	c.Description = "## Worum es geht\r\n\r\nRund sechzig Teilnehmer\\*innen, **überwiegend** *kommunale* " +
		"Mandatsträger_innen &amp; Gäste.\r\nZweite Zeile.\r\n\r\n" +
		"- Wohnen\r\n- Gesundheit mit `Code`\r\n  - Zugang\r\n\r\n" +
		"1. Anmelden\r\n2. Kommen\r\n\r\n" +
		"Mehr im [Bericht](https://example.org/bericht) und auf <https://example.org>.\r\n\r\n---\r\n\r\n" +
		"> Zitat\r\n"
	sessions[2].Workshops[0].Description = "# Wohnen\n\nMit __Fachleuten__."
	_, cal := generate(t, c, sessions)

	got := text(t, eventByUID(t, cal, "conference-7@konferenz.example.org").Props, ical.PropDescription)
	want := c.Subtitle + "\n\n" + c.Hosts + "\n\n" +
		"Worum es geht\n\n" +
		"Rund sechzig Teilnehmer*innen, überwiegend kommunale Mandatsträger_innen & Gäste.\nZweite Zeile.\n\n" +
		"- Wohnen\n- Gesundheit mit Code\n  - Zugang\n\n" +
		"1. Anmelden\n2. Kommen\n\n" +
		"Mehr im Bericht (https://example.org/bericht) und auf https://example.org.\n\n" +
		"Zitat"
	if got != want {
		t.Errorf("DESCRIPTION\n%q\nwant\n%q", got, want)
	}
	ws := sessions[2].Workshops[0]
	got = text(t, eventByUID(t, cal, "workshop-"+strconv.FormatInt(ws.ID, 10)+"@konferenz.example.org").Props, ical.PropDescription)
	if !strings.HasSuffix(got, "\n\nWohnen\n\nMit Fachleuten.") {
		t.Errorf("workshop DESCRIPTION %q", got)
	}
}

// uids lists the UIDs of a calendar's events, in order.
func uids(t *testing.T, cal *ical.Calendar) []string {
	t.Helper()
	var out []string
	for _, e := range cal.Events() {
		out = append(out, text(t, e.Props, ical.PropUID))
	}
	return out
}

// A participant's own file has the edition and the workshop they are
// placed in, with the UIDs of the programme's file, and not the workshop
// that runs beside theirs nor the other agenda items.
func TestPersonalCalendar(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	for _, tc := range []struct {
		placed []int64
		want   []string
	}{
		{nil, []string{"conference-7@konferenz.example.org"}},
		{[]int64{22}, []string{"conference-7@konferenz.example.org", "workshop-22@konferenz.example.org"}},
	} {
		raw, err := calendar.Personal(c, sessions, tc.placed, site(t))
		if err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, raw)
		}
		if got := uids(t, cal); !slices.Equal(got, tc.want) {
			t.Errorf("placed in %v: events %v, want %v", tc.placed, got, tc.want)
		}
		if len(tc.placed) > 0 {
			ws := eventByUID(t, cal, "workshop-22@konferenz.example.org")
			if start, err := ws.DateTimeStart(nil); err != nil || !start.Equal(sessions[2].StartsAt) {
				t.Errorf("workshop starts %v (%v), want %v", start, err, sessions[2].StartsAt)
			}
			if got := text(t, ws.Props, ical.PropLocation); !strings.HasPrefix(got, "Raum 2, ") {
				t.Errorf("workshop LOCATION %q", got)
			}
		}
		checkLines(t, raw)
	}
}

// A cancelled item stays in the file, marked CANCELLED, and so do the
// workshops of a cancelled slot; the others stay CONFIRMED.
func TestCancelledItems(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	at := c.UpdatedAt
	sessions[0].CancelledAt = &at
	sessions[2].CancelledAt = &at
	_, cal := generate(t, c, sessions)
	for uid, want := range map[string]ical.EventStatus{
		"conference-7": ical.EventConfirmed, "session-11": ical.EventCancelled, "session-12": ical.EventConfirmed,
		"session-13": ical.EventCancelled, "workshop-21": ical.EventCancelled, "workshop-22": ical.EventCancelled,
	} {
		ev := eventByUID(t, cal, uid+"@konferenz.example.org")
		if st, err := ev.Status(); err != nil || st != want {
			t.Errorf("%s: STATUS %q (%v), want %q", uid, st, err, want)
		}
	}
}

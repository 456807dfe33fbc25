// Package calendar writes an edition's programme as an iCalendar file
// (RFC 5545) that people import or subscribe to. It reads the model values
// the store returned and never touches the database itself.
package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// ProductID names the program that wrote a calendar (PRODID), as RFC 5545
// asks; it is ASCII so that no client trips over it.
const ProductID = "-//Kommunale Fluechtlingskonferenz//Konferenzbuero//DE"

// Conference returns the iCalendar file of an edition: one event for the
// whole edition, one per agenda item and one per workshop of a workshop
// slot. sessions is the programme with its people and workshops, as the
// store's Programme returns it; site gives the link back to the programme
// page and, with its host, the domain part of the UIDs.
//
// The result depends only on its arguments, not on the clock: the same
// edition gives the same bytes, so clients that subscribe see no change
// where there was none, and SEQUENCE (the edition's revision) tells them
// which version of an event is newer.
func Conference(c *model.Conference, sessions []model.Session, site urls.Site) ([]byte, error) {
	w, cal, err := start(c, sessions, site)
	if err != nil {
		return nil, err
	}
	cal.Children = append(cal.Children, w.edition())
	for _, s := range sessions {
		var workshops []string
		for _, ws := range s.Workshops {
			workshops = append(workshops, joinNonEmpty(" – ", ws.Title, ws.Room))
		}
		cal.Children = append(cal.Children, w.event("session-"+strconv.FormatInt(s.ID, 10),
			s.Title, s.StartsAt, s.EndsAt, s.Room,
			joinParagraphs(people(s.People), markdownText(s.Description), strings.Join(workshops, "\n"))))
		for _, ws := range s.Workshops {
			cal.Children = append(cal.Children, w.workshop(s, ws))
		}
	}
	return encode(c, cal)
}

// Personal returns one participant's own calendar file: the edition, and
// the workshops they are placed in (workshopIDs), each at its slot's time,
// but none of the workshops that run beside theirs. The events keep the
// UIDs of the edition's file, so a calendar program that has the file an
// earlier email brought, or subscribes to the programme, updates the
// events instead of doubling them. Like Conference, the result depends only
// on its arguments.
func Personal(c *model.Conference, sessions []model.Session, workshopIDs []int64, site urls.Site) ([]byte, error) {
	w, cal, err := start(c, sessions, site)
	if err != nil {
		return nil, err
	}
	cal.Children = append(cal.Children, w.edition())
	for _, s := range sessions {
		for _, ws := range s.Workshops {
			if slices.Contains(workshopIDs, ws.ID) {
				cal.Children = append(cal.Children, w.workshop(s, ws))
			}
		}
	}
	return encode(c, cal)
}

// start begins the file of edition c: the calendar's properties and the
// time zone's definition, and the writer of its events.
func start(c *model.Conference, sessions []model.Session, site urls.Site) (*writer, *ical.Calendar, error) {
	if c == nil {
		return nil, nil, errors.New("calendar: no conference")
	}
	if site.Host() == "" {
		return nil, nil, errors.New("calendar: no site address (urls.NewSite)")
	}
	page, err := url.Parse(site.URL(urls.Conference(c.Slug)))
	if err != nil {
		return nil, nil, fmt.Errorf("calendar: %s: %w", c.Slug, err)
	}

	loc := c.Location()
	w := &writer{
		conf:  c,
		loc:   loc,
		host:  site.Host(),
		page:  page,
		stamp: c.UpdatedAt.UTC(),
	}

	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	// Not in RFC 5545, but the name and zone Google, Apple and Thunderbird
	// show for a subscribed calendar.
	setText(cal.Component, "X-WR-CALNAME", plain(c.Title))
	setText(cal.Component, "X-WR-TIMEZONE", loc.String())

	// UTC times are written with a Z and need no VTIMEZONE; every other
	// zone's definition comes first, before the events that name it.
	if loc != time.UTC {
		first, last := span(c, sessions)
		cal.Children = append(cal.Children, timezone(loc, first, last))
	}
	return w, cal, nil
}

// encode writes the file of edition c.
func encode(c *model.Conference, cal *ical.Calendar) ([]byte, error) {
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: %s: %w", c.Slug, err)
	}
	// go-ical writes CRLF but does not fold; RFC 5545 wants lines of at
	// most 75 octets, and some clients cut longer ones.
	return fold(buf.Bytes()), nil
}

// writer holds what every event of one calendar shares.
type writer struct {
	conf  *model.Conference
	loc   *time.Location
	host  string
	page  *url.URL
	stamp time.Time
}

// edition is the event of the whole edition.
func (w *writer) edition() *ical.Component {
	c := w.conf
	return w.event("conference-"+strconv.FormatInt(c.ID, 10), c.Title, c.StartsAt, c.EndsAt, "",
		joinParagraphs(c.Subtitle, c.Hosts, markdownText(c.Description)))
}

// workshop is the event of workshop ws, held in slot s.
func (w *writer) workshop(s model.Session, ws model.Workshop) *ical.Component {
	return w.event("workshop-"+strconv.FormatInt(ws.ID, 10), ws.Title, s.StartsAt, s.EndsAt, ws.Room,
		joinParagraphs(s.Title, people(ws.People), markdownText(ws.Description)))
}

// event builds one VEVENT. The UID is made of the row's kind and id and the
// site's host, so it stays the same across downloads and edits and differs
// between instances of the app.
func (w *writer) event(uid, summary string, start, end time.Time, room, description string) *ical.Component {
	e := ical.NewEvent()
	e.Props.SetText(ical.PropUID, uid+"@"+w.host)
	// DTSTAMP is when the edition last changed, not now: the same edition
	// gives the same file, byte for byte.
	e.Props.SetDateTime(ical.PropDateTimeStamp, w.stamp)
	e.Props.SetDateTime(ical.PropDateTimeStart, start.In(w.loc))
	e.Props.SetDateTime(ical.PropDateTimeEnd, end.In(w.loc))
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.FormatInt(max(w.conf.Revision, 0), 10)
	e.Props.Set(seq)
	e.Props.SetText(ical.PropSummary, plain(summary))
	if d := plain(description); d != "" {
		e.Props.SetText(ical.PropDescription, d)
	}
	if l := plain(joinNonEmpty(", ", room, w.conf.Venue, w.conf.Address)); l != "" {
		e.Props.SetText(ical.PropLocation, l)
	}
	e.Props.SetURI(ical.PropURL, w.page)
	e.SetStatus(ical.EventConfirmed)
	return e.Component
}

// setText sets a text property that go-ical does not know without the
// VALUE=TEXT it would add, which is the default anyway and which some
// clients do not expect on X- properties.
func setText(c *ical.Component, name, text string) {
	p := ical.NewProp(name)
	p.SetText(text)
	p.Params.Del(ical.ParamValue)
	c.Props.Set(p)
}

// span returns the earliest start and the latest end of the edition and
// its items: the stretch the time zone definition has to cover.
func span(c *model.Conference, sessions []model.Session) (first, last time.Time) {
	first, last = c.StartsAt, c.EndsAt
	for _, s := range sessions {
		if s.StartsAt.Before(first) {
			first = s.StartsAt
		}
		if s.EndsAt.After(last) {
			last = s.EndsAt
		}
	}
	if last.Before(first) {
		last = first
	}
	return first, last
}

// people lists names as "Name (Affiliation)", one a line.
func people(ps []model.Person) string {
	lines := make([]string, 0, len(ps))
	for _, p := range ps {
		line := strings.TrimSpace(p.Name)
		if a := strings.TrimSpace(p.Affiliation); a != "" {
			line += " (" + a + ")"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// joinNonEmpty joins the parts that are not blank.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// joinParagraphs joins the non-blank texts with an empty line between them.
func joinParagraphs(texts ...string) string {
	return joinNonEmpty("\n\n", texts...)
}

// plain makes text fit an iCalendar TEXT value: line breaks become LF
// (which go-ical escapes as \n; it refuses a CR), and other control
// characters, which RFC 5545 forbids in text, are dropped. Text from a
// browser's textarea comes with CRLF.
func plain(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// maxLine is the longest a content line may be, in octets, without its CRLF
// (RFC 5545, section 3.1).
const maxLine = 75

// fold breaks every CRLF-terminated line longer than maxLine octets into a
// first line and continuation lines that start with a space, never inside
// a UTF-8 sequence, so that umlauts survive clients that unfold bytewise.
func fold(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/maxLine*3)
	for len(b) > 0 {
		line := b
		rest := []byte(nil)
		if i := bytes.Index(b, []byte("\r\n")); i >= 0 {
			line, rest = b[:i], b[i+2:]
		}
		limit := maxLine
		for len(line) > limit {
			cut := limit
			// Back up to the start of a UTF-8 sequence: continuation bytes
			// are 10xxxxxx.
			for cut > 0 && line[cut]&0xC0 == 0x80 {
				cut--
			}
			if cut == 0 { // not UTF-8 after all: cut anywhere rather than loop
				cut = limit
			}
			out.Write(line[:cut])
			out.WriteString("\r\n ")
			line = line[cut:]
			limit = maxLine - 1 // the leading space counts
		}
		out.Write(line)
		out.WriteString("\r\n")
		b = rest
	}
	return out.Bytes()
}

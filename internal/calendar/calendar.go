// Package calendar writes an edition's programme as an iCalendar file
// (RFC 5545) that people import or subscribe to: the whole edition, one
// workshop, a participant's own, or every edition of a series. It reads the model values
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
// where there was none, and SEQUENCE (the item's revision; the edition's
// for the edition's own event) tells them which version of an event is
// newer. A cancelled item stays in the file with STATUS:CANCELLED.
func Conference(c *model.Conference, sessions []model.Session, site urls.Site) ([]byte, error) {
	w, cal, err := start(c, sessions, site)
	if err != nil {
		return nil, err
	}
	cal.Children = append(cal.Children, w.programme(sessions)...)
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

// Feed returns the calendar a participant subscribes to behind their
// personal link: the edition, every agenda item but the workshop slots,
// and in each slot only the workshop they are placed in (workshopIDs), so
// that the file follows later changes of the programme and of their
// placement. It shares the UIDs of Conference and Personal.
func Feed(c *model.Conference, sessions []model.Session, workshopIDs []int64, site urls.Site) ([]byte, error) {
	w, cal, err := start(c, sessions, site)
	if err != nil {
		return nil, err
	}
	cal.Children = append(cal.Children, w.edition())
	for _, s := range sessions {
		if s.Kind != model.KindWorkshopSlot {
			cal.Children = append(cal.Children, w.session(s))
			continue
		}
		for _, ws := range s.Workshops {
			if slices.Contains(workshopIDs, ws.ID) {
				cal.Children = append(cal.Children, w.workshop(s, ws))
			}
		}
	}
	return encode(c, cal)
}

// Workshop returns the calendar of one workshop of edition c: its single
// event, with the UID it has in the edition's file. It fails with
// ErrNoWorkshop if no slot of sessions holds the workshop.
func Workshop(c *model.Conference, sessions []model.Session, workshopID int64, site urls.Site) ([]byte, error) {
	w, cal, err := start(c, sessions, site)
	if err != nil {
		return nil, err
	}
	for _, s := range sessions {
		for _, ws := range s.Workshops {
			if ws.ID == workshopID {
				cal.Children = append(cal.Children, w.workshop(s, ws))
				return encode(c, cal)
			}
		}
	}
	return nil, ErrNoWorkshop
}

// ErrNoWorkshop says that the workshop asked for is not in the programme.
var ErrNoWorkshop = errors.New("calendar: no such workshop in the programme")

// Edition is one edition of a series with its programme, as Series takes it.
type Edition struct {
	Conference *model.Conference
	Sessions   []model.Session
}

// Series returns the calendar of series s: every edition given, each with
// its programme as in the edition's own file and with the same UIDs, and
// one time zone definition for each zone the editions are held in,
// covering them all.
func Series(s *model.Series, editions []Edition, site urls.Site) ([]byte, error) {
	if s == nil {
		return nil, errors.New("calendar: no series")
	}
	cal, err := newCalendar(s.Title, site)
	if err != nil {
		return nil, err
	}
	type stretch struct {
		loc         *time.Location
		first, last time.Time
	}
	var zones []*stretch
	byName := map[string]*stretch{}
	var events []*ical.Component
	for _, e := range editions {
		w, err := newWriter(e.Conference, site)
		if err != nil {
			return nil, err
		}
		events = append(events, w.programme(e.Sessions)...)
		if w.loc == time.UTC {
			continue
		}
		first, last := span(e.Conference, e.Sessions)
		z := byName[w.loc.String()]
		if z == nil {
			z = &stretch{loc: w.loc, first: first, last: last}
			byName[w.loc.String()] = z
			zones = append(zones, z)
		}
		z.first, z.last = minTime(z.first, first), maxTime(z.last, last)
	}
	if len(byName) == 1 {
		setText(cal.Component, "X-WR-TIMEZONE", zones[0].loc.String())
	}
	for _, z := range zones {
		cal.Children = append(cal.Children, timezone(z.loc, z.first, z.last))
	}
	cal.Children = append(cal.Children, events...)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: series %s: %w", s.Slug, err)
	}
	return fold(buf.Bytes()), nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// start begins the file of edition c: the calendar's properties and the
// time zone's definition, and the writer of its events.
func start(c *model.Conference, sessions []model.Session, site urls.Site) (*writer, *ical.Calendar, error) {
	w, err := newWriter(c, site)
	if err != nil {
		return nil, nil, err
	}
	cal, err := newCalendar(c.Title, site)
	if err != nil {
		return nil, nil, err
	}
	setText(cal.Component, "X-WR-TIMEZONE", w.loc.String())
	// UTC times are written with a Z and need no VTIMEZONE; every other
	// zone's definition comes first, before the events that name it.
	if w.loc != time.UTC {
		first, last := span(c, sessions)
		cal.Children = append(cal.Children, timezone(w.loc, first, last))
	}
	return w, cal, nil
}

// newCalendar makes a calendar's properties. It has no METHOD: a file
// to download or subscribe to is not an iTIP message (RFC 5546), and
// METHOD:PUBLISH would ask for an ORGANIZER on every event, for which
// the site has no address of the organisers to give.
func newCalendar(name string, site urls.Site) (*ical.Calendar, error) {
	if site.Host() == "" {
		return nil, errors.New("calendar: no site address (urls.NewSite)")
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	// Not in RFC 5545, but the name and zone Google, Apple and Thunderbird
	// show for a subscribed calendar.
	setText(cal.Component, "X-WR-CALNAME", plain(name))
	return cal, nil
}

// newWriter makes the writer of edition c's events.
func newWriter(c *model.Conference, site urls.Site) (*writer, error) {
	if c == nil {
		return nil, errors.New("calendar: no conference")
	}
	if site.Host() == "" {
		return nil, errors.New("calendar: no site address (urls.NewSite)")
	}
	page, err := url.Parse(site.URL(urls.Conference(c.Slug)))
	if err != nil {
		return nil, fmt.Errorf("calendar: %s: %w", c.Slug, err)
	}
	return &writer{
		conf:  c,
		loc:   c.Location(),
		host:  site.Host(),
		page:  page,
		stamp: c.UpdatedAt.UTC(),
	}, nil
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
		joinParagraphs(c.Subtitle, c.Hosts, markdownText(c.Description)), c.Revision, false)
}

// programme is the edition's event and those of its agenda items and of
// the workshops of its slots.
func (w *writer) programme(sessions []model.Session) []*ical.Component {
	events := []*ical.Component{w.edition()}
	for _, s := range sessions {
		events = append(events, w.session(s))
		for _, ws := range s.Workshops {
			events = append(events, w.workshop(s, ws))
		}
	}
	return events
}

// session is the event of agenda item s; a slot's lists its workshops.
func (w *writer) session(s model.Session) *ical.Component {
	var workshops []string
	for _, ws := range s.Workshops {
		workshops = append(workshops, joinNonEmpty(" – ", ws.Title, ws.Room))
	}
	return w.event("session-"+strconv.FormatInt(s.ID, 10),
		s.Title, s.StartsAt, s.EndsAt, s.Room,
		joinParagraphs(people(s.People), markdownText(s.Description), strings.Join(workshops, "\n")),
		s.Revision, s.Cancelled())
}

// workshop is the event of workshop ws, held in slot s.
func (w *writer) workshop(s model.Session, ws model.Workshop) *ical.Component {
	return w.event("workshop-"+strconv.FormatInt(ws.ID, 10), ws.Title, s.StartsAt, s.EndsAt, ws.Room,
		joinParagraphs(s.Title, people(ws.People), markdownText(ws.Description)),
		// A change of the slot (its time) is a change of the workshop.
		s.Revision+ws.Revision, s.Cancelled())
}

// event builds one VEVENT. The UID is made of the row's kind and id and the
// site's host, so it stays the same across downloads and edits and differs
// between instances of the app. sequence is the item's revision, which
// grows with each of its changes; a cancelled item stays in the file with
// STATUS:CANCELLED, so that calendar programs take it off their days
// instead of keeping the copy they had.
func (w *writer) event(uid, summary string, start, end time.Time, room, description string, sequence int64, cancelled bool) *ical.Component {
	e := ical.NewEvent()
	e.Props.SetText(ical.PropUID, uid+"@"+w.host)
	// DTSTAMP is when the edition last changed, not now: the same edition
	// gives the same file, byte for byte.
	e.Props.SetDateTime(ical.PropDateTimeStamp, w.stamp)
	e.Props.SetDateTime(ical.PropDateTimeStart, start.In(w.loc))
	e.Props.SetDateTime(ical.PropDateTimeEnd, end.In(w.loc))
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.FormatInt(max(sequence, 0), 10)
	e.Props.Set(seq)
	e.Props.SetText(ical.PropSummary, plain(summary))
	if d := plain(description); d != "" {
		e.Props.SetText(ical.PropDescription, d)
	}
	if l := plain(joinNonEmpty(", ", room, w.conf.Venue, w.conf.Address)); l != "" {
		e.Props.SetText(ical.PropLocation, l)
	}
	e.Props.SetURI(ical.PropURL, w.page)
	if cancelled {
		e.SetStatus(ical.EventCancelled)
	} else {
		e.SetStatus(ical.EventConfirmed)
	}
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

package web_test

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// feedEvent is what a calendar says of one event.
type feedEvent struct {
	Start, End time.Time
	Sequence   int
	Status     string
}

// parseFeed reads a calendar with go-ical and with golang-ical, an
// independent parser, and returns its events by UID without the host
// ("session-3"), failing unless both read the same times, SEQUENCE and
// STATUS.
func parseFeed(t *testing.T, body string) map[string]feedEvent {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%s", err, body)
	}
	if p := cal.Props.Get(ical.PropMethod); p != nil {
		t.Errorf("METHOD %s without an ORGANIZER on the events", p.Value)
	}
	got := map[string]feedEvent{}
	var order []string
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		uid = strings.TrimSuffix(uid, "@example.test")
		start, err1 := ev.DateTimeStart(nil)
		end, err2 := ev.DateTimeEnd(nil)
		seq, err3 := ev.Props.Get(ical.PropSequence).Int()
		status, err4 := ev.Status()
		if err := errorsIn(err1, err2, err3, err4); err != nil {
			t.Fatalf("go-ical: %s: %v", uid, err)
		}
		got[uid] = feedEvent{start, end, seq, string(status)}
		order = append(order, uid)
	}

	other, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	var otherOrder []string
	for _, ev := range other.Events() {
		uid := strings.TrimSuffix(ev.Id(), "@example.test")
		start, err1 := ev.GetStartAt()
		end, err2 := ev.GetEndAt()
		if err := errorsIn(err1, err2); err != nil {
			t.Fatalf("golang-ical: %s: %v", uid, err)
		}
		seq, err := strconv.Atoi(ev.GetProperty(ics.ComponentPropertySequence).Value)
		if err != nil {
			t.Fatalf("golang-ical: %s: SEQUENCE: %v", uid, err)
		}
		e := feedEvent{start, end, seq, ev.GetProperty(ics.ComponentPropertyStatus).Value}
		if g := got[uid]; !g.Start.Equal(e.Start) || !g.End.Equal(e.End) || g.Sequence != e.Sequence || g.Status != e.Status {
			t.Errorf("%s: go-ical reads %+v, golang-ical %+v", uid, g, e)
		}
		otherOrder = append(otherOrder, uid)
	}
	if !slices.Equal(order, otherOrder) {
		t.Errorf("go-ical reads events %v, golang-ical %v", order, otherOrder)
	}
	return got
}

func errorsIn(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// wantAgendaTimes checks that every event of the feed named in want is at
// its item's time, and that the feed has exactly those events.
func wantAgendaTimes(t *testing.T, got map[string]feedEvent, want map[string][2]time.Time) {
	t.Helper()
	for uid, w := range want {
		g, ok := got[uid]
		if !ok {
			t.Errorf("no event %s", uid)
			continue
		}
		if !g.Start.Equal(w[0]) || !g.End.Equal(w[1]) {
			t.Errorf("%s: %v–%v, the agenda says %v–%v", uid, g.Start, g.End, w[0], w[1])
		}
	}
	for uid := range got {
		if _, ok := want[uid]; !ok {
			t.Errorf("event %s should not be in the feed", uid)
		}
	}
}

// agendaTimes are the times of the edition and of the items the feed
// shows: all of them, or without the slots and with only the workshops
// in mine.
func agendaTimes(conf *model.Conference, programme []model.Session, personal bool, mine ...int64) map[string][2]time.Time {
	want := map[string][2]time.Time{"conference-" + itoa(conf.ID): {conf.StartsAt, conf.EndsAt}}
	for _, s := range programme {
		if !personal || s.Kind != model.KindWorkshopSlot {
			want["session-"+itoa(s.ID)] = [2]time.Time{s.StartsAt, s.EndsAt}
		}
		for _, w := range s.Workshops {
			if !personal || slices.Contains(mine, w.ID) {
				want["workshop-"+itoa(w.ID)] = [2]time.Time{s.StartsAt, s.EndsAt}
			}
		}
	}
	return want
}

// conditional asks for path again with a request header.
func conditional(c *client, path, header, value string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, siteURL.String()+strings.TrimPrefix(path, "/"), nil)
	req.Header.Set(header, value)
	return c.do(req)
}

// wantCacheable checks a feed's headers and that asking again with its
// ETag or its Last-Modified gets 304 without a body, and with another
// ETag the file.
func wantCacheable(t *testing.T, c *client, path string, res response, cacheControl string) {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != cacheControl {
		t.Errorf("%s: Cache-Control %q, want %q", path, cc, cacheControl)
	}
	etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Errorf("%s: ETag %q", path, etag)
	}
	if _, err := http.ParseTime(modified); err != nil {
		t.Errorf("%s: Last-Modified %q: %v", path, modified, err)
	}
	for header, value := range map[string]string{"If-None-Match": etag, "If-Modified-Since": modified} {
		again := conditional(c, path, header, value)
		if again.Status != http.StatusNotModified || again.Body != "" || again.Header.Get("ETag") != etag {
			t.Errorf("%s with %s: status %d, ETag %q, %d bytes; want 304, the same ETag, none",
				path, header, again.Status, again.Header.Get("ETag"), len(again.Body))
		}
	}
	if other := conditional(c, path, "If-None-Match", `"another"`); other.Status != http.StatusOK || other.Body != res.Body {
		t.Errorf("%s with another ETag: status %d", path, other.Status)
	}
}

// sessionValues is the agenda form of a stored item, as the edit page fills it.
func sessionValues(s *model.Session, loc *time.Location) url.Values {
	v := url.Values{"kind": {s.Kind}, "title": {s.Title}, "description": {s.Description}, "room": {s.Room},
		"starts_at": {s.StartsAt.In(loc).Format("2006-01-02T15:04")}, "ends_at": {s.EndsAt.In(loc).Format("2006-01-02T15:04")}}
	for i, p := range s.People {
		prefix := "people." + strconv.Itoa(i) + "."
		v.Set(prefix+"name", p.Name)
		v.Set(prefix+"affiliation", p.Affiliation)
		v.Set(prefix+"role", p.Role)
	}
	return v
}

// The edition's calendar has every item at the agenda's time, as two
// parsers read it; it is cached until it changes. Cancelling an item
// keeps it in the file as CANCELLED with a higher SEQUENCE, moves only its
// own SEQUENCE (and its workshops'), and the programme says so in words.
func TestEditionFeedFollowsTheAgenda(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		path := urls.Calendar(demo.WuppertalSlug)
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		programme, err := e.db.Programme(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}

		res := c.get(path)
		wantCacheable(t, c, path, res, "public, no-cache")
		before := parseFeed(t, res.Body)
		wantAgendaTimes(t, before, agendaTimes(conf, programme, false))
		for uid, ev := range before {
			if ev.Status != "CONFIRMED" {
				t.Errorf("%s: STATUS %s before any change", uid, ev.Status)
			}
		}

		var slot model.Session
		for _, s := range programme {
			if s.Kind == model.KindWorkshopSlot && len(s.Workshops) > 0 {
				slot = s
			}
		}
		form := sessionValues(&slot, conf.Location())
		form.Set("cancelled", "1")
		orga := e.organiser(t)
		wantContains(t, orga.get(urls.EditSession(slot.ID)), `name="cancelled"`, "Dieser Programmpunkt ist abgesagt")
		wantStatus(t, orga.post(urls.AdminSession(slot.ID), form), http.StatusSeeOther)
		wantContains(t, orga.get(urls.EditSession(slot.ID)), `name="cancelled" value="1" checked`)

		changed := conditional(c, path, "If-None-Match", res.Header.Get("ETag"))
		wantStatus(t, changed, http.StatusOK)
		after := parseFeed(t, changed.Body)
		wantAgendaTimes(t, after, agendaTimes(conf, programme, false))
		cancelled := map[string]bool{"session-" + itoa(slot.ID): true}
		for _, w := range slot.Workshops {
			cancelled["workshop-"+itoa(w.ID)] = true
		}
		for uid, ev := range after {
			switch {
			case cancelled[uid]:
				if ev.Status != "CANCELLED" || ev.Sequence <= before[uid].Sequence {
					t.Errorf("%s after cancelling: STATUS %s, SEQUENCE %d (before %d)", uid, ev.Status, ev.Sequence, before[uid].Sequence)
				}
			case strings.HasPrefix(uid, "conference-"):
			default:
				if ev.Status != "CONFIRMED" || ev.Sequence != before[uid].Sequence {
					t.Errorf("%s, not cancelled: STATUS %s, SEQUENCE %d (before %d)", uid, ev.Status, ev.Sequence, before[uid].Sequence)
				}
			}
		}
		wantContains(t, c.get(urls.Conference(demo.WuppertalSlug)), "<strong class=\"cancelled\">Abgesagt:</strong> <del>")
		wantContains(t, orga.get(urls.AdminEdition(conf.ID)), "<strong class=\"cancelled\">Abgesagt:</strong> <del><bdi>"+template.HTMLEscapeString(slot.Title))

		// Taking it back makes it CONFIRMED again, SEQUENCE still growing.
		form.Del("cancelled")
		wantStatus(t, orga.post(urls.AdminSession(slot.ID), form), http.StatusSeeOther)
		back := parseFeed(t, c.get(path).Body)
		if ev := back["session-"+itoa(slot.ID)]; ev.Status != "CONFIRMED" || ev.Sequence <= after["session-"+itoa(slot.ID)].Sequence {
			t.Errorf("taken back: STATUS %s, SEQUENCE %d", ev.Status, ev.Sequence)
		}
		wantLacks(t, c.get(urls.Conference(demo.WuppertalSlug)), "Abgesagt:")
		wantLacks(t, orga.get(urls.AdminEdition(conf.ID)), "Abgesagt:")
	})
}

// Each workshop has its own calendar, linked with its webcal:// address
// from the programme; a workshop of no published edition has none.
func TestWorkshopFeed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		programme, err := e.db.Programme(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		var slot model.Session
		for _, s := range programme {
			if len(s.Workshops) > 0 {
				slot = s
			}
		}
		ws := slot.Workshops[0]
		path := urls.WorkshopCalendar(demo.WuppertalSlug, ws.ID)
		res := c.get(path)
		wantCacheable(t, c, path, res, "public, no-cache")
		wantAgendaTimes(t, parseFeed(t, res.Body), map[string][2]time.Time{"workshop-" + itoa(ws.ID): {slot.StartsAt, slot.EndsAt}})

		page := c.get(urls.Conference(demo.WuppertalSlug))
		wantContains(t, page, `href="`+path+`"`, `href="webcal://example.test`+path+`"`,
			`href="webcal://example.test`+urls.Calendar(demo.WuppertalSlug)+`"`, "Kalender dieses Workshops (.ics)")

		// The next edition is a draft: its workshops are not public.
		next, err := e.db.ConferenceBySlug(t.Context(), demo.NextEditionSlug)
		if err != nil {
			t.Fatal(err)
		}
		nextProgramme, err := e.db.Programme(t.Context(), next.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range nextProgramme {
			for _, w := range s.Workshops {
				wantStatus(t, c.get(urls.WorkshopCalendar(demo.NextEditionSlug, w.ID)), http.StatusNotFound)
				// Nor can another edition's address reach it.
				wantStatus(t, c.get(urls.WorkshopCalendar(demo.WuppertalSlug, w.ID)), http.StatusNotFound)
			}
		}
		wantStatus(t, c.get("/k/"+demo.WuppertalSlug+"/workshops/x/kalender.ics"), http.StatusNotFound)
	})
}

// seriesTimes are the times of every published edition of the demo's
// series, as its calendar should show them.
func seriesTimes(t *testing.T, e *env) map[string][2]time.Time {
	t.Helper()
	series, err := e.db.SeriesBySlug(t.Context(), demo.SeriesSlug)
	if err != nil {
		t.Fatal(err)
	}
	editions, err := e.db.Conferences(t.Context(), series.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]time.Time{}
	for i := range editions {
		programme, err := e.db.Programme(t.Context(), editions[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range agendaTimes(&editions[i], programme, false) {
			want[k] = v
		}
	}
	return want
}

// The series' calendar has its published editions with their programmes,
// not the draft, and is linked from the series page.
func TestSeriesFeed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		path := urls.SeriesCalendar(demo.SeriesSlug)
		res := c.get(path)
		wantCacheable(t, c, path, res, "public, no-cache")
		want := seriesTimes(t, e)
		wantAgendaTimes(t, parseFeed(t, res.Body), want)
		wantContains(t, c.get(urls.Series(demo.SeriesSlug)), `href="`+path+`"`, `href="webcal://example.test`+path+`"`)
		wantStatus(t, c.get(urls.SeriesCalendar("no-such-series")), http.StatusNotFound)

		// Publishing the draft brings it in, and changes the file.
		next, err := e.db.ConferenceBySlug(t.Context(), demo.NextEditionSlug)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := want["conference-"+itoa(next.ID)]; ok {
			t.Fatal("the draft is in the series' calendar")
		}
		next.Published = true
		if err := e.db.UpdateConference(t.Context(), next); err != nil {
			t.Fatal(err)
		}
		changed := conditional(c, path, "If-None-Match", res.Header.Get("ETag"))
		wantStatus(t, changed, http.StatusOK)
		after := seriesTimes(t, e)
		if _, ok := after["conference-"+itoa(next.ID)]; !ok {
			t.Fatal("the published edition is not in the series' calendar")
		}
		wantAgendaTimes(t, parseFeed(t, changed.Body), after)
	})
}

var personalToken = regexp.MustCompile(`/r/([A-Za-z0-9_-]{22})`)

// The personal feed has the edition's items but no workshop before the
// placements are published; only the person's own client may keep it.
func TestPersonalFeed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		personal := registerAs(t, c, registration(slot, "Amina", "amina@example.org"))
		programme, err := e.db.Programme(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		path := personal + "/kalender.ics"
		res := c.get(path)
		wantCacheable(t, c, path, res, "private, no-cache")
		wantAgendaTimes(t, parseFeed(t, res.Body), agendaTimes(conf, programme, true))
		wantContains(t, c.get(personal), `href="`+path+`"`, `href="webcal://example.test`+path+`"`)
		wantStatus(t, c.get("/r/AAAAAAAAAAAAAAAAAAAAAA/kalender.ics"), http.StatusNotFound)
	})
}

// Once the placements are published, each person's feed has their own
// workshop and nobody else's data.
func TestPersonalFeedAfterPlacement(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		wantStatus(t, x.organiser.post(x.run(t)+"/publish", confirmYes), http.StatusSeeOther)
		programme, err := e.db.Programme(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		id, err := e.db.PublishedRunID(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		run, err := e.db.Run(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		workshopOf := map[int64]*int64{}
		for _, a := range run.Assignments {
			workshopOf[a.RegistrationID] = a.WorkshopID
		}
		anon := newClient(t, e.app.Handler())
		checked := 0
		for _, m := range outbox(t, e.db) {
			if m.Kind != model.EmailAssignment {
				continue
			}
			token := personalToken.FindStringSubmatch(m.Body)
			if token == nil {
				t.Fatalf("no personal link in the email to %s", m.Recipient)
			}
			var mine []int64
			if w := workshopOf[*m.RegistrationID]; w != nil {
				mine = append(mine, *w)
			}
			res := anon.get(urls.PersonalCalendar(token[1]))
			wantStatus(t, res, http.StatusOK)
			wantAgendaTimes(t, parseFeed(t, res.Body), agendaTimes(x.conf, programme, true, mine...))
			for _, p := range x.people {
				if p.ID != *m.RegistrationID {
					wantLacks(t, res, p.Name)
				}
			}
			checked++
		}
		if checked != len(x.people) {
			t.Errorf("%d assignment emails, want %d", checked, len(x.people))
		}
	})
}

// A cancelled workshop slot's workshops are no longer offered on the
// registration form, and a choice of one posted anyway is not stored.
func TestCancelledSlotIsNotOffered(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := newOpenEdition(t, e.db, model.ModeAssign, 10, 2, 5)
		c := newClient(t, e.app.Handler())
		wantContains(t, c.get(urls.Register(conf.Slug)), slot.Workshops[0].Title)

		form := sessionValues(&slot, conf.Location())
		form.Set("cancelled", "1")
		wantStatus(t, e.organiser(t).post(urls.AdminSession(slot.ID), form), http.StatusSeeOther)

		wantLacks(t, c.get(urls.Register(conf.Slug)), slot.Workshops[0].Title, model.ChoiceField(slot.ID, 1))
		link := registerAt(t, c, conf.Slug, registration(slot, "Amina Haddad", "amina@example.org"))
		r := registrationOf(t, e.db, link)
		stored, err := e.db.Registration(t.Context(), r)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Choices) != 0 {
			t.Errorf("choices stored in a cancelled slot: %v", stored.Choices)
		}
	})
}

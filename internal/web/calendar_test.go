package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
)

func TestConferenceCalendar(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		path := "/k/" + demo.WuppertalSlug + "/kalender.ics"

		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `inline; filename="wuppertal-2016.ics"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		cal, err := ical.NewDecoder(strings.NewReader(res.Body)).Decode()
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, res.Body)
		}
		if name, _ := cal.Props.Text("X-WR-CALNAME"); !strings.HasPrefix(name, "Flüchtlingspolitik in Nordrhein-Westfalen") {
			t.Errorf("X-WR-CALNAME %q", name)
		}

		// The keynote, 10:15 in Berlin, is 09:15 UTC.
		var keynote *ical.Event
		for _, ev := range cal.Events() {
			summary, _ := ev.Props.Text(ical.PropSummary)
			desc, _ := ev.Props.Text(ical.PropDescription)
			if strings.Contains(summary, "Die Flüchtlingspolitik des Landes") && strings.Contains(desc, "Thomas Zitzmann (Kölner Flüchtlingsrat)") {
				keynote = &ev
			}
		}
		if keynote == nil {
			t.Fatalf("no keynote event:\n%s", res.Body)
		}
		start, err := keynote.DateTimeStart(nil)
		if err != nil || !start.Equal(time.Date(2016, time.February, 13, 9, 15, 0, 0, time.UTC)) {
			t.Errorf("keynote starts %v (%v), want 2016-02-13 09:15 UTC", start.UTC(), err)
		}
		if loc, _ := keynote.Props.Text(ical.PropLocation); !strings.Contains(loc, "Musterstraße 1, 42103 Wuppertal") {
			t.Errorf("LOCATION %q", loc)
		}
		if u, _ := keynote.Props.URI(ical.PropURL); u == nil || u.String() != "http://example.test/k/wuppertal-2016" {
			t.Errorf("URL %v", u)
		}
		// The edition, six agenda items and four workshops.
		if n := len(cal.Events()); n != 11 {
			t.Errorf("%d events, want 11", n)
		}

		// Fetching changes nothing and gives the same file.
		again := c.get(path)
		wantStatus(t, again, http.StatusOK)
		if again.Body != res.Body {
			t.Error("two downloads differ")
		}

		// The programme page and the start page link to it.
		wantContains(t, c.get("/k/"+demo.WuppertalSlug), `href="`+path+`"`, "Kalender (.ics) abonnieren")
		wantContains(t, c.get("/"), `href="`+path+`"`)
		wantContains(t, c.get("/k/"+demo.WuppertalSlug+"?lang=en"), "Subscribe to the calendar (.ics)")

		// A draft is not public, nor is an edition that does not exist.
		wantStatus(t, newClient(t, e.app.Handler()).get("/k/"+demo.NextEditionSlug+"/kalender.ics"), http.StatusNotFound)
		wantStatus(t, c.get("/k/no-such-edition/kalender.ics"), http.StatusNotFound)
		// Organisers may preview it.
		draft := e.organiser(t).get("/k/" + demo.NextEditionSlug + "/kalender.ics")
		wantStatus(t, draft, http.StatusOK)
		wantContains(t, draft, "BEGIN:VCALENDAR")
	})
}

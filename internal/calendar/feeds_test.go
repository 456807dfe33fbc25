package calendar_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// decode parses a file with go-ical and checks its lines.
func decode(t *testing.T, raw []byte, err error) *ical.Calendar {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, raw)
	}
	checkLines(t, raw)
	return cal
}

// The feed behind the personal link has the edition, every agenda item
// but the slots, and only the person's own workshop.
func TestFeed(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	const host = "@konferenz.example.org"
	for _, tc := range []struct {
		placed []int64
		want   []string
	}{
		{nil, []string{"conference-7" + host, "session-11" + host, "session-12" + host}},
		{[]int64{22}, []string{"conference-7" + host, "session-11" + host, "session-12" + host, "workshop-22" + host}},
	} {
		raw, err := calendar.Feed(c, sessions, tc.placed, site(t))
		cal := decode(t, raw, err)
		if got := uids(t, cal); !slices.Equal(got, tc.want) {
			t.Errorf("placed in %v: events %v, want %v", tc.placed, got, tc.want)
		}
		if len(timezones(cal)) != 1 {
			t.Errorf("placed in %v: %d time zones, want 1", tc.placed, len(timezones(cal)))
		}
	}
}

// A workshop's file is its one event, as in the edition's file; a
// workshop that is not in the programme has none.
func TestWorkshopCalendar(t *testing.T) {
	c, sessions := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	raw, err := calendar.Workshop(c, sessions, 21, site(t))
	cal := decode(t, raw, err)
	if got := uids(t, cal); !slices.Equal(got, []string{"workshop-21@konferenz.example.org"}) {
		t.Errorf("events %v", got)
	}
	ev := eventByUID(t, cal, "workshop-21@konferenz.example.org")
	if start, err := ev.DateTimeStart(nil); err != nil || !start.Equal(sessions[2].StartsAt) {
		t.Errorf("starts %v (%v), want %v", start, err, sessions[2].StartsAt)
	}
	if _, err := calendar.Workshop(c, sessions, 99, site(t)); !errors.Is(err, calendar.ErrNoWorkshop) {
		t.Errorf("unknown workshop: %v, want ErrNoWorkshop", err)
	}
}

// A series' file has every edition given with its programme, and one
// time zone definition per zone, covering the editions held in it.
func TestSeriesCalendar(t *testing.T) {
	c1, s1 := edition(t, "Europe/Berlin", time.Date(2016, time.February, 13, 0, 0, 0, 0, time.UTC))
	c2, s2 := edition(t, "Europe/Berlin", time.Date(2024, time.July, 6, 0, 0, 0, 0, time.UTC))
	c2.ID, c2.Slug = 8, "wuppertal-2024"
	for i := range s2 {
		s2[i].ID += 100
		for j := range s2[i].Workshops {
			s2[i].Workshops[j].ID += 100
		}
	}
	series := &model.Series{ID: 1, Slug: "nrw", Title: "Kommunale Flüchtlingskonferenz NRW"}
	raw, err := calendar.Series(series, []calendar.Edition{{Conference: c2, Sessions: s2}, {Conference: c1, Sessions: s1}}, site(t))
	cal := decode(t, raw, err)
	if n := len(cal.Events()); n != 12 {
		t.Errorf("%d events, want 12", n)
	}
	if got := text(t, cal.Props, "X-WR-CALNAME"); got != series.Title {
		t.Errorf("X-WR-CALNAME %q", got)
	}
	tzs := timezones(cal)
	if len(tzs) != 1 {
		t.Fatalf("%d time zones, want 1", len(tzs))
	}
	checkTimezone(t, tzs[0], mustLoad(t, "Europe/Berlin"), 2016, 2024)
	ev := eventByUID(t, cal, "session-112@konferenz.example.org")
	if u, _ := ev.Props.URI(ical.PropURL); u == nil || u.String() != "https://konferenz.example.org/k/wuppertal-2024" {
		t.Errorf("URL %v", u)
	}

	// Editions in two zones bring both definitions and no X-WR-TIMEZONE.
	c2.TimeZone = "Europe/Lisbon"
	raw, err = calendar.Series(series, []calendar.Edition{{Conference: c2, Sessions: s2}, {Conference: c1, Sessions: s1}}, site(t))
	cal = decode(t, raw, err)
	if n := len(timezones(cal)); n != 2 {
		t.Errorf("%d time zones, want 2", n)
	}
	if p := cal.Props.Get("X-WR-TIMEZONE"); p != nil {
		t.Errorf("X-WR-TIMEZONE %q for two zones", p.Value)
	}
}

package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// copySource is a two-day edition in Berlin's winter, 13/14 February 2016,
// with a registration window from December to early February, a full
// agenda and a workshop slot holding four workshops.
type copySource struct {
	series *model.Series
	conf   *model.Conference
}

func newCopySource(t *testing.T, db *store.DB) copySource {
	t.Helper()
	ctx := t.Context()
	loc := berlin(t)
	s := newSeries(t, db, "nrw")
	c := &model.Conference{
		SeriesID:             s.ID,
		Slug:                 "nrw-2016",
		Title:                "1. Kommunale Flüchtlingskonferenz NRW",
		Subtitle:             "Ankommen, Wohnen, Arbeiten",
		StartsAt:             at(loc, 2016, time.February, 13, 9, 30),
		EndsAt:               at(loc, 2016, time.February, 14, 13, 0),
		TimeZone:             "Europe/Berlin",
		Venue:                "Rathaus Dortmund",
		Address:              "Friedensplatz 1",
		Hosts:                "Stadt Dortmund, Land NRW",
		Description:          "Zwei Tage Austausch.",
		RegistrationOpensAt:  ptr(at(loc, 2015, time.December, 1, 10, 0)),
		RegistrationClosesAt: ptr(at(loc, 2016, time.February, 6, 23, 59)),
		Capacity:             200,
		Status:               model.StatusDocumented,
		Published:            true,
		ShareCategory:        "councillor",
		MaxShare:             40,
	}
	noErr(t, db.CreateConference(ctx, c), "create source conference")

	newSession(t, db, c, model.KindPlenary, "Begrüßung", 9, 30, 10, 0, person("Oberbürgermeister", model.RoleSpeaker))
	newSession(t, db, c, model.KindKeynote, "Vortrag", 10, 0, 11, 0,
		person("Professorin", model.RoleSpeaker), person("Moderatorin", model.RoleModerator))
	slot := newSession(t, db, c, model.KindWorkshopSlot, "Workshops", 11, 15, 12, 45, person("Koordination", model.RoleModerator))
	housing := newWorkshop(t, db, slot, "Wohnen", 0, person("Wohnungsamt", model.RoleInput), person("Mieterverein", model.RoleModerator))
	housing.Languages = "ar,fr"
	noErr(t, db.UpdateWorkshop(ctx, housing), "languages of a workshop")
	newWorkshop(t, db, slot, "Gesundheit", 1, person("Gesundheitsamt", model.RoleInput))
	newWorkshop(t, db, slot, "Bildung", 2, person("Schulamt", model.RoleInput), person("Kita", model.RoleInput), person("Elternrat", model.RoleGuest))
	newWorkshop(t, db, slot, "Arbeit", 3)
	newSession(t, db, c, model.KindBreak, "Mittagspause", 12, 45, 13, 45)
	// Day two, from 09:00 Berlin time.
	day2 := &model.Session{ConferenceID: c.ID, Kind: model.KindPanel, Title: "Podium am Sonntag", Room: "Saal",
		StartsAt: at(loc, 2016, time.February, 14, 9, 0), EndsAt: at(loc, 2016, time.February, 14, 12, 0),
		People: []model.Person{person("Land", model.RoleSpeaker), person("Kommune", model.RoleSpeaker)}}
	noErr(t, db.CreateSession(ctx, day2), "create day two")
	newSession(t, db, c, model.KindClosing, "Abschluss", 16, 0, 17, 30) // still day one

	got, err := db.Conference(ctx, c.ID)
	noErr(t, err, "reload source")
	return copySource{series: s, conf: got}
}

// wallClock describes t in loc as its date and time of day.
func wallClock(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}

// checkShifted fails unless copied is original moved by days calendar days
// with the same wall-clock time in loc.
func checkShifted(t *testing.T, what string, original, copied time.Time, loc *time.Location, days int) {
	t.Helper()
	o, c := original.In(loc), copied.In(loc)
	if o.Hour() != c.Hour() || o.Minute() != c.Minute() || o.Second() != c.Second() {
		t.Errorf("%s: %s became %s: wall-clock time changed", what, wallClock(original, loc), wallClock(copied, loc))
	}
	if got := store.DaysBetween(o, c); got != days {
		t.Errorf("%s: %s became %s: moved %d days, want %d", what, wallClock(original, loc), wallClock(copied, loc), got, days)
	}
	if want := o.AddDate(0, 0, days).Format("2006-01-02"); c.Format("2006-01-02") != want {
		t.Errorf("%s: copied to %s, want %s", what, c.Format("2006-01-02"), want)
	}
}

// checkShiftedPtr does checkShifted for optional times.
func checkShiftedPtr(t *testing.T, what string, original, copied *time.Time, loc *time.Location, days int) {
	t.Helper()
	if (original == nil) != (copied == nil) {
		t.Errorf("%s: original %v, copy %v", what, original, copied)
		return
	}
	if original != nil {
		checkShifted(t, what, *original, *copied, loc, days)
	}
}

func TestCopyConference(t *testing.T) {
	tests := []struct {
		name    string
		y       int
		m       time.Month
		d       int
		days    int // calendar days from 13 February 2016
		startsZ string
	}{
		// 09:30 in Berlin's summer is 07:30 UTC, not the 08:30 of the source.
		{"to summer", 2016, time.June, 18, 126, "2016-06-18T07:30:00Z"},
		{"to next winter", 2017, time.February, 11, 364, "2017-02-11T08:30:00Z"},
		// The registration window then opens in summer time and closes in winter time.
		{"to late autumn", 2016, time.November, 26, 287, "2016-11-26T08:30:00Z"},
		{"to an earlier date", 2015, time.July, 4, -224, "2015-07-04T07:30:00Z"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		src := newCopySource(t, db)
		srcProgramme := programme(t, db, src.conf.ID)

		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				slug := fmt.Sprintf("nrw-copy-%d", i)
				newDate := time.Date(tt.y, tt.m, tt.d, 0, 0, 0, 0, loc)
				c, err := db.CopyConference(ctx, src.conf.ID, slug, "Kopie "+tt.name, newDate)
				noErr(t, err, "copy conference")
				if c.ID == 0 || c.ID == src.conf.ID {
					t.Fatalf("copy has ID %d (source %d)", c.ID, src.conf.ID)
				}

				stored, err := db.Conference(ctx, c.ID)
				noErr(t, err, "read copy")
				checkConference(t, "returned copy vs stored", c, stored)

				// A draft, unpublished, remembering its source.
				if stored.Status != model.StatusDraft || stored.Published {
					t.Errorf("copy status %q, published %v, want draft and unpublished", stored.Status, stored.Published)
				}
				if stored.CopiedFrom == nil || *stored.CopiedFrom != src.conf.ID {
					t.Errorf("copied_from = %v, want %d", stored.CopiedFrom, src.conf.ID)
				}
				if stored.Slug != slug || stored.Title != "Kopie "+tt.name {
					t.Errorf("copy slug/title = %q/%q", stored.Slug, stored.Title)
				}
				if stored.SeriesID != src.conf.SeriesID || stored.Subtitle != src.conf.Subtitle || stored.TimeZone != src.conf.TimeZone ||
					stored.Venue != src.conf.Venue || stored.Address != src.conf.Address || stored.Hosts != src.conf.Hosts ||
					stored.Capacity != src.conf.Capacity ||
					stored.ShareCategory != "councillor" || stored.MaxShare != 40 {
					t.Errorf("copy lost details of its source:\n copy %+v\n  src %+v", stored, src.conf)
				}

				// The source is documented: its report is not the new edition's description.
				if stored.Description != "" {
					t.Errorf("copy of a documented edition carries its report %q", stored.Description)
				}

				// Every time moves by the same calendar days at the same wall clock.
				checkShifted(t, "starts_at", src.conf.StartsAt, stored.StartsAt, loc, tt.days)
				checkShifted(t, "ends_at", src.conf.EndsAt, stored.EndsAt, loc, tt.days)
				checkShiftedPtr(t, "registration_opens_at", src.conf.RegistrationOpensAt, stored.RegistrationOpensAt, loc, tt.days)
				checkShiftedPtr(t, "registration_closes_at", src.conf.RegistrationClosesAt, stored.RegistrationClosesAt, loc, tt.days)
				if got := stored.StartsAt.In(loc).Format("2006-01-02"); got != newDate.Format("2006-01-02") {
					t.Errorf("copy starts on %s, want %s", got, newDate.Format("2006-01-02"))
				}
				sameTime(t, "starts_at in UTC", stored.StartsAt, mustParse(t, tt.startsZ))

				// The agenda, the workshops and the people came along.
				p := programme(t, db, c.ID)
				if len(p) != len(srcProgramme) {
					t.Fatalf("copy has %d agenda items, source %d", len(p), len(srcProgramme))
				}
				workshops, people := 0, 0
				for j := range srcProgramme {
					o, s := srcProgramme[j], p[j]
					what := "item " + o.Title
					if s.Title != o.Title || s.Kind != o.Kind || s.Room != o.Room || s.Description != "" {
						t.Errorf("%s copied as %+v", what, s)
					}
					if s.ID == o.ID || s.ConferenceID != c.ID {
						t.Errorf("%s: copy has ID %d in conference %d, want a new item in %d", what, s.ID, s.ConferenceID, c.ID)
					}
					checkShifted(t, what+" starts_at", o.StartsAt, s.StartsAt, loc, tt.days)
					checkShifted(t, what+" ends_at", o.EndsAt, s.EndsAt, loc, tt.days)
					wantPeople(t, what, s.People, o.People)
					people += len(s.People)
					checkNewPeople(t, what, s.People, o.People)
					if len(s.Workshops) != len(o.Workshops) {
						t.Errorf("%s has %d workshops, source %d", what, len(s.Workshops), len(o.Workshops))
						continue
					}
					for k := range o.Workshops {
						ow, sw := o.Workshops[k], s.Workshops[k]
						what := "workshop " + ow.Title
						if sw.Title != ow.Title || sw.Topic != ow.Topic || sw.Room != ow.Room || sw.Description != "" ||
							sw.Capacity != ow.Capacity || sw.Position != ow.Position || sw.Languages != ow.Languages {
							t.Errorf("%s copied as %+v", what, sw)
						}
						if sw.ID == ow.ID || sw.ConferenceID != c.ID || sw.SessionID != s.ID {
							t.Errorf("%s: copy %d in conference %d, slot %d; want a new workshop in %d, slot %d",
								what, sw.ID, sw.ConferenceID, sw.SessionID, c.ID, s.ID)
						}
						wantPeople(t, what, sw.People, ow.People)
						checkNewPeople(t, what, sw.People, ow.People)
						workshops++
						people += len(sw.People)
					}
				}
				if workshops != 4 || people != 12 {
					t.Errorf("copy has %d workshops and %d people, want 4 and 12", workshops, people)
				}
			})
		}

		// The source is as it was.
		after, err := db.Conference(ctx, src.conf.ID)
		noErr(t, err, "source after copies")
		checkConference(t, "source after copies", after, src.conf)
		afterProgramme := programme(t, db, src.conf.ID)
		if len(afterProgramme) != len(srcProgramme) {
			t.Fatalf("source has %d items after copying, %d before", len(afterProgramme), len(srcProgramme))
		}
		for j := range srcProgramme {
			o := srcProgramme[j]
			checkSession(t, "source item "+o.Title, &afterProgramme[j], &o)
			if len(afterProgramme[j].Workshops) != len(o.Workshops) {
				t.Errorf("source item %s has %d workshops after copying, %d before", o.Title, len(afterProgramme[j].Workshops), len(o.Workshops))
				continue
			}
			for k := range o.Workshops {
				checkWorkshop(t, "source workshop", &afterProgramme[j].Workshops[k], &o.Workshops[k])
			}
		}
		if n := countConferences(t, db, src.series.ID); n != 1+len(tests) {
			t.Errorf("%d conferences, want the source and %d copies", n, len(tests))
		}
	})
}

// checkNewPeople fails if a copied person kept the ID of the original.
func checkNewPeople(t *testing.T, what string, copied, original []model.Person) {
	t.Helper()
	for i := range copied {
		if i < len(original) && copied[i].ID == original[i].ID {
			t.Errorf("%s: person %s shares ID %d with the source", what, copied[i].Name, copied[i].ID)
		}
	}
}

func mustParse(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// An edition not yet documented is described in advance: its copy keeps
// the descriptions of the edition, its agenda and its workshops.
func TestCopyConferenceKeepsAnnouncements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		src := newCopySource(t, db)
		src.conf.Status = model.StatusOpen
		noErr(t, db.UpdateConference(ctx, src.conf), "open the source")
		c, err := db.CopyConference(ctx, src.conf.ID, "nrw-2016-sommer", "Sommer", time.Date(2016, time.June, 18, 0, 0, 0, 0, berlin(t)))
		noErr(t, err, "copy")
		if c.Description != src.conf.Description {
			t.Errorf("copy describes itself as %q, want the source's %q", c.Description, src.conf.Description)
		}
		srcProgramme, copied := programme(t, db, src.conf.ID), programme(t, db, c.ID)
		workshops := 0
		for i, o := range srcProgramme {
			if copied[i].Description != o.Description {
				t.Errorf("item %s copied with description %q, want %q", o.Title, copied[i].Description, o.Description)
			}
			for k, w := range o.Workshops {
				workshops++
				if got := copied[i].Workshops[k].Description; got != w.Description {
					t.Errorf("workshop %s copied with description %q, want %q", w.Title, got, w.Description)
				}
			}
		}
		if workshops != 4 {
			t.Errorf("source has %d workshops, want 4", workshops)
		}
	})
}

// FreeConferenceSlug numbers a slug that is taken.
func TestFreeConferenceSlug(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		src := newCopySource(t, db)
		got, err := db.FreeConferenceSlug(ctx, "nrw-2017")
		noErr(t, err, "free slug")
		if got != "nrw-2017" {
			t.Errorf("free slug nrw-2017 = %q", got)
		}
		got, err = db.FreeConferenceSlug(ctx, src.conf.Slug)
		noErr(t, err, "taken slug")
		if got != src.conf.Slug+"-2" {
			t.Errorf("taken slug %s gives %q, want %s-2", src.conf.Slug, got, src.conf.Slug)
		}
		_, err = db.CopyConference(ctx, src.conf.ID, got, "Kopie", time.Date(2017, time.February, 11, 0, 0, 0, 0, berlin(t)))
		noErr(t, err, "copy under the numbered slug")
		if got, _ := db.FreeConferenceSlug(ctx, src.conf.Slug); got != src.conf.Slug+"-3" {
			t.Errorf("with -2 taken too: %q, want %s-3", got, src.conf.Slug)
		}
		long := strings.Repeat("a", 80)
		if got, _ := db.FreeConferenceSlug(ctx, long); len(got) > 75 {
			t.Errorf("an 80-byte base gives %d bytes, want room for a number", len(got))
		}
	})
}

// A copy with a slug that is taken, or not a slug at all, creates nothing.
func TestCopyConferenceRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		src := newCopySource(t, db)
		other := newSeries(t, db, "sachsen")
		taken := conferenceAt(t, other.ID, "sachsen-2016", 2016, time.May, 1)
		noErr(t, db.CreateConference(ctx, taken), "create other conference")
		summer := time.Date(2016, time.June, 18, 0, 0, 0, 0, loc)

		tests := []struct {
			name  string
			slug  string
			title string
			code  string
			field string
		}{
			{"the source's own slug", src.conf.Slug, "Kopie", model.EConflict, "slug"},
			{"another series' slug", taken.Slug, "Kopie", model.EConflict, "slug"},
			{"not a slug", "NRW 2016", "Kopie", model.EInvalid, "slug"},
			{"no slug", "", "Kopie", model.EInvalid, "slug"},
			{"no title", "nrw-2016-sommer", "", model.EInvalid, "title"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countConferences(t, db, src.series.ID) + countConferences(t, db, other.ID)
				c, err := db.CopyConference(ctx, src.conf.ID, tt.slug, tt.title, summer)
				wantField(t, err, tt.code, tt.field)
				if c != nil {
					t.Errorf("refused copy returned %+v", c)
				}
				after := countConferences(t, db, src.series.ID) + countConferences(t, db, other.ID)
				if after != before {
					t.Errorf("%d conferences before the refused copy, %d after", before, after)
				}
			})
		}
		// The slug belongs to whom it belonged.
		got, err := db.ConferenceBySlug(ctx, taken.Slug)
		noErr(t, err, "taken slug")
		if got.ID != taken.ID {
			t.Errorf("slug %s now belongs to conference %d, want %d", taken.Slug, got.ID, taken.ID)
		}

		_, err = db.CopyConference(ctx, 4711, "nrw-2017", "Kopie", summer)
		wantNotFound(t, err)
		_, err = db.ConferenceBySlug(ctx, "nrw-2017")
		wantNotFound(t, err)
	})
}

// The new date's day counts, whatever the time of day or zone it is given in.
func TestCopyConferenceDateForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loc := berlin(t)
		src := newCopySource(t, db)
		tests := []struct {
			name string
			date time.Time
		}{
			{"midnight in Berlin", time.Date(2016, time.June, 18, 0, 0, 0, 0, loc)},
			{"late evening in Berlin", time.Date(2016, time.June, 18, 23, 30, 0, 0, loc)},
			{"midnight UTC, as time.Parse gives a date", time.Date(2016, time.June, 18, 0, 0, 0, 0, time.UTC)},
			{"noon UTC", time.Date(2016, time.June, 18, 12, 0, 0, 0, time.UTC)},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c, err := db.CopyConference(t.Context(), src.conf.ID, fmt.Sprintf("nrw-2016-sommer-%d", i), "Sommer", tt.date)
				noErr(t, err, "copy")
				if got := wallClock(c.StartsAt, loc); got != "2016-06-18 09:30" {
					t.Errorf("copy starts %s Berlin time, want 2016-06-18 09:30", got)
				}
			})
		}
	})
}

// Copies of copies point to their direct source; deleting a source leaves
// the copy, forgetting where it came from.
func TestCopyConferenceChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		src := newCopySource(t, db)
		first, err := db.CopyConference(ctx, src.conf.ID, "nrw-2017", "2017", time.Date(2017, time.February, 11, 0, 0, 0, 0, loc))
		noErr(t, err, "first copy")
		second, err := db.CopyConference(ctx, first.ID, "nrw-2018", "2018", time.Date(2018, time.February, 10, 0, 0, 0, 0, loc))
		noErr(t, err, "second copy")
		if second.CopiedFrom == nil || *second.CopiedFrom != first.ID {
			t.Fatalf("second copy copied_from = %v, want %d", second.CopiedFrom, first.ID)
		}
		if got := wallClock(second.EndsAt, loc); got != "2018-02-11 13:00" {
			t.Errorf("second copy ends %s, want 2018-02-11 13:00", got)
		}
		if n := len(programme(t, db, second.ID)); n != len(programme(t, db, src.conf.ID)) {
			t.Errorf("second copy has %d items", n)
		}

		noErr(t, db.DeleteConference(ctx, first.ID), "delete first copy")
		got, err := db.Conference(ctx, second.ID)
		noErr(t, err, "second copy after its source was deleted")
		if got.CopiedFrom != nil {
			t.Errorf("copied_from = %d after its source was deleted, want nil", *got.CopiedFrom)
		}
		if n := len(programme(t, db, second.ID)); n != len(programme(t, db, src.conf.ID)) {
			t.Errorf("second copy has %d items after its source was deleted", n)
		}
	})
}

// A conference spanning the switch to summer time keeps its wall-clock
// times when copied to a date without a switch, so lasts an hour longer.
func TestCopyConferenceAcrossSwitch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		s := newSeries(t, db, "nrw")
		c := conferenceAt(t, s.ID, "nrw-ostern", 2016, time.March, 26)
		c.StartsAt = at(loc, 2016, time.March, 26, 10, 0)
		c.EndsAt = at(loc, 2016, time.March, 27, 15, 0) // summer time began at 02:00 that night
		noErr(t, db.CreateConference(ctx, c), "create conference")
		sess := &model.Session{ConferenceID: c.ID, Kind: model.KindExchange, Title: "Nachtcafé",
			StartsAt: at(loc, 2016, time.March, 26, 22, 0), EndsAt: at(loc, 2016, time.March, 27, 9, 0)}
		noErr(t, db.CreateSession(ctx, sess), "create overnight session")

		cp, err := db.CopyConference(ctx, c.ID, "nrw-april", "April", time.Date(2016, time.April, 9, 0, 0, 0, 0, loc))
		noErr(t, err, "copy")
		if got := wallClock(cp.StartsAt, loc) + " – " + wallClock(cp.EndsAt, loc); got != "2016-04-09 10:00 – 2016-04-10 15:00" {
			t.Errorf("copy runs %s", got)
		}
		if d := cp.EndsAt.Sub(cp.StartsAt); d != 29*time.Hour {
			t.Errorf("copy lasts %v, want 29h (the source lasted 28h)", d)
		}
		p := programme(t, db, cp.ID)
		if len(p) != 1 {
			t.Fatalf("copy has %d items", len(p))
		}
		if got := wallClock(p[0].StartsAt, loc) + " – " + wallClock(p[0].EndsAt, loc); got != "2016-04-09 22:00 – 2016-04-10 09:00" {
			t.Errorf("overnight session copied to %s", got)
		}
	})
}

func TestDaysBetween(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same day", at(loc, 2016, time.February, 13, 0, 0), at(loc, 2016, time.February, 13, 23, 59), 0},
		{"next day, a minute later", at(loc, 2016, time.February, 13, 23, 59), at(loc, 2016, time.February, 14, 0, 0), 1},
		{"over the switch to summer time", at(loc, 2016, time.March, 26, 12, 0), at(loc, 2016, time.March, 27, 12, 0), 1},
		{"over the night of the switch", at(loc, 2016, time.March, 26, 23, 30), at(loc, 2016, time.March, 28, 0, 30), 2},
		{"over the switch back", at(loc, 2016, time.October, 29, 12, 0), at(loc, 2016, time.October, 31, 12, 0), 2},
		{"winter to summer", at(loc, 2016, time.February, 13, 9, 30), at(loc, 2016, time.June, 18, 0, 0), 126},
		{"winter to next winter", at(loc, 2016, time.February, 13, 9, 30), at(loc, 2017, time.February, 11, 0, 0), 364},
		{"a leap year", at(loc, 2016, time.January, 1, 0, 0), at(loc, 2017, time.January, 1, 0, 0), 366},
		{"backwards", at(loc, 2016, time.June, 18, 0, 0), at(loc, 2016, time.February, 13, 9, 30), -126},
		{"a century", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 36525},
		// Each time is read in its own location: the same instant is on
		// the 27th in Berlin and on the 26th in UTC.
		{"dates in their own zones", at(loc, 2016, time.March, 27, 0, 30), time.Date(2016, time.March, 26, 23, 30, 0, 0, time.UTC), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.DaysBetween(tt.from, tt.to); got != tt.want {
				t.Errorf("DaysBetween(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestShiftDays(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name    string
		t       time.Time
		days    int
		want    time.Time
		elapsed time.Duration // real time between t and the result
	}{
		{"no shift", at(loc, 2016, time.February, 13, 9, 30), 0, at(loc, 2016, time.February, 13, 9, 30), 0},
		{"a day in winter", at(loc, 2016, time.February, 13, 9, 30), 1, at(loc, 2016, time.February, 14, 9, 30), 24 * time.Hour},
		{"into summer time: 23 hours", at(loc, 2016, time.March, 26, 10, 0), 1, at(loc, 2016, time.March, 27, 10, 0), 23 * time.Hour},
		{"out of summer time: 25 hours", at(loc, 2016, time.October, 29, 10, 0), 1, at(loc, 2016, time.October, 30, 10, 0), 25 * time.Hour},
		{"winter to summer", at(loc, 2016, time.February, 13, 9, 30), 126, at(loc, 2016, time.June, 18, 9, 30), 126*24*time.Hour - time.Hour},
		{"summer back to winter", at(loc, 2016, time.June, 18, 9, 30), -126, at(loc, 2016, time.February, 13, 9, 30), -126*24*time.Hour + time.Hour},
		{"given in UTC", time.Date(2016, time.February, 13, 8, 30, 0, 0, time.UTC), 126, time.Date(2016, time.June, 18, 7, 30, 0, 0, time.UTC), 126*24*time.Hour - time.Hour},
		{"over a leap day", at(loc, 2016, time.February, 28, 18, 0), 2, at(loc, 2016, time.March, 1, 18, 0), 48 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := store.ShiftDays(tt.t, loc, tt.days)
			if !got.Equal(tt.want) {
				t.Errorf("ShiftDays(%s, %d) = %s, want %s", wallClock(tt.t, loc), tt.days, wallClock(got, loc), wallClock(tt.want, loc))
			}
			if got.Location() != time.UTC {
				t.Errorf("ShiftDays returned a time in %v, want UTC", got.Location())
			}
			if d := got.Sub(tt.t); d != tt.elapsed {
				t.Errorf("ShiftDays moved the instant by %v, want %v", d, tt.elapsed)
			}
		})
	}
}

package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// checkConference compares every stored field of a conference.
func checkConference(t *testing.T, what string, got, want *model.Conference) {
	t.Helper()
	if got.ID != want.ID || got.SeriesID != want.SeriesID || got.Slug != want.Slug || got.Title != want.Title ||
		got.Subtitle != want.Subtitle || got.TimeZone != want.TimeZone || got.Venue != want.Venue ||
		got.Address != want.Address || got.Hosts != want.Hosts || got.Description != want.Description ||
		got.Capacity != want.Capacity || got.Status != want.Status || got.Published != want.Published {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
	switch {
	case got.CopiedFrom == nil && want.CopiedFrom == nil:
	case got.CopiedFrom == nil || want.CopiedFrom == nil || *got.CopiedFrom != *want.CopiedFrom:
		t.Errorf("%s: copied_from = %v, want %v", what, got.CopiedFrom, want.CopiedFrom)
	}
	sameTime(t, what+" starts_at", got.StartsAt, want.StartsAt)
	sameTime(t, what+" ends_at", got.EndsAt, want.EndsAt)
	sameTimePtr(t, what+" registration_opens_at", got.RegistrationOpensAt, want.RegistrationOpensAt)
	sameTimePtr(t, what+" registration_closes_at", got.RegistrationClosesAt, want.RegistrationClosesAt)
	sameTime(t, what+" created_at", got.CreatedAt, want.CreatedAt)
	sameTime(t, what+" updated_at", got.UpdatedAt, want.UpdatedAt)
}

func TestConferenceCRUD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		created := time.Date(2015, time.November, 2, 9, 15, 30, 123456000, time.UTC)
		db.Now = func() time.Time { return created }
		s := newSeries(t, db, "nrw")

		c := conferenceAt(t, s.ID, "nrw-2016", 2016, time.February, 13)
		noErr(t, db.CreateConference(ctx, c), "create conference")
		if c.ID == 0 {
			t.Fatal("CreateConference set no ID")
		}
		sameTime(t, "created_at", c.CreatedAt, created)

		got, err := db.Conference(ctx, c.ID)
		noErr(t, err, "conference by id")
		checkConference(t, "Conference", got, c)
		// Stored as the instant: 09:30 in Berlin's winter is 08:30 UTC.
		sameTime(t, "starts_at in UTC", got.StartsAt, time.Date(2016, time.February, 13, 8, 30, 0, 0, time.UTC))
		if h, m := got.StartsAt.In(loc).Hour(), got.StartsAt.In(loc).Minute(); h != 9 || m != 30 {
			t.Errorf("starts_at in Berlin = %02d:%02d, want 09:30", h, m)
		}
		got, err = db.ConferenceBySlug(ctx, "nrw-2016")
		noErr(t, err, "conference by slug")
		checkConference(t, "ConferenceBySlug", got, c)

		// Update every field the organiser may change, clearing the window.
		updated := created.Add(72 * time.Hour)
		db.Now = func() time.Time { return updated }
		c.Slug = "nrw-2016-dortmund"
		c.Title = "Zweite Kommunale Flüchtlingskonferenz"
		c.Subtitle = ""
		c.StartsAt = at(loc, 2016, time.February, 20, 10, 0)
		c.EndsAt = at(loc, 2016, time.February, 21, 15, 0)
		c.TimeZone = "Europe/Vienna"
		c.Venue, c.Address, c.Hosts, c.Description = "Messe", "Messeplatz 1", "Land NRW", "Neu."
		c.RegistrationOpensAt, c.RegistrationClosesAt = nil, nil
		c.Capacity = 0
		c.Status = model.StatusClosed
		c.Published = false
		noErr(t, db.UpdateConference(ctx, c), "update conference")
		got, err = db.Conference(ctx, c.ID)
		noErr(t, err, "conference after update")
		want := *c
		want.CreatedAt = created
		want.UpdatedAt = updated
		checkConference(t, "updated Conference", got, &want)
		_, err = db.ConferenceBySlug(ctx, "nrw-2016")
		wantNotFound(t, err)

		// A window that opens but never closes is allowed.
		c.RegistrationOpensAt = ptr(at(loc, 2016, time.January, 1, 0, 0))
		noErr(t, db.UpdateConference(ctx, c), "update conference with open window")
		got, err = db.Conference(ctx, c.ID)
		noErr(t, err, "conference after second update")
		sameTimePtr(t, "registration_opens_at", got.RegistrationOpensAt, c.RegistrationOpensAt)
		sameTimePtr(t, "registration_closes_at", got.RegistrationClosesAt, nil)

		noErr(t, db.DeleteConference(ctx, c.ID), "delete conference")
		_, err = db.Conference(ctx, c.ID)
		wantNotFound(t, err)
		_, err = db.ConferenceBySlug(ctx, c.Slug)
		wantNotFound(t, err)
		wantNotFound(t, db.DeleteConference(ctx, c.ID))
		if n := countConferences(t, db, s.ID); n != 0 {
			t.Errorf("%d conferences after delete, want 0", n)
		}
	})
}

func TestConferencesList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		nrw := newSeries(t, db, "nrw")
		other := newSeries(t, db, "sachsen")
		add := func(seriesID int64, slug string, y int, m time.Month, d int, published bool) {
			t.Helper()
			c := conferenceAt(t, seriesID, slug, y, m, d)
			c.Published = published
			noErr(t, db.CreateConference(ctx, c), "create conference "+slug)
		}
		// Stored in no particular order.
		add(nrw.ID, "nrw-2016", 2016, time.February, 13, true)
		add(nrw.ID, "nrw-2018", 2018, time.March, 3, false)
		add(nrw.ID, "nrw-2015", 2015, time.October, 10, true)
		add(nrw.ID, "nrw-2017", 2017, time.June, 17, true)
		add(other.ID, "sachsen-2017", 2017, time.July, 1, true)

		tests := []struct {
			name          string
			seriesID      int64
			publishedOnly bool
			want          string
		}{
			{"all editions, newest first", nrw.ID, false, "nrw-2018,nrw-2017,nrw-2016,nrw-2015"},
			{"published only", nrw.ID, true, "nrw-2017,nrw-2016,nrw-2015"},
			{"other series", other.ID, false, "sachsen-2017"},
			{"unknown series", 4711, false, ""},
			{"unknown series, published", 4711, true, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cs, err := db.Conferences(t.Context(), tt.seriesID, tt.publishedOnly)
				noErr(t, err, "list conferences")
				var slugs []string
				for _, c := range cs {
					slugs = append(slugs, c.Slug)
					if tt.publishedOnly && !c.Published {
						t.Errorf("unpublished %s listed with publishedOnly", c.Slug)
					}
					if c.SeriesID != tt.seriesID {
						t.Errorf("%s of series %d listed for series %d", c.Slug, c.SeriesID, tt.seriesID)
					}
				}
				if got := strings.Join(slugs, ","); got != tt.want {
					t.Errorf("Conferences = %q, want %q", got, tt.want)
				}
			})
		}

		// Publishing an edition makes it public.
		c, err := db.ConferenceBySlug(ctx, "nrw-2018")
		noErr(t, err, "conference by slug")
		c.Published = true
		noErr(t, db.UpdateConference(ctx, c), "publish")
		cs, err := db.Conferences(ctx, nrw.ID, true)
		noErr(t, err, "list published")
		if len(cs) != 4 || cs[0].Slug != "nrw-2018" {
			t.Errorf("after publishing, published list starts with %v (%d editions)", cs[0].Slug, len(cs))
		}
	})
}

func TestConferenceDuplicateSlug(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		other := newSeries(t, db, "sachsen")

		// Conference slugs are unique across series, as the public URL has no series in it.
		for _, seriesID := range []int64{f.series.ID, other.ID} {
			c := conferenceAt(t, seriesID, f.conf.Slug, 2017, time.February, 11)
			wantField(t, db.CreateConference(ctx, c), model.EConflict, "slug")
			if c.ID != 0 {
				t.Errorf("conflicting conference got ID %d", c.ID)
			}
		}
		if n := countConferences(t, db, f.series.ID) + countConferences(t, db, other.ID); n != 1 {
			t.Fatalf("%d conferences stored, want 1", n)
		}

		second := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		noErr(t, db.CreateConference(ctx, second), "create second conference")
		second.Slug = f.conf.Slug
		second.Title = "Umbenannt"
		wantField(t, db.UpdateConference(ctx, second), model.EConflict, "slug")
		got, err := db.Conference(ctx, second.ID)
		noErr(t, err, "conference after failed update")
		if got.Slug != "nrw-2017" || got.Title == "Umbenannt" {
			t.Errorf("failed update changed the conference to slug %q, title %q", got.Slug, got.Title)
		}
		got, err = db.ConferenceBySlug(ctx, f.conf.Slug)
		noErr(t, err, "first conference by slug")
		if got.ID != f.conf.ID {
			t.Errorf("slug %s now belongs to conference %d, want %d", f.conf.Slug, got.ID, f.conf.ID)
		}
	})
}

func TestConferenceInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		tests := []struct {
			name   string
			change func(c *model.Conference)
			field  string
		}{
			{"ends before it starts", func(c *model.Conference) { c.EndsAt = c.StartsAt.Add(-time.Hour) }, "ends_at"},
			{"ends when it starts", func(c *model.Conference) { c.EndsAt = c.StartsAt }, "ends_at"},
			{"no start", func(c *model.Conference) { c.StartsAt = time.Time{} }, "starts_at"},
			{"no end", func(c *model.Conference) { c.EndsAt = time.Time{} }, "ends_at"},
			{"negative capacity", func(c *model.Conference) { c.Capacity = -1 }, "capacity"},
			{"huge capacity", func(c *model.Conference) { c.Capacity = 1000001 }, "capacity"},
			{"no slug", func(c *model.Conference) { c.Slug = "" }, "slug"},
			{"slug with capitals", func(c *model.Conference) { c.Slug = "NRW-2017" }, "slug"},
			{"slug with slash", func(c *model.Conference) { c.Slug = "nrw/2017" }, "slug"},
			{"slug with trailing dash", func(c *model.Conference) { c.Slug = "nrw-2017-" }, "slug"},
			{"no title", func(c *model.Conference) { c.Title = "   " }, "title"},
			{"title too long", func(c *model.Conference) { c.Title = strings.Repeat("ö", model.MaxShort+1) }, "title"},
			{"subtitle too long", func(c *model.Conference) { c.Subtitle = strings.Repeat("x", model.MaxLine+1) }, "subtitle"},
			{"venue too long", func(c *model.Conference) { c.Venue = strings.Repeat("x", model.MaxShort+1) }, "venue"},
			{"registration closes before it opens", func(c *model.Conference) {
				c.RegistrationClosesAt = ptr(c.RegistrationOpensAt.Add(-time.Minute))
			}, "registration_closes_at"},
			{"registration closes when it opens", func(c *model.Conference) {
				c.RegistrationClosesAt = ptr(*c.RegistrationOpensAt)
			}, "registration_closes_at"},
			{"unknown time zone", func(c *model.Conference) { c.TimeZone = "Europe/Dortmund" }, "time_zone"},
			{"server's local zone", func(c *model.Conference) { c.TimeZone = "Local" }, "time_zone"},
			{"no time zone", func(c *model.Conference) { c.TimeZone = " " }, "time_zone"},
			{"unknown status", func(c *model.Conference) { c.Status = "cancelled" }, "status"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
				tt.change(c)
				wantField(t, db.CreateConference(ctx, c), model.EInvalid, tt.field)
				if c.ID != 0 {
					t.Errorf("invalid conference got ID %d", c.ID)
				}

				// The same change to the stored edition is refused and changes nothing.
				u := conferenceAt(t, f.series.ID, f.conf.Slug, 2016, time.February, 13)
				u.ID = f.conf.ID
				u.Title = "Geändert"
				tt.change(u)
				wantField(t, db.UpdateConference(ctx, u), model.EInvalid, tt.field)
				got, err := db.Conference(ctx, f.conf.ID)
				noErr(t, err, "conference after invalid update")
				if got.Title != f.conf.Title || got.Slug != f.conf.Slug || got.Capacity != f.conf.Capacity || got.TimeZone != f.conf.TimeZone {
					t.Errorf("invalid update changed the conference to %+v", got)
				}
				sameTime(t, "ends_at after invalid update", got.EndsAt, f.conf.EndsAt)
				sameTimePtr(t, "registration_closes_at after invalid update", got.RegistrationClosesAt, f.conf.RegistrationClosesAt)
			})
		}
		if n := countConferences(t, db, f.series.ID); n != 1 {
			t.Errorf("%d conferences stored, want only the valid one", n)
		}

		// A title of exactly MaxShort umlauts (400 bytes) is fine.
		c := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		c.Title = strings.Repeat("ö", model.MaxShort)
		c.TimeZone = "America/Sao_Paulo"
		noErr(t, db.CreateConference(ctx, c), "conference at the limits")
		got, err := db.Conference(ctx, c.ID)
		noErr(t, err, "conference at the limits")
		if got.Title != c.Title || got.TimeZone != c.TimeZone {
			t.Errorf("stored title/zone = %q/%q, want %q/%q", got.Title, got.TimeZone, c.Title, c.TimeZone)
		}
	})
}

func TestConferenceNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		const unknown = 4711

		_, err := db.Conference(ctx, unknown)
		wantNotFound(t, err)
		_, err = db.ConferenceBySlug(ctx, "nrw-1999")
		wantNotFound(t, err)
		_, err = db.ConferenceBySlug(ctx, "")
		wantNotFound(t, err)

		u := conferenceAt(t, f.series.ID, "nrw-1999", 1999, time.May, 1)
		u.ID = unknown
		wantNotFound(t, db.UpdateConference(ctx, u))
		wantNotFound(t, db.DeleteConference(ctx, unknown))

		// An edition of an unknown series is not stored.
		c := conferenceAt(t, unknown, "nrw-1999", 1999, time.May, 1)
		wantNotFound(t, db.CreateConference(ctx, c))
		_, err = db.ConferenceBySlug(ctx, "nrw-1999")
		wantNotFound(t, err)
		if n := countConferences(t, db, f.series.ID); n != 1 {
			t.Errorf("%d conferences, want 1", n)
		}
	})
}

// Deleting an edition takes its agenda, workshops and people with it, and
// nothing of another edition.
func TestDeleteConferenceCascades(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		opening := newSession(t, db, f.conf, model.KindPlenary, "Begrüßung", 9, 30, 10, 0, person("Oberbürgermeister", model.RoleSpeaker))
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 11, 0, 12, 30, person("Moderation", model.RoleModerator))
		w1 := newWorkshop(t, db, slot, "Wohnen", 0, person("Leitung Wohnen", model.RoleModerator))
		w2 := newWorkshop(t, db, slot, "Arbeit", 1, person("Leitung Arbeit", model.RoleModerator), person("Input Arbeit", model.RoleInput))

		keep := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		noErr(t, db.CreateConference(ctx, keep), "create second conference")
		keepSlot := newSession(t, db, keep, model.KindWorkshopSlot, "Workshops 2017", 11, 0, 12, 30, person("Bleibt", model.RoleModerator))
		keepWS := newWorkshop(t, db, keepSlot, "Gesundheit", 0, person("Bleibt auch", model.RoleInput))

		noErr(t, db.DeleteConference(ctx, f.conf.ID), "delete conference with agenda")

		_, err := db.Conference(ctx, f.conf.ID)
		wantNotFound(t, err)
		for _, id := range []int64{opening.ID, slot.ID} {
			_, err := db.Session(ctx, id)
			wantNotFound(t, err)
		}
		for _, id := range []int64{w1.ID, w2.ID} {
			_, err := db.Workshop(ctx, id)
			wantNotFound(t, err)
		}
		if p := programme(t, db, f.conf.ID); len(p) != 0 {
			t.Errorf("programme of a deleted conference has %d items", len(p))
		}

		p := programme(t, db, keep.ID)
		if len(p) != 1 || len(p[0].Workshops) != 1 {
			t.Fatalf("other conference's programme = %+v, want its slot with one workshop", p)
		}
		wantPeople(t, "other slot", p[0].People, keepSlot.People)
		wantPeople(t, "other workshop", p[0].Workshops[0].People, keepWS.People)
	})
}

// The revision grows with every change to an edition or its programme, and
// PublishedRevision sees it for published editions only.
func TestRevisionFollowsEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		last := int64(-1)
		step := func(what string, change func() error) {
			t.Helper()
			if err := change(); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			c, err := db.Conference(ctx, f.conf.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.Revision <= last {
				t.Errorf("%s: revision %d, was %d", what, c.Revision, last)
			}
			last = c.Revision
		}
		conf := f.conf
		step("update and hide the edition", func() error {
			conf.Title, conf.Published = "Neu", false
			return db.UpdateConference(ctx, conf)
		})
		slot := &model.Session{ConferenceID: conf.ID, Kind: model.KindWorkshopSlot, Title: "AGs",
			StartsAt: conf.StartsAt, EndsAt: conf.StartsAt.Add(time.Hour)}
		step("add an item", func() error { return db.CreateSession(ctx, slot) })
		step("change the item's people", func() error {
			slot.People = []model.Person{{Name: "Gunhild Böth", Role: model.RoleModerator}}
			return db.UpdateSession(ctx, slot)
		})
		w := &model.Workshop{SessionID: slot.ID, Topic: model.TopicWork, Title: "Arbeit", Capacity: 10}
		step("add a workshop", func() error { return db.CreateWorkshop(ctx, w) })
		step("change the workshop", func() error { w.Capacity = 12; return db.UpdateWorkshop(ctx, w) })
		step("delete the workshop", func() error { return db.DeleteWorkshop(ctx, w.ID) })
		step("delete the item", func() error { return db.DeleteSession(ctx, slot.ID) })

		if _, err := db.PublishedRevision(ctx, conf.Slug); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("unpublished edition: %v, want not found", err)
		}
		conf.Published = true
		step("publish", func() error { return db.UpdateConference(ctx, conf) })
		rev, err := db.PublishedRevision(ctx, conf.Slug)
		if err != nil || rev != last {
			t.Errorf("PublishedRevision = %d, %v; want %d", rev, err, last)
		}
	})
}

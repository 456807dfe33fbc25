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

// checkSession compares an agenda item's fields and people.
func checkSession(t *testing.T, what string, got, want *model.Session) {
	t.Helper()
	if got.ID != want.ID || got.ConferenceID != want.ConferenceID || got.Kind != want.Kind || got.Title != want.Title ||
		got.Description != want.Description || got.Room != want.Room {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
	sameTime(t, what+" starts_at", got.StartsAt, want.StartsAt)
	sameTime(t, what+" ends_at", got.EndsAt, want.EndsAt)
	wantPeople(t, what, got.People, want.People)
}

// checkWorkshop compares a workshop's fields and people.
func checkWorkshop(t *testing.T, what string, got, want *model.Workshop) {
	t.Helper()
	if got.ID != want.ID || got.ConferenceID != want.ConferenceID || got.SessionID != want.SessionID ||
		got.Topic != want.Topic || got.Title != want.Title || got.Description != want.Description ||
		got.Room != want.Room || got.Capacity != want.Capacity || got.Position != want.Position {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
	wantPeople(t, what, got.People, want.People)
}

func TestSessionCRUD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		f := newFixture(t, db)

		s := &model.Session{
			ConferenceID: f.conf.ID,
			Kind:         model.KindPanel,
			Title:        "Podium: Wohnen für alle",
			Description:  "Mit **Gästen** aus drei Kommunen.",
			Room:         "Großer Saal",
			StartsAt:     at(loc, 2016, time.February, 13, 10, 0),
			EndsAt:       at(loc, 2016, time.February, 13, 11, 15),
			People: []model.Person{
				{Name: "Moderatorin", Affiliation: "WDR", Role: model.RoleModerator},
				{Name: "Sozialdezernent", Affiliation: "Stadt Köln", Role: model.RoleSpeaker},
				{Name: "Geflüchteter", Role: model.RoleGuest},
			},
		}
		noErr(t, db.CreateSession(ctx, s), "create session")
		if s.ID == 0 {
			t.Fatal("CreateSession set no ID")
		}
		for i, p := range s.People {
			if p.ID == 0 || p.Position != i {
				t.Errorf("person %d after create = %+v, want an ID and position %d", i, p, i)
			}
		}
		want := *s
		want.People = append([]model.Person(nil), s.People...)

		got, err := db.Session(ctx, s.ID)
		noErr(t, err, "session")
		checkSession(t, "Session", got, &want)
		for i := range got.People {
			if got.People[i].ID != want.People[i].ID {
				t.Errorf("person %d read with ID %d, created with %d", i, got.People[i].ID, want.People[i].ID)
			}
		}

		// Update replaces the people: one leaves, the order changes, one is new.
		s.Kind = model.KindExchange
		s.Title = "Austausch: Wohnen"
		s.Description = ""
		s.Room = "Raum 2"
		s.StartsAt = at(loc, 2016, time.February, 13, 14, 0)
		s.EndsAt = at(loc, 2016, time.February, 13, 15, 0)
		s.People = []model.Person{
			{Name: "Geflüchteter", Affiliation: "Initiative", Role: model.RoleInput},
			{Name: "Neue Moderatorin", Role: model.RoleModerator},
		}
		noErr(t, db.UpdateSession(ctx, s), "update session")
		got, err = db.Session(ctx, s.ID)
		noErr(t, err, "session after update")
		// checkSession compares all of them: the old people are gone.
		checkSession(t, "updated Session", got, s)

		// Removing everyone leaves no one.
		s.People = nil
		noErr(t, db.UpdateSession(ctx, s), "update session without people")
		got, err = db.Session(ctx, s.ID)
		noErr(t, err, "session after removing people")
		if len(got.People) != 0 {
			t.Errorf("people after removing all = [%s]", personNames(got.People))
		}

		noErr(t, db.DeleteSession(ctx, s.ID), "delete session")
		_, err = db.Session(ctx, s.ID)
		wantNotFound(t, err)
		wantNotFound(t, db.DeleteSession(ctx, s.ID))
		if p := programme(t, db, f.conf.ID); len(p) != 0 {
			t.Errorf("programme after delete has %d items", len(p))
		}
	})
}

func TestWorkshopCRUD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshopphase", 11, 0, 12, 30)

		w := &model.Workshop{
			ConferenceID: 999, // ignored: the slot decides
			SessionID:    slot.ID,
			Topic:        model.TopicHealth,
			Title:        "Gesundheitsversorgung",
			Description:  "Elektronische Gesundheitskarte",
			Room:         "A 101",
			Capacity:     30,
			Position:     2,
			People: []model.Person{
				{Name: "Ärztin", Affiliation: "Gesundheitsamt", Role: model.RoleInput},
				{Name: "Moderator", Role: model.RoleModerator},
			},
		}
		noErr(t, db.CreateWorkshop(ctx, w), "create workshop")
		if w.ID == 0 || w.ConferenceID != f.conf.ID {
			t.Fatalf("after create ID = %d, conference = %d, want an ID and conference %d", w.ID, w.ConferenceID, f.conf.ID)
		}
		got, err := db.Workshop(ctx, w.ID)
		noErr(t, err, "workshop")
		checkWorkshop(t, "Workshop", got, w)

		w.Topic = model.TopicEducation
		w.Title = "Schule und Kita"
		w.Description = ""
		w.Room = "B 2"
		w.Capacity = model.MaxWorkshopCapacity
		w.Position = 0
		w.People = []model.Person{{Name: "Lehrerin", Affiliation: "Gesamtschule", Role: model.RoleInput}}
		noErr(t, db.UpdateWorkshop(ctx, w), "update workshop")
		got, err = db.Workshop(ctx, w.ID)
		noErr(t, err, "workshop after update")
		// checkWorkshop compares all of them: the old people are gone.
		checkWorkshop(t, "updated Workshop", got, w)

		// The slot stays as it was.
		gotSlot, err := db.Session(ctx, slot.ID)
		noErr(t, err, "slot")
		checkSession(t, "slot", gotSlot, slot)

		noErr(t, db.DeleteWorkshop(ctx, w.ID), "delete workshop")
		_, err = db.Workshop(ctx, w.ID)
		wantNotFound(t, err)
		wantNotFound(t, db.DeleteWorkshop(ctx, w.ID))
		p := programme(t, db, f.conf.ID)
		if len(p) != 1 || len(p[0].Workshops) != 0 {
			t.Errorf("programme after deleting the workshop = %+v, want the empty slot", p)
		}
	})
}

func TestProgramme(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Created out of order; two items start at the same time.
		closing := newSession(t, db, f.conf, model.KindClosing, "Abschluss", 16, 0, 17, 0, person("Gastgeberin", model.RoleSpeaker))
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 13, 30, 15, 30)
		lunch := newSession(t, db, f.conf, model.KindBreak, "Mittagspause", 12, 30, 13, 30)
		keynote := newSession(t, db, f.conf, model.KindKeynote, "Vortrag", 10, 0, 11, 0,
			person("Professorin", model.RoleSpeaker), person("Moderator", model.RoleModerator))
		welcome := newSession(t, db, f.conf, model.KindPlenary, "Begrüßung", 9, 30, 10, 0,
			person("Bürgermeister", model.RoleSpeaker))
		panel := newSession(t, db, f.conf, model.KindPanel, "Podium", 11, 0, 12, 30,
			person("A", model.RoleSpeaker), person("B", model.RoleSpeaker), person("C", model.RoleGuest))
		market := newSession(t, db, f.conf, model.KindExchange, "Markt der Möglichkeiten", 11, 0, 12, 0)
		// Workshops created out of position order.
		w3 := newWorkshop(t, db, slot, "Arbeit", 3, person("Jobcenter", model.RoleInput))
		w1 := newWorkshop(t, db, slot, "Wohnen", 1, person("Wohnungsamt", model.RoleInput), person("Mieterverein", model.RoleModerator))
		w2 := newWorkshop(t, db, slot, "Gesundheit", 2)
		w0 := newWorkshop(t, db, slot, "Bildung", 0, person("Schulamt", model.RoleInput))

		// Another conference's agenda must not leak in.
		other := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		noErr(t, db.CreateConference(t.Context(), other), "other conference")
		otherSlot := newSession(t, db, other, model.KindWorkshopSlot, "Fremd", 9, 0, 10, 0, person("Fremde", model.RoleGuest))
		newWorkshop(t, db, otherSlot, "Fremder Workshop", 0, person("Fremder", model.RoleInput))

		p := programme(t, db, f.conf.ID)
		// Same start: the shorter item (earlier end) first.
		want := []*model.Session{welcome, keynote, market, panel, lunch, slot, closing}
		var got, wantTitles []string
		for _, s := range p {
			got = append(got, s.Title)
		}
		for _, s := range want {
			wantTitles = append(wantTitles, s.Title)
		}
		if strings.Join(got, "|") != strings.Join(wantTitles, "|") {
			t.Fatalf("programme order = %v, want %v", got, wantTitles)
		}
		for i, s := range want {
			checkSession(t, "programme item "+s.Title, &p[i], s)
			if s.Kind != model.KindWorkshopSlot && len(p[i].Workshops) != 0 {
				t.Errorf("%s has %d workshops", s.Title, len(p[i].Workshops))
			}
		}
		for i := 1; i < len(p); i++ {
			if p[i].StartsAt.Before(p[i-1].StartsAt) {
				t.Errorf("%s starts before %s but is listed after it", p[i].Title, p[i-1].Title)
			}
		}

		gotSlot := p[5]
		wantWS := []*model.Workshop{w0, w1, w2, w3}
		if len(gotSlot.Workshops) != len(wantWS) {
			t.Fatalf("slot has %d workshops, want %d", len(gotSlot.Workshops), len(wantWS))
		}
		for i, w := range wantWS {
			checkWorkshop(t, "programme workshop "+w.Title, &gotSlot.Workshops[i], w)
		}
	})
}

func TestProgrammeEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if p := programme(t, db, f.conf.ID); len(p) != 0 {
			t.Errorf("programme of a new conference has %d items", len(p))
		}
		if p := programme(t, db, 4711); len(p) != 0 {
			t.Errorf("programme of an unknown conference has %d items", len(p))
		}
	})
}

func TestDeleteSlotWithWorkshops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 11, 0, 12, 30, person("Moderation", model.RoleModerator))
		w := newWorkshop(t, db, slot, "Wohnen", 0, person("Leitung", model.RoleModerator))

		wantCode(t, db.DeleteSession(ctx, slot.ID), model.EConflict)
		got, err := db.Session(ctx, slot.ID)
		noErr(t, err, "slot after refused delete")
		checkSession(t, "slot after refused delete", got, slot)
		gotW, err := db.Workshop(ctx, w.ID)
		noErr(t, err, "workshop after refused delete")
		checkWorkshop(t, "workshop after refused delete", gotW, w)

		// Without workshops the slot may go, with its people.
		noErr(t, db.DeleteWorkshop(ctx, w.ID), "delete workshop")
		noErr(t, db.DeleteSession(ctx, slot.ID), "delete empty slot")
		_, err = db.Session(ctx, slot.ID)
		wantNotFound(t, err)
	})
}

func TestSlotKindChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 11, 0, 12, 30,
			person("Moderation", model.RoleModerator), person("Technik", model.RoleGuest))
		w := newWorkshop(t, db, slot, "Wohnen", 0, person("Leitung", model.RoleModerator))

		for _, kind := range model.SessionKinds {
			if kind == model.KindWorkshopSlot {
				continue
			}
			t.Run(kind, func(t *testing.T) {
				change := *slot
				change.Kind = kind
				change.Title = "Geändert"
				change.People = []model.Person{person("Neu", model.RoleSpeaker)}
				wantField(t, db.UpdateSession(ctx, &change), model.EConflict, "kind")

				got, err := db.Session(ctx, slot.ID)
				noErr(t, err, "slot after refused change")
				checkSession(t, "slot after refused change", got, slot)
				gotW, err := db.Workshop(ctx, w.ID)
				noErr(t, err, "workshop after refused change")
				checkWorkshop(t, "workshop after refused change", gotW, w)
			})
		}

		// Staying a slot, everything else may change.
		slot.Title = "Workshopphase"
		slot.People = []model.Person{person("Neue Moderation", model.RoleModerator)}
		noErr(t, db.UpdateSession(ctx, slot), "update slot keeping its kind")
		got, err := db.Session(ctx, slot.ID)
		noErr(t, err, "slot after update")
		checkSession(t, "slot after update", got, slot)

		// Once empty, the slot may become something else, and back.
		noErr(t, db.DeleteWorkshop(ctx, w.ID), "delete workshop")
		slot.Kind = model.KindPlenary
		noErr(t, db.UpdateSession(ctx, slot), "empty slot becomes a plenary")
		got, err = db.Session(ctx, slot.ID)
		noErr(t, err, "plenary")
		checkSession(t, "former slot", got, slot)

		// Workshops cannot go into it now.
		ws := &model.Workshop{SessionID: slot.ID, Topic: model.TopicWork, Title: "Arbeit", Capacity: 10}
		wantField(t, db.CreateWorkshop(ctx, ws), model.EConflict, "session_id")

		slot.Kind = model.KindWorkshopSlot
		noErr(t, db.UpdateSession(ctx, slot), "plenary becomes a slot")
		newWorkshop(t, db, slot, "Arbeit", 0)
	})
}

func TestWorkshopOnlyInSlot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		for _, kind := range model.SessionKinds {
			if kind == model.KindWorkshopSlot {
				continue
			}
			t.Run(kind, func(t *testing.T) {
				s := newSession(t, db, f.conf, kind, "Kein Slot "+kind, 10, 0, 11, 0)
				w := &model.Workshop{SessionID: s.ID, Topic: model.TopicOther, Title: "Fehl am Platz", Capacity: 10,
					People: []model.Person{person("Niemand", model.RoleInput)}}
				wantField(t, db.CreateWorkshop(ctx, w), model.EConflict, "session_id")
				if w.ID != 0 {
					t.Errorf("refused workshop got ID %d", w.ID)
				}
			})
		}
		for _, s := range programme(t, db, f.conf.ID) {
			if len(s.Workshops) != 0 {
				t.Errorf("%s holds %d workshops", s.Title, len(s.Workshops))
			}
		}
	})
}

func TestSessionInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		existing := newSession(t, db, f.conf, model.KindPlenary, "Begrüßung", 9, 30, 10, 0, person("Bürgermeister", model.RoleSpeaker))
		tooMany := make([]model.Person, model.MaxPeople+1)
		for i := range tooMany {
			tooMany[i] = person(fmt.Sprint("P", i), model.RoleGuest)
		}

		tests := []struct {
			name   string
			change func(s *model.Session)
			field  string
		}{
			{"ends before it starts", func(s *model.Session) { s.EndsAt = s.StartsAt.Add(-time.Minute) }, "ends_at"},
			{"ends when it starts", func(s *model.Session) { s.EndsAt = s.StartsAt }, "ends_at"},
			{"no start", func(s *model.Session) { s.StartsAt = time.Time{} }, "starts_at"},
			{"unknown kind", func(s *model.Session) { s.Kind = "party" }, "kind"},
			{"no title", func(s *model.Session) { s.Title = "" }, "title"},
			{"title too long", func(s *model.Session) { s.Title = strings.Repeat("ß", model.MaxShort+1) }, "title"},
			{"room too long", func(s *model.Session) { s.Room = strings.Repeat("r", model.MaxShort+1) }, "room"},
			{"person without name", func(s *model.Session) {
				s.People = []model.Person{{Role: model.RoleSpeaker}}
			}, "people.0.name"},
			{"second person without name", func(s *model.Session) {
				s.People = []model.Person{person("A", model.RoleSpeaker), {Name: "  ", Role: model.RoleGuest}}
			}, "people.1.name"},
			{"person with unknown role", func(s *model.Session) {
				s.People = []model.Person{person("A", "clown")}
			}, "people.0.role"},
			{"too many people", func(s *model.Session) { s.People = tooMany }, "people"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				loc := berlin(t)
				s := &model.Session{ConferenceID: f.conf.ID, Kind: model.KindPanel, Title: "Podium",
					StartsAt: at(loc, 2016, time.February, 13, 11, 0), EndsAt: at(loc, 2016, time.February, 13, 12, 0),
					People: []model.Person{person("Gast", model.RoleGuest)}}
				tt.change(s)
				wantField(t, db.CreateSession(ctx, s), model.EInvalid, tt.field)
				if s.ID != 0 {
					t.Errorf("invalid session got ID %d", s.ID)
				}

				u := *existing
				u.People = append([]model.Person(nil), existing.People...)
				tt.change(&u)
				wantField(t, db.UpdateSession(ctx, &u), model.EInvalid, tt.field)
				got, err := db.Session(ctx, existing.ID)
				noErr(t, err, "session after invalid update")
				checkSession(t, "session after invalid update", got, existing)
			})
		}
		p := programme(t, db, f.conf.ID)
		if len(p) != 1 {
			t.Errorf("programme has %d items, want only the valid one", len(p))
		}
	})
}

func TestWorkshopInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 11, 0, 12, 30)
		existing := newWorkshop(t, db, slot, "Wohnen", 0, person("Leitung", model.RoleModerator))

		tests := []struct {
			name   string
			change func(w *model.Workshop)
			field  string
		}{
			{"capacity 0", func(w *model.Workshop) { w.Capacity = 0 }, "capacity"},
			{"negative capacity", func(w *model.Workshop) { w.Capacity = -5 }, "capacity"},
			{"capacity too large", func(w *model.Workshop) { w.Capacity = model.MaxWorkshopCapacity + 1 }, "capacity"},
			{"unknown topic", func(w *model.Workshop) { w.Topic = "sport" }, "topic"},
			{"no title", func(w *model.Workshop) { w.Title = " " }, "title"},
			{"title too long", func(w *model.Workshop) { w.Title = strings.Repeat("é", model.MaxShort+1) }, "title"},
			{"description too long", func(w *model.Workshop) { w.Description = strings.Repeat("d", model.MaxLong+1) }, "description"},
			{"person without name", func(w *model.Workshop) {
				w.People = []model.Person{{Affiliation: "Verein", Role: model.RoleInput}}
			}, "people.0.name"},
			{"person name too long", func(w *model.Workshop) {
				w.People = []model.Person{person(strings.Repeat("n", model.MaxShort+1), model.RoleInput)}
			}, "people.0.name"},
			{"person with no role", func(w *model.Workshop) {
				w.People = []model.Person{{Name: "Ohne Rolle"}}
			}, "people.0.role"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := &model.Workshop{SessionID: slot.ID, Topic: model.TopicWork, Title: "Arbeit", Capacity: 20,
					People: []model.Person{person("Input", model.RoleInput)}}
				tt.change(w)
				wantField(t, db.CreateWorkshop(ctx, w), model.EInvalid, tt.field)
				if w.ID != 0 {
					t.Errorf("invalid workshop got ID %d", w.ID)
				}

				u := *existing
				u.People = append([]model.Person(nil), existing.People...)
				tt.change(&u)
				wantField(t, db.UpdateWorkshop(ctx, &u), model.EInvalid, tt.field)
				got, err := db.Workshop(ctx, existing.ID)
				noErr(t, err, "workshop after invalid update")
				checkWorkshop(t, "workshop after invalid update", got, existing)
			})
		}
		p := programme(t, db, f.conf.ID)
		if len(p) != 1 || len(p[0].Workshops) != 1 {
			t.Errorf("programme = %+v, want one slot with the one valid workshop", p)
		}
	})
}

func TestAgendaNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		loc := berlin(t)
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "Workshops", 11, 0, 12, 30)
		const unknown = 4711

		validSession := func(id, conferenceID int64) *model.Session {
			return &model.Session{ID: id, ConferenceID: conferenceID, Kind: model.KindPlenary, Title: "Plenum",
				StartsAt: at(loc, 2016, time.February, 13, 9, 0), EndsAt: at(loc, 2016, time.February, 13, 10, 0),
				People: []model.Person{person("Jemand", model.RoleSpeaker)}}
		}
		validWorkshop := func(id, sessionID int64) *model.Workshop {
			return &model.Workshop{ID: id, SessionID: sessionID, Topic: model.TopicOther, Title: "W", Capacity: 5,
				People: []model.Person{person("Jemand", model.RoleInput)}}
		}

		tests := []struct {
			name string
			call func() error
		}{
			{"Session", func() error { _, err := db.Session(ctx, unknown); return err }},
			{"Workshop", func() error { _, err := db.Workshop(ctx, unknown); return err }},
			{"UpdateSession", func() error { return db.UpdateSession(ctx, validSession(unknown, f.conf.ID)) }},
			{"UpdateSession to a slot", func() error {
				s := validSession(unknown, f.conf.ID)
				s.Kind = model.KindWorkshopSlot
				return db.UpdateSession(ctx, s)
			}},
			{"DeleteSession", func() error { return db.DeleteSession(ctx, unknown) }},
			{"UpdateWorkshop", func() error { return db.UpdateWorkshop(ctx, validWorkshop(unknown, slot.ID)) }},
			{"DeleteWorkshop", func() error { return db.DeleteWorkshop(ctx, unknown) }},
			{"CreateSession in unknown conference", func() error { return db.CreateSession(ctx, validSession(0, unknown)) }},
			{"CreateWorkshop in unknown session", func() error { return db.CreateWorkshop(ctx, validWorkshop(0, unknown)) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantNotFound(t, tt.call())
			})
		}

		// None of it stored anything.
		p := programme(t, db, f.conf.ID)
		if len(p) != 1 || len(p[0].Workshops) != 0 || len(p[0].People) != 0 {
			t.Errorf("programme = %+v, want only the empty slot", p)
		}
	})
}

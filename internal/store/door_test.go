package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// newDoorHelper stores an account with the door role.
func newDoorHelper(t *testing.T, db *store.DB, email string) *model.User {
	t.Helper()
	u := &model.User{Email: email, Name: "Tür " + email, Role: model.RoleDoor, PasswordHash: "$2a$10$kein-echter-hash"}
	noErr(t, db.CreateUser(t.Context(), u), "create door helper "+email)
	return u
}

func wantAttendance(t *testing.T, db *store.DB, conferenceID int64, present, registered int) {
	t.Helper()
	got, err := db.Attendance(t.Context(), conferenceID)
	noErr(t, err, "attendance")
	if got.Present != present || got.Registered != registered {
		t.Fatalf("attendance %d of %d, want %d of %d", got.Present, got.Registered, present, registered)
	}
}

// Two phones at the door at once, each marking people as fast as it can:
// some people both mark (the same badge scanned twice, or two helpers
// finding the same name), some only one of them. Every mark is kept, the
// first one wins, and the count is the number of people marked.
func TestCheckInByTwoClientsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		helpers := []*model.User{newDoorHelper(t, db, "tuer1@example.org"), newDoorHelper(t, db, "tuer2@example.org")}
		const people = 24
		ids := make([]int64, people)
		for i := range ids {
			r := newRegistration(f.conf.ID, fmt.Sprintf("Person %02d", i), "")
			register(t, db, r)
			ids[i] = r.ID
		}
		// Phone 0 marks the first two thirds, phone 1 the last two thirds:
		// the middle third is marked by both, the rest by one.
		share := [][]int64{ids[:2*people/3], ids[people/3:]}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for p := range 2 {
			wg.Go(func() {
				for _, id := range share[p] {
					a, _, err := db.CheckIn(ctx, f.conf.ID, id, helpers[p].ID)
					if err == nil && !a.Present() {
						err = fmt.Errorf("%d not present after its mark", id)
					}
					if err != nil {
						errs[p] = err
						return
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			noErr(t, err, "check in")
		}
		wantAttendance(t, db, f.conf.ID, people, people)

		// Marking again keeps the first time.
		first, err := db.Arrival(ctx, f.conf.ID, ids[0])
		noErr(t, err, "arrival")
		again, marked, err := db.CheckIn(ctx, f.conf.ID, ids[0], helpers[1].ID)
		noErr(t, err, "check in again")
		if marked || !again.CheckedInAt.Equal(*first.CheckedInAt) {
			t.Errorf("a second mark moved the time from %v to %v", first.CheckedInAt, again.CheckedInAt)
		}

		// One phone undoes half the marks while the other marks them again
		// and undoes none of the rest: each person ends as the last
		// statement about them left them, and nothing else changes.
		wg.Go(func() {
			for _, id := range ids[:people/2] {
				if _, err := db.UndoCheckIn(ctx, f.conf.ID, id); err != nil {
					errs[0] = err
					return
				}
			}
		})
		wg.Go(func() {
			for _, id := range ids[people/2:] {
				if _, _, err := db.CheckIn(ctx, f.conf.ID, id, helpers[1].ID); err != nil {
					errs[1] = err
					return
				}
			}
		})
		wg.Wait()
		for _, err := range errs {
			noErr(t, err, "undo and mark")
		}
		wantAttendance(t, db, f.conf.ID, people-people/2, people)
		a, err := db.UndoCheckIn(ctx, f.conf.ID, ids[0])
		noErr(t, err, "undo twice")
		if a.Present() {
			t.Error("undone twice, still present")
		}
	})
}

// The door lists confirmed registrations only, finds names in any case and
// with LIKE's wildcards taken literally, and neither marks nor shows
// another edition's people.
func TestDoorSearchAndWhoCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 2)
		door := newDoorHelper(t, db, "tuer@example.org")
		a := newRegistration(f.conf.ID, "Amina Diallo", "")
		b := newRegistration(f.conf.ID, "Bernd 100%", "")
		w := newRegistration(f.conf.ID, "Amira Waiting", "")
		for _, r := range []*model.Registration{a, b, w} {
			register(t, db, r)
		}
		if w.Status != model.RegWaiting {
			t.Fatalf("%s is %s, want waiting", w.Name, w.Status)
		}
		wantAttendance(t, db, f.conf.ID, 0, 2)
		for q, want := range map[string]int{"ami": 1, "AMINA": 1, "%": 1, "": 2, "zzz": 0} {
			got, more, err := db.SearchArrivals(ctx, f.conf.ID, q)
			noErr(t, err, "search")
			if len(got) != want || more {
				t.Errorf("search %q: %d found, want %d", q, len(got), want)
			}
		}
		if _, _, err := db.CheckIn(ctx, f.conf.ID, w.ID, door.ID); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("checking in someone waiting: %v, want not found", err)
		}
		other := conferenceAt(t, f.series.ID, "nrw-2017", 2017, time.February, 11)
		noErr(t, db.CreateConference(ctx, other), "other edition")
		if _, _, err := db.CheckIn(ctx, other.ID, a.ID, door.ID); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("checking in through another edition: %v, want not found", err)
		}
		_, marked, err := db.CheckIn(ctx, f.conf.ID, a.ID, door.ID)
		noErr(t, err, "check in")
		if !marked {
			t.Error("the first mark was not reported as made")
		}
		wantAttendance(t, db, f.conf.ID, 1, 2)
		// Cancelled after the mark: no longer counted.
		_, err = db.CancelRegistration(ctx, a.ID)
		noErr(t, err, "cancel")
		wantAttendance(t, db, f.conf.ID, 0, 2) // the waiting person moved up
	})
}

// A walk-in is confirmed and present at once, even over the capacity, and
// recorded as a walk-in; the place they take is counted, so nobody on the
// waiting list moves up into it.
func TestWalkInOverCapacity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 1)
		door := newDoorHelper(t, db, "tuer@example.org")
		register(t, db, newRegistration(f.conf.ID, "Amina", ""))
		if err := (&model.WalkIn{Name: " "}).Validate(); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("a walk-in without a name: %v, want invalid", err)
		}
		a, err := db.AddWalkIn(ctx, f.conf.ID, &model.WalkIn{Name: "Yonas Spät", Organisation: "Initiative"}, door.ID)
		noErr(t, err, "walk-in")
		if !a.Present() || !a.WalkIn || a.Name != "Yonas Spät" || a.Organisation != "Initiative" {
			t.Errorf("walk-in stored as %+v", a)
		}
		wantAttendance(t, db, f.conf.ID, 1, 2)
		conf, err := db.Conference(ctx, f.conf.ID)
		noErr(t, err, "conference")
		if conf.ConfirmedCount != 2 {
			t.Errorf("places taken %d, want 2", conf.ConfirmedCount)
		}
		r, err := db.Registration(ctx, a.ID)
		noErr(t, err, "registration")
		if r.Status != model.RegConfirmed {
			t.Errorf("walk-in is %s", r.Status)
		}
	})
}

// A badge's code finds its person and nothing else: it is no personal
// link, a personal link is no code, and a cancelled registration's code
// finds nobody.
func TestDoorCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		r := newRegistration(f.conf.ID, "Amina", "")
		personal := register(t, db, r)
		code, err := db.DoorCode(ctx, r.ID)
		noErr(t, err, "door code")
		if len(code) < 22 || code == personal {
			t.Fatalf("code %q", code)
		}
		a, err := db.ArrivalByDoorCode(ctx, code)
		noErr(t, err, "by code")
		if a.ID != r.ID {
			t.Errorf("code found %d, want %d", a.ID, r.ID)
		}
		if _, err := db.RegistrationByToken(ctx, code); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("the code as a personal link: %v", err)
		}
		if _, err := db.ArrivalByDoorCode(ctx, personal); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("the personal link as a code: %v", err)
		}
		if _, err := db.DoorCode(ctx, r.ID+100); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("code for nobody: %v", err)
		}
		_, err = db.CancelRegistration(ctx, r.ID)
		noErr(t, err, "cancel")
		if _, err := db.ArrivalByDoorCode(ctx, code); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("a cancelled registration's code: %v", err)
		}
	})
}

// Rebuilding users on SQLite to change its CHECK kept what points at it: a
// deleted account still takes its sessions along and leaves the marks it
// made without an author.
func TestDoorRoleKeepsForeignKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		door := newDoorHelper(t, db, "tuer@example.org")
		token, err := db.CreateStaffSession(ctx, door.ID, time.Hour)
		noErr(t, err, "session")
		r := newRegistration(f.conf.ID, "Amina", "")
		register(t, db, r)
		_, _, err = db.CheckIn(ctx, f.conf.ID, r.ID, door.ID)
		noErr(t, err, "check in")
		if _, _, err := db.CheckIn(ctx, f.conf.ID, r.ID+1, door.ID+100); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("checking in nobody: %v", err)
		}
		noErr(t, db.DeleteUser(ctx, door.ID), "delete user")
		if _, err := db.UserBySession(ctx, token); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("a deleted account's session: %v", err)
		}
		a, err := db.Arrival(ctx, f.conf.ID, r.ID)
		noErr(t, err, "arrival")
		if !a.Present() {
			t.Error("the mark went with its author")
		}
	})
}

// A search lists at most DoorSearchLimit people and says when there are more.
func TestDoorSearchLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for i := range store.DoorSearchLimit + 1 {
			register(t, db, newRegistration(f.conf.ID, fmt.Sprintf("Gast %02d", i), ""))
		}
		got, more, err := db.SearchArrivals(t.Context(), f.conf.ID, "gast")
		noErr(t, err, "search")
		if len(got) != store.DoorSearchLimit || !more || got[0].Name != "Gast 00" {
			t.Errorf("%d found, more %v, first %q", len(got), more, got[0].Name)
		}
		got, more, err = db.SearchArrivals(t.Context(), f.conf.ID, "gast 5")
		noErr(t, err, "search")
		if len(got) != 1 || more {
			t.Errorf("%d found, more %v", len(got), more)
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// withCapacity sets the fixture edition's capacity.
func withCapacity(t *testing.T, db *store.DB, c *model.Conference, capacity int) {
	t.Helper()
	c.Capacity = capacity
	noErr(t, db.UpdateConference(t.Context(), c), "set capacity")
}

func newRegistration(conferenceID int64, name string, email string) *model.Registration {
	r := &model.Registration{ConferenceID: conferenceID, Name: name, Lang: "de"}
	if email != "" {
		r.Email = &email
	}
	return r
}

func register(t *testing.T, db *store.DB, r *model.Registration) string {
	t.Helper()
	token, err := db.Register(t.Context(), r, nil)
	noErr(t, err, "register "+r.Name)
	if len(token) < 22 {
		t.Fatalf("token %q is shorter than 128 bits", token)
	}
	return token
}

func TestRegistrationPlacesAndWaitingList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 2)

		a := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		b := newRegistration(f.conf.ID, "Bernd", "")
		c := newRegistration(f.conf.ID, "Chantal", "chantal@example.org")
		d := newRegistration(f.conf.ID, "Dawit", "")
		tokenA := register(t, db, a)
		register(t, db, b)
		tokenC := register(t, db, c)
		register(t, db, d)
		for _, tc := range []struct {
			r        *model.Registration
			status   string
			position int
		}{{a, model.RegConfirmed, 0}, {b, model.RegConfirmed, 0}, {c, model.RegWaiting, 1}, {d, model.RegWaiting, 2}} {
			if tc.r.Status != tc.status || tc.r.Position != tc.position {
				t.Errorf("%s: %s at %d, want %s at %d", tc.r.Name, tc.r.Status, tc.r.Position, tc.status, tc.position)
			}
		}

		got, err := db.RegistrationByToken(ctx, tokenA)
		noErr(t, err, "by token")
		if got.ID != a.ID || got.Name != "Amina" || *got.Email != "amina@example.org" {
			t.Errorf("by token: %+v", got)
		}
		if _, err := db.RegistrationByToken(ctx, "not-a-token"); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("unknown token: %v", err)
		}

		// The same address again is refused; nothing is stored.
		_, err = db.Register(ctx, newRegistration(f.conf.ID, "Amina again", "amina@example.org"), nil)
		wantField(t, err, model.EConflict, "email")

		// A cancellation gives the place to the first person waiting.
		promoted, err := db.CancelRegistration(ctx, a.ID)
		noErr(t, err, "cancel")
		if promoted == nil || promoted.ID != c.ID || promoted.Status != model.RegConfirmed {
			t.Fatalf("promoted %+v, want Chantal confirmed", promoted)
		}
		gotC, err := db.RegistrationByToken(ctx, tokenC)
		noErr(t, err, "Chantal")
		if gotC.Status != model.RegConfirmed {
			t.Errorf("Chantal is %s", gotC.Status)
		}
		gotD, err := db.Registration(ctx, d.ID)
		noErr(t, err, "Dawit")
		if gotD.Position != 1 {
			t.Errorf("Dawit waits at %d, want 1", gotD.Position)
		}
		// Cancelling again changes nothing.
		_, err = db.CancelRegistration(ctx, a.ID)
		wantCode(t, err, model.EConflict)
		// A waiting person who cancels frees no place.
		promoted, err = db.CancelRegistration(ctx, d.ID)
		noErr(t, err, "cancel waiting")
		if promoted != nil {
			t.Errorf("cancelling a waiting person promoted %s", promoted.Name)
		}
		confirmed, waiting, err := countStatuses(t, db, f.conf.ID)
		noErr(t, err, "counts")
		conf, _ := db.Conference(ctx, f.conf.ID)
		if confirmed != 2 || waiting != 0 || conf.ConfirmedCount != 2 {
			t.Errorf("confirmed %d (count %d), waiting %d; want 2, 0", confirmed, conf.ConfirmedCount, waiting)
		}
	})
}

func TestRegistrationChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "AGs", 14, 0, 16, 0)
		housing := newWorkshop(t, db, slot, "Wohnen", 1)
		health := newWorkshop(t, db, slot, "Gesundheit", 2)
		work := newWorkshop(t, db, slot, "Arbeit", 3)

		r := newRegistration(f.conf.ID, "Amina", "")
		r.Choices = map[int64][]int64{slot.ID: {health.ID, housing.ID}}
		token := register(t, db, r)
		got, err := db.RegistrationByToken(ctx, token)
		noErr(t, err, "read")
		if fmt.Sprint(got.Choices[slot.ID]) != fmt.Sprint([]int64{health.ID, housing.ID}) {
			t.Errorf("choices %v", got.Choices)
		}

		got.Choices = map[int64][]int64{slot.ID: {work.ID}}
		got.Organisation = "Flüchtlingsrat"
		noErr(t, db.UpdateRegistration(ctx, got), "update")
		again, err := db.Registration(ctx, got.ID)
		noErr(t, err, "reread")
		if fmt.Sprint(again.Choices[slot.ID]) != fmt.Sprint([]int64{work.ID}) || again.Organisation != "Flüchtlingsrat" {
			t.Errorf("after update: %v %q", again.Choices, again.Organisation)
		}
		// Deleting a workshop removes the choices of it.
		noErr(t, db.DeleteWorkshop(ctx, work.ID), "delete workshop")
		again, err = db.Registration(ctx, got.ID)
		noErr(t, err, "reread")
		if len(again.Choices[slot.ID]) != 0 {
			t.Errorf("choice of a deleted workshop kept: %v", again.Choices)
		}
	})
}

// The capacity is a hard limit under concurrency: 500 registrations at once
// for 100 places, through two connection pools standing for two app
// instances on PostgreSQL (one on SQLite, which has one writer), give
// exactly 100 confirmed and 400 waiting, every one stored.
func TestRegistrationCapacityUnderConcurrency(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			url := storetest.URL(t, dialect)
			first := openAndMigrate(t, url)
			instances := []*store.DB{first}
			if dialect == store.Postgres {
				instances = append(instances, openAndMigrate(t, url))
			}
			f := newFixture(t, first)
			withCapacity(t, first, f.conf, 100)

			const n = 500
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					db := instances[i%len(instances)]
					r := newRegistration(f.conf.ID, fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.org", i))
					if _, err := db.Register(context.Background(), r, nil); err != nil {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("register: %v", err)
			}
			confirmed, waiting, err := countStatuses(t, first, f.conf.ID)
			noErr(t, err, "counts")
			conf, _ := first.Conference(t.Context(), f.conf.ID)
			if confirmed != 100 || waiting != 400 || conf.ConfirmedCount != 100 {
				t.Fatalf("confirmed %d (count %d), waiting %d; want 100 and 400", confirmed, conf.ConfirmedCount, waiting)
			}

			// 50 cancellations at once promote exactly 50 of those waiting.
			all, err := first.FindRegistrations(t.Context(), f.conf.ID, store.RegistrationFilter{})
			noErr(t, err, "list")
			var ids []int64
			for _, r := range all {
				if r.Status == model.RegConfirmed && len(ids) < 50 {
					ids = append(ids, r.ID)
				}
			}
			for i, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := instances[i%len(instances)].CancelRegistration(context.Background(), id); err != nil {
						t.Errorf("cancel: %v", err)
					}
				}()
			}
			wg.Wait()
			confirmed, waiting, err = countStatuses(t, first, f.conf.ID)
			noErr(t, err, "counts")
			conf, _ = first.Conference(t.Context(), f.conf.ID)
			if confirmed != 100 || waiting != 350 || conf.ConfirmedCount != 100 {
				t.Fatalf("after cancellations: confirmed %d (count %d), waiting %d; want 100 and 350", confirmed, conf.ConfirmedCount, waiting)
			}
		})
	}
}

// countStatuses counts an edition's confirmed and waiting registrations.
func countStatuses(t *testing.T, db *store.DB, conferenceID int64) (confirmed, waiting int, err error) {
	t.Helper()
	regs, err := db.FindRegistrations(t.Context(), conferenceID, store.RegistrationFilter{})
	for _, r := range regs {
		switch r.Status {
		case model.RegConfirmed:
			confirmed++
		case model.RegWaiting:
			waiting++
		}
	}
	return confirmed, waiting, err
}

func openAndMigrate(t *testing.T, url string) *store.DB {
	t.Helper()
	return storetest.OpenURL(t, url)
}

// A link sent again is a new one; the old one keeps working.
func TestNewLinkAndRegistrationByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		r := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		first := register(t, db, r)
		found, err := db.RegistrationByEmail(ctx, f.conf.ID, "amina@example.org")
		noErr(t, err, "by email")
		if found.ID != r.ID {
			t.Fatalf("by email: %d, want %d", found.ID, r.ID)
		}
		if _, err := db.RegistrationByEmail(ctx, f.conf.ID, "nobody@example.org"); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("unknown address: %v", err)
		}
		second, err := db.NewLink(ctx, r.ID)
		noErr(t, err, "new link")
		if second == first || len(second) < 22 {
			t.Fatalf("new link %q (first %q)", second, first)
		}
		for _, token := range []string{first, second} {
			got, err := db.RegistrationByToken(ctx, token)
			noErr(t, err, "by token")
			if got.ID != r.ID {
				t.Errorf("token leads to %d", got.ID)
			}
		}
		if _, err := db.NewLink(ctx, r.ID+1000); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("link for an unknown registration: %v", err)
		}
	})
}

// Deleting one's data cancels, empties every personal field, ends the
// links, and keeps the row so that counts stay right.
func TestAnonymiseRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 1)
		a := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		a.Phone, a.Access, a.Diet, a.Category, a.Children = "0202 123", "Rollstuhl", "vegan", "volunteer", 2
		token := register(t, db, a)
		b := newRegistration(f.conf.ID, "Bernd", "")
		register(t, db, b)
		noErr(t, db.EnqueueEmail(ctx, &model.Email{Kind: model.EmailConfirmation, RegistrationID: &a.ID,
			Recipient: "amina@example.org", Lang: "de", Subject: "s", Body: "b"}), "enqueue")

		promoted, err := db.AnonymiseRegistration(ctx, a.ID)
		noErr(t, err, "anonymise")
		if promoted == nil || promoted.ID != b.ID || promoted.Status != model.RegConfirmed {
			t.Fatalf("promoted %+v", promoted)
		}
		got, err := db.Registration(ctx, a.ID)
		noErr(t, err, "read")
		if got.Name != "" || got.Email != nil || got.Phone != "" || got.Access != "" || got.Diet != "" ||
			got.Children != 0 || got.AnonymisedAt == nil || got.Status != model.RegCancelled {
			t.Errorf("not anonymised: %+v", got)
		}
		if got.Category != "volunteer" {
			t.Errorf("category, kept for the counts, is %q", got.Category)
		}
		if _, err := db.RegistrationByToken(ctx, token); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("the link still works: %v", err)
		}
		mails, err := db.Outbox(ctx, 10)
		noErr(t, err, "outbox")
		if len(mails) != 0 {
			t.Errorf("emails kept: %d", len(mails))
		}
		confirmed, waiting, err := countStatuses(t, db, f.conf.ID)
		noErr(t, err, "counts")
		if confirmed != 1 || waiting != 0 {
			t.Errorf("confirmed %d, waiting %d", confirmed, waiting)
		}
		// The same address may register again afterwards.
		register(t, db, newRegistration(f.conf.ID, "Amina", "amina@example.org"))
	})
}

// Registrations arriving together are written together; each still gets
// its own outcome: one place each while places last, waiting positions in
// order, a conflict for an address twice, and a failure of one (here a
// confirmation that cannot be written) does not fail the others.
func TestRegistrationsWrittenTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 20)
		const n = 60
		var wg sync.WaitGroup
		regs := make([]*model.Registration, n)
		errs := make([]error, n)
		for i := range n {
			email := fmt.Sprintf("p%d@example.org", i)
			if i%10 == 0 {
				email = "same@example.org"
			}
			regs[i] = newRegistration(f.conf.ID, fmt.Sprintf("Person %d", i), email)
			wg.Add(1)
			go func() {
				defer wg.Done()
				compose := func(r *model.Registration, token string) *model.Email {
					if r.Name == "Person 7" {
						panic("cannot compose")
					}
					// Person 13's confirmation fails only if they must wait: then
					// it fails in the writer, and their batch is written again one
					// by one, which the others must not notice.
					if r.Name == "Person 13" && r.Status == model.RegWaiting {
						panic("cannot compose a waiting confirmation")
					}
					return &model.Email{Kind: model.EmailConfirmation, RegistrationID: &r.ID, Recipient: *r.Email,
						Lang: "de", Subject: r.Status, Body: token}
				}
				_, errs[i] = db.Register(context.Background(), regs[i], compose)
			}()
		}
		wg.Wait()
		conflicts, stored, failed := 0, 0, 0
		for i, err := range errs {
			switch {
			case i == 7:
				if err == nil {
					t.Error("a registration whose confirmation failed was stored")
				}
				failed++
			case i == 13 && err != nil:
				failed++
			case model.ErrorCode(err) == model.EConflict:
				conflicts++
			case err != nil:
				t.Errorf("Person %d: %v", i, err)
			default:
				stored++
			}
		}
		if conflicts != 5 || stored != n-5-failed {
			t.Fatalf("%d conflicts, %d stored, %d failed; want 5 and %d", conflicts, stored, failed, n-5-failed)
		}
		all, err := db.FindRegistrations(ctx, f.conf.ID, store.RegistrationFilter{})
		noErr(t, err, "list")
		if len(all) != stored {
			t.Fatalf("%d rows for %d registrations", len(all), stored)
		}
		byID := map[int64]*model.Registration{}
		for _, r := range regs {
			byID[r.ID] = r
		}
		confirmed := 0
		for _, row := range all {
			r := byID[row.ID]
			if r == nil || r.Status != row.Status || r.Position != row.Position {
				t.Errorf("%s: told %v, stored %s at %d", row.Name, r, row.Status, row.Position)
				continue
			}
			if row.Status == model.RegConfirmed {
				confirmed++
			}
		}
		if confirmed != 20 {
			t.Errorf("%d confirmed, want 20", confirmed)
		}
		mails, err := db.Outbox(ctx, 100)
		noErr(t, err, "outbox")
		if len(mails) != stored {
			t.Errorf("%d confirmations for %d registrations", len(mails), stored)
		}
		for _, m := range mails {
			if r := byID[*m.RegistrationID]; r == nil || m.Subject != r.Status {
				t.Errorf("email %d belongs to no registration or says %q", m.ID, m.Subject)
			}
		}
	})
}

// A workshop deleted between the check of the form and the write refuses
// that registration with a message for the form, and stores nothing of it.
func TestRegisteringForADeletedWorkshop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "AGs", 14, 0, 16, 0)
		gone := newWorkshop(t, db, slot, "Wohnen", 1)
		noErr(t, db.DeleteWorkshop(t.Context(), gone.ID), "delete")
		r := newRegistration(f.conf.ID, "Amina", "")
		r.Choices = map[int64][]int64{slot.ID: {gone.ID}}
		_, err := db.Register(t.Context(), r, nil)
		if e := model.AsError(err); e == nil || e.Code != model.EConflict || e.Message != "err_workshop_gone" {
			t.Fatalf("register: %v", err)
		}
		if regs, _ := db.FindRegistrations(t.Context(), f.conf.ID, store.RegistrationFilter{}); len(regs) != 0 {
			t.Errorf("%d registrations stored", len(regs))
		}
	})
}

// Someone who cancelled may register again with the same address.
func TestRegisteringAgainAfterCancelling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		first := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		register(t, db, first)
		_, err := db.CancelRegistration(ctx, first.ID)
		noErr(t, err, "cancel")
		again := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		register(t, db, again)
		if again.Status != model.RegConfirmed {
			t.Errorf("registered again: %s", again.Status)
		}
		found, err := db.RegistrationByEmail(ctx, f.conf.ID, "amina@example.org")
		noErr(t, err, "by email")
		if found.ID != again.ID {
			t.Errorf("the address leads to %d, want the new registration %d", found.ID, again.ID)
		}
		// While the new one stands, the address is taken.
		_, err = db.Register(ctx, newRegistration(f.conf.ID, "Amina", "amina@example.org"), nil)
		wantField(t, err, model.EConflict, "email")
	})
}

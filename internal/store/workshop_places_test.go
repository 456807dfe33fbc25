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

// firstComeFixture is an edition in first-come mode with one workshop slot.
type firstComeFixture struct {
	fixture
	slot *model.Session
}

func newFirstCome(t *testing.T, db *store.DB, capacity int) firstComeFixture {
	t.Helper()
	f := newFixture(t, db)
	f.conf.RegistrationMode = model.ModeFirstCome
	f.conf.Capacity = capacity
	noErr(t, db.UpdateConference(t.Context(), f.conf), "first-come mode")
	return firstComeFixture{fixture: f, slot: newSession(t, db, f.conf, model.KindWorkshopSlot, "AGs", 14, 0, 16, 0)}
}

// workshopOf stores a workshop of the slot with the capacity.
func (f firstComeFixture) workshopOf(t *testing.T, db *store.DB, title string, capacity int) *model.Workshop {
	t.Helper()
	w := newWorkshop(t, db, f.slot, title, 1)
	w.Capacity = capacity
	noErr(t, db.UpdateWorkshop(t.Context(), w), "capacity of "+title)
	return w
}

// ranking registers name with the ranked workshops.
func (f firstComeFixture) ranking(t *testing.T, db *store.DB, name string, ranked ...*model.Workshop) *model.Registration {
	t.Helper()
	r := newRegistration(f.conf.ID, name, "")
	for _, w := range ranked {
		r.Choices = map[int64][]int64{f.slot.ID: append(r.Choices[f.slot.ID], w.ID)}
	}
	register(t, db, r)
	return r
}

// places describes, for each registration, its granted workshop and those it
// waits for, as stored: "Amina: Wohnen (waits for -)".
func (f firstComeFixture) places(t *testing.T, db *store.DB, titles map[int64]string, regs ...*model.Registration) string {
	t.Helper()
	out := ""
	for _, r := range regs {
		got, err := db.Registration(t.Context(), r.ID)
		noErr(t, err, "read "+r.Name)
		waits := "-"
		for i, w := range got.Waiting[f.slot.ID] {
			if i == 0 {
				waits = ""
			} else {
				waits += ","
			}
			waits += titles[w]
		}
		granted := titles[got.Granted[f.slot.ID]]
		if granted == "" {
			granted = "none"
		}
		out += fmt.Sprintf("%s: %s (waits for %s)\n", got.Name, granted, waits)
	}
	return out
}

func wantTaken(t *testing.T, db *store.DB, want map[*model.Workshop]int) {
	t.Helper()
	for w, n := range want {
		got, err := db.Workshop(t.Context(), w.ID)
		noErr(t, err, "workshop")
		if got.TakenCount != n {
			t.Errorf("%s: %d places taken, want %d", w.Title, got.TakenCount, n)
		}
	}
}

// In first-come mode the best-ranked workshop with a free place is granted
// at once; the person waits for the better-ranked ones that were full, and
// moves up, in order, when a place there comes free.
func TestFirstComeGrantsAndMovesUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFirstCome(t, db, 0)
		housing := f.workshopOf(t, db, "Wohnen", 2)
		health := f.workshopOf(t, db, "Gesundheit", 2)
		work := f.workshopOf(t, db, "Arbeit", 2)
		titles := map[int64]string{housing.ID: "Wohnen", health.ID: "Gesundheit", work.ID: "Arbeit"}

		amina := f.ranking(t, db, "Amina", housing, health)
		bernd := f.ranking(t, db, "Bernd", housing, health)
		chantal := f.ranking(t, db, "Chantal", housing, health, work)
		dawit := f.ranking(t, db, "Dawit", health, housing)
		emre := f.ranking(t, db, "Emre", health, work)
		if chantal.Granted[f.slot.ID] != health.ID || len(chantal.Waiting[f.slot.ID]) != 1 {
			t.Errorf("Register did not report Chantal's places: %v %v", chantal.Granted, chantal.Waiting)
		}
		want := "Amina: Wohnen (waits for -)\nBernd: Wohnen (waits for -)\nChantal: Gesundheit (waits for Wohnen)\n" +
			"Dawit: Gesundheit (waits for -)\nEmre: Arbeit (waits for Gesundheit)\n"
		if got := f.places(t, db, titles, amina, bernd, chantal, dawit, emre); got != want {
			t.Errorf("after registering:\n%s\nwant:\n%s", got, want)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 2, health: 2, work: 1})

		// Amina cancels: Chantal moves up to Wohnen, which frees her place in
		// Gesundheit for Emre, which frees his in Arbeit.
		_, err := db.CancelRegistration(ctx, amina.ID)
		noErr(t, err, "cancel")
		want = "Amina: none (waits for -)\nBernd: Wohnen (waits for -)\nChantal: Wohnen (waits for -)\n" +
			"Dawit: Gesundheit (waits for -)\nEmre: Gesundheit (waits for -)\n"
		if got := f.places(t, db, titles, amina, bernd, chantal, dawit, emre); got != want {
			t.Errorf("after a cancellation:\n%s\nwant:\n%s", got, want)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 2, health: 2, work: 0})

		// Changing one's choices grants them anew.
		got, err := db.Registration(ctx, bernd.ID)
		noErr(t, err, "read")
		got.Choices = map[int64][]int64{f.slot.ID: {health.ID, work.ID}}
		noErr(t, db.UpdateRegistration(ctx, got), "change choices")
		want = "Bernd: Arbeit (waits for Gesundheit)\nChantal: Wohnen (waits for -)\n"
		if got := f.places(t, db, titles, bernd, chantal); got != want {
			t.Errorf("after changing choices:\n%s\nwant:\n%s", got, want)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 1, health: 2, work: 1})

		// A raised capacity goes to those waiting.
		health.Capacity = 3
		noErr(t, db.UpdateWorkshop(ctx, health), "raise capacity")
		want = "Bernd: Gesundheit (waits for -)\n"
		if got := f.places(t, db, titles, bernd); got != want {
			t.Errorf("after raising the capacity:\n%s\nwant:\n%s", got, want)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 1, health: 3, work: 0})
	})
}

// Someone on the edition's waiting list holds no workshop place; moving up
// grants them their workshops then.
func TestFirstComeWaitingListGetsWorkshopsWhenPromoted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFirstCome(t, db, 1)
		housing := f.workshopOf(t, db, "Wohnen", 5)
		titles := map[int64]string{housing.ID: "Wohnen"}
		amina := f.ranking(t, db, "Amina", housing)
		bernd := f.ranking(t, db, "Bernd", housing)
		if bernd.Status != model.RegWaiting || len(bernd.Granted) != 0 {
			t.Fatalf("Bernd: %s, granted %v", bernd.Status, bernd.Granted)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 1})
		promoted, err := db.CancelRegistration(t.Context(), amina.ID)
		noErr(t, err, "cancel")
		if promoted == nil || promoted.ID != bernd.ID || promoted.Granted[f.slot.ID] != housing.ID {
			t.Fatalf("promoted %+v", promoted)
		}
		if got := f.places(t, db, titles, bernd); got != "Bernd: Wohnen (waits for -)\n" {
			t.Errorf("Bernd: %s", got)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 1})
	})
}

// The mode changes only while nobody has registered.
func TestRegistrationModeFixedOnceRegistered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.conf.RegistrationMode = model.ModeFirstCome
		noErr(t, db.UpdateConference(t.Context(), f.conf), "change mode before registrations")
		register(t, db, newRegistration(f.conf.ID, "Amina", ""))
		f.conf.RegistrationMode = model.ModeAssign
		wantField(t, db.UpdateConference(t.Context(), f.conf), model.EConflict, "registration_mode")
		f.conf.RegistrationMode = model.ModeFirstCome
		f.conf.Title = "Neuer Titel"
		noErr(t, db.UpdateConference(t.Context(), f.conf), "other changes stay possible")
	})
}

// Under concurrency, through two pools on PostgreSQL, 500 people ranking
// three of five workshops of 20 for 100 places: 100 confirmed, each with
// one workshop or waiting for all three, no workshop over its capacity, and
// its count right.
func TestFirstComeUnderConcurrency(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			url := storetest.URL(t, dialect)
			first := openAndMigrate(t, url)
			instances := []*store.DB{first}
			if dialect == store.Postgres {
				instances = append(instances, openAndMigrate(t, url))
			}
			f := newFirstCome(t, first, 100)
			var workshops []*model.Workshop
			for i := range 5 {
				workshops = append(workshops, f.workshopOf(t, first, fmt.Sprintf("AG %d", i), 20))
			}
			const n = 500
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := newRegistration(f.conf.ID, fmt.Sprintf("Person %d", i), "")
					r.Choices = map[int64][]int64{f.slot.ID: {
						workshops[i%5].ID, workshops[(i+1)%5].ID, workshops[(i+3)%5].ID}}
					if _, err := instances[i%len(instances)].Register(context.Background(), r, nil); err != nil {
						t.Errorf("register: %v", err)
					}
				}()
			}
			wg.Wait()
			confirmed, waiting, err := countStatuses(t, first, f.conf.ID)
			noErr(t, err, "counts")
			if confirmed != 100 || waiting != 400 {
				t.Fatalf("confirmed %d, waiting %d; want 100 and 400", confirmed, waiting)
			}
			regs, err := first.FindRegistrations(t.Context(), f.conf.ID, store.RegistrationFilter{})
			noErr(t, err, "list")
			granted := map[int64]int{}
			for _, got := range regs { // with their workshops, as stored
				w, ok := got.Granted[f.slot.ID]
				// Three of five are ranked: all three may be full when the
				// person comes, while places are left in the other two.
				if got.Status == model.RegConfirmed && !ok && len(got.Waiting[f.slot.ID]) != 3 {
					t.Errorf("%s is confirmed without a workshop and waits for %v", got.Name, got.Waiting)
				}
				if got.Status == model.RegWaiting && ok {
					t.Errorf("%s waits for the edition but holds a workshop", got.Name)
				}
				if ok {
					granted[w]++
				}
			}
			for _, w := range workshops {
				stored, err := first.Workshop(t.Context(), w.ID)
				noErr(t, err, "workshop")
				if granted[w.ID] > 20 || stored.TakenCount != granted[w.ID] {
					t.Errorf("%s: %d granted, count %d, capacity 20", w.Title, granted[w.ID], stored.TakenCount)
				}
			}
		})
	}
}

// Changing choices with a registration read before its holder moved up
// still gives back the workshop they were granted meanwhile.
func TestFirstComeChangeAfterMovingUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFirstCome(t, db, 1)
		housing := f.workshopOf(t, db, "Wohnen", 5)
		health := f.workshopOf(t, db, "Gesundheit", 5)
		titles := map[int64]string{housing.ID: "Wohnen", health.ID: "Gesundheit"}
		amina := f.ranking(t, db, "Amina", housing)
		bernd := f.ranking(t, db, "Bernd", housing, health)
		stale, err := db.Registration(ctx, bernd.ID)
		noErr(t, err, "read")
		_, err = db.CancelRegistration(ctx, amina.ID)
		noErr(t, err, "cancel")
		stale.Choices = map[int64][]int64{f.slot.ID: {health.ID}}
		noErr(t, db.UpdateRegistration(ctx, stale), "change choices")
		if got := f.places(t, db, titles, bernd); got != "Bernd: Gesundheit (waits for -)\n" {
			t.Errorf("Bernd: %s", got)
		}
		wantTaken(t, db, map[*model.Workshop]int{housing: 0, health: 1})
	})
}

// Fewer choices per slot than someone has ranked is refused: their next
// save would drop the ranks.
func TestMaxChoicesNotBelowRanksGiven(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFirstCome(t, db, 0)
		housing := f.workshopOf(t, db, "Wohnen", 5)
		health := f.workshopOf(t, db, "Gesundheit", 5)
		f.ranking(t, db, "Amina", housing, health)
		f.conf.MaxChoices = 1
		wantField(t, db.UpdateConference(t.Context(), f.conf), model.EConflict, "max_choices")
		f.conf.MaxChoices = 2
		noErr(t, db.UpdateConference(t.Context(), f.conf), "two choices stay possible")
	})
}

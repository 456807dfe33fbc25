package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// names lists the names of registrations with their waiting positions, as "Name" or "Name@2".
func names(regs []model.Registration) string {
	out := make([]string, len(regs))
	for i, r := range regs {
		out[i] = r.Name
		if r.Position > 0 {
			out[i] += fmt.Sprintf("@%d", r.Position)
		}
	}
	return fmt.Sprint(out)
}

func TestFindRegistrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 1)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "AGs", 14, 0, 16, 0)
		housing := newWorkshop(t, db, slot, "Wohnen", 1)
		health := newWorkshop(t, db, slot, "Gesundheit", 2)
		work := newWorkshop(t, db, slot, "Arbeit", 3)

		amina := newRegistration(f.conf.ID, "Amina Diallo", "amina@example.org")
		amina.Organisation, amina.Category = "Flüchtlingsrat Wuppertal", "volunteer"
		amina.Choices = map[int64][]int64{slot.ID: {housing.ID, health.ID}}
		bernd := newRegistration(f.conf.ID, "Bernd Weber", "")
		bernd.Organisation, bernd.Municipality, bernd.Category = "100% Solidarität", "Köln", "councillor"
		bernd.Choices = map[int64][]int64{slot.ID: {health.ID}}
		chantal := newRegistration(f.conf.ID, "Chantal Özdemir", "chantal@example.org")
		chantal.Category = "volunteer"
		chantal.Choices = map[int64][]int64{slot.ID: {work.ID, housing.ID}}
		dawit := newRegistration(f.conf.ID, "Dawit Tesfaye", "d_t@example.org")
		dawit.Municipality = "Bielefeld"
		for _, r := range []*model.Registration{amina, bernd, chantal, dawit} {
			register(t, db, r)
		}
		// Another edition's registrations never show.
		other := conferenceAt(t, f.series.ID, "nrw-2017", 2017, 2, 11)
		noErr(t, db.CreateConference(ctx, other), "other edition")
		register(t, db, newRegistration(other.ID, "Amina Zweitmeldung", "amina@example.org"))

		for _, tc := range []struct {
			name   string
			filter store.RegistrationFilter
			want   string
		}{
			{"all", store.RegistrationFilter{}, "[Amina Diallo Bernd Weber@1 Chantal Özdemir@2 Dawit Tesfaye@3]"},
			{"waiting", store.RegistrationFilter{Status: model.RegWaiting}, "[Bernd Weber@1 Chantal Özdemir@2 Dawit Tesfaye@3]"},
			// The position is among everybody waiting, not among those shown.
			{"category", store.RegistrationFilter{Category: "volunteer"}, "[Amina Diallo Chantal Özdemir@2]"},
			{"workshop at any rank", store.RegistrationFilter{WorkshopID: housing.ID}, "[Amina Diallo Chantal Özdemir@2]"},
			{"workshop nobody chose", store.RegistrationFilter{WorkshopID: 999999}, "[]"},
			{"name in another case", store.RegistrationFilter{Query: "ÖZDEMIR"}, "[Chantal Özdemir@2]"},
			{"email", store.RegistrationFilter{Query: "EXAMPLE.org"}, "[Amina Diallo Chantal Özdemir@2 Dawit Tesfaye@3]"},
			{"organisation", store.RegistrationFilter{Query: "wupper"}, "[Amina Diallo]"},
			{"municipality", store.RegistrationFilter{Query: " köln "}, "[Bernd Weber@1]"},
			{"percent is a character", store.RegistrationFilter{Query: "0%"}, "[Bernd Weber@1]"},
			{"underscore is a character", store.RegistrationFilter{Query: "_"}, "[Dawit Tesfaye@3]"},
			{"backslash is a character", store.RegistrationFilter{Query: `\`}, "[]"},
			{"combined", store.RegistrationFilter{Status: model.RegWaiting, Query: "bielefeld"}, "[Dawit Tesfaye@3]"},
			{"nothing", store.RegistrationFilter{Status: model.RegCancelled}, "[]"},
		} {
			got, err := db.FindRegistrations(ctx, f.conf.ID, tc.filter)
			noErr(t, err, tc.name)
			if names(got) != tc.want {
				t.Errorf("%s: got %s, want %s", tc.name, names(got), tc.want)
			}
		}

		all, err := db.FindRegistrations(ctx, f.conf.ID, store.RegistrationFilter{})
		noErr(t, err, "all")
		if got := all[0].Choices[slot.ID]; !slices.Equal(got, []int64{housing.ID, health.ID}) {
			t.Errorf("Amina's choices %v", got)
		}
		if len(all[3].Choices) != 0 {
			t.Errorf("Dawit chose nothing, got %v", all[3].Choices)
		}

		// Cancelling moves Bernd up; the others' places follow.
		_, err = db.CancelRegistration(ctx, amina.ID)
		noErr(t, err, "cancel")
		got, err := db.FindRegistrations(ctx, f.conf.ID, store.RegistrationFilter{Category: "volunteer"})
		noErr(t, err, "after cancelling")
		if names(got) != "[Amina Diallo Chantal Özdemir@1]" || got[0].Status != model.RegCancelled {
			t.Errorf("after cancelling: %s, Amina %s", names(got), got[0].Status)
		}
		counts, err := db.StatusCounts(ctx, f.conf.ID)
		noErr(t, err, "counts")
		if counts[model.RegConfirmed] != 1 || counts[model.RegWaiting] != 2 || counts[model.RegCancelled] != 1 {
			t.Errorf("counts %v", counts)
		}
	})
}

// The needs of an edition's registrations as the store reads them back:
// the needs overview counts them so (model.NeedsOf), and per workshop the
// people its basis picks (internal/web's workshopPeople).
func TestNeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		withCapacity(t, db, f.conf, 4)
		slot := newSession(t, db, f.conf, model.KindWorkshopSlot, "AGs", 14, 0, 16, 0)
		housing := newWorkshop(t, db, slot, "Wohnen", 1)
		health := newWorkshop(t, db, slot, "Gesundheit", 2)

		add := func(name, interpretation, diet string, children int, ages, access string, first int64) *model.Registration {
			r := newRegistration(f.conf.ID, name, "")
			r.Interpreting, r.Diet, r.Children, r.ChildAges, r.Access = interpretation, diet, children, ages, access
			if first != 0 {
				r.Choices = map[int64][]int64{slot.ID: {first}}
			}
			register(t, db, r)
			return r
		}
		add("Amina", "Arabisch", "vegetarisch", 2, "3, 7", "Rollstuhl", housing.ID)
		add("Bernd", " arabisch ", "Vegetarisch ", 0, "", "", health.ID)
		gone := add("Chantal", "Französisch", "vegan", 1, "4", "Gebärdensprache", housing.ID)
		add("Dawit", "Tigrinya", "", 1, "ein Baby", "", housing.ID) // the last place
		add("Farida", "Farsi", "", 2, "٣، ٧", "", health.ID)        // waiting
		_, err := db.CancelRegistration(ctx, gone.ID)               // Farida moves up
		noErr(t, err, "cancel")
		add("Goran", "arabisch", "", 0, "", "große Schrift", 0) // waiting

		regs, err := db.FindRegistrations(ctx, f.conf.ID, store.RegistrationFilter{})
		noErr(t, err, "registrations")
		n := model.NeedsOf(regs)
		if n.People != (model.Count{Confirmed: 4, Waiting: 1}) {
			t.Errorf("people %+v", n.People)
		}
		if got := fmt.Sprint(n.Interpretation); got != "[{Arabisch {2 1}} {Farsi {1 0}} {Tigrinya {1 0}}]" {
			t.Errorf("interpretation %s", got)
		}
		if got := fmt.Sprint(n.Diets); got != "[{vegetarisch {2 0}}]" {
			t.Errorf("diets %s", got)
		}
		if n.Families != (model.Count{Confirmed: 3}) || n.Children != (model.Count{Confirmed: 5}) {
			t.Errorf("families %+v, children %+v", n.Families, n.Children)
		}
		if got := fmt.Sprint(n.ChildAges); got != "[{3 {2 0}} {7 {2 0}}]" {
			t.Errorf("ages %s", got)
		}
		if len(n.UnreadAges) != 1 || n.UnreadAges[0].Name != "Dawit" || n.UnreadAges[0].Text != "ein Baby" {
			t.Errorf("unread ages %+v", n.UnreadAges)
		}
		if len(n.Accessibility) != 2 || n.Accessibility[0].Name != "Amina" || n.Accessibility[0].Text != "Rollstuhl" ||
			n.Accessibility[1].Name != "Goran" || n.Accessibility[1].Status != model.RegWaiting {
			t.Errorf("accessibility %+v", n.Accessibility)
		}
	})
}

func TestReadAges(t *testing.T) {
	for in, want := range map[string]string{
		"3, 7":     "[3 7]",
		"3 / 7; 0": "[3 7 0]",
		"٣، ٧":     "[3 7]",
		"۱۲":       "[12]",
		"17":       "[17]",
		"18":       "false",
		"2015":     "false",
		"3 Jahre":  "false",
		"ein Baby": "false",
		"":         "false",
		" - ":      "false",
	} {
		ages, ok := model.ReadAges(in)
		got := fmt.Sprint(ages)
		if !ok {
			got = "false"
		}
		if got != want {
			t.Errorf("ReadAges(%q) = %s, want %s", in, got, want)
		}
	}
}

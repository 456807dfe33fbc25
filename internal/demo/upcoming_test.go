package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// The upcoming edition is dated from the day of loading, open, full with a
// waiting list, and its sample people were emailed nothing.
func TestUpcomingEdition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, time.December, 1, 21, 0, 0, 0, time.UTC) // a Tuesday
		db.Now = func() time.Time { return now }
		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("Load: %v", err)
		}
		c, err := db.ConferenceBySlug(ctx, demo.UpcomingSlug)
		if err != nil {
			t.Fatalf("upcoming edition: %v", err)
		}
		loc := c.Location()
		if got := c.StartsAt.In(loc).Format("Monday 2006-01-02 15:04"); got != "Saturday 2027-03-06 10:00" {
			t.Errorf("upcoming edition starts %s, want the first Saturday three months on, Saturday 2027-03-06 10:00", got)
		}
		if !c.Published || !c.RegistrationOpen(now) || c.RegistrationClosesAt == nil || !c.RegistrationClosesAt.Before(c.StartsAt) {
			t.Errorf("upcoming edition: published %v, open %v, closes %v, starts %v; want published, open, closing before it starts",
				c.Published, c.RegistrationOpen(now), c.RegistrationClosesAt, c.StartsAt)
		}
		if c.Description == "" || c.CopiedFrom == nil {
			t.Errorf("upcoming edition: description %q, copied from %v; want its own description, copied from Wuppertal", c.Description, c.CopiedFrom)
		}

		counts, err := db.StatusCounts(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if counts[model.RegConfirmed] != demo.UpcomingCapacity || c.ConfirmedCount != demo.UpcomingCapacity || counts[model.RegWaiting] < 3 {
			t.Errorf("counts %v, confirmed_count %d; want %d confirmed (the capacity, %d) and a waiting list",
				counts, c.ConfirmedCount, demo.UpcomingCapacity, c.Capacity)
		}
		regs, err := db.FindRegistrations(ctx, c.ID, store.RegistrationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(regs) < 38 || len(regs) > 45 {
			t.Errorf("%d sample registrations, want about 40", len(regs))
		}
		var positions []int
		interpreting := map[string]int{}
		scripts := map[string]bool{}
		helped, children, access, diets := 0, 0, 0, 0
		for _, r := range regs {
			if r.Status == model.RegWaiting {
				positions = append(positions, r.Position)
			}
			interpreting[r.Interpreting]++
			scripts[script(r.Name)] = true
			if r.Email == nil && r.ContactName != "" {
				helped++
			}
			if r.Children > 0 {
				children++
			}
			if r.Access != "" {
				access++
			}
			if r.Diet != "" {
				diets++
			}
			if len(r.Choices) != 1 {
				t.Errorf("%s ranked in %d slots, want the one workshop slot", r.Name, len(r.Choices))
			}
		}
		slices.Sort(positions)
		for i, p := range positions {
			if p != i+1 {
				t.Errorf("waiting positions %v, want 1 to %d", positions, len(positions))
				break
			}
		}
		for _, code := range []string{"ar", "fa", "uk", "ti"} {
			if interpreting[code] < 2 {
				t.Errorf("%d people need interpretation into %s, want several", interpreting[code], code)
			}
		}
		for _, s := range []string{"latin", "arabic", "cyrillic", "ethiopic"} {
			if !scripts[s] {
				t.Errorf("no sample name in %s script", s)
			}
		}
		if helped != 1 || children == 0 || access == 0 || diets == 0 {
			t.Errorf("%d registered by a helper without email (want 1), %d with children, %d with access needs, %d with diets",
				helped, children, access, diets)
		}

		// The housing workshop has the demo facilitator, who logs in with
		// the organiser's password.
		var facilitated []string
		programme, err := db.Programme(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range programme {
			for _, w := range s.Workshops {
				full, err := db.Workshop(ctx, w.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(full.FacilitatorIDs) > 0 {
					facilitated = append(facilitated, w.Topic)
				}
				if w.Capacity < 1 || w.Languages == "" {
					t.Errorf("workshop %s: capacity %d, languages %q; want both", w.Title, w.Capacity, w.Languages)
				}
			}
		}
		if !slices.Equal(facilitated, []string{model.TopicHousing}) {
			t.Errorf("workshops with a facilitator: %v, want the housing workshop", facilitated)
		}
		if err := demo.EnsureOrganiser(ctx, db, "demo-passwort"); err != nil {
			t.Fatal(err)
		}
		if u, err := db.Authenticate(ctx, demo.FacilitatorEmail, "demo-passwort"); err != nil || u.Role != model.RoleFacilitator {
			t.Errorf("the demo facilitator logs in: %v, %v; want a facilitator", u, err)
		}

		emails, err := db.Outbox(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(emails) != 0 {
			t.Errorf("the outbox holds %d emails after loading, want none: the sample people get no emails", len(emails))
		}

		// Loading again changes nothing, even days later.
		now = now.AddDate(0, 0, 5)
		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("second Load: %v", err)
		}
		again, err := db.FindRegistrations(ctx, c.ID, store.RegistrationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.ConferenceBySlug(ctx, demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(regs) || !after.StartsAt.Equal(c.StartsAt) {
			t.Errorf("after a second Load: %d registrations, starts %v; want %d and %v", len(again), after.StartsAt, len(regs), c.StartsAt)
		}
	})
}

// script names the script of a name's first letter.
func script(name string) string {
	r := []rune(name)[0]
	switch {
	case r >= 0x0600 && r <= 0x06FF:
		return "arabic"
	case r >= 0x0400 && r <= 0x04FF:
		return "cyrillic"
	case r >= 0x1200 && r <= 0x137F:
		return "ethiopic"
	}
	return "latin"
}

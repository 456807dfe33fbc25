package demo_test

import (
	"context"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("Load: %v", err)
		}

		series, err := db.SeriesBySlug(ctx, demo.SeriesSlug)
		if err != nil {
			t.Fatalf("series: %v", err)
		}
		if series.Title != "Kommunale Flüchtlingskonferenz NRW" {
			t.Errorf("series title = %q", series.Title)
		}

		c, err := db.ConferenceBySlug(ctx, demo.WuppertalSlug)
		if err != nil {
			t.Fatalf("Wuppertal edition: %v", err)
		}
		if c.SeriesID != series.ID || !c.Published || c.Status != model.StatusDocumented || c.Capacity != 60 {
			t.Errorf("Wuppertal edition = series %d, published %v, status %q, capacity %d; want series %d, published, documented, 60",
				c.SeriesID, c.Published, c.Status, c.Capacity, series.ID)
		}
		loc, _ := time.LoadLocation("Europe/Berlin")
		if got := c.StartsAt.In(loc).Format("2006-01-02 15:04"); got != "2016-02-13 10:00" {
			t.Errorf("Wuppertal starts %s in Berlin, want 2016-02-13 10:00", got)
		}

		programme, err := db.Programme(ctx, c.ID)
		if err != nil {
			t.Fatalf("Programme: %v", err)
		}
		var kinds, people []string
		var slot *model.Session
		for i, s := range programme {
			kinds = append(kinds, s.Kind)
			for _, p := range s.People {
				people = append(people, p.Name)
			}
			if s.Kind == model.KindWorkshopSlot {
				slot = &programme[i]
			}
		}
		wantKinds := []string{model.KindPlenary, model.KindKeynote, model.KindExchange, model.KindBreak,
			model.KindWorkshopSlot, model.KindClosing}
		if !slices.Equal(kinds, wantKinds) {
			t.Errorf("agenda kinds = %v, want %v", kinds, wantKinds)
		}
		for _, name := range []string{"Ulrike Detjen", "Thomas Zitzmann", "Barbara Schmidt", "Jörg Detjen", "Voix des Migrants"} {
			if !slices.Contains(people, name) {
				t.Errorf("%s is not on the agenda; people: %v", name, people)
			}
		}
		if slot == nil {
			t.Fatal("no workshop slot")
		}
		var topics []string
		for _, w := range slot.Workshops {
			topics = append(topics, w.Topic)
			if w.Title == "Wohnen" {
				var names []string
				for _, p := range w.People {
					names = append(names, p.Name)
				}
				if !slices.Equal(names, []string{"Inken Vollmering", "Knut Unger"}) {
					t.Errorf("Wohnen has %v, want Inken Vollmering and Knut Unger", names)
				}
			}
		}
		wantTopics := []string{model.TopicHousing, model.TopicHealth, model.TopicEducation, model.TopicWork}
		if !slices.Equal(topics, wantTopics) {
			t.Errorf("workshop topics = %v, want %v", topics, wantTopics)
		}

		next, err := db.ConferenceBySlug(ctx, demo.NextEditionSlug)
		if err != nil {
			t.Fatalf("next edition: %v", err)
		}
		if next.Published || next.Status != model.StatusDraft || next.SeriesID != series.ID {
			t.Errorf("next edition: published %v, status %q, series %d; want an unpublished draft in series %d",
				next.Published, next.Status, next.SeriesID, series.ID)
		}
		if next.CopiedFrom == nil || *next.CopiedFrom != c.ID {
			t.Errorf("next edition copied from %v, want %d", next.CopiedFrom, c.ID)
		}
		nextProgramme, err := db.Programme(ctx, next.ID)
		if err != nil {
			t.Fatalf("next Programme: %v", err)
		}
		if len(nextProgramme) != len(programme) {
			t.Errorf("next edition has %d agenda items, want the %d it was copied from", len(nextProgramme), len(programme))
		}

		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("second Load: %v", err)
		}
		all, err := db.AllSeries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		editions, err := db.Conferences(ctx, series.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || len(editions) != 3 {
			t.Errorf("after a second Load: %d series and %d editions, want 1 and 3", len(all), len(editions))
		}
		again, err := db.Programme(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(programme) {
			t.Errorf("after a second Load the agenda has %d items, want %d", len(again), len(programme))
		}
	})
}

// A failed Load must not leave the series behind, or the next start would
// skip the demo for good.
func TestLoadCleansUpAfterFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		other := &model.Series{Slug: "andere-reihe", Title: "Andere Reihe"}
		if err := db.CreateSeries(ctx, other); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2016, 9, 17, 8, 0, 0, 0, time.UTC)
		blocker := &model.Conference{SeriesID: other.ID, Slug: demo.NextEditionSlug, Title: "Belegt",
			StartsAt: start, EndsAt: start.Add(time.Hour), TimeZone: model.DefaultTimeZone, Status: model.StatusDraft}
		if err := db.CreateConference(ctx, blocker); err != nil {
			t.Fatal(err)
		}

		if err := demo.Load(ctx, db); model.ErrorCode(err) != model.EConflict {
			t.Fatalf("Load with the next edition's slug taken = %v, want a conflict", err)
		}
		if _, err := db.SeriesBySlug(ctx, demo.SeriesSlug); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("series after a failed Load: %v, want not found", err)
		}
		if _, err := db.ConferenceBySlug(ctx, demo.WuppertalSlug); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("Wuppertal edition after a failed Load: %v, want not found", err)
		}

		if err := db.DeleteConference(ctx, blocker.ID); err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("Load after the slug was freed: %v", err)
		}
		if _, err := db.ConferenceBySlug(ctx, demo.NextEditionSlug); err != nil {
			t.Errorf("next edition: %v", err)
		}
	})
}

// intrawordStar finds a gender star left unescaped: in CommonMark two of
// them in one paragraph make the text between them italic.
var intrawordStar = regexp.MustCompile(`\pL\*\pL`)

func TestDescriptionsEscapeGenderStar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		series, err := db.SeriesBySlug(ctx, demo.SeriesSlug)
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{"series": series.Description}
		for _, slug := range []string{demo.WuppertalSlug, demo.NextEditionSlug, demo.UpcomingSlug} {
			c, err := db.ConferenceBySlug(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			texts[slug] = c.Description
			programme, err := db.Programme(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range programme {
				texts[slug+"/"+s.Title] = s.Description
				for _, w := range s.Workshops {
					texts[slug+"/"+w.Title] = w.Description
					// The draft is a bare copy of the documented Wuppertal
					// edition, which leaves its report behind.
					if draft := slug == demo.NextEditionSlug; (w.Description == "") != draft {
						t.Errorf("workshop %s in %s has description %q, want one only outside the draft", w.Title, slug, w.Description)
					}
				}
			}
		}
		if texts[demo.WuppertalSlug] == "" || texts[demo.UpcomingSlug] == "" || texts["series"] == "" {
			t.Error("the series, the Wuppertal or the upcoming edition has no description")
		}
		for name, text := range texts {
			if m := intrawordStar.FindString(text); m != "" {
				t.Errorf("%s: unescaped gender star %q", name, m)
			}
		}
	})
}

func TestEnsureOrganiser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.EnsureOrganiser(ctx, db, "erstes-passwort"); err != nil {
			t.Fatalf("first EnsureOrganiser: %v", err)
		}
		u, err := db.Authenticate(ctx, demo.OrganiserEmail, "erstes-passwort")
		if err != nil {
			t.Fatalf("Authenticate with the first password: %v", err)
		}
		if u.Role != model.RoleOrganiser {
			t.Errorf("role = %q, want organiser", u.Role)
		}

		if err := demo.EnsureOrganiser(ctx, db, "zweites-passwort"); err != nil {
			t.Fatalf("second EnsureOrganiser: %v", err)
		}
		again, err := db.Authenticate(ctx, demo.OrganiserEmail, "zweites-passwort")
		if err != nil {
			t.Fatalf("Authenticate with the latest password: %v", err)
		}
		if again.ID != u.ID {
			t.Errorf("second EnsureOrganiser made account %d, want the existing %d", again.ID, u.ID)
		}
		if _, err := db.Authenticate(ctx, demo.OrganiserEmail, "erstes-passwort"); model.ErrorCode(err) != model.EUnauthorized {
			t.Errorf("Authenticate with the old password = %v, want unauthorized", err)
		}

		if err := demo.EnsureOrganiser(ctx, db, "kurz"); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("EnsureOrganiser with a short password = %v, want invalid", err)
		}
	})
}

// Wuppertal's demands are adopted with their votes, some followed up, and
// the upcoming edition has one before its plenary with an open amendment.
func TestLoadResolutions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatalf("Load: %v", err)
		}
		series, err := db.SeriesBySlug(ctx, demo.SeriesSlug)
		if err != nil {
			t.Fatal(err)
		}
		demands, err := db.PublicDemands(ctx, series.ID)
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]string{}
		twoGroups := false
		for _, d := range demands {
			titles[d.Title] = d.State
			vote, err := db.Vote(ctx, d.ID, 0)
			if err != nil || len(vote) == 0 {
				t.Errorf("%s: vote %v, %v", d.Title, vote, err)
			}
			twoGroups = twoGroups || len(vote) == 2
		}
		for title, state := range map[string]string{
			"Faire und strukturierte Prüfung der Aufenthaltsgewährung für Geduldete": model.FollowPartlyImplemented,
			"Recht auf Schulbesuch auch für Volljährige":                             model.FollowAnswered,
			"Eine neue Wohnungsgemeinnützigkeit":                                     model.FollowSent,
			"Dolmetschung in Behörden und Ämtern":                                    model.FollowPartlyImplemented,
			"Selbstorganisation von Geflüchteten unterstützen":                       "",
		} {
			if got, ok := titles[title]; !ok || got != state {
				t.Errorf("%s: listed %v, state %q, want %q", title, ok, got, state)
			}
		}
		if !twoGroups {
			t.Error("no demand was voted on by two voter groups")
		}
		up, err := db.ConferenceBySlug(ctx, demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		open, err := db.Resolutions(ctx, up.ID)
		if err != nil || len(open) != 1 || open[0].Status != model.ResProposed {
			t.Fatalf("upcoming edition's resolutions: %v, %v", open, err)
		}
		ams, err := db.Amendments(ctx, open[0].ID)
		if err != nil || len(ams) != 1 || ams[0].Status != model.AmendProposed {
			t.Errorf("open amendment: %v, %v", ams, err)
		}
	})
}

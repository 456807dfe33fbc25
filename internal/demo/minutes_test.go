package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// Wuppertal's four workshops and its keynote have published German
// minutes (Arbeit's say that no report was written), and the demo
// facilitator has a draft to try the editor on in the upcoming edition.
func TestLoadMinutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		c, err := db.ConferenceBySlug(ctx, demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		published, err := db.PublishedMinutes(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		programme, err := db.Programme(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		byWorkshop, keynote := map[int64]model.Minutes{}, false
		for _, m := range published {
			if m.Language != "de" || m.Status != model.MinutesPublished || m.Version != 1 {
				t.Errorf("minutes %d: %s, %s, version %d", m.ID, m.Language, m.Status, m.Version)
			}
			if m.WorkshopID != nil {
				byWorkshop[*m.WorkshopID] = m
			}
			keynote = keynote || m.SessionID != nil
			if !strings.Contains(m.Body, "\n## ") || !strings.Contains(m.Body, "\n- ") {
				t.Errorf("minutes %d have no heading or no list:\n%s", m.ID, m.Body)
			}
			if star := intrawordStar.FindString(m.Body); star != "" {
				t.Errorf("minutes %d: unescaped gender star %q", m.ID, star)
			}
		}
		if len(published) != 5 || !keynote {
			t.Fatalf("%d published minutes, keynote's among them: %v", len(published), keynote)
		}
		for _, s := range programme {
			for _, w := range s.Workshops {
				m, ok := byWorkshop[w.ID]
				if !ok {
					t.Errorf("workshop %s has no published minutes", w.Title)
				}
				if w.Topic == model.TopicWork && !strings.Contains(m.Body, "kein Bericht geschrieben") {
					t.Errorf("Arbeit's minutes do not say that no report was written:\n%s", m.Body)
				}
			}
		}

		up, err := db.ConferenceBySlug(ctx, demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		facilitator, err := db.UserByEmail(ctx, demo.FacilitatorEmail)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := db.FacilitatedWorkshops(ctx, facilitator.ID)
		if err != nil {
			t.Fatal(err)
		}
		drafts := 0
		for _, w := range mine {
			m, err := db.WorkshopMinutes(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if w.ConferenceID == up.ID && m.Status == model.MinutesDraft && m.Body != "" {
				drafts++
			}
		}
		if drafts != 1 {
			t.Errorf("the demo facilitator has %d drafts in the upcoming edition, want 1", drafts)
		}
	})
}

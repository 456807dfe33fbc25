package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

func TestSeriesCRUD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		created := time.Date(2016, time.January, 4, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return created }

		s := &model.Series{Slug: "nrw", Title: "Kommunale Flüchtlingskonferenz NRW", Description: "Seit 2015."}
		noErr(t, db.CreateSeries(ctx, s), "create series")

		check := func(what string, got *model.Series, want *model.Series) {
			t.Helper()
			if got.ID != want.ID || got.Slug != want.Slug || got.Title != want.Title || got.Description != want.Description {
				t.Errorf("%s = %+v, want %+v", what, got, want)
			}
			sameTime(t, what+" created_at", got.CreatedAt, want.CreatedAt)
			sameTime(t, what+" updated_at", got.UpdatedAt, want.UpdatedAt)
		}
		got, err := db.Series(ctx, s.ID)
		noErr(t, err, "series by id")
		check("Series", got, s)
		sameTime(t, "created_at", got.CreatedAt, created)
		got, err = db.SeriesBySlug(ctx, "nrw")
		noErr(t, err, "series by slug")
		check("SeriesBySlug", got, s)

		updated := created.Add(48 * time.Hour)
		db.Now = func() time.Time { return updated }
		s.Slug, s.Title, s.Description = "nrw-neu", "Flüchtlingskonferenz Nordrhein-Westfalen", ""
		noErr(t, db.UpdateSeries(ctx, s), "update series")
		got, err = db.Series(ctx, s.ID)
		noErr(t, err, "series after update")
		check("updated Series", got, s)
		sameTime(t, "created_at after update", got.CreatedAt, created)
		sameTime(t, "updated_at after update", got.UpdatedAt, updated)
		_, err = db.SeriesBySlug(ctx, "nrw")
		wantNotFound(t, err)

		noErr(t, db.DeleteSeries(ctx, s.ID), "delete series")
		_, err = db.Series(ctx, s.ID)
		wantNotFound(t, err)
		_, err = db.SeriesBySlug(ctx, "nrw-neu")
		wantNotFound(t, err)
		all, err := db.AllSeries(ctx)
		noErr(t, err, "all series")
		if len(all) != 0 {
			t.Errorf("AllSeries after delete = %d series, want 0", len(all))
		}
	})
}

func TestAllSeriesByTitle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		all, err := db.AllSeries(t.Context())
		noErr(t, err, "all series, none stored")
		if len(all) != 0 {
			t.Fatalf("AllSeries on an empty database = %d series", len(all))
		}
		for _, s := range []model.Series{
			{Slug: "sachsen", Title: "Sachsen"},
			{Slug: "bayern", Title: "Bayern"},
			{Slug: "nrw", Title: "Nordrhein-Westfalen"},
		} {
			noErr(t, db.CreateSeries(t.Context(), &s), "create series "+s.Slug)
		}
		all, err = db.AllSeries(t.Context())
		noErr(t, err, "all series")
		var slugs []string
		for _, s := range all {
			slugs = append(slugs, s.Slug)
		}
		if got, want := strings.Join(slugs, ","), "bayern,nrw,sachsen"; got != want {
			t.Errorf("AllSeries order = %s, want %s (by title)", got, want)
		}
	})
}

func TestSeriesDuplicateSlug(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		nrw := newSeries(t, db, "nrw")
		other := newSeries(t, db, "sachsen")

		dup := &model.Series{Slug: "nrw", Title: "Doppelt"}
		wantField(t, db.CreateSeries(ctx, dup), model.EConflict, "slug")
		if dup.ID != 0 {
			t.Errorf("conflicting series got ID %d", dup.ID)
		}

		other.Slug = "nrw"
		other.Title = "Umbenannt"
		wantField(t, db.UpdateSeries(ctx, other), model.EConflict, "slug")
		got, err := db.Series(ctx, other.ID)
		noErr(t, err, "series after failed update")
		if got.Slug != "sachsen" || got.Title == "Umbenannt" {
			t.Errorf("failed update changed the series to %+v", got)
		}

		// Saving a series under its own slug is no conflict.
		nrw.Title = "Neuer Titel"
		noErr(t, db.UpdateSeries(ctx, nrw), "update series keeping its slug")

		all, err := db.AllSeries(ctx)
		noErr(t, err, "all series")
		if len(all) != 2 {
			t.Errorf("%d series stored, want 2", len(all))
		}
	})
}

func TestSeriesInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		existing := newSeries(t, db, "nrw")
		tests := []struct {
			name   string
			series model.Series
			field  string
		}{
			{"no slug", model.Series{Title: "T"}, "slug"},
			{"slug with capitals", model.Series{Slug: "NRW", Title: "T"}, "slug"},
			{"slug with spaces", model.Series{Slug: "nrw 2016", Title: "T"}, "slug"},
			{"slug with umlaut", model.Series{Slug: "köln", Title: "T"}, "slug"},
			{"slug with leading dash", model.Series{Slug: "-nrw", Title: "T"}, "slug"},
			{"slug with double dash", model.Series{Slug: "nrw--2016", Title: "T"}, "slug"},
			{"slug too long", model.Series{Slug: strings.Repeat("a", 81), Title: "T"}, "slug"},
			{"no title", model.Series{Slug: "ok", Title: " \t"}, "title"},
			{"title too long", model.Series{Slug: "ok", Title: strings.Repeat("ü", model.MaxShort+1)}, "title"},
			{"description too long", model.Series{Slug: "ok", Title: "T", Description: strings.Repeat("x", model.MaxLong+1)}, "description"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := tt.series
				wantField(t, db.CreateSeries(t.Context(), &s), model.EInvalid, tt.field)
				if s.ID != 0 {
					t.Errorf("invalid series got ID %d", s.ID)
				}

				u := tt.series
				u.ID = existing.ID
				wantField(t, db.UpdateSeries(t.Context(), &u), model.EInvalid, tt.field)
				got, err := db.Series(t.Context(), existing.ID)
				noErr(t, err, "series after invalid update")
				if got.Slug != existing.Slug || got.Title != existing.Title {
					t.Errorf("invalid update changed the series to %+v", got)
				}
			})
		}
		all, err := db.AllSeries(t.Context())
		noErr(t, err, "all series")
		if len(all) != 1 {
			t.Errorf("%d series stored, want only the valid one", len(all))
		}

		// The limits themselves are allowed: they count runes, not bytes.
		ok := &model.Series{Slug: strings.Repeat("a", 80), Title: strings.Repeat("ü", model.MaxShort)}
		noErr(t, db.CreateSeries(t.Context(), ok), "series at the length limits")
	})
}

func TestSeriesWithEditionsCannotBeDeleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		wantCode(t, db.DeleteSeries(ctx, f.series.ID), model.EConflict)
		if _, err := db.Series(ctx, f.series.ID); err != nil {
			t.Fatalf("series gone after refused delete: %v", err)
		}
		if _, err := db.Conference(ctx, f.conf.ID); err != nil {
			t.Fatalf("edition gone after refused delete: %v", err)
		}

		// Once the editions are gone, so may the series be.
		noErr(t, db.DeleteConference(ctx, f.conf.ID), "delete conference")
		noErr(t, db.DeleteSeries(ctx, f.series.ID), "delete empty series")
		_, err := db.Series(ctx, f.series.ID)
		wantNotFound(t, err)
	})
}

func TestSeriesNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newSeries(t, db, "nrw")
		const unknown = 4711
		_, err := db.Series(ctx, unknown)
		wantNotFound(t, err)
		_, err = db.SeriesBySlug(ctx, "gibt-es-nicht")
		wantNotFound(t, err)
		wantNotFound(t, db.UpdateSeries(ctx, &model.Series{ID: unknown, Slug: "neu", Title: "Neu"}))
		wantNotFound(t, db.DeleteSeries(ctx, unknown))
		if _, err := db.SeriesBySlug(ctx, "neu"); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("update of an unknown series stored something: %v", err)
		}
	})
}

// Renaming a series moves its editions' revisions on: their cached pages
// show the series and must be made again.
func TestUpdateSeriesMovesEditionsOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		f := newFixture(t, db)
		before := f.conf.Revision
		f.series.Title = "Neuer Name"
		noErr(t, db.UpdateSeries(ctx, f.series), "rename")
		c, err := db.Conference(ctx, f.conf.ID)
		noErr(t, err, "read")
		if c.Revision <= before {
			t.Errorf("revision %d after renaming the series, %d before", c.Revision, before)
		}
	})
}

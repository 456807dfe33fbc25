package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const seriesColumns = `id, slug, title, description, created_at, updated_at`

// CreateSeries stores a new series; s.ID is set.
func (db *DB) CreateSeries(ctx context.Context, s *model.Series) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.CreatedAt = db.now()
	s.UpdatedAt = s.CreatedAt
	id, err := db.insert(ctx, db.rw, `INSERT INTO series (slug, title, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		s.Slug, s.Title, s.Description, s.CreatedAt, s.UpdatedAt)
	if isUnique(err) {
		return model.Conflict("slug", "err_slug_taken")
	}
	if err != nil {
		return fmt.Errorf("store: create series: %w", err)
	}
	s.ID = id
	return nil
}

// UpdateSeries saves a changed series.
func (db *DB) UpdateSeries(ctx context.Context, s *model.Series) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.UpdatedAt = db.now()
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		err := db.execOne(ctx, tx, `UPDATE series SET slug = ?, title = ?, description = ?, updated_at = ? WHERE id = ?`,
			s.Slug, s.Title, s.Description, s.UpdatedAt, s.ID)
		if err != nil {
			return err
		}
		// The editions' pages show the series: cached copies on other
		// instances must notice, as after a change to the edition.
		_, err = tx.ExecContext(ctx, db.q(`UPDATE conferences SET revision = revision + 1 WHERE series_id = ?`), s.ID)
		return err
	})
	if isUnique(err) {
		return model.Conflict("slug", "err_slug_taken")
	}
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return fmt.Errorf("store: update series: %w", err)
	}
	return err
}

// DeleteSeries removes a series that has no editions.
func (db *DB) DeleteSeries(ctx context.Context, id int64) error {
	if _, err := db.Series(ctx, id); err != nil {
		return err
	}
	err := db.execOne(ctx, db.rw, `DELETE FROM series WHERE id = ? AND NOT EXISTS (SELECT 1 FROM conferences WHERE series_id = ?)`, id, id)
	if model.ErrorCode(err) == model.ENotFound || isForeignKey(err) {
		return &model.Error{Code: model.EConflict, Message: "err_series_has_editions"}
	}
	return err
}

// Series returns one series.
func (db *DB) Series(ctx context.Context, id int64) (*model.Series, error) {
	var s model.Series
	if err := db.getOne(ctx, db.ro, &s, `SELECT `+seriesColumns+` FROM series WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &s, nil
}

// SeriesBySlug returns the series with the given slug.
func (db *DB) SeriesBySlug(ctx context.Context, slug string) (*model.Series, error) {
	var s model.Series
	if err := db.getOne(ctx, db.ro, &s, `SELECT `+seriesColumns+` FROM series WHERE slug = ?`, slug); err != nil {
		return nil, err
	}
	return &s, nil
}

// AllSeries returns every series by title.
func (db *DB) AllSeries(ctx context.Context) ([]model.Series, error) {
	var out []model.Series
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+seriesColumns+` FROM series ORDER BY title, id`))
	if err != nil {
		return nil, fmt.Errorf("store: list series: %w", err)
	}
	return out, nil
}

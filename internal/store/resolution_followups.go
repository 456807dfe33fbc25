package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const followUpColumns = `id, resolution_id, occurred_on, kind, note, conference_id, file_id, created_by, created_at`

// followUpQuery reads follow-ups with their attachment's name.
var followUpQuery = `SELECT ` + prefixed("f.", followUpColumns) + `, COALESCE(fl.name, '') AS file_name
	FROM resolution_followups f LEFT JOIN files fl ON fl.id = f.file_id`

// AddFollowUp records what became of an adopted demand, with its
// attachment if file is not nil, stored in the same transaction; f.ID is
// set. The edition it was entered during, if named, belongs to the same
// series. Every edition page of the series may show it, so their
// revisions move on.
func (db *DB) AddFollowUp(ctx context.Context, f *model.FollowUp, file *model.File) error {
	if err := f.Validate(); err != nil {
		return err
	}
	f.OccurredOn = time.Date(f.OccurredOn.Year(), f.OccurredOn.Month(), f.OccurredOn.Day(), 0, 0, 0, 0, time.UTC)
	f.CreatedAt = db.now()
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.resolution(ctx, tx, f.ResolutionID)
		if err != nil {
			return err
		}
		if r.Status != model.ResAdopted {
			return model.Conflict("kind", "err_followup_not_adopted")
		}
		if f.ConferenceID != nil {
			var n int
			if err := db.getOne(ctx, tx, &n, `SELECT COUNT(*) FROM conferences c JOIN conferences o ON o.series_id = c.series_id
				WHERE c.id = ? AND o.id = ?`, *f.ConferenceID, r.ConferenceID); err != nil {
				return err
			}
			if n == 0 {
				return model.Invalid(map[string]string{"conference_id": "err_choice"})
			}
		}
		if file != nil {
			if err := db.InsertFile(ctx, tx, file); err != nil {
				return err
			}
			f.FileID, f.FileName = &file.ID, file.Name
		}
		id, err := db.insert(ctx, tx, `INSERT INTO resolution_followups (resolution_id, occurred_on, kind, note,
			conference_id, file_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			f.ResolutionID, f.OccurredOn, f.Kind, f.Note, f.ConferenceID, f.FileID, f.CreatedBy, f.CreatedAt)
		if err != nil {
			return fmt.Errorf("store: add follow-up: %w", err)
		}
		f.ID = id
		return db.bumpSeries(ctx, tx, r.ConferenceID)
	})
}

// FollowUps returns a resolution's follow-ups by date.
func (db *DB) FollowUps(ctx context.Context, resolutionID int64) ([]model.FollowUp, error) {
	var out []model.FollowUp
	if err := db.ro.SelectContext(ctx, &out, db.q(followUpQuery+`
		WHERE f.resolution_id = ? ORDER BY f.occurred_on, f.id`), resolutionID); err != nil {
		return nil, fmt.Errorf("store: follow-ups: %w", err)
	}
	return out, nil
}

// FollowUp returns one follow-up of a resolution; one of another is not found.
func (db *DB) FollowUp(ctx context.Context, resolutionID, id int64) (*model.FollowUp, error) {
	var f model.FollowUp
	if err := db.getOne(ctx, db.ro, &f, followUpQuery+` WHERE f.id = ? AND f.resolution_id = ?`,
		id, resolutionID); err != nil {
		return nil, err
	}
	return &f, nil
}

// PublicDemand is an adopted resolution of a published edition as the
// public sees it in lists: with its edition and its current state, the
// kind of its latest follow-up ("" while there is none).
type PublicDemand struct {
	model.Resolution
	ConferenceSlug     string    `db:"conference_slug"`
	ConferenceTitle    string    `db:"conference_title"`
	ConferenceStartsAt time.Time `db:"conference_starts_at"`
	State              string    `db:"state"`
}

// PublicDemands returns the adopted resolutions of a series' published
// editions, newest edition first.
func (db *DB) PublicDemands(ctx context.Context, seriesID int64) ([]PublicDemand, error) {
	var out []PublicDemand
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+prefixed("r.", resolutionColumns)+`,
		c.slug AS conference_slug, c.title AS conference_title, c.starts_at AS conference_starts_at,
		COALESCE((SELECT f.kind FROM resolution_followups f WHERE f.resolution_id = r.id
			ORDER BY f.occurred_on DESC, f.id DESC LIMIT 1), '') AS state
		FROM resolutions r JOIN conferences c ON c.id = r.conference_id
		WHERE c.series_id = ? AND c.published = ? AND r.status = ?
		ORDER BY c.starts_at DESC, r.id`), seriesID, true, model.ResAdopted)
	if err != nil {
		return nil, fmt.Errorf("store: public demands: %w", err)
	}
	return out, nil
}

package store

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// MinutesContents is what deleting minutes takes with them.
type MinutesContents struct {
	Status      string `db:"status"` // empty: there are no minutes
	Revisions   int    `db:"revisions"`
	Attachments int    `db:"attachments"`
}

// WorkshopContents counts what deleting a workshop takes with it, and the
// resolutions that stay without their origin.
type WorkshopContents struct {
	Places      int // held by people: granted at once, or by the published assignment
	Pins        int // organisers' moves of people into it
	Preferences int // choices that name it
	Resolutions int // drafted in it; they stay
	Minutes     MinutesContents
}

// WorkshopContents counts a workshop's places, pins, preferences,
// resolutions and minutes; an unknown workshop is not found.
func (db *DB) WorkshopContents(ctx context.Context, id int64) (WorkshopContents, error) {
	var n struct {
		Pins        int `db:"pins"`
		Preferences int `db:"preferences"`
		Resolutions int `db:"resolutions"`
	}
	err := db.getOne(ctx, db.ro, &n, `SELECT
		(SELECT COUNT(*) FROM assignment_pins WHERE workshop_id = w.id) AS pins,
		(SELECT COUNT(*) FROM preferences WHERE workshop_id = w.id) AS preferences,
		(SELECT COUNT(*) FROM resolutions WHERE workshop_id = w.id) AS resolutions
		FROM workshops w WHERE w.id = ?`, id)
	if err != nil {
		return WorkshopContents{}, err
	}
	out := WorkshopContents{Pins: n.Pins, Preferences: n.Preferences, Resolutions: n.Resolutions}
	if out.Places, err = db.workshopTaken(ctx, db.ro, id); err != nil {
		return out, fmt.Errorf("store: workshop places: %w", err)
	}
	out.Minutes, err = db.minutesContents(ctx, `workshop_id = ?`, id)
	return out, err
}

// SessionContents counts what deleting an agenda item takes with it; a
// workshop slot with workshops cannot be deleted.
type SessionContents struct {
	Workshops int
	Minutes   MinutesContents
}

// SessionContents counts an agenda item's workshops and minutes.
func (db *DB) SessionContents(ctx context.Context, id int64) (SessionContents, error) {
	var out SessionContents
	err := db.getOne(ctx, db.ro, &out.Workshops, `SELECT COUNT(*) FROM workshops WHERE session_id = ?`, id)
	if err != nil {
		return out, err
	}
	out.Minutes, err = db.minutesContents(ctx, `session_id = ?`, id)
	return out, err
}

// minutesContents counts the revisions and attachments of the minutes
// where says; no minutes count none.
func (db *DB) minutesContents(ctx context.Context, where string, arg any) (MinutesContents, error) {
	var m MinutesContents
	err := db.getOne(ctx, db.ro, &m, `SELECT status,
		(SELECT COUNT(*) FROM minutes_revisions WHERE minutes_id = m.id) AS revisions,
		(SELECT COUNT(*) FROM minutes_attachments WHERE minutes_id = m.id) AS attachments
		FROM minutes m WHERE `+where, arg)
	if err != nil && err != model.ErrNotFound {
		return m, fmt.Errorf("store: minutes contents: %w", err)
	}
	return m, nil
}

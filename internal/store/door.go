package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Check-in at the door. A mark is one conditional UPDATE, set only where
// none is and cleared only where one is, so that two phones marking the
// same or different people at once keep every mark and a mark sent twice
// changes nothing. The door lists confirmed registrations only: a cancelled
// one has no place, and someone waiting who comes anyway is added as a
// walk-in.

// DoorSearchLimit is how many people a search at the door lists at most.
const DoorSearchLimit = 50

const arrivalColumns = `r.id, r.conference_id, r.name, r.organisation, r.municipality, r.walk_in, r.checked_in_at`

// Attendance counts an edition's confirmed registrations and those of them
// marked present.
func (db *DB) Attendance(ctx context.Context, conferenceID int64) (model.Attendance, error) {
	var a model.Attendance
	err := db.getOne(ctx, db.ro, &a, `SELECT COUNT(*) AS registered, COUNT(checked_in_at) AS present
		FROM registrations WHERE conference_id = ? AND status = ?`, conferenceID, model.RegConfirmed)
	if err != nil {
		return a, fmt.Errorf("store: attendance: %w", err)
	}
	return a, nil
}

// SearchArrivals returns the edition's confirmed registrations whose name
// contains q, in any case, by name: at most DoorSearchLimit, and whether
// there are more.
func (db *DB) SearchArrivals(ctx context.Context, conferenceID int64, q string) ([]model.Arrival, bool, error) {
	var out []model.Arrival
	pattern := "%" + escapeLike(strings.ToLower(strings.TrimSpace(q))) + "%"
	err := sqlx.SelectContext(ctx, db.ro, &out, db.q(`SELECT `+arrivalColumns+` FROM registrations r
		WHERE r.conference_id = ? AND r.status = ? AND r.anonymised_at IS NULL AND LOWER(r.name) LIKE ? ESCAPE '\'
		ORDER BY LOWER(r.name), r.id LIMIT ?`), conferenceID, model.RegConfirmed, pattern, DoorSearchLimit+1)
	if err != nil {
		return nil, false, fmt.Errorf("store: search arrivals: %w", err)
	}
	if len(out) > DoorSearchLimit {
		return out[:DoorSearchLimit], true, nil
	}
	return out, false, nil
}

// Arrival returns one of the edition's confirmed registrations as the door
// sees it, read on the writer so that it shows a mark just made; model.ErrNotFound for another edition's, a cancelled or waiting one.
func (db *DB) Arrival(ctx context.Context, conferenceID, registrationID int64) (*model.Arrival, error) {
	var a model.Arrival
	err := db.getOne(ctx, db.rw, &a, `SELECT `+arrivalColumns+` FROM registrations r
		WHERE r.id = ? AND r.conference_id = ? AND r.status = ? AND r.anonymised_at IS NULL`,
		registrationID, conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// CheckIn marks a confirmed registration present, by the staff member
// userID, and returns it as it now is, and whether this call made the mark.
// A person already present keeps the first mark: marking twice is harmless.
func (db *DB) CheckIn(ctx context.Context, conferenceID, registrationID, userID int64) (*model.Arrival, bool, error) {
	res, err := db.rw.ExecContext(ctx, db.q(`UPDATE registrations SET checked_in_at = ?, checked_in_by = ?
		WHERE id = ? AND conference_id = ? AND status = ? AND anonymised_at IS NULL AND checked_in_at IS NULL`),
		db.now(), userID, registrationID, conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, false, fmt.Errorf("store: check in: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return nil, false, fmt.Errorf("store: check in: %w", err)
	}
	a, err := db.Arrival(ctx, conferenceID, registrationID)
	return a, n == 1, err
}

// UndoCheckIn clears a registration's mark and returns it as it now is;
// clearing a mark that is not there is harmless.
func (db *DB) UndoCheckIn(ctx context.Context, conferenceID, registrationID int64) (*model.Arrival, error) {
	_, err := db.rw.ExecContext(ctx, db.q(`UPDATE registrations SET checked_in_at = NULL, checked_in_by = NULL
		WHERE id = ? AND conference_id = ? AND status = ? AND checked_in_at IS NOT NULL`),
		registrationID, conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: undo check-in: %w", err)
	}
	return db.Arrival(ctx, conferenceID, registrationID)
}

// AddWalkIn registers someone at the door, confirmed and marked present by
// userID, and returns them. The door admits them even when the edition is
// full: they are here. They take a place (confirmed_count), so nobody moves
// up from the waiting list into it, and are recorded as a walk-in.
func (db *DB) AddWalkIn(ctx context.Context, conferenceID int64, w *model.WalkIn, userID int64) (*model.Arrival, error) {
	var id int64
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.lockEdition(ctx, tx, conferenceID); err != nil {
			return err
		}
		now := db.now()
		var err error
		id, err = db.insert(ctx, tx, `INSERT INTO registrations (conference_id, status, name, organisation, municipality,
			consented_at, created_at, updated_at, walk_in, checked_in_at, checked_in_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, conferenceID, model.RegConfirmed,
			strings.TrimSpace(w.Name), strings.TrimSpace(w.Organisation), strings.TrimSpace(w.Municipality),
			now, now, now, true, now, userID)
		if err != nil {
			return fmt.Errorf("store: add walk-in: %w", err)
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count + 1 WHERE id = ?`), conferenceID)
		if err != nil {
			return fmt.Errorf("store: add walk-in: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.Arrival(ctx, conferenceID, id)
}

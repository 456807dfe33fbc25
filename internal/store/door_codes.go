package store

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// A badge's check-in address carries the registration's door code (00014):
// one per registration, made the first time a badge is printed and kept
// readable, so that the same badge printed again carries the same QR code
// and a lost badge's reprint works beside the first. The code is 128 random
// bits, not the registration's id, so that a badge tells nothing about the
// others, and not the personal link, which would let whoever sees the badge
// change or cancel the registration. It opens nothing by itself: the door's
// pages need a door helper's or organiser's login.

// newCodeSQL is an expression for a fresh random code in the dialect:
// 32 hex digits either way, from the database's cryptographic generator, so
// that one statement gives a whole edition its codes.
func (db *DB) newCodeSQL() string {
	if db.dialect == Postgres {
		return `REPLACE(CAST(gen_random_uuid() AS TEXT), '-', '')`
	}
	return `LOWER(HEX(RANDOMBLOB(16)))`
}

// DoorCodes returns the door code of every confirmed registration of the
// edition, by registration id, first giving one to those that have none in
// one statement. It is idempotent and safe to run twice at once: a code is
// never replaced (ON CONFLICT DO NOTHING), so printing the badges again
// gives the same codes and changes nothing anyone can see.
func (db *DB) DoorCodes(ctx context.Context, conferenceID int64) (map[int64]string, error) {
	_, err := db.rw.ExecContext(ctx, db.q(`INSERT INTO door_codes (registration_id, code, created_at)
		SELECT r.id, `+db.newCodeSQL()+`, ? FROM registrations r
		WHERE r.conference_id = ? AND r.status = ? AND r.anonymised_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM door_codes d WHERE d.registration_id = r.id)
		ON CONFLICT DO NOTHING`), db.now(), conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: door codes: %w", err)
	}
	var rows []struct {
		RegistrationID int64  `db:"registration_id"`
		Code           string `db:"code"`
	}
	err = db.rw.SelectContext(ctx, &rows, db.q(`SELECT d.registration_id, d.code
		FROM door_codes d JOIN registrations r ON r.id = d.registration_id
		WHERE r.conference_id = ? AND r.status = ? AND r.anonymised_at IS NULL`), conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: door codes: %w", err)
	}
	codes := make(map[int64]string, len(rows))
	for _, r := range rows {
		codes[r.RegistrationID] = r.Code
	}
	return codes, nil
}

// DoorCode returns the door code of one confirmed registration, giving it
// one if it has none, as DoorCodes does for a whole edition;
// model.ErrNotFound for no such registration, or one that is not confirmed.
func (db *DB) DoorCode(ctx context.Context, registrationID int64) (string, error) {
	_, err := db.rw.ExecContext(ctx, db.q(`INSERT INTO door_codes (registration_id, code, created_at)
		SELECT r.id, `+db.newCodeSQL()+`, ? FROM registrations r
		WHERE r.id = ? AND r.status = ? AND r.anonymised_at IS NULL
		ON CONFLICT DO NOTHING`), db.now(), registrationID, model.RegConfirmed)
	if err != nil {
		return "", fmt.Errorf("store: door code: %w", err)
	}
	var code string
	err = db.getOne(ctx, db.rw, &code, `SELECT d.code FROM door_codes d JOIN registrations r ON r.id = d.registration_id
		WHERE d.registration_id = ? AND r.status = ? AND r.anonymised_at IS NULL`, registrationID, model.RegConfirmed)
	if err != nil {
		return "", err
	}
	return code, nil
}

// ArrivalByDoorCode returns the confirmed registration a badge's code
// belongs to; model.ErrNotFound for an unknown code or a registration that
// was cancelled since.
func (db *DB) ArrivalByDoorCode(ctx context.Context, code string) (*model.Arrival, error) {
	var a model.Arrival
	err := db.getOne(ctx, db.ro, &a, `SELECT `+arrivalColumns+` FROM door_codes d JOIN registrations r ON r.id = d.registration_id
		WHERE d.code = ? AND r.status = ? AND r.anonymised_at IS NULL`, code, model.RegConfirmed)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

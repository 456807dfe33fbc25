package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Participants' requests to change workshop once the assignment is
// published (model.ChangeRequest). Deleting a registration's data deletes
// its requests with it (AnonymiseRegistration).

const changeRequestColumns = `c.id, c.registration_id, c.session_id, c.message, c.created_at, c.handled_at, c.handled_by`

// CreateChangeRequest stores a participant's request; r.ID and
// r.CreatedAt are set. Only a confirmed registration that the edition's
// latest published run placed in a workshop can ask, which the statement
// checks as it inserts (a conflict otherwise), and only while it has no
// other open request (a conflict too).
func (db *DB) CreateChangeRequest(ctx context.Context, r *model.ChangeRequest) error {
	r.CreatedAt = db.now()
	id, err := db.insert(ctx, db.rw, `INSERT INTO change_requests (registration_id, session_id, message, created_at)
		SELECT r.id, ?, ?, ? FROM registrations r
		WHERE r.id = ? AND r.status = ? AND EXISTS (SELECT 1 FROM assignments a
			WHERE a.registration_id = r.id AND a.workshop_id IS NOT NULL AND a.run_id = (SELECT p.id FROM assignment_runs p
				WHERE p.conference_id = r.conference_id AND p.published_at IS NOT NULL
				ORDER BY p.published_at DESC, p.id DESC LIMIT 1))`,
		r.SessionID, r.Message, r.CreatedAt, r.RegistrationID, model.RegConfirmed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &model.Error{Code: model.EConflict, Message: "frozen_err_request_not_possible"}
	case isUnique(err):
		return &model.Error{Code: model.EConflict, Message: "frozen_err_request_open"}
	case isForeignKey(err):
		return model.ErrNotFound
	case err != nil:
		return fmt.Errorf("store: change request: %w", err)
	}
	r.ID = id
	return nil
}

// ChangeRequests returns a registration's requests, newest first.
func (db *DB) ChangeRequests(ctx context.Context, registrationID int64) ([]model.ChangeRequest, error) {
	var out []model.ChangeRequest
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+changeRequestColumns+` FROM change_requests c
		WHERE c.registration_id = ? ORDER BY c.created_at DESC, c.id DESC`), registrationID)
	if err != nil {
		return nil, fmt.Errorf("store: change requests: %w", err)
	}
	return out, nil
}

// OpenChangeRequest is an open request with the name of who asked.
type OpenChangeRequest struct {
	model.ChangeRequest
	Name string `db:"name"`
}

// OpenChangeRequests returns the open requests of an edition's confirmed
// registrations, oldest first: those of people who cancelled since are
// not the organisers' to answer.
func (db *DB) OpenChangeRequests(ctx context.Context, conferenceID int64) ([]OpenChangeRequest, error) {
	var out []OpenChangeRequest
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+changeRequestColumns+`, r.name
		FROM change_requests c JOIN registrations r ON r.id = c.registration_id
		WHERE r.conference_id = ? AND r.status = ? AND c.handled_at IS NULL
		ORDER BY c.created_at, c.id`), conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: open change requests: %w", err)
	}
	return out, nil
}

// HandleChangeRequest marks an edition's request handled by an organiser,
// in the audit log too. A request handled already stays as it was, so
// that two organisers marking it at once both succeed; one of another
// edition is not found.
func (db *DB) HandleChangeRequest(ctx context.Context, conferenceID, id int64, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		var registrationID int64
		err := db.getOne(ctx, tx, &registrationID, `UPDATE change_requests SET handled_at = ?, handled_by = ?
			WHERE id = ? AND handled_at IS NULL AND registration_id IN (SELECT id FROM registrations WHERE conference_id = ?)
			RETURNING registration_id`, db.now(), by.ID, id, conferenceID)
		if model.ErrorCode(err) == model.ENotFound {
			var n int
			err := db.getOne(ctx, tx, &n, `SELECT COUNT(*) FROM change_requests c JOIN registrations r ON r.id = c.registration_id
				WHERE c.id = ? AND r.conference_id = ?`, id, conferenceID)
			if err == nil && n == 0 {
				return model.ErrNotFound
			}
			return err
		}
		if err != nil {
			return fmt.Errorf("store: handle change request: %w", err)
		}
		return db.audit(ctx, tx, &model.AuditEvent{Actor: by.Email, UserID: &by.ID, Action: model.AuditChangeRequestHandled,
			ConferenceID: &conferenceID, Detail: fmt.Sprintf("request %d of registration %d", id, registrationID)})
	})
}

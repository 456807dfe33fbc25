package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// What an action that destroys data would take with it, counted for the
// page that asks before it happens, and the audited deletion of an edition.

// EditionContents counts what deleting an edition deletes with it.
type EditionContents struct {
	Sessions      int `db:"sessions"`
	Workshops     int `db:"workshops"`
	Registrations int `db:"registrations"`
	Emails        int `db:"emails"` // in the outbox, sent or waiting
	Runs          int `db:"runs"`   // of the workshop assignment
	Minutes       int `db:"minutes"`
	Files         int `db:"files"` // attached to minutes and follow-ups
	Resolutions   int `db:"resolutions"`
	Adopted       int `db:"adopted"` // of the resolutions
}

// EditionContents counts an edition's agenda items, workshops,
// registrations, emails, assignment runs, minutes, files and resolutions;
// an unknown edition counts none.
func (db *DB) EditionContents(ctx context.Context, conferenceID int64) (EditionContents, error) {
	return db.editionContents(ctx, db.ro, conferenceID)
}

func (db *DB) editionContents(ctx context.Context, q sqlx.QueryerContext, id int64) (EditionContents, error) {
	var n EditionContents
	err := db.getOne(ctx, q, &n, `SELECT
		(SELECT COUNT(*) FROM sessions WHERE conference_id = ?) AS sessions,
		(SELECT COUNT(*) FROM workshops WHERE conference_id = ?) AS workshops,
		(SELECT COUNT(*) FROM registrations WHERE conference_id = ?) AS registrations,
		(SELECT COUNT(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id WHERE r.conference_id = ?) AS emails,
		(SELECT COUNT(*) FROM assignment_runs WHERE conference_id = ?) AS runs,
		(SELECT COUNT(*) FROM minutes WHERE conference_id = ?) AS minutes,
		(SELECT COUNT(*) FROM (`+editionFiles+`) owned) AS files,
		(SELECT COUNT(*) FROM resolutions WHERE conference_id = ?) AS resolutions,
		(SELECT COUNT(*) FROM resolutions WHERE conference_id = ? AND status = ?) AS adopted`,
		id, id, id, id, id, id, id, id, id, id, model.ResAdopted)
	if err != nil {
		return n, fmt.Errorf("store: edition contents: %w", err)
	}
	return n, nil
}

// DeleteConferenceAs removes an edition as DeleteConference does, for the
// organiser by, who was told it has registrations registrations: if it has
// another number now, nothing is deleted and the error is a conflict. An
// edition with registrations takes personal data with it, so its deletion
// is written to the audit log, with what it held, in the same transaction.
func (db *DB) DeleteConferenceAs(ctx context.Context, id int64, by *model.User, registrations int) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		// Registrations are written under the edition's lock (lockEdition):
		// under it, the count is the count.
		if _, err := db.lockEdition(ctx, tx, id); err != nil {
			return err
		}
		var slug string
		if err := db.getOne(ctx, tx, &slug, `SELECT slug FROM conferences WHERE id = ?`, id); err != nil {
			return err
		}
		n, err := db.editionContents(ctx, tx, id)
		if err != nil {
			return err
		}
		if n.Registrations != registrations {
			return &model.Error{Code: model.EConflict, Message: "err_edition_changed"}
		}
		if n.Registrations > 0 {
			event := &model.AuditEvent{Actor: by.Email, UserID: &by.ID, Action: model.AuditEditionDeleted, ConferenceID: &id,
				Detail: fmt.Sprintf("%s: %d registrations, %d emails", slug, n.Registrations, n.Emails)}
			if err := db.audit(ctx, tx, event); err != nil {
				return err
			}
		}
		return db.deleteConference(ctx, tx, id)
	})
}

// RegistrationContents counts what deleting a person's data takes besides
// the personal fields: their emails in the outbox and their personal links.
func (db *DB) RegistrationContents(ctx context.Context, registrationID int64) (emails, links int, err error) {
	var n struct {
		Emails int `db:"emails"`
		Links  int `db:"links"`
	}
	err = db.getOne(ctx, db.ro, &n, `SELECT
		(SELECT COUNT(*) FROM outbox WHERE registration_id = ?) AS emails,
		(SELECT COUNT(*) FROM registration_tokens WHERE registration_id = ?) AS links`, registrationID, registrationID)
	if err != nil {
		return 0, 0, fmt.Errorf("store: registration contents: %w", err)
	}
	return n.Emails, n.Links, nil
}

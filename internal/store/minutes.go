package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const minutesColumns = `id, conference_id, workshop_id, session_id, language, status, return_comment, body, version,
	updated_by, created_at, updated_at, published_at`

// WorkshopMinutes returns the minutes of a workshop, created as an empty
// draft on first open.
func (db *DB) WorkshopMinutes(ctx context.Context, workshopID int64) (*model.Minutes, error) {
	now := db.now()
	_, err := db.rw.ExecContext(ctx, db.q(`INSERT INTO minutes (conference_id, workshop_id, created_at, updated_at)
		SELECT conference_id, id, ?, ? FROM workshops WHERE id = ?
		ON CONFLICT (workshop_id) DO NOTHING`), now, now, workshopID)
	if err != nil {
		return nil, fmt.Errorf("store: create workshop minutes: %w", err)
	}
	return db.minutesWhere(ctx, `workshop_id = ?`, workshopID)
}

// SessionMinutes returns the minutes of a plenary item, created as an
// empty draft on first open; a workshop slot has none (its workshops have
// theirs), which is a conflict.
func (db *DB) SessionMinutes(ctx context.Context, sessionID int64) (*model.Minutes, error) {
	s, err := db.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	if s.Kind == model.KindWorkshopSlot {
		return nil, model.Conflict("session_id", "err_minutes_slot")
	}
	now := db.now()
	_, err = db.rw.ExecContext(ctx, db.q(`INSERT INTO minutes (conference_id, session_id, created_at, updated_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING`), s.ConferenceID, s.ID, now, now)
	if isForeignKey(err) {
		return nil, model.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: create session minutes: %w", err)
	}
	return db.minutesWhere(ctx, `session_id = ?`, sessionID)
}

// Minutes returns minutes by id.
func (db *DB) Minutes(ctx context.Context, id int64) (*model.Minutes, error) {
	return db.minutesWhere(ctx, `id = ?`, id)
}

func (db *DB) minutesWhere(ctx context.Context, where string, arg any) (*model.Minutes, error) {
	var m model.Minutes
	if err := db.getOne(ctx, db.rw, &m, `SELECT `+minutesColumns+` FROM minutes WHERE `+where, arg); err != nil {
		return nil, err
	}
	return &m, nil
}

// PublishedMinutes returns an edition's published minutes.
func (db *DB) PublishedMinutes(ctx context.Context, conferenceID int64) ([]model.Minutes, error) {
	var out []model.Minutes
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+minutesColumns+` FROM minutes
		WHERE conference_id = ? AND status = ? ORDER BY id`), conferenceID, model.MinutesPublished)
	if err != nil {
		return nil, fmt.Errorf("store: published minutes: %w", err)
	}
	return out, nil
}

// MinutesEdit is a new text of minutes: who wrote it, from which version
// (Base; nil for an upload or a restore, which replace whatever is there,
// the replaced text staying a revision), and in which states it may land.
type MinutesEdit struct {
	Body, Language string
	Base           *int64
	By             *model.User
	Cause          string
	// Allowed are the states in which this author may change the text.
	Allowed []string
}

// SaveMinutes stores a new text as the next revision and returns the new
// version. A base that is not the stored version is ErrMinutesChanged; a
// state not allowed is ErrMinutesLocked. Approved minutes whose text
// changes go back to submitted: the approval was of the old text.
func (db *DB) SaveMinutes(ctx context.Context, id int64, e MinutesEdit) (int64, error) {
	if err := model.ValidateMinutesText(e.Body, e.Language); err != nil {
		return 0, err
	}
	var version int64
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		var m model.Minutes
		if err := db.getOne(ctx, tx, &m, `SELECT `+minutesColumns+` FROM minutes WHERE id = ?`, id); err != nil {
			return err
		}
		if e.Base != nil && *e.Base != m.Version {
			return model.ErrMinutesChanged
		}
		if !oneOfStates(m.Status, e.Allowed) || !m.Editable() {
			return model.ErrMinutesLocked
		}
		version = m.Version + 1
		status := m.Status
		if status == model.MinutesApproved {
			status = model.MinutesSubmitted
		}
		now := db.now()
		// The version and state read are in the condition, so that a save
		// or move that got in since the read makes this one fail rather
		// than overwrite it.
		if err := db.execOne(ctx, tx, `UPDATE minutes SET body = ?, language = ?, version = ?, status = ?, updated_by = ?, updated_at = ?
			WHERE id = ? AND version = ? AND status = ?`, e.Body, e.Language, version, status, e.By.ID, now, id, m.Version, m.Status); err != nil {
			if err == model.ErrNotFound {
				return model.ErrMinutesChanged
			}
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO minutes_revisions (minutes_id, number, body, author_id, author_name, cause, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), id, version, e.Body, e.By.ID, e.By.Name, e.Cause, now)
		if isUnique(err) {
			return model.ErrMinutesChanged
		}
		if err != nil {
			return fmt.Errorf("store: minutes revision: %w", err)
		}
		return nil
	})
	return version, err
}

func oneOfStates(s string, states []string) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}

// MinutesRevisions returns the revisions of minutes, newest first.
func (db *DB) MinutesRevisions(ctx context.Context, minutesID int64) ([]model.Revision, error) {
	var out []model.Revision
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT id, minutes_id, number, body, author_id, author_name, cause, created_at
		FROM minutes_revisions WHERE minutes_id = ? ORDER BY number DESC`), minutesID)
	if err != nil {
		return nil, fmt.Errorf("store: minutes revisions: %w", err)
	}
	return out, nil
}

// MinutesRevision returns one revision of minutes by its number; a number
// of other minutes is not found.
func (db *DB) MinutesRevision(ctx context.Context, minutesID, number int64) (*model.Revision, error) {
	var r model.Revision
	err := db.getOne(ctx, db.rw, &r, `SELECT id, minutes_id, number, body, author_id, author_name, cause, created_at
		FROM minutes_revisions WHERE minutes_id = ? AND number = ?`, minutesID, number)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// MinutesMove is a change of state: from which states, to which, with the
// organiser's comment for returned minutes and the audit event to record.
type MinutesMove struct {
	From    []string
	To      string
	Comment string
	By      *model.User
	Audit   string // the audited action, "" for none
}

// MoveMinutes changes the state of minutes; a state not in From is
// ErrMinutesLocked. Publishing and unpublishing change the public page,
// so they bump the edition's revision in the same transaction, which every
// instance's page cache follows.
func (db *DB) MoveMinutes(ctx context.Context, id int64, mv MinutesMove) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		var m model.Minutes
		if err := db.getOne(ctx, tx, &m, `SELECT `+minutesColumns+` FROM minutes WHERE id = ?`, id); err != nil {
			return err
		}
		if !oneOfStates(m.Status, mv.From) {
			return model.ErrMinutesLocked
		}
		now := db.now()
		published := m.PublishedAt
		switch {
		case mv.To == model.MinutesPublished:
			published = &now
		case m.Status == model.MinutesPublished:
			published = nil
		}
		// The state read is in the condition, so that of two moves at once
		// from the same state only one happens.
		err := db.execOne(ctx, tx, `UPDATE minutes SET status = ?, return_comment = ?, published_at = ?, updated_at = ?
			WHERE id = ? AND status = ?`, mv.To, mv.Comment, published, now, id, m.Status)
		if err == model.ErrNotFound {
			return model.ErrMinutesLocked
		}
		if err != nil {
			return err
		}
		if mv.To == model.MinutesPublished || m.Status == model.MinutesPublished {
			if err := db.bumpRevision(ctx, tx, "minutes", id); err != nil {
				return err
			}
		}
		if mv.Audit == "" {
			return nil
		}
		return db.audit(ctx, tx, &model.AuditEvent{UserID: &mv.By.ID, Actor: mv.By.Email, Action: mv.Audit,
			ConferenceID: &m.ConferenceID, Detail: fmt.Sprintf("minutes %d", id)})
	})
}

package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const resolutionColumns = `id, conference_id, workshop_id, title, body, reasoning, topic, addressee_level, addressee_name,
	status, language, created_by, created_at, updated_at, decided_at`

// CreateResolution stores a new draft; r.ID is set. Its origin workshop
// must belong to the same edition: another edition's is not found.
func (db *DB) CreateResolution(ctx context.Context, r *model.Resolution) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.Status = model.ResDraft
	if r.Language == "" {
		r.Language = "de"
	}
	r.CreatedAt = db.now()
	r.UpdatedAt = r.CreatedAt
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		if r.WorkshopID != nil {
			var conferenceID int64
			if err := db.getOne(ctx, tx, &conferenceID, `SELECT conference_id FROM workshops WHERE id = ?`, *r.WorkshopID); err != nil {
				return err
			}
			if conferenceID != r.ConferenceID {
				return model.ErrNotFound
			}
		}
		id, err := db.insert(ctx, tx, `INSERT INTO resolutions (conference_id, workshop_id, title, body, reasoning, topic,
			addressee_level, addressee_name, status, language, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ConferenceID, r.WorkshopID, r.Title, r.Body, r.Reasoning, r.Topic, r.AddresseeLevel, r.AddresseeName,
			r.Status, r.Language, r.CreatedBy, r.CreatedAt, r.UpdatedAt)
		if isForeignKey(err) {
			return model.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: create resolution: %w", err)
		}
		r.ID = id
		return nil
	})
}

// UpdateResolution saves a changed draft or proposed resolution; its
// edition and origin stay. Once voted on or withdrawn its text is frozen:
// a change is then a conflict, and a correction is an amendment with its
// own vote.
func (db *DB) UpdateResolution(ctx context.Context, r *model.Resolution) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.UpdatedAt = db.now()
	err := db.execOne(ctx, db.rw, `UPDATE resolutions SET title = ?, body = ?, reasoning = ?, topic = ?,
		addressee_level = ?, addressee_name = ?, updated_at = ? WHERE id = ? AND status IN (?, ?)`,
		r.Title, r.Body, r.Reasoning, r.Topic, r.AddresseeLevel, r.AddresseeName, r.UpdatedAt, r.ID,
		model.ResDraft, model.ResProposed)
	if model.ErrorCode(err) == model.ENotFound {
		if _, gone := db.Resolution(ctx, r.ID); gone != nil {
			return gone
		}
		return model.Conflict("body", "err_resolution_frozen")
	}
	return err
}

// ProposeResolution puts a draft before the plenary.
func (db *DB) ProposeResolution(ctx context.Context, id int64) error {
	return db.changeStatus(ctx, id, model.ResDraft, model.ResProposed, "err_resolution_not_draft")
}

// changeStatus moves a resolution from one status to another; one in
// another status is a conflict with message.
func (db *DB) changeStatus(ctx context.Context, id int64, from, to, message string) error {
	err := db.execOne(ctx, db.rw, `UPDATE resolutions SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
		to, db.now(), id, from)
	if model.ErrorCode(err) == model.ENotFound {
		if _, gone := db.Resolution(ctx, id); gone != nil {
			return gone
		}
		return model.Conflict("status", message)
	}
	return err
}

// WithdrawResolution withdraws a draft or proposed resolution, audited.
func (db *DB) WithdrawResolution(ctx context.Context, id int64, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.resolution(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Frozen() {
			return model.Conflict("status", "err_resolution_decided")
		}
		if err := db.execOne(ctx, tx, `UPDATE resolutions SET status = ?, decided_at = ?, updated_at = ? WHERE id = ?`,
			model.ResWithdrawn, db.now(), db.now(), id); err != nil {
			return err
		}
		return db.auditResolution(ctx, tx, by, model.AuditResolutionWithdrawn, r, "")
	})
}

// RecordVote records the plenary's vote on a proposed resolution, with one
// row per voter group, and its result (adopted or rejected, as the
// organiser declares it). The votes in all are no more than the edition's
// confirmed registrations, counted under the edition's lock. Adopting
// freezes the text: amendments still open become corrections that need a
// vote of their own. The edition pages of the series show adopted demands,
// so their revisions move on in the same transaction.
func (db *DB) RecordVote(ctx context.Context, id int64, groups []model.VoteGroup, result string, by *model.User) error {
	if result != model.ResAdopted && result != model.ResRejected {
		return model.Invalid(map[string]string{"result": "err_choice"})
	}
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.resolution(ctx, tx, id)
		if err != nil {
			return err
		}
		e, err := db.lockEdition(ctx, tx, r.ConferenceID)
		if err != nil {
			return err
		}
		if err := model.ValidateVote(groups, model.VoteLimit(e.Confirmed, e.Capacity)); err != nil {
			return err
		}
		now := db.now()
		err = db.execOne(ctx, tx, `UPDATE resolutions SET status = ?, decided_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
			result, now, now, id, model.ResProposed)
		if model.ErrorCode(err) == model.ENotFound {
			return model.Conflict("result", "err_resolution_not_proposed")
		}
		if err != nil {
			return err
		}
		if err := db.insertVote(ctx, tx, id, nil, groups); err != nil {
			return err
		}
		if result == model.ResAdopted {
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE resolution_amendments SET correction = ?
				WHERE resolution_id = ? AND status = ?`), true, id, model.AmendProposed); err != nil {
				return fmt.Errorf("store: open amendments: %w", err)
			}
			if err := db.bumpSeries(ctx, tx, r.ConferenceID); err != nil {
				return err
			}
		}
		yes, no, abstain := model.Votes(groups)
		return db.auditResolution(ctx, tx, by, model.AuditResolutionVote, r,
			fmt.Sprintf("%s: %d/%d/%d", result, yes, no, abstain))
	})
}

func (db *DB) insertVote(ctx context.Context, tx *sqlx.Tx, resolutionID int64, amendmentID *int64, groups []model.VoteGroup) error {
	for i, g := range groups {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO resolution_votes (resolution_id, amendment_id, position,
			group_label, yes, no, abstain) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			resolutionID, amendmentID, i, g.Label, g.Yes, g.No, g.Abstain); err != nil {
			return fmt.Errorf("store: vote: %w", err)
		}
	}
	return nil
}

// bumpSeries moves on the revisions of every edition of the series of
// conferenceID: an edition's page shows the demands of earlier editions
// too ("what became of our demands").
func (db *DB) bumpSeries(ctx context.Context, tx *sqlx.Tx, conferenceID int64) error {
	_, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET revision = revision + 1
		WHERE series_id = (SELECT series_id FROM conferences WHERE id = ?)`), conferenceID)
	if err != nil {
		return fmt.Errorf("store: bump series: %w", err)
	}
	return nil
}

// auditResolution records a staff member's decision on a resolution. Without
// one (by nil) nobody decided: the data was loaded, as the demo's is, and
// the audit log, which says who did what, has nothing to record.
func (db *DB) auditResolution(ctx context.Context, tx *sqlx.Tx, by *model.User, action string, r *model.Resolution, detail string) error {
	if by == nil {
		return nil
	}
	e := &model.AuditEvent{Action: action, ConferenceID: &r.ConferenceID, UserID: &by.ID, Actor: by.Email,
		Detail: "resolution " + strconv.FormatInt(r.ID, 10) + " " + r.Title}
	if detail != "" {
		e.Detail += " · " + detail
	}
	return db.audit(ctx, tx, e)
}

// Resolution returns one resolution.
func (db *DB) Resolution(ctx context.Context, id int64) (*model.Resolution, error) {
	return db.resolution(ctx, db.ro, id)
}

func (db *DB) resolution(ctx context.Context, q sqlx.QueryerContext, id int64) (*model.Resolution, error) {
	var r model.Resolution
	if err := db.getOne(ctx, q, &r, `SELECT `+resolutionColumns+` FROM resolutions WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &r, nil
}

// Resolutions returns an edition's resolutions in the order they were drafted.
func (db *DB) Resolutions(ctx context.Context, conferenceID int64) ([]model.Resolution, error) {
	var out []model.Resolution
	if err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+resolutionColumns+` FROM resolutions
		WHERE conference_id = ? ORDER BY id`), conferenceID); err != nil {
		return nil, fmt.Errorf("store: resolutions: %w", err)
	}
	return out, nil
}

// Vote returns the groups of a resolution's own vote (amendmentID 0) or of
// a correction's; none if it has not been held.
func (db *DB) Vote(ctx context.Context, resolutionID, amendmentID int64) ([]model.VoteGroup, error) {
	query := `SELECT group_label, yes, no, abstain FROM resolution_votes WHERE resolution_id = ? AND `
	args := []any{resolutionID}
	if amendmentID == 0 {
		query += `amendment_id IS NULL`
	} else {
		query += `amendment_id = ?`
		args = append(args, amendmentID)
	}
	var out []model.VoteGroup
	if err := db.ro.SelectContext(ctx, &out, db.q(query+` ORDER BY position, id`), args...); err != nil {
		return nil, fmt.Errorf("store: vote: %w", err)
	}
	return out, nil
}

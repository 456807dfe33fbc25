package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const amendmentColumns = `id, resolution_id, body, base_body, reason, correction, proposed_by, proposer_name, status,
	decided_by, decided_at, voted_in, created_at`

// ProposeAmendment stores a new text proposed for a proposed or adopted
// resolution, against its current text; a.ID is set. An amendment to an
// adopted resolution is a correction, which needs its own vote.
func (db *DB) ProposeAmendment(ctx context.Context, a *model.Amendment, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.resolution(ctx, tx, a.ResolutionID)
		if err != nil {
			return err
		}
		if r.Status != model.ResProposed && r.Status != model.ResAdopted {
			return model.Conflict("body", "err_amendment_closed")
		}
		a.BaseBody, a.Correction = r.Body, r.Status == model.ResAdopted
		a.Status, a.CreatedAt = model.AmendProposed, db.now()
		a.ProposedBy, a.ProposerName = &by.ID, by.Name
		if err := a.Validate(); err != nil {
			return err
		}
		id, err := db.insert(ctx, tx, `INSERT INTO resolution_amendments (resolution_id, body, base_body, reason, correction,
			proposed_by, proposer_name, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ResolutionID, a.Body, a.BaseBody, a.Reason, a.Correction, a.ProposedBy, a.ProposerName, a.Status, a.CreatedAt)
		if err != nil {
			return fmt.Errorf("store: propose amendment: %w", err)
		}
		a.ID = id
		return nil
	})
}

// Amendments returns a resolution's amendments, oldest first, each
// correction with its vote.
func (db *DB) Amendments(ctx context.Context, resolutionID int64) ([]model.Amendment, error) {
	var out []model.Amendment
	if err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+amendmentColumns+` FROM resolution_amendments
		WHERE resolution_id = ? ORDER BY id`), resolutionID); err != nil {
		return nil, fmt.Errorf("store: amendments: %w", err)
	}
	for i := range out {
		if !out[i].Correction {
			continue
		}
		vote, err := db.Vote(ctx, resolutionID, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Vote = vote
	}
	return out, nil
}

// Amendment returns one amendment of a resolution; one of another
// resolution is not found.
func (db *DB) Amendment(ctx context.Context, resolutionID, id int64) (*model.Amendment, error) {
	return db.amendment(ctx, db.ro, resolutionID, id)
}

func (db *DB) amendment(ctx context.Context, q sqlx.QueryerContext, resolutionID, id int64) (*model.Amendment, error) {
	var a model.Amendment
	if err := db.getOne(ctx, q, &a, `SELECT `+amendmentColumns+` FROM resolution_amendments WHERE id = ? AND resolution_id = ?`,
		id, resolutionID); err != nil {
		return nil, err
	}
	return &a, nil
}

// DecideAmendment accepts or rejects an open amendment of a proposed
// resolution, audited. Accepting replaces the resolution's text, and only
// if that text is still the one the amendment was written against:
// otherwise it would undo a change accepted since. A correction of an
// adopted resolution is decided by its vote (VoteAmendment) and can here
// only be rejected.
func (db *DB) DecideAmendment(ctx context.Context, resolutionID, id int64, accept bool, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		r, a, err := db.openAmendment(ctx, tx, resolutionID, id)
		if err != nil {
			return err
		}
		action := model.AuditAmendmentRejected
		if accept {
			if a.Correction || r.Status != model.ResProposed {
				return model.Conflict("amendment", "err_amendment_needs_vote")
			}
			if err := db.replaceText(ctx, tx, r, a); err != nil {
				return err
			}
			action = model.AuditAmendmentAccepted
		}
		if err := db.closeAmendment(ctx, tx, a, accept, nil, by); err != nil {
			return err
		}
		return db.auditResolution(ctx, tx, by, action, r, fmt.Sprintf("amendment %d", a.ID))
	})
}

// VoteAmendment records the vote on a correction of an adopted resolution,
// held at the plenary of votedIn, an edition of the same series; its
// votes are no more than that edition's confirmed registrations. Accepted,
// the correction replaces the text (as DecideAmendment does); either way
// it stays with its vote.
func (db *DB) VoteAmendment(ctx context.Context, resolutionID, id, votedIn int64, groups []model.VoteGroup, accept bool, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		r, a, err := db.openAmendment(ctx, tx, resolutionID, id)
		if err != nil {
			return err
		}
		if !a.Correction {
			return model.Conflict("amendment", "err_amendment_no_vote")
		}
		var sameSeries int
		if err := db.getOne(ctx, tx, &sameSeries, `SELECT COUNT(*) FROM conferences c JOIN conferences o ON o.series_id = c.series_id
			WHERE c.id = ? AND o.id = ?`, votedIn, r.ConferenceID); err != nil {
			return err
		}
		if sameSeries == 0 {
			return model.Invalid(map[string]string{"voted_in": "err_choice"})
		}
		e, err := db.lockEdition(ctx, tx, votedIn)
		if err != nil {
			return err
		}
		if err := model.ValidateVote(groups, model.VoteLimit(e.Confirmed, e.Capacity)); err != nil {
			return err
		}
		if err := db.insertVote(ctx, tx, r.ID, &a.ID, groups); err != nil {
			return err
		}
		action := model.AuditAmendmentRejected
		if accept {
			if err := db.replaceText(ctx, tx, r, a); err != nil {
				return err
			}
			action = model.AuditAmendmentAccepted
		}
		if err := db.closeAmendment(ctx, tx, a, accept, &votedIn, by); err != nil {
			return err
		}
		// The correction and its vote show on the demand's public page.
		if err := db.bumpSeries(ctx, tx, r.ConferenceID); err != nil {
			return err
		}
		yes, no, abstain := model.Votes(groups)
		return db.auditResolution(ctx, tx, by, model.AuditResolutionVote, r,
			fmt.Sprintf("%s amendment %d: %d/%d/%d", action, a.ID, yes, no, abstain))
	})
}

// openAmendment reads an amendment still open and its resolution in tx.
func (db *DB) openAmendment(ctx context.Context, tx *sqlx.Tx, resolutionID, id int64) (*model.Resolution, *model.Amendment, error) {
	r, err := db.resolution(ctx, tx, resolutionID)
	if err != nil {
		return nil, nil, err
	}
	a, err := db.amendment(ctx, tx, resolutionID, id)
	if err != nil {
		return nil, nil, err
	}
	if a.Status != model.AmendProposed {
		return nil, nil, model.Conflict("amendment", "err_amendment_decided")
	}
	return r, a, nil
}

// replaceText gives the resolution the amendment's text, unless its text
// changed since the amendment was proposed.
func (db *DB) replaceText(ctx context.Context, tx *sqlx.Tx, r *model.Resolution, a *model.Amendment) error {
	if r.Body != a.BaseBody {
		return model.Conflict("amendment", "err_amendment_outdated")
	}
	return db.execOne(ctx, tx, `UPDATE resolutions SET body = ?, updated_at = ? WHERE id = ? AND body = ?`,
		a.Body, db.now(), r.ID, a.BaseBody)
}

func (db *DB) closeAmendment(ctx context.Context, tx *sqlx.Tx, a *model.Amendment, accept bool, votedIn *int64, by *model.User) error {
	status := model.AmendRejected
	if accept {
		status = model.AmendAccepted
	}
	var decidedBy *int64
	if by != nil {
		decidedBy = &by.ID
	}
	return db.execOne(ctx, tx, `UPDATE resolution_amendments SET status = ?, decided_by = ?, decided_at = ?, voted_in = ?
		WHERE id = ? AND status = ?`, status, decidedBy, db.now(), votedIn, a.ID, model.AmendProposed)
}

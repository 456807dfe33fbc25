package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Runs of the workshop assignment, their placements, the pins organisers
// set by hand, and publishing a run to participants and facilitators.

const runColumns = `id, conference_id, created_at, created_by, seed, total_cost, solve_ms, report, published_at`

// SaveRun stores a run with its placements; run.ID and run.CreatedAt are set.
func (db *DB) SaveRun(ctx context.Context, run *model.AssignmentRun) error {
	run.CreatedAt = db.now()
	run.PublishedAt = nil
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		id, err := db.insert(ctx, tx, `INSERT INTO assignment_runs (conference_id, created_at, created_by, seed, total_cost,
			solve_ms, report) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			run.ConferenceID, run.CreatedAt, run.CreatedBy, run.Seed, run.TotalCost, run.SolveMS, run.Report)
		if isForeignKey(err) {
			return model.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: save run: %w", err)
		}
		run.ID = id
		// In slices, so that no statement outgrows SQLite's limit of parameters.
		for part := range slices.Chunk(run.Assignments, 500) {
			var args []any
			for _, a := range part {
				args = append(args, id, a.RegistrationID, a.SessionID, a.WorkshopID, a.Rank, a.Source)
			}
			rows := slices.Repeat([]string{"(?, ?, ?, ?, ?, ?)"}, len(part))
			if err := db.execWrite(ctx, tx, statement{`INSERT INTO assignments (run_id, registration_id, session_id,
				workshop_id, rank, source) VALUES ` + strings.Join(rows, ", "), args}); err != nil {
				// A registration or workshop deleted since the run began.
				return err
			}
		}
		return nil
	})
}

// Runs returns an edition's runs, newest first, without their placements.
func (db *DB) Runs(ctx context.Context, conferenceID int64) ([]model.AssignmentRun, error) {
	var runs []model.AssignmentRun
	err := db.ro.SelectContext(ctx, &runs, db.q(`SELECT `+runColumns+` FROM assignment_runs
		WHERE conference_id = ? ORDER BY id DESC`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: runs: %w", err)
	}
	return runs, nil
}

// Run returns a run with its placements, by registration and slot.
func (db *DB) Run(ctx context.Context, id int64) (*model.AssignmentRun, error) {
	var run model.AssignmentRun
	if err := db.getOne(ctx, db.ro, &run, `SELECT `+runColumns+` FROM assignment_runs WHERE id = ?`, id); err != nil {
		return nil, err
	}
	err := db.ro.SelectContext(ctx, &run.Assignments, db.q(`SELECT registration_id, session_id, workshop_id, rank, source
		FROM assignments WHERE run_id = ? ORDER BY registration_id, session_id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: run placements: %w", err)
	}
	return &run, nil
}

// publishedRun is the subquery for an edition's latest published run.
const publishedRun = `(SELECT id FROM assignment_runs WHERE conference_id = ? AND published_at IS NOT NULL
	ORDER BY published_at DESC, id DESC LIMIT 1)`

// PublishedRunID returns the id of the edition's run that participants see:
// the one published last; 0 before any is.
func (db *DB) PublishedRunID(ctx context.Context, conferenceID int64) (int64, error) {
	var ids []int64
	if err := db.ro.SelectContext(ctx, &ids, db.q(`SELECT id FROM assignment_runs WHERE id = `+publishedRun), conferenceID); err != nil {
		return 0, fmt.Errorf("store: published run: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// ComposeAssignment writes the email that tells a participant their
// workshops, given their placements in the run and a new personal link's
// token; nil for none.
type ComposeAssignment func(r *model.Registration, placed []model.Assignment, token string) *model.Email

// PublishRun makes a run, read with Run, the one participants and
// facilitators see, and queues an email to each participant whose
// workshops it changes: everyone in it the first time, and later only
// those whose workshop in some slot is not what the previously published
// run gave them. Each email carries a new personal link. It returns how
// many were told (emailed, or without an address to email).
func (db *DB) PublishRun(ctx context.Context, run *model.AssignmentRun, by *model.User, compose ComposeAssignment) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		// One publication at a time per edition, and none while places change.
		if _, err := db.lockEdition(ctx, tx, run.ConferenceID); err != nil {
			return err
		}
		told, err := db.toTell(ctx, tx, run)
		if err != nil {
			return err
		}
		if err := db.execOne(ctx, tx, `UPDATE assignment_runs SET published_at = ? WHERE id = ?`, db.now(), run.ID); err != nil {
			return err
		}
		var tokens []any
		var emails []*model.Email
		for _, p := range told {
			token := newRegistrationToken()
			tokens = append(tokens, hashToken(token), p.Registration.ID, db.now())
			if e := compose(&p.Registration, p.Placed, token); e != nil {
				emails = append(emails, e)
			}
		}
		// In slices, so that no statement outgrows SQLite's limit of parameters.
		for part := range slices.Chunk(tokens, 3*500) {
			rows := slices.Repeat([]string{"(?, ?, ?)"}, len(part)/3)
			if err := db.execWrite(ctx, tx, statement{`INSERT INTO registration_tokens (token_hash, registration_id, created_at)
				VALUES ` + strings.Join(rows, ", "), part}); err != nil {
				return err
			}
		}
		for part := range slices.Chunk(emails, 500) {
			if err := db.execWrite(ctx, tx, emailWrite(part, db.now())); err != nil {
				return err
			}
		}
		confID := run.ConferenceID
		event := &model.AuditEvent{Actor: by.Email, UserID: &by.ID, Action: model.AuditPublished, ConferenceID: &confID,
			Detail: fmt.Sprintf("run %d, %d told", run.ID, len(told))}
		n = len(told)
		return db.audit(ctx, tx, event)
	})
	return n, err
}

// Told is a participant whom publishing a run tells their workshops.
type Told struct {
	Registration model.Registration
	Placed       []model.Assignment // their placements in the run
}

// PublishPreview returns whom publishing the run, read with Run, would
// tell now, as PublishRun chooses them: for the page that asks first.
func (db *DB) PublishPreview(ctx context.Context, run *model.AssignmentRun) ([]Told, error) {
	return db.toTell(ctx, db.ro, run)
}

// toTell chooses whom publishing run tells: the confirmed registrations it
// places (someone cancelled since the run is not told) whose workshop in
// some slot is not what the run published so far gave them.
func (db *DB) toTell(ctx context.Context, q sqlx.QueryerContext, run *model.AssignmentRun) ([]Told, error) {
	var before []model.Assignment
	err := sqlx.SelectContext(ctx, q, &before, db.q(`SELECT registration_id, session_id, workshop_id, rank, source
		FROM assignments WHERE run_id = `+publishedRun), run.ConferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: published placements: %w", err)
	}
	var regs []model.Registration
	err = sqlx.SelectContext(ctx, q, &regs, db.q(`SELECT `+registrationColumns+` FROM registrations r
		WHERE r.conference_id = ? AND r.status = ? ORDER BY r.id`), run.ConferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: registrations to tell: %w", err)
	}
	old, now := byRegistration(before), byRegistration(run.Assignments)
	var out []Told
	for _, r := range regs {
		placed, ok := now[r.ID]
		if !ok || sameWorkshops(old[r.ID], placed) {
			continue
		}
		out = append(out, Told{Registration: r, Placed: placed})
	}
	return out, nil
}

func byRegistration(as []model.Assignment) map[int64][]model.Assignment {
	out := map[int64][]model.Assignment{}
	for _, a := range as {
		out[a.RegistrationID] = append(out[a.RegistrationID], a)
	}
	return out
}

// sameWorkshops reports whether two lists of one registration's placements
// give the same workshop in every slot.
func sameWorkshops(a, b []model.Assignment) bool {
	workshop := func(as []model.Assignment) map[int64]int64 {
		m := map[int64]int64{}
		for _, x := range as {
			if x.WorkshopID != nil {
				m[x.SessionID] = *x.WorkshopID
			}
		}
		return m
	}
	return len(a) > 0 && maps.Equal(workshop(a), workshop(b))
}

// PublishedAssignments returns a registration's placements in the latest
// published run of its edition; none before anything is published.
func (db *DB) PublishedAssignments(ctx context.Context, r *model.Registration) ([]model.Assignment, error) {
	var out []model.Assignment
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT registration_id, session_id, workshop_id, rank, source
		FROM assignments WHERE registration_id = ? AND run_id = `+publishedRun+` ORDER BY session_id`), r.ID, r.ConferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: published placements: %w", err)
	}
	return out, nil
}

// PublishedPlacements returns the placements of the edition's latest
// published run, by registration and slot; none before anything is published.
func (db *DB) PublishedPlacements(ctx context.Context, conferenceID int64) ([]model.Assignment, error) {
	var out []model.Assignment
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT registration_id, session_id, workshop_id, rank, source
		FROM assignments WHERE run_id = `+publishedRun+` ORDER BY registration_id, session_id`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: published placements of the edition: %w", err)
	}
	return out, nil
}

// WorkshopParticipant is what a facilitator's list shows of a person: no
// more than they need to run the workshop.
type WorkshopParticipant struct {
	Name         string `db:"name"`
	Organisation string `db:"organisation"`
	Interpreting string `db:"interpretation"`
	Source       string `db:"source"`
}

// WorkshopParticipants lists the people the latest published run of the
// workshop's edition placed in it, still registered, by name.
func (db *DB) WorkshopParticipants(ctx context.Context, w *model.Workshop) ([]WorkshopParticipant, error) {
	var out []WorkshopParticipant
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT r.name, r.organisation, r.interpretation, a.source
		FROM assignments a JOIN registrations r ON r.id = a.registration_id
		WHERE a.workshop_id = ? AND r.status = ? AND a.run_id = `+publishedRun+` ORDER BY r.name, r.id`),
		w.ID, model.RegConfirmed, w.ConferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: workshop participants: %w", err)
	}
	return out, nil
}

// Pins returns an edition's pins.
func (db *DB) Pins(ctx context.Context, conferenceID int64) ([]model.Pin, error) {
	var pins []model.Pin
	err := db.ro.SelectContext(ctx, &pins, db.q(`SELECT p.registration_id, p.session_id, p.workshop_id, p.created_at
		FROM assignment_pins p JOIN registrations r ON r.id = p.registration_id
		WHERE r.conference_id = ? ORDER BY p.registration_id, p.session_id`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: pins: %w", err)
	}
	return pins, nil
}

// SetPin moves a registration into a workshop by hand for every later run,
// replacing an earlier pin of the slot. The workshop must belong to the
// slot, and both to the edition.
func (db *DB) SetPin(ctx context.Context, conferenceID int64, p *model.Pin) error {
	p.CreatedAt = db.now()
	var n int
	err := db.getOne(ctx, db.ro, &n, `SELECT COUNT(*) FROM workshops w JOIN registrations r ON r.conference_id = w.conference_id
		WHERE w.id = ? AND w.session_id = ? AND r.id = ? AND w.conference_id = ?`, p.WorkshopID, p.SessionID, p.RegistrationID,
		conferenceID)
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM assignment_pins WHERE registration_id = ? AND session_id = ?`),
			p.RegistrationID, p.SessionID); err != nil {
			return fmt.Errorf("store: pin: %w", err)
		}
		return db.execWrite(ctx, tx, statement{`INSERT INTO assignment_pins (registration_id, session_id, workshop_id, created_at)
			VALUES (?, ?, ?, ?)`, []any{p.RegistrationID, p.SessionID, p.WorkshopID, p.CreatedAt}})
	})
}

// DeletePin lets later runs place the registration in the slot freely
// again; a pin of another edition is not found.
func (db *DB) DeletePin(ctx context.Context, conferenceID, registrationID, sessionID int64) error {
	return db.execOne(ctx, db.rw, `DELETE FROM assignment_pins WHERE registration_id = ? AND session_id = ?
		AND registration_id IN (SELECT id FROM registrations WHERE conference_id = ?)`,
		registrationID, sessionID, conferenceID)
}

// FacilitatorEmails returns, per workshop of the edition, the addresses of
// the staff accounts invited to facilitate it.
func (db *DB) FacilitatorEmails(ctx context.Context, conferenceID int64) (map[int64][]string, error) {
	var rows []struct {
		WorkshopID int64  `db:"workshop_id"`
		Email      string `db:"email"`
	}
	err := db.ro.SelectContext(ctx, &rows, db.q(`SELECT f.workshop_id, u.email FROM workshop_facilitators f
		JOIN users u ON u.id = f.user_id JOIN workshops w ON w.id = f.workshop_id
		WHERE w.conference_id = ? ORDER BY f.workshop_id, u.email`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: facilitator addresses: %w", err)
	}
	out := map[int64][]string{}
	for _, r := range rows {
		out[r.WorkshopID] = append(out[r.WorkshopID], r.Email)
	}
	return out, nil
}

package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// emailListColumns are the outbox columns without the attachment, which a
// list does not need and which may be large.
const emailListColumns = `id, kind, registration_id, recipient, lang, subject, body, attachment_name,
	created_at, attempts, next_attempt_at, sent_at, last_error`

const emailColumns = emailListColumns + `, attachment`

// insertEmail is the start of an INSERT into the outbox; emailValues adds its rows.
const insertEmail = `INSERT INTO outbox (kind, registration_id, recipient, lang, subject, body,
	attachment_name, attachment, created_at, attempts, next_attempt_at, last_error) VALUES `

// emailValues readies e to be queued, due at once, and returns its VALUES
// row and arguments.
func emailValues(e *model.Email, now time.Time) (string, []any) {
	e.CreatedAt, e.NextAttemptAt = now, now
	e.Attempts, e.SentAt, e.LastError = 0, nil, ""
	return "(" + placeholders(12) + ")", []any{e.Kind, e.RegistrationID, e.Recipient, e.Lang, e.Subject, e.Body,
		e.AttachmentName, e.Attachment, e.CreatedAt, e.Attempts, e.NextAttemptAt, e.LastError}
}

// EnqueueEmail puts e into the outbox, due at once, and sets e.ID; the mail
// worker sends it, or organisers read it there when no mail server is configured.
func (db *DB) EnqueueEmail(ctx context.Context, e *model.Email) error {
	row, args := emailValues(e, db.now())
	id, err := db.insert(ctx, db.rw, insertEmail+row, args...)
	if err != nil {
		return fmt.Errorf("store: enqueue email: %w", err)
	}
	e.ID = id
	return nil
}

// emailWrite returns the INSERT that queues emails, due at once: the
// confirmations of a batch of registrations go in one statement.
func emailWrite(emails []*model.Email, now time.Time) statement {
	var rows []string
	var args []any
	for _, e := range emails {
		row, a := emailValues(e, now)
		rows = append(rows, row)
		args = append(args, a...)
	}
	return statement{insertEmail + strings.Join(rows, ", "), args}
}

// ClaimEmails takes up to limit emails that are due and returns them with
// their attachments. Each claim counts as an attempt and moves the next
// attempt lease ahead, so that neither this worker nor one on another
// instance takes the email again while it is being sent; if the worker
// dies, the email is due again when the lease ends. lease must therefore be
// longer than sending can take.
func (db *DB) ClaimEmails(ctx context.Context, lease time.Duration, limit int) ([]model.Email, error) {
	now := db.now()
	var due []model.Email
	err := db.ro.SelectContext(ctx, &due, db.q(`SELECT `+emailColumns+` FROM outbox
		WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`), now, limit)
	if err != nil {
		return nil, fmt.Errorf("store: due emails: %w", err)
	}
	until := now.Add(lease)
	claimed := due[:0]
	for _, e := range due {
		// attempts grows with every claim, so it tells whether another
		// worker claimed the row since it was read: of several workers
		// that read the same row, only the first update matches.
		err := db.execOne(ctx, db.rw, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?
			WHERE id = ? AND attempts = ? AND sent_at IS NULL AND next_attempt_at <= ?`,
			until, e.ID, e.Attempts, now)
		if model.ErrorCode(err) == model.ENotFound {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: claim email %d: %w", e.ID, err)
		}
		e.Attempts++
		e.NextAttemptAt = until
		claimed = append(claimed, e)
	}
	return claimed, nil
}

// MarkEmailSent records that the mail server accepted the email.
func (db *DB) MarkEmailSent(ctx context.Context, id int64) error {
	err := db.execOne(ctx, db.rw, `UPDATE outbox SET sent_at = ?, last_error = '' WHERE id = ?`, db.now(), id)
	if err != nil {
		return fmt.Errorf("store: email %d sent: %w", id, err)
	}
	return nil
}

// MarkEmailFailed records why an attempt failed and when to try again. An
// email already sent stays sent: a late report of an attempt that timed out
// must not undo the delivery of a later one.
func (db *DB) MarkEmailFailed(ctx context.Context, id int64, errText string, retryAt time.Time) error {
	_, err := db.rw.ExecContext(ctx, db.q(`UPDATE outbox SET last_error = ?, next_attempt_at = ?
		WHERE id = ? AND sent_at IS NULL`), errText, retryAt.UTC(), id)
	if err != nil {
		return fmt.Errorf("store: email %d failed: %w", id, err)
	}
	return nil
}

// Outbox returns the newest emails first, sent or not, without their attachments.
func (db *DB) Outbox(ctx context.Context, limit int) ([]model.Email, error) {
	var out []model.Email
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+emailListColumns+` FROM outbox
		ORDER BY created_at DESC, id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	return out, nil
}

// Email returns one email of the outbox with its attachment.
func (db *DB) Email(ctx context.Context, id int64) (*model.Email, error) {
	var e model.Email
	if err := db.getOne(ctx, db.ro, &e, `SELECT `+emailColumns+` FROM outbox WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &e, nil
}

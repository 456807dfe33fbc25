package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Audit records an event on personal data; it sets e.ID and e.At.
func (db *DB) Audit(ctx context.Context, e *model.AuditEvent) error {
	return db.audit(ctx, db.rw, e)
}

// audit records e in ext, a transaction whose change it records, or the pool.
func (db *DB) audit(ctx context.Context, ext sqlx.ExtContext, e *model.AuditEvent) error {
	e.At = db.now()
	id, err := db.insert(ctx, ext, `INSERT INTO audit_log (at, user_id, actor, action, conference_id, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, e.At, e.UserID, e.Actor, e.Action, e.ConferenceID, e.Detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	e.ID = id
	return nil
}

// AuditLog returns the latest limit events, newest first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]model.AuditEvent, error) {
	var out []model.AuditEvent
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT id, at, user_id, actor, action, conference_id, detail
		FROM audit_log ORDER BY at DESC, id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return out, nil
}

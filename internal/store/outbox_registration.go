package store

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// RegistrationEmails returns the emails of the outbox written to one
// registration, newest first, sent or not, without their attachments: what
// the organisers' page of the registration lists.
func (db *DB) RegistrationEmails(ctx context.Context, registrationID int64) ([]model.Email, error) {
	var out []model.Email
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+emailListColumns+` FROM outbox
		WHERE registration_id = ? ORDER BY created_at DESC, id DESC`), registrationID)
	if err != nil {
		return nil, fmt.Errorf("store: emails of registration %d: %w", registrationID, err)
	}
	return out, nil
}

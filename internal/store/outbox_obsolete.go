package store

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// When an unsent email no longer holds, as conditions on its outbox row:
// its registration was cancelled since, or it is an assignment email and a
// newer one for the same registration is queued (the newer one says where
// the person is now). The values are the model's constants, not input.
const (
	cancelledEmail = `outbox.registration_id IN (SELECT id FROM registrations WHERE status = '` +
		model.RegCancelled + `')`
	supersededEmail = `outbox.kind = '` + model.EmailAssignment + `' AND EXISTS (SELECT 1 FROM outbox newer
		WHERE newer.registration_id = outbox.registration_id AND newer.kind = outbox.kind AND newer.id > outbox.id)`
)

// obsoleteNow reads the obsolete column as markObsolete will leave it, so
// that the outbox pages show the state before the worker's next claim, and
// also when no mail server is configured and no worker runs.
const obsoleteNow = `CASE WHEN outbox.sent_at IS NOT NULL OR outbox.obsolete <> '' THEN outbox.obsolete
	WHEN ` + cancelledEmail + ` THEN '` + model.ObsoleteCancelled + `'
	WHEN ` + supersededEmail + ` THEN '` + model.ObsoleteSuperseded + `'
	ELSE '' END AS obsolete`

// markObsolete marks the unsent emails that no longer hold, which
// ClaimEmails then never takes. An email that is being sent while it is
// marked goes out and is recorded as sent (MarkEmailSent clears the mark).
// Marking again changes nothing, so every instance's worker may do it.
func (db *DB) markObsolete(ctx context.Context) error {
	_, err := db.rw.ExecContext(ctx, `UPDATE outbox SET obsolete = CASE WHEN `+cancelledEmail+
		` THEN '`+model.ObsoleteCancelled+`' ELSE '`+model.ObsoleteSuperseded+`' END
		WHERE sent_at IS NULL AND obsolete = '' AND (`+cancelledEmail+` OR `+supersededEmail+`)`)
	if err != nil {
		return fmt.Errorf("store: mark obsolete emails: %w", err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"
	"time"
)

// ClaimLinkResend reports whether the registration's personal link may be
// sent again now, because its address registered again, and if so records
// that it is: true at most once per interval, however many requests and
// instances ask at once, as one conditional update decides.
func (db *DB) ClaimLinkResend(ctx context.Context, registrationID int64, interval time.Duration) (bool, error) {
	now := db.now()
	res, err := db.rw.ExecContext(ctx, db.q(`UPDATE registrations SET link_resent_at = ?
		WHERE id = ? AND (link_resent_at IS NULL OR link_resent_at <= ?)`), now, registrationID, now.Add(-interval))
	if err != nil {
		return false, fmt.Errorf("store: claim link resend: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim link resend: %w", err)
	}
	return n == 1, nil
}

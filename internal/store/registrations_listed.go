package store

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// ListedRegistrations returns an edition's registrations, in the order
// they came, without their choices and waiting positions: for pages that
// name thousands of people, such as an assignment run's.
func (db *DB) ListedRegistrations(ctx context.Context, conferenceID int64) ([]model.Registration, error) {
	var out []model.Registration
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+registrationColumns+` FROM registrations r
		WHERE r.conference_id = ? ORDER BY r.id`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: listed registrations: %w", err)
	}
	return out, nil
}

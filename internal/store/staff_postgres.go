package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// pgLockRows makes a PostgreSQL SELECT lock the rows it reads until the
// transaction ends, as an UPDATE of them would.
const pgLockRows = ` FOR UPDATE`

// pgLockOrganisers is lockOrganisers on PostgreSQL: the active organisers'
// rows, locked. A transaction that demotes or deactivates one of them
// holds its lock until it commits; another one waits here, and reads the
// row again once it may: an organiser demoted meanwhile is then no longer
// among those returned.
func (db *DB) pgLockOrganisers(ctx context.Context, tx *sqlx.Tx) ([]int64, error) {
	var ids []int64
	err := tx.SelectContext(ctx, &ids, db.q(activeOrganisers+pgLockRows), model.RoleOrganiser, true)
	if err != nil {
		return nil, fmt.Errorf("store: lock organisers: %w", err)
	}
	return ids, nil
}

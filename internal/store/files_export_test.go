package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// InTx lets the tests outside the package run steps in one transaction,
// as the store's own functions do with InsertFile.
func (db *DB) InTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error { return db.tx(ctx, fn) }

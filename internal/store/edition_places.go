package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// An edition's places. Every transaction that changes places or the rules
// that count them (registering, changing choices, cancelling, moving people
// up, changing an edition, changing or deleting a workshop, publishing an
// assignment) calls lockEdition first, before it changes any registration
// or workshop row. So they all wait for each other in the same order and
// never deadlock, the limits hold across instances, and under the lock the
// counts read are the counts, which lets a batch of registrations be
// placed in Go.

// edition is what changing an edition's places needs to know of it.
type edition struct {
	ID        int64  `db:"id"`
	Capacity  int    `db:"capacity"` // 0: no limit
	Confirmed int    `db:"confirmed_count"`
	Mode      string `db:"registration_mode"`
	// PublishedRun is the assignment run participants see, 0 before one is
	// published: someone confirmed after it is placed at once (assignments_late.go).
	PublishedRun int64 `db:"published_run"`
}

// editionQuery reads an edition's places and its published run, as publishedRun finds it.
const editionQuery = `SELECT id, capacity, confirmed_count, registration_mode,
	COALESCE((SELECT p.id FROM assignment_runs p WHERE p.conference_id = conferences.id AND p.published_at IS NOT NULL
		ORDER BY p.published_at DESC, p.id DESC LIMIT 1), 0) AS published_run
	FROM conferences WHERE id = ?`

// lockEdition locks the edition's row for the rest of the transaction and
// reads its places; an unknown edition is not found. PostgreSQL locks the
// row (postgres.go); on SQLite the transaction began IMMEDIATE and so holds
// the database's one write lock already.
func (db *DB) lockEdition(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (*edition, error) {
	if db.dialect == Postgres {
		return db.pgLockEdition(ctx, tx, conferenceID)
	}
	var e edition
	if err := db.getOne(ctx, tx, &e, editionQuery, conferenceID); err != nil {
		return nil, err
	}
	return &e, nil
}

// takePlace takes one of the edition's places if one is free; moving up
// from the waiting list uses it. The condition and the increment are one
// statement.
func (db *DB) takePlace(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count + 1
		WHERE id = ? AND (capacity = 0 OR confirmed_count < capacity)`), conferenceID)
	if err != nil {
		return false, fmt.Errorf("store: take place: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// freePlace gives an edition place back.
func (db *DB) freePlace(ctx context.Context, tx *sqlx.Tx, conferenceID int64) error {
	_, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count - 1 WHERE id = ?`), conferenceID)
	if err != nil {
		return fmt.Errorf("store: free place: %w", err)
	}
	return nil
}

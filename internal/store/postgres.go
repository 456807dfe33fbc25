package store

import (
	"context"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3/lock"
)

// PostgreSQL's own fast path: statements only PostgreSQL speaks, where they
// save round trips while an edition is locked. Each has a portable twin
// beside the code that calls it, which SQLite runs; the store's tests run
// both on their database.

// pgMigrationLocker returns goose's session lock (an advisory lock) for
// migrating the schema in use. Advisory locks belong to the database, and
// goose's own lock id is the same for every schema: instances migrating
// other schemas of the database (each test has one) would wait for each
// other, up to goose's 5 seconds between tries. So the id is made from the
// schema's name, and the lock is tried every second.
func (db *DB) pgMigrationLocker(ctx context.Context) (lock.SessionLocker, error) {
	var schema string
	if err := db.rw.GetContext(ctx, &schema, `SELECT current_schema()`); err != nil {
		return nil, fmt.Errorf("store: schema: %w", err)
	}
	id := int64(crc32.ChecksumIEEE([]byte("goose " + schema)))
	return lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
}

// pgLockEdition locks the edition's row as an UPDATE of it would (FOR NO
// KEY UPDATE): every change of places waits for the one before, while
// rows that only refer to the edition (an audit event, an agenda item) can
// still be written meanwhile.
func (db *DB) pgLockEdition(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (*edition, error) {
	var e edition
	if err := db.getOne(ctx, tx, &e, editionQuery+` FOR NO KEY UPDATE`, conferenceID); err != nil {
		return nil, err
	}
	return &e, nil
}

// pgReserveRegistrations is reserveRegistrations in one round trip: n ids
// from the registrations' sequence, ascending, and the status of the
// edition's registration under each of the addresses that has one, the
// addresses passed as one array parameter.
func (db *DB) pgReserveRegistrations(ctx context.Context, tx *sqlx.Tx, conferenceID int64, n int, addresses []string) ([]int64, map[string]string, error) {
	var row struct {
		IDs      pq.Int64Array  `db:"ids"`
		Emails   pq.StringArray `db:"emails"`
		Statuses pq.StringArray `db:"statuses"`
	}
	err := tx.GetContext(ctx, &row, `WITH known AS (
			SELECT email, status FROM registrations WHERE conference_id = $2 AND email = ANY($3))
		SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('registrations', 'id')) FROM generate_series(1, $1)) AS ids,
			ARRAY(SELECT email FROM known ORDER BY email) AS emails,
			ARRAY(SELECT status FROM known ORDER BY email) AS statuses`,
		n, conferenceID, pq.StringArray(addresses))
	if err != nil {
		return nil, nil, fmt.Errorf("store: reserve registrations: %w", err)
	}
	known := make(map[string]string, len(row.Emails))
	for i, a := range row.Emails {
		known[a] = row.Statuses[i]
	}
	ids := []int64(row.IDs)
	slices.Sort(ids)
	return ids, known, nil
}

// pgExecAll is execAll as one statement: all writes but the last become
// data-modifying WITH queries. Foreign keys between them hold, since
// PostgreSQL checks them at the end of the statement; none of them reads
// what another writes.
func (db *DB) pgExecAll(ctx context.Context, tx *sqlx.Tx, writes []statement) error {
	var b strings.Builder
	var args []any
	last := len(writes) - 1
	for i, w := range writes[:last] {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "w%d AS (%s)", i, w.query)
		args = append(args, w.args...)
	}
	b.WriteString(" " + writes[last].query)
	return db.execWrite(ctx, tx, statement{b.String(), append(args, writes[last].args...)})
}

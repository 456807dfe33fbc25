// Package store keeps the conference office's data in PostgreSQL or in an
// embedded SQLite file. Every query is written once, with ? placeholders
// rebound for the database in use.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"golang.org/x/crypto/bcrypt"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/migrations"
)

// Dialects.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// DB is the store. On SQLite, writes go through a single connection, as
// SQLite allows one writer at a time, and reads through a pool.
type DB struct {
	dialect string
	rw      *sqlx.DB // writes and transactions
	ro      *sqlx.DB // reads; the same pool as rw on PostgreSQL

	registrar *registrar // writes registrations in batches (registrations_batch.go)

	// Now returns the current time; tests replace it.
	Now func() time.Time
	// PasswordCost is the bcrypt cost of new password hashes,
	// bcrypt.DefaultCost; tests lower it, as bcrypt is slow on purpose.
	PasswordCost int
}

func init() {
	// SQLite's own lower() folds only ASCII letters, so that a search for
	// "özdemir" would miss "Özdemir"; PostgreSQL's folds all of Unicode.
	// This one makes SQLite fold like PostgreSQL, so that one query
	// searches alike on both.
	sqlite.MustRegisterDeterministicScalarFunction("lower", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if s, ok := args[0].(string); ok {
			return strings.ToLower(s), nil
		}
		return args[0], nil
	})
}

// DefaultPoolSize is how many connections an instance opens to PostgreSQL
// unless the URL's pool_max_conns says otherwise. Several instances share
// the server's max_connections (100 by default).
const DefaultPoolSize = 25

// PostgresDSN takes the pool_max_conns parameter out of a PostgreSQL URL
// (it is ours, and the server would refuse it as an unknown setting) and
// asks lib/pq for binary parameters unless the URL says otherwise: a
// statement with parameters then takes one round trip instead of two.
func PostgresDSN(rawURL string) (string, int, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", 0, fmt.Errorf("store: database URL: %w", err)
	}
	q := u.Query()
	if !q.Has("binary_parameters") {
		q.Set("binary_parameters", "yes")
	}
	poolSize := DefaultPoolSize
	if raw := q.Get("pool_max_conns"); raw != "" {
		poolSize, err = strconv.Atoi(raw)
		if err != nil || poolSize < 1 {
			return "", 0, fmt.Errorf("store: pool_max_conns %q: want a number above 0", raw)
		}
		q.Del("pool_max_conns")
	}
	u.RawQuery = q.Encode()
	return u.String(), poolSize, nil
}

// DefaultURL is where the embedded database lives unless configured otherwise.
const DefaultURL = "sqlite:data/konferenz.db"

// Open connects to the database named by url: "postgres://..." (or
// "postgresql://") or "sqlite:path/to/file.db".
func Open(ctx context.Context, rawURL string) (*DB, error) {
	db := &DB{Now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }, PasswordCost: bcrypt.DefaultCost,
		registrar: newRegistrar()}
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		dsn, poolSize, err := PostgresDSN(rawURL)
		if err != nil {
			return nil, err
		}
		conn, err := sqlx.Open("postgres", dsn)
		if err != nil {
			return nil, err
		}
		conn.SetMaxOpenConns(poolSize)
		conn.SetMaxIdleConns(poolSize)
		conn.SetConnMaxIdleTime(5 * time.Minute)
		db.dialect, db.rw, db.ro = Postgres, conn, conn
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(rawURL, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, errors.New("store: sqlite URL names no file")
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create %s: %w", dir, err)
			}
		}
		params := url.Values{}
		params.Add("_pragma", "foreign_keys(1)")
		params.Add("_pragma", "busy_timeout(10000)")
		params.Add("_pragma", "journal_mode(WAL)")
		params.Add("_pragma", "synchronous(NORMAL)")
		params.Set("_time_format", "sqlite")
		params.Set("_txlock", "immediate")
		dsn := "file:" + path + "?" + params.Encode()
		rw, err := sqlx.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		rw.SetMaxOpenConns(1)
		rw.SetConnMaxIdleTime(0)
		ro, err := sqlx.Open("sqlite", dsn+"&_pragma=query_only(1)")
		if err != nil {
			rw.Close()
			return nil, err
		}
		ro.SetMaxOpenConns(8)
		ro.SetMaxIdleConns(8)
		db.dialect, db.rw, db.ro = SQLite, rw, ro
	default:
		return nil, fmt.Errorf("store: unsupported database URL %q: want postgres://... or sqlite:path", redact(rawURL))
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return db, nil
}

// redact hides a password in a URL for error messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}

// Dialect returns Postgres or SQLite.
func (db *DB) Dialect() string { return db.dialect }

// Close stops writing registrations and closes the connection pools.
func (db *DB) Close() error {
	db.closeRegistrar()
	err := db.rw.Close()
	if db.ro != db.rw {
		err = errors.Join(err, db.ro.Close())
	}
	return err
}

// Ping checks that the database answers; /readyz calls it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.rw.PingContext(ctx); err != nil {
		return err
	}
	if db.ro != db.rw {
		return db.ro.PingContext(ctx)
	}
	return nil
}

// Migrate brings the schema up to date. On PostgreSQL it holds goose's
// session lock for the schema (pgMigrationLocker), so that instances
// starting together migrate once.
func (db *DB) Migrate(ctx context.Context, logger *slog.Logger) error {
	fsys, err := migrations.For(db.dialect)
	if err != nil {
		return err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := db.pgMigrationLocker(ctx)
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	provider, err := goose.NewProvider(dialect, db.rw.DB, fsys, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		logger.Info("migrated", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// now is the store's clock in UTC: SQLite compares times as text, which is
// only right when every stored time is in the same zone.
func (db *DB) now() time.Time {
	return db.Now().UTC()
}

// q rewrites ? placeholders for the database in use.
func (db *DB) q(query string) string {
	if db.dialect == Postgres {
		return sqlx.Rebind(sqlx.DOLLAR, query)
	}
	return query
}

// tx runs fn in a transaction on the writer and commits if fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.rw.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// insert runs an INSERT ... RETURNING id and returns the id.
func (db *DB) insert(ctx context.Context, ext sqlx.ExtContext, query string, args ...any) (int64, error) {
	var id int64
	err := ext.QueryRowxContext(ctx, db.q(query+" RETURNING id"), args...).Scan(&id)
	return id, err
}

// exec runs a statement that must touch exactly one row; none means not found.
func (db *DB) execOne(ctx context.Context, ext sqlx.ExtContext, query string, args ...any) error {
	res, err := ext.ExecContext(ctx, db.q(query), args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// getOne reads one row into dest; no row means model.ErrNotFound.
func (db *DB) getOne(ctx context.Context, q sqlx.QueryerContext, dest any, query string, args ...any) error {
	err := sqlx.GetContext(ctx, q, dest, db.q(query), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	return err
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isForeignKey reports whether err is a foreign-key violation.
func isForeignKey(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "23503"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// statement is one SQL statement with ? placeholders and its arguments.
type statement struct {
	query string
	args  []any
}

// execAll runs writes that return no rows, in order; on PostgreSQL in one
// round trip (pgExecAll).
func (db *DB) execAll(ctx context.Context, tx *sqlx.Tx, writes []statement) error {
	if len(writes) == 0 {
		return nil
	}
	if db.dialect == Postgres {
		return db.pgExecAll(ctx, tx, writes)
	}
	for _, w := range writes {
		if err := db.execWrite(ctx, tx, w); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) execWrite(ctx context.Context, tx *sqlx.Tx, w statement) error {
	_, err := tx.ExecContext(ctx, db.q(w.query), w.args...)
	if isForeignKey(err) {
		return model.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: write: %w", err)
	}
	return nil
}

// placeholders returns n comma-separated placeholders.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// prefixed qualifies a list of columns with a table alias ("w."), for
// queries that join.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

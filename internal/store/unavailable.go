package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Unavailable reports whether err says that the database cannot take work
// right now, rather than anything about the request: it cannot be reached
// (connection refused, reset or lost, a bad connection), the pool or the
// store is closed, the server is shutting down, starting or out of
// connections (PostgreSQL's classes 08, 53 and 57), a deadline passed
// waiting for it, or SQLite's file stayed locked past the busy timeout.
// Each of these passes without anybody changing their request, so pages
// answer 503 with Retry-After for them, and the registration writer fails a
// batch for them instead of trying its people one by one. A request's own
// cancellation (the client left) is not among them.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code.Class() {
		case "08", "53", "57":
			return true
		}
		return false
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		primary := liteErr.Code() & 0xff
		return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
	}
	var netErr net.Error
	switch {
	case errors.Is(err, errClosed), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.As(err, &netErr):
		return true
	}
	// database/sql does not export the error of a closed pool.
	return strings.Contains(err.Error(), "sql: database is closed")
}

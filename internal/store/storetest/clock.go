package storetest

import (
	"sync"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Clock is a store clock that tests move forward by hand instead of
// sleeping. It may be read from several goroutines (the store's writer of
// registrations reads it too).
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock makes db's clock a Clock that starts at start, to the
// microsecond as the databases keep times.
func NewClock(db *store.DB, start time.Time) *Clock {
	c := &Clock{now: start.UTC().Truncate(time.Microsecond)}
	db.Now = c.Now
	return c
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

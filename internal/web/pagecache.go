package web

import (
	"sync"
	"time"
)

// editionCache keeps what is made of published editions for the public, by
// a key that names the edition (its slug, with more if need be). Two kinds
// are kept: the programme pages as rendered for anonymous visitors (the
// page most people open, often all at once when a conference is announced)
// and the editions with their programmes as the registration form and its
// POST need them (the path that must take a thousand registrations a
// second). Serving them from memory spares the database, the templates and
// the calendar file.
//
// It is a cache, not state: every instance fills its own. An entry is
// trusted for ttl; after that the edition's revision in the database decides
// whether it is still current, so an edit made on another instance shows
// within ttl. An edit made through this instance clears the cache at once.
// Its time is the store's clock (store.DB.Now), which tests move forward.
type editionCache[V any] struct {
	ttl time.Duration // negative: caching is off

	mu      sync.Mutex
	entries map[string]*cachedEdition[V]
}

type cachedEdition[V any] struct {
	value    V
	revision int64
	checked  time.Time
}

func newEditionCache[V any](ttl time.Duration) *editionCache[V] {
	return &editionCache[V]{ttl: ttl, entries: map[string]*cachedEdition[V]{}}
}

// get returns the value under key if it is current. After ttl it asks
// revision for the edition's current revision (ok false: gone or hidden) and
// keeps the value only if that has not changed.
func (ec *editionCache[V]) get(key string, now time.Time, revision func() (int64, bool)) (V, bool) {
	var none V
	if ec.ttl < 0 {
		return none, false
	}
	ec.mu.Lock()
	e, found := ec.entries[key]
	ec.mu.Unlock()
	if !found {
		return none, false
	}
	if now.Sub(e.checked) < ec.ttl {
		return e.value, true
	}
	rev, ok := revision()
	ec.mu.Lock()
	defer ec.mu.Unlock()
	if !ok || rev != e.revision {
		delete(ec.entries, key)
		return none, false
	}
	ec.entries[key] = &cachedEdition[V]{value: e.value, revision: rev, checked: now}
	return e.value, true
}

// put keeps a freshly made value of the given revision.
func (ec *editionCache[V]) put(key string, value V, revision int64, now time.Time) {
	if ec.ttl < 0 {
		return
	}
	ec.mu.Lock()
	defer ec.mu.Unlock()
	ec.entries[key] = &cachedEdition[V]{value: value, revision: revision, checked: now}
}

// clear forgets every entry; organisers' changes call it.
func (ec *editionCache[V]) clear() {
	ec.mu.Lock()
	defer ec.mu.Unlock()
	clear(ec.entries)
}

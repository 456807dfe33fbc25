package web

import (
	"sync"
	"time"
)

// pageCache keeps the public programme pages as rendered for anonymous
// visitors, keyed by edition slug and language. The page is the one most
// people open, often all at once when a conference is announced; serving it
// from memory spares the database and the templates.
//
// It is a cache, not state: every instance fills its own. An entry is
// trusted for ttl; after that the edition's revision in the database decides
// whether it is still current, so an edit made on another instance shows
// within ttl. An edit made through this instance clears the cache at once.
type pageCache struct {
	ttl time.Duration // negative: caching is off

	mu      sync.Mutex
	entries map[string]*cachedPage
}

type cachedPage struct {
	body     []byte
	revision int64
	checked  time.Time
}

func newPageCache(ttl time.Duration) *pageCache {
	return &pageCache{ttl: ttl, entries: map[string]*cachedPage{}}
}

// get returns the page under key if it is current. After ttl it asks
// revision for the edition's current revision (ok false: gone or hidden) and
// keeps the page only if that has not changed.
func (pc *pageCache) get(key string, now time.Time, revision func() (int64, bool)) ([]byte, bool) {
	if pc.ttl < 0 {
		return nil, false
	}
	pc.mu.Lock()
	e, found := pc.entries[key]
	pc.mu.Unlock()
	if !found {
		return nil, false
	}
	if now.Sub(e.checked) < pc.ttl {
		return e.body, true
	}
	rev, ok := revision()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if !ok || rev != e.revision {
		delete(pc.entries, key)
		return nil, false
	}
	pc.entries[key] = &cachedPage{body: e.body, revision: rev, checked: now}
	return e.body, true
}

// put keeps a freshly rendered page of the given revision.
func (pc *pageCache) put(key string, body []byte, revision int64, now time.Time) {
	if pc.ttl < 0 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.entries[key] = &cachedPage{body: body, revision: revision, checked: now}
}

// clear forgets every page; organisers' changes call it.
func (pc *pageCache) clear() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	clear(pc.entries)
}

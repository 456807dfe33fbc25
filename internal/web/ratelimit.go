package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Login attempts allowed per client address: a burst, then one a minute.
const (
	loginRate  = rate.Limit(1.0 / 60)
	loginBurst = 10
)

// limiter keeps a token bucket per client address. It lives in memory: a
// client spreading attempts over several instances gets a few more tries,
// which is acceptable for slowing down password guessing.
type limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(limit rate.Limit, burst int) *limiter {
	return &limiter{limit: limit, burst: burst, buckets: map[string]*bucket{}}
}

// allow takes a token for key and reports whether there was one.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	// Buckets idle for an hour are full again; forgetting them bounds memory.
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > time.Hour {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

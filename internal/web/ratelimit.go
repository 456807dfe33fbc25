package web

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Failed logins allowed per client address, and per account: a burst, then
// one a minute. Only failures count, so an office whose staff all log in
// from one address is never held up by its colleagues; counting per
// account too slows down guessing one password from many addresses.
const (
	loginRate  = rate.Limit(1.0 / 60)
	loginBurst = 10
)

// registrationBurst is how many times its limit a minute's registrations
// one address may send at once: a volunteer at a shelter registers a group
// of 15 or 20 in one go, a flood keeps going.
const registrationBurst = 3

// limiter keeps a token bucket per key (a client address, an account). It
// lives in memory: a client spreading attempts over several instances gets
// a few more tries, which is acceptable for slowing down password guessing.
type limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim     *rate.Limiter
	seen    time.Time
	pending int // attempts begun and not yet ended (begin, end)
}

func newLimiter(limit rate.Limit, burst int) *limiter {
	return &limiter{limit: limit, burst: burst, buckets: map[string]*bucket{}}
}

// bucket returns key's bucket, made full if new; l.mu is held.
func (l *limiter) bucket(key string, now time.Time) *bucket {
	// Buckets idle for an hour are full again; forgetting them bounds memory.
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > time.Hour && b.pending == 0 {
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
	return b
}

// take takes a token for key if there is one and returns 0; otherwise it
// takes none and returns how long until there is one.
func (l *limiter) take(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	lim := l.bucket(key, now).lim
	if lim.AllowN(now, 1) {
		return 0
	}
	return l.untilToken(lim, 0, now)
}

// begin starts an attempt for key that only counts if it fails (a login):
// it returns 0 and holds one of key's tokens for it until end, or, when
// every token is held or spent, how long until one is free. Holding the
// token keeps many attempts sent at once from all passing on one token.
func (l *limiter) begin(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b := l.bucket(key, now)
	if wait := l.untilToken(b.lim, b.pending, now); wait > 0 {
		return wait
	}
	b.pending++
	return 0
}

// end ends an attempt begun for key, spending its token if it failed.
func (l *limiter) end(key string, failed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b := l.bucket(key, now)
	b.pending--
	if failed {
		b.lim.AllowN(now, 1)
	}
}

// untilToken is how long until lim has a whole token besides the held
// ones; l.mu is held.
func (l *limiter) untilToken(lim *rate.Limiter, held int, now time.Time) time.Duration {
	missing := 1 + float64(held) - lim.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(missing / float64(l.limit) * float64(time.Second)))
}

// minutes is a wait in whole minutes, rounded up and at least one, for the
// message that says how long to wait.
func minutes(d time.Duration) int {
	return max(1, int(math.Ceil(d.Minutes())))
}

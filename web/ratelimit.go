package web

import (
	"sync"
	"time"
)

// limiter counts failed logins per key (client IP and user name) in a
// fixed window. The map is bounded: when full, expired keys go first, then
// the oldest, so a flood of names cannot grow memory without limit.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	cap    int
	keys   map[string]*attempts
}

type attempts struct {
	n     int
	start time.Time
}

func newLimiter(max int, window time.Duration, capacity int) *limiter {
	return &limiter{max: max, window: window, cap: capacity, keys: map[string]*attempts{}}
}

// allow reports whether key may try again now.
func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.keys[key]
	if !ok {
		return true
	}
	if now.Sub(a.start) >= l.window {
		delete(l.keys, key)
		return true
	}
	return a.n < l.max
}

func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.keys[key]
	if ok && now.Sub(a.start) >= l.window {
		ok = false
	}
	if !ok {
		if len(l.keys) >= l.cap {
			l.evict(now)
		}
		a = &attempts{start: now}
		l.keys[key] = a
	}
	a.n++
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	delete(l.keys, key)
	l.mu.Unlock()
}

// evict drops expired entries, and the oldest one if none had expired.
func (l *limiter) evict(now time.Time) {
	var oldest string
	var oldestAt time.Time
	for k, a := range l.keys {
		if now.Sub(a.start) >= l.window {
			delete(l.keys, k)
			continue
		}
		if oldest == "" || a.start.Before(oldestAt) {
			oldest, oldestAt = k, a.start
		}
	}
	if len(l.keys) >= l.cap && oldest != "" {
		delete(l.keys, oldest)
	}
}

func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

package web

import (
	"crypto/sha256"
	"sync"
	"time"
)

// sessionCache keeps the sessions looked up in the last Config.SessionCache
// (real time), so that a page does not wait for the store's connection
// three times before it starts (on SQLite one connection serves every
// request). A logout here ends the session here at once; a session ended
// by another portal process, or a user changed in the store, takes effect
// here within that time. Bounded: past maxCachedSessions it starts afresh.
type sessionCache struct {
	ttl     time.Duration
	mu      sync.Mutex
	entries map[[32]byte]cachedSession
}

type cachedSession struct {
	user    User
	expires time.Time // the session's
	until   time.Time // the cache entry's (real time)
}

const maxCachedSessions = 10000

func newSessionCache(ttl time.Duration) *sessionCache {
	return &sessionCache{ttl: ttl, entries: map[[32]byte]cachedSession{}}
}

func (sc *sessionCache) get(token string) (User, time.Time, bool) {
	if sc.ttl <= 0 {
		return User{}, time.Time{}, false
	}
	k := sha256.Sum256([]byte(token))
	sc.mu.Lock()
	defer sc.mu.Unlock()
	e, ok := sc.entries[k]
	if !ok || !time.Now().Before(e.until) {
		delete(sc.entries, k)
		return User{}, time.Time{}, false
	}
	return e.user, e.expires, true
}

func (sc *sessionCache) put(token string, u User, expires time.Time) {
	if sc.ttl <= 0 {
		return
	}
	k := sha256.Sum256([]byte(token))
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.entries) >= maxCachedSessions {
		clear(sc.entries)
	}
	sc.entries[k] = cachedSession{user: u, expires: expires, until: time.Now().Add(sc.ttl)}
}

func (sc *sessionCache) drop(token string) {
	k := sha256.Sum256([]byte(token))
	sc.mu.Lock()
	delete(sc.entries, k)
	sc.mu.Unlock()
}

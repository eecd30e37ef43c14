package web

import (
	"context"
	"errors"
	"runtime"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// hashPool bounds the password hashing of logins. One bcrypt comparison
// at the portal's cost takes a core for about a quarter of a second; a
// flood of logins hashing at once would take every core from the pages.
// So at most size comparisons run at once, a login waits at most wait for
// a turn and is otherwise told to try again (503), and a slot rests after
// each comparison as long as it took (at most hashRest), so the hashers
// use at most half of the cores they are given.
type hashPool struct {
	slots chan struct{}
	wait  time.Duration
	// compare is bcrypt's (tests count the calls running at once).
	compare func(hash, pw []byte) error
}

// errLoginBusy is hashPool's answer when no slot came free in time.
var errLoginBusy = errors.New("login busy: every password hasher is taken")

// hashRest bounds the rest of a slot after a comparison, so that a slow
// comparison on a loaded machine does not hold the next login for long.
const hashRest = 500 * time.Millisecond

// newHashPool makes a pool of size slots (≤ 0: a quarter of the cores, at
// least one) in which a login waits at most wait (≤ 0: 2 s).
func newHashPool(size int, wait time.Duration) *hashPool {
	if size <= 0 {
		size = max(1, runtime.GOMAXPROCS(0)/4)
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	return &hashPool{slots: make(chan struct{}, size), wait: wait, compare: bcrypt.CompareHashAndPassword}
}

// check compares pw with the bcrypt hash in a slot of the pool; it
// returns errLoginBusy when none came free within the wait or before ctx
// ended, else the comparison's result.
func (p *hashPool) check(ctx context.Context, hash, pw []byte) error {
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
	case <-t.C:
		return errLoginBusy
	case <-ctx.Done():
		return errLoginBusy
	}
	start := time.Now()
	err := p.compare(hash, pw)
	rest := min(time.Since(start), hashRest)
	time.AfterFunc(rest, func() { <-p.slots })
	return err
}

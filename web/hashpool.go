package web

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// hashPool bounds the password hashing of logins. One bcrypt comparison
// at the portal's cost takes a core for about a quarter of a second; a
// flood of logins hashing at once would take every core from the pages.
// So at most size comparisons run at once, and a slot rests after each
// comparison rest times as long as it took, so that the hashers together
// use at most hashShare of the cores (on two cores, one slot hashing a
// quarter of the time: an eighth of the machine; a flood of logins cost
// the ranking page 59 % of its throughput with half a core hashing). A
// login waits at most wait for a turn, and at most maxWaiting logins
// wait at once; any other is told at once to try again (503): waiting
// costs a connection and a goroutine, never CPU, but not without bound.
type hashPool struct {
	slots   chan struct{}
	wait    time.Duration
	rest    float64 // a slot's rest ÷ the comparison's time
	waiting atomic.Int32
	maxWait int32
	// compare is bcrypt's (tests count the calls running at once).
	compare func(hash, pw []byte) error
}

// errLoginBusy is hashPool's answer when no slot came free in time.
var errLoginBusy = errors.New("login busy: every password hasher is taken")

// hashShare is the share of the cores the hashers may use together.
const hashShare = 1.0 / 8

// hashRest bounds the rest of a slot after a comparison, so that a slow
// comparison on a loaded machine does not hold the next login for long.
const hashRest = 1500 * time.Millisecond

// newHashPool makes a pool of size slots (≤ 0: one per eight cores, at
// least one) in which a login waits at most wait (≤ 0: 2 s).
func newHashPool(size int, wait time.Duration) *hashPool {
	procs := runtime.GOMAXPROCS(0)
	if size <= 0 {
		size = max(1, procs/8)
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	// size slots busy 1/(1+rest) of the time use size/(1+rest) cores.
	rest := max(0, float64(size)/(hashShare*float64(procs))-1)
	return &hashPool{slots: make(chan struct{}, size), wait: wait, rest: rest,
		maxWait: int32(max(16, 8*size)), compare: bcrypt.CompareHashAndPassword}
}

// check compares pw with the bcrypt hash in a slot of the pool; it
// returns errLoginBusy when none came free within the wait or before ctx
// ended, or when too many logins wait already, else the comparison's
// result.
func (p *hashPool) check(ctx context.Context, hash, pw []byte) error {
	select {
	case p.slots <- struct{}{}:
	default:
		if p.waiting.Add(1) > p.maxWait {
			p.waiting.Add(-1)
			return errLoginBusy
		}
		t := time.NewTimer(p.wait)
		select {
		case p.slots <- struct{}{}:
			t.Stop()
			p.waiting.Add(-1)
		case <-t.C:
			p.waiting.Add(-1)
			return errLoginBusy
		case <-ctx.Done():
			t.Stop()
			p.waiting.Add(-1)
			return errLoginBusy
		}
	}
	start := time.Now()
	err := p.compare(hash, pw)
	rest := min(time.Duration(float64(time.Since(start))*p.rest), hashRest)
	if rest <= 0 {
		<-p.slots
	} else {
		time.AfterFunc(rest, func() { <-p.slots })
	}
	return err
}

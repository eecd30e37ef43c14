//go:build !unix

package cycle

import "errors"

// queueLock: without flock, a SQLite queue is not guarded against a second
// process, and jobs of a dead one wait for River's rescuer.
type queueLock struct{}

var errLocked = errors.New("locked")

func lockQueue(db, queue string) (*queueLock, int, error) { return nil, 0, errors.ErrUnsupported }

func (l *queueLock) freeReserve() bool { return false }

func (l *queueLock) release() {}

//go:build unix

package cycle

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// queueLock is an exclusive lock on a file beside a SQLite database,
// held by the one process that works a queue on it. The kernel drops it
// when the process dies, however it dies, so whoever takes it next knows
// that every job still marked running on that queue is an orphan.
type queueLock struct{ f *os.File }

// errLocked is returned when another live process holds the lock.
var errLocked = errors.New("locked")

// lockQueue takes the lock of queue on the SQLite file db, or returns
// errLocked with the holder's process id.
func lockQueue(db, queue string) (*queueLock, int, error) {
	path := db + "-" + queue + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, 0, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		raw := make([]byte, 32)
		n, _ := f.ReadAt(raw, 0)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid, _ := strconv.Atoi(strings.TrimSpace(string(raw[:n])))
			return nil, pid, errLocked
		}
		return nil, 0, fmt.Errorf("lock %s: %w", path, err)
	}
	// Who holds it, for the message another process gives.
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &queueLock{f: f}, 0, nil
}

// release drops the lock. The file stays: removing it could let two
// processes each lock a different file of the same name.
func (l *queueLock) release() {
	if l != nil && l.f != nil {
		_ = l.f.Close()
		l.f = nil
	}
}

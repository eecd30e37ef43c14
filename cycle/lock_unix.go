//go:build unix

package cycle

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// queueLock is an exclusive lock on a file beside a SQLite database,
// held by the one process that works a queue on it. The kernel drops it
// when the process dies, however it dies, so whoever takes it next knows
// that every job still marked running on that queue is an orphan.
//
// While held, the file also keeps reserveSize bytes of the disk: when the
// disk fills, SQLite cannot write anything, not even that this process
// hands its running jobs back; freeing the reserve makes room for that
// last write (see Queue.Close).
type queueLock struct {
	f        *os.File
	head     int64 // length of the pid line
	reserved bool
}

// reserveSize is the space a queue lock keeps: handing back a few dozen
// running jobs writes a few dozen pages to SQLite's write-ahead log.
const reserveSize = 256 << 10

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
			first, _, _ := strings.Cut(string(raw[:n]), "\n")
			pid, _ := strconv.Atoi(strings.TrimSpace(first))
			return nil, pid, errLocked
		}
		return nil, 0, fmt.Errorf("lock %s: %w", path, err)
	}
	// Who holds it, for the message another process gives.
	head := []byte(strconv.Itoa(os.Getpid()) + "\n")
	_ = f.Truncate(0)
	_, _ = f.WriteAt(head, 0)
	l := &queueLock{f: f, head: int64(len(head))}
	l.reserve()
	return l, 0, nil
}

// reserve writes the reserve after the pid line, best effort: on a disk
// already too full for it the process works without one. The bytes are
// random so that a compressing file system keeps the space they take.
func (l *queueLock) reserve() {
	buf := make([]byte, reserveSize)
	var seed [32]byte
	_, _ = rand.NewChaCha8(seed).Read(buf)
	if _, err := l.f.WriteAt(buf, l.head); err != nil {
		_ = l.f.Truncate(l.head)
		return
	}
	l.reserved = true
}

// freeReserve gives the reserve's space back to the file system and
// reports whether there was one to give.
func (l *queueLock) freeReserve() bool {
	if l == nil || l.f == nil || !l.reserved {
		return false
	}
	l.reserved = false
	return l.f.Truncate(l.head) == nil
}

// release frees the reserve and drops the lock. The file stays: removing
// it could let two processes each lock a different file of the same name.
func (l *queueLock) release() {
	if l != nil && l.f != nil {
		l.freeReserve()
		_ = l.f.Close()
		l.f = nil
	}
}

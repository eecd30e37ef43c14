//go:build unix

package cycle

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// A queue lock names its holder to a second process and keeps a reserve
// of disk space until the holder frees it (on a full disk, to hand its
// jobs back) or lets the lock go.
func TestQueueLockReserve(t *testing.T) {
	db := filepath.Join(t.TempDir(), "zwgk.db")
	size := func() int64 {
		t.Helper()
		fi, err := os.Stat(db + "-crawl.lock")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	l, _, err := lockQueue(db, QueueCrawl)
	if err != nil {
		t.Fatal(err)
	}
	head := int64(len(strconv.Itoa(os.Getpid())) + 1)
	if got := size(); got != head+reserveSize {
		t.Errorf("lock file of %d bytes while held, want the pid line and a %d-byte reserve", got, reserveSize)
	}
	if _, pid, err := lockQueue(db, QueueCrawl); !errors.Is(err, errLocked) || pid != os.Getpid() {
		t.Errorf("second lock: pid %d, %v; want errLocked naming pid %d", pid, err, os.Getpid())
	}
	if !l.freeReserve() {
		t.Fatal("freeReserve found no reserve")
	}
	if got := size(); got != head {
		t.Errorf("lock file of %d bytes after freeing the reserve, want %d", got, head)
	}
	if l.freeReserve() {
		t.Error("the reserve freed twice")
	}
	l.release()
	l2, _, err := lockQueue(db, QueueCrawl)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	l2.release()
	if got := size(); got != head {
		t.Errorf("lock file of %d bytes after release, want the pid line only (%d)", got, head)
	}
}

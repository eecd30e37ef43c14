package store

import (
	"errors"
	"strings"
	"syscall"

	"github.com/lib/pq"
	"modernc.org/sqlite"
)

// ErrDiskFull is what IsDiskFull recognises, for callers that wrap their
// own cause (a crawl that stopped for lack of space).
var ErrDiskFull = errors.New("the database's disk is full")

// sqliteFull is SQLITE_FULL, the primary result code of "database or disk
// is full" (extended codes keep it in their low byte).
const sqliteFull = 13

// pgDiskFull is PostgreSQL's SQLSTATE 53100 disk_full.
const pgDiskFull = "53100"

// IsDiskFull reports whether err says the database could not write for
// lack of space: SQLITE_FULL (a full disk, or SQLite's max_page_count
// reached), PostgreSQL's disk_full, or ENOSPC from the file system. Such a
// write fails again however often it is retried, so a crawl must stop on
// it rather than retry each site into the same wall.
func IsDiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrDiskFull) || errors.Is(err, syscall.ENOSPC) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqliteFull {
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) && string(pe.Code) == pgDiskFull {
		return true
	}
	// Errors that crossed a boundary as text (River records job errors as
	// strings) keep only their message.
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "no space left on device") ||
		strings.Contains(msg, "sqlstate 53100")
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"  // PostgreSQL driver "postgres"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"

	"zwgk"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DefaultBodyCap bounds a stored page body (before compression).
const DefaultBodyCap = 512 << 10

// ErrNotFound is wrapped by every lookup of something that is not there.
var ErrNotFound = errors.New("not found")

func init() {
	// sqlx knows lib/pq's "$1" binds; tell it modernc's driver takes "?".
	sqlx.BindDriver(SQLite, sqlx.QUESTION)
}

// DB is the store. It is safe for concurrent use.
type DB struct {
	// X is the raw handle for packages that need it (River shares the
	// database: X.DB is the *sql.DB). On SQLite it has one connection.
	X *sqlx.DB
	// rd serves the reads that need no transaction of the writer (the
	// portal's pages, lookups): on a SQLite file a pool of query-only
	// connections beside X, so reads run at once and never queue behind a
	// write or each other (WAL: a reader sees the last commit when its
	// statement or read transaction begins, so a read after a write in the
	// same process sees it). Elsewhere (PostgreSQL, in-memory SQLite) rd
	// is X.
	rd      *sqlx.DB
	dialect string
	path    string // the SQLite file; "" for PostgreSQL or in-memory
	// BodyCap bounds the page body kept (bytes before compression);
	// longer bodies are cut and marked truncated.
	BodyCap int
	now     func() time.Time
	parsed  sync.Map // frozen framework hash → *indicators.Framework
}

// ErrBadDSN is wrapped by Open when the DSN is neither form it accepts.
var ErrBadDSN = errors.New("want a SQLite file (zwgk.db, /var/lib/zwgk/zwgk.db, file:zwgk.db) or postgres://user@host/dbname")

// ErrNoDatabase is wrapped by OpenExisting when there is no zwgk database
// at the DSN: no SQLite file, or a PostgreSQL database without zwgk's tables.
var ErrNoDatabase = errors.New("no zwgk database there")

// ParseDSN says which backend a DSN selects: "postgres://…" (or
// "postgresql://…") is PostgreSQL; a path or a "file:" URI is SQLite, with
// path the file it names (empty for an in-memory database). Any other
// scheme (a typo such as postgress://, or mysql://) is ErrBadDSN rather
// than a strangely named SQLite file.
func ParseDSN(dsn string) (dialect, path string, err error) {
	switch {
	case dsn == "":
		return "", "", fmt.Errorf("empty database name: %w", ErrBadDSN)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, "", nil
	case strings.HasPrefix(dsn, "file:"):
		p := strings.TrimPrefix(dsn, "file:")
		p, _, _ = strings.Cut(p, "?")
		if strings.HasPrefix(p, "//") { // file:///abs/path
			p = strings.TrimPrefix(p, "//")
		}
		if p == ":memory:" || strings.Contains(dsn, "mode=memory") {
			p = ""
		}
		return SQLite, p, nil
	}
	if i := strings.Index(dsn, "://"); i > 0 && !strings.ContainsAny(dsn[:i], `/\`) {
		return "", "", fmt.Errorf("unknown database scheme %q: %w", dsn[:i+3], ErrBadDSN)
	}
	if dsn == ":memory:" {
		return SQLite, "", nil
	}
	return SQLite, dsn, nil
}

// Open opens the database named by dsn (see ParseDSN) and applies any
// pending migration; a SQLite file is created when missing.
func Open(ctx context.Context, dsn string) (*DB, error) { return open(ctx, dsn, false) }

// OpenExisting is Open for commands that only read or change what is
// there: it creates nothing, and answers ErrNoDatabase when dsn names no
// SQLite file or a PostgreSQL database without zwgk's tables, so a user in
// the wrong folder is told so instead of finding an empty database.
func OpenExisting(ctx context.Context, dsn string) (*DB, error) { return open(ctx, dsn, true) }

func open(ctx context.Context, dsn string, mustExist bool) (*DB, error) {
	dialect, path, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if mustExist && dialect == SQLite && path != "" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNoDatabase)
		} else if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	var x *sqlx.DB
	switch dialect {
	case Postgres:
		x, err = sqlx.Open("postgres", dsn)
		if err == nil {
			x.SetMaxOpenConns(16)
			x.SetMaxIdleConns(8)
		}
	default:
		x, err = sqlx.Open("sqlite", sqliteDSN(dsn))
		if err == nil {
			// One connection: SQLite has one writer anyway, River's SQLite
			// driver requires it, and it makes pragmas hold for the process.
			// Nothing may use db.X while holding a transaction, or it waits
			// for itself.
			x.SetMaxOpenConns(1)
			x.SetConnMaxIdleTime(0)
			x.SetConnMaxLifetime(0)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	db := &DB{X: x, rd: x, dialect: dialect, path: path, BodyCap: DefaultBodyCap, now: time.Now}
	err = retryBusy(ctx, func() error {
		if err := x.PingContext(ctx); err != nil {
			return err
		}
		if mustExist && dialect == Postgres {
			var n int
			if err := x.GetContext(ctx, &n, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'zwgk_migrations' AND table_schema = current_schema()"); err != nil {
				return err
			}
			if n == 0 {
				return ErrNoDatabase
			}
		}
		return db.migrate(ctx)
	})
	if err != nil {
		x.Close()
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	// The readers open after the migrations, on the file X switched to WAL.
	if dialect == SQLite && path != "" {
		r, err := sqlx.Open("sqlite", sqliteReadDSN(dsn))
		if err == nil {
			r.SetMaxOpenConns(readConns())
			r.SetMaxIdleConns(readConns())
			r.SetConnMaxIdleTime(0)
			r.SetConnMaxLifetime(0)
			err = r.PingContext(ctx)
			if err != nil {
				r.Close()
			}
		}
		if err != nil {
			x.Close()
			return nil, fmt.Errorf("open %s for reading: %w", redact(dsn), err)
		}
		db.rd = r
	}
	return db, nil
}

// readConns is the size of a SQLite file's pool of readers: a few per
// core, since a read also waits on the disk and on Go's scheduler.
func readConns() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// retryBusy retries fn while SQLite answers SQLITE_BUSY. The busy timeout
// covers ordinary lock waits, but SQLite returns BUSY at once, without
// calling the busy handler, when two processes set up a new file together
// (switching it to WAL, recovering the WAL index); a short retry makes
// `zwgk serve` and `zwgk worker` started at the same moment both succeed.
func retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(15 * time.Second)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		err := fn()
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// sqliteDSN turns a path into a modernc URI with the pragmas every
// connection needs, busy_timeout first (switching to WAL takes a lock, and
// a second process opening the file at once must wait, not fail): WAL (readers never block the writer), a busy timeout
// (a second process waits instead of failing), foreign keys on, times
// written in SQLite's own sortable format, and write transactions that
// take the lock at BEGIN so two processes cannot deadlock upgrading.
func sqliteDSN(path string) string {
	dsn := path
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite&_txlock=immediate"
}

// sqliteReadDSN is sqliteDSN for the readers: query_only (a write through
// them is an error, never a second writer racing X for the lock), read
// transactions that begin deferred (BEGIN IMMEDIATE would take the write
// lock), no journal mode change (the file is WAL already, X set it).
func sqliteReadDSN(path string) string {
	dsn := path
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_time_format=sqlite&_txlock=deferred&_query_only=1"
}

// redact drops a password from a DSN for error messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxx")
	}
	return u.String()
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.X.Close()
	if db.rd != db.X {
		err = errors.Join(err, db.rd.Close())
	}
	return err
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Path is the SQLite database file ("" for PostgreSQL or an in-memory
// database): processes on one SQLite file coordinate through files beside it.
func (db *DB) Path() string { return db.path }

// SetClock replaces the clock that stamps rows (tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// stamp is the current time as stored: UTC, microseconds (PostgreSQL's
// precision), so what is read back equals what was written.
func (db *DB) stamp() time.Time { return norm(db.now()) }

func norm(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// inTx runs fn in a transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.X.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// lockShare and lockUpdate are row-lock clauses: PostgreSQL needs them so a
// write racing a publication waits for it; SQLite serialises writers.
func (db *DB) lockShare() string {
	if db.dialect == Postgres {
		return " FOR SHARE"
	}
	return ""
}

func (db *DB) lockUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// writable checks inside tx that the cycle exists and is not published,
// holding a share lock on it until tx ends.
func (db *DB) writable(ctx context.Context, tx *sqlx.Tx, cycleID int64) error {
	var state string
	err := tx.GetContext(ctx, &state, tx.Rebind("SELECT state FROM cycles WHERE id = ?"+db.lockShare()), cycleID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("cycle %d: %w", cycleID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("cycle %d: %w", cycleID, err)
	}
	if state == "published" {
		return fmt.Errorf("cycle %d: %w", cycleID, zwgk.ErrPublished)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notFound wraps sql.ErrNoRows as ErrNotFound with what was looked for.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

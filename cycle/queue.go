package cycle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"zwgk/store"
)

// Queue names. Crawls and probes run in separate queues so a long crawl
// never delays a probe that is due.
const (
	QueueCrawl = "crawl"
	QueueProbe = "probe"
)

// Queue wraps a River client over the database the store uses, whichever
// dialect it is. On PostgreSQL any number of processes may run one; on
// SQLite everything runs in one process.
type Queue struct {
	Client  *river.Client[*sql.Tx]
	db      *sql.DB
	dialect string
	// Reclaimed counts, per queue, the jobs a dead process had left
	// running that this queue took back when it was made (SQLite only).
	Reclaimed map[string]int
	locks     []*queueLock
}

// QueueConfig says how many jobs this process works at once.
type QueueConfig struct {
	CrawlWorkers int // concurrent site crawls in this process (0: don't work crawls)
	ProbeWorkers int // concurrent probes in this process (0: don't work probes)
	Logger       *slog.Logger
	// RescueAfter is how long a job may run before River's rescuer hands it
	// to another worker (a worker killed with -9 leaves its job running).
	// It must exceed JobTimeout, or the rescuer would hand out jobs that
	// are still being worked. Default: JobTimeout + DefaultRescueMargin.
	RescueAfter time.Duration
	// JobTimeout bounds one job; a site crawl that takes longer is
	// cancelled and retried (resuming from its stored pages). Default
	// DefaultJobTimeout.
	JobTimeout time.Duration
	// ID names this process in River (the attempted_by of the jobs it
	// works, the leader table); default River's host-and-time name.
	ID      string
	Workers *river.Workers
	// PeriodicJobs are scheduled by the leader (probes on a schedule).
	PeriodicJobs []*river.PeriodicJob
	// SQLitePath is the database file when the dialect is SQLite. A
	// process that works a queue on it then holds a lock file beside it
	// (one process per queue, as SQLite is meant to be used), and takes
	// back at once the jobs a dead process left running, instead of
	// waiting RescueAfter for River's rescuer.
	SQLitePath string
}

// Defaults for QueueConfig.
const (
	// DefaultJobTimeout bounds a site crawl; the crawler's own page budget
	// normally ends it far sooner.
	DefaultJobTimeout = 20 * time.Minute
	// DefaultRescueMargin is how much longer than the job timeout a job
	// must have been running before it counts as abandoned.
	DefaultRescueMargin = 10 * time.Minute
	// JobRetention is how long finished jobs stay in River's table.
	JobRetention = 180 * 24 * time.Hour
)

// timeouts fills in the defaults of JobTimeout and RescueAfter and checks
// that a job is always cancelled by its timeout before the rescuer can
// take it: River itself only refuses RescueAfter < JobTimeout, and at
// equality a slow job would be rescued and worked twice at once.
func (cfg QueueConfig) timeouts() (job, rescue time.Duration, err error) {
	job, rescue = cfg.JobTimeout, cfg.RescueAfter
	if job < 0 || rescue < 0 {
		return 0, 0, fmt.Errorf("river: negative job timeout %s or rescue threshold %s", job, rescue)
	}
	if job == 0 {
		job = DefaultJobTimeout
		if rescue > 0 && rescue <= job {
			// A short rescue threshold (tests, impatient operators) with
			// no timeout given: keep the timeout inside it.
			job = rescue * 4 / 5
		}
	}
	if rescue == 0 {
		rescue = job + DefaultRescueMargin
	}
	if rescue <= job {
		return 0, 0, fmt.Errorf("river: rescue threshold %s must exceed the job timeout %s, or running jobs would be handed out twice", rescue, job)
	}
	return job, rescue, nil
}

// Migrate creates or updates River's tables. It is idempotent, and safe
// when several processes open a new database at once: on PostgreSQL under
// an advisory lock, on SQLite inside one write transaction (taken at BEGIN,
// see store's DSN), so the second process waits and finds them done
// instead of creating the same tables again.
func Migrate(ctx context.Context, db *sql.DB, dialect string) error {
	var err error
	switch dialect {
	case "postgres":
		err = migratePostgres(ctx, db)
	case "sqlite":
		var m *rivermigrate.Migrator[*sql.Tx]
		m, err = rivermigrate.New(riversqlite.New(db), nil)
		if err == nil {
			err = inTx(ctx, db, func(tx *sql.Tx) error {
				//lint:ignore SA1019 one transaction is the point: River's SQLite migrations have no step that cannot run in one
				_, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil)
				return err
			})
		}
	default:
		return fmt.Errorf("river: unknown dialect %q", dialect)
	}
	if err != nil {
		return fmt.Errorf("river migrate (%s): %w", dialect, err)
	}
	return nil
}

// migratePostgres runs River's migrations holding a session advisory lock,
// so workers starting together migrate once.
func migratePostgres(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Keyed by schema: databases of several deployments (or tests) in
	// one server's schemas do not wait for each other.
	const key = "SELECT %s(7253918, hashtext(current_schema()))"
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(key, "pg_advisory_lock")); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(key, "pg_advisory_unlock")) //nolint:errcheck
	m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ErrQueueBusy is returned by NewQueue on SQLite when another live
// process works the same queue of the same database file.
var ErrQueueBusy = errors.New("another zwgk process is working this queue")

// lockSQLiteQueues takes the lock of each queue this process works and
// takes back the jobs a dead process left running on it.
func (q *Queue) lockSQLiteQueues(ctx context.Context, path string, queues map[string]river.QueueConfig) error {
	for _, name := range []string{QueueCrawl, QueueProbe} {
		if _, ok := queues[name]; !ok {
			continue
		}
		l, pid, err := lockQueue(path, name)
		switch {
		case errors.Is(err, errors.ErrUnsupported):
			continue // no flock here: River's rescuer does it, later
		case errors.Is(err, errLocked):
			q.release()
			holder := "another zwgk process"
			if pid > 0 {
				holder = fmt.Sprintf("another zwgk process (pid %d)", pid)
			}
			return fmt.Errorf("%s is working the %s jobs of %s; a SQLite database is worked by one process at a time: wait for it to end or stop it (several workers need PostgreSQL): %w", holder, name, path, ErrQueueBusy)
		case err != nil:
			q.release()
			return err
		}
		q.locks = append(q.locks, l)
		// Holding the lock, nobody else works this queue: any job still
		// marked running was left by a process that died (kill -9, power
		// loss). Make it available now; the crawl resumes from the pages
		// that process stored.
		res, err := q.db.ExecContext(ctx, `UPDATE river_job SET state = 'available', scheduled_at = datetime('now', 'subsec')
			WHERE state = 'running' AND queue = ?`, name)
		if err != nil {
			q.release()
			return fmt.Errorf("take back %s jobs of a stopped process: %w", name, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			q.Reclaimed[name] = int(n)
		}
	}
	return nil
}

// release drops the queue locks of this process.
func (q *Queue) release() {
	for _, l := range q.locks {
		l.release()
	}
	q.locks = nil
}

// Close releases what the queue holds besides River's client: the jobs
// this client still has marked running (River could not record their end,
// on a full disk say) are made available at once, and the SQLite queue
// locks are dropped. Call it after the client has stopped. It reports how
// many jobs it handed back.
func (q *Queue) Close() int {
	defer q.release()
	if q.dialect == "" || q.Client == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := q.handBack(ctx)
	if err != nil && store.IsDiskFull(err) && q.freeReserves() {
		n, err = q.handBack(ctx)
	}
	if err != nil {
		// Still no room: on SQLite the next process takes them back at
		// once (it gets the queue lock), on PostgreSQL River's rescuer.
		return 0
	}
	return n
}

// handBack makes the jobs this client left running available.
func (q *Queue) handBack(ctx context.Context) (int, error) {
	last, now := "json_extract(attempted_by, '$[#-1]') = ?", "datetime('now', 'subsec')"
	if q.dialect == "postgres" {
		last, now = "attempted_by[array_length(attempted_by, 1)] = $1", "now()"
	}
	res, err := q.db.ExecContext(ctx, "UPDATE river_job SET state = 'available', scheduled_at = "+now+
		" WHERE state = 'running' AND "+last, q.Client.ID())
	if err != nil {
		return 0, fmt.Errorf("hand back running jobs: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// freeReserves frees the disk space the queue locks keep for handBack,
// and reports whether any was freed.
func (q *Queue) freeReserves() bool {
	freed := false
	for _, l := range q.locks {
		if l.freeReserve() {
			freed = true
		}
	}
	return freed
}

// NewQueue migrates River's tables and makes a client. Workers are not
// started until Start.
func NewQueue(ctx context.Context, db *sql.DB, dialect string, cfg QueueConfig) (*Queue, error) {
	jobTimeout, rescueAfter, err := cfg.timeouts()
	if err != nil {
		return nil, err
	}
	if err := Migrate(ctx, db, dialect); err != nil {
		return nil, err
	}
	queues := map[string]river.QueueConfig{}
	if cfg.CrawlWorkers > 0 {
		queues[QueueCrawl] = river.QueueConfig{MaxWorkers: cfg.CrawlWorkers}
	}
	if cfg.ProbeWorkers > 0 {
		queues[QueueProbe] = river.QueueConfig{MaxWorkers: cfg.ProbeWorkers}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	rc := &river.Config{
		Logger:               logger,
		Queues:               queues,
		Workers:              cfg.Workers,
		PeriodicJobs:         cfg.PeriodicJobs,
		ID:                   cfg.ID,
		RescueStuckJobsAfter: rescueAfter,
		JobTimeout:           jobTimeout,
		// Poll-only: PostgreSQL through database/sql has no LISTEN, and
		// SQLite has none at all. FetchPollInterval must not be below
		// FetchCooldown (100 ms by default).
		PollOnly:          true,
		FetchCooldown:     100 * time.Millisecond,
		FetchPollInterval: 200 * time.Millisecond,
		MaxAttempts:       5,
		// Finished jobs are the record `cycle show` and the monitor count
		// (rounds done, sites crawled): keep them for a cycle's lifetime,
		// not River's default day.
		CompletedJobRetentionPeriod: JobRetention,
		CancelledJobRetentionPeriod: JobRetention,
		DiscardedJobRetentionPeriod: JobRetention,
	}
	if len(queues) == 0 {
		rc.Queues = nil
		rc.Workers = nil
	}
	var client *river.Client[*sql.Tx]
	switch dialect {
	case "postgres":
		client, err = river.NewClient(riverdatabasesql.New(db), rc)
	case "sqlite":
		client, err = river.NewClient(riversqlite.New(db), rc)
	default:
		return nil, fmt.Errorf("river: unknown dialect %q", dialect)
	}
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	q := &Queue{Client: client, db: db, dialect: dialect, Reclaimed: map[string]int{}}
	if dialect == "sqlite" && cfg.SQLitePath != "" {
		if err := q.lockSQLiteQueues(ctx, cfg.SQLitePath, queues); err != nil {
			return nil, err
		}
	}
	return q, nil
}

package cycle

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
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
	Client *river.Client[*sql.Tx]
	db     *sql.DB
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
}

// Defaults for QueueConfig.
const (
	// DefaultJobTimeout bounds a site crawl; the crawler's own page budget
	// normally ends it far sooner.
	DefaultJobTimeout = 20 * time.Minute
	// DefaultRescueMargin is how much longer than the job timeout a job
	// must have been running before it counts as abandoned.
	DefaultRescueMargin = 10 * time.Minute
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

// Migrate creates or updates River's tables. It is idempotent.
func Migrate(ctx context.Context, db *sql.DB, dialect string) error {
	var err error
	switch dialect {
	case "postgres":
		var m *rivermigrate.Migrator[*sql.Tx]
		m, err = rivermigrate.New(riverdatabasesql.New(db), nil)
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	case "sqlite":
		var m *rivermigrate.Migrator[*sql.Tx]
		m, err = rivermigrate.New(riversqlite.New(db), nil)
		if err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	default:
		return fmt.Errorf("river: unknown dialect %q", dialect)
	}
	if err != nil {
		return fmt.Errorf("river migrate (%s): %w", dialect, err)
	}
	return nil
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
	return &Queue{Client: client, db: db}, nil
}

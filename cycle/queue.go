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
	RescueAfter time.Duration
	// JobTimeout bounds one job; a site crawl that takes longer is retried.
	JobTimeout time.Duration
	Workers    *river.Workers
	// PeriodicJobs are scheduled by the leader (probes on a schedule).
	PeriodicJobs []*river.PeriodicJob
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
		RescueStuckJobsAfter: cfg.RescueAfter,
		JobTimeout:           cfg.JobTimeout,
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
	var (
		client *river.Client[*sql.Tx]
		err    error
	)
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

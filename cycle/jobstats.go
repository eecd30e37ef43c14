package cycle

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"zwgk/store"
)

// What River's tables say about one cycle's crawl, for `zwgk cycle show`
// and the scale test. These read River's own tables (river_job,
// river_leader) and nothing of the store's.

// cycleJobFilter selects a cycle's jobs of one kind (a constant of this
// package, not user input); args and attempted_by are jsonb/text[] on
// PostgreSQL and JSON blobs on SQLite.
func cycleJobFilter(dialect, kind string) (where, lastWorker string, err error) {
	switch dialect {
	case "postgres":
		return "kind = '" + kind + "' AND (args->>'cycle_id')::bigint = $1",
			"attempted_by[array_length(attempted_by, 1)]", nil
	case "sqlite":
		return "kind = '" + kind + "' AND json_extract(args, '$.cycle_id') = ?",
			"json_extract(attempted_by, '$[#-1]')", nil
	}
	return "", "", fmt.Errorf("river: unknown dialect %q", dialect)
}

// JobStates lists River's job states in the order of a job's life.
var JobStates = []string{"available", "scheduled", "running", "retryable", "completed", "discarded", "cancelled", "pending"}

// CrawlJobs counts a cycle's crawl jobs by River state; every state of
// JobStates is present.
func CrawlJobs(ctx context.Context, db *sql.DB, dialect string, cycleID int64) (map[string]int, error) {
	out, _, err := jobsByState(ctx, db, dialect, CrawlArgs{}.Kind(), cycleID)
	return out, err
}

// jobsByState counts a cycle's jobs of a kind by state, and finds the
// earliest time a job not yet run is due.
func jobsByState(ctx context.Context, db *sql.DB, dialect, kind string, cycleID int64) (map[string]int, time.Time, error) {
	where, _, err := cycleJobFilter(dialect, kind)
	if err != nil {
		return nil, time.Time{}, err
	}
	rows, err := db.QueryContext(ctx, "SELECT state, COUNT(*), MIN(scheduled_at) FROM river_job WHERE "+where+" GROUP BY state", cycleID)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s jobs of cycle %d: %w", kind, cycleID, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for _, s := range JobStates {
		out[s] = 0
	}
	var next time.Time
	for rows.Next() {
		var s string
		var n int
		var at any
		if err := rows.Scan(&s, &n, &at); err != nil {
			return nil, time.Time{}, fmt.Errorf("%s jobs of cycle %d: %w", kind, cycleID, err)
		}
		out[s] = n
		switch s {
		case "available", "scheduled", "retryable", "pending":
			if t := asTime(at); !t.IsZero() && (next.IsZero() || t.Before(next)) {
				next = t
			}
		}
	}
	return out, next, rows.Err()
}

// HeldJobs are the crawl jobs one worker holds (running).
type HeldJobs struct {
	Worker string
	Jobs   int
	Since  time.Time // the oldest attempt's start
}

// CrawlHeld lists, by worker, the crawl jobs of a cycle that are running:
// on PostgreSQL another machine may hold them, alive or dead; River's
// rescuer hands a dead worker's job back once it has run RescueAfter.
func CrawlHeld(ctx context.Context, db *sql.DB, dialect string, cycleID int64) ([]HeldJobs, error) {
	where, last, err := cycleJobFilter(dialect, CrawlArgs{}.Kind())
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT "+last+" AS w, COUNT(*), MIN(attempted_at) FROM river_job WHERE "+where+
		" AND state = 'running' GROUP BY w ORDER BY 3", cycleID)
	if err != nil {
		return nil, fmt.Errorf("running crawl jobs of cycle %d: %w", cycleID, err)
	}
	defer rows.Close()
	var out []HeldJobs
	for rows.Next() {
		var h HeldJobs
		var id sql.NullString
		var at any
		if err := rows.Scan(&id, &h.Jobs, &at); err != nil {
			return nil, fmt.Errorf("running crawl jobs of cycle %d: %w", cycleID, err)
		}
		h.Worker, h.Since = id.String, asTime(at)
		if h.Worker == "" {
			h.Worker = "(unknown)"
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// WorkerSeen is a River client (a worker process) that worked a cycle's
// crawl jobs, by the last attempt of each job.
type WorkerSeen struct {
	ID      string    // River client ID (zwgk worker --id)
	Jobs    int       // jobs whose last attempt was this worker's
	Running int       // of which still running (or abandoned, if it died)
	Last    time.Time // its latest attempt's start
}

// CrawlWorkers lists the workers that attempted a cycle's crawl jobs,
// most recently active first.
func CrawlWorkers(ctx context.Context, db *sql.DB, dialect string, cycleID int64) ([]WorkerSeen, error) {
	where, last, err := cycleJobFilter(dialect, CrawlArgs{}.Kind())
	if err != nil {
		return nil, err
	}
	q := "SELECT " + last + " AS w, COUNT(*), SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), MAX(attempted_at) FROM river_job WHERE " +
		where + " AND attempted_by IS NOT NULL GROUP BY w ORDER BY 4 DESC"
	rows, err := db.QueryContext(ctx, q, cycleID)
	if err != nil {
		return nil, fmt.Errorf("workers of cycle %d: %w", cycleID, err)
	}
	defer rows.Close()
	var out []WorkerSeen
	for rows.Next() {
		var w WorkerSeen
		var id sql.NullString
		var at any
		if err := rows.Scan(&id, &w.Jobs, &w.Running, &at); err != nil {
			return nil, fmt.Errorf("workers of cycle %d: %w", cycleID, err)
		}
		w.ID = id.String
		w.Last = asTime(at)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Leader is the River client currently electing itself leader (it runs
// the rescuer, the scheduler and periodic jobs), or "" when none holds
// the lease.
func Leader(ctx context.Context, db *sql.DB) (id string, expires time.Time, err error) {
	var at any
	err = db.QueryRowContext(ctx, "SELECT leader_id, expires_at FROM river_leader").Scan(&id, &at)
	if err == sql.ErrNoRows {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("river leader: %w", err)
	}
	return id, asTime(at), nil
}

// asTime reads a timestamp from either driver: lib/pq gives time.Time,
// SQLite aggregates give River's text form.
func asTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case string:
		return parseSQLiteTime(t)
	case []byte:
		return parseSQLiteTime(string(t))
	}
	return time.Time{}
}

func parseSQLiteTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// SitesPerMinute is the crawl rate over the window ending at now: the
// enrolments that reached done or failed within it, per minute.
func SitesPerMinute(ens []store.Enrolment, now time.Time, window time.Duration) float64 {
	if window <= 0 {
		return 0
	}
	from := now.Add(-window)
	n := 0
	for _, e := range ens {
		if (e.CrawlState == store.CrawlDone || e.CrawlState == store.CrawlFailed) && e.UpdatedAt.After(from) && !e.UpdatedAt.After(now) {
			n++
		}
	}
	return float64(n) / window.Minutes()
}

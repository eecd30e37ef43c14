package cycle

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/schollz/progressbar/v3"

	"zwgk"
	"zwgk/indicators"
)

// MonitorOptions shape `zwgk monitor`.
type MonitorOptions struct {
	// Start is the first slot of the schedule. Slots are derived from it,
	// so a restarted monitor with the same Start inserts the same (unique)
	// jobs and probes nothing twice. Zero: the cycle's creation day.
	Start time.Time
	// Compress runs the whole schedule with this real interval between
	// slots instead of the framework's (24h / per_day), while recording the
	// probes at their scheduled times — for demonstrations and tests.
	Compress time.Duration
	// Keep continues the schedule the cycle has, whatever its Start and
	// Compress (a rerun that named neither); with no schedule left, Start
	// and Compress make a new one.
	Keep bool
	// Reschedule cancels the rounds left of a schedule that differs from
	// Start and Compress, and puts the new one in its place. Without it a
	// different schedule is ErrScheduleConflict: the rounds of two
	// schedules would interleave, and a rerun would wait behind the first.
	Reschedule bool
}

// ErrScheduleConflict is returned by EnqueueProbes when the cycle has
// rounds left of a schedule other than the one asked for.
var ErrScheduleConflict = errors.New("the cycle has another probe schedule")

// Schedule is the list of probe slots of the availability rule: per_day a
// day over days, from start. When compress is set, each slot also gets the
// real time it runs at.
type Schedule struct {
	Slots []time.Time // the times the probes stand for
	RunAt []time.Time // when they run
}

// MakeSchedule computes the probe schedule of a cycle's framework.
func MakeSchedule(rule indicators.Availability, start time.Time, compress time.Duration, now time.Time) Schedule {
	per, days := rule.PerDay, rule.Days
	if per <= 0 {
		per = 20
	}
	if days <= 0 {
		days = 7
	}
	step := slotStep(rule)
	var s Schedule
	for i := 0; i < per*days; i++ {
		slot := start.Add(time.Duration(i) * step)
		run := slot
		if compress > 0 {
			run = now.Add(time.Duration(i) * compress)
		} else if slot.Before(now.Add(-step)) {
			// A slot long past is not caught up later: a probe stands for
			// its own moment, and a burst of late probes would not.
			continue
		}
		s.Slots = append(s.Slots, slot.UTC())
		s.RunAt = append(s.RunAt, run)
	}
	return s
}

// slotStep is the time between two rounds of the rule's schedule.
func slotStep(rule indicators.Availability) time.Duration {
	per := rule.PerDay
	if per <= 0 {
		per = 20
	}
	return 24 * time.Hour / time.Duration(per)
}

// ProbeStatus is where a cycle's probe schedule stands, from River's jobs.
type ProbeStatus struct {
	ByState map[string]int // every state of JobStates
	// Done rounds probed; Left rounds still to run (available, scheduled,
	// running, retryable, pending); Cancelled rounds stopped, replaced or
	// missed; Failed rounds River gave up on.
	Done, Left, Cancelled, Failed int
	Next                          time.Time // when the next round left runs (zero: none)
	// Start and Compress of the schedule the rounds left belong to.
	Start    time.Time
	Compress time.Duration
}

// Scheduled reports whether rounds are left to run.
func (s ProbeStatus) Scheduled() bool { return s.Left > 0 }

// Mode describes the schedule in words, for messages.
func (s ProbeStatus) Mode() string {
	return scheduleMode(s.Start, s.Compress)
}

func scheduleMode(start time.Time, compress time.Duration) string {
	m := "from " + start.UTC().Format(time.RFC3339)
	if compress > 0 {
		return m + ", compressed to one round every " + compress.String()
	}
	return m + ", in real time"
}

// ProbeJobs reads the status of a cycle's probe schedule. Before River's
// tables exist it is an error (nothing was ever scheduled).
func ProbeJobs(ctx context.Context, db *sql.DB, dialect string, cycleID int64) (ProbeStatus, error) {
	st := ProbeStatus{}
	by, next, err := jobsByState(ctx, db, dialect, ProbeArgs{}.Kind(), cycleID)
	if err != nil {
		return st, err
	}
	st.ByState, st.Next = by, next
	st.Done = by["completed"]
	st.Left = by["available"] + by["scheduled"] + by["running"] + by["retryable"] + by["pending"]
	st.Cancelled = by["cancelled"]
	st.Failed = by["discarded"]
	if st.Left == 0 {
		st.Next = time.Time{}
		return st, nil
	}
	where, _, err := cycleJobFilter(dialect, ProbeArgs{}.Kind())
	if err != nil {
		return st, err
	}
	args := "json(args)"
	if dialect == "postgres" {
		args = "args::text"
	}
	var raw string
	err = db.QueryRowContext(ctx, "SELECT "+args+" FROM river_job WHERE "+where+" AND state IN ('available', 'scheduled', 'running', 'retryable', 'pending') ORDER BY id DESC LIMIT 1", cycleID).Scan(&raw)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("probe schedule of cycle %d: %w", cycleID, err)
	}
	var a ProbeArgs
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &a); err != nil {
			return st, fmt.Errorf("probe schedule of cycle %d: %w", cycleID, err)
		}
	}
	st.Start, st.Compress = a.Start, a.Compress
	return st, nil
}

// EnqueueResult says what EnqueueProbes did.
type EnqueueResult struct {
	Cycle     zwgk.Cycle
	Rounds    int // rounds of the schedule from now on (inserted or there already)
	Inserted  int // of which new
	Cancelled int // rounds of a replaced schedule cancelled
	Start     time.Time
	Compress  time.Duration
}

// EnqueueProbes inserts the cycle's probe rounds. Jobs are unique per
// slot: enqueueing again after a restart is harmless. A cycle with rounds
// left of another schedule keeps it (opts.Keep), replaces it
// (opts.Reschedule) or refuses (ErrScheduleConflict).
func (r *Runner) EnqueueProbes(ctx context.Context, q *Queue, name string, opts MonitorOptions) (EnqueueResult, error) {
	res := EnqueueResult{}
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return res, err
	}
	res.Cycle = c
	if c.State == zwgk.CyclePublished {
		return res, fmt.Errorf("cycle %s: %w", name, zwgk.ErrPublished)
	}
	fw, err := r.Framework(ctx, c)
	if err != nil {
		return res, err
	}
	start := opts.Start
	if start.IsZero() {
		start = c.CreatedAt.UTC().Truncate(24 * time.Hour)
	}
	compress := opts.Compress
	cur, err := ProbeJobs(ctx, q.db, r.store.Dialect(), c.ID)
	if err != nil {
		return res, err
	}
	if cur.Scheduled() {
		same := cur.Start.Equal(start) && cur.Compress == compress
		switch {
		case opts.Keep || same:
			start, compress = cur.Start, cur.Compress
		case opts.Reschedule:
			if res.Cancelled, err = r.cancelProbes(ctx, q, c.ID); err != nil {
				return res, err
			}
		default:
			return res, fmt.Errorf("cycle %s: %d rounds are still scheduled %s (next at %s), and this run asks for a schedule %s: rerun without --start and --compress to continue it, with --reschedule to replace it, or 'zwgk monitor %s --stop' to cancel it: %w",
				name, cur.Left, cur.Mode(), cur.Next.Local().Format("2006-01-02 15:04:05"), scheduleMode(start, compress), name, ErrScheduleConflict)
		}
	}
	res.Start, res.Compress = start, compress
	sched := MakeSchedule(availabilityRule(fw), start, compress, r.now())
	var params []river.InsertManyParams
	for i, slot := range sched.Slots {
		o := ProbeArgs{}.InsertOpts()
		o.ScheduledAt = sched.RunAt[i]
		params = append(params, river.InsertManyParams{
			Args:       ProbeArgs{CycleID: c.ID, Slot: slot, Start: start.UTC(), Compress: compress},
			InsertOpts: &o,
		})
	}
	for s := 0; s < len(params); s += 1000 {
		out, err := q.Client.InsertMany(ctx, params[s:min(s+1000, len(params))])
		if err != nil {
			return res, fmt.Errorf("cycle %s: enqueue probes: %w", name, err)
		}
		for _, o := range out {
			if !o.UniqueSkippedAsDuplicate {
				res.Inserted++
			}
		}
	}
	res.Rounds = len(params)
	return res, nil
}

// StopProbes cancels the rounds left of the cycle's schedule; probes
// already made are kept. It returns how many rounds it cancelled.
func (r *Runner) StopProbes(ctx context.Context, q *Queue, name string) (int, error) {
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return 0, err
	}
	return r.cancelProbes(ctx, q, c.ID)
}

func (r *Runner) cancelProbes(ctx context.Context, q *Queue, cycleID int64) (int, error) {
	dialect := r.store.Dialect()
	where, _, err := cycleJobFilter(dialect, ProbeArgs{}.Kind())
	if err != nil {
		return 0, err
	}
	// In SQL, not Client.JobCancel: that waits on the producer of a
	// started client for a running job, and this process may work nothing
	// (--stop). A round still running elsewhere finishes its probes; River
	// then finds it cancelled and leaves it so.
	now := "datetime('now', 'subsec')"
	if dialect == "postgres" {
		now = "now()"
	}
	res, err := q.db.ExecContext(ctx, "UPDATE river_job SET state = 'cancelled', finalized_at = "+now+
		" WHERE state IN ('available', 'scheduled', 'running', 'retryable', 'pending') AND "+where, cycleID)
	if err != nil {
		return 0, fmt.Errorf("cancel probe rounds of cycle %d: %w", cycleID, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MonitorProgress says how WaitProbes reports.
type MonitorProgress struct {
	// Bar draws a progress bar (a terminal).
	Bar io.Writer
	// Log gets one line every Every rounds done (and at the start), for
	// logs and pipes where a bar would be noise.
	Log   io.Writer
	Every int
}

// WaitProbes works until the cycle has no probe round left to run,
// reporting rounds done of the total and when the next one runs. On ctx's
// end it returns ctx.Err(); ProbeJobs then tells what is left.
func (r *Runner) WaitProbes(ctx context.Context, q *Queue, c zwgk.Cycle, p MonitorProgress) error {
	var bar *progressbar.ProgressBar
	lastLogged := -1
	every := max(p.Every, 1)
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	for {
		st, err := ProbeJobs(ctx, q.db, r.store.Dialect(), c.ID)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		total := st.Done + st.Left + st.Failed
		next := "none"
		if !st.Next.IsZero() {
			next = st.Next.Local().Format("01-02 15:04:05")
		}
		if p.Bar != nil {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.Bar),
					progressbar.OptionShowCount(), progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionClearOnFinish())
			}
			bar.ChangeMax(total)
			bar.Describe(fmt.Sprintf("可用性监测 %s  下一轮 %s", c.Name, next))
			_ = bar.Set(st.Done + st.Failed)
		}
		if p.Log != nil && (lastLogged < 0 || st.Done/every > lastLogged/every || st.Left == 0 && lastLogged != st.Done) {
			fmt.Fprintf(p.Log, "monitor %s: %d/%d rounds done, next round at %s\n", c.Name, st.Done, total, strings.Replace(next, "none", "- (schedule finished)", 1))
			lastLogged = st.Done
		}
		if st.Left == 0 {
			if bar != nil {
				_ = bar.Finish()
			}
			return nil
		}
		select {
		case <-ctx.Done():
			if bar != nil {
				_ = bar.Exit()
			}
			return ctx.Err()
		case <-tick.C:
		}
	}
}

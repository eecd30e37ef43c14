package cycle

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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
	Progress io.Writer
}

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
	step := 24 * time.Hour / time.Duration(per)
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

// EnqueueProbes inserts the cycle's probe rounds.
// Jobs are unique per slot: enqueueing again after a restart is harmless.
func (r *Runner) EnqueueProbes(ctx context.Context, q *Queue, name string, opts MonitorOptions) (zwgk.Cycle, int, error) {
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return c, 0, err
	}
	if c.State == zwgk.CyclePublished {
		return c, 0, fmt.Errorf("cycle %s: %w", name, zwgk.ErrPublished)
	}
	fw, err := r.Framework(ctx, c)
	if err != nil {
		return c, 0, err
	}
	start := opts.Start
	if start.IsZero() {
		start = c.CreatedAt.UTC().Truncate(24 * time.Hour)
	}
	sched := MakeSchedule(availabilityRule(fw), start, opts.Compress, r.now())
	var params []river.InsertManyParams
	for i, slot := range sched.Slots {
		o := ProbeArgs{}.InsertOpts()
		o.ScheduledAt = sched.RunAt[i]
		params = append(params, river.InsertManyParams{
			Args:       ProbeArgs{CycleID: c.ID, Slot: slot},
			InsertOpts: &o,
		})
	}
	for s := 0; s < len(params); s += 1000 {
		if _, err := q.Client.InsertMany(ctx, params[s:min(s+1000, len(params))]); err != nil {
			return c, 0, fmt.Errorf("cycle %s: enqueue probes: %w", name, err)
		}
	}
	return c, len(params), nil
}

// WaitProbes waits until no probe job of the queue is left to run.
func (r *Runner) WaitProbes(ctx context.Context, q *Queue, total int, progress io.Writer) error {
	var bar *progressbar.ProgressBar
	if progress != nil {
		bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(progress),
			progressbar.OptionSetDescription("可用性监测"), progressbar.OptionShowCount(),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	for {
		res, err := q.Client.JobList(ctx, river.NewJobListParams().
			Kinds(ProbeArgs{}.Kind()).
			States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStatePending).
			First(10000))
		if err != nil {
			return fmt.Errorf("probe jobs: %w", err)
		}
		left := len(res.Jobs)
		if bar != nil {
			_ = bar.Set(max(0, total-left))
		}
		if left == 0 {
			if bar != nil {
				_ = bar.Finish()
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

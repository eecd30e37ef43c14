package cycle

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"zwgk/store"
)

// CrawlArgs is the job of crawling one agency's site in one cycle. Round
// lets a bureau re-crawl a site on request (an agency that fixed its site)
// without breaking uniqueness: each (cycle, agency, round) runs once.
type CrawlArgs struct {
	CycleID int64  `json:"cycle_id"`
	Agency  string `json:"agency"`
	Round   int    `json:"round"`
}

// Kind is River's name for the job.
func (CrawlArgs) Kind() string { return "crawl_site" }

// InsertOpts puts crawls on their own queue, unique per cycle × agency × round.
func (CrawlArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueCrawl, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ProbeArgs is one round of availability probes of every enrolled home page
// of a cycle, due at Slot (the scheduled time, which also makes the round
// unique). One job per round rather than per site keeps a national cycle
// at 140 probe jobs instead of two million.
type ProbeArgs struct {
	CycleID int64     `json:"cycle_id" river:"unique"`
	Slot    time.Time `json:"slot" river:"unique"`
	// The schedule the round belongs to (not part of its identity): a
	// rerun tells its own schedule from another one still queued.
	Start    time.Time     `json:"start"`
	Compress time.Duration `json:"compress,omitempty"`
}

// Kind is River's name for the job.
func (ProbeArgs) Kind() string { return "probe_site" }

// InsertOpts puts probes on their own queue, unique per slot.
func (ProbeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueProbe, UniqueOpts: river.UniqueOpts{ByArgs: true}, MaxAttempts: 1}
}

// crawlWorker works CrawlArgs with a Runner.
type crawlWorker struct {
	river.WorkerDefaults[CrawlArgs]
	r *Runner
}

func (w *crawlWorker) Work(ctx context.Context, j *river.Job[CrawlArgs]) error {
	start := time.Now()
	if w.r.Fatal() != nil {
		// This process has stopped working (disk full): hand the job back
		// untouched for the run after space is freed.
		return river.JobSnooze(time.Second)
	}
	err := w.r.crawlOne(ctx, j.Args.CycleID, j.Args.Agency)
	if err != nil && (w.r.stopOnDiskFull(err) || w.r.Fatal() != nil) {
		// Not an attempt of the site's: the next run resumes it from its
		// stored pages.
		return river.JobSnooze(time.Second)
	}
	if err != nil && errors.Is(err, context.Canceled) && ctx.Err() != nil && !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		// The process is shutting down (Ctrl-C, SIGTERM past the grace
		// period): hand the job back for at once, without spending one
		// of its attempts. A job timeout still counts as an attempt.
		w.r.observeJob("crawl", start, err, false)
		return river.JobSnooze(0)
	}
	w.r.observeJob("crawl", start, err, j.Attempt >= j.MaxAttempts)
	if err != nil && j.Attempt >= j.MaxAttempts {
		// Out of attempts: record why, so the cycle can be scored with the
		// site marked as failed rather than forgotten.
		_ = w.r.store.SetCrawlState(context.WithoutCancel(ctx), j.Args.CycleID, j.Args.Agency, store.CrawlFailed, err.Error())
	}
	if err != nil {
		return fmt.Errorf("crawl %s in cycle %d: %w", j.Args.Agency, j.Args.CycleID, err)
	}
	return nil
}

// A site crawl is bounded by the client's JobTimeout (QueueConfig), not by
// a Timeout of its own here: the rescue threshold is checked against the
// client's timeout, and a longer per-worker timeout would let the rescuer
// hand a crawl to a second worker while the first still works it.

// probeWorker works ProbeArgs.
type probeWorker struct {
	river.WorkerDefaults[ProbeArgs]
	r *Runner
}

func (w *probeWorker) Work(ctx context.Context, j *river.Job[ProbeArgs]) error {
	start := time.Now()
	if late, err := w.r.missed(ctx, j.Args, start); err != nil {
		return err
	} else if late > 0 {
		// Not probed now for a moment long past: a probe stands for its
		// own time. Cancelled with the reason, so it counts as missed.
		return river.JobCancel(fmt.Errorf("round of %s missed: the monitor was not running then (%s late)", j.Args.Slot.Format(time.RFC3339), late.Round(time.Second)))
	}
	err := w.r.probeRound(ctx, j.Args.CycleID, j.Args.Slot)
	w.r.observeJob("probe", start, err, j.Attempt >= j.MaxAttempts)
	return err
}

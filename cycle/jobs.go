package cycle

import (
	"context"
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
	CycleID int64     `json:"cycle_id"`
	Slot    time.Time `json:"slot"`
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
	err := w.r.crawlOne(ctx, j.Args.CycleID, j.Args.Agency)
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
	err := w.r.probeRound(ctx, j.Args.CycleID, j.Args.Slot)
	w.r.observeJob("probe", start, err, j.Attempt >= j.MaxAttempts)
	return err
}

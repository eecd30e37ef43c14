package cycle

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/riverqueue/river"
	"github.com/schollz/progressbar/v3"

	"zwgk"
	"zwgk/store"
)

// Workers registers the crawl and probe workers of r for a River client.
func (r *Runner) Workers() *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, &crawlWorker{r: r})
	river.AddWorker(w, &probeWorker{r: r})
	return w
}

// CrawlOptions shape `zwgk cycle crawl`.
type CrawlOptions struct {
	// Agency re-crawls one agency from scratch (an agency that fixed its
	// site asks for a re-check); empty crawls every enrolled agency not
	// yet done, resuming an interrupted crawl.
	Agency string
	// Progress receives a progress bar; nil stays quiet.
	Progress io.Writer
	// Poll is how often progress is read from the store.
	Poll time.Duration
}

// EnqueueCrawl moves the cycle to collecting and inserts a crawl job for
// every enrolled agency that is not done yet (or for opts.Agency). Jobs are
// unique per cycle × agency × round, so enqueueing twice is harmless;
// agencies whose jobs River gave up on get a new round.
func (r *Runner) EnqueueCrawl(ctx context.Context, q *Queue, name string, opts CrawlOptions) (zwgk.Cycle, int, error) {
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return c, 0, err
	}
	if c.State == zwgk.CyclePublished {
		return c, 0, fmt.Errorf("cycle %s: %w", name, zwgk.ErrPublished)
	}
	if c.State != zwgk.CycleCollecting {
		if err := r.store.SetCycleState(ctx, c.ID, zwgk.CycleCollecting); err != nil {
			return c, 0, fmt.Errorf("cycle %s: %w", name, err)
		}
		c.State = zwgk.CycleCollecting
	}
	ens, err := r.store.Enrolments(ctx, c.ID)
	if err != nil {
		return c, 0, err
	}
	var params []river.InsertManyParams
	found := false
	for _, e := range ens {
		switch {
		case opts.Agency != "" && e.Agency != opts.Agency:
			continue
		case opts.Agency != "":
			found = true
			// A re-check starts from nothing: drop what the last crawl
			// stored, and use a new round so the unique job runs again.
			if err := r.store.ResetEvidence(ctx, c.ID, e.Agency); err != nil {
				return c, 0, err
			}
			params = append(params, river.InsertManyParams{Args: CrawlArgs{CycleID: c.ID, Agency: e.Agency, Round: e.Attempts + 1}})
		case e.CrawlState == store.CrawlDone:
			continue
		case e.CrawlState == store.CrawlFailed:
			// River gave up on it (an infrastructure error, not a site
			// failure: those end as done with the cause in the evidence).
			// A new round runs again, resuming from the stored pages.
			if err := r.store.SetCrawlState(ctx, c.ID, e.Agency, store.CrawlPending, ""); err != nil {
				return c, 0, err
			}
			params = append(params, river.InsertManyParams{Args: CrawlArgs{CycleID: c.ID, Agency: e.Agency, Round: e.Attempts + 1}})
		default:
			params = append(params, river.InsertManyParams{Args: CrawlArgs{CycleID: c.ID, Agency: e.Agency, Round: 0}})
		}
	}
	if opts.Agency != "" && !found {
		return c, 0, fmt.Errorf("cycle %s: agency %s is not enrolled", name, opts.Agency)
	}
	for start := 0; start < len(params); start += 1000 {
		end := min(start+1000, len(params))
		if _, err := q.Client.InsertMany(ctx, params[start:end]); err != nil {
			return c, 0, fmt.Errorf("cycle %s: enqueue crawls: %w", name, err)
		}
	}
	return c, len(params), nil
}

// WaitCrawl waits until no enrolled agency of the cycle is pending or
// running, drawing progress from the store.
func (r *Runner) WaitCrawl(ctx context.Context, c zwgk.Cycle, opts CrawlOptions) error {
	poll := opts.Poll
	if poll <= 0 {
		poll = 300 * time.Millisecond
	}
	var bar *progressbar.ProgressBar
	total, idlePolls := 0, 0
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		if err := r.Fatal(); err != nil {
			if bar != nil {
				_ = bar.Exit()
			}
			return err
		}
		counts, err := r.store.CycleCounts(ctx, c.ID)
		if err != nil {
			if r.stopOnDiskFull(err) {
				continue
			}
			return err
		}
		total = 0
		for _, n := range counts {
			total += n
		}
		finished := counts[store.CrawlDone] + counts[store.CrawlFailed]
		if opts.Progress != nil {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(opts.Progress),
					progressbar.OptionSetDescription("采集 "+c.Name),
					progressbar.OptionShowCount(),
					progressbar.OptionSetItsString("站"),
					progressbar.OptionShowIts(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			desc := fmt.Sprintf("采集 %s  页面 %d  失败站点 %d", c.Name, r.CrawlerPages(), counts[store.CrawlFailed])
			bar.Describe(desc)
			_ = bar.Set(finished)
		}
		if finished >= total {
			if bar != nil {
				_ = bar.Finish()
			}
			return nil
		}
		// River may give up on a job (attempts exhausted, or rescued on its
		// last attempt) without the worker ever marking its enrolment: with
		// no crawl job of the cycle left to run, twice in a row, what is
		// still unfinished has failed, and waiting longer would hang.
		if idle, err := r.noLiveCrawlJobs(ctx, c.ID); err != nil {
			return err
		} else if idle {
			idlePolls++
		} else {
			idlePolls = 0
		}
		if idlePolls >= 2 {
			if err := r.failUnfinished(ctx, c.ID, "采集任务已被放弃（重试次数用尽），未完成采集"); err != nil {
				return err
			}
			continue
		}
		select {
		case <-ctx.Done():
			if bar != nil {
				_ = bar.Exit()
			}
			return ctx.Err()
		case <-r.halted.Done():
		case <-tick.C:
		}
	}
}

// CrawlerPages is the number of pages this process fetched.
func (r *Runner) CrawlerPages() int64 { return r.stats.pages.Load() }

// noLiveCrawlJobs reports whether the cycle has no crawl job that may
// still run.
func (r *Runner) noLiveCrawlJobs(ctx context.Context, cycleID int64) (bool, error) {
	jobs, err := CrawlJobs(ctx, r.store.X.DB, r.store.Dialect(), cycleID)
	if err != nil {
		return false, err
	}
	return jobs["available"]+jobs["scheduled"]+jobs["running"]+jobs["retryable"]+jobs["pending"] == 0, nil
}

// failUnfinished marks every enrolment still pending or running as failed.
func (r *Runner) failUnfinished(ctx context.Context, cycleID int64, cause string) error {
	ens, err := r.store.Enrolments(ctx, cycleID)
	if err != nil {
		return err
	}
	for _, e := range ens {
		if e.CrawlState == store.CrawlPending || e.CrawlState == store.CrawlRunning {
			if err := r.store.SetCrawlState(ctx, cycleID, e.Agency, store.CrawlFailed, cause); err != nil {
				return err
			}
		}
	}
	return nil
}

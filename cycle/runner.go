package cycle

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"zwgk"
	"zwgk/crawler"
	"zwgk/indicators"
	"zwgk/store"
)

// Runner conducts cycles over one store. It is safe for concurrent use by
// River's workers.
type Runner struct {
	store   *store.DB
	crawler *crawler.Crawler
	now     func() time.Time
	stats   stats
	metrics *Metrics // nil: not instrumented (see Instrument)

	mu     sync.Mutex
	cycles map[int64]zwgk.Cycle
	known  bool // the crawler knows every agency's roots (knownSites)

	// halted ends every job of this process when a write failed in a
	// way no retry can mend (the disk is full); fatal says why.
	halted context.Context
	halt   context.CancelCauseFunc
}

// knownSites tells the crawler, once per process, the roots of every
// agency, so that a city's crawl leaves out its counties' folders of its
// host (a site cluster).
func (r *Runner) knownSites(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.known {
		return nil
	}
	as, err := r.store.Agencies(ctx, store.AgencyFilter{})
	if err != nil {
		return err
	}
	r.crawler.KnownSites(as)
	r.known = true
	return nil
}

// NewRunner makes a runner. c may be nil for a process that only scores.
func NewRunner(st *store.DB, c *crawler.Crawler) *Runner {
	halted, halt := context.WithCancelCause(context.Background())
	return &Runner{store: st, crawler: c, now: time.Now,
		cycles: map[int64]zwgk.Cycle{}, halted: halted, halt: halt}
}

// stopOnDiskFull halts the runner when err says the database is out of
// space: every job of this process stops, hands its job back, and
// WaitCrawl returns one error saying so. It reports whether it halted.
func (r *Runner) stopOnDiskFull(err error) bool {
	if !store.IsDiskFull(err) {
		return false
	}
	r.halt(diskFull{innermost(err)})
	return true
}

// diskFull is why a runner halted for lack of space. It is
// store.ErrDiskFull, and reads as the database's own words ("database or
// disk is full (13)") without the context of the write that met it: the
// command that stops says which database and what to do.
type diskFull struct{ cause error }

func (e diskFull) Error() string        { return e.cause.Error() }
func (e diskFull) Unwrap() error        { return e.cause }
func (e diskFull) Is(target error) bool { return target == store.ErrDiskFull }

// innermost is the error at the end of err's chain.
func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// Halted is closed when this process has stopped working (Fatal says
// why): a long-running worker waits on it beside its signals.
func (r *Runner) Halted() <-chan struct{} { return r.halted.Done() }

// Fatal is why this process stopped working (nil while it works): the
// database could not write for lack of space.
func (r *Runner) Fatal() error {
	if r.halted.Err() == nil {
		return nil
	}
	return context.Cause(r.halted)
}

// Framework returns the frozen framework of a cycle (the store parses it
// once).
func (r *Runner) Framework(ctx context.Context, c zwgk.Cycle) (*indicators.Framework, error) {
	return r.store.Framework(ctx, c)
}

func (r *Runner) cycle(ctx context.Context, id int64) (zwgk.Cycle, error) {
	r.mu.Lock()
	c, ok := r.cycles[id]
	r.mu.Unlock()
	if ok {
		return c, nil
	}
	c, err := r.store.CycleByID(ctx, id)
	if err != nil {
		return c, err
	}
	r.mu.Lock()
	r.cycles[id] = c
	r.mu.Unlock()
	return c, nil
}

// cycleFramework is a cycle by id with its frozen framework.
func (r *Runner) cycleFramework(ctx context.Context, id int64) (zwgk.Cycle, *indicators.Framework, error) {
	c, err := r.cycle(ctx, id)
	if err != nil {
		return c, nil, err
	}
	fw, err := r.Framework(ctx, c)
	return c, fw, err
}

// crawlOne crawls one agency of a cycle. The crawler writes pages as it
// fetches them and the derived evidence at the end (which marks the
// enrolment done), so a retried job resumes from the stored pages.
func (r *Runner) crawlOne(ctx context.Context, cycleID int64, code string) error {
	if r.crawler == nil {
		return errors.New("this process has no crawler")
	}
	c, fw, err := r.cycleFramework(ctx, cycleID)
	if err != nil {
		return err
	}
	a, err := r.store.Agency(ctx, code)
	if err != nil {
		return err
	}
	if err := r.knownSites(ctx); err != nil {
		return err
	}
	// The crawl ends with the runner too (a full disk stops them all).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(r.halted, cancel)()
	if err := r.store.SetCrawlState(ctx, cycleID, code, store.CrawlRunning, ""); err != nil {
		return err
	}
	_, err = r.crawler.Crawl(ctx, cycleID, a, fw, c.AsOf, countingWriter{r.store, &r.stats, r})
	return err
}

// probeRound probes every enrolled home page of a cycle once, for the slot
// it was due, a bounded number at a time.
func (r *Runner) probeRound(ctx context.Context, cycleID int64, slot time.Time) error {
	if r.crawler == nil {
		return errors.New("this process has no crawler")
	}
	_, fw, err := r.cycleFramework(ctx, cycleID)
	if err != nil {
		return err
	}
	ens, err := r.store.Enrolments(ctx, cycleID)
	if err != nil {
		return err
	}
	timeout := availabilityRule(fw).Timeout
	sem := make(chan struct{}, probeConcurrency)
	errs := make(chan error, len(ens))
	var wg sync.WaitGroup
	for _, e := range ens {
		a, err := r.store.Agency(ctx, e.Agency)
		if err != nil {
			return err
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p := r.crawler.Probe(ctx, a.Site, timeout)
			// The slot, not the wall clock, identifies the probe: a round
			// retried after a crash overwrites itself instead of counting twice.
			p.At = slot.UTC()
			if err := r.store.SaveProbe(ctx, cycleID, a.Code, p); err != nil {
				errs <- fmt.Errorf("probe %s: %w", a.Code, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	return errors.Join(drain(errs)...)
}

// missed says how late a real-time round is when it is later than one
// step of its schedule (the monitor was not running at its time); 0 when
// it is on time or compressed.
func (r *Runner) missed(ctx context.Context, a ProbeArgs, now time.Time) (time.Duration, error) {
	if a.Compress > 0 {
		return 0, nil
	}
	_, fw, err := r.cycleFramework(ctx, a.CycleID)
	if err != nil {
		return 0, err
	}
	if late := now.Sub(a.Slot); late > slotStep(availabilityRule(fw)) {
		return late, nil
	}
	return 0, nil
}

// probeConcurrency bounds the probes in flight in one round: each waits up
// to the rule's timeout (15 s), so a round of 14,000 sites with a few slow
// ones still ends in seconds.
const probeConcurrency = 256

func drain(ch <-chan error) []error {
	var out []error
	for err := range ch {
		out = append(out, err)
	}
	return out
}

// availabilityRule is the framework's availability rule, or the reference
// rule of the 2019 inspection when it has none.
func availabilityRule(fw *indicators.Framework) indicators.Availability {
	for _, ind := range fw.Leaves() {
		if ind.Rule != nil && ind.Rule.Availability != nil {
			return *ind.Rule.Availability
		}
	}
	return indicators.Availability{Timeout: 15 * time.Second, PerDay: 20, Days: 7, MinProbes: 20, FailRatio: 0.05}
}

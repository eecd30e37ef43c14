package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"golang.org/x/term"

	"zwgk/crawler"
	"zwgk/crawler/netcheck"
	"zwgk/cycle"
	"zwgk/sitefarm"
	"zwgk/store"
)

// The commands that do a cycle's long work: crawl, monitor, score, publish,
// and a bare worker for extra machines. They only wire store, crawler and
// cycle together.

func init() {
	register("cycle", &Command{
		Name:    "crawl",
		Usage:   "NAME",
		Summary: "crawl every enrolled site (resumes an interrupted crawl)",
		Help: `Inserts a crawl job per enrolled agency not yet crawled and works them in this
process with a progress display. Killed and rerun, it continues where it stopped.
With --agency CODE it re-crawls that one site from scratch (a re-check).
On PostgreSQL, 'zwgk worker' on other machines shares the work.`,
		Run: runCycleCrawl,
	})
	register("cycle", &Command{
		Name:    "score",
		Usage:   "NAME",
		Summary: "score a cycle from stored evidence and reviews (repeatable)",
		Run:     runCycleScore,
	})
	register("cycle", &Command{
		Name:    "publish",
		Usage:   "NAME",
		Summary: "publish a scored cycle; it is immutable afterwards",
		Run:     runCyclePublish,
	})
	register("", &Command{
		Name:    "monitor",
		Usage:   "NAME",
		Summary: "probe enrolled home pages on the availability rule's schedule",
		Help: `Schedules the framework's availability probes (e.g. 20 a day over 7 days) as
River jobs and works them until the last is done, showing rounds done of the
total and when the next round runs (a bar on a terminal; a line every
--every rounds in a log).

Restart-safe: slots are unique, so running it again probes nothing twice.
Stopped (Ctrl-C), it says how many rounds are done and how many are still
scheduled (exit 1); rerun it, without --start or --compress, to continue
the schedule. A round whose time passed while no monitor ran is missed, not
caught up (a probe stands for its own moment).

--compress runs the whole schedule with the given real interval between
rounds (demonstrations). A cycle keeps one schedule: asking for another
(a different --start or --compress) while rounds are left is refused;
--reschedule replaces the rounds left with the new schedule, --stop
cancels them. 'zwgk cycle show' lists the probe rounds by state.`,
		Run: runMonitor,
	})
	register("", &Command{
		Name:    "worker",
		Summary: "work crawl and probe jobs from a shared PostgreSQL (scale-out)",
		Run:     runWorker,
	})
}

type workFlags struct {
	sites        *int
	perHost      *int
	delay        *time.Duration
	ignoreRobots *bool
	insecure     *bool
	contact      *string
	render       *bool
	renderTabs   *int
	farmNet      *string
	made         *crawler.Crawler // the crawler() made, for closeCrawler
}

// closeCrawler ends the crawler's browser, if it started one (the
// callers of openRunner defer it after the store's Close).
func (w *workFlags) closeCrawler() {
	if w != nil && w.made != nil {
		w.made.Close()
	}
}

func crawlerFlags(fsSet *flag.FlagSet) *workFlags {
	return &workFlags{
		sites:        fsSet.Int("sites", 32, "sites crawled at once in this process"),
		perHost:      fsSet.Int("per-host", 2, "requests at once per site (politeness)"),
		delay:        fsSet.Duration("delay", 200*time.Millisecond, "pause between requests to one site (politeness)"),
		ignoreRobots: fsSet.Bool("ignore-robots", false, "ignore robots.txt (only for authorised assessments)"),
		insecure:     fsSet.Bool("insecure-tls", false, "proceed past bad certificates (still recorded as findings)"),
		contact:      fsSet.String("contact", os.Getenv("ZWGK_CONTACT"), "contact put in the User-Agent (e.g. mailto:assess@bureau.gov.cn)"),
		render:       fsSet.Bool("render", true, "read lists only scripts fill, and pass script cookie challenges, in headless Chromium"),
		renderTabs:   fsSet.Int("render-tabs", 2, "pages rendered at once in this process"),
		farmNet:      sitefarmNetFlag(fsSet),
	}
}

// sitefarmNetFlag is the farm-mode flag: the transport checks of IPv6 and
// HTTPS go through the site farm's own resolver, dialer and test CA. It
// is for tests and demonstrations; without it (production) the system
// resolver and roots are used.
func sitefarmNetFlag(fs *flag.FlagSet) *string {
	return fs.String("sitefarm-net", "", "farm mode (tests, demonstrations): check IPv6/HTTPS through the site farm's network FILE ('sitefarm serve' writes DIR/network.json); never for real sites")
}

// transportChecker is the checker of sites' IPv6 and HTTPS: the system
// resolver's, or in farm mode the site farm's network's.
func transportChecker(farmNet, ua string) (crawler.TransportChecker, error) {
	if farmNet == "" {
		return &netcheck.Checker{UserAgent: ua, Allow: crawler.AllowedAddress}, nil
	}
	n, err := sitefarm.ReadNetwork(farmNet)
	if err != nil {
		return nil, fmt.Errorf("--sitefarm-net: %w", err)
	}
	if ua == "" {
		ua = crawler.DefaultUserAgent
	}
	return n.Checker(ua, 0), nil
}

func (w *workFlags) crawler() (*crawler.Crawler, error) {
	ua := ""
	if *w.contact != "" {
		ua = "zwgk-assessor/1.0 (+" + *w.contact + ")"
	}
	nc, err := transportChecker(*w.farmNet, ua)
	if err != nil {
		return nil, err
	}
	delay := *w.delay
	if delay == 0 {
		delay = -1 // the crawler reads 0 as "default"; the flag's 0 means none
	}
	w.made = crawler.New(crawler.Options{
		UserAgent:         ua,
		PerHost:           *w.perHost,
		Delay:             delay,
		IgnoreRobots:      *w.ignoreRobots,
		ProceedOnTLSError: *w.insecure,
		NoRender:          !*w.render,
		RenderTabs:        *w.renderTabs,
		NetCheck:          nc,
	})
	return w.made, nil
}

// isTerminal says whether progress bars make sense on the command's
// stderr (tests replace it).
var isTerminal = func(env *Env) bool {
	f, ok := env.Stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// queueFlags are the River settings of a process that works jobs.
type queueFlags struct {
	jobTimeout  *time.Duration
	rescueAfter *time.Duration
	id          *string
}

func (qf *queueFlags) config() (cycle.QueueConfig, error) {
	if qf == nil {
		return cycle.QueueConfig{}, nil
	}
	if *qf.jobTimeout < 0 || *qf.rescueAfter < 0 {
		return cycle.QueueConfig{}, usagef("--job-timeout and --rescue-after must not be negative")
	}
	if *qf.jobTimeout > 0 && *qf.rescueAfter > 0 && *qf.rescueAfter <= *qf.jobTimeout {
		return cycle.QueueConfig{}, usagef("--rescue-after %s must exceed --job-timeout %s: a job still running would be handed to a second worker", *qf.rescueAfter, *qf.jobTimeout)
	}
	return cycle.QueueConfig{JobTimeout: *qf.jobTimeout, RescueAfter: *qf.rescueAfter, ID: *qf.id}, nil
}

func openRunner(ctx context.Context, env *Env, wf *workFlags, crawlWorkers, probeWorkers int) (*store.DB, *cycle.Runner, *cycle.Queue, error) {
	return openRunnerQ(ctx, env, wf, nil, crawlWorkers, probeWorkers, nil)
}

// openRunnerQ opens the store, a runner and its queue; instrument, when
// set, is called with the runner before the queue exists (metrics). A
// worker (qf set) may start on an empty database; the cycle commands need
// one that exists.
func openRunnerQ(ctx context.Context, env *Env, wf *workFlags, qf *queueFlags, crawlWorkers, probeWorkers int, instrument func(*cycle.Runner) error) (*store.DB, *cycle.Runner, *cycle.Queue, error) {
	qc, err := qf.config()
	if err != nil {
		return nil, nil, nil, err
	}
	open := env.openExisting
	if qf != nil {
		open = env.openStore
	}
	st, err := open(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var c *crawler.Crawler
	if wf != nil {
		if c, err = wf.crawler(); err != nil {
			st.Close()
			return nil, nil, nil, err
		}
	}
	r := cycle.NewRunner(st, c)
	if instrument != nil {
		if err := instrument(r); err != nil {
			st.Close()
			return nil, nil, nil, err
		}
	}
	qc.CrawlWorkers = crawlWorkers
	qc.ProbeWorkers = probeWorkers
	qc.Workers = r.Workers()
	qc.SQLitePath = st.Path()
	// River's warnings go to stderr, through a gate that turns a full disk
	// into one error (see cycle.Runner.LogHandler).
	qc.Logger = slog.New(r.LogHandler(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	q, err := cycle.NewQueue(ctx, st.X.DB, st.Dialect(), qc)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	for queue, n := range q.Reclaimed {
		fmt.Fprintf(env.Stderr, "%s: took back %s that a stopped zwgk process had left running (SQLite: no live process holds them)\n",
			env.Path, plural(n, queue+" job", queue+" jobs"))
	}
	return st, r, q, nil
}

func runCycleCrawl(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	agency := fs.String("agency", "", "re-crawl only this agency, from scratch")
	noWork := fs.Bool("enqueue-only", false, "insert the jobs and return; workers elsewhere do them")
	wf := crawlerFlags(fs)
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one cycle name")
	}
	workers := *wf.sites
	if *noWork {
		workers = 0
	}
	st, r, q, err := openRunner(ctx, env, wf, workers, 0)
	if err != nil {
		return err
	}
	defer wf.closeCrawler()
	defer st.Close()
	defer q.Close()
	if _, err := env.cycle(ctx, st, pos[0]); err != nil {
		return err
	}
	c, n, err := r.EnqueueCrawl(ctx, q, pos[0], cycle.CrawlOptions{Agency: *agency})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "cycle %s: %s enqueued\n", c.Name, plural(n, "crawl job", "crawl jobs"))
	if st.Dialect() == store.Postgres {
		if err := showHeld(ctx, env, st, c.ID, rescueAfter(nil)); err != nil {
			return err
		}
	}
	if *noWork {
		return nil
	}
	before := r.CrawlerPages()
	// Not ctx: its end (Ctrl-C) would hard-stop River at once; the
	// running crawls are handed back below instead.
	if err := q.Client.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	opts := cycle.CrawlOptions{}
	if isTerminal(env) {
		opts.Progress = env.Stderr
	}
	werr := r.WaitCrawl(ctx, c, opts)
	// On Ctrl-C or a full disk, running crawls are handed back at once:
	// their pages are stored as fetched, so the next run resumes them.
	grace := 30 * time.Second
	if werr != nil {
		grace = 3 * time.Second
	}
	stopQueueWithin(q, grace)
	bg := context.WithoutCancel(ctx)
	counts, cerr := st.CycleCounts(bg, c.ID)
	finished := counts[store.CrawlDone] + counts[store.CrawlFailed]
	total := 0
	for _, v := range counts {
		total += v
	}
	switch {
	case werr != nil && errors.Is(werr, store.ErrDiskFull):
		return fmt.Errorf("stopped: the database %s cannot grow (%v); free space and rerun 'zwgk cycle crawl %s': %d of %d sites are done and every page stored so far is kept",
			env.dbName(), werr, c.Name, finished, total)
	case werr != nil && ctx.Err() != nil:
		return fmt.Errorf("stopped; %d of %d sites crawled, %d still to do; rerun 'zwgk cycle crawl %s' to continue (stored pages are not fetched again)",
			finished, total, total-finished, c.Name)
	case werr != nil:
		return werr
	case cerr != nil:
		return cerr
	}
	pages := r.CrawlerPages() - before
	if *agency != "" {
		// A re-check reports its own site, not the cycle's running total.
		ens, err := st.Enrolments(bg, c.ID)
		if err != nil {
			return err
		}
		for _, e := range ens {
			if e.Agency == *agency {
				state := e.CrawlState
				if e.Cause != "" {
					state += " (" + e.Cause + ")"
				}
				fmt.Fprintf(env.Stdout, "cycle %s: re-checked %s: %s, %s fetched\n", c.Name, e.Agency, state, plural(int(pages), "page", "pages"))
			}
		}
		return nil
	}
	fmt.Fprintf(env.Stdout, "cycle %s: crawled %d of %d sites (failed: %d), pages fetched in this run: %d\n",
		c.Name, finished, total, counts[store.CrawlFailed], pages)
	return nil
}

// rescueAfter is the rescue threshold a crawl process uses (River hands a
// dead worker's job back after it).
func rescueAfter(qf *queueFlags) time.Duration {
	if qf != nil && *qf.rescueAfter > 0 {
		return *qf.rescueAfter
	}
	return cycle.DefaultJobTimeout + cycle.DefaultRescueMargin
}

// showHeld says which workers hold running crawl jobs of the cycle, since
// when, and when River hands them back if the worker is gone (PostgreSQL,
// where other machines may hold them).
func showHeld(ctx context.Context, env *Env, st *store.DB, cycleID int64, rescue time.Duration) error {
	held, err := cycle.CrawlHeld(ctx, st.X.DB, st.Dialect(), cycleID)
	if err != nil || len(held) == 0 {
		return nil // no River tables yet, or nothing held
	}
	for _, h := range held {
		fmt.Fprintf(env.Stdout, "  %s held by worker %s since %s; if that worker is gone, River hands them back from %s (after %s running)\n",
			plural(h.Jobs, "crawl job", "crawl jobs"), h.Worker, h.Since.Local().Format("2006-01-02 15:04:05"),
			h.Since.Add(rescue).Local().Format("2006-01-02 15:04:05"), rescue)
	}
	return nil
}

// stopQueue lets running jobs finish (or hands them back) within a grace
// period, so nothing is left half-written.
func stopQueue(q *cycle.Queue) { stopQueueWithin(q, 30*time.Second) }

// stopQueueWithin stops fetching new jobs and waits up to grace for the
// running ones; past it their contexts are cancelled, the crawls return,
// and River records them as errored (retryable), so another worker takes
// them up and resumes from the stored pages.
func stopQueueWithin(q *cycle.Queue, grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := q.Client.Stop(ctx); err != nil {
		// Bounded too: a job that ignores cancellation must not keep the
		// process past its supervisor's patience.
		cctx, ccancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer ccancel()
		_ = q.Client.StopAndCancel(cctx)
	}
}

// withCycleStore parses a command that takes one cycle name and no flags,
// opens the store, checks the cycle exists and calls fn.
func withCycleStore(ctx context.Context, env *Env, args []string, fn func(st *store.DB, name string) error) error {
	pos, err := env.Parse(env.Flags(), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one cycle name")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := env.cycle(ctx, st, pos[0]); err != nil {
		return err
	}
	return fn(st, pos[0])
}

func runCycleScore(ctx context.Context, env *Env, args []string) error {
	return withCycleStore(ctx, env, args, func(st *store.DB, name string) error {
		res, err := cycle.NewRunner(st, nil).Score(ctx, name)
		if err != nil {
			return err
		}
		vetoed, pending := 0, 0
		for _, c := range res.Scorecards {
			if c.Vetoed {
				vetoed++
			}
			if c.Provisional {
				pending++
			}
		}
		fmt.Fprintf(env.Stdout, "cycle %s: scored %s (vetoed: %d, provisional: %d) — state %s\n",
			res.Cycle.Name, plural(len(res.Scorecards), "agency", "agencies"), vetoed, pending, res.Cycle.State)
		return nil
	})
}

func runCyclePublish(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	provisional := fs.Bool("provisional", false, "publish even while findings are pending or appeals open; the cycle and every output of it then say 暂定")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one cycle name")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	name := pos[0]
	if _, err := env.cycle(ctx, st, name); err != nil {
		return err
	}
	u, err := cycle.NewRunner(st, nil).Publish(store.WithActor(ctx, operator(env)), name, cycle.PublishOptions{Provisional: *provisional})
	var unf *store.UnfinishedError
	if errors.As(err, &unf) {
		if unf.Unscored > 0 {
			return fmt.Errorf("cycle %s: %d reviews are not in the scores yet: run 'zwgk cycle score %s' first", name, unf.Unscored, name)
		}
		return fmt.Errorf("%w\nscore them in the portal's review queue or with 'zwgk review %s --file reviews.csv', decide the appeals, or publish anyway with --provisional", err, name)
	}
	if err != nil {
		return err
	}
	if !u.Empty() {
		fmt.Fprintf(env.Stdout, "cycle %s published PROVISIONALLY (暂定): %s\n", name, u.Summary())
		return nil
	}
	if *provisional {
		fmt.Fprintf(env.Stdout, "cycle %s published as final: nothing was pending, so --provisional did not apply\n", name)
		return nil
	}
	fmt.Fprintf(env.Stdout, "cycle %s published (final)\n", name)
	return nil
}

func runMonitor(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	compress := fs.Duration("compress", 0, "run the schedule with this real interval between rounds (e.g. 50ms)")
	workers := fs.Int("workers", 2, "probe rounds at once in this process")
	startS := fs.String("start", "", "first slot of the schedule, RFC 3339 (default: the cycle's creation day)")
	contact := fs.String("contact", os.Getenv("ZWGK_CONTACT"), "contact put in the probes' User-Agent (e.g. mailto:assess@bureau.gov.cn)")
	reschedule := fs.Bool("reschedule", false, "replace the rounds left of the cycle's schedule with the one --start/--compress give")
	stopIt := fs.Bool("stop", false, "cancel the rounds left of the cycle's schedule (probes made are kept) and exit")
	every := fs.Int("every", 10, "off a terminal, print a progress line every N rounds")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one cycle name")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case *stopIt && (*reschedule || set["start"] || set["compress"]):
		return usagef("--stop takes no --reschedule, --start or --compress")
	case *compress < 0:
		return usagef("--compress must not be negative")
	case *workers < 1:
		return usagef("--workers must be at least 1")
	case *every < 1:
		return usagef("--every must be at least 1")
	}
	var start time.Time
	if *startS != "" {
		if start, err = time.Parse(time.RFC3339, *startS); err != nil {
			return usagef("--start: %v", err)
		}
	}
	probeWorkers := *workers
	if *stopIt {
		probeWorkers = 0 // cancels; works nothing
	}
	// Probes need a crawler for its client and User-Agent only.
	wf := crawlerFlags(flag.NewFlagSet("probe", flag.ContinueOnError))
	wf.contact = contact
	st, r, q, err := openRunner(ctx, env, wf, 0, probeWorkers)
	if err != nil {
		return err
	}
	defer wf.closeCrawler()
	defer st.Close()
	defer q.Close()
	c, err := env.cycle(ctx, st, pos[0])
	if err != nil {
		return err
	}
	if *stopIt {
		n, err := r.StopProbes(ctx, q, c.Name)
		if err != nil {
			return err
		}
		ps, err := cycle.ProbeJobs(ctx, st.X.DB, st.Dialect(), c.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "cycle %s: monitoring stopped: %s cancelled; rounds done: %d (their probes are kept)\n",
			c.Name, plural(n, "scheduled round", "scheduled rounds"), ps.Done)
		return nil
	}
	res, err := r.EnqueueProbes(ctx, q, c.Name, cycle.MonitorOptions{Compress: *compress, Start: start,
		Keep: !set["start"] && !set["compress"], Reschedule: *reschedule})
	if err != nil {
		return err
	}
	if res.Cancelled > 0 {
		fmt.Fprintf(env.Stdout, "cycle %s: replaced the schedule: %s of the old one cancelled\n", c.Name, plural(res.Cancelled, "round", "rounds"))
	}
	ps, err := cycle.ProbeJobs(ctx, st.X.DB, st.Dialect(), c.ID)
	if err != nil {
		return err
	}
	if ps.Left == 0 {
		return fmt.Errorf("cycle %s: no probe round left to run (%d done): the schedule %s is over; give a later --start for a new one",
			c.Name, ps.Done, cycle.ProbeStatus{Start: res.Start, Compress: res.Compress}.Mode())
	}
	fmt.Fprintf(env.Stdout, "cycle %s: probe rounds scheduled: %d (new: %d), %s; done so far: %d\n",
		c.Name, res.Rounds, res.Inserted, ps.Mode(), ps.Done)
	if err := q.Client.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	progress := cycle.MonitorProgress{Every: *every}
	if isTerminal(env) {
		progress.Bar = env.Stderr
	} else {
		progress.Log = env.Stderr
	}
	werr := r.WaitProbes(ctx, q, c, progress)
	stopQueueWithin(q, 20*time.Second) // a round in flight ends within the probe timeout
	bg := context.WithoutCancel(ctx)
	ps, err = cycle.ProbeJobs(bg, st.X.DB, st.Dialect(), c.ID)
	switch {
	case werr != nil && ctx.Err() != nil && err == nil:
		return fmt.Errorf("stopped; %d rounds done, %d still scheduled; rerun 'zwgk monitor %s' to continue (or --stop to cancel them)",
			ps.Done, ps.Left, c.Name)
	case werr != nil:
		return werr
	case err != nil:
		return err
	}
	fmt.Fprintf(env.Stdout, "cycle %s: monitoring done: rounds probed: %d, missed or cancelled: %d, failed: %d\n",
		c.Name, ps.Done, ps.Cancelled, ps.Failed)
	return nil
}

func runWorker(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	probes := fs.Int("probe-workers", 2, "probe rounds at once")
	wf := crawlerFlags(fs)
	qf := &queueFlags{
		jobTimeout:  fs.Duration("job-timeout", cycle.DefaultJobTimeout, "longest one site's crawl may run before it is cancelled and retried"),
		rescueAfter: fs.Duration("rescue-after", 0, "how long a job may stay running before River hands it to another worker (a dead worker's jobs); must exceed --job-timeout (default: job timeout + 10m)"),
		id:          fs.String("id", defaultWorkerID(), "this worker's name in River (attempted_by, cycle show)"),
	}
	metricsAddr := fs.String("metrics-addr", "", "serve Prometheus /metrics on this address (e.g. 127.0.0.1:9101)")
	grace := fs.Duration("grace", 30*time.Second, "on SIGTERM, how long running jobs may finish before they are cancelled and handed back")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("worker takes no arguments")
	}
	var ln net.Listener
	if *metricsAddr != "" {
		// Listen before working, so a taken port fails at once.
		if ln, err = net.Listen("tcp", *metricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		defer ln.Close()
	}
	// A registry of the worker's own (not the process-wide default), with
	// the Go and process collectors a scraper expects (memory, CPU).
	reg := prometheus.NewRegistry()
	st, r, q, err := openRunnerQ(ctx, env, wf, qf, *wf.sites, *probes, func(r *cycle.Runner) error {
		if ln == nil {
			return nil
		}
		_, err := r.Instrument(reg)
		return err
	})
	if err != nil {
		return err
	}
	defer wf.closeCrawler()
	defer st.Close()
	defer q.Close()
	if ln != nil {
		reg.MustRegister(cycle.NewJobsCollector(st.X.DB), collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		defer srv.Close()
		fmt.Fprintf(env.Stderr, "worker %s: metrics at http://%s/metrics\n", *qf.id, ln.Addr())
	}
	// Not ctx itself: River treats the end of Start's context as a hard
	// stop that cancels every running job at once. SIGTERM ends ctx, and
	// stopQueueWithin below gives the running jobs their grace period.
	if err := q.Client.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "worker %s: working crawl (%d at once) and probe jobs on %s; SIGTERM to stop\n", *qf.id, *wf.sites, st.Dialect())
	select {
	case <-ctx.Done():
	case <-r.Halted():
		// The database cannot grow: every job of this process has handed
		// its site back, and staying up would only take more jobs to
		// hand back. Exit, saying so once, like `cycle crawl`; a
		// supervisor restarting the worker meets the same line until
		// space is freed.
		stopQueueWithin(q, 3*time.Second)
		return fmt.Errorf("worker %s stopped: the database %s cannot grow (%v); free space and start the worker again: every page stored so far is kept and the unfinished sites are back in the queue",
			*qf.id, env.dbName(), r.Fatal())
	}
	// SIGTERM: the running jobs finish within the grace period or are
	// cancelled and handed back to the queue (retryable); none is left
	// half-written because a site's derived evidence is saved in one
	// transaction at its end, and its pages are idempotent upserts.
	start := time.Now()
	stopQueueWithin(q, *grace)
	fmt.Fprintf(env.Stderr, "worker %s: stopped in %s\n", *qf.id, time.Since(start).Round(time.Millisecond))
	return nil
}

// defaultWorkerID names a worker by host and process, so `cycle show`
// tells the machines apart.
func defaultWorkerID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "worker"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

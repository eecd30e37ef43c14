package cycle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are a worker's Prometheus metrics: what its crawls fetched and
// how its jobs went. Pages and fetch errors are read from the runner's
// counters (the countingWriter between crawler and store) at scrape time,
// so the crawl path pays nothing for them.
type Metrics struct {
	jobSeconds *prometheus.HistogramVec
	jobs       *prometheus.CounterVec
	rounds     prometheus.Counter
}

// Job outcomes, the "outcome" label of zwgk_jobs_total.
const (
	OutcomeOK        = "ok"        // the job finished
	OutcomeRetry     = "retry"     // failed; River will retry it
	OutcomeFailed    = "failed"    // failed on its last attempt
	OutcomeCancelled = "cancelled" // its context ended: timeout or shutdown; River retries it
)

// Instrument registers r's metrics in reg (prometheus.DefaultRegisterer
// when nil) and starts recording. Call it before the queue starts.
// Registering a second runner in the same registry fails.
func (r *Runner) Instrument(reg prometheus.Registerer) (*Metrics, error) {
	if reg == nil {
		reg = prometheus.DefaultRegisterer
	}
	m := &Metrics{
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "zwgk_job_duration_seconds",
			Help: "Time spent working one crawl job (one site) or probe job (one round), by job kind and outcome.",
			// A site crawl takes seconds to minutes; a probe round up to
			// the probe timeout.
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200},
		}, []string{"kind", "outcome"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "zwgk_jobs_total",
			Help: "Crawl and probe jobs worked by this process, by kind and outcome (ok, retry, failed, cancelled).",
		}, []string{"kind", "outcome"}),
		rounds: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "zwgk_probe_rounds_total",
			Help: "Availability probe rounds completed by this process.",
		}),
	}
	for _, c := range []prometheus.Collector{m.jobSeconds, m.jobs, m.rounds, fetchCollector{r}} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register crawl metrics: %w", err)
		}
	}
	r.metrics = m
	return m, nil
}

// observeJob records one worked job. last says it was the job's last
// attempt, so an error is final.
func (r *Runner) observeJob(kind string, start time.Time, err error, last bool) {
	m := r.metrics
	if m == nil {
		return
	}
	outcome := jobOutcome(err, last)
	m.jobSeconds.WithLabelValues(kind, outcome).Observe(time.Since(start).Seconds())
	m.jobs.WithLabelValues(kind, outcome).Inc()
	if kind == "probe" && err == nil {
		m.rounds.Inc()
	}
}

func jobOutcome(err error, last bool) string {
	switch {
	case err == nil:
		return OutcomeOK
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return OutcomeCancelled
	case last:
		return OutcomeFailed
	default:
		return OutcomeRetry
	}
}

// fetchCollector exposes the runner's page and error counters.
type fetchCollector struct{ r *Runner }

var (
	descPages = prometheus.NewDesc("zwgk_pages_fetched_total",
		"Pages fetched by this process's crawls (pages a resumed crawl read back from the store are not counted).", nil, nil)
	descFetchErrors = prometheus.NewDesc("zwgk_fetch_errors_total",
		"Pages fetched with a failure, by cause (timeout, dns, refused, status, robots, …).", []string{"cause"}, nil)
)

func (c fetchCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descPages
	ch <- descFetchErrors
}

func (c fetchCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(descPages, prometheus.CounterValue, float64(c.r.CrawlerPages()))
	// Causes are the crawler's fixed vocabulary (zwgk.Cause), so the label
	// set is bounded.
	for cause, n := range c.r.Errors() {
		ch <- prometheus.MustNewConstMetric(descFetchErrors, prometheus.CounterValue, float64(n), string(cause))
	}
}

// JobsCollector reports River's jobs by queue and state, read from the
// river_job table when Prometheus scrapes. One GROUP BY over the table,
// at most once per MinInterval (scrapes in between get the last answer)
// and bounded by a timeout, so a busy scraper cannot load the database.
type JobsCollector struct {
	db          *sql.DB
	MinInterval time.Duration // default 10 s
	Timeout     time.Duration // default 2 s

	mu     sync.Mutex
	last   time.Time
	counts []JobCount
	err    error
}

// JobCount is the number of River jobs of a queue in a state.
type JobCount struct {
	Queue string `db:"queue"`
	State string `db:"state"`
	N     int64  `db:"n"`
}

// NewJobsCollector reports the jobs in db's River tables (either dialect:
// the query is plain SQL over columns both of River's drivers share).
func NewJobsCollector(db *sql.DB) *JobsCollector {
	return &JobsCollector{db: db, MinInterval: 10 * time.Second, Timeout: 2 * time.Second}
}

var (
	descJobs = prometheus.NewDesc("zwgk_river_jobs",
		"River jobs by queue and state (available, scheduled, running, retryable, completed, discarded, cancelled), read from river_job.",
		[]string{"queue", "state"}, nil)
	descJobsUp = prometheus.NewDesc("zwgk_river_jobs_up",
		"1 when the last read of river_job succeeded, 0 when it failed (no River tables yet, database down).", nil, nil)
)

// Describe implements prometheus.Collector.
func (c *JobsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descJobs
	ch <- descJobsUp
}

// Collect implements prometheus.Collector.
func (c *JobsCollector) Collect(ch chan<- prometheus.Metric) {
	counts, err := c.read()
	up := 1.0
	if err != nil {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(descJobsUp, prometheus.GaugeValue, up)
	for _, jc := range counts {
		ch <- prometheus.MustNewConstMetric(descJobs, prometheus.GaugeValue, float64(jc.N), jc.Queue, jc.State)
	}
}

// maxJobRows bounds the label sets one scrape can produce: River has eight
// states and zwgk two queues; anything beyond is somebody else's queue.
const maxJobRows = 64

func (c *JobsCollector) read() ([]JobCount, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.last.IsZero() && time.Since(c.last) < c.MinInterval {
		return c.counts, c.err
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
	defer cancel()
	c.counts, c.err = JobsByState(ctx, c.db)
	c.last = time.Now()
	return c.counts, c.err
}

// JobsByState counts River's jobs by queue and state.
func JobsByState(ctx context.Context, db *sql.DB) ([]JobCount, error) {
	rows, err := db.QueryContext(ctx, `SELECT queue, state, COUNT(*) FROM river_job GROUP BY queue, state ORDER BY queue, state`)
	if err != nil {
		return nil, fmt.Errorf("river jobs by state: %w", err)
	}
	defer rows.Close()
	var out []JobCount
	for rows.Next() && len(out) < maxJobRows {
		var jc JobCount
		if err := rows.Scan(&jc.Queue, &jc.State, &jc.N); err != nil {
			return nil, fmt.Errorf("river jobs by state: %w", err)
		}
		out = append(out, jc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("river jobs by state: %w", err)
	}
	return out, nil
}

package cycle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/riverqueue/river"

	"zwgk"
	"zwgk/store"
)

func TestQueueTimeouts(t *testing.T) {
	tests := []struct {
		name            string
		job, rescue     time.Duration
		wantJob, wantRA time.Duration
		wantErr         string
	}{
		{name: "defaults", wantJob: DefaultJobTimeout, wantRA: DefaultJobTimeout + DefaultRescueMargin},
		{name: "job only", job: time.Minute, wantJob: time.Minute, wantRA: time.Minute + DefaultRescueMargin},
		{name: "short rescue only", rescue: 10 * time.Second, wantJob: 8 * time.Second, wantRA: 10 * time.Second},
		{name: "both", job: 15 * time.Second, rescue: 20 * time.Second, wantJob: 15 * time.Second, wantRA: 20 * time.Second},
		{name: "rescue equal to timeout", job: time.Minute, rescue: time.Minute, wantErr: "must exceed the job timeout"},
		{name: "rescue below timeout", job: time.Hour, rescue: 10 * time.Minute, wantErr: "must exceed the job timeout"},
		{name: "negative", job: -time.Second, wantErr: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job, rescue, err := QueueConfig{JobTimeout: tt.job, RescueAfter: tt.rescue}.timeouts()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || job != tt.wantJob || rescue != tt.wantRA {
				t.Fatalf("got job %s rescue %s err %v, want %s %s", job, rescue, err, tt.wantJob, tt.wantRA)
			}
		})
	}
}

func TestJobOutcome(t *testing.T) {
	tests := []struct {
		err  error
		last bool
		want string
	}{
		{nil, false, OutcomeOK},
		{nil, true, OutcomeOK},
		{errors.New("boom"), false, OutcomeRetry},
		{errors.New("boom"), true, OutcomeFailed},
		{fmt.Errorf("crawl: %w", context.Canceled), true, OutcomeCancelled},
		{fmt.Errorf("crawl: %w", context.DeadlineExceeded), false, OutcomeCancelled},
	}
	for _, tt := range tests {
		if got := jobOutcome(tt.err, tt.last); got != tt.want {
			t.Errorf("jobOutcome(%v, %v) = %s, want %s", tt.err, tt.last, got, tt.want)
		}
	}
}

func TestRunnerMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	r := NewRunner(nil, nil)
	if _, err := r.Instrument(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRunner(nil, nil).Instrument(reg); err == nil {
		t.Fatal("a second runner registered in the same registry")
	}
	r.stats.page(zwgk.Page{URL: "http://127.0.0.2/"})
	r.stats.page(zwgk.Page{URL: "http://127.0.0.2/a", Cause: zwgk.CauseTimeout})
	r.stats.page(zwgk.Page{URL: "http://127.0.0.2/b", Cause: zwgk.CauseTimeout})
	start := time.Now().Add(-2 * time.Second)
	r.observeJob("crawl", start, nil, false)
	r.observeJob("crawl", start, errors.New("503"), false)
	r.observeJob("crawl", start, errors.New("503"), true)
	r.observeJob("probe", start, nil, false)
	got := gather(t, reg)
	want := map[string]float64{
		`zwgk_fetch_errors_total{cause="timeout"}`:             2,
		`zwgk_jobs_total{kind="crawl",outcome="failed"}`:       1,
		`zwgk_jobs_total{kind="crawl",outcome="ok"}`:           1,
		`zwgk_jobs_total{kind="crawl",outcome="retry"}`:        1,
		`zwgk_jobs_total{kind="probe",outcome="ok"}`:           1,
		`zwgk_pages_fetched_total`:                             3,
		`zwgk_probe_rounds_total`:                              1,
		`zwgk_job_duration_seconds{kind="crawl",outcome="ok"}`: 1, // histogram: sample count
		`zwgk_job_duration_seconds{kind="probe",outcome="ok"}`: 1,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	// About two seconds each: the 2.5 s bucket holds the crawl that went well.
	if s := got[`zwgk_job_duration_seconds_sum{kind="crawl",outcome="ok"}`]; s < 2 || s > 60 {
		t.Errorf("crawl job latency sum %v s, want about 2", s)
	}
}

// gather flattens a registry to "name{label="value",…}" → value (a
// histogram's sample count, its sum under name_sum).
func gather(t *testing.T, g prometheus.Gatherer) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			key := func(name string) string {
				if len(labels) == 0 {
					return name
				}
				return name + "{" + strings.Join(labels, ",") + "}"
			}
			switch mf.GetType() {
			case dto.MetricType_COUNTER:
				out[key(mf.GetName())] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				out[key(mf.GetName())] = m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				out[key(mf.GetName())] = float64(m.GetHistogram().GetSampleCount())
				out[key(mf.GetName()+"_sum")] = m.GetHistogram().GetSampleSum()
			}
		}
	}
	return out
}

func TestJobsCollector(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "q.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()

	c := NewJobsCollector(db)
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	if got := gather(t, reg); got["zwgk_river_jobs_up"] != 0 || len(got) != 1 {
		t.Fatalf("without River tables: %v, want only zwgk_river_jobs_up 0", got)
	}
	c.last = time.Time{} // forget the cached failure

	workers := river.NewWorkers()
	river.AddWorker(workers, &pingWorker{})
	q, err := NewQueue(ctx, db, "sqlite", QueueConfig{CrawlWorkers: 1, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	var params []river.InsertManyParams
	for i := 0; i < 7; i++ {
		params = append(params, river.InsertManyParams{Args: pingArgs{N: i}, InsertOpts: &river.InsertOpts{Queue: QueueCrawl}})
	}
	for i := 0; i < 3; i++ {
		params = append(params, river.InsertManyParams{Args: pingArgs{N: 100 + i}, InsertOpts: &river.InsertOpts{Queue: QueueProbe, ScheduledAt: time.Now().Add(time.Hour)}})
	}
	if _, err := q.Client.InsertMany(ctx, params); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		`zwgk_river_jobs{queue="crawl",state="available"}`: 7,
		`zwgk_river_jobs{queue="probe",state="scheduled"}`: 3,
		`zwgk_river_jobs_up`: 1,
	}
	check := func(what string, want map[string]float64) {
		t.Helper()
		got := gather(t, reg)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: got %v, want %v", what, got, want)
		}
	}
	check("first scrape", want)
	// Within MinInterval a scrape is answered from the last read: a new
	// job does not show until the interval passes.
	if _, err := q.Client.Insert(ctx, pingArgs{N: 999}, &river.InsertOpts{Queue: QueueCrawl}); err != nil {
		t.Fatal(err)
	}
	check("cached scrape", want)
	c.MinInterval = 0
	want[`zwgk_river_jobs{queue="crawl",state="available"}`] = 8
	check("fresh scrape", want)
}

func TestSitesPerMinute(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	ens := []store.Enrolment{
		{CrawlState: store.CrawlDone, UpdatedAt: now.Add(-30 * time.Second)},
		{CrawlState: store.CrawlDone, UpdatedAt: now.Add(-2 * time.Minute)},
		{CrawlState: store.CrawlFailed, UpdatedAt: now.Add(-4 * time.Minute)},
		{CrawlState: store.CrawlDone, UpdatedAt: now.Add(-6 * time.Minute)},    // outside 5 min
		{CrawlState: store.CrawlRunning, UpdatedAt: now.Add(-1 * time.Second)}, // not finished
		{CrawlState: store.CrawlPending, UpdatedAt: now.Add(-1 * time.Second)},
	}
	tests := []struct {
		window time.Duration
		want   float64
	}{
		{time.Minute, 1},
		{5 * time.Minute, 3.0 / 5},
		{10 * time.Minute, 4.0 / 10},
		{0, 0},
	}
	for _, tt := range tests {
		if got := SitesPerMinute(ens, now, tt.window); got != tt.want {
			t.Errorf("SitesPerMinute over %s = %v, want %v", tt.window, got, tt.want)
		}
	}
}

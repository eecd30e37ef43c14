package cycle_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestWaitCrawlEndsWhenJobsAreGivenUp: River may give up on a crawl job
// (here: cancelled) without the worker marking its enrolment; waiting for
// the crawl must end, with those agencies failed and the reason stated.
func TestWaitCrawlEndsWhenJobsAreGivenUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.DB) {
		ctx := context.Background()
		agencies := []zwgk.Agency{
			{Code: "A1", Name: "甲", Level: zwgk.LevelCounty, Region: "440305", Site: "http://127.0.0.1:9/"},
			{Code: "A2", Name: "乙", Level: zwgk.LevelCounty, Region: "440306", Site: "http://127.0.0.1:9/"},
		}
		if _, err := st.ImportAgencies(ctx, agencies, "t"); err != nil {
			t.Fatal(err)
		}
		fw, err := indicators.Builtin("zwgk-2016")
		if err != nil {
			t.Fatal(err)
		}
		c, err := st.CreateCycle(ctx, store.NewCycle{Name: "w", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
			FrameworkSource: fw.Source, AsOf: zwgk.NewDate(2026, 11, 20), WindowDays: 365, Agencies: []string{"A1", "A2"}})
		if err != nil {
			t.Fatal(err)
		}
		r := cycle.NewRunner(st, nil)
		// A client that works nothing: the jobs wait until cancelled.
		q, err := cycle.NewQueue(ctx, st.X.DB, st.Dialect(), cycle.QueueConfig{})
		if err != nil {
			t.Fatal(err)
		}
		if _, n, err := r.EnqueueCrawl(ctx, q, "w", cycle.CrawlOptions{}); err != nil || n != 2 {
			t.Fatalf("enqueued %d: %v", n, err)
		}
		jobs, err := q.Client.JobList(ctx, river.NewJobListParams().Kinds(cycle.CrawlArgs{}.Kind()))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs.Jobs {
			if _, err := q.Client.JobCancel(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
		}
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := r.WaitCrawl(wctx, c, cycle.CrawlOptions{Poll: 20 * time.Millisecond}); err != nil {
			t.Fatalf("wait: %v", err)
		}
		ens, err := st.Enrolments(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ens {
			if e.CrawlState != "failed" || e.Cause == "" {
				t.Errorf("%s: state %s cause %q, want failed with a cause", e.Agency, e.CrawlState, e.Cause)
			}
		}
		// Crawling again gives the failed agencies a new round (new jobs,
		// despite uniqueness) and puts them back to pending.
		if _, n, err := r.EnqueueCrawl(ctx, q, "w", cycle.CrawlOptions{}); err != nil || n != 2 {
			t.Fatalf("re-enqueued %d, want 2: %v", n, err)
		}
		jobs, err = q.Client.JobList(ctx, river.NewJobListParams().Kinds(cycle.CrawlArgs{}.Kind()).First(100))
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs.Jobs) != 4 {
			t.Errorf("%d crawl jobs after the second enqueue, want 4", len(jobs.Jobs))
		}
		counts, _ := st.CycleCounts(ctx, c.ID)
		if counts["pending"] != 2 {
			t.Errorf("crawl states %v, want 2 pending", counts)
		}
	})
}

package cycle_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestCycleEndToEnd runs a whole cycle on each backend: a defect-laden site
// farm, crawl jobs on River, scoring from stored evidence, and the
// agreement of the findings with the farm's ground truth.
func TestCycleEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end cycle: skipped in -short mode")
	}
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 24, Seed: 11, Defects: true},
		sitefarm.Options{SlowDelay: 300 * time.Millisecond, HugeBytes: 4 << 20, BombBytes: 64 << 20})
	storetest.Each(t, func(t *testing.T, st *store.DB) {
		ctx := context.Background()
		var agencies []zwgk.Agency
		truth := map[string]zwgk.Evidence{}
		for _, s := range farm.Sites {
			a := s.Agency
			a.Site = s.URL()
			agencies = append(agencies, a)
			truth[a.Code] = s.TruthFor(sitefarm.Visitor{UserAgent: crawler.DefaultUserAgent, Timeout: 10 * time.Second})
		}
		if _, err := st.ImportAgencies(ctx, agencies, "farm"); err != nil {
			t.Fatal(err)
		}
		fw, err := indicators.Builtin("zwgk-2016")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, a := range agencies {
			codes = append(codes, a.Code)
		}
		c, err := st.CreateCycle(ctx, store.NewCycle{Name: "e2e", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
			FrameworkSource: fw.Source, AsOf: farm.AsOf, WindowDays: fw.WindowDays, Agencies: codes})
		if err != nil {
			t.Fatal(err)
		}
		// The probes are the farm's own truth, recorded at its probe
		// times: the monitor's scheduling is tested on its own below, and
		// real probes here would need the farm's clock to run a week.
		for _, a := range agencies {
			for _, p := range truth[a.Code].Probes {
				if err := st.SaveProbe(ctx, c.ID, a.Code, p); err != nil {
					t.Fatal(err)
				}
			}
		}
		cr := crawler.New(crawler.Options{Delay: -1, PerHost: 4, Timeout: 5 * time.Second, Backoff: 10 * time.Millisecond})
		r := cycle.NewRunner(st, cr)
		q, err := cycle.NewQueue(ctx, st.X.DB, st.Dialect(), cycle.QueueConfig{CrawlWorkers: 8, Workers: r.Workers()})
		if err != nil {
			t.Fatal(err)
		}
		_, n, err := r.EnqueueCrawl(ctx, q, "e2e", cycle.CrawlOptions{})
		if err != nil || n != len(agencies) {
			t.Fatalf("enqueued %d of %d: %v", n, len(agencies), err)
		}
		// Enqueueing again before anything ran inserts duplicates River
		// skips; the jobs stay one per agency.
		if _, _, err := r.EnqueueCrawl(ctx, q, "e2e", cycle.CrawlOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := q.Client.Start(ctx); err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		if err := r.WaitCrawl(wctx, c, cycle.CrawlOptions{Poll: 50 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		if err := q.Client.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		counts, _ := st.CycleCounts(ctx, c.ID)
		if counts["done"] != len(agencies) {
			t.Fatalf("crawl states %v, want all %d done", counts, len(agencies))
		}
		res, err := r.Score(ctx, "e2e")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Scorecards) != len(agencies) || res.Cycle.State != zwgk.CycleReview {
			t.Fatalf("scored %d cards, state %s", len(res.Scorecards), res.Cycle.State)
		}
		// Scoring again from the store gives the same marks.
		again, err := r.Score(ctx, "e2e")
		if err != nil {
			t.Fatal(err)
		}
		for i := range again.Scorecards {
			if a, b := again.Scorecards[i], res.Scorecards[i]; a.Agency != b.Agency || a.Total != b.Total || a.Rank != b.Rank {
				t.Fatalf("re-score differs: %s %.2f #%d vs %s %.2f #%d", a.Agency, a.Total, a.Rank, b.Agency, b.Total, b.Rank)
			}
		}
		ag := cycle.Agree(fw, agencies, truth, res.Findings, farm.AsOf)
		t.Logf("agreement with ground truth: %d/%d = %.2f%%", ag.Matched, ag.Compared, 100*ag.Share())
		for _, m := range ag.Mismatches {
			t.Logf("mismatch: %s", m)
		}
		if ag.Share() < 0.98 {
			t.Fatalf("findings agree with ground truth for %.2f%% of (site, indicator), want ≥ 98%%", 100*ag.Share())
		}
		// Publication waits for the assessors: refused while findings are
		// pending, named in the error; final once every one is reviewed.
		pending, n, err := st.PendingFindings(ctx, c.ID, store.QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			_, err := r.Publish(ctx, "e2e", cycle.PublishOptions{})
			var unf *store.UnfinishedError
			if !errors.As(err, &unf) || unf.Pending != n || len(unf.FirstPending) == 0 {
				t.Fatalf("publish with %d findings pending: %v", n, err)
			}
			var rs []zwgk.Review
			for _, p := range pending {
				rs = append(rs, zwgk.Review{CycleID: c.ID, Agency: p.Agency, Indicator: p.Indicator, Outcome: zwgk.Partial, Fraction: 0.5, Reason: "人工评分", By: "assessor"})
			}
			if _, err := st.AddReviews(ctx, rs, "test"); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Score(ctx, "e2e"); err != nil {
				t.Fatal(err)
			}
		}
		// Publishing freezes the cycle.
		if unf, err := r.Publish(ctx, "e2e", cycle.PublishOptions{}); err != nil || !unf.Empty() {
			t.Fatalf("publish: %v %+v", err, unf)
		}
		if pc, _ := st.CycleByName(ctx, "e2e"); pc.State != zwgk.CyclePublished || pc.Provisional {
			t.Fatalf("published cycle: %s provisional %v", pc.State, pc.Provisional)
		}
		if _, err := r.Score(ctx, "e2e"); err == nil {
			t.Fatal("scoring a published cycle succeeded")
		}
	})
}

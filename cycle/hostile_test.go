package cycle_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
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

// TestHostileSitesInOneCycle crawls the farm's hostile sites (issue 13)
// beside healthy ones as one cycle, through River and the store like a
// real cycle, on each backend: every hostile site ends with its cause in
// the stored evidence, nothing of the private service reaches it, and
// every healthy site's findings equal those of a cycle crawled without
// the hostile sites.
func TestHostileSitesInOneCycle(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the hostile farm: skipped in -short mode")
	}
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 6, Seed: 13})
	hf, err := sitefarm.StartHostile(context.Background(), sitefarm.HostileOptions{
		Stall: 5 * time.Second, HugeBytes: 20 << 20, BombBytes: 256 << 20, RetryAfter: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hf.Close() })
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	var healthy []zwgk.Agency
	for _, s := range farm.Sites {
		a := s.Agency
		a.Site = s.URL()
		healthy = append(healthy, a)
	}
	all := append(append([]zwgk.Agency(nil), healthy...), hf.Agencies()...)

	storetest.Each(t, func(t *testing.T, st *store.DB) {
		ctx := context.Background()
		if _, err := st.ImportAgencies(ctx, all, "farm"); err != nil {
			t.Fatal(err)
		}
		// Timeouts short enough for the stalling sites to end in seconds;
		// the farm answers on loopback in milliseconds.
		cr := crawler.New(crawler.Options{Delay: -1, PerHost: 4, Retries: 1, Backoff: 10 * time.Millisecond,
			ConnectTimeout: time.Second, HeaderTimeout: time.Second, Timeout: 2 * time.Second,
			MaxBody: 12 << 20, MaxDecoded: 16 << 20, MaxRetryAfter: 3 * time.Second})
		defer cr.Close()
		r := cycle.NewRunner(st, cr)
		q, err := cycle.NewQueue(ctx, st.X.DB, st.Dialect(), cycle.QueueConfig{CrawlWorkers: 8, Workers: r.Workers()})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Client.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Client.Stop(ctx)
		run := func(name string, as []zwgk.Agency) (zwgk.Cycle, map[string][]zwgk.Finding) {
			t.Helper()
			var codes []string
			for _, a := range as {
				codes = append(codes, a.Code)
			}
			c, err := st.CreateCycle(ctx, store.NewCycle{Name: name, FrameworkID: fw.ID, FrameworkVersion: fw.Version,
				FrameworkSource: fw.Source, AsOf: farm.AsOf, WindowDays: fw.WindowDays, Agencies: codes})
			if err != nil {
				t.Fatal(err)
			}
			if _, n, err := r.EnqueueCrawl(ctx, q, name, cycle.CrawlOptions{}); err != nil || n != len(as) {
				t.Fatalf("%s: enqueued %d of %d: %v", name, n, len(as), err)
			}
			wctx, cancel := context.WithTimeout(ctx, 3*time.Minute) // a guard against hangs
			defer cancel()
			if err := r.WaitCrawl(wctx, c, cycle.CrawlOptions{Poll: 50 * time.Millisecond}); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if counts, _ := st.CycleCounts(ctx, c.ID); counts["done"] != len(as) {
				t.Fatalf("%s: crawl states %v, want all %d done", name, counts, len(as))
			}
			res, err := r.Score(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			by := map[string][]zwgk.Finding{}
			for _, f := range res.Findings {
				by[f.Agency] = append(by[f.Agency], f)
			}
			return c, by
		}
		mixed, withHostile := run("hostile", all)
		_, alone := run("healthy", healthy)

		for _, hs := range hf.Sites {
			ev, ok, err := st.Evidence(ctx, mixed.ID, hs.Agency.Code)
			if err != nil || !ok {
				t.Fatalf("%s: evidence %v %v", hs.Kind, ok, err)
			}
			got := zwgk.CauseNone
			if ev.Failure != nil {
				got = ev.Failure.Cause
			}
			if got != hs.Cause {
				t.Errorf("%s: failure %+v, want cause %q", hs.Kind, ev.Failure, hs.Cause)
			}
			raw, _ := json.Marshal(ev)
			switch hs.Kind {
			case sitefarm.HostilePrivateRedirect:
				if strings.Contains(string(raw), hs.SecretTitle) || ev.HomeRedirect == nil || ev.HomeRedirect.To != hs.Target {
					t.Errorf("private redirect: home redirect %+v, title leaked %v", ev.HomeRedirect, strings.Contains(string(raw), hs.SecretTitle))
				}
			case sitefarm.HostileManyLinks:
				if ls := ev.LinkSample; ls == nil || ls.OnHome != hs.HomeLinks || ls.Checked == 0 || ls.Checked > 400 {
					t.Errorf("many links: sample %+v, want %d on the home page and a sample", ls, hs.HomeLinks)
				}
			case sitefarm.HostileURLTrap:
				if len(ev.Refused) == 0 {
					t.Errorf("url trap: no refusals stored")
				}
			}
			// A site that could not be assessed fails its crawl-based
			// indicators with the cause in words, never a bare failure.
			if hs.Cause != zwgk.CauseNone {
				for _, f := range withHostile[hs.Agency.Code] {
					if f.Outcome == zwgk.Fail && strings.HasPrefix(f.Measure, "网站未能采集") && !strings.Contains(f.Measure, hs.Cause.Chinese()) {
						t.Errorf("%s %s: measure %q does not say why", hs.Kind, f.Indicator, f.Measure)
					}
				}
			}
		}
		for _, a := range healthy {
			if d := findingDiffs(withHostile[a.Code], alone[a.Code]); len(d) > 0 || len(alone[a.Code]) == 0 {
				t.Errorf("%s: %d findings differ beside the hostile sites (of %d): %s", a.Code, len(d), len(alone[a.Code]), strings.Join(d, "; "))
			}
		}
	})
}

func findingDiffs(got, want []zwgk.Finding) []string {
	g := map[string]zwgk.Finding{}
	for _, f := range got {
		g[f.Indicator] = f
	}
	var out []string
	for _, w := range want {
		f, ok := g[w.Indicator]
		if !ok || f.Outcome != w.Outcome || f.Fraction != w.Fraction || f.Count != w.Count || f.Measure != w.Measure || f.Problem != w.Problem {
			out = append(out, fmt.Sprintf("%s: %s %.3f ×%d %q, alone %s %.3f ×%d %q", w.Indicator, f.Outcome, f.Fraction, f.Count, f.Measure, w.Outcome, w.Fraction, w.Count, w.Measure))
		}
	}
	if len(got) != len(want) {
		out = append(out, fmt.Sprintf("%d findings, alone %d", len(got), len(want)))
	}
	return out
}

package cycle_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/sitefarm"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestRectificationOnTheFarm runs two cycles a year apart on the same
// farm seed and addresses: in the second, every other defective site has
// rectified all its defects (sitefarm.Config.Repaired). What became of each
// problem of the first cycle, judged from the crawls, must agree with what
// the farm's ground truth gives, and the repaired sites must have nothing
// left open.
func TestRectificationOnTheFarm(t *testing.T) {
	if testing.Short() {
		t.Skip("two crawled cycles: skipped in -short mode")
	}
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	repaired := func(k int) bool { return k%2 == 0 }
	opts := sitefarm.Options{SlowDelay: 300 * time.Millisecond, HugeBytes: 4 << 20, BombBytes: 64 << 20}
	asOf := []zwgk.Date{zwgk.NewDate(2025, 11, 20), zwgk.NewDate(2026, 11, 20)}
	var truthFindings [2][]zwgk.Finding
	var got [2]zwgk.Cycle
	var farms [2]*sitefarm.Farm
	for i, name := range []string{"2025", "2026"} {
		cfg := sitefarm.Config{Sites: 24, Seed: 11, Defects: true, AsOf: asOf[i]}
		if i == 1 {
			cfg.Repaired = repaired
		}
		farm := sitefarm.Generate(cfg)
		srv, err := sitefarm.Start(ctx, farm, opts)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// The second farm answers on the same addresses: a problem's
			// subject is a URL, the same page in both cycles.
			u, _ := url.Parse(farm.Sites[0].URL())
			opts.Port, _ = strconv.Atoi(u.Port())
		}
		farms[i] = farm
		var agencies []zwgk.Agency
		truth := map[string]zwgk.Evidence{}
		for _, s := range farm.Sites {
			agencies = append(agencies, s.Agency)
			truth[s.Agency.Code] = s.TruthFor(sitefarm.Visitor{UserAgent: crawler.DefaultUserAgent, Timeout: 10 * time.Second})
			truthFindings[i] = append(truthFindings[i], scoring.Evaluate(fw, s.Agency, truth[s.Agency.Code], asOf[i])...)
		}
		if _, err := st.ImportAgencies(ctx, agencies, "farm"); err != nil {
			t.Fatal(err)
		}
		got[i] = crawlAndScore(t, st, fw, name, asOf[i], agencies, truth)
		srv.Close()
	}
	if err := st.SetPreviousCycle(ctx, got[1].ID, got[0].ID); err != nil {
		t.Fatal(err)
	}
	r := cycle.NewRunner(st, nil)
	rect, ok, err := r.Rectification(ctx, got[1])
	if err != nil || !ok {
		t.Fatalf("rectification: ok=%v err=%v", ok, err)
	}
	var codes []string
	for _, s := range farms[1].Sites {
		codes = append(codes, s.Agency.Code)
	}
	wantItems, wantSum := scoring.Rectify(fw, fw, truthFindings[0], truthFindings[1], codes)
	want := map[string]zwgk.RectState{}
	for _, it := range wantItems {
		want[it.Key] = it.State
	}
	agree, compared := 0, 0
	for _, it := range rect.Items {
		if it.State == zwgk.RectNew {
			continue
		}
		compared++
		if want[it.Key] == it.State {
			agree++
		} else {
			t.Logf("disagrees with the truth: %s %s %q: %s, truth %s", it.Agency, it.Indicator, it.Subject, it.State, want[it.Key])
		}
	}
	for k, w := range want {
		if w == zwgk.RectNew {
			continue
		}
		found := false
		for _, it := range rect.Items {
			found = found || it.Key == k
		}
		if !found {
			compared++
			t.Logf("a problem of the truth the crawl did not have: %s (%s)", k, w)
		}
	}
	share := float64(agree) / float64(max(compared, 1))
	t.Logf("earlier problems classified as the truth classifies them: %d/%d = %.1f%%", agree, compared, 100*share)
	if compared < 20 || share < 0.95 {
		t.Fatalf("%d/%d earlier problems agree with the truth, want ≥ 95%% of at least 20", agree, compared)
	}
	var fixedRepaired, openOthers int
	for _, s := range farms[1].Sites {
		sum := rect.Summary[s.Agency.Code]
		ws := wantSum[s.Agency.Code]
		switch {
		case s.Repaired:
			fixedRepaired += sum.Fixed
			if ws.Open == 0 && sum.Open > 0 {
				t.Errorf("repaired site %s (%s): %d problems still open", s.Agency.Code, s.Profile, sum.Open)
			}
		case s.Profile != sitefarm.ProfileGood:
			openOthers += sum.Open
		}
	}
	t.Logf("repaired sites: %d problems fixed; unrepaired defective sites: %d open", fixedRepaired, openOthers)
	if fixedRepaired == 0 || openOthers == 0 {
		t.Fatalf("fixed on repaired sites %d, open on the others %d: want both > 0", fixedRepaired, openOthers)
	}
}

// crawlAndScore creates cycle name, records the farm's probes, crawls it on
// River and scores it.
func crawlAndScore(t *testing.T, st *store.DB, fw *indicators.Framework, name string, asOf zwgk.Date, agencies []zwgk.Agency, truth map[string]zwgk.Evidence) zwgk.Cycle {
	t.Helper()
	ctx := context.Background()
	var codes []string
	for _, a := range agencies {
		codes = append(codes, a.Code)
	}
	c, err := st.CreateCycle(ctx, store.NewCycle{Name: name, FrameworkID: fw.ID, FrameworkVersion: fw.Version,
		FrameworkSource: fw.Source, AsOf: asOf, WindowDays: fw.WindowDays, Agencies: codes})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agencies {
		for _, p := range truth[a.Code].Probes {
			if err := st.SaveProbe(ctx, c.ID, a.Code, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	cr := crawler.New(crawler.Options{Delay: -1, PerHost: 4, Timeout: 5 * time.Second, Backoff: 10 * time.Millisecond,
		Now: func() time.Time { return asOf.Time().Add(10 * time.Hour) }})
	r := cycle.NewRunner(st, cr)
	q, err := cycle.NewQueue(ctx, st.X.DB, st.Dialect(), cycle.QueueConfig{CrawlWorkers: 8, Workers: r.Workers()})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.EnqueueCrawl(ctx, q, name, cycle.CrawlOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := q.Client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	if err := r.WaitCrawl(wctx, c, cycle.CrawlOptions{Poll: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := q.Client.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Score(ctx, name); err != nil {
		t.Fatal(fmt.Errorf("score %s: %w", name, err))
	}
	c, err = st.CycleByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRecheckReadsOnlyTheProblemsPages: after a cycle, a sloppy site (dead
// links) and a lagging site (stale columns) claim their problems fixed; the
// sloppy one really repaired its site, the lagging one did not. A re-check
// fetches only the pages behind the claimed problems and records the
// first's as fixed, the second's as still open; the cycle is unchanged.
func TestRecheckReadsOnlyTheProblemsPages(t *testing.T) {
	if testing.Short() {
		t.Skip("a crawled cycle: skipped in -short mode")
	}
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		t.Fatal(err)
	}
	opts := sitefarm.Options{SlowDelay: 300 * time.Millisecond, HugeBytes: 4 << 20, BombBytes: 64 << 20}
	cfg := sitefarm.Config{Sites: 12, Seed: 11, Defects: true, AsOf: zwgk.NewDate(2025, 11, 20)}
	farm := sitefarm.Generate(cfg)
	srv, err := sitefarm.Start(ctx, farm, opts)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(farm.Sites[0].URL())
	opts.Port, _ = strconv.Atoi(u.Port())
	var agencies []zwgk.Agency
	truth := map[string]zwgk.Evidence{}
	sloppy, lagging := -1, -1
	for i, s := range farm.Sites {
		agencies = append(agencies, s.Agency)
		truth[s.Agency.Code] = s.TruthFor(sitefarm.Visitor{UserAgent: crawler.DefaultUserAgent, Timeout: 10 * time.Second})
		switch {
		case s.Profile == sitefarm.ProfileSloppy && sloppy < 0:
			sloppy = i
		case s.Profile == sitefarm.ProfileLagging && lagging < 0:
			lagging = i
		}
	}
	if sloppy < 0 || lagging < 0 {
		t.Fatal("the farm has no sloppy or no lagging site")
	}
	if _, err := st.ImportAgencies(ctx, agencies, "farm"); err != nil {
		t.Fatal(err)
	}
	c := crawlAndScore(t, st, fw, "2025", cfg.AsOf, agencies, truth)
	srv.Close()
	before, err := st.Findings(ctx, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}

	// A year on, served as of today: the sloppy site repaired, the lagging
	// one not.
	cfg.AsOf = zwgk.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	cfg.Repaired = func(k int) bool { return k == sloppy }
	farm2 := sitefarm.Generate(cfg)
	srv2, err := sitefarm.Start(ctx, farm2, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer srv2.Close()
	claimAll := func(code string, indicator func(string) bool) int {
		fs, err := st.Findings(ctx, c.ID, code)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range scoring.Problems(fw, fs) {
			if !indicator(p.Indicator) {
				continue
			}
			if _, err := st.AddClaim(ctx, store.Claim{CycleID: c.ID, Agency: code, Key: p.Key, Indicator: p.Indicator, Subject: p.Subject, Note: "已整改", By: code}); err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	ruleOf := map[string]indicators.RuleKind{}
	for _, l := range fw.Leaves() {
		if l.Rule != nil {
			ruleOf[l.ID] = l.Rule.Kind
		}
	}
	sCode, lCode := farm.Sites[sloppy].Agency.Code, farm.Sites[lagging].Agency.Code
	if n := claimAll(sCode, func(id string) bool { return ruleOf[id] == indicators.RuleLinks }); n == 0 {
		t.Fatalf("sloppy site %s has no link problems to claim", sCode)
	}
	if n := claimAll(lCode, func(id string) bool { return ruleOf[id] == indicators.RuleStaleColumns }); n == 0 {
		t.Fatalf("lagging site %s has no stale-column problems to claim", lCode)
	}
	cr := crawler.New(crawler.Options{Delay: -1, PerHost: 4, Timeout: 5 * time.Second, Backoff: 10 * time.Millisecond})
	r := cycle.NewRunner(st, cr)
	for _, tc := range []struct {
		code  string
		state zwgk.RectState
	}{{sCode, zwgk.RectFixed}, {lCode, zwgk.RectOpen}} {
		req0 := srv2.Stats().Requests
		res, err := r.Recheck(ctx, "2025", tc.code, cycle.RecheckOptions{By: "chen"})
		if err != nil {
			t.Fatal(err)
		}
		requests := srv2.Stats().Requests - req0
		t.Logf("%s: %d problems re-checked, %d pages fetched (%d requests to the farm, robots.txt included)", tc.code, len(res.Recorded), res.Pages, requests)
		if len(res.Recorded) == 0 {
			t.Fatalf("%s: nothing re-checked (skipped %v)", tc.code, res.Skipped)
		}
		for _, rc := range res.Recorded {
			if rc.State != tc.state {
				t.Errorf("%s %s %s: %s, want %s (%s)", tc.code, rc.Indicator, rc.Subject, rc.State, tc.state, rc.Detail)
			}
		}
		if res.Pages == 0 || res.Pages > 40 || requests > int64(res.Pages)+3 {
			t.Errorf("%s: %d pages, %d requests: a re-check reads only the problems' pages", tc.code, res.Pages, requests)
		}
		again, err := r.Recheck(ctx, "2025", tc.code, cycle.RecheckOptions{By: "chen"})
		if err != nil || len(again.Recorded) != 0 {
			t.Errorf("%s: a second re-check without new claims re-checked %d (%v)", tc.code, len(again.Recorded), err)
		}
	}
	after, err := st.Findings(ctx, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatal("the re-check changed the cycle's findings")
	}
	for i := range after {
		if after[i].Outcome != before[i].Outcome || after[i].Fraction != before[i].Fraction {
			t.Fatalf("the re-check changed finding %s %s", after[i].Agency, after[i].Indicator)
		}
	}
}

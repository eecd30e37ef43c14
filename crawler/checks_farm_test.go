package crawler

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
)

var checksFramework = `
id: checks-test
version: "1"
title: 内容检查
bands: [{min: 0, grade: 合格}]
` + sitefarm.LeadersYAML() + `indicators:
  - id: C1
    name: 通知公告
    kind: score
    points: 50
    rule: {kind: column, aliases: [通知公告, 通知通告, 公告通知]}
  - id: P1
    name: 个人信息泄露
    kind: deduct
    points: 25
    per: 10
    rule: {kind: content_check, checks: [privacy]}
  - id: W1
    name: 内容安全
    kind: deduct
    points: 20
    per: 5
    rule: {kind: content_check, checks: [wording, typo, sensitive, dark_link]}
  - id: D3
    name: 网站标识
    kind: deduct
    points: 5
    per: 1
    rule: {kind: site_identity}
`

// TestContentChecksAgainstFarm crawls a farm with every profile and holds
// the personal-data candidates to the truth: each leaked number proposed
// (masked), no decoy proposed (document numbers shaped like ID numbers,
// published hotlines, Luhn-failing references), nothing on the other
// sites' pages.
func TestContentChecksAgainstFarm(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls 36 sites")
	}
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 36, Seed: 3, Defects: true},
		sitefarm.Options{SlowDelay: 50 * time.Millisecond, HugeBytes: 1 << 20, BombBytes: 8 << 20, AdmitTokens: []string{"zwgk-assessor"}})
	fw, err := indicators.Parse("checks.yaml", []byte(checksFramework))
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{Delay: -1, PerHost: 4, Retries: -1, UserAgent: "zwgk-assessor/1.0 (+mailto:test@example.org)",
		Timeout: 5 * time.Second, MaxBody: 2 << 20, MaxDecoded: 4 << 20})
	defer c.Close()
	evs := make([]zwgk.Evidence, len(farm.Sites))
	var wg sync.WaitGroup
	for i, s := range farm.Sites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, err := c.Crawl(context.Background(), 1, s.Agency, fw, farm.AsOf, memstore.New())
			if err != nil {
				t.Errorf("%s: %v", s.Agency.Code, err)
			}
			evs[i] = ev
		}()
	}
	wg.Wait()
	key := func(cc zwgk.ContentCheck) string { return fmt.Sprintf("%s %s %s", cc.Kind, cc.Rule, cc.URL) }
	leaks := 0
	for i, s := range farm.Sites {
		ev := evs[i]
		if ev.Failure != nil {
			continue // blocked, slow: no pages, no candidates
		}
		if ev.Scanned == nil || ev.Scanned.Pages == 0 {
			t.Errorf("%s: no content scan recorded", s.Agency.Code)
			continue
		}
		truth := s.Truth()
		var want, got []string
		masked := map[string]string{}
		for _, cc := range truth.ContentChecks {
			want = append(want, key(cc))
			masked[key(cc)] = cc.Excerpt
		}
		for _, cc := range ev.ContentChecks {
			got = append(got, key(cc))
			if m := masked[key(cc)]; m != "" && !strings.Contains(cc.Excerpt, m) {
				t.Errorf("%s: excerpt %q lacks the masked number %s", s.Agency.Code, cc.Excerpt, m)
			}
		}
		for _, cc := range truth.ContentChecks {
			if cc.Kind == zwgk.CheckPrivacy {
				continue
			}
			for _, g := range ev.ContentChecks {
				if key(g) == key(cc) && !strings.Contains(g.Excerpt, strings.Trim(cc.Excerpt, "【】")) {
					t.Errorf("%s: excerpt %q lacks %q", s.Agency.Code, g.Excerpt, cc.Excerpt)
				}
			}
		}
		if ev.Identity == nil || truth.Identity == nil || *ev.Identity != *truth.Identity {
			t.Errorf("%s: identity\n%+v\nwant\n%+v", s.Agency.Code, ev.Identity, truth.Identity)
		}
		if ev.Scanned.Leaders != len(sitefarm.Leaders) {
			t.Errorf("%s: the scan knew %d leaders", s.Agency.Code, ev.Scanned.Leaders)
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%s (%s): candidates\n%s\nwant\n%s", s.Agency.Code, s.Profile, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		leaks += len(want)
	}
	if leaks < 3 {
		t.Errorf("only %d leaks in the farm: every variant should occur", leaks)
	}
	kinds := map[string]bool{}
	for _, s := range farm.Sites {
		for _, d := range s.Defects {
			kinds[d.Kind] = true
		}
	}
	for _, k := range []string{sitefarm.DefectWrongTitle, sitefarm.DefectTypo, sitefarm.DefectDarkLinks, sitefarm.DefectNoSiteCode} {
		if !kinds[k] {
			t.Errorf("no %s in the farm", k)
		}
	}
}

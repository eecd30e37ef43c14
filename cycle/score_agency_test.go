package cycle_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
	"zwgk/store/storetest"
)

// seedScored enrols n agencies of two levels with evidence of varying
// freshness in cycle name (as of asOf) and scores it.
func seedScored(t *testing.T, st *store.DB, name string, asOf zwgk.Date, n int) {
	t.Helper()
	ctx := context.Background()
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		t.Fatal(err)
	}
	var as []zwgk.Agency
	var codes []string
	for i := 0; i < n; i++ {
		lvl := zwgk.LevelCity
		if i%3 == 0 {
			lvl = zwgk.LevelCounty
		}
		a := zwgk.Agency{Code: fmt.Sprintf("S%03d", i), Name: fmt.Sprintf("测试%d", i), Level: lvl,
			Region: zwgk.Region(fmt.Sprintf("44%02d00", 1+i%20)), Site: fmt.Sprintf("https://s%d.example.gov.cn/", i)}
		as = append(as, a)
		codes = append(codes, a.Code)
	}
	if _, err := st.ImportAgencies(ctx, as, "test"); err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateCycle(ctx, store.NewCycle{Name: name, FrameworkID: fw.ID, FrameworkVersion: fw.Version,
		FrameworkSource: fw.Source, AsOf: asOf, WindowDays: 365, Agencies: codes})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(asOf.Year, asOf.Month, asOf.Day, 8, 0, 0, 0, time.UTC)
	for i, a := range as {
		if i%7 == 6 {
			continue // never crawled: judged on its failure
		}
		var items []zwgk.Item
		for d := 0; d < 1+i%9; d++ {
			items = append(items, zwgk.Item{Title: fmt.Sprintf("通知 %d", d), URL: fmt.Sprintf("%sa/%d.html", a.Site, d), Date: asOf.AddDays(-d * (1 + i%11))})
		}
		ev := zwgk.Evidence{Agency: a.Code, CrawledAt: at, Home: zwgk.Home{URL: a.Site, Items: items},
			Pages:   []zwgk.Page{{URL: a.Site, Status: 200, Title: a.Name, FetchedAt: at}},
			Columns: []zwgk.Column{{Name: "通知公告", URL: a.Site + "tzgg/", Items: items, Pages: 1, Complete: true}}}
		if i%4 == 0 {
			ev.Columns = append(ev.Columns, zwgk.Column{Name: "政策文件", URL: a.Site + "zcwj/", Items: items[:1], Pages: 1})
		}
		if err := st.SaveEvidence(ctx, c.ID, ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cycle.NewRunner(st, nil).Score(ctx, name); err != nil {
		t.Fatal(err)
	}
}

// TestScoreAgenciesEqualsScore: after reviews that move agencies up and
// down their tiers, re-scoring only the reviewed agencies leaves exactly
// the findings and scorecards (ranks, tier sizes, percentiles, trends) a
// whole re-score gives, and bumps the cycle's version.
func TestScoreAgenciesEqualsScore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.DB) {
		ctx := context.Background()
		seedScored(t, st, "2025", zwgk.NewDate(2025, 6, 30), 40)
		if _, err := cycle.NewRunner(st, nil).Publish(ctx, "2025", cycle.PublishOptions{Provisional: true}); err != nil {
			t.Fatal(err)
		}
		// The next cycle on the same agencies (trends against 2025).
		fw, _ := indicators.Builtin("gov-website-2019")
		var codes []string
		for i := 0; i < 40; i++ {
			codes = append(codes, fmt.Sprintf("S%03d", i))
		}
		asOf := zwgk.NewDate(2026, 6, 30)
		c, err := st.CreateCycle(ctx, store.NewCycle{Name: "2026", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
			FrameworkSource: fw.Source, AsOf: asOf, WindowDays: 365, Agencies: codes})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 6, 29, 8, 0, 0, 0, time.UTC)
		for i, code := range codes {
			if i%5 == 0 {
				continue
			}
			items := []zwgk.Item{{Title: "通知", URL: "https://x.example.gov.cn/a.html", Date: asOf.AddDays(-i)}}
			ev := zwgk.Evidence{Agency: code, CrawledAt: at, Home: zwgk.Home{URL: "https://x.example.gov.cn/", Items: items},
				Pages:   []zwgk.Page{{URL: "https://x.example.gov.cn/", Status: 200, FetchedAt: at}},
				Columns: []zwgk.Column{{Name: "通知公告", URL: "https://x.example.gov.cn/tzgg/", Items: items, Pages: 1, Complete: true}}}
			if err := st.SaveEvidence(ctx, c.ID, ev); err != nil {
				t.Fatal(err)
			}
		}
		runner := cycle.NewRunner(st, nil)
		if _, err := runner.Score(ctx, "2026"); err != nil {
			t.Fatal(err)
		}
		found, err := st.Findings(ctx, c.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		// Review the first finding of a few agencies the other way round:
		// a pass fails (the agency drops), anything else passes (it rises).
		reviewed := map[string]bool{}
		for _, f := range found {
			if reviewed[f.Agency] || (f.Agency != "S001" && f.Agency != "S004" && f.Agency != "S009" && f.Agency != "S030") {
				continue
			}
			reviewed[f.Agency] = true
			out, frac := zwgk.Pass, 1.0
			if f.Outcome == zwgk.Pass {
				out, frac = zwgk.Fail, 0
			}
			if _, err := st.AddReview(ctx, zwgk.Review{CycleID: c.ID, Agency: f.Agency, Indicator: f.Indicator, Outcome: out,
				Fraction: frac, Reason: "复核", By: "tester"}); err != nil {
				t.Fatal(err)
			}
		}
		before, err := st.CycleByName(ctx, "2026")
		if err != nil {
			t.Fatal(err)
		}
		beforeCards, _ := st.Scorecards(ctx, c.ID)
		var list []string
		for a := range reviewed {
			list = append(list, a)
		}
		if err := runner.ScoreAgencies(ctx, "2026", list); err != nil {
			t.Fatal(err)
		}
		after, _ := st.CycleByName(ctx, "2026")
		if after.Version <= before.Version {
			t.Errorf("version %d after the re-score, was %d: not bumped", after.Version, before.Version)
		}
		incCards, _ := st.Scorecards(ctx, c.ID)
		incFound, _ := st.Findings(ctx, c.ID, "")
		// What a reader holding the version before reads: the reviewed
		// agencies and those they passed, and applied to the cards it
		// held, the cards as they now are.
		changes, err := st.CardsSince(ctx, c.ID, before.Version)
		if err != nil {
			t.Fatal(err)
		}
		if changes.All || changes.Version != after.Version {
			t.Errorf("changes since %d: all %v, version %d (want %d)", before.Version, changes.All, changes.Version, after.Version)
		}
		got := map[string]zwgk.Scorecard{}
		for _, cd := range beforeCards {
			got[cd.Agency] = cd
		}
		others := 0
		for _, cd := range changes.Cards {
			got[cd.Agency] = cd
			if !reviewed[cd.Agency] {
				others++
			}
		}
		for a := range reviewed {
			if !slices.ContainsFunc(changes.Cards, func(cd zwgk.Scorecard) bool { return cd.Agency == a }) {
				t.Errorf("changes lack the reviewed agency %s", a)
			}
		}
		if others == 0 || len(changes.Cards) >= len(incCards) {
			t.Errorf("%d changed cards, %d of agencies not reviewed, of %d: want only the reviewed and some they passed", len(changes.Cards), others, len(incCards))
		}
		for _, cd := range incCards {
			if !reflect.DeepEqual(got[cd.Agency], cd) {
				t.Errorf("card %s from the changes differs from the stored card", cd.Agency)
			}
		}
		if reflect.DeepEqual(incFound, found) {
			t.Fatal("the reviews changed no finding: the test proves nothing")
		}
		if _, err := runner.Score(ctx, "2026"); err != nil {
			t.Fatal(err)
		}
		fullCards, _ := st.Scorecards(ctx, c.ID)
		fullFound, _ := st.Findings(ctx, c.ID, "")
		if !reflect.DeepEqual(incFound, fullFound) {
			t.Errorf("findings differ from a whole re-score")
		}
		if len(incCards) != len(fullCards) {
			t.Fatalf("%d cards, whole re-score %d", len(incCards), len(fullCards))
		}
		for i := range fullCards {
			if !reflect.DeepEqual(incCards[i], fullCards[i]) {
				t.Errorf("card %s: re-scored alone %+v\nwhole %+v", fullCards[i].Agency, incCards[i], fullCards[i])
			}
			if fullCards[i].Delta == nil && i%5 != 0 {
				t.Errorf("card %s has no trend", fullCards[i].Agency)
			}
		}
	})
}

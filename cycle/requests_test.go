package cycle_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestRequestTestsScored: zwgk-2016's J7 waits while no test request is
// on record (never a failure); once the assessor logs requests, scoring
// judges them from the register: an unanswered request past its deadline
// fails the agency, one answered in time and well passes the other, and a
// re-score of one agency in review follows the register.
func TestRequestTestsScored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.DB) {
		ctx := context.Background()
		if _, err := st.ImportAgencies(ctx, []zwgk.Agency{
			{Code: "A1", Name: "甲市人民政府", Level: zwgk.LevelCity, Region: "440300", Site: "https://a1.gov.cn/"},
			{Code: "B1", Name: "乙市人民政府", Level: zwgk.LevelCity, Region: "440400", Site: "https://b1.gov.cn/"},
		}, "test"); err != nil {
			t.Fatal(err)
		}
		fw, err := indicators.Builtin("zwgk-2016")
		if err != nil {
			t.Fatal(err)
		}
		asOf := zwgk.NewDate(2026, 6, 30)
		c, err := st.CreateCycle(ctx, store.NewCycle{Name: "2026", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
			FrameworkSource: fw.Source, AsOf: asOf, WindowDays: 365, Agencies: []string{"A1", "B1"}})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 6, 29, 8, 0, 0, 0, time.UTC)
		for _, code := range []string{"A1", "B1"} {
			site := "https://" + strings.ToLower(code) + ".gov.cn/"
			if err := st.SaveEvidence(ctx, c.ID, zwgk.Evidence{Agency: code, CrawledAt: at, Home: zwgk.Home{URL: site},
				Pages: []zwgk.Page{{URL: site, Status: 200, FetchedAt: at}}}); err != nil {
				t.Fatal(err)
			}
		}
		runner := cycle.NewRunner(st, nil)
		if _, err := runner.Score(ctx, "2026"); err != nil {
			t.Fatal(err)
		}
		j7 := func(code string) zwgk.Finding {
			t.Helper()
			fs, err := st.Findings(ctx, c.ID, code)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Indicator == "J7" {
					return f
				}
			}
			t.Fatalf("%s has no J7 finding", code)
			return zwgk.Finding{}
		}
		for _, code := range []string{"A1", "B1"} {
			if f := j7(code); f.Outcome != zwgk.Pending || !strings.Contains(f.Measure, "no test request on record") {
				t.Fatalf("%s J7 without requests: %+v", code, f)
			}
		}
		d := func(s string) zwgk.Date { v, _ := zwgk.ParseDate(s); return v }
		if _, err := st.AddRequestTest(ctx, zwgk.RequestTest{CycleID: c.ID, Agency: "A1", Channel: zwgk.ChannelOnline,
			SentOn: d("2026-02-06"), Content: "申请公开采购清单", Assessor: "张"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddRequestTest(ctx, zwgk.RequestTest{CycleID: c.ID, Agency: "B1", Channel: zwgk.ChannelLetter,
			SentOn: d("2025-09-24"), ReceivedOn: d("2025-09-26"), Content: "申请公开采购清单", Assessor: "张",
			Answer: &zwgk.RequestAnswer{On: d("2025-10-30"), Form: zwgk.ReplyDisclosed, Quality: zwgk.QualityGood}}); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"A1", "B1"} {
			if err := runner.ScoreAgencies(ctx, "2026", []string{code}); err != nil {
				t.Fatal(err)
			}
		}
		if f := j7("A1"); f.Outcome != zwgk.Fail || !strings.Contains(f.Problem, "逾期未答复") {
			t.Errorf("A1 J7 with an overdue request: %+v", f)
		}
		if f := j7("B1"); f.Outcome != zwgk.Pass {
			t.Errorf("B1 J7 answered on the last day (国庆 2025 counted): %+v", f)
		}
		card, ok, err := st.Scorecard(ctx, c.ID, "B1")
		if err != nil || !ok || card.Indicators["J7"].Earned != 1 {
			t.Errorf("B1 scorecard J7: %+v %v %v", card.Indicators["J7"], ok, err)
		}
	})
}

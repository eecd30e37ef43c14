package scoring

import (
	"slices"
	"testing"
	"time"

	"zwgk"
	"zwgk/indicators"
)

func find(id string, o zwgk.Outcome, frac float64) zwgk.Finding {
	return zwgk.Finding{Agency: agency.Code, Indicator: id, Outcome: o, Fraction: frac}
}

func TestScoreWorkedExamples2019(t *testing.T) {
	staleRule := &indicators.Rule{Kind: indicators.RuleStaleColumns, StaleColumns: &indicators.StaleColumns{
		Classes:    []indicators.ColumnClass{{Name: "news", Aliases: []string{"动态"}, MaxAgeDays: 14}},
		StaleLimit: 5,
	}}
	t.Run("5 stale columns vetoed, base still shown", func(t *testing.T) {
		fw := framework(leaf("V", indicators.KindVeto, 0, staleRule), leaf("S", indicators.KindScore, 100, manual()))
		var cols []zwgk.Column
		for _, n := range []string{"工作动态", "部门动态", "基层动态", "图片动态", "媒体动态"} {
			cols = append(cols, zwgk.Column{Name: n, URL: "http://gov.test/" + n, Items: items("2026-09-01")})
		}
		found := Evaluate(fw, agency, zwgk.Evidence{Columns: cols}, asOf)
		found[1] = find("S", zwgk.Pass, 0.9) // the assessor's mark
		c := Score(fw, agency, found)
		if !c.Vetoed || !slices.Equal(c.Veto, []string{"V"}) || c.Grade != "不合格" {
			t.Fatalf("vetoed=%v veto=%v grade=%q, want vetoed by V, 不合格", c.Vetoed, c.Veto, c.Grade)
		}
		if c.Total != 90 || c.Base != 90 {
			t.Errorf("total %v base %v, want 90 shown despite the veto", c.Total, c.Base)
		}
		if len(c.VetoReasons) != 1 || !contains(c.VetoReasons[0], "5个栏目未按期更新") {
			t.Errorf("veto reasons %q", c.VetoReasons)
		}
		cols = cols[:4]
		found = Evaluate(fw, agency, zwgk.Evidence{Columns: cols}, asOf)
		found[1] = find("S", zwgk.Pass, 0.9)
		if c := Score(fw, agency, found); c.Vetoed || c.Grade != "优秀" {
			t.Errorf("4 stale columns: vetoed=%v grade=%q, want not vetoed, 优秀", c.Vetoed, c.Grade)
		}
	})
	t.Run("veto grade from framework", func(t *testing.T) {
		fw := framework(leaf("V", indicators.KindVeto, 0, staleRule), leaf("S", indicators.KindScore, 100, manual()))
		fw.VetoGrade = "单项否决"
		c := Score(fw, agency, []zwgk.Finding{find("V", zwgk.Fail, 0), find("S", zwgk.Pass, 1)})
		if c.Grade != "单项否决" {
			t.Errorf("grade %q", c.Grade)
		}
	})
	t.Run("deductions past the cap stop at the cap", func(t *testing.T) {
		d := &indicators.Indicator{ID: "D", Name: "错别字", Kind: indicators.KindDeduct, Points: 10, Per: 2, Rule: manual()}
		fw := framework(d, leaf("S", indicators.KindScore, 90, manual()))
		for _, tc := range []struct {
			count           int
			total, deducted float64
		}{{0, 100, 0}, {3, 94, 6}, {5, 90, 10}, {7, 90, 10}, {1 << 40, 90, 10}} {
			f := zwgk.Finding{Agency: agency.Code, Indicator: "D", Outcome: zwgk.Partial, Count: tc.count}
			c := Score(fw, agency, []zwgk.Finding{f, find("S", zwgk.Pass, 1)})
			if c.Total != tc.total || c.Deductions != tc.deducted || c.Indicators["D"].Earned != -tc.deducted {
				t.Errorf("count %d: total %v deductions %v earned %v, want %v %v", tc.count, c.Total, c.Deductions, c.Indicators["D"].Earned, tc.total, tc.deducted)
			}
		}
	})
	t.Run("bonus only from the gate, capped", func(t *testing.T) {
		fw := framework(leaf("S", indicators.KindScore, 100, manual()), leaf("B", indicators.KindBonus, 40, manual()))
		fw.Total, fw.BonusCap = 100, 30
		for _, tc := range []struct {
			base, bonus          float64
			wantBonus, wantTotal float64
		}{
			{0.79, 0.25, 0, 79},
			{0.80, 0.25, 10, 90},
			{0.81, 0.25, 10, 91},
			{0.81, 1, 19, 100}, // 30 capped, and the total never passes 100
			{0.5, 1, 0, 50},
		} {
			c := Score(fw, agency, []zwgk.Finding{find("S", zwgk.Partial, tc.base), find("B", zwgk.Partial, tc.bonus)})
			if c.Bonus != tc.wantBonus || c.Total != tc.wantTotal {
				t.Errorf("base %v bonus %v: got bonus %v total %v, want %v %v", tc.base, tc.bonus, c.Bonus, c.Total, tc.wantBonus, tc.wantTotal)
			}
		}
	})
	t.Run("ministry without services rescaled by 4/3", func(t *testing.T) {
		svc := leaf("SVC", indicators.KindScore, 25, manual())
		svc.Levels = []zwgk.Level{zwgk.LevelProvince, zwgk.LevelCity, zwgk.LevelCounty}
		fw := framework(group("A", leaf("A1", indicators.KindScore, 45, manual()), leaf("A2", indicators.KindScore, 30, manual())), group("B", svc))
		ministry := zwgk.Agency{Code: "M", Name: "某部", Level: zwgk.LevelMinistry, Region: "110000"}
		found := []zwgk.Finding{{Agency: "M", Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1}, {Agency: "M", Indicator: "A2", Outcome: zwgk.Partial, Fraction: 0.5}}
		found = append(found, EvaluateLeaf(fw, svc, ministry, &zwgk.Evidence{}, asOf))
		if found[2].Outcome != zwgk.NA {
			t.Fatalf("service indicator for a ministry: %s, want na", found[2].Outcome)
		}
		c := Score(fw, ministry, found)
		// 45 + 15 = 60 of 75 → 80 of 100.
		if c.Applicable != 75 || c.Total != 80 || c.Scale != 4.0/3 {
			t.Errorf("applicable %v scale %v total %v, want 75, 4/3, 80", c.Applicable, c.Scale, c.Total)
		}
		if c.Subtotals["A"] != 80 || c.Subtotals["B"] != 0 {
			t.Errorf("subtotals %v, want A 80 (rescaled), B 0", c.Subtotals)
		}
		if c.Indicators["A2"].Earned != 15 || c.Indicators["SVC"].Outcome != zwgk.NA {
			t.Errorf("indicators %v", c.Indicators)
		}
		fw.NotApplicable = "full"
		if c := Score(fw, ministry, found); c.Total != 85 || c.Applicable != 100 {
			t.Errorf("full policy: total %v applicable %v, want 85 of 100", c.Total, c.Applicable)
		}
	})
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestScoreRoundingHalfUpOnce(t *testing.T) {
	// Three leaves of 1/3 each earn 33.3333…; rounding each to 33.33 and
	// summing would give 99.99, the exact sum is 100.
	fw := framework(leaf("A", indicators.KindScore, 100.0/3, manual()), leaf("B", indicators.KindScore, 100.0/3, manual()), leaf("C", indicators.KindScore, 100.0/3, manual()))
	c := Score(fw, agency, []zwgk.Finding{find("A", zwgk.Pass, 1), find("B", zwgk.Pass, 1), find("C", zwgk.Pass, 1)})
	if c.Total != 100 {
		t.Errorf("total %v, want 100", c.Total)
	}
	// 84.995 rounds up to 85.00 (half-up, not to even) and is then 优秀.
	fw = framework(leaf("A", indicators.KindScore, 100, manual()))
	c = Score(fw, agency, []zwgk.Finding{find("A", zwgk.Partial, 0.84995)})
	if c.Total != 85 || c.Grade != "优秀" {
		t.Errorf("0.84995 × 100 → %v %s, want 85 优秀", c.Total, c.Grade)
	}
	c = Score(fw, agency, []zwgk.Finding{find("A", zwgk.Partial, 0.849949)})
	if c.Total != 84.99 || c.Grade != "良好" {
		t.Errorf("0.849949 × 100 → %v %s, want 84.99 良好", c.Total, c.Grade)
	}
	for _, tc := range []struct{ in, want float64 }{{0.125, 0.13}, {2.675, 2.68}, {1.005, 1.01}, {-0.125, -0.12}, {85.37, 85.37}} {
		if got := round2(tc.in); got != tc.want {
			t.Errorf("round2(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestScorePendingProvisional(t *testing.T) {
	fw := framework(leaf("A", indicators.KindScore, 60, manual()), leaf("M", indicators.KindManual, 40, nil))
	found := Evaluate(fw, agency, zwgk.Evidence{}, asOf)
	found[0] = find("A", zwgk.Pass, 1)
	c := Score(fw, agency, found)
	if !c.Provisional || c.Total != 60 || c.Indicators["M"].Outcome != zwgk.Pending {
		t.Errorf("provisional %v total %v M %v, want provisional, 60 (pending counted 0)", c.Provisional, c.Total, c.Indicators["M"])
	}
	c = Score(fw, agency, []zwgk.Finding{find("A", zwgk.Pass, 1), find("M", zwgk.Partial, 0.5)})
	if c.Provisional || c.Total != 80 {
		t.Errorf("after the assessor: provisional %v total %v, want final 80", c.Provisional, c.Total)
	}
	// A missing finding is pending, not a pass.
	c = Score(fw, agency, []zwgk.Finding{find("A", zwgk.Pass, 1)})
	if !c.Provisional || c.Total != 60 {
		t.Errorf("missing finding: provisional %v total %v", c.Provisional, c.Total)
	}
}

func TestScoreAppraisalAndOrderIndependence(t *testing.T) {
	fw := framework(group("A", leaf("A1", indicators.KindScore, 30, manual()), leaf("A2", indicators.KindScore, 30, manual())), leaf("B", indicators.KindScore, 40, manual()))
	found := []zwgk.Finding{find("A1", zwgk.Partial, 0.77), find("A2", zwgk.Partial, 1.0/3), find("B", zwgk.Partial, 0.915)}
	c := Score(fw, agency, found)
	// 23.1 + 10 + 36.6 = 69.7
	if c.Total != 69.7 || c.Appraisal != 2.79 || c.Grade != "合格" || c.Subtotals["A"] != 33.1 {
		t.Errorf("total %v appraisal %v grade %s subtotals %v, want 69.7, 2.79 (69.7/100×4), 合格, A 33.1", c.Total, c.Appraisal, c.Grade, c.Subtotals)
	}
	slices.Reverse(found)
	if c2 := Score(fw, agency, found); c2.Total != c.Total || c2.Subtotals["A"] != c.Subtotals["A"] {
		t.Errorf("reversed findings give %v, want %v", c2.Total, c.Total)
	}
}

func TestApplyReviews(t *testing.T) {
	auto := []zwgk.Finding{
		{Agency: "A1", Indicator: "X", Outcome: zwgk.Fail, Measure: "未找到栏目", Problem: "未找到「权责清单」栏目"},
		{Agency: "A1", Indicator: "Y", Outcome: zwgk.Pass, Fraction: 1},
		{Agency: "A2", Indicator: "X", Outcome: zwgk.Fail, Problem: "p"},
	}
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	appeal := int64(7)
	reviews := []zwgk.Review{
		{ID: 2, Agency: "A1", Indicator: "X", Outcome: zwgk.Pass, Fraction: 1, Reason: "栏目名为「权力清单」，实为同一栏目", By: "li", At: t0.Add(time.Hour), Appeal: &appeal},
		{ID: 1, Agency: "A1", Indicator: "X", Outcome: zwgk.Partial, Fraction: 0.5, Reason: "older", By: "wang", At: t0},
		{ID: 3, Agency: "A1", Indicator: "Y", Outcome: zwgk.Fail, Reason: "首页链接指向外网", By: "li", At: t0},
		{ID: 4, Agency: "A9", Indicator: "X", Outcome: zwgk.Pass, By: "li", At: t0},
	}
	got := ApplyReviews(auto, reviews)
	x := got[0]
	if x.Outcome != zwgk.Pass || x.Fraction != 1 || x.Problem != "" || x.Override == nil || x.Override.Reason != reviews[0].Reason || x.Override.Appeal != 7 {
		t.Errorf("latest review not applied: %+v %+v", x, x.Override)
	}
	if x.Automated == nil || x.Automated.Outcome != zwgk.Fail || x.Automated.Problem != "未找到「权责清单」栏目" {
		t.Errorf("automated finding not kept: %+v", x.Automated)
	}
	if y := got[1]; y.Outcome != zwgk.Fail || y.Problem != "首页链接指向外网" {
		t.Errorf("failing a pass: %+v, want fail with the reason as problem", y)
	}
	if got[2].Override != nil || auto[0].Override != nil {
		t.Errorf("unreviewed finding or input changed")
	}
	again := ApplyReviews(got, reviews)
	if again[0].Automated.Outcome != zwgk.Fail || again[0].Automated.Automated != nil {
		t.Errorf("applying twice lost the machine's finding: %+v", again[0].Automated)
	}
}

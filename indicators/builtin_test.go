package indicators_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

func TestBuiltinsValidate(t *testing.T) {
	ids := indicators.BuiltinIDs()
	if !slices.Equal(ids, []string{"gov-website-2019", "zwgk-2016"}) {
		t.Fatalf("built-ins %v", ids)
	}
	for _, id := range ids {
		fw, err := indicators.Builtin(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if fw.ID != id {
			t.Errorf("file %s holds framework %s", id, fw.ID)
		}
		// Points add up at every level (Parse checks it; this guards the
		// check itself).
		fw.Walk(func(ind *indicators.Indicator, _ int) {
			if len(ind.Children) == 0 {
				if ind.Basis == "" {
					t.Errorf("%s %s: leaf without basis", id, ind.ID)
				}
				return
			}
			sum := 0.0
			for _, c := range ind.Children {
				sum += c.Points
			}
			if math.Abs(sum-ind.Points) > 1e-9 {
				t.Errorf("%s %s: children sum to %v, parent %v", id, ind.ID, sum, ind.Points)
			}
		})
		if fw.Sampling != indicators.DefaultSampling {
			t.Errorf("%s sampling %+v", id, fw.Sampling)
		}
	}
	if _, err := indicators.Builtin("nope"); err == nil || !strings.Contains(err.Error(), "zwgk-2016") {
		t.Errorf("unknown built-in: %v", err)
	}
	if _, err := indicators.Builtin("../builtin/zwgk-2016"); err == nil {
		t.Error("a path is not a built-in id")
	}
}

func vetoRules(fw *indicators.Framework) []indicators.RuleKind {
	var out []indicators.RuleKind
	for _, l := range fw.Leaves() {
		if l.Kind == indicators.KindVeto {
			out = append(out, l.Rule.Kind)
		}
	}
	return out
}

func TestZwgk2016(t *testing.T) {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	leaves := fw.Leaves()
	if n := len(leaves); n < 40 || n > 80 {
		t.Errorf("%d leaves, want 40–80", n)
	}
	if fw.Total != 100 || fw.AppraisalWeight != 4 || fw.BonusGate == 0 || fw.NotApplicable != indicators.NARescale {
		t.Errorf("settings %+v", fw)
	}
	for _, k := range []indicators.RuleKind{indicators.RuleAvailability, indicators.RuleHomepageUpdated, indicators.RuleStaleColumns, indicators.RuleResponse} {
		if !slices.Contains(vetoRules(fw), k) {
			t.Errorf("no veto with rule %s", k)
		}
	}
	// Every section §4–§18 is measured by some leaf.
	for s := 4; s <= 18; s++ {
		sec := "§" + strconv.Itoa(s)
		if !slices.ContainsFunc(leaves, func(l *indicators.Indicator) bool { return l.Basis == sec }) {
			t.Errorf("no leaf measures %s", sec)
		}
	}
	// Levels respected: ministries have no county poverty funds, counties
	// no departmental regulations.
	if fw.Indicator("C6").AppliesTo(zwgk.LevelMinistry) || fw.Indicator("F6").AppliesTo(zwgk.LevelCounty) {
		t.Error("levels not respected")
	}
	// Real labels of the same column all match.
	labels := map[string][]string{
		"J2": {"政府信息公开指南", "信息公开指南", "公开指南", "政府資訊公開指南"},
		"F1": {"财政预决算", "预决算公开", "财政信息", "部门预决算", "財政預決算"},
		"C1": {"权责清单", "权力清单", "权力和责任清单", "责任清单", "權責清單"},
		"H1": {"政策解读", "解读回应", "图解政策"},
		"A1": {"意见征集", "征求意见", "民意征集", "网上调查"},
		"I1": {"领导信箱", "书记信箱", "省长信箱", "市长信箱", "县长信箱", "部长信箱", "厅长信箱", "局长信箱", "咨询投诉", "互动交流"},
	}
	for id, ls := range labels {
		aliases := fw.Indicator(id).Rule.Aliases()
		for _, l := range ls {
			if !indicators.MatchAlias(aliases, l) {
				t.Errorf("%s does not match label %q", id, l)
			}
		}
	}
}

func TestGovWebsite2019(t *testing.T) {
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		t.Fatal(err)
	}
	if fw.BonusGate != 80 || fw.BonusCap != 30 || fw.Grade(59.9) != "不合格" || fw.Grade(60) != "合格" {
		t.Errorf("gate %v cap %v", fw.BonusGate, fw.BonusCap)
	}
	vetoes := vetoRules(fw)
	for _, k := range []indicators.RuleKind{indicators.RuleAvailability, indicators.RuleHomepageUpdated, indicators.RuleStaleColumns, indicators.RuleResponse} {
		if !slices.Contains(vetoes, k) {
			t.Errorf("no veto with rule %s", k)
		}
	}
	a := fw.Indicator("V2").Rule.Availability
	if a.Timeout.Seconds() != 15 || a.PerDay != 20 || a.Days != 7 || a.FailRatio != 0.05 {
		t.Errorf("availability %+v", a)
	}
	s := fw.Indicator("V4").Rule.StaleColumns
	if s.StaleLimit != 5 || s.LongStaleLimit != 10 || s.EmptyLimit != 5 {
		t.Errorf("stale columns %+v", s)
	}
	deduct := 0.0
	for _, l := range fw.Leaves() {
		switch l.Kind {
		case indicators.KindDeduct:
			deduct += l.Points
			if l.Per <= 0 || l.Per > l.Points {
				t.Errorf("%s per %v", l.ID, l.Per)
			}
		case indicators.KindVeto, indicators.KindBonus:
		default:
			t.Errorf("%s: kind %s in a deduction scheme", l.ID, l.Kind)
		}
	}
	if deduct != 100 {
		t.Errorf("deductions total %v", deduct)
	}
	// Without public services the 25 points of 办事服务 drop out: 100/75.
	if p := fw.Indicator("B").Points; fw.Total/(fw.Total-p) != 4.0/3 {
		t.Errorf("办事服务 has %v points, rescale is not 4/3", p)
	}
}

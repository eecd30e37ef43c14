package scoring

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// The 2019 rules of issue 19: annual-report deadlines per level, channels
// the 2019 rule does not count, first-level column staleness, veto 6.

func TestAnnualReportDeadlinePerLevel(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleDocument, Document: &indicators.Document{
		Pattern: `{prev_year}年.*年度报告`, Deadline: "01-31", GovernmentDeadline: "03-31"}}
	fw := framework(leaf("R", indicators.KindScore, 100, rule))
	ev := zwgk.Evidence{Columns: []zwgk.Column{{Name: "年度报告", Items: []zwgk.Item{{Title: "2025年政府信息公开工作年度报告", URL: "u", Date: day("2026-03-15")}}}}}
	for _, tt := range []struct {
		a    zwgk.Agency
		want zwgk.Outcome
	}{
		{zwgk.Agency{Code: "g", Name: "深圳市人民政府", Level: zwgk.LevelCity}, zwgk.Pass},
		{zwgk.Agency{Code: "o", Name: "广东省人民政府办公厅", Level: zwgk.LevelProvince}, zwgk.Pass},
		{zwgk.Agency{Code: "d", Name: "深圳市教育局", Level: zwgk.LevelCity}, zwgk.Fail},
		{zwgk.Agency{Code: "m", Name: "教育部", Level: zwgk.LevelMinistry}, zwgk.Fail},
	} {
		if f := Evaluate(fw, tt.a, ev, asOf)[0]; f.Outcome != tt.want {
			t.Errorf("%s, report of 15 March: %s (%s), want %s", tt.a.Name, f.Outcome, f.Problem, tt.want)
		}
	}
	ev.Columns[0].Items[0].Date = day("2026-04-01")
	if f := Evaluate(fw, zwgk.Agency{Code: "g", Name: "深圳市人民政府", Level: zwgk.LevelCity}, ev, asOf)[0]; f.Outcome != zwgk.Fail || !strings.Contains(f.Problem, "3月31日") {
		t.Errorf("government report of 1 April: %s %q, want fail against 31 March", f.Outcome, f.Problem)
	}
}

func TestResponseExcludesPetitionChannels(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleResponse, Response: &indicators.Response{
		Aliases: []string{"网上信访", "领导信箱", "信箱"}, Exclude: []string{"网上信访", "纪检", "举报"}, MaxWorkingDays: 15, UnansweredDays: 90, LookbackDays: 365}}
	fw := framework(leaf("V", indicators.KindVeto, 0, rule))
	letters := []zwgk.Item{{Title: "咨询", Submitted: day("2026-10-01"), Replied: day("2026-10-05")}}
	only := zwgk.Evidence{Columns: []zwgk.Column{{Name: "网上信访", Indicators: []string{"V"}, Items: letters}, {Name: "纪检监察举报信箱", Items: letters}}}
	f := Evaluate(fw, zwgk.Agency{Code: "a"}, only, asOf)[0]
	if f.Outcome != zwgk.Fail || !strings.Contains(f.Problem, "网上信访") {
		t.Errorf("petition-only site: %s %q, want fail: no consultation channel", f.Outcome, f.Problem)
	}
	both := only
	both.Columns = append(both.Columns, zwgk.Column{Name: "市长信箱", Items: letters})
	if f := Evaluate(fw, zwgk.Agency{Code: "a"}, both, asOf)[0]; f.Outcome != zwgk.Pass {
		t.Errorf("site with a 市长信箱 too: %s %q, want pass", f.Outcome, f.Problem)
	}
}

func TestStaleColumnsFirstLevel(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleStaleColumns, StaleColumns: &indicators.StaleColumns{
		Classes:    []indicators.ColumnClass{{Name: "notice", Aliases: []string{"通知"}, MaxAgeDays: 180, FirstLevel: true}},
		StaleLimit: 1, LongStaleDays: 365, LongStaleLimit: 10, EmptyLimit: 5}}
	fw := framework(leaf("V", indicators.KindVeto, 0, rule))
	ev := zwgk.Evidence{Columns: []zwgk.Column{{Name: "乡镇通知", URL: "http://a/xz/tz/", Items: items("2026-01-02")}}}
	ev.FirstLevel = []string{"http://a/tzgg/"}
	if f := Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)[0]; f.Outcome != zwgk.Pass {
		t.Errorf("stale second-level notice column: %s %q, want pass (the period rule is for first-level columns)", f.Outcome, f.Problem)
	}
	ev.FirstLevel = append(ev.FirstLevel, "http://a/xz/tz/")
	if f := Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)[0]; f.Outcome != zwgk.Fail {
		t.Errorf("stale first-level notice column: %s, want fail", f.Outcome)
	}
	ev.FirstLevel = nil // evidence that does not say: every column counts
	if f := Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)[0]; f.Outcome != zwgk.Fail {
		t.Errorf("without first-level evidence: %s, want fail", f.Outcome)
	}
}

func TestServiceUsable(t *testing.T) {
	p := &indicators.ServiceUsable{Aliases: []string{"办事指南"}, SystemAliases: []string{"网上办事大厅"}}
	rule := &indicators.Rule{Kind: indicators.RuleServiceUsable, ServiceUsable: p}
	if errs := indicators.ValidateRuleForTest(rule); len(errs) > 0 {
		t.Fatal(errs)
	}
	fw := framework(leaf("V6", indicators.KindVeto, 0, rule))
	a := zwgk.Agency{Code: "a"}
	guide := func(n int, terms ...string) zwgk.Item {
		return zwgk.Item{Title: "事项办事指南", URL: "http://a/bszn/" + string(rune('0'+n)) + ".html", Opened: true, Terms: terms}
	}
	full := []string{"事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"}
	poor := []string{"事项名称", "办理地点", "办理时间"} // five missing
	var good, bad []zwgk.Item
	for i := range 5 {
		good = append(good, guide(i, full...))
		bad = append(bad, guide(i, poor...))
	}
	if f := Evaluate(fw, a, zwgk.Evidence{}, asOf)[0]; f.Outcome != zwgk.Fail || f.Problem != "未提供办事服务" {
		t.Errorf("no service column: %s %q", f.Outcome, f.Problem)
	}
	ok := zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Items: good}}}
	if f := Evaluate(fw, a, ok, asOf)[0]; f.Outcome != zwgk.Pass {
		t.Errorf("complete guides: %s %q", f.Outcome, f.Problem)
	}
	four := zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Items: append(bad[:4:4], good[4])}}}
	if f := Evaluate(fw, a, four, asOf)[0]; f.Outcome != zwgk.Pass {
		t.Errorf("four deficient guides of five: %s, want pass (the limit is 5)", f.Outcome)
	}
	useless := zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Items: bad}}}
	if f := Evaluate(fw, a, useless, asOf)[0]; f.Outcome != zwgk.Fail || !strings.Contains(f.Problem, "5份办事指南缺少4类以上要素") {
		t.Errorf("five deficient guides: %s %q", f.Outcome, f.Problem)
	}
	down := zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Items: good}, {Name: "网上办事大厅", URL: "http://a/wsbs/", Cause: zwgk.CauseStatus}}}
	if f := Evaluate(fw, a, down, asOf)[0]; f.Outcome != zwgk.Fail || !strings.Contains(f.Problem, "网上办事大厅") {
		t.Errorf("online system down: %s %q", f.Outcome, f.Problem)
	}
	unread := zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Cause: zwgk.CauseScript}}}
	if f := Evaluate(fw, a, unread, asOf)[0]; f.Outcome != zwgk.Pending {
		t.Errorf("guides not readable: %s, want pending", f.Outcome)
	}
}

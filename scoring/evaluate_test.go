package scoring

import (
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/indicators"
)

type evalCase struct {
	name     string
	ind      *indicators.Indicator
	ev       zwgk.Evidence
	agency   *zwgk.Agency
	outcome  zwgk.Outcome
	fraction float64
	count    int
	measure  string // substring
	problem  string // substring; "" means the problem must be empty
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := agency
			if tc.agency != nil {
				a = *tc.agency
			}
			fw := framework(tc.ind)
			f := EvaluateLeaf(fw, tc.ind, a, &tc.ev, asOf)
			if f.Outcome != tc.outcome {
				t.Errorf("outcome = %s, want %s (measure %q, problem %q)", f.Outcome, tc.outcome, f.Measure, f.Problem)
			}
			if diff := f.Fraction - tc.fraction; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("fraction = %v, want %v", f.Fraction, tc.fraction)
			}
			if f.Count != tc.count {
				t.Errorf("count = %d, want %d", f.Count, tc.count)
			}
			if !strings.Contains(f.Measure, tc.measure) {
				t.Errorf("measure = %q, want it to contain %q", f.Measure, tc.measure)
			}
			if tc.problem == "" && f.Problem != "" {
				t.Errorf("problem = %q, want none", f.Problem)
			}
			if !strings.Contains(f.Problem, tc.problem) {
				t.Errorf("problem = %q, want it to contain %q", f.Problem, tc.problem)
			}
			if f.Agency != a.Code || f.Indicator != tc.ind.ID {
				t.Errorf("finding names %s/%s, want %s/%s", f.Agency, f.Indicator, a.Code, tc.ind.ID)
			}
		})
	}
}

func TestAvailability(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleAvailability, Availability: &indicators.Availability{
		Timeout: 15 * time.Second, PerDay: 20, Days: 7, MinProbes: 140, FailRatio: 0.05}}
	veto := leaf("V1", indicators.KindVeto, 0, rule)
	score := leaf("S1", indicators.KindScore, 10, rule)
	slow := probes(140, 0)
	slow[0].Latency = 16 * time.Second
	blocked := zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseBlocked, Status: 403}, Probes: probes(140, 0)}
	// The assessor's outage: the failed probes fell in rounds where most
	// of the cohort failed too.
	outaged := func(ok, failed int) zwgk.Evidence {
		ev := zwgk.Evidence{Probes: probes(ok, failed)}
		for _, p := range ev.Probes[ok:] {
			ev.ProbeOutages = append(ev.ProbeOutages, p.At)
		}
		return ev
	}
	runEvalCases(t, []evalCase{
		{name: "all up", ind: veto, ev: zwgk.Evidence{Probes: probes(140, 0)}, outcome: zwgk.Pass, fraction: 1, measure: "探测 140 次，失败 0 次"},
		{name: "below ratio", ind: veto, ev: zwgk.Evidence{Probes: probes(134, 6)}, outcome: zwgk.Pass, fraction: 1, measure: "失败 6 次"},
		{name: "ratio reached", ind: veto, ev: zwgk.Evidence{Probes: probes(133, 7)}, outcome: zwgk.Fail, problem: "达到5%的限值"},
		{name: "too few probes pending", ind: veto, ev: zwgk.Evidence{Probes: probes(100, 0)}, outcome: zwgk.Pending, measure: "少于规定的 140 次", problem: "探测次数不足（100/140）"},
		{name: "no probes pending", ind: veto, ev: zwgk.Evidence{}, outcome: zwgk.Pending, problem: "尚无结论"},
		{name: "slow probe counts as failure", ind: score, ev: zwgk.Evidence{Probes: slow}, outcome: zwgk.Partial, fraction: 139.0 / 140, problem: "访问不稳定"},
		{name: "judged from probes even when crawl blocked", ind: veto, ev: blocked, outcome: zwgk.Pass, fraction: 1},
		{name: "assessor's outage left out", ind: veto, ev: outaged(140, 9), outcome: zwgk.Pass, fraction: 1, measure: "另有 9 次探测时评估方网络异常"},
		{name: "assessor's outage leaves too few: pending, not a veto", ind: veto, ev: outaged(133, 7), outcome: zwgk.Pending, measure: "少于规定的 140 次，待补测；另有 7 次", problem: "探测次数不足（133/140）"},
	})
}

func TestHomepageUpdated(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleHomepageUpdated, HomepageUpdated: &indicators.HomepageUpdated{MaxAgeDays: 14}}
	veto := leaf("V2", indicators.KindVeto, 0, rule)
	runEvalCases(t, []evalCase{
		{name: "fresh", ind: veto, ev: zwgk.Evidence{Home: zwgk.Home{Items: items("2026-11-20", "2026-10-01", "")}}, outcome: zwgk.Pass, fraction: 1, measure: "最新信息 2026-11-20，距评估日 7 天"},
		{name: "exactly 14 days", ind: veto, ev: zwgk.Evidence{Home: zwgk.Home{Items: items("2026-11-13")}}, outcome: zwgk.Pass, fraction: 1},
		{name: "15 days stale", ind: veto, ev: zwgk.Evidence{Home: zwgk.Home{Items: items("2026-11-12")}}, outcome: zwgk.Fail, problem: "首页最新信息为2026年11月12日，超过14天未更新"},
		{name: "undated counts as not updated", ind: veto, ev: zwgk.Evidence{Home: zwgk.Home{Items: items("", "")}}, outcome: zwgk.Fail, measure: "均无发布日期", problem: "视为未更新"},
		{name: "future-dated item ignored", ind: veto, ev: zwgk.Evidence{Home: zwgk.Home{Items: items("2026-12-01", "2026-09-01")}}, outcome: zwgk.Fail, problem: "2026年9月1日"},
		{name: "hub judged by second level", ind: veto, ev: zwgk.Evidence{Home: zwgk.Home{Hub: true, Items: items("2020-01-01"), SecondLevel: items("2026-11-25")}}, outcome: zwgk.Pass, fraction: 1, measure: "二级页面"},
		{name: "site blocked", ind: veto, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseBlocked, Status: 403}}, outcome: zwgk.Fail, problem: "网站拒绝评估程序访问（403），无法核查"},
		{name: "site down with status", ind: veto, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseStatus, Status: 502}}, outcome: zwgk.Fail, problem: "服务器返回错误状态（HTTP 502），无法核查"},
		// Never accuse on a guess: when the assessment could not see the
		// site (no browser, an unpassed challenge, its own crawl cut short)
		// the finding waits for an assessor instead of failing the agency.
		{name: "challenge not passed", ind: veto, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseChallenge, URL: "http://gov.test/"}}, outcome: zwgk.Pending, measure: "待重新采集或人工核查"},
		{name: "no browser", ind: veto, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseNoBrowser}}, outcome: zwgk.Pending, measure: "网站未能完整采集"},
		{name: "503 at crawl time: come back later", ind: veto, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseStatus, Status: 503}}, outcome: zwgk.Pending, measure: "（HTTP 503），待重新采集"},
		{name: "crawl did not finish", ind: veto, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseIncomplete, Detail: "采集任务失败"}}, outcome: zwgk.Pending, measure: "评估程序未完成采集（采集任务失败）"},
	})
}

func TestColumn(t *testing.T) {
	full := leaf("C1", indicators.KindScore, 5, columnRule(indicators.Column{
		Aliases: []string{"财政预决算", "财政资金"}, MaxAgeDays: 180, MinItems: 2,
		Keywords: []string{"预算", "决算"}, Attachments: []string{"pdf", "xls"},
	}))
	exists := leaf("C2", indicators.KindScore, 2, columnRule(indicators.Column{Aliases: []string{"权责清单"}}))
	col := func(name string, it ...zwgk.Item) zwgk.Column {
		return zwgk.Column{Name: name, URL: "http://gov.test/czyjs/", Items: it, Pages: 1, Complete: true}
	}
	good := []zwgk.Item{
		{Title: "2026年部门预算", URL: "http://gov.test/czyjs/1.html", Date: day("2026-10-01"), Opened: true, Attachments: []zwgk.Attachment{{URL: "x.pdf", Ext: "pdf"}}},
		{Title: "2025年部门决算", URL: "http://gov.test/czyjs/2.html", Date: day("2026-08-01")},
	}
	stale := []zwgk.Item{
		{Title: "2026年部门预算", Date: day("2026-03-02"), Opened: true},
		{Title: "2025年部门决算", Date: day("2025-08-01")},
	}
	runEvalCases(t, []evalCase{
		{name: "all sub-checks met", ind: full, ev: zwgk.Evidence{Columns: []zwgk.Column{col("财政预决算", good...)}}, outcome: zwgk.Pass, fraction: 1, measure: "最新信息 2026-10-01，距评估日 57 天"},
		{name: "missing column", ind: full, ev: zwgk.Evidence{Columns: []zwgk.Column{col("要闻动态", good...)}}, outcome: zwgk.Fail, problem: "未找到「财政预决算」栏目"},
		{name: "missing column, existence only", ind: exists, ev: zwgk.Evidence{}, outcome: zwgk.Fail, problem: "未找到「权责清单」栏目"},
		{name: "found by alias inside label", ind: exists, ev: zwgk.Evidence{Columns: []zwgk.Column{col("部门 权责清单 公开")}}, outcome: zwgk.Pass, fraction: 1},
		{name: "found by crawler tag", ind: exists, ev: zwgk.Evidence{Columns: []zwgk.Column{{Name: "清单", Indicators: []string{"C2"}}}}, outcome: zwgk.Pass, fraction: 1},
		// exists, fresh no, min items no (1 in window), keywords yes, attachments no (opened item has none)
		{name: "stale column", ind: full, ev: zwgk.Evidence{Columns: []zwgk.Column{col("财政预决算", stale...)}}, outcome: zwgk.Partial, fraction: 2.0 / 5,
			problem: "「财政预决算」栏目最新信息为2026年3月2日，超过规定更新周期"},
		{name: "script-rendered list: found, item checks fail with cause", ind: full,
			ev:      zwgk.Evidence{Columns: []zwgk.Column{{Name: "财政预决算", Cause: zwgk.CauseScript}}},
			outcome: zwgk.Partial, fraction: 1.0 / 5, problem: "列表由脚本生成，未能读取"},
		{name: "list could not be read: pending, not a loss", ind: full,
			ev:      zwgk.Evidence{Columns: []zwgk.Column{{Name: "财政预决算", URL: "http://gov.test/czyjs/", Cause: zwgk.CauseStatus}}},
			outcome: zwgk.Pending, measure: "栏目内容待重新采集或人工核查"},
		{name: "a readable twin judged before an unread one", ind: full,
			ev:      zwgk.Evidence{Columns: []zwgk.Column{{Name: "财政预决算", Cause: zwgk.CauseTimeout}, col("财政资金")}},
			outcome: zwgk.Partial, fraction: 1.0 / 5, problem: "「财政资金」栏目"},
		{name: "best of two matching columns", ind: full, ev: zwgk.Evidence{Columns: []zwgk.Column{col("财政资金", stale...), col("财政预决算", good...)}}, outcome: zwgk.Pass, fraction: 1},
		{name: "blocked site", ind: exists, ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseBlocked}, Columns: []zwgk.Column{col("权责清单")}}, outcome: zwgk.Fail, problem: "网站拒绝评估程序访问（403），无法核查"},
		{name: "not applicable to level", ind: &indicators.Indicator{ID: "C3", Name: "x", Kind: indicators.KindScore, Points: 3, Levels: []zwgk.Level{zwgk.LevelCounty}, Rule: columnRule(indicators.Column{Aliases: []string{"x"}})},
			outcome: zwgk.NA, measure: "不适用于市级"},
	})
}

func TestStaleColumns(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleStaleColumns, StaleColumns: &indicators.StaleColumns{
		Classes: []indicators.ColumnClass{
			{Name: "news", Aliases: []string{"动态", "要闻"}, MaxAgeDays: 14},
			{Name: "policy", Aliases: []string{"政策文件", "通知公告"}, MaxAgeDays: 180},
		},
		StaleLimit: 5, LongStaleDays: 365, LongStaleLimit: 10, EmptyLimit: 5,
	}}
	veto := leaf("V3", indicators.KindVeto, 0, rule)
	deduct := &indicators.Indicator{ID: "D3", Name: "栏目更新", Kind: indicators.KindDeduct, Points: 10, Per: 2, Rule: rule}
	cols := func(stale, fresh, empty int) []zwgk.Column {
		var out []zwgk.Column
		for i := 0; i < stale; i++ {
			out = append(out, zwgk.Column{Name: "工作动态" + string(rune('A'+i)), Items: items("2026-10-01")})
		}
		for i := 0; i < fresh; i++ {
			out = append(out, zwgk.Column{Name: "政策文件" + string(rune('A'+i)), Items: items("2026-08-01")})
		}
		for i := 0; i < empty; i++ {
			out = append(out, zwgk.Column{Name: "空栏目" + string(rune('A'+i))})
		}
		return out
	}
	many := cols(0, 0, 0)
	for i := 0; i < 10; i++ {
		many = append(many, zwgk.Column{Name: "通知公告" + string(rune('A'+i)), Items: items("2025-06-01")})
	}
	runEvalCases(t, []evalCase{
		{name: "4 stale: not vetoed", ind: veto, ev: zwgk.Evidence{Columns: cols(4, 3, 0)}, outcome: zwgk.Pass, fraction: 1, measure: "未按期更新 4 个"},
		{name: "5 stale: vetoed", ind: veto, ev: zwgk.Evidence{Columns: cols(5, 3, 0)}, outcome: zwgk.Fail, problem: "5个栏目未按期更新（达到5个的限值）：「工作动态A」最新信息为2026年10月1日"},
		{name: "5 empty: vetoed", ind: veto, ev: zwgk.Evidence{Columns: cols(0, 3, 5)}, outcome: zwgk.Fail, problem: "5个栏目为空白栏目（达到5个的限值）"},
		{name: "10 long stale: vetoed", ind: veto, ev: zwgk.Evidence{Columns: many}, outcome: zwgk.Fail, problem: "10个栏目超过365天未更新"},
		{name: "unreadable columns not counted", ind: veto, ev: zwgk.Evidence{Columns: append(cols(4, 0, 0), zwgk.Column{Name: "要闻", Cause: zwgk.CauseScript})}, outcome: zwgk.Pass, fraction: 1, measure: "无法读取 1 个"},
		{name: "deduct per stale column", ind: deduct, ev: zwgk.Evidence{Columns: cols(2, 2, 1)}, outcome: zwgk.Partial, fraction: 0.4, count: 3, problem: "2个栏目未按期更新"},
		{name: "deduct capped", ind: deduct, ev: zwgk.Evidence{Columns: cols(8, 0, 0)}, outcome: zwgk.Fail, fraction: 0, count: 8, problem: "「工作动态H」最新信息为2026年10月1日"},
	})
}

func TestDocument(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleDocument, Document: &indicators.Document{
		Pattern: `{prev_year}年.*政府信息公开工作年度报告`, Aliases: []string{"年度报告"}, Deadline: "01-31"}}
	ind := &indicators.Indicator{ID: "R1", Name: "政府信息公开工作年度报告", Kind: indicators.KindScore, Points: 3, Rule: rule}
	col := func(it ...zwgk.Item) zwgk.Evidence {
		return zwgk.Evidence{Columns: []zwgk.Column{{Name: "政府信息公开年度报告", Items: it}}}
	}
	runEvalCases(t, []evalCase{
		{name: "on time", ind: ind, ev: col(zwgk.Item{Title: "某市2025年政府信息公开工作年度报告", Date: day("2026-01-20"), URL: "u"}), outcome: zwgk.Pass, fraction: 1, measure: "发布于 2026-01-20"},
		{name: "late", ind: ind, ev: col(zwgk.Item{Title: "某市2025年政府信息公开工作年度报告", Date: day("2026-03-02")}), outcome: zwgk.Fail, problem: "发布于2026年3月2日，晚于规定时限2026年1月31日"},
		{name: "earliest of two counts", ind: ind, ev: col(
			zwgk.Item{Title: "某市2025年政府信息公开工作年度报告（修订）", Date: day("2026-03-02")},
			zwgk.Item{Title: "某市2025年政府信息公开工作年度报告", Date: day("2026-01-30")}), outcome: zwgk.Pass, fraction: 1},
		{name: "last year's report does not count", ind: ind, ev: col(zwgk.Item{Title: "某市2024年政府信息公开工作年度报告", Date: day("2025-01-20")}), outcome: zwgk.Fail, problem: "未找到政府信息公开工作年度报告（「年度报告」栏目）"},
		{name: "undated", ind: ind, ev: col(zwgk.Item{Title: "某市2025年政府信息公开工作年度报告"}), outcome: zwgk.Fail, problem: "未标注发布日期"},
	})
}

func TestInterpretation(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleInterpretation, Interpretation: &indicators.Interpretation{
		PolicyAliases: []string{"政策文件"}, Aliases: []string{"政策解读"}}}
	ind := leaf("J1", indicators.KindScore, 4, rule)
	policy := zwgk.Column{Name: "政策文件", Items: []zwgk.Item{
		{Title: "关于印发《某市数据安全管理办法》的通知", URL: "p1", Date: day("2026-06-01")},
		{Title: "关于加强城市绿化工作的意见", URL: "p2", Date: day("2026-07-01")},
		{Title: "某市促进消费若干措施", URL: "p3", Date: day("2026-08-01")},
		{Title: "很久以前的文件", URL: "p4", Date: day("2024-01-01")},
	}}
	interp := zwgk.Column{Name: "政策解读", Items: []zwgk.Item{
		{Title: "一图读懂《某市数据安全管理办法》", Date: day("2026-06-03")},
		{Title: "加强城市绿化工作的意见答记者问", Date: day("2026-07-03")},
	}}
	runEvalCases(t, []evalCase{
		{name: "two of three interpreted", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{policy, interp}}, outcome: zwgk.Partial, fraction: 2.0 / 3,
			measure: "政策文件 3 件，有解读 2 件", problem: "1件政策文件未见解读：《某市促进消费若干措施》"},
		{name: "no policy column", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{interp}}, outcome: zwgk.Fail, problem: "未找到「政策文件」栏目"},
		{name: "no documents in window: na", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{{Name: "政策文件", Items: items("2020-01-01")}}}, outcome: zwgk.NA},
		// A list that could not be read is not an empty one: pending, and
		// a readable policy column beside it is judged and says so.
		{name: "policy list unread: pending, not na", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{{Name: "政策文件", Cause: zwgk.CauseTimeout}, interp}},
			outcome: zwgk.Pending, measure: "列表未能读取", problem: "待重新采集或人工核查"},
		{name: "one policy list unread beside a read one", ind: ind,
			ev:      zwgk.Evidence{Columns: []zwgk.Column{policy, {Name: "政策文件（规范性文件）", Cause: zwgk.CauseTimeout}, interp}},
			outcome: zwgk.Partial, fraction: 2.0 / 3, measure: "列表未能读取，按已读取的文件计", problem: "1件政策文件未见解读"},
	})
}

func TestResponse(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleResponse, Response: &indicators.Response{
		Aliases: []string{"留言咨询", "领导信箱"}, MaxWorkingDays: 15, UnansweredDays: 90, LookbackDays: 365}}
	veto := leaf("V4", indicators.KindVeto, 0, rule)
	score := leaf("S4", indicators.KindScore, 6, rule)
	letter := func(sub, rep string) zwgk.Item {
		it := zwgk.Item{Title: "咨询" + sub, Submitted: day(sub)}
		if rep != "" {
			it.Replied = day(rep)
		}
		return it
	}
	box := func(it ...zwgk.Item) zwgk.Evidence {
		return zwgk.Evidence{Columns: []zwgk.Column{{Name: "市长信箱（领导信箱）", URL: "http://gov.test/xx/", Items: it}}}
	}
	// 2026-11-02 is a Monday; 15 working days later is Monday 2026-11-23.
	runEvalCases(t, []evalCase{
		{name: "all answered in time", ind: score, ev: box(letter("2026-11-02", "2026-11-23"), letter("2026-10-01", "2026-10-09")), outcome: zwgk.Pass, fraction: 1, measure: "留言 2 条"},
		{name: "one answered late", ind: score, ev: box(letter("2026-11-02", "2026-11-24"), letter("2026-10-01", "2026-10-09")), outcome: zwgk.Partial, fraction: 0.5, problem: "1条留言未在15个工作日内答复"},
		{name: "recent unanswered within limit not judged", ind: score, ev: box(letter("2026-11-20", ""), letter("2026-10-01", "2026-10-09")), outcome: zwgk.Pass, fraction: 1},
		{name: "unanswered over 90 days vetoes", ind: veto, ev: box(letter("2026-05-01", ""), letter("2026-10-01", "2026-10-09")), outcome: zwgk.Fail, problem: "1条留言超过90天未答复：2026年5月1日《咨询2026-05-01》至今未答复"},
		{name: "answered after 120 days vetoes", ind: veto, ev: box(letter("2026-03-01", "2026-06-29")), outcome: zwgk.Fail, problem: "120天后才答复"},
		{name: "older than lookback ignored", ind: veto, ev: box(letter("2025-01-01", "")), outcome: zwgk.Pass, fraction: 1, measure: "未见留言"},
		{name: "no channel vetoes", ind: veto, ev: zwgk.Evidence{}, outcome: zwgk.Fail, problem: "未找到「留言咨询」等互动交流渠道"},
	})
}

func TestWorkingDays(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2026-11-02", "2026-11-02", 0},
		{"2026-11-02", "2026-11-03", 1},
		{"2026-11-06", "2026-11-09", 1}, // Friday → Monday
		{"2026-11-02", "2026-11-23", 15},
		{"2026-11-07", "2026-11-08", 0}, // Saturday → Sunday
		{"2026-11-02", "2026-10-01", 0},
	} {
		if got := workingDays(day(tc.from), day(tc.to)); got != tc.want {
			t.Errorf("workingDays(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestLinks(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleLinks, Links: &indicators.Links{OtherPer: 10}}
	ind := &indicators.Indicator{ID: "L1", Name: "链接可用", Kind: indicators.KindDeduct, Points: 5, Per: 1, Rule: rule}
	links := func(homeBroken, otherBroken, good int) zwgk.Evidence {
		var ev zwgk.Evidence
		for i := 0; i < homeBroken; i++ {
			ev.Links = append(ev.Links, zwgk.Link{URL: "http://gov.test/h" + string(rune('a'+i)), OnHome: true, Status: 404})
		}
		for i := 0; i < otherBroken; i++ {
			ev.Links = append(ev.Links, zwgk.Link{URL: "http://gov.test/o", Cause: zwgk.CauseTimeout})
		}
		for i := 0; i < good; i++ {
			ev.Links = append(ev.Links, zwgk.Link{URL: "http://gov.test/g", Status: 200})
		}
		return ev
	}
	runEvalCases(t, []evalCase{
		{name: "none broken", ind: ind, ev: links(0, 0, 30), outcome: zwgk.Pass, fraction: 1, measure: "计 0 次"},
		{name: "2 on home + 19 elsewhere = 3", ind: ind, ev: links(2, 19, 10), outcome: zwgk.Partial, fraction: 0.4, count: 3, problem: "首页有2个不可用链接"},
		{name: "capped", ind: ind, ev: links(7, 0, 0), outcome: zwgk.Fail, count: 7, problem: "等共7项"},
	})
}

func TestServiceGuide(t *testing.T) {
	rule := &indicators.Rule{Kind: indicators.RuleServiceGuide, ServiceGuide: &indicators.ServiceGuide{
		Aliases: []string{"办事指南"}, Elements: []string{"办理依据", "办理时限", "收费标准", "办理地点"}, Sample: 2}}
	ind := leaf("G1", indicators.KindScore, 8, rule)
	g := func(title string, terms ...string) zwgk.Item {
		return zwgk.Item{Title: title, URL: "http://gov.test/" + title, Opened: true, Terms: terms}
	}
	runEvalCases(t, []evalCase{
		{name: "complete", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Items: []zwgk.Item{g("甲", "办理依据", "办理时限", "收费标准", "办理地点")}}}}, outcome: zwgk.Pass, fraction: 1},
		{name: "mean share, sample bound", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Items: []zwgk.Item{
			g("甲", "办理依据", "办理时限", "收费标准", "办理地点"), g("乙", "办理依据", "办理地点"), g("丙")}}}},
			outcome: zwgk.Partial, fraction: 0.75, problem: "《乙》缺少办理时限、收费标准"},
		{name: "nothing opened, script", ind: ind, ev: zwgk.Evidence{Columns: []zwgk.Column{{Name: "办事指南", Cause: zwgk.CauseScript}}}, outcome: zwgk.Fail, problem: "列表由脚本生成"},
		{name: "no column", ind: ind, ev: zwgk.Evidence{}, outcome: zwgk.Fail, problem: "未找到「办事指南」栏目"},
	})
}

func TestManualPending(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "manual kind", ind: leaf("M1", indicators.KindManual, 5, nil), outcome: zwgk.Pending, measure: "人工评分"},
		{name: "manual rule", ind: leaf("M2", indicators.KindScore, 5, manual()), outcome: zwgk.Pending},
		{name: "manual unaffected by failure", ind: leaf("M3", indicators.KindManual, 5, manual()), ev: zwgk.Evidence{Failure: &zwgk.Failure{Cause: zwgk.CauseDNS}}, outcome: zwgk.Pending},
	})
}

func TestEvaluateTreeOrderAndRegistry(t *testing.T) {
	fw := framework(
		group("A", leaf("A1", indicators.KindManual, 10, nil), leaf("A2", indicators.KindScore, 10, columnRule(indicators.Column{Aliases: []string{"x"}}))),
		leaf("B", indicators.KindScore, 80, columnRule(indicators.Column{Aliases: []string{"y"}})),
	)
	got := Evaluate(fw, agency, zwgk.Evidence{}, asOf)
	var ids []string
	for _, f := range got {
		ids = append(ids, f.Indicator)
	}
	if strings.Join(ids, ",") != "A1,A2,B" {
		t.Fatalf("findings in order %v, want A1,A2,B", ids)
	}
	for _, k := range []indicators.RuleKind{indicators.RuleAvailability, indicators.RuleHomepageUpdated, indicators.RuleColumn,
		indicators.RuleStaleColumns, indicators.RuleDocument, indicators.RuleInterpretation, indicators.RuleResponse,
		indicators.RuleLinks, indicators.RuleServiceGuide} {
		if len(Needs(k)) == 0 {
			t.Errorf("rule kind %s declares no evidence", k)
		}
	}
	if n := len(Evaluators()); n != len(indicators.RuleKinds) {
		t.Errorf("%d evaluators, want one per rule kind (%d)", n, len(indicators.RuleKinds))
	}
	if got := FrameworkNeeds(fw, ""); len(got) != 2 || got[0] != ArtifactColumns || got[1] != ArtifactItemPages {
		t.Errorf("FrameworkNeeds = %v, want [columns item_pages]", got)
	}
}

func TestOutages(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 20, h, 0, 0, 0, time.UTC) }
	rounds := []zwgk.ProbeRound{
		{At: at(0), Total: 60, Failed: 2},  // two sites down: theirs
		{At: at(1), Total: 60, Failed: 30}, // half at once: the assessor's
		{At: at(2), Total: 60, Failed: 59},
		{At: at(3), Total: 4, Failed: 4}, // too few probed to tell
		{At: at(4), Total: 60, Failed: 29},
	}
	got := Outages(rounds, 5)
	if len(got) != 2 || !got[0].Equal(at(1)) || !got[1].Equal(at(2)) {
		t.Errorf("outages %v, want rounds 1 and 2", got)
	}
}

package scoring

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"zwgk"
	"zwgk/indicators"
)

// evalResponse: letters (items with a submitted date) in the channels that
// match the aliases. Fraction: the share answered within MaxWorkingDays
// (letters still inside that limit are left out). Breach: no channel, or a
// letter of the lookback period waited more than UnansweredDays for its
// answer (answered that late, or not answered by the as-of date).
// Occurrences: late and unanswered letters. A channel with no letters is
// met: nothing went unanswered.
func evalResponse(in Input) Result {
	p := in.Rule.Response
	cols := matchColumns(in.Evidence, in.Indicator.ID, p.Aliases)
	var special []string
	if len(p.Exclude) > 0 {
		// 网上信访, 纪检举报 … are not consultation channels (2019 rule).
		cols = slices.DeleteFunc(cols, func(c *zwgk.Column) bool {
			if indicators.MatchAlias(p.Exclude, c.Name) {
				special = append(special, "「"+clip(c.Name, 20)+"」")
				return true
			}
			return false
		})
	}
	if len(cols) == 0 && len(special) > 0 {
		return Result{Breach: true, Count: 1,
			Measure: fmt.Sprintf("仅有%s等专门渠道，不计为咨询建言渠道", strings.Join(special, "")),
			Problem: fmt.Sprintf("未提供有效的网上咨询建言渠道（%s等网上信访、纪检举报类专门渠道除外）", strings.Join(special, ""))}
	}
	if len(cols) == 0 {
		return Result{Breach: true, Count: 1,
			Measure: fmt.Sprintf("未找到互动交流栏目（别名：%s）", strings.Join(p.Aliases, "、")),
			Problem: fmt.Sprintf("未找到「%s」等互动交流渠道", quote(p.Aliases, "留言咨询"))}
	}
	start := windowStart(in.AsOf, p.LookbackDays)
	var letters, onTime, judged int
	var late, overdue []string
	var ev []string
	for _, c := range cols {
		if c.URL != "" && len(ev) == 0 {
			ev = append(ev, c.URL)
		}
		for _, it := range c.Items {
			if !inWindow(it.Submitted, start, in.AsOf) {
				continue
			}
			letters++
			answered := !it.Replied.IsZero() && !it.Replied.After(in.AsOf)
			end := in.AsOf
			if answered {
				end = it.Replied
			}
			wd := workingDays(it.Submitted, end)
			waited := it.Submitted.DaysUntil(end)
			switch {
			case answered && (p.MaxWorkingDays <= 0 || wd <= p.MaxWorkingDays):
				judged++
				onTime++
			case answered || (p.MaxWorkingDays > 0 && wd > p.MaxWorkingDays):
				judged++
				late = append(late, it.Submitted.Chinese()+"留言")
			}
			if p.UnansweredDays > 0 && waited > p.UnansweredDays {
				what := "至今未答复"
				if answered {
					what = fmt.Sprintf("%d天后才答复", waited)
				}
				overdue = append(overdue, fmt.Sprintf("%s《%s》%s", it.Submitted.Chinese(), clip(it.Title, 30), what))
				if it.URL != "" && len(ev) < 20 {
					ev = append(ev, it.URL)
				}
			}
		}
	}
	r := Result{Fraction: 1, Breach: len(overdue) > 0, Count: len(late), Evidence: ev}
	if letters == 0 {
		r.Measure = fmt.Sprintf("留言渠道「%s」，评估期内未见留言", clip(cols[0].Name, 30))
		return r
	}
	if judged > 0 {
		r.Fraction = float64(onTime) / float64(judged)
	}
	r.Measure = fmt.Sprintf("评估期内留言 %d 条，%d个工作日内答复 %d 条（%s），超过%d天未答复 %d 条",
		letters, p.MaxWorkingDays, onTime, percent(onTime, judged), p.UnansweredDays, len(overdue))
	var parts []string
	if len(late) > 0 {
		parts = append(parts, fmt.Sprintf("%d条留言未在%d个工作日内答复", len(late), p.MaxWorkingDays))
	}
	if len(overdue) > 0 {
		parts = append(parts, fmt.Sprintf("%d条留言超过%d天未答复：%s", len(overdue), p.UnansweredDays, listed(overdue, 5)))
	}
	r.Problem = strings.Join(parts, "；")
	return r
}

// workingDays counts Monday–Friday days after from up to and including to.
// Public holidays and make-up working days (调休) are not modelled: a
// framework needing them should set MaxWorkingDays accordingly.
func workingDays(from, to zwgk.Date) int {
	days := from.DaysUntil(to)
	if days <= 0 {
		return 0
	}
	n := days / 7 * 5
	wd := from.Time().Weekday()
	for i := 0; i < days%7; i++ {
		wd = (wd + 1) % 7
		if wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// evalServiceGuide: the opened guide pages of the matching columns (at most
// Sample of them) are checked for the elements; the fraction is the mean
// share of elements present per guide.
func evalServiceGuide(in Input) Result {
	p := in.Rule.ServiceGuide
	cols := matchColumns(in.Evidence, in.Indicator.ID, p.Aliases)
	if len(cols) == 0 {
		return Result{Breach: true, Count: 1,
			Measure: fmt.Sprintf("未找到办事指南栏目（别名：%s）", strings.Join(p.Aliases, "、")),
			Problem: fmt.Sprintf("未找到「%s」栏目", quote(p.Aliases, in.Indicator.Name))}
	}
	var guides []zwgk.Item
	var cause zwgk.Cause
	for _, c := range cols {
		if c.Cause != zwgk.CauseNone && cause == zwgk.CauseNone {
			cause = c.Cause
		}
		for _, it := range c.Items {
			if it.Opened && (p.Sample <= 0 || len(guides) < p.Sample) {
				guides = append(guides, it)
			}
		}
	}
	if len(guides) == 0 {
		why := "未能打开办事指南页面"
		if cause != zwgk.CauseNone {
			why = "办事指南列表" + cause.Chinese()
		}
		return Result{Breach: true, Count: 1, Measure: why, Problem: why + "，无法核查办事指南要素"}
	}
	var sum float64
	var incomplete, ev []string
	for _, g := range guides {
		var missing []string
		for _, e := range p.Elements {
			if !hasTerm(g, e) {
				missing = append(missing, e)
			}
		}
		if len(p.Elements) > 0 {
			sum += float64(len(p.Elements)-len(missing)) / float64(len(p.Elements))
		} else {
			sum++
		}
		if len(missing) > 0 {
			incomplete = append(incomplete, fmt.Sprintf("《%s》缺少%s", clip(g.Title, 30), strings.Join(missing, "、")))
			if g.URL != "" && len(ev) < 20 {
				ev = append(ev, g.URL)
			}
		}
	}
	frac := sum / float64(len(guides))
	r := Result{
		Fraction: frac,
		Count:    len(incomplete),
		Breach:   len(incomplete) > 0,
		Measure:  fmt.Sprintf("抽查办事指南 %d 份，要素齐全 %d 份，平均要素完整率 %.1f%%", len(guides), len(guides)-len(incomplete), frac*100),
		Evidence: ev,
	}
	if len(incomplete) > 0 {
		r.Problem = fmt.Sprintf("%d份办事指南要素不全：%s", len(incomplete), listed(incomplete, 5))
	}
	return r
}

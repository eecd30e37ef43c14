package scoring

import (
	"fmt"
	"slices"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// columnCheck is the verdict of one column on its sub-checks.
type columnCheck struct {
	col              *zwgk.Column
	passed, total    int
	measure, problem []string
}

// evalColumn: the column exists (one share) and meets each configured
// sub-check (one equal share each): freshness, items in the window,
// keywords, attachments. Of several matching columns the best counts. A
// column whose list could not be read (e.g. rendered by script) is found,
// but its item checks fail with the cause stated.
func evalColumn(in Input) Result {
	p := in.Rule.Column
	label := quote(p.Aliases, in.Indicator.Name)
	checks := 1
	if p.MaxAgeDays > 0 {
		checks++
	}
	if p.MinItems > 0 {
		checks++
	}
	if len(p.Keywords) > 0 {
		checks++
	}
	if len(p.Attachments) > 0 {
		checks++
	}
	cols := matchColumns(in.Evidence, in.Indicator.ID, p.Aliases)
	if len(cols) == 0 {
		return Result{Breach: true, Count: checks,
			Measure: fmt.Sprintf("未找到栏目（别名：%s）", strings.Join(p.Aliases, "、")),
			Problem: fmt.Sprintf("未找到「%s」栏目", label)}
	}
	var best columnCheck
	for i, c := range cols {
		cc := checkColumn(in, p, c, checks)
		if i == 0 || cc.passed > best.passed || (cc.passed == best.passed && unread(best.col, checks) && !unread(c, checks)) {
			best = cc
		}
	}
	if unread(best.col, checks) {
		// Never accuse on a guess: the column is there, but its list could
		// not be read (an error, a timeout, a page too large, no browser):
		// what it holds is unknown, so the finding waits for a re-crawl or
		// an assessor instead of losing the item checks.
		r := Result{Pending: true,
			Measure: strings.Join(best.measure, "；") + "，栏目内容待重新采集或人工核查"}
		if best.col.URL != "" {
			r.Evidence = []string{best.col.URL}
		}
		return r
	}
	r := Result{
		Fraction: float64(best.passed) / float64(best.total),
		Count:    best.total - best.passed,
		Breach:   best.passed < best.total,
		Measure:  strings.Join(best.measure, "；"),
		Problem:  strings.Join(best.problem, "；"),
	}
	if best.col.URL != "" {
		r.Evidence = append(r.Evidence, best.col.URL)
	}
	if n, ok := newestBy(best.col.Items, in.AsOf); ok && n.URL != "" {
		r.Evidence = append(r.Evidence, n.URL)
	}
	return r
}

func checkColumn(in Input, p *indicators.Column, c *zwgk.Column, checks int) columnCheck {
	name := clip(c.Name, 30)
	cc := columnCheck{col: c, passed: 1, total: checks}
	cc.measure = append(cc.measure, fmt.Sprintf("栏目「%s」（%d页，%d条）", name, c.Pages, len(c.Items)))
	if c.Cause != zwgk.CauseNone {
		if checks > 1 {
			cc.measure = append(cc.measure, "列表无法读取："+c.Cause.Chinese())
			cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目%s（%s），无法核查栏目内容", name, c.Cause.Chinese(), clip(c.URL, 120)))
		}
		return cc
	}
	if p.MaxAgeDays > 0 {
		newest, ok := newestBy(c.Items, in.AsOf)
		switch {
		case !ok:
			// Items a reader sees but whose dates could not be read are
			// not evidence of staleness: the column says so, with examples.
			cc.measure = append(cc.measure, "无带日期的信息"+undatedExamples(c.Items))
			cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目信息未能识别发布日期%s，无法判断更新情况", name, undatedExamples(c.Items)))
		default:
			age := newest.Date.DaysUntil(in.AsOf)
			cc.measure = append(cc.measure, fmt.Sprintf("最新信息 %s%s，距评估日 %d 天", newest.Date, weakSource(newest), age))
			if age > p.MaxAgeDays {
				cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目最新信息为%s，超过规定更新周期（%d天）", name, newest.Date.Chinese(), p.MaxAgeDays))
			} else {
				cc.passed++
			}
		}
	}
	if p.MinItems > 0 {
		start := windowStart(in.AsOf, in.Framework.WindowDays)
		n := 0
		for _, it := range c.Items {
			if inWindow(it.Date, start, in.AsOf) {
				n++
			}
		}
		cc.measure = append(cc.measure, fmt.Sprintf("评估期内 %d 条", n))
		if n >= p.MinItems {
			cc.passed++
		} else {
			more := ""
			if !c.Complete {
				more = "（列表未读完）"
			}
			cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目评估期内发布信息%d条%s，少于规定的%d条", name, n, more, p.MinItems))
		}
	}
	if len(p.Keywords) > 0 {
		var missing []string
		for _, k := range p.Keywords {
			if !slices.ContainsFunc(c.Items, func(it zwgk.Item) bool { return hasTerm(it, k) }) {
				missing = append(missing, k)
			}
		}
		cc.measure = append(cc.measure, fmt.Sprintf("要求内容 %d 项，见 %d 项", len(p.Keywords), len(p.Keywords)-len(missing)))
		if len(missing) == 0 {
			cc.passed++
		} else {
			cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目未见%s", name, strings.Join(missing, "、")))
		}
	}
	if len(p.Attachments) > 0 {
		// Lenient on purpose: a column holds notices too, so one opened
		// item with an attachment of a listed type satisfies the check.
		opened, with := 0, 0
		for _, it := range c.Items {
			if !it.Opened {
				continue
			}
			opened++
			if slices.ContainsFunc(it.Attachments, func(a zwgk.Attachment) bool {
				return slices.ContainsFunc(p.Attachments, func(t string) bool { return strings.EqualFold(strings.TrimPrefix(a.Ext, "."), t) })
			}) {
				with++
			}
		}
		cc.measure = append(cc.measure, fmt.Sprintf("打开信息 %d 条，带%s附件 %d 条", opened, strings.Join(p.Attachments, "/"), with))
		switch {
		case with > 0:
			cc.passed++
		case opened == 0:
			cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目未能打开信息页面，无法核查附件", name))
		default:
			cc.problem = append(cc.problem, fmt.Sprintf("「%s」栏目信息未见%s格式附件", name, strings.Join(p.Attachments, "/")))
		}
	}
	return cc
}

// evalStaleColumns counts columns not updated within their class's period
// (the class comes from the column rule of the indicator the crawler tagged
// the column with, else from the class aliases), long-stale columns and
// empty columns. Breach: any limit reached. Occurrences: stale + empty.
// Columns whose list could not be read are reported, not counted.
func evalStaleColumns(in Input) Result {
	p := in.Rule.StaleColumns
	classOf := map[string]string{} // indicator id → class name
	in.Framework.Walk(func(ind *indicators.Indicator, _ int) {
		if ind.Rule != nil && ind.Rule.Column != nil && ind.Rule.Column.Class != "" {
			classOf[ind.ID] = ind.Rule.Column.Class
		}
	})
	classes := map[string]indicators.ColumnClass{}
	for _, c := range p.Classes {
		classes[c.Name] = c
	}
	find := func(c *zwgk.Column) (indicators.ColumnClass, bool) {
		for _, id := range c.Indicators {
			if cl, ok := classes[classOf[id]]; ok {
				return cl, true
			}
		}
		for _, cl := range p.Classes {
			if indicators.MatchAlias(cl.Aliases, c.Name) {
				return cl, true
			}
		}
		return indicators.ColumnClass{}, false
	}
	var stale, empty []string
	var ev []string
	long, unread, judged := 0, 0, 0
	for i := range in.Evidence.Columns {
		c := &in.Evidence.Columns[i]
		name := clip(c.Name, 30)
		if c.Cause != zwgk.CauseNone {
			unread++
			continue
		}
		if len(c.Items) == 0 {
			judged++
			empty = append(empty, "「"+name+"」无任何信息")
			ev = append(ev, c.URL)
			continue
		}
		cl, ok := find(c)
		if !ok {
			continue
		}
		judged++
		newest, dated := newestBy(c.Items, in.AsOf)
		age := 0
		if dated {
			age = newest.Date.DaysUntil(in.AsOf)
		}
		if cl.FirstLevel && !firstLevel(in.Evidence, c.URL) {
			// Not a first-level column: outside the class's period rule
			// (2019 veto), still counted when long stale.
			if p.LongStaleDays > 0 && (!dated || age > p.LongStaleDays) {
				long++
			}
			continue
		}
		if !dated || age > cl.MaxAgeDays {
			if dated {
				stale = append(stale, fmt.Sprintf("「%s」最新信息为%s%s", name, newest.Date.Chinese(), weakSource(newest)))
			} else {
				stale = append(stale, fmt.Sprintf("「%s」信息未能识别发布日期%s", name, undatedExamples(c.Items)))
			}
			ev = append(ev, c.URL)
			if p.LongStaleDays > 0 && (!dated || age > p.LongStaleDays) {
				long++
			}
		}
	}
	breach := (p.StaleLimit > 0 && len(stale) >= p.StaleLimit) ||
		(p.LongStaleLimit > 0 && long >= p.LongStaleLimit) ||
		(p.EmptyLimit > 0 && len(empty) >= p.EmptyLimit)
	r := Result{
		Fraction: 1,
		Count:    len(stale) + len(empty),
		Breach:   breach,
		Measure: fmt.Sprintf("核查栏目 %d 个：未按期更新 %d 个，长期未更新 %d 个，空白 %d 个，无法读取 %d 个",
			judged, len(stale), long, len(empty), unread),
		Evidence: ev[:min(len(ev), 20)],
	}
	if judged > 0 {
		r.Fraction = 1 - float64(len(stale)+len(empty))/float64(judged)
	}
	var parts []string
	if len(stale) > 0 {
		s := fmt.Sprintf("%d个栏目未按期更新", len(stale))
		if p.StaleLimit > 0 && len(stale) >= p.StaleLimit {
			s += fmt.Sprintf("（达到%d个的限值）", p.StaleLimit)
		}
		parts = append(parts, s+"："+listed(stale, 10))
	}
	if p.LongStaleLimit > 0 && long >= p.LongStaleLimit {
		parts = append(parts, fmt.Sprintf("%d个栏目超过%d天未更新（达到%d个的限值）", long, p.LongStaleDays, p.LongStaleLimit))
	}
	if len(empty) > 0 {
		s := fmt.Sprintf("%d个栏目为空白栏目", len(empty))
		if p.EmptyLimit > 0 && len(empty) >= p.EmptyLimit {
			s += fmt.Sprintf("（达到%d个的限值）", p.EmptyLimit)
		}
		parts = append(parts, s+"："+listed(empty, 10))
	}
	r.Problem = strings.Join(parts, "；")
	return r
}

// firstLevel reports whether the column is one the home page links to.
// Evidence that does not record the first-level columns (crawled before
// they were recorded) counts every column as first-level, as before.
func firstLevel(ev *zwgk.Evidence, url string) bool {
	return len(ev.FirstLevel) == 0 || slices.Contains(ev.FirstLevel, url)
}

// weakSource states a date read only from a meta tag or the URL (added
// with the real-site reading work, issue 20): such a date is of lower
// standing, and the measure says where it came from.
func weakSource(it zwgk.Item) string {
	if it.DateSource.Weak() {
		return "（" + it.DateSource.Chinese() + "）"
	}
	return ""
}

// undatedExamples names up to two undated items a reader sees, so that a
// column whose dates could not be read is shown, not called stale.
func undatedExamples(items []zwgk.Item) string {
	var ex []string
	for _, it := range items {
		if it.Date.IsZero() && it.Title != "" {
			ex = append(ex, "「"+clip(it.Title, 24)+"」")
			if len(ex) == 2 {
				break
			}
		}
	}
	if len(ex) == 0 {
		return ""
	}
	return "（如" + strings.Join(ex, "、") + "）"
}

// unread reports whether a column's list could not be read, so that checks
// beyond its existence cannot be judged. A script-only list the browser
// also found empty (CauseScript) is read: a visitor sees no items either.
func unread(c *zwgk.Column, checks int) bool {
	return checks > 1 && c.Cause != zwgk.CauseNone && c.Cause != zwgk.CauseScript
}

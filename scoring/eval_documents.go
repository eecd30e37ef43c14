package scoring

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// evalDocument: a dated item whose title matches the pattern is found in a
// matching column (any column when no aliases) and published by the
// deadline. Of several matches the earliest publication counts. An undated
// match cannot show it was on time and fails when there is a deadline.
func evalDocument(in Input) Result {
	p := in.Rule.Document
	pat := strings.NewReplacer(
		"{year}", strconv.Itoa(in.AsOf.Year),
		"{prev_year}", strconv.Itoa(in.AsOf.Year-1),
	).Replace(p.Pattern)
	re, err := regexp.Compile(pat)
	if err != nil {
		// Validation rejects such frameworks; never fail an agency for it.
		return Result{Pending: true, Measure: fmt.Sprintf("规则的标题模式无效：%v", err), Problem: "指标规则有误，待人工评分"}
	}
	var deadline zwgk.Date
	due := p.Deadline
	if p.GovernmentDeadline != "" && indicators.IsGovernment(in.Agency) {
		due = p.GovernmentDeadline // 条例 Art. 49: the government's own report, by 31 March
	}
	if due != "" {
		d, err := zwgk.ParseDate(fmt.Sprintf("%04d-%s", in.AsOf.Year, due))
		if err != nil {
			return Result{Pending: true, Measure: fmt.Sprintf("规则的时限 %q 无效", due), Problem: "指标规则有误，待人工评分"}
		}
		deadline = d
	}
	var cols []*zwgk.Column
	if len(p.Aliases) == 0 {
		for i := range in.Evidence.Columns {
			cols = append(cols, &in.Evidence.Columns[i])
		}
	} else {
		cols = matchColumns(in.Evidence, in.Indicator.ID, p.Aliases)
	}
	var found zwgk.Item
	have, dated := false, false
	for _, c := range cols {
		for _, it := range c.Items {
			if it.Date.After(in.AsOf) || !re.MatchString(it.Title) {
				continue
			}
			switch {
			case !have:
				found, have, dated = it, true, !it.Date.IsZero()
			case !it.Date.IsZero() && (!dated || it.Date.Before(found.Date)):
				found, dated = it, true
			}
		}
	}
	where := ""
	if len(p.Aliases) > 0 {
		where = fmt.Sprintf("（「%s」栏目）", p.Aliases[0])
	}
	if !have {
		return Result{Breach: true, Count: 1,
			Measure: fmt.Sprintf("核查栏目 %d 个，未见标题符合要求的信息", len(cols)),
			Problem: fmt.Sprintf("未找到%s%s", in.Indicator.Name, where)}
	}
	title := clip(found.Title, 60)
	r := Result{Fraction: 1, Measure: fmt.Sprintf("《%s》发布于 %s", title, found.Date)}
	if found.URL != "" {
		r.Evidence = []string{found.URL}
	}
	if !dated {
		r.Measure = fmt.Sprintf("《%s》未标注发布日期", title)
	}
	switch {
	case deadline.IsZero():
	case !dated:
		r.Fraction, r.Breach, r.Count = 0, true, 1
		r.Problem = fmt.Sprintf("《%s》未标注发布日期，无法核查是否在%s前发布", title, deadline.Chinese())
	case found.Date.After(deadline):
		r.Fraction, r.Breach, r.Count = 0, true, 1
		r.Problem = fmt.Sprintf("《%s》发布于%s，晚于规定时限%s", title, found.Date.Chinese(), deadline.Chinese())
	}
	return r
}

var defaultMarkers = []string{"解读", "图解", "问答"}

// evalInterpretation: the share of policy documents of the window that an
// interpretation names. A document is named when the interpretation's title
// contains the document's core title (the 《》 title, or the title without
// 关于…的通知/意见/决定). With no policy document in the window the rule
// has nothing to judge: na.
func evalInterpretation(in Input) Result {
	p := in.Rule.Interpretation
	pcols := matchColumns(in.Evidence, "", p.PolicyAliases)
	if len(pcols) == 0 {
		return Result{Breach: true, Count: 1,
			Measure: fmt.Sprintf("未找到政策文件栏目（别名：%s）", strings.Join(p.PolicyAliases, "、")),
			Problem: fmt.Sprintf("未找到「%s」栏目，无法核查政策解读", quote(p.PolicyAliases, "政策文件"))}
	}
	days := p.WindowDays
	if days == 0 {
		days = in.Framework.WindowDays
	}
	start := windowStart(in.AsOf, days)
	markers := p.Markers
	if len(markers) == 0 {
		markers = defaultMarkers
	}
	var interp []string
	// By aliases only: the crawler tags a column with the indicator when
	// either of the rule's two alias lists led it there, so the tag would
	// count a policy column as its own interpretation.
	icols := matchColumns(in.Evidence, "", p.Aliases)
	isInterpCol := map[*zwgk.Column]bool{}
	for _, c := range icols {
		isInterpCol[c] = true
	}
	for i := range in.Evidence.Columns {
		c := &in.Evidence.Columns[i]
		for _, it := range c.Items {
			if isInterpCol[c] || containsAny(it.Title, markers) {
				interp = append(interp, indicators.Normalize(it.Title))
			}
		}
	}
	seen := map[string]bool{}
	var docs, missing []string
	var ev []string
	for _, c := range pcols {
		for _, it := range c.Items {
			if !inWindow(it.Date, start, in.AsOf) || containsAny(it.Title, markers) {
				continue
			}
			key := it.URL
			if key == "" {
				key = it.Title
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			docs = append(docs, it.Title)
			core := indicators.Normalize(coreTitle(it.Title))
			named := false
			if len([]rune(core)) >= 4 {
				for _, t := range interp {
					if strings.Contains(t, core) {
						named = true
						break
					}
				}
			}
			if !named {
				missing = append(missing, "《"+clip(it.Title, 40)+"》")
				if it.URL != "" && len(ev) < 20 {
					ev = append(ev, it.URL)
				}
			}
		}
	}
	// Policy columns whose lists could not be read (an error, a timeout,
	// a page too large, no browser): their documents are unknown, so they
	// neither make the indicator inapplicable nor count as documents.
	var unreadCols []string
	for _, c := range pcols {
		if unread(c, 2) {
			unreadCols = append(unreadCols, fmt.Sprintf("「%s」（%s）", clip(c.Name, 20), c.Cause.Chinese()))
		}
	}
	if len(docs) == 0 {
		if len(unreadCols) > 0 {
			return Result{Pending: true,
				Measure: fmt.Sprintf("政策文件栏目%s列表未能读取，评估期内文件情况不明，待重新采集或人工核查", listed(unreadCols, 3)),
				Problem: "政策文件栏目列表未能读取，待重新采集或人工核查"}
		}
		return Result{NA: true, Measure: "评估期内政策文件栏目未见新发布的文件，本项不适用"}
	}
	ok := len(docs) - len(missing)
	r := Result{
		Fraction: float64(ok) / float64(len(docs)),
		Count:    len(missing),
		Breach:   len(missing) > 0,
		Measure:  fmt.Sprintf("评估期内政策文件 %d 件，有解读 %d 件（%s）", len(docs), ok, percent(ok, len(docs))),
		Evidence: ev,
	}
	if len(unreadCols) > 0 {
		r.Measure += fmt.Sprintf("；另有政策文件栏目%s列表未能读取，按已读取的文件计", listed(unreadCols, 3))
	}
	if len(missing) > 0 {
		r.Problem = fmt.Sprintf("%d件政策文件未见解读：%s", len(missing), listed(missing, 5))
	}
	return r
}

func containsAny(s string, subs []string) bool {
	for _, m := range subs {
		if m != "" && strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// coreTitle is what an interpretation would quote of a document's title.
func coreTitle(t string) string {
	if i := strings.Index(t, "《"); i >= 0 {
		if j := strings.Index(t[i:], "》"); j > 0 {
			return t[i+len("《") : i+j]
		}
	}
	t = strings.TrimPrefix(t, "关于")
	t = strings.TrimPrefix(t, "印发")
	for _, suf := range []string{"的通知", "的意见", "的决定", "的公告", "的批复", "的通告"} {
		t = strings.TrimSuffix(t, suf)
	}
	return t
}

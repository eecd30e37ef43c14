package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zwgk"
)

// PreviousProblems is what the reports show of the previous cycle's
// problems (上期问题整改情况): what became of each, per agency.
type PreviousProblems struct {
	Cycle string    // the previous cycle's name
	AsOf  zwgk.Date // its as-of date
	// Items are the previous cycle's problems and the new ones; a
	// scorecard gets its agency's, the cohort report every agency's.
	Items   []zwgk.RectItem
	Summary map[string]zwgk.RectSummary // by agency code
}

// maxRectRows bounds the earlier problems a scorecard lists.
const maxRectRows = 80

func rectCounts(s zwgk.RectSummary) string {
	parts := []string{fmt.Sprintf("已整改 %d 个", s.Fixed), fmt.Sprintf("未整改 %d 个", s.Open)}
	if s.NotApplicable > 0 {
		parts = append(parts, fmt.Sprintf("不再适用 %d 个", s.NotApplicable))
	}
	if s.Pending > 0 {
		parts = append(parts, fmt.Sprintf("待核查 %d 个", s.Pending))
	}
	return strings.Join(parts, "，")
}

// previousProblems prints the agency's earlier problems and what became
// of them; nothing when the cycle follows no earlier one.
func (v *scorecardView) previousProblems(d *doc) {
	p := v.in.Previous
	if p == nil {
		return
	}
	d.heading("上期问题整改情况", 40)
	d.font(10, false)
	d.textColor(colBlack)
	s := p.Summary[v.in.Agency.Code]
	head := fmt.Sprintf("对照上期评估（%s，评估日 %s），", v.t.clean(p.Cycle, 40), p.AsOf.Chinese())
	if s.Previous == 0 {
		d.para(head+fmt.Sprintf("本单位上期无需整改的问题。本期新发现问题 %d 个。", s.New), contentW)
		return
	}
	d.para(head+fmt.Sprintf("本单位上期共有问题 %d 个：%s；本期新发现问题 %d 个（见整改清单）。", s.Previous, rectCounts(s), s.New), contentW)
	d.pdf.SetY(d.pdf.GetY() + 1)
	t := d.table(8.5, column{"序号", 11, "C"}, column{"上期问题", 78, "L"}, column{"所涉指标及对象", 55, "L"}, column{"整改情况", 26, "C"})
	n := 0
	for _, it := range p.Items {
		if it.Agency != v.in.Agency.Code || it.State == zwgk.RectNew {
			continue
		}
		n++
		if n > maxRectRows {
			continue
		}
		what := it.Indicator + " " + v.names[it.Indicator]
		if it.Subject != "" {
			what += "：" + v.t.clean(it.Subject, maxURL)
		}
		stmt := v.t.clean(it.Statement, maxProblem)
		if stmt == "" {
			stmt = "—"
		}
		t.row(strconv.Itoa(n), stmt, what, it.State.Chinese())
	}
	if n > maxRectRows {
		d.font(8, false)
		d.textColor(colGrey)
		d.para(fmt.Sprintf("另有 %d 个上期问题未列出，完整记录见整改台账。", n-maxRectRows), contentW)
	}
}

// previousProblems prints, per tier, how many of the previous cycle's
// problems were fixed, and the agencies with the most left open.
func (v *cohortView) previousProblems(d *doc) {
	p := v.in.Previous
	if p == nil {
		return
	}
	d.heading("上期问题整改情况", 40)
	d.font(10, false)
	d.textColor(colBlack)
	var all zwgk.RectSummary
	for _, s := range p.Summary {
		all.Previous += s.Previous
		all.Fixed += s.Fixed
		all.Open += s.Open
		all.NotApplicable += s.NotApplicable
		all.Pending += s.Pending
		all.New += s.New
	}
	d.para(fmt.Sprintf("对照上期评估（%s，评估日 %s），上期通报的问题共 %d 个：%s，整改率 %s；本期新发现问题 %d 个。",
		v.t.clean(p.Cycle, 40), p.AsOf.Chinese(), all.Previous, rectCounts(all), pct(all.Fixed, all.Fixed+all.Open), all.New), contentW)
	d.pdf.SetY(d.pdf.GetY() + 1)
	t := d.table(9, column{"层级", 34, "L"}, column{"上期问题", 26, "R"}, column{"已整改", 26, "R"}, column{"未整改", 26, "R"},
		column{"整改率", 26, "R"}, column{"本期新问题", 32, "R"})
	type open struct {
		code string
		n    int
	}
	var worst []open
	for _, tier := range v.tiers {
		var s zwgk.RectSummary
		for _, c := range v.byTier[tier] {
			a := p.Summary[c.Agency]
			s.Previous, s.Fixed, s.Open, s.New = s.Previous+a.Previous, s.Fixed+a.Fixed, s.Open+a.Open, s.New+a.New
			if a.Open > 0 {
				worst = append(worst, open{c.Agency, a.Open})
			}
		}
		t.row(tierName(tier), strconv.Itoa(s.Previous), strconv.Itoa(s.Fixed), strconv.Itoa(s.Open), pct(s.Fixed, s.Fixed+s.Open), strconv.Itoa(s.New))
	}
	if len(worst) == 0 {
		return
	}
	slices.SortFunc(worst, func(a, b open) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(a.code, b.code)
	})
	worst = worst[:min(len(worst), 10)]
	names := make([]string, len(worst))
	for i, w := range worst {
		names[i] = fmt.Sprintf("%s（%d 个）", v.names[w.code], w.n)
	}
	d.pdf.SetY(d.pdf.GetY() + 1)
	d.para("上期问题未整改较多的单位："+strings.Join(names, "、")+"。", contentW)
}

// summary is scores.json's rectification by agency; nil without a
// previous cycle.
func (p *PreviousProblems) summary() map[string]zwgk.RectSummary {
	if p == nil {
		return nil
	}
	return p.Summary
}

// split is the part of p each agency's scorecard shows, by code; nil
// without a previous cycle.
func (p *PreviousProblems) split() map[string]*PreviousProblems {
	if p == nil {
		return nil
	}
	out := map[string]*PreviousProblems{}
	part := func(code string) *PreviousProblems {
		q := out[code]
		if q == nil {
			q = &PreviousProblems{Cycle: p.Cycle, AsOf: p.AsOf, Summary: map[string]zwgk.RectSummary{code: p.Summary[code]}}
			out[code] = q
		}
		return q
	}
	for code := range p.Summary {
		part(code)
	}
	for _, it := range p.Items {
		q := part(it.Agency)
		q.Items = append(q.Items, it)
	}
	return out
}

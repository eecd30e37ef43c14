package reports

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports/fonts"
)

// TierStats are the first-level subtotals of a tier: its mean and its best,
// by first-level indicator id, for the scorecard's comparison chart.
type TierStats struct {
	Size    int
	Average map[string]float64
	Best    map[string]float64
}

// TiersOf computes TierStats for every tier of ranked cards (by Card.Tier).
func TiersOf(cards []zwgk.Scorecard) map[string]TierStats {
	out := map[string]TierStats{}
	for _, c := range cards {
		t, ok := out[c.Tier]
		if !ok {
			t = TierStats{Average: map[string]float64{}, Best: map[string]float64{}}
		}
		t.Size++
		for id, v := range c.Subtotals {
			t.Average[id] += v
			if b, ok := t.Best[id]; !ok || v > b {
				t.Best[id] = v
			}
		}
		out[c.Tier] = t
	}
	for _, t := range out {
		for id, v := range t.Average {
			t.Average[id] = math.Round(v/float64(t.Size)*100) / 100
		}
	}
	return out
}

// ScorecardInput is everything one agency's scorecard shows. Build it
// with ScorecardFor, so that the report folder and the portal print the
// same document.
type ScorecardInput struct {
	Cycle     zwgk.Cycle // Cycle.State decides the provisional watermark
	Framework *indicators.Framework
	Agency    zwgk.Agency
	Card      zwgk.Scorecard // scored, ranked (Rank, TierSize) and with Delta if any
	Findings  []zwgk.Finding
	// Pages are the evidence pages fetched for the agency: the appendix
	// lists them and the rectification list takes fetch times from them.
	Pages []zwgk.Page
	// Failure is set when the site as a whole could not be assessed.
	Failure *zwgk.Failure
	// Tier are the tier's mean and best subtotals for the comparison
	// chart. Leave it zero when the reader may not see other agencies'
	// results (an agency before publication): the chart then shows the
	// agency alone, and a zero Card.Rank prints as 未公布.
	Tier TierStats
	// Assessor is the assessing organisation (评估机构).
	Assessor string
	// RegionName is the region's name (e.g. 广东省深圳市南山区); the
	// code alone is printed when empty.
	RegionName string
	// MaxEvidence bounds the appendix (default 300 pages).
	MaxEvidence int
	// ManifestRoot and AgencyRoot are the report folder's Merkle root and
	// this agency's subtree root (manifest.json); printed in the appendix
	// so anyone can check the evidence with zwgk evidence verify.
	ManifestRoot, AgencyRoot string
	// Previous is what became of the agency's problems of the previous
	// cycle; nil when the cycle follows none.
	Previous *PreviousProblems
}

// ScorecardSource is what the report folder and the portal both hold for
// one agency's scorecard.
type ScorecardSource struct {
	Cycle     zwgk.Cycle
	Framework *indicators.Framework
	Agency    zwgk.Agency
	Card      zwgk.Scorecard
	Findings  []zwgk.Finding
	Evidence  zwgk.Evidence
	// Tiers are TiersOf the cycle's cards when the reader may see other
	// agencies' results, nil when not.
	Tiers    map[string]TierStats
	Assessor string
}

// ScorecardFor is the one way a scorecard's input is made: the report
// folder and the portal's download call it, so the two documents are the
// same for the same data (region by name, assessor, tier figures).
func ScorecardFor(s ScorecardSource) ScorecardInput {
	in := ScorecardInput{Cycle: s.Cycle, Framework: s.Framework, Agency: s.Agency, Card: s.Card, Findings: s.Findings,
		Pages: s.Evidence.Pages, Failure: s.Evidence.Failure, Assessor: s.Assessor, RegionName: RegionName(s.Agency.Region)}
	if s.Tiers != nil {
		in.Tier = s.Tiers[s.Card.Tier]
	} else {
		in.Card.Rank, in.Card.TierSize, in.Card.Percentile = 0, 0, 0
	}
	return in
}

// chinaTime is the zone times are printed in.
var chinaTime = time.FixedZone("CST", 8*3600)

const watermarkText = "征求意见稿 · 未发布"

// WriteScorecard writes the agency's scorecard as an A4 PDF in Chinese.
// Untrusted text (names from the agencies file, titles and URLs from
// crawled pages, problem statements) is cleaned and bounded; it never
// makes the writer fail.
func WriteScorecard(w io.Writer, in ScorecardInput) error {
	d, err := renderScorecard(in)
	if err != nil {
		return err
	}
	return d.output(w)
}

func renderScorecard(in ScorecardInput) (*doc, error) {
	if in.Framework == nil {
		return nil, fmt.Errorf("scorecard %s: no framework", in.Agency.Code)
	}
	f, err := fonts.Default()
	if err != nil {
		return nil, fmt.Errorf("scorecard %s: %w", in.Agency.Code, err)
	}
	v := newScorecardView(f, in)
	created := in.Cycle.AsOf.Time()
	if in.Cycle.PublishedAt != nil {
		created = *in.Cycle.PublishedAt
	}
	d := newDoc(f, v.t, v.agency+" 政务公开评估报告", created)
	if in.Cycle.State != zwgk.CyclePublished {
		d.watermark = watermarkText
	}
	d.running = "政务公开第三方评估 · " + v.cycle
	d.runningR = v.agency
	d.pdf.AddPage()
	v.title(d)
	v.facts(d)
	v.marks(d)
	v.veto(d)
	v.unreachable(d)
	v.chart(d)
	v.indicatorTable(d)
	v.rectification(d)
	v.previousProblems(d)
	v.appendix(d)
	return d, nil
}

// scorecardView is the input with every untrusted string cleaned once.
type scorecardView struct {
	in                          ScorecardInput
	t                           *texts
	agency, region, cycle, fw   string
	assessor, site              string
	names                       map[string]string // indicator id → cleaned name
	problems, measures          map[string]string // indicator id → cleaned text
	evidence                    map[string][]string
	vetoReasons                 []string
	pageURL, pageTitle, pageSum []string
	fetched                     map[string]time.Time // raw URL → fetch time
	failure                     string               // cleaned detail of in.Failure
	lateFetch                   time.Time            // the latest fetch after the as-of date, zero if none
}

func newScorecardView(f *fonts.Font, in ScorecardInput) *scorecardView {
	t := newTexts(f)
	v := &scorecardView{in: in, t: t, names: map[string]string{}, problems: map[string]string{},
		measures: map[string]string{}, evidence: map[string][]string{}, fetched: map[string]time.Time{}}
	v.agency = t.clean(in.Agency.Name, maxName)
	if v.agency == "" {
		v.agency = t.clean(in.Card.Name, maxName)
	}
	v.region = t.clean(string(in.Agency.Region), 12)
	if in.RegionName != "" {
		v.region = t.clean(in.RegionName, maxName) + "（" + v.region + "）"
	}
	v.cycle = t.clean(in.Cycle.Name, maxName)
	v.fw = t.clean(in.Framework.Title, maxName) + "（" + t.clean(in.Framework.ID, 60) + " 版本 " + t.clean(in.Framework.Version, 30) + "）"
	v.assessor = t.clean(in.Assessor, maxName)
	v.site = t.clean(in.Agency.Site, maxURL)
	t.clean(in.Agency.Code, 60)
	in.Framework.Walk(func(ind *indicators.Indicator, _ int) {
		v.names[ind.ID] = t.clean(ind.Name, maxName)
		t.clean(ind.ID, 30)
		t.clean(ind.Basis, 30)
	})
	for _, fd := range in.Findings {
		v.problems[fd.Indicator] = t.clean(fd.Problem, maxProblem)
		v.measures[fd.Indicator] = t.clean(fd.Measure, maxProblem)
		var urls []string
		for i, u := range fd.Evidence {
			if i == 3 {
				break
			}
			urls = append(urls, u)
		}
		v.evidence[fd.Indicator] = urls
		for _, u := range urls {
			t.clean(u, maxURL)
		}
	}
	for _, r := range in.Card.VetoReasons {
		v.vetoReasons = append(v.vetoReasons, t.clean(r, maxProblem))
	}
	t.clean(in.Card.Grade, 20)
	endOfAsOf := in.Cycle.AsOf.Time().AddDate(0, 0, 1) // midnight after the as-of day, China time
	endOfAsOf = time.Date(endOfAsOf.Year(), endOfAsOf.Month(), endOfAsOf.Day(), 0, 0, 0, 0, chinaTime)
	for _, p := range in.Pages {
		if _, ok := v.fetched[p.URL]; !ok {
			v.fetched[p.URL] = p.FetchedAt
		}
		if p.FinalURL != "" {
			if _, ok := v.fetched[p.FinalURL]; !ok {
				v.fetched[p.FinalURL] = p.FetchedAt
			}
		}
		if !in.Cycle.AsOf.IsZero() && !p.FetchedAt.Before(endOfAsOf) && p.FetchedAt.After(v.lateFetch) {
			v.lateFetch = p.FetchedAt
		}
	}
	if in.Failure != nil {
		v.failure = t.clean(in.Failure.Detail, maxProblem)
		t.clean(in.Failure.URL, maxURL)
	}
	max := in.MaxEvidence
	if max <= 0 {
		max = 300
	}
	for i, p := range in.Pages {
		if i == max {
			break
		}
		v.pageURL = append(v.pageURL, t.clean(p.URL, maxURL))
		v.pageTitle = append(v.pageTitle, t.clean(p.Title, maxTitle))
		v.pageSum = append(v.pageSum, t.clean(p.SHA256, 64))
	}
	return v
}

func (v *scorecardView) title(d *doc) {
	y := d.documentHead("单位评估报告")
	d.pdf.SetXY(marginL, y+29)
	if d.watermark != "" {
		d.font(9, false)
		d.textColor(colRed)
		d.cell(marginL, y+26.5, contentW, 5, "（征求意见稿：评估周期尚未发布，结果可能因复核、申诉调整）", "C")
		d.pdf.SetXY(marginL, y+33)
	}
}

// facts is the form of who, where, when and by what.
func (v *scorecardView) facts(d *doc) {
	in := v.in
	assessor := v.assessor
	if assessor == "" {
		assessor = "未署名"
	}
	site := v.site
	if site == "" {
		site = "—"
	}
	rows := [][][2]string{
		{{"被评估单位", v.agency}},
		{{"单位代码", v.t.clean(in.Agency.Code, 60)}, {"层级", in.Agency.Level.Chinese()}},
		{{"所在地区", v.region}, {"评估周期", v.cycle}},
		{{"网站地址", site}},
		{{"指标体系", v.fw}},
		{{"评估日期", in.Cycle.AsOf.Chinese()}, {"评估机构", assessor}},
	}
	const lw = 24.0
	d.font(10, false)
	lh := d.lineH()
	for _, row := range rows {
		x := marginL
		cw := contentW / float64(len(row))
		type cellText struct {
			label string
			lines []string
		}
		var cells []cellText
		n := 1
		for _, c := range row {
			ls := d.lines(c[1], cw-lw-2*cellPad)
			n = max(n, len(ls))
			cells = append(cells, cellText{c[0], ls})
		}
		h := float64(n)*lh + 2.6
		d.need(h)
		y := d.pdf.GetY()
		for _, c := range cells {
			d.rect(x, y, lw, h, "FD", colLight, colGrey, 0.2)
			d.rect(x+lw, y, cw-lw, h, "D", colLight, colGrey, 0.2)
			d.font(10, true)
			d.textColor(colBlack)
			d.noteCell(c.label, lw)
			d.cell(x+cellPad, y, lw-2*cellPad, h, c.label, "C")
			d.font(10, false)
			for k, l := range c.lines {
				d.noteCell(l, cw-lw)
				d.cell(x+lw+cellPad, y+1.3+float64(k)*lh, cw-lw-2*cellPad, lh, l, "L")
			}
			x += cw
		}
		d.pdf.SetXY(marginL, y+h)
	}
}

func deltaWords(delta *float64) string {
	switch {
	case delta == nil:
		return "首次评估"
	case *delta > 0:
		return "上升 " + mark(*delta) + " 分"
	case *delta < 0:
		return "下降 " + mark(-*delta) + " 分"
	}
	return "持平"
}

func (v *scorecardView) marks(d *doc) {
	c, fw := v.in.Card, v.in.Framework
	rank := "未公布"
	if c.Rank > 0 {
		rank = fmt.Sprintf("第%d名 / 共%d个", c.Rank, c.TierSize)
	}
	grade := v.t.clean(c.Grade, 20)
	if c.Provisional {
		grade += "（暂定）"
	}
	boxes := []struct{ label, value, sub string }{
		{"总分", mark(c.Total), "满分 " + points(fw.Total) + " 分"},
		{"等级", grade, ""},
		{"同层级排名", rank, c.Level.Chinese()},
		{"较上期变化", deltaWords(c.Delta), ""},
		{"绩效考核计分", mark(c.Appraisal), "权重 " + points(fw.AppraisalWeight) + " 分"},
	}
	if c.Bonus > 0 || c.Deductions > 0 {
		boxes[0].sub = "基础分 " + mark(c.Base) + "，加分 " + mark(c.Bonus)
	}
	if c.Vetoed {
		boxes[0].sub = "满分 " + points(fw.Total) + " 分（已被单项否决）"
	}
	d.need(30)
	y := d.pdf.GetY() + 5
	w := contentW / float64(len(boxes))
	for i, b := range boxes {
		x := marginL + float64(i)*w
		d.rect(x+1, y, w-2, 24, "FD", [3]int{250, 246, 246}, colRed, 0.3)
		d.font(9, false)
		d.textColor(colGrey)
		d.cell(x+1, y+1.5, w-2, 5, b.label, "C")
		size := 15.0
		if i == 0 {
			size = 20
		}
		d.font(size, true)
		for size > 9 && d.width(b.value) > w-4 {
			size--
			d.font(size, true)
		}
		// The mark and the grade stand out in red; a vetoed agency's mark
		// does not count, so it stays black.
		d.textColor(colBlack)
		if i == 1 || i == 0 && !c.Vetoed {
			d.textColor(colRed)
		}
		d.cell(x+1, y+7, w-2, 10, b.value, "C")
		d.font(8, false)
		for d.width(b.sub) > w-3 && d.size > 6 {
			d.font(d.size-0.5, false)
		}
		d.textColor(colGrey)
		d.cell(x+1, y+18, w-2, 4.5, b.sub, "C")
	}
	d.pdf.SetXY(marginL, y+28)
}

// box draws a framed notice: a bold title and wrapped lines.
func (d *doc) box(title string, lines []string, fill, stroke [3]int) {
	d.font(10, false)
	lh := d.lineH()
	var ls []string
	for _, l := range lines {
		ls = append(ls, d.lines(l, contentW-10)...)
	}
	h := 9 + float64(len(ls))*lh + 3
	d.need(h)
	y := d.pdf.GetY()
	d.rect(marginL, y, contentW, h, "FD", fill, stroke, 0.6)
	d.font(11, true)
	d.textColor(stroke)
	d.cell(marginL+4, y+2, contentW-8, 6, title, "L")
	d.font(10, false)
	d.textColor(colBlack)
	for k, l := range ls {
		d.cell(marginL+5, y+9+float64(k)*lh, contentW-10, lh, l, "L")
	}
	d.pdf.SetXY(marginL, y+h+3)
}

func (v *scorecardView) veto(d *doc) {
	c := v.in.Card
	if !c.Vetoed {
		return
	}
	reasons := v.vetoReasons
	if len(reasons) == 0 {
		for _, id := range c.Veto {
			reasons = append(reasons, id+" "+v.names[id])
		}
	}
	var lines []string
	for i, r := range reasons {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, r))
	}
	d.box("单项否决（评估结果为"+v.t.clean(c.Grade, 20)+"）", lines, [3]int{253, 240, 240}, colRed)
}

// reachedNothing reports whether no page of the site was read.
func (v *scorecardView) reachedNothing() bool {
	for _, p := range v.in.Pages {
		if p.Cause == zwgk.CauseNone && p.Status > 0 && p.Status < 400 {
			return false
		}
	}
	return true
}

// unreachable says plainly, on the first page, that the site could not be
// assessed and why, before any table of what could not be checked.
func (v *scorecardView) unreachable(d *doc) {
	f := v.in.Failure
	if f == nil {
		return
	}
	cause := f.Cause.Chinese()
	if f.Status > 0 {
		cause += fmt.Sprintf("（HTTP %d）", f.Status)
	}
	line := "评估程序未能访问本单位网站，原因：" + cause + "。"
	if v.reachedNothing() {
		line += "未读取到任何页面，依赖网站内容的指标均无法核查，按未达标计；网站恢复后可申请复核。"
	} else {
		line += "仅读取到部分页面，未能读取的内容按未达标计；网站恢复后可申请复核。"
	}
	lines := []string{line}
	if v.failure != "" {
		lines = append(lines, "详情："+v.failure)
	}
	d.box("网站无法评估", lines, [3]int{255, 247, 235}, [3]int{190, 100, 20})
}

// chart draws the first-level subtotals against their rescaled maxima and
// the tier's mean and best as horizontal grouped bars, every bar labelled
// with its number. It is a figure: when it does not fit on the page it
// moves to the next with its caption, and the indicator table fills this
// page.
func (v *scorecardView) chart(d *doc) {
	c, fw := v.in.Card, v.in.Framework
	var tops []*indicators.Indicator
	for _, ind := range fw.Indicators {
		if ind.Points > 0 {
			tops = append(tops, ind)
		}
	}
	if len(tops) == 0 {
		return
	}
	cohort := v.in.Tier.Size > 0
	bars := 1
	if cohort {
		bars = 3
	}
	const bar, labelW, valueW = 2.6, 40.0, 30.0
	group := float64(bars)*bar + 2.4
	plotH := float64(len(tops)) * group
	h := 12 + 7 + plotH + 6 + 6
	caption := "图1  一级指标得分"
	if cohort {
		caption = "图1  一级指标得分与同层级比较"
	}
	scale := c.Scale
	if scale == 0 {
		scale = 1
	}
	d.figure(h, func(y0 float64) {
		d.font(11, true)
		d.textColor(colBlack)
		d.cell(marginL, y0+3, contentW, 6, caption, "C")
		axis := 0.0
		for _, ind := range tops {
			axis = math.Max(axis, ind.Points*scale)
			axis = math.Max(axis, c.Subtotals[ind.ID])
			axis = math.Max(axis, v.in.Tier.Best[ind.ID])
		}
		axis = math.Ceil(axis/5) * 5
		plotX, plotW := marginL+labelW, contentW-labelW-valueW
		// Legend.
		d.font(8.5, false)
		lx := plotX
		legend := []struct {
			name string
			col  [3]int
		}{{"本单位得分 / 折算满分", colBlue}, {"同层级平均", colTier}, {"同层级最高", colBest}}
		ly := y0 + 11
		for _, l := range legend[:bars] {
			d.rect(lx, ly+1.2, 3.2, 3.2, "F", l.col, l.col, 0)
			d.textColor(colBlack)
			d.cell(lx+4.2, ly, 0, 5.5, l.name, "L")
			lx += 6 + d.width(l.name) + 6
		}
		top := ly + 7
		d.font(7.5, false)
		for g := 0.0; g <= axis+0.001; g += 5 {
			x := plotX + plotW*g/axis
			d.line(x, top, x, top+plotH, 0.15, [3]int{215, 215, 215})
			d.textColor(colGrey)
			d.cell(x-6, top+plotH+0.5, 12, 4, points(g), "C")
		}
		d.line(plotX, top, plotX, top+plotH, 0.3, colGrey)
		for i, ind := range tops {
			gy := top + float64(i)*group + 1.2
			d.font(9, false)
			d.textColor(colBlack)
			name := ind.ID + " " + v.names[ind.ID]
			for d.width(name) > labelW-2 && len([]rune(name)) > 2 {
				rs := []rune(strings.TrimSuffix(name, "…"))
				name = string(rs[:len(rs)-1]) + "…"
			}
			d.cell(marginL, gy, labelW-2, float64(bars)*bar, name, "R")
			vals := []struct {
				x     float64
				col   [3]int
				label string
			}{
				{c.Subtotals[ind.ID], colBlue, mark(c.Subtotals[ind.ID]) + " / " + mark(ind.Points*scale)},
				{v.in.Tier.Average[ind.ID], colTier, "平均 " + mark(v.in.Tier.Average[ind.ID])},
				{v.in.Tier.Best[ind.ID], colBest, "最高 " + mark(v.in.Tier.Best[ind.ID])},
			}
			for k, b := range vals[:bars] {
				bw := plotW * math.Max(0, b.x) / axis
				by := gy + float64(k)*bar
				if bw > 0 {
					d.rect(plotX, by, bw, bar-0.4, "F", b.col, b.col, 0)
				}
				d.font(6.5, false)
				d.textColor(b.col)
				if k > 0 {
					d.textColor(colGrey)
				}
				d.cell(plotX+bw+0.8, by-0.2, 0, bar, b.label, "L")
			}
		}
	})
}

func outcomeText(o zwgk.Outcome) string {
	if o == "" {
		return "—"
	}
	return o.Chinese()
}

// groupSums adds up the lines of a group as the table prints them: the
// framework points of its leaves and what was earned on those that apply
// (deductions as negative), before rescaling; bonus leaves are left out
// of a group's points.
func (v *scorecardView) groupSums(ind *indicators.Indicator) (pts, earned float64, any bool) {
	c := v.in.Card
	var walk func(*indicators.Indicator)
	walk = func(n *indicators.Indicator) {
		if len(n.Children) > 0 {
			for _, ch := range n.Children {
				walk(ch)
			}
			return
		}
		if n.Kind == indicators.KindVeto {
			return
		}
		if n.Kind != indicators.KindBonus && n.Kind != indicators.KindDeduct {
			pts += n.Points
		}
		if is, ok := c.Indicators[n.ID]; ok && n.AppliesTo(c.Level) && is.Outcome != zwgk.NA && is.Outcome != zwgk.Pending {
			any = true
			if n.Kind == indicators.KindDeduct {
				earned -= is.Points - is.Earned
			} else {
				earned += is.Earned
			}
		}
	}
	walk(ind)
	if ind.Points > 0 {
		pts = ind.Points
	}
	return pts, earned, any
}

func (v *scorecardView) indicatorTable(d *doc) {
	c, fw := v.in.Card, v.in.Framework
	scaled := c.Scale != 0 && math.Abs(c.Scale-1) > 1e-9
	cols := []column{{"编号", 14, "L"}, {"指标名称", 80, "L"}, {"分值", 16, "R"}, {"得分", 18, "R"}, {"评估结果", 42, "C"}}
	if scaled {
		cols = []column{{"编号", 14, "L"}, {"指标名称", 70, "L"}, {"分值", 14, "R"}, {"得分", 16, "R"}, {"折算后", 26, "R"}, {"评估结果", 30, "C"}}
	}
	d.heading("一、指标得分明细", tableKeep(9, 3))
	var titles []column
	titles = append(titles, cols...)
	t := d.table(9, titles...)
	row := func(strong bool, id, name, pts, earned, rescaled, outcome string) {
		if scaled {
			t.rowStyled(strong, id, name, pts, earned, rescaled, outcome)
		} else {
			t.rowStyled(strong, id, name, pts, earned, outcome)
		}
	}
	fw.Walk(func(ind *indicators.Indicator, depth int) {
		name := strings.Repeat("  ", depth-1) + v.names[ind.ID]
		if len(ind.Children) > 0 {
			pts, earned, any := v.groupSums(ind)
			ptsS, earnedS, rescaled := points(pts), "—", ""
			if any {
				earnedS = mark(earned)
			}
			if s, ok := c.Subtotals[ind.ID]; ok && depth == 1 {
				rescaled = mark(s) + " / " + mark(ind.Points*c.Scale)
			}
			if ind.Points == 0 && pts == 0 { // the veto group carries no points
				ptsS, earnedS, rescaled = "—", "", ""
			}
			row(true, ind.ID, name, ptsS, earnedS, rescaled, "")
			return
		}
		if !ind.AppliesTo(c.Level) {
			row(false, ind.ID, name, points(ind.Points), "—", "", "不适用")
			return
		}
		is, ok := c.Indicators[ind.ID]
		pts, earned := points(ind.Points), "—"
		if ok && is.Outcome != zwgk.NA && is.Outcome != zwgk.Pending {
			pts, earned = points(is.Points), mark(is.Earned)
		}
		switch ind.Kind {
		case indicators.KindVeto:
			pts, earned = "否决项", "—"
		case indicators.KindDeduct:
			if ok && is.Outcome != zwgk.NA {
				earned = "扣" + mark(is.Points-is.Earned)
			}
		}
		row(false, ind.ID, name, pts, earned, "", outcomeText(is.Outcome))
	})
	d.font(8, false)
	d.textColor(colGrey)
	d.pdf.SetXY(marginL, d.pdf.GetY()+1.5)
	var note string
	if scaled {
		note = fmt.Sprintf("注：得分为各项实得分，分组行为其下各项之和。本单位有 %s 分的指标不适用，其余指标按比例折算：折算系数 = %s ÷ %s = %s，“折算后”列为一级指标得分与满分乘以折算系数的结果，总分为折算后得分之和。",
			points(fv(fw.Total-c.Applicable)), points(fw.Total), points(c.Applicable), fmt.Sprintf("%.4f", c.Scale))
	} else {
		note = "注：得分为各项实得分，分组行为其下各项之和；本单位所有指标均适用，无需折算。"
	}
	if c.Provisional {
		note += "尚有指标待人工评分，结果为暂定。"
	}
	d.para(note, contentW)
}

// fv keeps a difference of float sums from printing as 3.9999999.
func fv(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// rectRow is one line of the rectification list: a problem and every
// indicator that has it.
type rectRow struct {
	problem    string
	indicators []string // "A1 name"
	evidence   []string
}

// rectificationRows lists the problems in framework order, identical
// statements folded into one line; bonus indicators are not rectified.
func (v *scorecardView) rectificationRows() []*rectRow {
	var rows []*rectRow
	byText := map[string]*rectRow{}
	v.in.Framework.Walk(func(ind *indicators.Indicator, _ int) {
		p := v.problems[ind.ID]
		if len(ind.Children) > 0 || p == "" || ind.Kind == indicators.KindBonus {
			return
		}
		r := byText[p]
		if r == nil {
			r = &rectRow{problem: p}
			byText[p] = r
			rows = append(rows, r)
		}
		r.indicators = append(r.indicators, ind.ID+" "+v.names[ind.ID])
		for _, u := range v.evidence[ind.ID] {
			if len(r.evidence) < 3 && !slices.Contains(r.evidence, u) {
				r.evidence = append(r.evidence, u)
			}
		}
	})
	return rows
}

func (v *scorecardView) rectification(d *doc) {
	rows := v.rectificationRows()
	if len(rows) == 0 {
		d.heading("二、整改清单", 10)
		d.font(10, false)
		d.textColor(colBlack)
		d.para("本周期评估未发现需要整改的问题。", contentW)
		return
	}
	d.heading("二、整改清单", tableKeep(8.5, 2))
	t := d.table(8.5, column{"序号", 11, "C"}, column{"问题", 68, "L"}, column{"所涉指标", 35, "L"}, column{"证据网址及抓取时间", 56, "L"})
	for i, r := range rows {
		var ev []string
		for _, u := range r.evidence {
			s := v.t.clean(u, maxURL)
			if at, ok := v.fetched[u]; ok && !at.IsZero() {
				s += "\n（抓取于 " + at.In(chinaTime).Format("2006-01-02 15:04") + "）"
			}
			ev = append(ev, s)
		}
		evs := strings.Join(ev, "\n")
		if evs == "" {
			evs = "—"
		}
		inds := r.indicators
		if len(inds) > 6 {
			inds = append(slices.Clone(inds[:5]), fmt.Sprintf("等共 %d 项指标", len(r.indicators)))
		}
		problem := r.problem
		if len(r.indicators) > 1 {
			problem += fmt.Sprintf("（涉及 %d 项指标）", len(r.indicators))
		}
		t.row(strconv.Itoa(i+1), problem, strings.Join(inds, "；"), evs)
	}
}

func (v *scorecardView) appendix(d *doc) {
	n := len(v.in.Pages)
	d.font(9, false)
	var intro string
	switch {
	case n == 0 && v.in.Failure != nil:
		intro = "评估程序未能读取本单位网站的任何页面（" + v.in.Failure.Cause.Chinese() + "），因此没有可列出的页面证据。"
		if u := v.t.clean(v.in.Failure.URL, maxURL); u != "" {
			intro += "最后一次访问的网址：" + u + "。"
		}
	case n == 0:
		intro = "本单位没有存档的页面证据。"
	default:
		intro = fmt.Sprintf("评估程序共访问本单位网站页面 %d 个。下表列出所访问页面的网址、抓取时间（北京时间）、状态和内容的 SHA-256 摘要，供被评估单位核对评估所见内容。", n)
		if v.reachedNothing() {
			intro = fmt.Sprintf("评估程序访问本单位网站页面 %d 次，均未能读取（原因见下表“状态”列）。下表列出每次访问的网址和时间（北京时间），供被评估单位核对。", n)
		}
	}
	if !v.lateFetch.IsZero() {
		intro += "部分页面的抓取时间晚于评估日期（" + v.in.Cycle.AsOf.Chinese() + "，最晚抓取于 " +
			v.lateFetch.In(chinaTime).Format("2006-01-02 15:04") + "）：证据在评估日期之后采集，信息是否及时更新仍以评估日期为准计算。"
	}
	keep := d.paraHeight(intro, contentW) + 2
	if len(v.pageURL) > 0 {
		keep += tableKeep(7.5, 3)
	}
	d.heading("附录：评估证据", keep)
	d.font(9, false)
	d.textColor(colBlack)
	d.para(intro, contentW)
	if v.in.ManifestRoot != "" {
		d.para("证据校验：报告目录 manifest.json 以默克尔树汇总全部证据的摘要。全部证据根哈希 "+v.in.ManifestRoot+
			"；本单位证据子树根哈希 "+v.in.AgencyRoot+"。可用 zwgk evidence verify 命令独立核验。", contentW)
	}
	d.pdf.SetXY(marginL, d.pdf.GetY()+2)
	if len(v.pageURL) == 0 {
		return
	}
	t := d.table(7.5, column{"序号", 10, "C"}, column{"网址 / 标题", 72, "L"}, column{"抓取时间", 22, "C"},
		column{"状态", 18, "C"}, column{"SHA-256", 48, "L"})
	for i, u := range v.pageURL {
		p := v.in.Pages[i]
		status := strconv.Itoa(p.Status)
		if p.Cause != zwgk.CauseNone {
			status = p.Cause.Chinese()
			if p.Status > 0 {
				status += " " + strconv.Itoa(p.Status)
			}
		}
		at := "—"
		if !p.FetchedAt.IsZero() {
			at = p.FetchedAt.In(chinaTime).Format("2006-01-02 15:04:05")
		}
		cell := u
		if v.pageTitle[i] != "" {
			cell += " " + "《" + v.pageTitle[i] + "》"
		}
		sum := v.pageSum[i]
		if sum == "" {
			sum = "—"
		}
		t.row(strconv.Itoa(i+1), cell, at, status, sum)
	}
	if n > len(v.pageURL) {
		d.font(8, false)
		d.textColor(colGrey)
		d.para(fmt.Sprintf("另有 %d 个页面未列出，完整记录见报告目录 evidence/ 下的本单位证据文件。", n-len(v.pageURL)), contentW)
	}
}

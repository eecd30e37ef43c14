package reports

import (
	"fmt"
	"io"
	"math"
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

// ScorecardInput is everything one agency's scorecard shows.
type ScorecardInput struct {
	Cycle     zwgk.Cycle // Cycle.State decides the provisional watermark
	Framework *indicators.Framework
	Agency    zwgk.Agency
	Card      zwgk.Scorecard // scored, ranked (Rank, TierSize) and with Delta if any
	Findings  []zwgk.Finding
	// Pages are the evidence pages fetched for the agency: the appendix
	// lists them and the rectification list takes fetch times from them.
	Pages []zwgk.Page
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
	v.chart(d)
	v.indicatorTable(d)
	v.rectification(d)
	v.appendix(d)
	return d, nil
}

// scorecardView is the input with every untrusted string cleaned once.
type scorecardView struct {
	in                          ScorecardInput
	t                           *texts
	agency, region, cycle, fw   string
	assessor                    string
	names                       map[string]string // indicator id → cleaned name
	problems, measures          map[string]string // indicator id → cleaned text
	evidence                    map[string][]string
	vetoReasons                 []string
	pageURL, pageTitle, pageSum []string
	fetched                     map[string]time.Time // raw URL → fetch time
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
	for _, p := range in.Pages {
		if _, ok := v.fetched[p.URL]; !ok {
			v.fetched[p.URL] = p.FetchedAt
		}
		if p.FinalURL != "" {
			if _, ok := v.fetched[p.FinalURL]; !ok {
				v.fetched[p.FinalURL] = p.FetchedAt
			}
		}
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
		assessor = "—"
	}
	rows := [][][2]string{
		{{"被评估单位", v.agency}},
		{{"单位代码", v.t.clean(in.Agency.Code, 60)}, {"层级", in.Agency.Level.Chinese()}},
		{{"所在地区", v.region}, {"评估周期", v.cycle}},
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
			ls := d.lines(c[1], cw-lw-3)
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
			d.cell(x, y, lw, h, c.label, "C")
			d.font(10, false)
			for k, l := range c.lines {
				d.cell(x+lw+1.5, y+1.3+float64(k)*lh, cw-lw-3, lh, l, "L")
			}
			x += cw
		}
		d.pdf.SetXY(marginL, y+h)
	}
}

// num prints a mark with at most two decimals and no trailing zeros.
func num(x float64) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

func (v *scorecardView) marks(d *doc) {
	c, fw := v.in.Card, v.in.Framework
	rank := "未公布"
	if c.Rank > 0 {
		rank = fmt.Sprintf("第%d名 / 共%d个", c.Rank, c.TierSize)
	}
	delta := "首次评估"
	if c.Delta != nil {
		switch {
		case *c.Delta > 0:
			delta = "上升 " + num(*c.Delta) + " 分"
		case *c.Delta < 0:
			delta = "下降 " + num(-*c.Delta) + " 分"
		default:
			delta = "持平"
		}
	}
	grade := v.t.clean(c.Grade, 20)
	if c.Provisional {
		grade += "（暂定）"
	}
	boxes := []struct{ label, value, sub string }{
		{"总分", num(c.Total), "满分 " + num(fw.Total) + " 分"},
		{"等级", grade, ""},
		{"同层级排名", rank, c.Level.Chinese()},
		{"较上期变化", delta, ""},
		{"绩效考核计分", num(c.Appraisal), "权重 " + num(fw.AppraisalWeight) + " 分"},
	}
	if c.Bonus > 0 || c.Deductions > 0 {
		boxes[0].sub = fmt.Sprintf("基础分 %s，加分 %s", num(c.Base), num(c.Bonus))
	}
	y := d.pdf.GetY() + 5
	d.need(30)
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
		d.textColor(colGrey)
		d.cell(x+1, y+18, w-2, 4.5, b.sub, "C")
	}
	d.pdf.SetXY(marginL, y+28)
}

func (v *scorecardView) veto(d *doc) {
	c := v.in.Card
	if !c.Vetoed {
		return
	}
	d.font(10, false)
	lh := d.lineH()
	var lines []string
	reasons := v.vetoReasons
	if len(reasons) == 0 {
		for _, id := range c.Veto {
			reasons = append(reasons, id+" "+v.names[id])
		}
	}
	for i, r := range reasons {
		for _, l := range d.lines(fmt.Sprintf("%d. %s", i+1, r), contentW-10) {
			lines = append(lines, l)
		}
	}
	h := 9 + float64(len(lines))*lh + 3
	d.need(h)
	y := d.pdf.GetY()
	d.rect(marginL, y, contentW, h, "FD", [3]int{253, 240, 240}, colRed, 0.6)
	d.font(11, true)
	d.textColor(colRed)
	d.cell(marginL+4, y+2, contentW-8, 6, "单项否决（评估结果为"+v.t.clean(c.Grade, 20)+"）", "L")
	d.font(10, false)
	d.textColor(colBlack)
	for k, l := range lines {
		d.cell(marginL+5, y+9+float64(k)*lh, contentW-10, lh, l, "L")
	}
	d.pdf.SetXY(marginL, y+h+2)
}

// chart draws the first-level subtotals against the tier's mean and best
// as horizontal grouped bars, in vector.
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
	const bar, group, labelW, valueW = 2.1, 8.6, 40.0, 14.0
	h := 10 + float64(len(tops))*group + 8
	cohort := v.in.Tier.Size > 0
	d.need(h + 14) // keep the heading with its chart
	if cohort {
		d.heading("一、一级指标得分与同层级比较")
	} else {
		d.heading("一、一级指标得分")
	}
	d.need(h)
	y0 := d.pdf.GetY()
	scale := c.Scale
	if scale == 0 {
		scale = 1
	}
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
	}{{"本单位", colBlue}, {"同层级平均", colTier}, {"同层级最高", colBest}}
	if !cohort {
		legend = legend[:1]
	}
	for _, l := range legend {
		d.rect(lx, y0+1.2, 3.2, 3.2, "F", l.col, l.col, 0)
		d.textColor(colBlack)
		d.cell(lx+4.2, y0, 0, 5.5, l.name, "L")
		lx += 6 + d.width(l.name) + 6
	}
	top := y0 + 8
	plotH := float64(len(tops)) * group
	// Grid every 5 points.
	d.font(7.5, false)
	for g := 0.0; g <= axis+0.001; g += 5 {
		x := plotX + plotW*g/axis
		d.line(x, top, x, top+plotH, 0.15, [3]int{215, 215, 215})
		d.textColor(colGrey)
		d.cell(x-6, top+plotH+0.5, 12, 4, num(g), "C")
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
		d.cell(marginL, gy, labelW-2, 3*bar, name, "R")
		vals := []struct {
			x   float64
			col [3]int
		}{{c.Subtotals[ind.ID], colBlue}, {v.in.Tier.Average[ind.ID], colTier}, {v.in.Tier.Best[ind.ID], colBest}}
		if !cohort {
			vals = vals[:1]
		}
		for k, b := range vals {
			bw := plotW * math.Max(0, b.x) / axis
			by := gy + float64(k)*bar
			if bw > 0 {
				d.rect(plotX, by, bw, bar-0.3, "F", b.col, b.col, 0)
			}
			if k == 0 {
				d.font(7, false)
				d.textColor(colBlue)
				d.cell(plotX+bw+0.8, by-0.8, 0, bar+1.2, num(b.x)+" / "+num(ind.Points*scale), "L")
			}
		}
	}
	d.pdf.SetXY(marginL, top+plotH+7)
}

func outcomeText(o zwgk.Outcome) string {
	if o == "" {
		return "—"
	}
	return o.Chinese()
}

func (v *scorecardView) indicatorTable(d *doc) {
	c, fw := v.in.Card, v.in.Framework
	d.heading("二、指标得分明细")
	t := d.table(9,
		column{"编号", 16, "L"}, column{"指标名称", 84, "L"}, column{"分值", 18, "R"},
		column{"得分", 18, "R"}, column{"评估结果", 34, "C"})
	fw.Walk(func(ind *indicators.Indicator, depth int) {
		name := strings.Repeat("  ", depth-1) + v.names[ind.ID]
		if len(ind.Children) > 0 {
			earned := ""
			if depth == 1 {
				if s, ok := c.Subtotals[ind.ID]; ok {
					earned = num(s)
				}
			}
			points := num(ind.Points)
			if ind.Points == 0 { // the veto group carries no points
				points, earned = "—", ""
			}
			t.rowStyled(true, ind.ID, name, points, earned, "")
			return
		}
		if !ind.AppliesTo(c.Level) {
			t.row(ind.ID, name, num(ind.Points), "—", "不适用")
			return
		}
		is, ok := c.Indicators[ind.ID]
		points, earned := num(ind.Points), "—"
		if ok {
			points, earned = num(is.Points), num(is.Earned)
		}
		switch ind.Kind {
		case indicators.KindVeto:
			points, earned = "否决项", "—"
		case indicators.KindDeduct:
			if ok {
				earned = "扣" + num(is.Points-is.Earned)
			}
		}
		t.row(ind.ID, name, points, earned, outcomeText(is.Outcome))
	})
	d.font(8, false)
	d.textColor(colGrey)
	d.pdf.SetY(d.pdf.GetY() + 1.5)
	note := "注：得分为未折算分值；一级指标小计已按适用分值折算（折算系数 " + num(c.Scale) + "）。"
	if c.Provisional {
		note += "尚有指标待人工评分，结果为暂定。"
	}
	d.para(note, contentW)
}

func (v *scorecardView) rectification(d *doc) {
	d.heading("三、整改清单")
	var rows [][4]string
	i := 0
	v.in.Framework.Walk(func(ind *indicators.Indicator, _ int) {
		p := v.problems[ind.ID]
		if len(ind.Children) > 0 || p == "" {
			return
		}
		i++
		var ev []string
		for _, u := range v.evidence[ind.ID] {
			s := v.t.clean(u, maxURL)
			if at, ok := v.fetched[u]; ok && !at.IsZero() {
				s += "（抓取于 " + at.In(chinaTime).Format("2006-01-02 15:04") + "）"
			}
			ev = append(ev, s)
		}
		evs := strings.Join(ev, "；")
		if evs == "" {
			evs = "—"
		}
		rows = append(rows, [4]string{strconv.Itoa(i), p, ind.ID + " " + v.names[ind.ID], evs})
	})
	if len(rows) == 0 {
		d.font(10, false)
		d.textColor(colBlack)
		d.para("本周期评估未发现需要整改的问题。", contentW)
		return
	}
	t := d.table(8.5, column{"序号", 11, "C"}, column{"问题", 68, "L"}, column{"所涉指标", 33, "L"}, column{"证据网址及抓取时间", 58, "L"})
	for _, r := range rows {
		t.row(r[:]...)
	}
}

func (v *scorecardView) appendix(d *doc) {
	d.heading("附录：评估证据")
	d.font(9, false)
	d.textColor(colBlack)
	n := len(v.in.Pages)
	d.para(fmt.Sprintf("评估程序共抓取本单位网站页面 %d 个。下表列出所抓取页面的网址、抓取时间（北京时间）、状态和内容的 SHA-256 摘要，供被评估单位核对评估所见内容。", n), contentW)
	if v.in.ManifestRoot != "" {
		d.para("证据校验：报告目录 manifest.json 以默克尔树汇总全部证据的摘要。全部证据根哈希 "+v.in.ManifestRoot+
			"；本单位证据子树根哈希 "+v.in.AgencyRoot+"。可用 zwgk evidence verify 命令独立核验。", contentW)
	}
	d.pdf.SetY(d.pdf.GetY() + 2)
	if len(v.pageURL) == 0 {
		return
	}
	t := d.table(7.5, column{"序号", 10, "C"}, column{"网址 / 标题", 70, "L"}, column{"抓取时间", 22, "C"},
		column{"状态", 16, "C"}, column{"SHA-256", 52, "L"})
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

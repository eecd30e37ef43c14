package reports

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports/fonts"
	"zwgk/scoring"
)

// CohortInput is what the cohort report shows: a whole cycle.
type CohortInput struct {
	Cycle     zwgk.Cycle
	Framework *indicators.Framework
	// Cards are the cycle's scorecards, ranked (scoring.Rank) and with
	// Delta set where there was a previous cycle (scoring.Trends).
	Cards    []zwgk.Scorecard
	Findings []zwgk.Finding // of every agency
	Assessor string
	// ManifestRoot is the report folder's Merkle root (manifest.json).
	ManifestRoot string
	// Previous is what became of the previous cycle's problems; nil when
	// the cycle follows none.
	Previous *PreviousProblems
	// Stats are the cohort's aggregates and §21 lists (scoring.Aggregate
	// over Cards); nil computes them. Pass the folder's one value so every
	// file of the folder shows the same figures.
	Stats *zwgk.CohortStats
}

// tierPos is a tier's place in the one tier order every report uses: by
// level, highest first (国务院部门, 省级, 市级, 县级), then other tiers.
func tierPos(t string) int {
	for i, l := range zwgk.Levels {
		if string(l) == t {
			return i
		}
	}
	return len(zwgk.Levels)
}

// compareTiers orders two tiers by tierPos, then by name.
func compareTiers(a, b string) int {
	if c := cmp.Compare(tierPos(a), tierPos(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// tierOrder sorts tiers into the one tier order.
func tierOrder(tiers []string) { slices.SortFunc(tiers, compareTiers) }

func tierName(t string) string {
	if l := zwgk.Level(t); l.Valid() {
		return l.Chinese()
	}
	return t
}

// WriteCohort writes the cohort report (总体报告) as an A4 PDF: summary,
// distribution of marks, rankings per tier, regions with a province
// tile-grid map, the main problems found, recommendations, the §21
// commend and criticise lists, the method and the signature (落款), so
// that the publication stands on its own.
func WriteCohort(w io.Writer, in CohortInput) error {
	d, err := renderCohort(in)
	if err != nil {
		return err
	}
	return d.output(w)
}

type cohortView struct {
	in       CohortInput
	t        *texts
	names    map[string]string // agency code → cleaned name
	indName  map[string]string // indicator id → cleaned name
	desc     map[string]string
	problems map[string]string // cleaned problem statements by raw text
	tiers    []string
	byTier   map[string][]zwgk.Scorecard // sorted by rank
	stats    zwgk.CohortStats            // every aggregate, computed once in scoring
	// commendRule and criticiseRule state the framework's §21 rules;
	// reasons are the notices' reasons, cleaned, by agency code.
	commendRule, criticiseRule string
	reasons                    map[string]string
	cycle                      string
	fw                         string
	assessor                   string
}

func renderCohort(in CohortInput) (*doc, error) {
	if in.Framework == nil {
		return nil, fmt.Errorf("cohort report: no framework")
	}
	f, err := fonts.Default()
	if err != nil {
		return nil, fmt.Errorf("cohort report: %w", err)
	}
	v := newCohortView(f, in)
	created := in.Cycle.AsOf.Time()
	if in.Cycle.PublishedAt != nil {
		created = *in.Cycle.PublishedAt
	}
	d := newDoc(f, v.t, v.cycle+" 总体报告", created)
	if in.Cycle.State != zwgk.CyclePublished {
		d.watermark = watermarkText
	}
	d.running = "政务公开第三方评估 · 总体报告"
	d.runningR = v.cycle
	d.pdf.AddPage()
	v.title(d)
	v.summary(d)
	v.rankings(d)
	v.regions(d)
	v.mainProblems(d)
	v.previousProblems(d)
	v.advice(d)
	v.commend(d)
	v.method(d)
	v.signature(d)
	return d, nil
}

func newCohortView(f *fonts.Font, in CohortInput) *cohortView {
	t := newTexts(f)
	v := &cohortView{in: in, t: t, names: map[string]string{}, indName: map[string]string{}, desc: map[string]string{},
		problems: map[string]string{}, byTier: map[string][]zwgk.Scorecard{}}
	if in.Stats != nil {
		v.stats = *in.Stats
	} else {
		v.stats = scoring.Aggregate(in.Framework, in.Cards)
	}
	c, k := scoring.NoticeRulesChinese(in.Framework)
	v.commendRule, v.criticiseRule = t.clean(c, maxProblem), t.clean(k, maxProblem)
	v.reasons = map[string]string{}
	for _, n := range append(slices.Clone(v.stats.Notices.Commend), v.stats.Notices.Criticise...) {
		v.reasons[n.Agency] = t.clean(n.Reason, maxProblem)
	}
	v.cycle = t.clean(in.Cycle.Name, maxName)
	v.fw = t.clean(in.Framework.Title, maxName) + "（" + t.clean(in.Framework.ID, 60) + " 版本 " + t.clean(in.Framework.Version, 30) + "）"
	v.assessor = t.clean(in.Assessor, maxName)
	t.clean(in.Framework.Description, maxProblem)
	for _, b := range in.Framework.Bands {
		t.clean(b.Grade, 20)
	}
	t.clean(in.Framework.VetoGrade, 20)
	for _, c := range in.Cards {
		v.names[c.Agency] = t.clean(c.Name, maxName)
		t.clean(c.Grade, 20)
		t.clean(c.Tier, 30)
		t.clean(RegionName(c.Region), maxName)
		if _, ok := v.byTier[c.Tier]; !ok {
			v.tiers = append(v.tiers, c.Tier)
		}
		v.byTier[c.Tier] = append(v.byTier[c.Tier], c)
	}
	tierOrder(v.tiers)
	for _, cs := range v.byTier {
		slices.SortFunc(cs, func(a, b zwgk.Scorecard) int {
			if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
				return c
			}
			return strings.Compare(a.Agency, b.Agency)
		})
	}
	in.Framework.Walk(func(ind *indicators.Indicator, _ int) {
		v.indName[ind.ID] = t.clean(ind.Name, maxName)
		v.desc[ind.ID] = t.clean(ind.Description, maxProblem)
		t.clean(ind.ID, 30)
		t.clean(ind.Basis, 30)
	})
	for _, f := range in.Findings {
		if f.Problem != "" {
			if _, ok := v.problems[f.Problem]; !ok {
				v.problems[f.Problem] = t.clean(f.Problem, maxProblem)
			}
		}
	}
	return v
}

func (v *cohortView) title(d *doc) {
	y := d.documentHead("总体报告")
	d.pdf.SetXY(marginL, y+30)
	d.font(10.5, false)
	d.textColor(colBlack)
	in := v.in
	assessor := v.assessor
	if assessor == "" {
		assessor = "未署名"
	}
	lines := []string{
		"评估周期：" + v.cycle + "（" + in.Cycle.State.Chinese() + "）",
		"指标体系：" + v.fw,
		fmt.Sprintf("评估日期：%s；评估期：%s 至 %s（%d 天）", in.Cycle.AsOf.Chinese(), in.Cycle.WindowStart().Chinese(), in.Cycle.AsOf.Chinese(), in.Cycle.WindowDays),
		"评估机构：" + assessor,
	}
	for _, l := range lines {
		d.para(l, contentW)
	}
}

// passMark is the line between passing and failing: scoring's one rule
// (the lowest positive band).
func passMark(fw *indicators.Framework) float64 { return scoring.PassMarkOf(fw) }

func (v *cohortView) summary(d *doc) {
	pass := v.stats.PassMark
	all := v.stats.All
	d.heading("一、总体情况", 30)
	d.font(10.5, false)
	d.textColor(colBlack)
	d.para(fmt.Sprintf("本周期共评估 %d 个单位，平均得分 %s 分，中位数 %s 分；%s 分及以上且未被单项否决的单位 %d 个，占 %s；被单项否决的单位 %d 个。",
		all.Agencies, mark(all.Mean), mark(all.Median), points(pass), all.Passed, percent(all.Passing), all.Vetoed), contentW)
	d.pdf.SetXY(marginL, d.pdf.GetY()+2)
	t := d.table(9, column{"层级", 30, "L"}, column{"单位数", 18, "R"}, column{"平均分", 22, "R"}, column{"中位数", 22, "R"},
		column{"最高分", 22, "R"}, column{"最低分", 22, "R"}, column{"合格率", 18, "R"}, column{"否决", 16, "R"})
	for _, tier := range v.tiers {
		s, _ := v.stats.Tier(tier)
		t.row(tierName(tier), strconv.Itoa(s.Agencies), mark(s.Mean), mark(s.Median), mark(s.Max), mark(s.Min), percent(s.Passing), strconv.Itoa(s.Vetoed))
	}
	t.rowStyled(true, "合计", strconv.Itoa(all.Agencies), mark(all.Mean), mark(all.Median), mark(all.Max), mark(all.Min), percent(all.Passing), strconv.Itoa(all.Vetoed))
	d.pdf.SetXY(marginL, d.pdf.GetY()+3)
	v.histogram(d)
}

// histogram draws the distribution of totals in bins of ten points, with
// the grade bands' lower bounds marked. The band labels sit in a strip of
// their own above the bars, so no label is ever drawn over a bar.
func (v *cohortView) histogram(d *doc) {
	var bins [10]int
	for _, c := range v.in.Cards {
		b := int(math.Floor(c.Total / 10))
		bins[min(max(b, 0), 9)]++
	}
	peak := slices.Max(bins[:])
	if peak == 0 {
		peak = 1
	}
	const h, strip = 52.0, 6.0
	d.figure(8+strip+h+14, func(y float64) {
		d.font(11, true)
		d.textColor(colBlack)
		d.cell(marginL, y+1, contentW, 6, "图1  总分分布", "C")
		labels := y + 8
		y0 := labels + strip
		x0, w := marginL+12, contentW-14
		bw := w / 10
		d.line(x0, y0+h, x0+w, y0+h, 0.3, colGrey)
		barTop := h - 5 // room for the tallest bar's count
		for i, n := range bins {
			bh := barTop * float64(n) / float64(peak)
			x := x0 + float64(i)*bw
			if n > 0 {
				d.rect(x+1.2, y0+h-bh, bw-2.4, bh, "F", colBlue, colBlue, 0)
			}
			d.font(8, false)
			d.textColor(colBlack)
			d.cell(x, y0+h-bh-4.5, bw, 4, strconv.Itoa(n), "C")
			d.textColor(colGrey)
			d.cell(x, y0+h+0.8, bw, 4, fmt.Sprintf("%d–%d", i*10, i*10+10), "C")
		}
		for _, b := range v.in.Framework.Bands {
			if b.Min <= 0 || b.Min >= 100 {
				continue
			}
			x := x0 + w*b.Min/100
			d.line(x, labels+strip-1, x, y0+h, 0.35, colRed)
			d.font(7.5, false)
			d.textColor(colRed)
			d.cell(x+0.8, labels, 0, 4, v.t.clean(b.Grade, 20)+" ≥"+points(b.Min), "L")
		}
		d.font(8, false)
		d.textColor(colGrey)
		d.cell(marginL, y0+h+5.5, contentW, 4, "横轴：总分区间（分，含下限不含上限，100 分计入末组）；纵轴：单位数；红线为等级分界。", "C")
	})
}

func deltaText(c zwgk.Scorecard) string {
	if c.Delta == nil {
		return "新参评"
	}
	if *c.Delta > 0 {
		return "+" + mark(*c.Delta)
	}
	return mark(*c.Delta)
}

func (v *cohortView) rankings(d *doc) {
	d.heading("二、各层级排名", tableKeep(8.5, 3)+10)
	for i, tier := range v.tiers {
		d.subheading(fmt.Sprintf("（%s）%s（%d 个单位）", chineseNumber(i+1), tierName(tier), len(v.byTier[tier])), tableKeep(8.5, 3))
		t := d.table(8.5, column{"排名", 14, "C"}, column{"单位", 62, "L"}, column{"地区", 30, "L"},
			column{"总分", 18, "R"}, column{"等级", 26, "C"}, column{"较上期", 20, "R"})
		for _, c := range v.byTier[tier] {
			grade := v.t.clean(c.Grade, 20)
			if c.Vetoed {
				grade += "（否决）"
			}
			region := ProvinceName(c.Region)
			if c.Level == zwgk.LevelMinistry || region == "" {
				region = "—"
			}
			t.row(strconv.Itoa(c.Rank), v.names[c.Agency], region, mark(c.Total), grade, deltaText(c))
		}
		d.pdf.SetXY(marginL, d.pdf.GetY()+4)
	}
}

// chineseNumber is n (1–99) in Chinese numerals, for list numbering.
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n-10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// tileColours are the fills of the tile map by grade band, best first.
var tileColours = [][3]int{{25, 110, 60}, {110, 175, 95}, {235, 200, 90}, {215, 80, 60}, {190, 40, 40}}

func (v *cohortView) bandColour(mark float64) [3]int {
	bands := slices.Clone(v.in.Framework.Bands)
	slices.SortFunc(bands, func(a, b indicators.Band) int { return cmp.Compare(b.Min, a.Min) })
	for i, b := range bands {
		if mark >= b.Min {
			return tileColours[min(i, len(tileColours)-1)]
		}
	}
	return tileColours[len(tileColours)-1]
}

func (v *cohortView) regions(d *doc) {
	// Provinces across tiers, ministries in none (v.stats.Ministries).
	provs := v.stats.RegionsAt("", 1)
	byCode := map[zwgk.Region]zwgk.GroupStat{}
	for _, s := range provs {
		byCode[s.Region] = s
	}
	intro := "下图按省级行政区排列为等面积方格（不代表实际疆域形状和面积），方格颜色表示该地区参评单位（含所辖市、县，不含国务院部门）平均得分所处的等级，方格内数字为平均分。"
	d.font(9.5, false)
	d.heading("三、地区情况", d.paraHeight(intro, contentW)+20)
	d.font(9.5, false)
	d.textColor(colBlack)
	d.para(intro, contentW)
	const tw, th = 18.0, 12.5
	d.figure(8+GridRows*th+12, func(y float64) {
		d.font(11, true)
		d.textColor(colBlack)
		d.cell(marginL, y+1, contentW, 6, "图2  各省级行政区平均得分", "C")
		x0 := marginL + (contentW-GridCols*tw)/2
		y0 := y + 9
		for _, p := range Provinces {
			x, y := x0+float64(p.Col)*tw, y0+float64(p.Row)*th
			s, ok := byCode[p.Code]
			fill := [3]int{225, 225, 225}
			if ok {
				fill = v.bandColour(s.Mean)
			}
			d.rect(x+0.5, y+0.5, tw-1, th-1, "F", fill, fill, 0)
			d.font(8, true)
			d.textColor([3]int{255, 255, 255})
			if !ok {
				d.textColor(colGrey)
			}
			d.cell(x, y+1.5, tw, 4.5, p.Name, "C")
			d.font(7.5, false)
			val := "—"
			if ok {
				val = mark(s.Mean)
			}
			d.cell(x, y+6.2, tw, 4, val, "C")
		}
		// Legend from the framework's bands.
		ly := y0 + GridRows*th + 2
		lx := x0
		bands := slices.Clone(v.in.Framework.Bands)
		slices.SortFunc(bands, func(a, b indicators.Band) int { return cmp.Compare(b.Min, a.Min) })
		d.font(8, false)
		for i, b := range bands {
			c := tileColours[min(i, len(tileColours)-1)]
			d.rect(lx, ly+0.8, 4, 3.2, "F", c, c, 0)
			d.textColor(colBlack)
			label := v.t.clean(b.Grade, 20) + " ≥" + points(b.Min)
			if b.Min <= 0 && i > 0 {
				label = v.t.clean(b.Grade, 20) + " <" + points(bands[i-1].Min)
			}
			d.cell(lx+5, ly, 0, 4.8, label, "L")
			lx += 5 + d.width(label) + 6
		}
		d.rect(lx, ly+0.8, 4, 3.2, "F", [3]int{225, 225, 225}, [3]int{225, 225, 225}, 0)
		d.cell(lx+5, ly, 0, 4.8, "无参评单位", "L")
	})
	d.pdf.SetXY(marginL, d.pdf.GetY()+2)
	slices.SortStableFunc(provs, func(a, b zwgk.GroupStat) int { return cmp.Compare(b.Mean, a.Mean) })
	d.subheading("各省级行政区得分（按平均分排序）", tableKeep(8.5, 3))
	t := d.table(8.5, column{"序号", 11, "C"}, column{"地区", 34, "L"}, column{"单位数", 16, "R"}, column{"平均分", 18, "R"},
		column{"中位数", 18, "R"}, column{"合格率", 18, "R"}, column{"否决", 13, "R"}, column{"最薄弱指标（达标率）", 42, "L"})
	for i, s := range provs {
		name := ProvinceName(s.Region)
		if name == "" {
			name = v.t.clean(string(s.Region), 12)
		}
		worst := "—"
		if s.Worst != "" {
			worst = s.Worst + " " + v.indName[s.Worst] + "（" + percent(s.WorstShare) + "）"
		}
		t.row(strconv.Itoa(i+1), name, strconv.Itoa(s.Agencies), mark(s.Mean), mark(s.Median), percent(s.Passing), strconv.Itoa(s.Vetoed), worst)
	}
}

// failStat counts one indicator's outcomes over the cohort, with the
// problem statements given and the agencies that have them.
type failStat struct {
	id                 string
	judged, fail, part int
	texts              map[string]int // problem statement → agencies
	agencies           []string       // codes, in findings order
}

// indicatorFailures counts every judged indicator's failures, worst first:
// by share failed, then share partly met, then id.
func (v *cohortView) indicatorFailures() []*failStat {
	stats := map[string]*failStat{}
	for _, f := range v.in.Findings {
		if f.Outcome == zwgk.NA || f.Outcome == zwgk.Pending {
			continue
		}
		s := stats[f.Indicator]
		if s == nil {
			s = &failStat{id: f.Indicator, texts: map[string]int{}}
			stats[f.Indicator] = s
		}
		s.judged++
		switch f.Outcome {
		case zwgk.Fail:
			s.fail++
		case zwgk.Partial:
			s.part++
		}
		if f.Outcome == zwgk.Fail || f.Outcome == zwgk.Partial {
			s.agencies = append(s.agencies, f.Agency)
			if f.Problem != "" {
				s.texts[f.Problem]++
			}
		}
	}
	list := make([]*failStat, 0, len(stats))
	for _, s := range stats {
		if s.fail+s.part > 0 {
			list = append(list, s)
		}
	}
	slices.SortFunc(list, func(a, b *failStat) int {
		if c := cmp.Compare(b.fail*a.judged, a.fail*b.judged); c != 0 {
			return c
		}
		if c := cmp.Compare(b.part*a.judged, a.part*b.judged); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return list
}

// mainProblems is 主要问题: the indicators most often not met, each with
// how many agencies, the statement most often given and examples.
func (v *cohortView) mainProblems(d *doc) {
	list := v.indicatorFailures()
	if len(list) == 0 {
		d.heading("四、主要问题", 10)
		d.font(10, false)
		d.textColor(colBlack)
		d.para("本周期各指标均无未达标情况。", contentW)
		return
	}
	intro := "根据全部参评单位的评估发现，未达标和部分达标最多的指标及其典型问题如下（单位数以该指标适用并已评定的单位计）。"
	d.font(9.5, false)
	d.heading("四、主要问题", d.paraHeight(intro, contentW)+20)
	d.font(9.5, false)
	d.textColor(colBlack)
	d.para(intro, contentW)
	d.pdf.SetXY(marginL, d.pdf.GetY()+1.5)
	for i, s := range list[:min(8, len(list))] {
		text := fmt.Sprintf("（%s）%s %s：%d 个单位中 %d 个未达标、%d 个部分达标（合计 %s）。", chineseNumber(i+1), s.id, v.indName[s.id],
			s.judged, s.fail, s.part, pct(s.fail+s.part, s.judged))
		if top := topTexts(s.texts, 2); len(top) > 0 {
			var qs []string
			for _, t := range top {
				qs = append(qs, "“"+nested(strings.TrimRight(v.problems[t], "。"))+"”（"+strconv.Itoa(s.texts[t])+" 个单位）")
			}
			text += "典型问题：" + strings.Join(qs, "；") + "。"
		}
		var ex []string
		for _, code := range s.agencies {
			if len(ex) == 3 {
				break
			}
			if n := v.names[code]; n != "" && !slices.Contains(ex, n) {
				ex = append(ex, n)
			}
		}
		if len(ex) > 0 {
			text += "涉及单位如：" + strings.Join(ex, "、") + "等。"
		}
		d.font(9.5, false)
		d.textColor(colBlack)
		d.para(text, contentW)
		d.pdf.SetXY(marginL, d.pdf.GetY()+1.2)
	}
	d.pdf.SetXY(marginL, d.pdf.GetY()+1.5)
	if len(list) > 15 {
		list = list[:15]
	}
	d.subheading("失分较多的指标", tableKeep(8.5, 3))
	t := d.table(8.5, column{"序号", 11, "C"}, column{"编号", 16, "L"}, column{"指标名称", 67, "L"}, column{"评估单位数", 20, "R"},
		column{"未达标", 18, "R"}, column{"部分达标", 18, "R"}, column{"未达标率", 20, "R"})
	for i, s := range list {
		t.row(strconv.Itoa(i+1), s.id, v.indName[s.id], strconv.Itoa(s.judged), strconv.Itoa(s.fail), strconv.Itoa(s.part), pct(s.fail, s.judged))
	}
}

// topTexts are the n statements given by the most agencies (ties by text).
func topTexts(m map[string]int, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys[:min(n, len(keys))]
}

// groupRate is a first-level indicator's score rate over the cohort: the
// sum of subtotals over the sum of rescaled maxima.
type groupRate struct {
	ind  *indicators.Indicator
	rate float64
}

// weakestGroups are the first-level indicators with points, lowest score
// rate first.
func (v *cohortView) weakestGroups() []groupRate {
	var out []groupRate
	for _, ind := range v.in.Framework.Indicators {
		if ind.Points <= 0 || ind.Kind == indicators.KindBonus {
			continue
		}
		got, possible := 0.0, 0.0
		for _, c := range v.in.Cards {
			scale := c.Scale
			if scale == 0 {
				scale = 1
			}
			got += c.Subtotals[ind.ID]
			possible += ind.Points * scale
		}
		if possible > 0 {
			out = append(out, groupRate{ind, math.Min(1, got/possible)})
		}
	}
	slices.SortStableFunc(out, func(a, b groupRate) int { return cmp.Compare(a.rate, b.rate) })
	return out
}

// advice is 工作建议: for the groups that most need it (lowest score rate),
// what was lost and what the framework advises.
func (v *cohortView) advice(d *doc) {
	groups := v.weakestGroups()
	if len(groups) == 0 {
		return
	}
	groups = groups[:min(4, len(groups))]
	fails := map[string]*failStat{}
	for _, s := range v.indicatorFailures() {
		fails[s.id] = s
	}
	intro := "按一级指标的总体得分率（全部单位实得分之和 ÷ 折算满分之和）由低到高，对最需改进的方面提出以下建议。"
	d.font(9.5, false)
	d.heading("五、工作建议", d.paraHeight(intro, contentW)+20)
	d.font(9.5, false)
	d.textColor(colBlack)
	d.para(intro, contentW)
	d.pdf.SetXY(marginL, d.pdf.GetY()+1.5)
	for i, g := range groups {
		text := fmt.Sprintf("（%s）%s（总体得分率 %s）。", chineseNumber(i+1), v.indName[g.ind.ID], percent(g.rate))
		var worst []string
		for _, leaf := range leavesOf(g.ind) {
			if s := fails[leaf.ID]; s != nil && s.fail+s.part > 0 {
				worst = append(worst, fmt.Sprintf("%s%s（未达标或部分达标 %s）", leaf.ID, v.indName[leaf.ID], pct(s.fail+s.part, s.judged)))
			}
		}
		if len(worst) > 3 {
			worst = worst[:3]
		}
		if len(worst) > 0 {
			text += "失分集中在" + strings.Join(worst, "、") + "。"
		}
		if a := v.adviceText(g.ind); a != "" {
			text += a
		}
		d.para(text, contentW)
		d.pdf.SetXY(marginL, d.pdf.GetY()+1.2)
	}
}

// adviceText is the framework's recommendation for a group: its
// description, else a recommendation drawn from its indicators' names.
func (v *cohortView) adviceText(ind *indicators.Indicator) string {
	if s := v.desc[ind.ID]; s != "" {
		return "建议：" + strings.TrimRight(s, "。") + "。"
	}
	var names []string
	for _, leaf := range leavesOf(ind) {
		if leaf.Kind != indicators.KindBonus {
			names = append(names, v.indName[leaf.ID])
		}
	}
	if len(names) == 0 {
		return ""
	}
	if len(names) > 4 {
		names = names[:4]
	}
	return "建议各单位对照指标要求，逐项核查" + strings.Join(names, "、") + "等内容的公开情况，明确责任、按时更新。"
}

// leavesOf are an indicator's leaves in framework order.
func leavesOf(ind *indicators.Indicator) []*indicators.Indicator {
	if len(ind.Children) == 0 {
		return []*indicators.Indicator{ind}
	}
	var out []*indicators.Indicator
	for _, c := range ind.Children {
		out = append(out, leavesOf(c)...)
	}
	return out
}

func (v *cohortView) commend(d *doc) {
	intro := "依据政务公开工作考核要求和本指标体系的规定，予以通报表扬的是：" + v.commendRule + "；予以通报批评的是：" + v.criticiseRule + "。"
	d.font(9.5, false)
	d.heading("六、通报表扬与批评", d.paraHeight(intro, contentW)+tableKeep(8.5, 2)+10)
	d.font(9.5, false)
	d.textColor(colBlack)
	d.para(intro, contentW)
	lists := []struct {
		title string
		list  []zwgk.Notice
	}{{"通报表扬", v.stats.Notices.Commend}, {"通报批评", v.stats.Notices.Criticise}}
	for _, l := range lists {
		d.pdf.SetXY(marginL, d.pdf.GetY()+2)
		d.subheading(l.title, tableKeep(8.5, 2))
		if len(l.list) == 0 {
			d.font(9.5, false)
			d.textColor(colBlack)
			d.para("本周期无。", contentW)
			continue
		}
		t := d.table(8.5, column{"层级", 22, "L"}, column{"排名", 12, "C"}, column{"单位", 58, "L"}, column{"总分", 16, "R"},
			column{"等级", 16, "C"}, column{"依据", 46, "L"})
		for _, n := range l.list {
			grade := v.t.clean(n.Grade, 20)
			if n.Provisional {
				grade += "（暂定）"
			}
			t.row(tierName(n.Tier), strconv.Itoa(n.Rank), v.names[n.Agency], mark(n.Total), grade, v.reasons[n.Agency])
		}
	}
}

var kindName = map[indicators.Kind]string{
	indicators.KindScore: "评分", indicators.KindVeto: "单项否决", indicators.KindDeduct: "扣分",
	indicators.KindBonus: "加分", indicators.KindManual: "人工评分", indicators.KindGroup: "",
}

func (v *cohortView) method(d *doc) {
	fw := v.in.Framework
	var bands []string
	for _, b := range fw.Bands {
		bands = append(bands, v.t.clean(b.Grade, 20)+" ≥"+points(b.Min))
	}
	na := "不适用指标的分值移出分母，其余得分按比例折算"
	if fw.NotApplicable == indicators.NAFull {
		na = "不适用指标视同得分"
	}
	s := fw.Sampling
	paras := []string{
		v.t.clean(fw.Description, maxProblem),
		fmt.Sprintf("计分：满分 %s 分；等级：%s。被单项否决的单位评为%s。%s。", points(fw.Total), strings.Join(bands, "，"), v.t.clean(fw.VetoGrade, 20), na),
		fmt.Sprintf("加分：基础分达到 %s 分方计加分，加分至多 %s 分，总分不超过满分。扣分类指标每项扣完为止。", points(fw.BonusGate), points(fw.BonusCap)),
		fmt.Sprintf("绩效考核：政务公开得分按 %s 分计入绩效考核（得分 ÷ 100 × %s）。", points(fw.AppraisalWeight), points(fw.AppraisalWeight)),
		fmt.Sprintf("抽样：评估程序自各单位网站首页起访问，每个网站至多抓取 %d 个页面、链接深度 %d 层；每个栏目至多读取 %d 页列表、打开 %d 条信息；首页以外至多检查 %d 个链接。网站可用性另行定时监测。",
			s.MaxPages, s.MaxDepth, s.ListPages, s.ItemsOpened, s.LinksChecked),
		fmt.Sprintf("日期：评估日为 %s，评估期为此前 %d 天。评估所见页面的网址、抓取时间和内容摘要列于各单位评估报告附录，可供核对。", v.in.Cycle.AsOf.Chinese(), v.in.Cycle.WindowDays),
		"数字：得分、平均分、中位数均保留两位小数，百分比保留一位小数。",
		manifestLine(v.in.ManifestRoot),
	}
	d.font(9.5, false)
	d.heading("七、评估方法", d.paraHeight(paras[0]+paras[1], contentW)+10)
	for _, p := range paras {
		if p != "" {
			d.font(9.5, false)
			d.textColor(colBlack)
			d.para(p, contentW)
			d.pdf.SetXY(marginL, d.pdf.GetY()+1.2)
		}
	}
	d.pdf.SetXY(marginL, d.pdf.GetY()+2)
	d.subheading("指标体系", tableKeep(8, 3))
	t := d.table(8, column{"编号", 14, "L"}, column{"指标及评估规则", 104, "L"}, column{"分值", 16, "R"}, column{"类型", 16, "C"}, column{"依据", 20, "C"})
	fw.Walk(func(ind *indicators.Indicator, depth int) {
		text := strings.Repeat("  ", depth-1) + v.indName[ind.ID]
		if ind.Rule != nil {
			text += "【" + indicators.RuleChinese(ind.Rule.Kind) + "】"
		}
		if v.desc[ind.ID] != "" {
			text += " " + v.desc[ind.ID]
		}
		if len(ind.Levels) > 0 {
			var ls []string
			for _, l := range ind.Levels {
				ls = append(ls, l.Chinese())
			}
			text += "（适用：" + strings.Join(ls, "、") + "）"
		}
		pts := points(ind.Points)
		if ind.Kind == indicators.KindVeto {
			pts = "—"
		} else if ind.Kind == indicators.KindDeduct {
			pts += "（每处" + points(ind.Per) + "）"
		}
		kind := kindName[ind.Kind]
		t.rowStyled(len(ind.Children) > 0, ind.ID, text, pts, kind, basisText(v.t.clean(ind.Basis, 30)))
	})
}

// basisText puts each policy section of a basis on its own line (§12–§13
// stays whole; "§14 §17" becomes two lines), so the column never breaks
// inside one.
func basisText(s string) string { return strings.Join(strings.Fields(s), " ") }

// signature is the 落款: the assessing organisation and the report date,
// right-aligned after the last section as on an official document.
func (v *cohortView) signature(d *doc) {
	assessor := v.assessor
	if assessor == "" {
		assessor = "评估机构（未署名）"
	}
	date := v.in.Cycle.AsOf.Chinese()
	if p := v.in.Cycle.PublishedAt; p != nil {
		t := p.In(chinaTime)
		date = zwgk.NewDate(t.Year(), t.Month(), t.Day()).Chinese()
	}
	d.font(11, false)
	lh := d.lineH()
	d.need(2*lh + 12)
	y := d.pdf.GetY() + 10
	w := math.Max(d.width(assessor), d.width(date)) + 2
	x := pageW - marginR - w
	d.textColor(colBlack)
	d.cell(x, y, w, lh, assessor, "C")
	d.cell(x, y+lh+1, w, lh, date, "C")
	d.pdf.SetXY(marginL, y+2*lh+2)
}

// manifestLine tells the reader how to check every published mark.
func manifestLine(root string) string {
	if root == "" {
		return ""
	}
	return "证据校验：报告目录 manifest.json 列出每个单位全部证据（页面记录、监测记录、证据文件、评估结果）的 SHA-256 摘要，并以默克尔树汇总，根哈希为 " +
		root + "。任何人可用 zwgk evidence verify 报告目录 --root 根哈希 复算全部摘要和得分；被评估单位可用 zwgk evidence export 取得本单位含页面原文的证据包。"
}

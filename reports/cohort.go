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
	// Commend and Criticise are how many per tier the §21 lists name
	// (default 3 each; ties at the boundary are included).
	Commend, Criticise int
}

// tierOrder sorts tiers by level, highest first, then by name.
func tierOrder(tiers []string) {
	pos := func(t string) int {
		for i, l := range zwgk.Levels {
			if string(l) == t {
				return i
			}
		}
		return len(zwgk.Levels)
	}
	slices.SortFunc(tiers, func(a, b string) int {
		if c := cmp.Compare(pos(a), pos(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
}

func tierName(t string) string {
	if l := zwgk.Level(t); l.Valid() {
		return l.Chinese()
	}
	return t
}

// WriteCohort writes the cohort report (总体报告) as an A4 PDF: summary,
// distribution of marks, rankings per tier, regions with a province
// tile-grid map, most-failed indicators, the §21 commend and criticise
// lists and the method, so that the publication stands on its own.
func WriteCohort(w io.Writer, in CohortInput) error {
	d, err := renderCohort(in)
	if err != nil {
		return err
	}
	return d.output(w)
}

type cohortView struct {
	in      CohortInput
	t       *texts
	names   map[string]string // agency code → cleaned name
	indName map[string]string // indicator id → cleaned name
	desc    map[string]string
	tiers   []string
	byTier  map[string][]zwgk.Scorecard // sorted by rank
	cycle   string
	fw      string
}

func renderCohort(in CohortInput) (*doc, error) {
	if in.Framework == nil {
		return nil, fmt.Errorf("cohort report: no framework")
	}
	f, err := fonts.Default()
	if err != nil {
		return nil, fmt.Errorf("cohort report: %w", err)
	}
	if in.Commend <= 0 {
		in.Commend = 3
	}
	if in.Criticise <= 0 {
		in.Criticise = 3
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
	v.histogram(d)
	v.rankings(d)
	v.regions(d)
	v.mostFailed(d)
	v.commend(d)
	v.method(d)
	return d, nil
}

func newCohortView(f *fonts.Font, in CohortInput) *cohortView {
	t := newTexts(f)
	v := &cohortView{in: in, t: t, names: map[string]string{}, indName: map[string]string{}, desc: map[string]string{},
		byTier: map[string][]zwgk.Scorecard{}}
	v.cycle = t.clean(in.Cycle.Name, maxName)
	v.fw = t.clean(in.Framework.Title, maxName) + "（" + t.clean(in.Framework.ID, 60) + " 版本 " + t.clean(in.Framework.Version, 30) + "）"
	t.clean(in.Assessor, maxName)
	t.clean(in.Framework.Description, maxProblem)
	for _, b := range in.Framework.Bands {
		t.clean(b.Grade, 20)
	}
	t.clean(in.Framework.VetoGrade, 20)
	for _, c := range in.Cards {
		v.names[c.Agency] = t.clean(c.Name, maxName)
		t.clean(c.Grade, 20)
		t.clean(c.Tier, 30)
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
	return v
}

func (v *cohortView) title(d *doc) {
	y := d.documentHead("总体报告")
	d.pdf.SetXY(marginL, y+30)
	d.font(10.5, false)
	d.textColor(colBlack)
	in := v.in
	assessor := v.t.clean(in.Assessor, maxName)
	if assessor == "" {
		assessor = "—"
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

type tierSummary struct {
	n, vetoed, passing int
	mean, median       float64
	best, worst        float64
}

func summarize(cards []zwgk.Scorecard, pass float64) tierSummary {
	s := tierSummary{n: len(cards)}
	if len(cards) == 0 {
		return s
	}
	totals := make([]float64, 0, len(cards))
	sum := 0.0
	s.best, s.worst = math.Inf(-1), math.Inf(1)
	for _, c := range cards {
		totals = append(totals, c.Total)
		sum += c.Total
		s.best, s.worst = math.Max(s.best, c.Total), math.Min(s.worst, c.Total)
		if c.Vetoed {
			s.vetoed++
		} else if c.Total >= pass {
			s.passing++
		}
	}
	slices.Sort(totals)
	s.mean = sum / float64(len(totals))
	if n := len(totals); n%2 == 1 {
		s.median = totals[n/2]
	} else {
		s.median = (totals[n/2-1] + totals[n/2]) / 2
	}
	return s
}

// passMark is the lowest band above zero: the line between passing and
// failing (60 in the usual bands).
func passMark(fw *indicators.Framework) float64 {
	m := math.Inf(1)
	for _, b := range fw.Bands {
		if b.Min > 0 && b.Min < m {
			m = b.Min
		}
	}
	if math.IsInf(m, 1) {
		return 60
	}
	return m
}

func pct(a, b int) string {
	if b == 0 {
		return "—"
	}
	return num(float64(a)*100/float64(b)) + "%"
}

func (v *cohortView) summary(d *doc) {
	pass := passMark(v.in.Framework)
	all := summarize(v.in.Cards, pass)
	d.heading("一、总体情况")
	d.font(10.5, false)
	d.textColor(colBlack)
	d.para(fmt.Sprintf("本周期共评估 %d 个单位，平均得分 %s 分，中位数 %s 分；%s 分及以上且未被单项否决的单位 %d 个，占 %s；被单项否决的单位 %d 个。",
		all.n, num(all.mean), num(all.median), num(pass), all.passing, pct(all.passing, all.n), all.vetoed), contentW)
	d.pdf.SetY(d.pdf.GetY() + 2)
	t := d.table(9, column{"层级", 30, "L"}, column{"单位数", 20, "R"}, column{"平均分", 22, "R"}, column{"中位数", 22, "R"},
		column{"最高分", 22, "R"}, column{"最低分", 22, "R"}, column{"合格率", 16, "R"}, column{"否决", 16, "R"})
	for _, tier := range v.tiers {
		s := summarize(v.byTier[tier], pass)
		t.row(tierName(tier), strconv.Itoa(s.n), num(s.mean), num(s.median), num(s.best), num(s.worst), pct(s.passing, s.n), strconv.Itoa(s.vetoed))
	}
	t.rowStyled(true, "合计", strconv.Itoa(all.n), num(all.mean), num(all.median), num(all.best), num(all.worst), pct(all.passing, all.n), strconv.Itoa(all.vetoed))
}

// histogram draws the distribution of totals in bins of ten points, with
// the grade bands' lower bounds marked.
func (v *cohortView) histogram(d *doc) {
	d.heading("二、得分分布")
	var bins [10]int
	for _, c := range v.in.Cards {
		b := int(math.Floor(c.Total / 10))
		bins[min(max(b, 0), 9)]++
	}
	peak := slices.Max(bins[:])
	if peak == 0 {
		peak = 1
	}
	const h = 55.0
	d.need(h + 14)
	y0 := d.pdf.GetY() + 2
	x0, w := marginL+12, contentW-14
	bw := w / 10
	d.line(x0, y0+h, x0+w, y0+h, 0.3, colGrey)
	for i, n := range bins {
		bh := h * float64(n) / float64(peak)
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
		d.line(x, y0, x, y0+h, 0.35, colRed)
		d.font(7.5, false)
		d.textColor(colRed)
		d.cell(x+0.8, y0, 0, 4, v.t.clean(b.Grade, 20)+" ≥"+num(b.Min), "L")
	}
	d.font(8, false)
	d.textColor(colGrey)
	d.cell(marginL, y0+h+5.5, contentW, 4, "横轴：总分区间（分）；纵轴：单位数；红线为等级分界。", "C")
	d.pdf.SetXY(marginL, y0+h+12)
}

func deltaText(c zwgk.Scorecard) string {
	if c.Delta == nil {
		return "新参评"
	}
	if *c.Delta > 0 {
		return "+" + num(*c.Delta)
	}
	return num(*c.Delta)
}

func (v *cohortView) rankings(d *doc) {
	d.heading("三、各层级排名")
	for i, tier := range v.tiers {
		d.font(11, true)
		d.textColor(colBlack)
		d.need(20)
		d.para(fmt.Sprintf("（%d）%s（%d 个单位）", i+1, tierName(tier), len(v.byTier[tier])), contentW)
		d.pdf.SetY(d.pdf.GetY() + 1)
		t := d.table(8.5, column{"排名", 14, "C"}, column{"单位", 70, "L"}, column{"地区", 26, "L"},
			column{"总分", 18, "R"}, column{"等级", 22, "C"}, column{"较上期", 20, "R"})
		for _, c := range v.byTier[tier] {
			grade := v.t.clean(c.Grade, 20)
			if c.Vetoed {
				grade += "（否决）"
			}
			region := strings.TrimSuffix(ProvinceName(c.Region), "")
			if c.Level == zwgk.LevelMinistry || region == "" {
				region = "—"
			}
			t.row(strconv.Itoa(c.Rank), v.names[c.Agency], region, num(c.Total), grade, deltaText(c))
		}
		d.pdf.SetY(d.pdf.GetY() + 4)
	}
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
	stats := scoring.Regions(v.in.Cards, v.in.Findings, scoring.PassMark(passMark(v.in.Framework)))
	byCode := map[zwgk.Region]scoring.RegionStat{}
	var provs []scoring.RegionStat
	for _, s := range stats {
		if s.Depth == 1 {
			byCode[s.Region] = s
			provs = append(provs, s)
		}
	}
	d.need(GridRows*12.5 + 45) // keep the heading with its map
	d.heading("四、地区情况")
	d.font(9.5, false)
	d.textColor(colBlack)
	d.para("下图按省级行政区排列为等面积方格（不代表实际疆域形状和面积），方格颜色表示该地区参评单位（含所辖市、县）平均得分所处的等级，方格内数字为平均分。", contentW)
	const tw, th = 18.0, 12.5
	h := GridRows*th + 12
	d.need(h)
	x0 := marginL + (contentW-GridCols*tw)/2
	y0 := d.pdf.GetY() + 2
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
			val = num(s.Mean)
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
		label := v.t.clean(b.Grade, 20) + " ≥" + num(b.Min)
		if b.Min <= 0 && i > 0 {
			label = v.t.clean(b.Grade, 20) + " <" + num(bands[i-1].Min)
		}
		d.cell(lx+5, ly, 0, 4.8, label, "L")
		lx += 5 + d.width(label) + 6
	}
	d.rect(lx, ly+0.8, 4, 3.2, "F", [3]int{225, 225, 225}, [3]int{225, 225, 225}, 0)
	d.cell(lx+5, ly, 0, 4.8, "无参评单位", "L")
	d.pdf.SetXY(marginL, ly+9)

	slices.SortStableFunc(provs, func(a, b scoring.RegionStat) int { return cmp.Compare(b.Mean, a.Mean) })
	t := d.table(8.5, column{"序号", 11, "C"}, column{"地区", 36, "L"}, column{"单位数", 16, "R"}, column{"平均分", 18, "R"},
		column{"中位数", 18, "R"}, column{"合格率", 18, "R"}, column{"否决", 13, "R"}, column{"最薄弱指标（达标率）", 40, "L"})
	for i, s := range provs {
		name := ProvinceName(s.Region)
		if name == "" {
			name = v.t.clean(string(s.Region), 12)
		}
		worst := "—"
		if s.Worst != "" {
			worst = s.Worst + " " + v.indName[s.Worst] + "（" + num(s.WorstShare*100) + "%）"
		}
		t.row(strconv.Itoa(i+1), name, strconv.Itoa(s.Agencies), num(s.Mean), num(s.Median), num(s.Passing*100)+"%", strconv.Itoa(s.Vetoed), worst)
	}
}

// failStat counts one indicator's outcomes over the cohort.
type failStat struct {
	id                           string
	judged, fail, partial, total int
}

func (v *cohortView) mostFailed(d *doc) {
	stats := map[string]*failStat{}
	for _, f := range v.in.Findings {
		if f.Outcome == zwgk.NA || f.Outcome == zwgk.Pending {
			continue
		}
		s := stats[f.Indicator]
		if s == nil {
			s = &failStat{id: f.Indicator}
			stats[f.Indicator] = s
		}
		s.judged++
		switch f.Outcome {
		case zwgk.Fail:
			s.fail++
		case zwgk.Partial:
			s.partial++
		}
	}
	list := make([]*failStat, 0, len(stats))
	for _, s := range stats {
		if s.fail+s.partial > 0 {
			list = append(list, s)
		}
	}
	// Worst first: by share failed, then share partly met, then id.
	slices.SortFunc(list, func(a, b *failStat) int {
		if c := cmp.Compare(b.fail*a.judged, a.fail*b.judged); c != 0 {
			return c
		}
		if c := cmp.Compare(b.partial*a.judged, a.partial*b.judged); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	if len(list) > 15 {
		list = list[:15]
	}
	d.heading("五、失分较多的指标")
	if len(list) == 0 {
		d.font(10, false)
		d.textColor(colBlack)
		d.para("本周期各指标均无未达标情况。", contentW)
		return
	}
	t := d.table(8.5, column{"序号", 11, "C"}, column{"编号", 16, "L"}, column{"指标名称", 67, "L"}, column{"评估单位数", 20, "R"},
		column{"未达标", 18, "R"}, column{"部分达标", 18, "R"}, column{"未达标率", 20, "R"})
	for i, s := range list {
		t.row(strconv.Itoa(i+1), s.id, v.indName[s.id], strconv.Itoa(s.judged), strconv.Itoa(s.fail), strconv.Itoa(s.partial), pct(s.fail, s.judged))
	}
}

func (v *cohortView) commend(d *doc) {
	d.heading("六、通报表扬与批评")
	d.font(9.5, false)
	d.textColor(colBlack)
	d.para(fmt.Sprintf("依据政务公开工作考核要求，对各层级排名前 %d 位（被单项否决的除外）的单位予以通报表扬，对排名后 %d 位的单位予以通报批评；并列者一并列入。",
		v.in.Commend, v.in.Criticise), contentW)
	lists := []struct {
		title string
		cards []zwgk.Scorecard
	}{
		{"通报表扬", scoring.Commend(v.in.Cards, v.in.Commend)},
		{"通报批评", scoring.Criticise(v.in.Cards, v.in.Criticise)},
	}
	for _, l := range lists {
		d.pdf.SetY(d.pdf.GetY() + 2)
		d.font(11, true)
		d.textColor(colBlack)
		d.need(16)
		d.para(l.title, contentW)
		t := d.table(8.5, column{"层级", 26, "L"}, column{"排名", 16, "C"}, column{"单位", 88, "L"}, column{"总分", 18, "R"}, column{"等级", 22, "C"})
		for _, c := range l.cards {
			t.row(tierName(c.Tier), strconv.Itoa(c.Rank), v.names[c.Agency], num(c.Total), v.t.clean(c.Grade, 20))
		}
	}
}

var kindName = map[indicators.Kind]string{
	indicators.KindScore: "评分", indicators.KindVeto: "单项否决", indicators.KindDeduct: "扣分",
	indicators.KindBonus: "加分", indicators.KindManual: "人工评分", indicators.KindGroup: "",
}

func (v *cohortView) method(d *doc) {
	fw := v.in.Framework
	d.heading("七、评估方法")
	d.font(9.5, false)
	d.textColor(colBlack)
	var bands []string
	for _, b := range fw.Bands {
		bands = append(bands, v.t.clean(b.Grade, 20)+" ≥"+num(b.Min))
	}
	na := "不适用指标的分值移出分母，其余得分按比例折算"
	if fw.NotApplicable == indicators.NAFull {
		na = "不适用指标视同得分"
	}
	s := fw.Sampling
	paras := []string{
		v.t.clean(fw.Description, maxProblem),
		fmt.Sprintf("计分：满分 %s 分；等级：%s。被单项否决的单位评为%s。%s。", num(fw.Total), strings.Join(bands, "，"), v.t.clean(fw.VetoGrade, 20), na),
		fmt.Sprintf("加分：基础分达到 %s 分方计加分，加分至多 %s 分，总分不超过满分。扣分类指标每项扣完为止。", num(fw.BonusGate), num(fw.BonusCap)),
		fmt.Sprintf("绩效考核：政务公开得分按 %s 分计入绩效考核（得分 ÷ 100 × %s）。", num(fw.AppraisalWeight), num(fw.AppraisalWeight)),
		fmt.Sprintf("抽样：评估程序自各单位网站首页起访问，每个网站至多抓取 %d 个页面、链接深度 %d 层；每个栏目至多读取 %d 页列表、打开 %d 条信息；首页以外至多检查 %d 个链接。网站可用性另行定时监测。",
			s.MaxPages, s.MaxDepth, s.ListPages, s.ItemsOpened, s.LinksChecked),
		fmt.Sprintf("日期：评估日为 %s，评估期为此前 %d 天。评估所见页面的网址、抓取时间和内容摘要列于各单位评估报告附录，可供核对。", v.in.Cycle.AsOf.Chinese(), v.in.Cycle.WindowDays),
		manifestLine(v.in.ManifestRoot),
	}
	for _, p := range paras {
		if p != "" {
			d.para(p, contentW)
			d.pdf.SetY(d.pdf.GetY() + 1.2)
		}
	}
	d.pdf.SetY(d.pdf.GetY() + 2)
	d.font(11, true)
	d.need(16)
	d.para("指标体系", contentW)
	t := d.table(8, column{"编号", 14, "L"}, column{"指标及评估规则", 112, "L"}, column{"分值", 16, "R"}, column{"类型", 16, "C"}, column{"依据", 12, "C"})
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
		points := num(ind.Points)
		if ind.Kind == indicators.KindVeto {
			points = "—"
		} else if ind.Kind == indicators.KindDeduct {
			points += "（每处" + num(ind.Per) + "）"
		}
		kind := kindName[ind.Kind]
		t.rowStyled(len(ind.Children) > 0, ind.ID, text, points, kind, v.t.clean(ind.Basis, 30))
	})
}

// manifestLine tells the reader how to check every published mark.
func manifestLine(root string) string {
	if root == "" {
		return ""
	}
	return "证据校验：报告目录 manifest.json 列出每个单位全部证据（页面记录、监测记录、证据文件、评估结果）的 SHA-256 摘要，并以默克尔树汇总，根哈希为 " +
		root + "。任何人可用 zwgk evidence verify 报告目录 --root 根哈希 复算全部摘要和得分；被评估单位可用 zwgk evidence export 取得本单位含页面原文的证据包。"
}

package reports

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports/assets"
	"zwgk/scoring"
)

// CycleCards are one cycle's scorecards, for trends.
type CycleCards struct {
	Name  string
	Cards []zwgk.Scorecard
}

// ChartsInput is what the dashboard shows.
type ChartsInput struct {
	Cycle     zwgk.Cycle
	Framework *indicators.Framework
	Cards     []zwgk.Scorecard // ranked
	Findings  []zwgk.Finding   // for the region table's worst indicator; may be nil
	// History are earlier cycles, oldest first; the current cycle is
	// appended to them for the trend lines.
	History []CycleCards
	// Focus are agency codes drawn on their tier's radar; by default the
	// first, the median and the last of each tier.
	Focus []string
	// MaxRows bounds bars per tier and heat-map rows (default 60): a
	// county tier of thousands is shown by its top and bottom.
	MaxRows int
}

// heatRows is how many agencies the heat map shows at once before it
// scrolls.
const heatRows = 80

// assetsHost is where the pages look for echarts.min.js: beside them.
// go-echarts fills an empty host with its CDN, so it must not be "".
const assetsHost = "./"

// WriteCharts writes dir/index.html, the cycle's chart dashboard, with
// echarts.min.js and its licence beside it. Opened from file:// it makes
// no network request.
func WriteCharts(dir string, in ChartsInput) error {
	if in.Framework == nil {
		return fmt.Errorf("charts: no framework")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	if in.MaxRows <= 0 {
		in.MaxRows = 60
	}
	for name, b := range map[string][]byte{
		"echarts.min.js": assets.EchartsJS, "LICENSE-echarts.txt": assets.EchartsLicense, "NOTICE-echarts.txt": assets.EchartsNotice,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("charts: %w", err)
		}
	}
	page := components.NewPage()
	page.SetAssetsHost(assetsHost)
	page.SetPageTitle(jsText(in.Cycle.Name, maxName) + " 评估结果图表")
	page.SetLayout(components.PageFlexLayout)
	v := newChartsView(in)
	page.AddCharts(v.rankings()...)
	page.AddCharts(v.regionRanking(), v.weakestIndicators())
	page.AddCharts(v.radars()...)
	page.AddCharts(v.heatmap(), v.trends(), v.tileMap())
	var buf bytes.Buffer
	if err := page.Render(&buf); err != nil {
		return fmt.Errorf("charts: render index.html: %w", err)
	}
	// go-echarts has no place for a page heading: it goes in after <body>.
	html := bytes.Replace(buf.Bytes(), []byte("<body>"), []byte("<body>\n"+pageHeading(in)), 1)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), html, 0o644); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	return nil
}

// pageHeading is the dashboard's heading: cycle, framework, as-of date
// and status (征求意见稿 until the cycle is published), HTML-escaped, with
// the page's own styles (spacing between charts, so a legend never runs
// into the next chart's title).
func pageHeading(in ChartsInput) string {
	status, cls := "征求意见稿 · 未发布（结果可能因复核、申诉调整）", "draft"
	if in.Cycle.State == zwgk.CyclePublished {
		status, cls = "已发布", "published"
	}
	fw := in.Framework.Title + "（" + in.Framework.ID + " 版本 " + in.Framework.Version + "）"
	e := func(s string, n int) string { return html.EscapeString(plain(s, n)) }
	return `<style>
body{margin:0;font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#141414}
header.zwgk{padding:18px 32px 14px;border-bottom:3px double #be1419;margin-bottom:12px}
header.zwgk h1{margin:0;font-size:24px;color:#be1419}
header.zwgk p{margin:6px 0 0;font-size:14px}
header.zwgk .status{display:inline-block;margin-left:12px;padding:2px 10px;border-radius:3px;font-size:14px;vertical-align:middle}
header.zwgk .draft{background:#fbe9e9;color:#be1419;border:1px solid #be1419}
header.zwgk .published{background:#e7f3ea;color:#196e3c;border:1px solid #196e3c}
.box .container{margin:14px 10px 28px}
</style>
<header class="zwgk" id="page-heading">
<h1>` + e(in.Cycle.Name, maxName) + ` 评估结果图表<span class="status ` + cls + `" id="page-status">` + status + `</span></h1>
<p id="page-facts">指标体系：` + e(fw, 2*maxName) + `；评估日期：` + html.EscapeString(in.Cycle.AsOf.Chinese()) + `；参评单位 ` + strconv.Itoa(len(in.Cards)) + ` 个。红色条表示被单项否决的单位。</p>
</header>
`
}

// jsText makes untrusted text safe inside the dashboard: go-echarts puts
// option JSON into a <script> unescaped, so < > & are swapped for their
// full-width forms (nothing can close the script), control characters go
// and the length is bounded.
func jsText(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteRune('…')
			break
		}
		switch {
		case r == '<':
			r = '＜'
		case r == '>':
			r = '＞'
		case r == '&':
			r = '＆'
		case unicode.IsSpace(r):
			r = ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar:
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

type chartsView struct {
	in     ChartsInput
	tiers  []string
	byTier map[string][]zwgk.Scorecard // by rank
	tops   []*indicators.Indicator     // first-level indicators with points
	names  map[string]string
}

func newChartsView(in ChartsInput) *chartsView {
	v := &chartsView{in: in, byTier: map[string][]zwgk.Scorecard{}, names: map[string]string{}}
	for _, c := range in.Cards {
		if _, ok := v.byTier[c.Tier]; !ok {
			v.tiers = append(v.tiers, c.Tier)
		}
		v.byTier[c.Tier] = append(v.byTier[c.Tier], c)
		v.names[c.Agency] = jsText(c.Name, 40)
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
	for _, ind := range in.Framework.Indicators {
		if ind.Points > 0 {
			v.tops = append(v.tops, ind)
		}
	}
	return v
}

func initOpts(id, width, height string) charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: width, Height: height, AssetsHost: assetsHost})
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// shown is the cards of a tier the dashboard draws: all up to max, else
// the top and bottom halves of max.
func shown(cs []zwgk.Scorecard, max int) []zwgk.Scorecard {
	if len(cs) <= max {
		return cs
	}
	return append(slices.Clone(cs[:max/2]), cs[len(cs)-max/2:]...)
}

func (v *chartsView) rankings() []components.Charter {
	var out []components.Charter
	for i, tier := range v.tiers {
		cs := shown(v.byTier[tier], v.in.MaxRows)
		bar := charts.NewBar()
		height := fmt.Sprintf("%dpx", 130+22*len(cs))
		sub := fmt.Sprintf("共 %d 个单位", len(v.byTier[tier]))
		if len(cs) < len(v.byTier[tier]) {
			sub += fmt.Sprintf("，显示前 %d 名和后 %d 名", v.in.MaxRows/2, v.in.MaxRows/2)
		}
		bar.SetGlobalOptions(initOpts(fmt.Sprintf("rank_%d", i), "900px", height),
			charts.WithTitleOpts(opts.Title{Title: "排名：" + jsText(tierName(tier), 30), Subtitle: sub}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "8px", Right: "20px"}),
			charts.WithGridOpts(opts.Grid{Left: "260px", Right: "70px", Top: "70px", Bottom: "30px"}),
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))
		var labels []string
		var ok, vetoed []opts.BarData
		for _, c := range cs {
			labels = append(labels, fmt.Sprintf("%d. %s", c.Rank, v.names[c.Agency]))
			d, none := opts.BarData{Value: round2(c.Total)}, opts.BarData{Value: "-"}
			if c.Vetoed {
				ok, vetoed = append(ok, none), append(vetoed, d)
			} else {
				ok, vetoed = append(ok, d), append(vetoed, none)
			}
		}
		// Two stacked series, so each agency has one bar and the legend
		// names both colours.
		label := charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Formatter: string(twoDecimals)})
		bar.SetXAxis(labels).
			AddSeries("总分", ok, label, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1e5096"}), charts.WithBarChartOpts(opts.BarChart{Stack: "total"})).
			AddSeries("被单项否决（总分不计等级）", vetoed, label, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#be1419"}), charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		bar.XYReversal()
		out = append(out, bar)
	}
	return out
}

// twoDecimals prints a label's value as a mark: two decimals, "" for none.
var twoDecimals = opts.FuncOpts(`function (p) { var x = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value; return (typeof x === 'number') ? x.toFixed(2) : ''; }`) // single quotes: go-echarts escapes double ones inside functions

// regionRanking ranks the provinces by their agencies' mean total
// (scoring's region aggregates: ministries belong to no region).
func (v *chartsView) regionRanking() components.Charter {
	var provs []scoring.RegionStat
	for _, s := range scoring.Regions(v.in.Cards, v.in.Findings, scoring.PassMark(passMark(v.in.Framework))) {
		if s.Depth == 1 {
			provs = append(provs, s)
		}
	}
	slices.SortStableFunc(provs, func(a, b scoring.RegionStat) int { return cmp.Compare(b.Mean, a.Mean) })
	var labels []string
	var data []opts.BarData
	for i, s := range provs {
		name := ProvinceName(s.Region)
		if name == "" {
			name = string(s.Region)
		}
		labels = append(labels, fmt.Sprintf("%d. %s（%d）", i+1, name, s.Agencies))
		data = append(data, opts.BarData{Value: s.Mean})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(initOpts("regions", "900px", fmt.Sprintf("%dpx", 130+22*max(1, len(provs)))),
		charts.WithTitleOpts(opts.Title{Title: "各省级行政区平均分排名", Subtitle: "含所辖市、县单位，不含国务院部门；括号内为单位数"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "8px", Right: "20px"}),
		charts.WithGridOpts(opts.Grid{Left: "200px", Right: "70px", Top: "70px", Bottom: "30px"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))
	bar.SetXAxis(labels).AddSeries("平均分", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Formatter: string(twoDecimals)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#46965a"}))
	bar.XYReversal()
	return bar
}

// weakestIndicators ranks the leaf indicators the fewest agencies met
// (达标率: passed of judged; na and pending left out), worst first.
func (v *chartsView) weakestIndicators() components.Charter {
	type stat struct {
		id             string
		judged, passed int
	}
	byID := map[string]*stat{}
	var order []*stat
	for _, f := range v.in.Findings {
		if f.Outcome == zwgk.NA || f.Outcome == zwgk.Pending {
			continue
		}
		s := byID[f.Indicator]
		if s == nil {
			s = &stat{id: f.Indicator}
			byID[f.Indicator] = s
			order = append(order, s)
		}
		s.judged++
		if f.Outcome == zwgk.Pass {
			s.passed++
		}
	}
	slices.SortStableFunc(order, func(a, b *stat) int {
		if c := cmp.Compare(a.passed*b.judged, b.passed*a.judged); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	order = order[:min(15, len(order))]
	names := map[string]string{}
	v.in.Framework.Walk(func(ind *indicators.Indicator, _ int) { names[ind.ID] = ind.Name })
	var labels []string
	var data []opts.BarData
	for _, s := range order {
		labels = append(labels, jsText(s.id+" "+names[s.id], 24)+fmt.Sprintf("（%d）", s.judged))
		data = append(data, opts.BarData{Value: math.Round(1000*float64(s.passed)/float64(s.judged)) / 10})
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(initOpts("weakest", "900px", fmt.Sprintf("%dpx", 130+22*max(1, len(order)))),
		charts.WithTitleOpts(opts.Title{Title: "达标率最低的指标", Subtitle: "达标单位数 ÷ 评定单位数（%）；括号内为评定单位数"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "8px", Right: "20px"}),
		charts.WithGridOpts(opts.Grid{Left: "260px", Right: "70px", Top: "70px", Bottom: "30px"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))
	bar.SetXAxis(labels).AddSeries("达标率（%）", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right",
		Formatter: string(opts.FuncOpts(`function (p) { return p.value.toFixed(1) + '%'; }`))}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#c8782a"}))
	bar.XYReversal()
	return bar
}

// share is earned/possible as a percentage, the scale on which indicators
// of different weights compare.
func share(c zwgk.Scorecard, ind *indicators.Indicator) float64 {
	scale := c.Scale
	if scale == 0 {
		scale = 1
	}
	if ind.Points == 0 {
		return 0
	}
	// Subtotals are rounded after rescaling, so a full mark can come out a
	// hair above 100 %.
	return math.Min(100, math.Round(1000*c.Subtotals[ind.ID]/(ind.Points*scale))/10)
}

func (v *chartsView) radars() []components.Charter {
	focus := map[string]bool{}
	for _, code := range v.in.Focus {
		focus[code] = true
	}
	var out []components.Charter
	for i, tier := range v.tiers {
		cs := v.byTier[tier]
		var pick []zwgk.Scorecard
		if len(v.in.Focus) > 0 {
			for _, c := range cs {
				if focus[c.Agency] {
					pick = append(pick, c)
				}
			}
		} else {
			pick = append(pick, cs[0])
			if len(cs) > 2 {
				pick = append(pick, cs[len(cs)/2])
			}
			if len(cs) > 1 {
				pick = append(pick, cs[len(cs)-1])
			}
		}
		var ind []*opts.Indicator
		for _, t := range v.tops {
			ind = append(ind, &opts.Indicator{Name: jsText(t.ID+" "+t.Name, 20), Max: 100})
		}
		r := charts.NewRadar()
		// The legend wraps in its own band below the radar (five entries at
		// most), which the radius leaves free.
		r.SetGlobalOptions(initOpts(fmt.Sprintf("radar_%d", i), "640px", "620px"),
			charts.WithTitleOpts(opts.Title{Title: "一级指标得分率：" + jsText(tierName(tier), 30), Subtitle: "单位与同层级平均、最高（%）"}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "8px", Left: "center", Width: "600px"}),
			charts.WithRadarComponentOpts(opts.RadarComponent{Indicator: ind, Center: []string{"50%", "46%"}}))
		r.AddJSFuncs("%MY_ECHARTS%.setOption({radar: [{radius: '52%'}]});") // opts.RadarComponent has no radius
		avg, best := make([]float64, len(v.tops)), make([]float64, len(v.tops))
		for k, t := range v.tops {
			for j, c := range cs {
				s := share(c, t)
				avg[k] += s
				if j == 0 || s > best[k] {
					best[k] = s
				}
			}
			avg[k] = round2(avg[k] / float64(len(cs)))
		}
		r.AddSeries("同层级平均", []opts.RadarData{{Name: "同层级平均", Value: avg}})
		r.AddSeries("同层级最高", []opts.RadarData{{Name: "同层级最高", Value: best}})
		for _, c := range pick {
			vals := make([]float64, len(v.tops))
			for k, t := range v.tops {
				vals[k] = share(c, t)
			}
			name := fmt.Sprintf("%s（第%d名）", v.names[c.Agency], c.Rank)
			r.AddSeries(name, []opts.RadarData{{Name: name, Value: vals}})
		}
		out = append(out, r)
	}
	return out
}

func (v *chartsView) heatmap() components.Charter {
	// Every agency, in the one tier order and by rank; past heatRows the
	// chart scrolls (a slider and the mouse wheel) rather than drop rows.
	var rows []zwgk.Scorecard
	for _, tier := range v.tiers {
		rows = append(rows, v.byTier[tier]...)
	}
	var ys []string
	for _, c := range rows {
		ys = append(ys, fmt.Sprintf("%s %d. %s", jsText(tierName(c.Tier), 10), c.Rank, v.names[c.Agency]))
	}
	var xs []string
	for _, t := range v.tops {
		xs = append(xs, jsText(t.ID+" "+t.Name, 12))
	}
	var data []opts.HeatMapData
	for y, c := range rows {
		for x, t := range v.tops {
			data = append(data, opts.HeatMapData{Value: [3]any{x, y, share(c, t)}})
		}
	}
	visible := min(len(rows), heatRows)
	h := charts.NewHeatMap()
	global := []charts.GlobalOpts{initOpts("heatmap", "1200px", fmt.Sprintf("%dpx", 190+20*visible)),
		charts.WithTitleOpts(opts.Title{Title: "单位 × 一级指标得分率（%）", Subtitle: fmt.Sprintf("全部 %d 个单位", len(rows))}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // the colour scale below is the legend
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithGridOpts(opts.Grid{Left: "300px", Right: "60px", Top: "70px", Bottom: "130px"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: xs, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}, AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 30}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true), SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: 100, Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#be1419", "#ebc85a", "#196e3c"}}})}
	if len(rows) > visible {
		end := float32(100 * float64(visible) / float64(len(rows)))
		global = append(global, charts.WithDataZoomOpts(
			opts.DataZoom{Type: "slider", YAxisIndex: []int{0}, Start: 0, End: end, Orient: "vertical"},
			opts.DataZoom{Type: "inside", YAxisIndex: []int{0}, Start: 0, End: end}))
		global[1] = charts.WithTitleOpts(opts.Title{Title: "单位 × 一级指标得分率（%）",
			Subtitle: fmt.Sprintf("全部 %d 个单位，每屏 %d 个：拖动右侧滑块或滚动鼠标查看其余单位", len(rows), visible)})
	}
	h.SetGlobalOptions(global...)
	// go-echarts v2.6.7 drops HeatMap.SetXAxis data (its Validate never
	// copies it), so the categories go into the axis options themselves.
	h.AddSeries("得分率", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))
	return h
}

// tierMean is the mean total of a tier's cards in a cycle; ok false when
// the tier had none.
func tierMean(cards []zwgk.Scorecard, tier string) (float64, bool) {
	sum, n := 0.0, 0
	for _, c := range cards {
		if c.Tier == tier || c.Tier == "" && string(c.Level) == tier {
			sum += c.Total
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return round2(sum / float64(n)), true
}

// trends draws each tier's mean over the cycles: lines with their labels
// moved apart where they would overlap; a single cycle (no trend yet) as
// one labelled point per tier, side by side.
func (v *chartsView) trends() components.Charter {
	cycles := append(slices.Clone(v.in.History), CycleCards{Name: v.in.Cycle.Name, Cards: v.in.Cards})
	title := charts.WithTitleOpts(opts.Title{Title: "各层级平均分变化", Subtitle: "历次评估周期；鼠标悬停查看各期数值"})
	if len(cycles) == 1 {
		var xs []string
		var data []opts.ScatterData
		for _, tier := range v.tiers {
			m, _ := tierMean(v.in.Cards, tier)
			xs = append(xs, jsText(tierName(tier), 30))
			data = append(data, opts.ScatterData{Value: m, SymbolSize: 14})
		}
		sc := charts.NewScatter()
		sc.SetGlobalOptions(initOpts("trends", "900px", "420px"),
			charts.WithTitleOpts(opts.Title{Title: "各层级平均分", Subtitle: "仅一个评估周期，尚无变化趋势：" + jsText(v.in.Cycle.Name, 40)}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "8px", Right: "20px"}),
			charts.WithGridOpts(opts.Grid{Top: "80px"}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100}))
		sc.SetXAxis(xs).AddSeries(jsText(v.in.Cycle.Name, 40), data,
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Formatter: string(twoDecimals)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1e5096"}))
		return sc
	}
	var xs []string
	for _, c := range cycles {
		xs = append(xs, jsText(c.Name, 40))
	}
	l := charts.NewLine()
	l.SetGlobalOptions(initOpts("trends", "900px", "440px"), title,
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "80px", Bottom: "60px"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100}))
	l.SetXAxis(xs)
	for _, tier := range v.tiers {
		var data []opts.LineData
		for _, cy := range cycles {
			if m, ok := tierMean(cy.Cards, tier); ok {
				data = append(data, opts.LineData{Value: m})
			} else {
				data = append(data, opts.LineData{Value: "-"})
			}
		}
		// Tier means lie close together: labels on every point collide
		// (ECharts' moveOverlap does not separate them across series), so
		// the values are in the tooltip.
		l.AddSeries(jsText(tierName(tier), 30), data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(false)}))
	}
	return l
}

// tileMap is the province tile-grid heat map: an ECharts heatmap on a
// category grid laid out like the country (Provinces), no geographic data.
func (v *chartsView) tileMap() components.Charter {
	stats := scoring.Regions(v.in.Cards, v.in.Findings)
	mean := map[zwgk.Region]float64{}
	count := map[zwgk.Region]int{}
	for _, s := range stats {
		if s.Depth == 1 {
			mean[s.Region], count[s.Region] = s.Mean, s.Agencies
		}
	}
	var data []opts.HeatMapData
	for _, p := range Provinces {
		m, ok := mean[p.Code]
		if !ok {
			data = append(data, opts.HeatMapData{Name: p.Name + "\n—", Value: [3]any{p.Col, GridRows - 1 - p.Row, noData}})
			continue
		}
		data = append(data, opts.HeatMapData{Name: fmt.Sprintf("%s\n%s", p.Name, mark(m)), Value: [3]any{p.Col, GridRows - 1 - p.Row, m}})
	}
	xs, ys := make([]string, GridCols), make([]string, GridRows)
	for i := range xs {
		xs[i] = fmt.Sprint(i)
	}
	for i := range ys {
		ys[i] = fmt.Sprint(i)
	}
	h := charts.NewHeatMap()
	hidden := opts.Bool(false)
	h.SetGlobalOptions(initOpts("tilemap", "800px", "640px"),
		charts.WithTitleOpts(opts.Title{Title: "各省平均分（方格图）", Subtitle: "每省一格，位置示意，不代表疆域形状与面积；含所辖市、县单位"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // the pieces below are the legend
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithGridOpts(opts.Grid{Left: "20px", Right: "20px", Top: "70px", Bottom: "70px"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: xs, Show: hidden}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Show: hidden}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "piecewise", Pieces: v.bandPieces(), Orient: "horizontal", Left: "center", Bottom: "0"}))
	h.AddJSFuncs(v.pieceLabels())
	h.AddSeries("平均分", data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}", Color: "#fff"}),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#fff", BorderWidth: 3}))
	return h
}

// noData marks a province without agencies on the tile map; bandPieces
// gives it grey.
const noData = -100

// bandPieces colour the tile map by the framework's grade bands, like the
// cohort report's map. (go-echarts omits zero bounds, so the lowest band
// is bounded below by a negative number above noData.)
func (v *chartsView) bandPieces() []opts.Piece {
	bands := slices.Clone(v.in.Framework.Bands)
	slices.SortFunc(bands, func(a, b indicators.Band) int { return cmp.Compare(b.Min, a.Min) })
	var ps []opts.Piece
	for i, b := range bands {
		p := opts.Piece{Gte: float32(b.Min), Color: rgb(tileColours[min(i, len(tileColours)-1)])}
		if b.Min <= 0 {
			p.Gte, p.Gt = 0, noData/2
		}
		if i > 0 {
			p.Lt = float32(bands[i-1].Min)
		}
		ps = append(ps, p)
	}
	return append(ps, opts.Piece{Lt: noData / 2, Color: "#dddddd"})
}

// pieceLabels names the pieces after the grades (opts.Piece has no label
// field): a statement run after setOption. encoding/json escapes < > &, so
// a grade name cannot end the script.
func (v *chartsView) pieceLabels() string {
	bands := slices.Clone(v.in.Framework.Bands)
	slices.SortFunc(bands, func(a, b indicators.Band) int { return cmp.Compare(b.Min, a.Min) })
	pieces := v.bandPieces()
	type labelled struct {
		opts.Piece
		Label string `json:"label"`
	}
	var ls []labelled
	for i, p := range pieces {
		label := "无参评单位"
		if i < len(bands) {
			label = jsText(bands[i].Grade, 20) + " ≥" + points(bands[i].Min)
			if bands[i].Min <= 0 && i > 0 {
				label = jsText(bands[i].Grade, 20) + " <" + points(bands[i-1].Min)
			}
		}
		ls = append(ls, labelled{p, label})
	}
	b, _ := json.Marshal(ls) // plain structs: cannot fail
	return "%MY_ECHARTS%.setOption({visualMap: [{pieces: " + string(b) + "}]});"
}

func rgb(c [3]int) string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

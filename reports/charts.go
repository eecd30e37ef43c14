package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
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
	page.AddCharts(v.radars()...)
	page.AddCharts(v.heatmap(), v.trends(), v.tileMap())
	f, err := os.Create(filepath.Join(dir, "index.html"))
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	if err := page.Render(f); err != nil {
		f.Close()
		return fmt.Errorf("charts: render index.html: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	return nil
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
		height := fmt.Sprintf("%dpx", 120+22*len(cs))
		sub := fmt.Sprintf("共 %d 个单位", len(v.byTier[tier]))
		if len(cs) < len(v.byTier[tier]) {
			sub += fmt.Sprintf("，显示前 %d 名和后 %d 名", v.in.MaxRows/2, v.in.MaxRows/2)
		}
		bar.SetGlobalOptions(initOpts(fmt.Sprintf("rank_%d", i), "900px", height),
			charts.WithTitleOpts(opts.Title{Title: "排名：" + jsText(tierName(tier), 30), Subtitle: sub}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
			charts.WithGridOpts(opts.Grid{Left: "260px", Right: "60px", Top: "70px"}),
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}))
		var labels []string
		var data []opts.BarData
		for _, c := range cs {
			labels = append(labels, fmt.Sprintf("%d. %s", c.Rank, v.names[c.Agency]))
			d := opts.BarData{Value: round2(c.Total)}
			if c.Vetoed {
				d.ItemStyle = &opts.ItemStyle{Color: "#be1419"}
			}
			data = append(data, d)
		}
		bar.SetXAxis(labels).AddSeries("总分", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1e5096"}))
		bar.XYReversal()
		out = append(out, bar)
	}
	return out
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
		r.SetGlobalOptions(initOpts(fmt.Sprintf("radar_%d", i), "600px", "520px"),
			charts.WithTitleOpts(opts.Title{Title: "一级指标得分率：" + jsText(tierName(tier), 30), Subtitle: "单位与同层级平均、最高（%）"}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Type: "scroll"}),
			charts.WithRadarComponentOpts(opts.RadarComponent{Indicator: ind, Center: []string{"50%", "52%"}}))
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
	var rows []zwgk.Scorecard
	for _, tier := range v.tiers {
		rows = append(rows, shown(v.byTier[tier], max(4, v.in.MaxRows/len(v.tiers)))...)
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
	h := charts.NewHeatMap()
	h.SetGlobalOptions(initOpts("heatmap", "1200px", fmt.Sprintf("%dpx", 160+20*len(rows))),
		charts.WithTitleOpts(opts.Title{Title: "单位 × 一级指标得分率（%）"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithGridOpts(opts.Grid{Left: "300px", Top: "60px", Bottom: "130px"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: xs, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}, AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 30}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, Inverse: opts.Bool(true), SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: 100, Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#be1419", "#ebc85a", "#196e3c"}}}))
	// go-echarts v2.6.7 drops HeatMap.SetXAxis data (its Validate never
	// copies it), so the categories go into the axis options themselves.
	h.AddSeries("得分率", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))
	return h
}

func (v *chartsView) trends() components.Charter {
	cycles := append(slices.Clone(v.in.History), CycleCards{Name: v.in.Cycle.Name, Cards: v.in.Cards})
	var xs []string
	for _, c := range cycles {
		xs = append(xs, jsText(c.Name, 40))
	}
	l := charts.NewLine()
	l.SetGlobalOptions(initOpts("trends", "900px", "420px"),
		charts.WithTitleOpts(opts.Title{Title: "各层级平均分变化", Subtitle: "历次评估周期"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100}))
	l.SetXAxis(xs)
	for _, tier := range v.tiers {
		var data []opts.LineData
		for _, cy := range cycles {
			sum, n := 0.0, 0
			for _, c := range cy.Cards {
				if c.Tier == tier || c.Tier == "" && string(c.Level) == tier {
					sum += c.Total
					n++
				}
			}
			if n == 0 {
				data = append(data, opts.LineData{Value: "-"})
				continue
			}
			data = append(data, opts.LineData{Value: round2(sum / float64(n))})
		}
		l.AddSeries(jsText(tierName(tier), 30), data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))
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

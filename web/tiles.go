package web

import (
	"context"
	"fmt"
	"sort"

	"zwgk"
)

// provinceTile places a province on the tile-grid map (a cartogram): one
// equal square per province, laid out roughly where it lies. It needs no
// boundary data, so no map approval is involved, and every province weighs
// the same on the eye whatever its area.
type provinceTile struct {
	Code     zwgk.Region
	Name     string
	Row, Col int
}

var provinceTiles = []provinceTile{
	{"230000", "黑龙江", 0, 7},
	{"150000", "内蒙古", 1, 5}, {"220000", "吉林", 1, 7},
	{"650000", "新疆", 2, 1}, {"110000", "北京", 2, 5}, {"120000", "天津", 2, 6}, {"210000", "辽宁", 2, 7},
	{"620000", "甘肃", 3, 2}, {"640000", "宁夏", 3, 3}, {"140000", "山西", 3, 4}, {"130000", "河北", 3, 5}, {"370000", "山东", 3, 6},
	{"540000", "西藏", 4, 1}, {"630000", "青海", 4, 2}, {"610000", "陕西", 4, 3}, {"410000", "河南", 4, 4}, {"320000", "江苏", 4, 5}, {"310000", "上海", 4, 6},
	{"510000", "四川", 5, 2}, {"500000", "重庆", 5, 3}, {"420000", "湖北", 5, 4}, {"340000", "安徽", 5, 5}, {"330000", "浙江", 5, 6},
	{"530000", "云南", 6, 2}, {"520000", "贵州", 6, 3}, {"430000", "湖南", 6, 4}, {"360000", "江西", 6, 5}, {"350000", "福建", 6, 6}, {"710000", "台湾", 6, 7},
	{"450000", "广西", 7, 3}, {"440000", "广东", 7, 4}, {"810000", "香港", 7, 5}, {"820000", "澳门", 7, 6},
	{"460000", "海南", 8, 4},
}

// provinceName is the short name of a province code, or the code itself.
func provinceName(r zwgk.Region) string {
	p := r.Province()
	for _, t := range provinceTiles {
		if t.Code == p {
			return t.Name
		}
	}
	return string(p)
}

// regionStat aggregates one province's scorecards.
type regionStat struct {
	Code      zwgk.Region `json:"code"`
	Name      string      `json:"name"`
	Agencies  int         `json:"agencies"`
	Mean      float64     `json:"mean"`
	Min       float64     `json:"min"`
	Max       float64     `json:"max"`
	Vetoed    int         `json:"vetoed"`
	Excellent int         `json:"excellent"` // agencies with the framework's best grade
	Passing   float64     `json:"passing"`   // share not vetoed at or above the pass mark
}

// provinceStats are the provinces' figures of a tier ("" = every tier),
// best mean first, taken from scoring's one computation of the cohort
// (ministries belong to no region there), so the portal, the PDF and the
// charts give the same counts and means.
// They are computed once per card set and tier: callers must not change
// the slice.
func (s *server) provinceStats(ctx context.Context, c zwgk.Cycle, cc *cycleCards, tier string) ([]regionStat, error) {
	cs := cc.cardSet
	cs.mu.Lock()
	got, ok := cs.provinces[tier]
	cs.mu.Unlock()
	if ok {
		return got, nil
	}
	out, err := s.computeProvinceStats(ctx, c, cc, tier)
	if err != nil {
		return nil, err
	}
	cs.mu.Lock()
	if cs.provinces == nil {
		cs.provinces = map[string][]regionStat{}
	}
	cs.provinces[tier] = out
	cs.mu.Unlock()
	return out, nil
}

func (s *server) computeProvinceStats(ctx context.Context, c zwgk.Cycle, cc *cycleCards, tier string) ([]regionStat, error) {
	co, err := s.cohortOf(ctx, c, cc)
	if err != nil {
		return nil, err
	}
	best := ""
	if len(co.Stats.Grades) > 0 {
		best = co.Stats.Grades[0]
	}
	var out []regionStat
	for _, g := range co.Stats.RegionsAt(tier, 1) {
		out = append(out, regionStat{Code: g.Region, Name: provinceName(g.Region), Agencies: g.Agencies, Mean: g.Mean,
			Min: g.Min, Max: g.Max, Vetoed: g.Vetoed, Excellent: g.Count(best), Passing: g.Passing})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Mean != out[j].Mean {
			return out[i].Mean > out[j].Mean
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}

// tileView is one drawn tile of the map.
type tileView struct {
	X, Y    int
	Code    zwgk.Region
	Name    string
	Fill    string
	Label   string // the mean, or "—"
	Title   string
	HasData bool
	Dark    bool // light text on a dark fill
}

const tileSize, tileGap = 58, 4

// tileMap lays out the tiles with a fill per mean: a five-step sequential
// scale from pale to deep blue, grey where no agency was assessed.
func tileMap(stats []regionStat) (tiles []tileView, width, height int) {
	by := map[zwgk.Region]regionStat{}
	for _, st := range stats {
		by[st.Code] = st
	}
	maxRow, maxCol := 0, 0
	for _, t := range provinceTiles {
		v := tileView{X: t.Col*(tileSize+tileGap) + 2, Y: t.Row*(tileSize+tileGap) + 2, Code: t.Code, Name: t.Name,
			Fill: "#e5e7eb", Label: "—", Title: t.Name + "：无数据"}
		if st, ok := by[t.Code]; ok {
			v.HasData = true
			v.Label = fmt.Sprintf("%.1f", st.Mean)
			v.Title = fmt.Sprintf("%s：%d 家，平均 %.2f 分", t.Name, st.Agencies, st.Mean)
			v.Fill, v.Dark = scaleColor(st.Mean)
		}
		tiles = append(tiles, v)
		maxRow, maxCol = max(maxRow, t.Row), max(maxCol, t.Col)
	}
	return tiles, (maxCol+1)*(tileSize+tileGap) + 4, (maxRow+1)*(tileSize+tileGap) + 4
}

// legendSteps are the lower bounds of the colour scale.
var legendSteps = []struct {
	Min  float64
	Fill string
	Dark bool
}{{0, "#fecaca", false}, {60, "#bfdbfe", false}, {75, "#60a5fa", false}, {85, "#2563eb", true}, {95, "#1e3a8a", true}}

func scaleColor(v float64) (string, bool) {
	fill, dark := legendSteps[0].Fill, legendSteps[0].Dark
	for _, s := range legendSteps {
		if v >= s.Min {
			fill, dark = s.Fill, s.Dark
		}
	}
	return fill, dark
}

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"zwgk"
)

func (s *server) home(w http.ResponseWriter, r *http.Request, rq *request) {
	http.Redirect(w, r, "/cycles", http.StatusSeeOther)
}

// ---- cycles

type cycleRow struct {
	zwgk.Cycle
	CanRank    bool
	CanQueue   bool
	CanPublish bool
	CanNotices bool
	// NotYet: the user will see the results once the cycle is published.
	NotYet bool
	// What waits for the assessors (shown to those who work the queue).
	Pending, OpenAppeals int
	Own                  []string // an agency user's codes, to link its scorecards
}

type cyclesView struct{ Cycles []cycleRow }

func (cyclesView) title() string { return "评估周期" }

func (s *server) cyclesData(r *http.Request, rq *request) (cyclesView, error) {
	cs, err := s.b.Cycles(r.Context())
	if err != nil {
		return cyclesView{}, err
	}
	var v cyclesView
	for i := range cs {
		c := &cs[i]
		row := cycleRow{Cycle: *c,
			CanRank:    Authorize(rq.user, ActViewRanking, Object{Cycle: c}) == Allow,
			CanQueue:   Authorize(rq.user, ActAppealQueue, Object{Cycle: c}) == Allow,
			CanPublish: Authorize(rq.user, ActPublish, Object{Cycle: c}) == Allow,
			CanNotices: Authorize(rq.user, ActViewNotices, Object{Cycle: c}) == Allow,
			NotYet:     OnlyOncePublished(rq.user, ActViewRanking, Object{Cycle: c}),
		}
		if row.CanQueue && c.State != zwgk.CyclePublished {
			u, err := s.b.Unfinished(r.Context(), c.ID)
			if err != nil {
				return v, err
			}
			row.Pending, row.OpenAppeals = u.Pending, u.OpenAppeals
		}
		if rq.user.Role == RoleAgency {
			row.Own = rq.user.Agencies
		}
		v.Cycles = append(v.Cycles, row)
	}
	return v, nil
}

func (s *server) cyclesPage(w http.ResponseWriter, r *http.Request, rq *request) {
	if !s.allowed(w, r, rq, ActListCycles, Object{}, false) {
		return
	}
	v, err := s.cyclesData(r, rq)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "cycles", v)
}

// ---- ranking

// rankRow is one line of a ranking, for the page and the API alike: the
// published figures only (a full scorecard is one request away).
type rankRow struct {
	Agency   string      `json:"code"`
	Name     string      `json:"name"`
	Level    zwgk.Level  `json:"level"`
	Region   zwgk.Region `json:"region"`
	Total    float64     `json:"total"`
	Grade    string      `json:"grade"`
	Vetoed   bool        `json:"vetoed"`
	Veto     []string    `json:"veto"`
	Rank     int         `json:"rank"`
	TierSize int         `json:"tier_size"`
	Delta    *float64    `json:"delta,omitempty"`
	CanView  bool        `json:"-"`
	// Pre-formatted for the page: a 300-row table otherwise spends most
	// of its time in reflective template function calls.
	Href, Province, TotalText, DeltaText string `json:"-"`
}

type rankingView struct {
	C       zwgk.Cycle       `json:"-"`
	Tier    string           `json:"tier"`
	Tiers   []string         `json:"tiers"`
	Region  zwgk.Region      `json:"region,omitempty"`
	Regions []regionStat     `json:"-"`
	Sort    string           `json:"sort"`
	Desc    bool             `json:"desc"`
	Rows    []rankRow        `json:"agencies"`
	Cards   []zwgk.Scorecard `json:"-"`
	Cols    []sortCol        `json:"-"`
	// The page shows PageSize rows at a time (a county tier is thousands
	// of agencies); the API returns every row.
	Page, Pages, Count   int          `json:"-"`
	PrevQuery, NextQuery template.URL `json:"-"`
}

// rankingPageSize is how many rows one ranking page shows.
const rankingPageSize = 100

// paginate keeps the rows of page (1-based) and sets the links to the
// pages beside it, keeping tier, region and order.
func (v *rankingView) paginate(page int) {
	v.Count = len(v.Rows)
	v.Pages = max(1, (v.Count+rankingPageSize-1)/rankingPageSize)
	v.Page = min(max(page, 1), v.Pages)
	lo := (v.Page - 1) * rankingPageSize
	v.Rows = v.Rows[lo:min(lo+rankingPageSize, v.Count)]
	qs := "tier=" + urlQueryEscape(v.Tier) + "&sort=" + v.Sort
	if v.Region != "" {
		qs += "&region=" + string(v.Region)
	}
	if v.Desc {
		qs += "&dir=desc"
	}
	if v.Page > 1 {
		v.PrevQuery = template.URL(qs + "&page=" + strconv.Itoa(v.Page-1))
	}
	if v.Page < v.Pages {
		v.NextQuery = template.URL(qs + "&page=" + strconv.Itoa(v.Page+1))
	}
}

func (v rankingView) title() string      { return "排名 · " + v.C.Name }
func (v rankingView) cycle() *zwgk.Cycle { return &v.C }

type sortCol struct {
	Key, Label string
	Active     bool
	Desc       bool
	// Query is typed as a URL so html/template keeps its = and & (as a
	// plain string it escaped them and the sort links lost their
	// parameters); every part is escaped or whitelisted where it is built.
	Query template.URL
}

var sortKeys = map[string]string{"rank": "名次", "name": "单位", "region": "地区", "total": "得分", "delta": "较上期"}

func (s *server) rankingData(r *http.Request, rq *request, c zwgk.Cycle) (rankingView, error) {
	cards, err := s.scorecards(r.Context(), c)
	if err != nil {
		return rankingView{}, err
	}
	q := r.URL.Query()
	v := rankingView{C: c, Sort: q.Get("sort"), Desc: q.Get("dir") == "desc"}
	if _, ok := sortKeys[v.Sort]; !ok {
		v.Sort, v.Desc = "rank", false
	}
	tiers := map[string]bool{}
	for _, cd := range cards {
		tiers[cd.Tier] = true
	}
	for _, l := range zwgk.Levels { // levels in their order, then any other tier
		if tiers[string(l)] {
			v.Tiers = append(v.Tiers, string(l))
			delete(tiers, string(l))
		}
	}
	var rest []string
	for t := range tiers {
		rest = append(rest, t)
	}
	sort.Strings(rest)
	v.Tiers = append(v.Tiers, rest...)
	if reg := zwgk.Region(q.Get("region")); reg.Valid() {
		v.Region = reg
	}
	v.Tier = q.Get("tier")
	if !contains(v.Tiers, v.Tier) && len(v.Tiers) > 0 {
		v.Tier = v.Tiers[0]
		// A region link names no tier: open the first tier that has an
		// agency there (ministries have none, so the first tier's ranking
		// of a province was empty).
		if v.Region != "" {
			for _, t := range v.Tiers {
				if slices.ContainsFunc(cards, func(cd zwgk.Scorecard) bool { return cd.Tier == t && v.Region.Contains(cd.Region) }) {
					v.Tier = t
					break
				}
			}
		}
	}
	var inTier []zwgk.Scorecard
	for _, cd := range cards {
		if cd.Tier == v.Tier {
			inTier = append(inTier, cd)
		}
	}
	if v.Regions, err = s.provinceStats(r.Context(), c, cards, v.Tier); err != nil {
		return v, err
	}
	for _, cd := range inTier {
		if v.Region != "" && !v.Region.Contains(cd.Region) {
			continue
		}
		v.Cards = append(v.Cards, cd)
	}
	for _, cd := range v.Cards {
		v.Rows = append(v.Rows, rankRow{Agency: cd.Agency, Name: cd.Name, Level: cd.Level, Region: cd.Region,
			Total: cd.Total, Grade: cd.Grade, Vetoed: cd.Vetoed, Veto: nonNil(cd.Veto), Rank: cd.Rank, TierSize: cd.TierSize, Delta: cd.Delta,
			CanView: Authorize(rq.user, ActViewScorecard, Object{Cycle: &c, Agency: cd.Agency}) == Allow})
	}
	sortRows(v.Rows, v.Sort, v.Desc)
	for i := range v.Rows {
		row := &v.Rows[i]
		row.Province, row.TotalText = provinceName(row.Region), strconv.FormatFloat(row.Total, 'f', 2, 64)
		row.DeltaText = funcs["delta"].(func(*float64) string)(row.Delta)
		if row.CanView {
			row.Href = "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(row.Agency)
		}
	}
	for _, k := range []string{"rank", "name", "region", "total", "delta"} {
		col := sortCol{Key: k, Label: sortKeys[k], Active: k == v.Sort}
		desc := false
		if col.Active {
			col.Desc = v.Desc
			desc = !v.Desc
		} else if k == "total" || k == "delta" {
			desc = true
		}
		qs := "tier=" + urlQueryEscape(v.Tier) + "&sort=" + k
		if v.Region != "" {
			qs += "&region=" + string(v.Region)
		}
		if desc {
			qs += "&dir=desc"
		}
		col.Query = template.URL(qs)
		v.Cols = append(v.Cols, col)
	}
	return v, nil
}

func sortRows(cards []rankRow, key string, desc bool) {
	less := func(a, b *rankRow) int {
		switch key {
		case "name":
			return strings.Compare(a.Name, b.Name)
		case "region":
			return strings.Compare(string(a.Region), string(b.Region))
		case "total":
			return cmpFloat(a.Total, b.Total)
		case "delta":
			da, db := -1e9, -1e9
			if a.Delta != nil {
				da = *a.Delta
			}
			if b.Delta != nil {
				db = *b.Delta
			}
			return cmpFloat(da, db)
		}
		return a.Rank - b.Rank
	}
	sort.SliceStable(cards, func(i, j int) bool {
		c := less(&cards[i], &cards[j])
		if c == 0 {
			return cards[i].Agency < cards[j].Agency
		}
		if desc {
			return c > 0
		}
		return c < 0
	})
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (s *server) rankingPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActViewRanking, Object{Cycle: &c}, false) {
		return
	}
	v, err := s.rankingData(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	v.paginate(page)
	s.render(w, r, rq, http.StatusOK, "ranking", v)
}

// ---- regions

type trendCell struct {
	Cycle string   `json:"cycle"`
	Mean  *float64 `json:"mean"`
}

type trendRow struct {
	Code   zwgk.Region `json:"code"`
	Name   string      `json:"name"`
	Cells  []trendCell `json:"cycles"`
	Points string      `json:"-"` // sparkline polyline
}

type regionsView struct {
	C      zwgk.Cycle   `json:"-"`
	Stats  []regionStat `json:"regions"`
	Tiles  []tileView   `json:"-"`
	W, H   int          `json:"-"`
	Legend any          `json:"-"`
	Cycles []string     `json:"trend_cycles"`
	Trends []trendRow   `json:"trends"`
}

func (v regionsView) title() string      { return "地区比较 · " + v.C.Name }
func (v regionsView) cycle() *zwgk.Cycle { return &v.C }

// regionsData compares provinces in the cycle and over the earlier cycles
// of the same framework that the user may see.
func (s *server) regionsData(r *http.Request, rq *request, c zwgk.Cycle) (regionsView, error) {
	cards, err := s.scorecards(r.Context(), c)
	if err != nil {
		return regionsView{}, err
	}
	stats, err := s.provinceStats(r.Context(), c, cards, "")
	if err != nil {
		return regionsView{}, err
	}
	v := regionsView{C: c, Stats: stats, Legend: legendSteps}
	v.Tiles, v.W, v.H = tileMap(v.Stats)

	all, err := s.b.Cycles(r.Context())
	if err != nil {
		return v, err
	}
	var series []zwgk.Cycle
	for i := range all {
		p := all[i]
		if p.FrameworkID != c.FrameworkID || p.AsOf.After(c.AsOf) {
			continue
		}
		if p.ID != c.ID && Authorize(rq.user, ActViewRanking, Object{Cycle: &p}) != Allow {
			continue
		}
		series = append(series, p)
	}
	sort.Slice(series, func(i, j int) bool { return series[i].AsOf.Before(series[j].AsOf) })
	if len(series) > 8 {
		series = series[len(series)-8:]
	}
	means := make([]map[zwgk.Region]float64, len(series))
	for i, p := range series {
		pc := cards
		if p.ID != c.ID {
			if pc, err = s.scorecards(r.Context(), p); err != nil {
				return v, err
			}
		}
		means[i] = map[zwgk.Region]float64{}
		ps, err := s.provinceStats(r.Context(), p, pc, "")
		if err != nil {
			return v, err
		}
		for _, st := range ps {
			means[i][st.Code] = st.Mean
		}
		v.Cycles = append(v.Cycles, p.Name)
	}
	for _, st := range v.Stats {
		row := trendRow{Code: st.Code, Name: st.Name}
		var pts []string
		for i := range series {
			cell := trendCell{Cycle: series[i].Name}
			if m, ok := means[i][st.Code]; ok {
				cell.Mean = &m
				x := 4 + i*112/max(1, len(series)-1)
				if len(series) == 1 {
					x = 60
				}
				y := 26 - int(m/100*22)
				pts = append(pts, itoa(x)+","+itoa(y))
			}
			row.Cells = append(row.Cells, cell)
		}
		row.Points = strings.Join(pts, " ")
		v.Trends = append(v.Trends, row)
	}
	return v, nil
}

func (s *server) regionsPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActViewRanking, Object{Cycle: &c}, false) {
		return
	}
	v, err := s.regionsData(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "regions", v)
}

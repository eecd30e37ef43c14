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
	C       zwgk.Cycle   `json:"-"`
	Tier    string       `json:"tier"`
	Tiers   []string     `json:"tiers"`
	Region  zwgk.Region  `json:"region,omitempty"`
	Regions []regionStat `json:"-"`
	Sort    string       `json:"sort"`
	Desc    bool         `json:"desc"`
	Rows    []rankRow    `json:"agencies"`
	// RowsHTML is Rows rendered for the page (rowsHTML); the API leaves
	// it empty.
	RowsHTML template.HTML `json:"-"`
	Cols     []sortCol     `json:"-"`
	// The page and the API show a page of rows at a time (a county tier
	// is thousands of agencies): rankingPageSize on the page, per_page
	// (up to maxAPIPageSize) in the API.
	Page                 int          `json:"page"`
	Pages                int          `json:"pages"`
	PerPage              int          `json:"per_page"`
	Count                int          `json:"count"` // rows in the tier (and region), all pages
	PrevQuery, NextQuery template.URL `json:"-"`
	// order is the positions in cards of the rows, in the order asked.
	order []int32
	cards []zwgk.Scorecard
	pos   []int32 // the positions in cards of Rows
	set   *cardSet
}

// rankingPageSize is how many rows one ranking page shows, and the API's
// page unless per_page asks for more (up to maxAPIPageSize).
const (
	rankingPageSize = 100
	maxAPIPageSize  = 1000
)

// paginate makes the rows of page (1-based) of size per and sets the
// links to the pages beside it, keeping tier, region and order.
func (v *rankingView) paginate(rq *request, page, per int) {
	v.Count = len(v.order)
	v.PerPage = per
	v.Pages = max(1, (v.Count+per-1)/per)
	v.Page = min(max(page, 1), v.Pages)
	lo := (v.Page - 1) * per
	v.rows(rq, lo, min(lo+per, v.Count))
	qs := "tier=" + urlQueryEscape(v.Tier) + "&sort=" + v.Sort
	if v.Region != "" {
		qs += "&region=" + string(v.Region)
	}
	if v.Desc {
		qs += "&dir=desc"
	}
	if per != rankingPageSize {
		qs += "&per_page=" + strconv.Itoa(per)
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
	cc, err := s.cycleCards(r.Context(), c)
	if err != nil {
		return rankingView{}, err
	}
	cards := cc.cards
	q := r.URL.Query()
	v := rankingView{C: c, Sort: q.Get("sort"), Desc: q.Get("dir") == "desc", Tiers: cc.tiers}
	if _, ok := sortKeys[v.Sort]; !ok {
		v.Sort, v.Desc = "rank", false
	}
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
	if v.Regions, err = s.provinceStats(r.Context(), c, cc, v.Tier); err != nil {
		return v, err
	}
	// The tier in the order asked for, sorted once per version of the
	// cards; the region filter walks it (a tier is at most a few
	// thousand positions), and only the page shown becomes rows.
	v.order = cc.order(v.Tier, v.Sort, v.Desc) // shared: never changed here
	if v.Region != "" {
		var in []int32
		for _, i := range v.order {
			if v.Region.Contains(cards[i].Region) {
				in = append(in, i)
			}
		}
		v.order = in
	}
	v.cards, v.set = cards, cc.cardSet
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

// rows makes the ranking's rows of the positions lo:hi of its order.
func (v *rankingView) rows(rq *request, lo, hi int) {
	c := v.C
	v.Rows = make([]rankRow, 0, hi-lo)
	v.pos = v.order[lo:hi]
	for _, i := range v.pos {
		cd := &v.cards[i]
		row := rankRow{Agency: cd.Agency, Name: cd.Name, Level: cd.Level, Region: cd.Region,
			Total: cd.Total, Grade: cd.Grade, Vetoed: cd.Vetoed, Veto: nonNil(cd.Veto), Rank: cd.Rank, TierSize: cd.TierSize, Delta: cd.Delta,
			CanView: Authorize(rq.user, ActViewScorecard, Object{Cycle: &c, Agency: cd.Agency}) == Allow}
		row.Province, row.TotalText = provinceName(row.Region), strconv.FormatFloat(row.Total, 'f', 2, 64)
		row.DeltaText = funcs["delta"].(func(*float64) string)(row.Delta)
		if row.CanView {
			row.Href = "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(row.Agency)
		}
		v.Rows = append(v.Rows, row)
	}
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
	body, err := s.rankingContent(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "ranking", renderedContent{html: body, c: c, heading: "排名 · " + c.Name})
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
	cc, err := s.cycleCards(r.Context(), c)
	if err != nil {
		return regionsView{}, err
	}
	stats, err := s.provinceStats(r.Context(), c, cc, "")
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
		pc := cc
		if p.ID != c.ID {
			if pc, err = s.cycleCards(r.Context(), p); err != nil {
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

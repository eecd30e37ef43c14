package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"zwgk"
	"zwgk/scoring"
)

// The §21 lists for leadership: per tier (and region), the agencies to
// commend and those to criticise.

type noticeRow struct {
	Agency, Name string
	Region       zwgk.Region
	Province     string
	Total        float64
	Grade        string
	Rank         int
	Vetoed       bool
	Href         string
}

type noticeTier struct {
	Tier      string      `json:"tier"`
	TierName  string      `json:"tier_name"`
	Size      int         `json:"agencies"`
	Commend   []noticeRow `json:"commend"`
	Criticise []noticeRow `json:"criticise"`
}

type noticesView struct {
	C         zwgk.Cycle     `json:"-"`
	Region    zwgk.Region    `json:"region,omitempty"`
	Provinces []provinceTile `json:"-"`
	Tiers     []noticeTier   `json:"tiers"`
	// Rule says in words who is on each list.
	CommendRule, CriticiseRule string
}

func (v noticesView) title() string      { return "通报表扬与批评 · " + v.C.Name }
func (v noticesView) cycle() *zwgk.Cycle { return &v.C }

// noticeRule is the §21 rule until the framework carries its own: commend
// the top three of a tier that are not vetoed and graded at least 良好
// (by score: the grade's band), criticise every vetoed or 不合格 agency.
var noticeRule = struct {
	Top           int
	CommendGrades []string
	CriticGrades  []string
}{Top: 3, CommendGrades: []string{"优秀", "良好"}, CriticGrades: []string{"不合格"}}

func (s *server) noticesData(r *http.Request, rq *request, c zwgk.Cycle) (noticesView, error) {
	cards, err := s.scorecards(r.Context(), c)
	if err != nil {
		return noticesView{}, err
	}
	v := noticesView{C: c, Provinces: provinceTiles,
		CommendRule:   fmt.Sprintf("各层级前 %d 名中等次为%s、未被单项否决的单位", noticeRule.Top, strings.Join(noticeRule.CommendGrades, "或")),
		CriticiseRule: "被单项否决或等次为" + strings.Join(noticeRule.CriticGrades, "、") + "的单位"}
	if reg := zwgk.Region(r.URL.Query().Get("region")); reg.Valid() {
		v.Region = reg
	}
	byTier := map[string][]zwgk.Scorecard{}
	for _, cd := range cards {
		byTier[cd.Tier] = append(byTier[cd.Tier], cd)
	}
	row := func(cd zwgk.Scorecard) noticeRow {
		nr := noticeRow{Agency: cd.Agency, Name: cd.Name, Region: cd.Region, Province: provinceName(cd.Region),
			Total: cd.Total, Grade: cd.Grade, Rank: cd.Rank, Vetoed: cd.Vetoed}
		if Authorize(rq.user, ActViewScorecard, Object{Cycle: &c, Agency: cd.Agency}) == Allow {
			nr.Href = "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(cd.Agency)
		}
		return nr
	}
	inRegion := func(cd zwgk.Scorecard) bool { return v.Region == "" || v.Region.Contains(cd.Region) }
	for _, l := range zwgk.Levels {
		tc := byTier[string(l)]
		if len(tc) == 0 {
			continue
		}
		t := noticeTier{Tier: string(l), TierName: l.Chinese(), Size: len(tc)}
		for _, cd := range scoring.Commend(tc, noticeRule.Top) {
			if inRegion(cd) && contains(noticeRule.CommendGrades, cd.Grade) {
				t.Commend = append(t.Commend, row(cd))
			}
		}
		seen := map[string]bool{}
		for _, cd := range append(scoring.ByGrade(tc, noticeRule.CriticGrades...), vetoedOf(tc)...) {
			if inRegion(cd) && !seen[cd.Agency] {
				seen[cd.Agency] = true
				t.Criticise = append(t.Criticise, row(cd))
			}
		}
		v.Tiers = append(v.Tiers, t)
	}
	return v, nil
}

func vetoedOf(cards []zwgk.Scorecard) []zwgk.Scorecard {
	var out []zwgk.Scorecard
	for _, c := range cards {
		if c.Vetoed {
			out = append(out, c)
		}
	}
	return out
}

func (s *server) noticesPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActViewNotices, Object{Cycle: &c}, false) {
		return
	}
	v, err := s.noticesData(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "notices", v)
}

func (s *server) apiNotices(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok || !s.allowed(w, r, rq, ActViewNotices, Object{Cycle: &c}, true) {
		return
	}
	v, err := s.noticesData(r, rq, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"cycle": c, "notices": v})
}

// unfinishedChinese says what blocks a final publication, for the portal.
func unfinishedChinese(u Unfinished, provisional bool) []string {
	var out []string
	if u.Pending > 0 {
		var first []string
		for _, p := range u.FirstPending {
			first = append(first, p.Name+"（"+p.Agency+"）"+p.Indicator)
		}
		more := ""
		if u.Pending > len(first) {
			more = " 等"
		}
		out = append(out, fmt.Sprintf("尚有 %d 项指标待人工评分：%s%s。", u.Pending, strings.Join(first, "、"), more))
	}
	if u.OpenAppeals > 0 {
		var first []string
		for _, a := range u.FirstAppeals {
			first = append(first, fmt.Sprintf("#%d %s %s", a.ID, a.Agency, a.Indicator))
		}
		more := ""
		if u.OpenAppeals > len(first) {
			more = " 等"
		}
		out = append(out, fmt.Sprintf("尚有 %d 件申诉待处理：%s%s。", u.OpenAppeals, strings.Join(first, "、"), more))
	}
	if u.Unscored > 0 {
		out = append(out, fmt.Sprintf("有 %d 条复核尚未计入评分，请先重新计分。", u.Unscored))
	} else if !provisional {
		out = append(out, "请在复核工作台处理完毕后再发布；确需先行发布的，可勾选“暂定发布”。")
	}
	return out
}

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
	Agency      string      `json:"code"`
	Name        string      `json:"name"`
	Region      zwgk.Region `json:"region,omitempty"`
	Province    string      `json:"province,omitempty"`
	Total       float64     `json:"total"`
	Grade       string      `json:"grade"`
	Rank        int         `json:"rank"`
	Vetoed      bool        `json:"vetoed"`
	Reason      string      `json:"reason"` // why the agency is listed (scoring's words)
	Provisional bool        `json:"provisional,omitempty"`
	Href        string      `json:"-"`
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

func (s *server) noticesData(r *http.Request, rq *request, c zwgk.Cycle) (noticesView, error) {
	st, err := s.cohortStats(r.Context(), c)
	if err != nil {
		return noticesView{}, err
	}
	fw, err := s.b.Framework(r.Context(), c)
	if err != nil {
		return noticesView{}, err
	}
	// The lists are scoring's (the framework's §21 rules), the same as in
	// scores.json, the cohort report and the XLSX.
	v := noticesView{C: c, Provinces: provinceTiles}
	v.CommendRule, v.CriticiseRule = scoring.NoticeRulesChinese(fw)
	if reg := zwgk.Region(r.URL.Query().Get("region")); reg.Valid() {
		v.Region = reg
	}
	row := func(n zwgk.Notice, vetoed bool) noticeRow {
		nr := noticeRow{Agency: n.Agency, Name: n.Name, Region: n.Region, Province: provinceName(n.Region),
			Total: n.Total, Grade: n.Grade, Rank: n.Rank, Vetoed: vetoed, Reason: n.Reason, Provisional: n.Provisional}
		if Authorize(rq.user, ActViewScorecard, Object{Cycle: &c, Agency: n.Agency}) == Allow {
			nr.Href = "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(n.Agency)
		}
		return nr
	}
	// A region holds no ministry (st.Ministries): filtered by region, the
	// ministries' lists are empty.
	inRegion := func(n zwgk.Notice) bool {
		return v.Region == "" || (n.Tier != string(zwgk.LevelMinistry) && v.Region.Contains(n.Region))
	}
	for _, g := range st.Tiers {
		t := noticeTier{Tier: g.Tier, TierName: tierChinese(g.Tier), Size: g.Agencies, Commend: []noticeRow{}, Criticise: []noticeRow{}}
		for _, n := range st.Notices.Commend {
			if n.Tier == g.Tier && inRegion(n) {
				t.Commend = append(t.Commend, row(n, false))
			}
		}
		for _, n := range st.Notices.Criticise {
			if n.Tier == g.Tier && inRegion(n) {
				t.Criticise = append(t.Criticise, row(n, strings.HasPrefix(n.Reason, "单项否决")))
			}
		}
		v.Tiers = append(v.Tiers, t)
	}
	return v, nil
}

func tierChinese(t string) string {
	if l := zwgk.Level(t); l.Valid() {
		return l.Chinese()
	}
	return t
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

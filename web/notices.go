package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
)

// The §21 lists for leadership: per tier (and region), the agencies to
// commend and those to criticise.

type noticeRow struct {
	zwgk.Notice
	Province    string
	Vetoed      bool
	Href        string
	Provisional bool
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
	// Rule says in words who is on each list (the framework's rules).
	CommendRule   string `json:"commend_rule"`
	CriticiseRule string `json:"criticise_rule"`
}

func (v noticesView) title() string      { return "通报表扬与批评 · " + v.C.Name }
func (v noticesView) cycle() *zwgk.Cycle { return &v.C }

// cohortOf is the one computation of a cohort's figures (scoring's).
func cohortOf(fw *indicators.Framework, cards []zwgk.Scorecard) Cohort {
	commend, criticise := scoring.NoticeRulesChinese(fw)
	return Cohort{Stats: scoring.Aggregate(fw, cards), CommendRule: commend, CriticiseRule: criticise}
}

// noticesData shows scoring's §21 lists per tier, optionally within a
// region; the lists themselves are never recomputed here.
func (s *server) noticesData(r *http.Request, rq *request, c zwgk.Cycle) (noticesView, error) {
	cc, err := s.cycleCards(r.Context(), c)
	if err != nil {
		return noticesView{}, err
	}
	cards := cc.cards
	co, err := s.cohortOf(r.Context(), c, cc)
	if err != nil {
		return noticesView{}, err
	}
	v := noticesView{C: c, Provinces: provinceTiles, CommendRule: co.CommendRule, CriticiseRule: co.CriticiseRule}
	if reg := zwgk.Region(r.URL.Query().Get("region")); reg.Valid() {
		v.Region = reg
	}
	vetoed := map[string]bool{}
	for _, cd := range cards {
		vetoed[cd.Agency] = cd.Vetoed
	}
	row := func(n zwgk.Notice) noticeRow {
		nr := noticeRow{Notice: n, Province: provinceName(n.Region), Vetoed: vetoed[n.Agency], Provisional: n.Provisional}
		if Authorize(rq.user, ActViewScorecard, Object{Cycle: &c, Agency: n.Agency}) == Allow {
			nr.Href = "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(n.Agency)
		}
		return nr
	}
	keep := func(n zwgk.Notice) bool { return v.Region == "" || v.Region.Contains(n.Region) }
	for _, tg := range co.Stats.Tiers {
		t := noticeTier{Tier: tg.Tier, TierName: zwgk.Level(tg.Tier).Chinese(), Size: tg.Agencies}
		for _, n := range co.Stats.Notices.Commend {
			if n.Tier == tg.Tier && keep(n) {
				t.Commend = append(t.Commend, row(n))
			}
		}
		for _, n := range co.Stats.Notices.Criticise {
			if n.Tier == tg.Tier && keep(n) {
				t.Criticise = append(t.Criticise, row(n))
			}
		}
		v.Tiers = append(v.Tiers, t)
	}
	return v, nil
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

package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"zwgk"
	"zwgk/cycle"
	"zwgk/reports"
	"zwgk/store"
)

// Rectification across cycles (整改跟踪) in the portal: per agency, what
// became of the previous cycle's problems and the ledger of this cycle's
// problems, where the agency marks a problem 已整改 with a note and a link;
// per cycle, how much of the previous cycle's problems each tier and
// province fixed.

// RectificationBackend is the optional part of a Backend for rectification;
// without it the portal shows none.
type RectificationBackend interface {
	// Rectification is what became of the problems of c's previous cycle;
	// ok is false when c follows none.
	Rectification(ctx context.Context, c zwgk.Cycle) (cycle.Rectification, bool, error)
	// Ledger is one agency's problems of c with their claims and re-checks.
	Ledger(ctx context.Context, c zwgk.Cycle, agency string) (cycle.Ledger, error)
	// Claim records that the agency fixed problem key of c; the error wraps
	// ErrNotFound when the agency has no such problem.
	Claim(ctx context.Context, c zwgk.Cycle, agency, key, note, link, by string) error
}

func (s *StoreBackend) runner() *cycle.Runner { return cycle.NewRunner(s.DB, nil) }

// Rectification implements RectificationBackend.
func (s *StoreBackend) Rectification(ctx context.Context, c zwgk.Cycle) (cycle.Rectification, bool, error) {
	return s.runner().Rectification(ctx, c)
}

// Ledger implements RectificationBackend.
func (s *StoreBackend) Ledger(ctx context.Context, c zwgk.Cycle, agency string) (cycle.Ledger, error) {
	l, err := s.runner().Ledger(ctx, c, agency)
	return l, notFound(err)
}

// Claim implements RectificationBackend.
func (s *StoreBackend) Claim(ctx context.Context, c zwgk.Cycle, agency, key, note, link, by string) error {
	_, err := s.runner().Claim(store.WithActor(ctx, by), c, agency, key, note, link, by)
	return notFound(err)
}

const maxClaimNote = 2000

type rectRow struct {
	zwgk.RectItem
	IndicatorName string
}

type ledgerRow struct {
	cycle.LedgerEntry
	IndicatorName string
	Status        string
}

type agencyRectView struct {
	C        zwgk.Cycle
	Agency   zwgk.Agency
	Previous *zwgk.Cycle
	Summary  zwgk.RectSummary
	Earlier  []rectRow
	Ledger   []ledgerRow
	Next     string
	CanClaim bool
	Message  string
	Error    string
}

func (v agencyRectView) title() string      { return "整改跟踪 · " + v.Agency.Name }
func (v agencyRectView) cycle() *zwgk.Cycle { return &v.C }

func (s *server) agencyRectification(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewScorecard, false)
	if !ok {
		return
	}
	msg := ""
	if r.URL.Query().Get("claimed") != "" {
		msg = "已记录整改情况，评估机构将复查。"
	}
	s.renderAgencyRect(w, r, rq, c, code, http.StatusOK, msg, "")
}

func (s *server) renderAgencyRect(w http.ResponseWriter, r *http.Request, rq *request, c zwgk.Cycle, code string, status int, msg, errMsg string) {
	rb, ok := s.b.(RectificationBackend)
	if !ok {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	a, err := s.b.Agency(ctx, code)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	v := agencyRectView{C: c, Agency: a, Message: msg, Error: errMsg,
		CanClaim: Authorize(rq.user, ActClaimRectification, Object{Cycle: &c, Agency: code}) == Allow}
	names, err := s.indicatorNames(ctx, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	rect, ok, err := rb.Rectification(ctx, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	if ok {
		v.Previous, v.Summary = &rect.Previous, rect.Summary[code]
		for _, it := range rect.ForAgency(code) {
			if it.State != zwgk.RectNew {
				v.Earlier = append(v.Earlier, rectRow{it, names[it.Indicator]})
			}
		}
	}
	l, err := rb.Ledger(ctx, c, code)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	v.Next = l.Next
	for _, e := range l.Entries {
		v.Ledger = append(v.Ledger, ledgerRow{e, names[e.Indicator], ledgerStatus(e)})
	}
	s.render(w, r, rq, status, "rectification", v)
}

// ledgerStatus is where a problem stands: the next cycle's verdict, else
// the latest re-check's, else claimed, else waiting.
func ledgerStatus(e cycle.LedgerEntry) string {
	switch {
	case e.Next != "":
		return e.Next.Chinese() + "（下期评估）"
	case len(e.Rechecks) > 0:
		return e.Rechecks[len(e.Rechecks)-1].State.Chinese() + "（复查）"
	case len(e.Claims) > 0:
		return "已申报整改，待复查"
	}
	return "待整改"
}

func (s *server) indicatorNames(ctx context.Context, c zwgk.Cycle) (map[string]string, error) {
	inds, err := s.b.Indicators(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(inds))
	for _, in := range inds {
		out[in.ID] = in.Name
	}
	return out, nil
}

func (s *server) claimRectification(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActClaimRectification, false)
	if !ok {
		return
	}
	rb, ok := s.b.(RectificationBackend)
	if !ok {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	link := strings.TrimSpace(r.PostFormValue("link"))
	switch {
	case note == "":
		s.renderAgencyRect(w, r, rq, c, code, http.StatusBadRequest, "", "请说明采取的整改措施。")
		return
	case utf8.RuneCountInString(note) > maxClaimNote || !utf8.ValidString(note):
		s.renderAgencyRect(w, r, rq, c, code, http.StatusBadRequest, "", "整改说明过长（至多 2000 字）。")
		return
	case link != "" && (!webURL(link) || len(link) > 2048):
		s.renderAgencyRect(w, r, rq, c, code, http.StatusBadRequest, "", "整改链接须为 http 或 https 网址。")
		return
	}
	err := rb.Claim(r.Context(), c, code, r.PathValue("key"), note, link, rq.user.Name)
	if err != nil {
		if isNotFound(err) || errors.Is(err, store.ErrNotFound) {
			s.renderError(w, r, rq, http.StatusNotFound)
			return
		}
		s.pageError(w, r, rq, err)
		return
	}
	http.Redirect(w, r, "/cycles/"+url.PathEscape(c.Name)+"/agencies/"+url.PathEscape(code)+"/rectification?claimed=1#ledger", http.StatusSeeOther)
}

type rectTotals struct {
	Name string
	zwgk.RectSummary
}

// Rate is the share of the earlier problems (fixed or open) that were fixed.
func (t rectTotals) Rate() string {
	if t.Fixed+t.Open == 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(t.Fixed)*100/float64(t.Fixed+t.Open), 'f', 1, 64) + "%"
}

type cohortRectView struct {
	C         zwgk.Cycle
	Previous  *zwgk.Cycle
	All       rectTotals
	Tiers     []rectTotals
	Provinces []rectTotals
	Worst     []rectWorst
}

type rectWorst struct {
	Code, Name string
	zwgk.RectSummary
}

func (v cohortRectView) title() string      { return "整改跟踪 · " + v.C.Name }
func (v cohortRectView) cycle() *zwgk.Cycle { return &v.C }

func (s *server) cohortRectification(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActViewRanking, Object{Cycle: &c}, false) {
		return
	}
	rb, ok := s.b.(RectificationBackend)
	if !ok {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	v := cohortRectView{C: c, All: rectTotals{Name: "全部"}}
	rect, found, err := rb.Rectification(ctx, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	if found {
		v.Previous = &rect.Previous
		cards, err := s.scorecards(ctx, c)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		tiers, provs := map[string]*rectTotals{}, map[zwgk.Region]*rectTotals{}
		add := func(t *rectTotals, a zwgk.RectSummary) {
			t.Previous, t.Fixed, t.Open, t.New = t.Previous+a.Previous, t.Fixed+a.Fixed, t.Open+a.Open, t.New+a.New
			t.NotApplicable, t.Pending = t.NotApplicable+a.NotApplicable, t.Pending+a.Pending
		}
		for _, card := range cards {
			a := rect.Summary[card.Agency]
			add(&v.All, a)
			if tiers[card.Tier] == nil {
				tiers[card.Tier] = &rectTotals{Name: zwgk.Level(card.Tier).Chinese()}
			}
			add(tiers[card.Tier], a)
			// Ministries lie in no region, as in every other aggregate.
			if card.Level != zwgk.LevelMinistry && card.Region.Valid() {
				p := card.Region.Province()
				if provs[p] == nil {
					provs[p] = &rectTotals{Name: reports.ProvinceName(p)}
				}
				add(provs[p], a)
			}
			if a.Open > 0 {
				v.Worst = append(v.Worst, rectWorst{card.Agency, card.Name, a})
			}
		}
		for _, l := range zwgk.Levels {
			if t := tiers[string(l)]; t != nil {
				v.Tiers = append(v.Tiers, *t)
			}
		}
		for _, p := range provs {
			v.Provinces = append(v.Provinces, *p)
		}
		slices.SortFunc(v.Provinces, func(a, b rectTotals) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(v.Worst, func(a, b rectWorst) int {
			if a.Open != b.Open {
				return b.Open - a.Open
			}
			return strings.Compare(a.Code, b.Code)
		})
		v.Worst = v.Worst[:min(len(v.Worst), 20)]
	}
	s.render(w, r, rq, http.StatusOK, "cohortrect", v)
}

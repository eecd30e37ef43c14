package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zwgk"
	"zwgk/reviews"
)

func itoa(n int) string { return strconv.Itoa(n) }

// ---- scorecard

type findingRow struct {
	zwgk.Finding
	Name      string        `json:"name"`
	Appeals   []appealRow   `json:"appeals,omitempty"`
	History   []zwgk.Review `json:"reviews,omitempty"` // newest first
	CanAppeal bool          `json:"-"`
	CanReview bool          `json:"-"`
	// Partial outcome's fraction as the form shows it.
	FractionText string `json:"-"`
}

// appealRow is an appeal with the files filed with it.
type appealRow struct {
	zwgk.Appeal
	Attachments []Attachment `json:"attachments,omitempty"`
}

type barRow struct {
	ID, Name    string
	Earned, Max float64
	Width       int // of 200
}

type scorecardView struct {
	C        zwgk.Cycle      `json:"cycle"`
	Agency   zwgk.Agency     `json:"agency"`
	Card     *zwgk.Scorecard `json:"scorecard"`
	Findings []findingRow    `json:"findings"`
	Appeals  []appealRow     `json:"appeals"`
	Bars     []barRow        `json:"-"`
	ShowRank bool            `json:"-"`
	PDF      bool            `json:"-"`
	Message  string          `json:"-"`
	Form     appealForm      `json:"-"`
	// The appeal window: when it closes (zero if unknown) and whether it
	// has; shown to the agency while the cycle is in review.
	AppealDeadline time.Time  `json:"appeal_deadline,omitzero"`
	AppealClosed   bool       `json:"appeal_closed"`
	ShowDeadline   bool       `json:"-"`
	ReviewForm     reviewForm `json:"-"`
	CanReview      bool       `json:"-"`
	Back           string     `json:"-"`
	// Requests are the agency's request tests (依申请公开测试), when the
	// user may see them (requests.go).
	Requests []requestRow `json:"request_tests,omitempty"`
}

type appealForm struct{ Indicator, Reason, EvidenceURL string }

func (v scorecardView) title() string      { return v.Agency.Name + " · " + v.C.Name }
func (v scorecardView) cycle() *zwgk.Cycle { return &v.C }

// scorecardData reads one agency's scorecard, findings and appeals. The
// caller has authorised ActViewScorecard on (c, code).
func (s *server) scorecardData(r *http.Request, rq *request, c zwgk.Cycle, code string) (scorecardView, error) {
	ctx := r.Context()
	a, err := s.b.Agency(ctx, code)
	if err != nil {
		return scorecardView{}, err
	}
	v := scorecardView{C: c, Agency: a, PDF: s.cfg.ScorecardPDF != nil}
	// The card by index from the cycle's cards in memory when they are
	// current, else the one row from the store: a scorecard page never
	// reads the cohort.
	if cc := s.cachedCards(c); cc != nil {
		if cd, ok := cc.card(code); ok {
			v.Card = &cd
		}
	} else if cd, ok, err := s.b.Scorecard(ctx, c.ID, code); err != nil {
		return v, err
	} else if ok {
		v.Card = &cd
	}
	// An agency sees its rank only once the ranking is public: before,
	// "3rd of 20" says something about the other 19.
	v.ShowRank = Authorize(rq.user, ActViewRanking, Object{Cycle: &c}) == Allow
	if v.Card != nil && !v.ShowRank {
		v.Card.Rank, v.Card.TierSize, v.Card.Percentile = 0, 0, 0
	}
	found, err := s.b.Findings(ctx, c.ID, code)
	if err != nil {
		return v, err
	}
	if Authorize(rq.user, ActViewAppeals, Object{Cycle: &c, Agency: code}) == Allow {
		aps, err := s.b.Appeals(ctx, c.ID, code)
		if err != nil {
			return v, err
		}
		var atts map[int64][]Attachment
		if Authorize(rq.user, ActViewAttachment, Object{Cycle: &c, Agency: code}) == Allow {
			if atts, err = s.b.Attachments(ctx, c.ID, code); err != nil {
				return v, err
			}
		}
		for _, ap := range aps {
			v.Appeals = append(v.Appeals, appealRow{Appeal: ap, Attachments: atts[ap.ID]})
		}
	}
	days, err := s.b.AppealWindowDays(ctx, c)
	if err != nil {
		return v, err
	}
	v.AppealDeadline = appealDeadline(c, days)
	v.AppealClosed = !v.AppealDeadline.IsZero() && !s.cfg.Now().Before(v.AppealDeadline)
	v.ShowDeadline = c.State == zwgk.CycleReview && !v.AppealDeadline.IsZero()
	v.CanReview = Authorize(rq.user, ActReview, Object{Cycle: &c, Agency: code}) == Allow
	var history map[string][]zwgk.Review
	if v.CanReview || Authorize(rq.user, ActViewScorecard, Object{Cycle: &c, Agency: code}) == Allow {
		hs, err := s.b.AgencyReviews(ctx, c.ID, code)
		if err != nil {
			return v, err
		}
		history = historyByIndicator(hs)
	}
	infos, err := s.indicators(ctx, c)
	if err != nil {
		return v, err
	}
	names := map[string]string{}
	for _, in := range infos {
		names[in.ID] = in.Name
	}
	canFile := Authorize(rq.user, ActFileAppeal, Object{Cycle: &c, Agency: code}) == Allow && !v.AppealClosed
	for _, f := range found {
		row := findingRow{Finding: f, Name: names[f.Indicator], History: history[f.Indicator], CanReview: v.CanReview}
		open := false
		for _, ap := range v.Appeals {
			if ap.Indicator == f.Indicator {
				row.Appeals = append(row.Appeals, ap)
				open = open || ap.State == zwgk.AppealOpen
			}
		}
		if f.Outcome == zwgk.Partial {
			row.FractionText = strconv.FormatFloat(f.Fraction, 'f', -1, 64)
		}
		row.CanAppeal = canFile && !open && f.Outcome != zwgk.Pass && f.Outcome != zwgk.Pending
		v.Findings = append(v.Findings, row)
	}
	v.Back = "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(code)
	if v.Card != nil {
		for _, in := range infos {
			if in.Depth != 1 {
				continue
			}
			earned, ok := v.Card.Subtotals[in.ID]
			if !ok || in.Points <= 0 {
				continue
			}
			b := barRow{ID: in.ID, Name: in.Name, Earned: earned, Max: in.Points}
			if in.Points > 0 {
				b.Width = int(min(1, max(0, earned/in.Points)) * 200)
			}
			v.Bars = append(v.Bars, b)
		}
	}
	if v.Requests, err = s.agencyRequests(ctx, rq, c, code); err != nil {
		return v, err
	}
	return v, nil
}

// agencyObject loads the cycle and authorises act on the agency in the
// path; ok is false when an answer has been written.
func (s *server) agencyObject(w http.ResponseWriter, r *http.Request, rq *request, act Action, api bool) (zwgk.Cycle, string, bool) {
	code := r.PathValue("agency")
	c, err := s.b.CycleByName(r.Context(), r.PathValue("cycle"))
	if err != nil {
		// For an agency user an unknown cycle and another agency's object
		// must look alike: both are a plain 404.
		if api {
			s.apiError(w, r, err)
		} else {
			s.pageError(w, r, rq, err)
		}
		return c, code, false
	}
	if !s.allowed(w, r, rq, act, Object{Cycle: &c, Agency: code}, api) {
		return c, code, false
	}
	return c, code, true
}

func (s *server) scorecardPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewScorecard, false)
	if !ok {
		return
	}
	body, a, err := s.scorecardContent(r, rq, c, code)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "scorecard", renderedContent{html: body, c: c, heading: a.Name + " · " + c.Name})
}

func (s *server) scorecardPDF(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewScorecard, false)
	if !ok {
		return
	}
	if s.cfg.ScorecardPDF == nil {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	// Made once per version of the cycle (pdfCache): a published
	// cycle's PDFs never change, and a cycle in review bumps its version
	// with every write to what the PDF prints.
	key := pdfKey{cycle: c.ID, version: c.Version, agency: code,
		cohort: Authorize(rq.user, ActViewRanking, Object{Cycle: &c}) == Allow}
	data, err := s.pdfs.get(key, func() ([]byte, error) {
		// Others may wait for this PDF: it is made to the end even if
		// this client leaves.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), pdfTimeout)
		defer cancel()
		return s.makePDF(r.WithContext(ctx), rq, c, code)
	})
	switch {
	case errors.Is(err, errNoCard):
		s.renderError(w, r, rq, http.StatusNotFound, "该单位在本周期尚无评分。")
		return
	case err != nil:
		s.pageError(w, r, rq, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	// The file name is the agency code only: codes are [A-Za-z0-9-] in
	// practice, and anything else is replaced so no header can be forged.
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFileName(code)+`.pdf"`)
	w.Write(data)
}

var errNoCard = errors.New("no scorecard")

// pdfTimeout bounds the making of one PDF.
const pdfTimeout = time.Minute

// makePDF writes the agency's PDF scorecard with Config.ScorecardPDF, the
// tiers' figures taken from the cycle's cards in memory.
func (s *server) makePDF(r *http.Request, rq *request, c zwgk.Cycle, code string) ([]byte, error) {
	v, err := s.scorecardData(r, rq, c, code)
	if err != nil {
		return nil, err
	}
	if v.Card == nil {
		return nil, errNoCard
	}
	names := map[string]string{}
	fs := make([]zwgk.Finding, len(v.Findings))
	for i, f := range v.Findings {
		fs[i], names[f.Indicator] = f.Finding, f.Name
	}
	in := PDFInput{Cycle: c, Agency: v.Agency, Card: *v.Card, Findings: fs, Names: names, Cohort: v.ShowRank}
	if in.Cohort {
		cc, err := s.cycleCards(r.Context(), c)
		if err != nil {
			return nil, err
		}
		in.Tiers = cc.tierStats()
	}
	var buf bytes.Buffer
	if err := s.cfg.ScorecardPDF(r.Context(), &buf, in); err != nil {
		return nil, fmt.Errorf("scorecard pdf %s/%s: %w", c.Name, code, err)
	}
	return buf.Bytes(), nil
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
}

// ---- evidence

type columnRow struct {
	zwgk.Column
	Newest zwgk.Date
}

type evidenceView struct {
	C        zwgk.Cycle    `json:"-"`
	Agency   zwgk.Agency   `json:"-"`
	Found    bool          `json:"crawled"`
	Evidence zwgk.Evidence `json:"evidence"`
	Columns  []columnRow   `json:"-"`
	Probes   int           `json:"-"`
	Failed   int           `json:"-"`
}

func (v evidenceView) title() string      { return "采集证据 · " + v.Agency.Name }
func (v evidenceView) cycle() *zwgk.Cycle { return &v.C }

func (s *server) evidenceData(r *http.Request, c zwgk.Cycle, code string) (evidenceView, error) {
	a, err := s.b.Agency(r.Context(), code)
	if err != nil {
		return evidenceView{}, err
	}
	ev, ok, err := s.b.Evidence(r.Context(), c.ID, code)
	if err != nil {
		return evidenceView{}, err
	}
	v := evidenceView{C: c, Agency: a, Found: ok, Evidence: ev}
	for _, col := range ev.Columns {
		v.Columns = append(v.Columns, columnRow{Column: col, Newest: col.Newest()})
	}
	for _, p := range ev.Probes {
		v.Probes++
		if !p.OK() {
			v.Failed++
		}
	}
	return v, nil
}

func (s *server) evidencePage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewEvidence, false)
	if !ok {
		return
	}
	v, err := s.evidenceData(r, c, code)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "evidence", v)
}

// ---- appeals

const maxReason = 2000

// checkEvidenceURL accepts an absolute http(s) URL with a host, at most
// 2,048 bytes, without spaces or control characters.
func checkEvidenceURL(s string) error {
	if s == "" || len(s) > 2048 {
		return errors.New("证据链接不能为空，且不超过 2048 个字符。")
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return errors.New("证据链接不能包含空格或控制字符。")
		}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return errors.New("证据链接必须是以 http:// 或 https:// 开头的网址。")
	}
	return nil
}

func checkText(s, what string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return s, fmt.Errorf("%s不能为空。", what)
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxReason {
		return s, fmt.Errorf("%s不超过 %d 个字。", what, maxReason)
	}
	return s, nil
}

func (s *server) fileAppeal(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActFileAppeal, false)
	if !ok {
		return
	}
	form := appealForm{Indicator: r.PostFormValue("indicator"), Reason: r.PostFormValue("reason"), EvidenceURL: strings.TrimSpace(r.PostFormValue("evidence_url"))}
	files, ferr := readAttachments(r.MultipartForm)
	v, err := s.scorecardData(r, rq, c, code)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	var target *findingRow
	for i := range v.Findings {
		if v.Findings[i].Indicator == form.Indicator {
			target = &v.Findings[i]
		}
	}
	fail := func(status int, msg string) {
		v.Message, v.Form = msg, form
		s.render(w, r, rq, status, "scorecard", v)
	}
	if target == nil {
		fail(http.StatusBadRequest, "申诉的指标不存在。")
		return
	}
	if v.AppealClosed {
		fail(http.StatusForbidden, "申诉期已于 "+cstTime(v.AppealDeadline)+" 截止，不再受理申诉。")
		return
	}
	if !target.CanAppeal {
		fail(http.StatusConflict, "该指标已有待处理的申诉，或无需申诉。")
		return
	}
	reason, err := checkText(form.Reason, "申诉理由")
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	if err := checkEvidenceURL(form.EvidenceURL); err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	if ferr != nil {
		fail(http.StatusBadRequest, ferr.Error())
		return
	}
	_, err = s.b.FileAppealWith(r.Context(), zwgk.Appeal{CycleID: c.ID, Agency: code, Indicator: form.Indicator,
		Reason: reason, EvidenceURL: form.EvidenceURL, State: zwgk.AppealOpen, FiledBy: rq.user.Name, FiledAt: s.cfg.Now().UTC()}, files)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	http.Redirect(w, r, "/cycles/"+url.PathEscape(c.Name)+"/agencies/"+url.PathEscape(code)+"#appeals", http.StatusSeeOther)
}

type queueRow struct {
	zwgk.Appeal
	AgencyName  string        `json:"agency_name"`
	Attachments []Attachment  `json:"attachments,omitempty"`
	Finding     *zwgk.Finding `json:"finding,omitempty"`
	CanDecide   bool          `json:"-"`
}

type queueView struct {
	C       zwgk.Cycle `json:"-"`
	Appeals []queueRow `json:"appeals"`
	Open    int        `json:"open"`
	Message string     `json:"-"`
}

func (v queueView) title() string      { return "申诉处理 · " + v.C.Name }
func (v queueView) cycle() *zwgk.Cycle { return &v.C }

func (s *server) queueData(r *http.Request, rq *request, c zwgk.Cycle) (queueView, error) {
	aps, err := s.b.Appeals(r.Context(), c.ID, "")
	if err != nil {
		return queueView{}, err
	}
	cc, err := s.cycleCards(r.Context(), c)
	if err != nil {
		return queueView{}, err
	}
	names := map[string]string{}
	for _, ap := range aps {
		if cd, ok := cc.card(ap.Agency); ok {
			names[ap.Agency] = cd.Name
		}
	}
	// Open appeals first, oldest first: the queue is worked in order.
	sort.SliceStable(aps, func(i, j int) bool {
		oi, oj := aps[i].State == zwgk.AppealOpen, aps[j].State == zwgk.AppealOpen
		if oi != oj {
			return oi
		}
		return aps[i].FiledAt.Before(aps[j].FiledAt)
	})
	atts, err := s.b.Attachments(r.Context(), c.ID, "")
	if err != nil {
		return queueView{}, err
	}
	v := queueView{C: c}
	findings := map[string][]zwgk.Finding{}
	for _, ap := range aps {
		row := queueRow{Appeal: ap, AgencyName: names[ap.Agency], Attachments: atts[ap.ID]}
		if ap.State == zwgk.AppealOpen {
			// The finding appealed against, beside the appeal: the
			// assessor decides with both in view.
			fs, ok := findings[ap.Agency]
			if !ok {
				if fs, err = s.b.Findings(r.Context(), c.ID, ap.Agency); err != nil {
					return queueView{}, err
				}
				findings[ap.Agency] = fs
			}
			for i := range fs {
				if fs[i].Indicator == ap.Indicator {
					row.Finding = &fs[i]
				}
			}
		}
		row.CanDecide = ap.State == zwgk.AppealOpen &&
			Authorize(rq.user, ActDecideAppeal, Object{Cycle: &c, Agency: ap.Agency}) == Allow
		if ap.State == zwgk.AppealOpen {
			v.Open++
		}
		v.Appeals = append(v.Appeals, row)
	}
	return v, nil
}

func (s *server) appealQueue(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActAppealQueue, Object{Cycle: &c}, false) {
		return
	}
	v, err := s.queueData(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "appeals", v)
}

// decideAppeal accepts or rejects an appeal. Accepting adds a review that
// overrides the finding (carrying the appeal id) and re-scores the cycle,
// so the agency's mark changes at once.
func (s *server) decideAppeal(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok {
		return
	}
	id, okID := atoi64(r.PathValue("id"))
	var ap *zwgk.Appeal
	if okID {
		a, err := s.b.Appeal(r.Context(), id)
		switch {
		case err == nil && a.CycleID == c.ID:
			ap = &a
		case err != nil && !isNotFound(err):
			s.pageError(w, r, rq, err)
			return
		}
	}
	agency := ""
	if ap != nil {
		agency = ap.Agency
	}
	if ap == nil {
		// Authorise on the cycle first so that a role that may not decide
		// learns nothing from the difference between 403 and 404.
		if Authorize(rq.user, ActAppealQueue, Object{Cycle: &c}) != Allow {
			s.renderError(w, r, rq, http.StatusForbidden)
			return
		}
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	if !s.allowed(w, r, rq, ActDecideAppeal, Object{Cycle: &c, Agency: agency}, false) {
		return
	}
	redisplay := func(status int, msg string) {
		v, err := s.queueData(r, rq, c)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		v.Message = msg
		s.render(w, r, rq, status, "appeals", v)
	}
	if ap.State != zwgk.AppealOpen {
		redisplay(http.StatusConflict, "该申诉已处理。")
		return
	}
	decision, err := checkText(r.PostFormValue("decision"), "处理意见")
	if err != nil {
		redisplay(http.StatusBadRequest, err.Error())
		return
	}
	ctx := r.Context()
	switch r.PostFormValue("verdict") {
	case "accept":
		out, err := reviews.ParseOutcome(r.PostFormValue("outcome"))
		if err != nil {
			redisplay(http.StatusBadRequest, "请选择复核结论："+err.Error()+"。")
			return
		}
		var given *float64
		if out == zwgk.Partial {
			// The form sends its fraction whatever the outcome; it counts
			// only for a partial one. NaN, ±Inf and 1e999 are refused here
			// (they once reached the store and answered 500).
			if given, err = reviews.ParseFraction(r.PostFormValue("fraction")); err != nil {
				redisplay(http.StatusBadRequest, err.Error()+"。")
				return
			}
		}
		frac, err := reviews.Fraction(out, given)
		if err != nil {
			redisplay(http.StatusBadRequest, err.Error()+"。")
			return
		}
		// One transaction: of two assessors accepting at once, one wins and
		// the other changes nothing.
		if _, err := s.b.AcceptAppeal(ctx, ap.ID, zwgk.Review{Outcome: out, Fraction: frac, Reason: decision,
			By: rq.user.Name, At: s.cfg.Now().UTC()}, decision); err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		// The review is stored and the appeal closed: a failed re-score
		// leaves nothing inconsistent, and the next score run applies it.
		if err := s.b.Rescore(ctx, c.Name, rq.user.Name, ap.Agency); err != nil {
			s.pageError(w, r, rq, fmt.Errorf("re-score %s after appeal %d: %w", c.Name, ap.ID, err))
			return
		}
	case "reject":
		if err := s.b.DecideAppeal(ctx, ap.ID, false, rq.user.Name, decision); err != nil {
			s.pageError(w, r, rq, err)
			return
		}
	default:
		redisplay(http.StatusBadRequest, "请选择采纳或不采纳。")
		return
	}
	http.Redirect(w, r, "/cycles/"+url.PathEscape(c.Name)+"/appeals", http.StatusSeeOther)
}

// ---- publish and audit

func (s *server) publish(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActPublish, Object{Cycle: &c}, false) {
		return
	}
	if r.PostFormValue("confirm") != c.Name {
		s.renderError(w, r, rq, http.StatusBadRequest, "请输入周期名称以确认发布。")
		return
	}
	provisional := r.PostFormValue("provisional") == "1"
	if _, err := s.b.Publish(r.Context(), c.Name, rq.user.Name, provisional); err != nil {
		var unf *UnfinishedError
		if errors.As(err, &unf) {
			s.renderError(w, r, rq, http.StatusConflict, unfinishedChinese(unf.Unfinished, provisional)...)
			return
		}
		s.pageError(w, r, rq, err)
		return
	}
	http.Redirect(w, r, "/cycles", http.StatusSeeOther)
}

type auditView struct{ Entries []AuditEntry }

func (auditView) title() string { return "审计日志" }

const auditPageSize = 500

func (s *server) auditPage(w http.ResponseWriter, r *http.Request, rq *request) {
	if !s.allowed(w, r, rq, ActViewAudit, Object{}, false) {
		return
	}
	es, err := s.b.AuditLog(r.Context(), auditPageSize)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "audit", auditView{Entries: es})
}

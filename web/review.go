package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/reviews"
)

// The review workflow: the queue of what waits for an assessor, a review
// of one finding (form and JSON API), a bulk review, and the candidates of
// the automated content checks.

// QueueSource feeds one part of the review queue's section
// "待确认的检测线索": candidates an automated check proposes (personal data
// published, wording errors, dark links …) that an assessor confirms or
// dismisses. Detection proposes, the assessor decides — a candidate is
// never a finding by itself.
//
// A source is plugged in through Config.QueueSources; the queue page and
// GET /api/cycles/{cycle}/queue range over them, and
// POST /cycles/{cycle}/candidates/{source}/{key} (verdict=confirm|dismiss,
// reason) calls Decide, authorised as ActDecideCandidate (assessor or
// admin, cycle in review), then re-scores the cycle when confirmed. What a
// source must do:
//   - ID is its name in URLs: [a-z0-9-], unique among the sources.
//   - Title heads its part of the section (Chinese).
//   - Candidates lists the open (undecided) candidates of the cycle that
//     pass the filter (Indicator, Level, Region; Offset and Limit page
//     them), and how many pass it in all. Decided ones are left out.
//   - Decide records the decision, on behalf of by, with the assessor's
//     reason; confirming should add the review that makes it count
//     (Backend.AddReviews), dismissing only records that it was looked at.
//     It returns ErrNotFound for a key it does not know (→ 404) and
//     an error wrapping ErrCandidateDecided for one already decided (→ 409).
//
// Candidate text (Excerpt, URL) is crawled and untrusted: the portal shows
// it escaped and direction-isolated, never as markup or a live link.
type QueueSource interface {
	ID() string
	Title() string
	Candidates(ctx context.Context, c zwgk.Cycle, f QueueFilter) ([]Candidate, int, error)
	Decide(ctx context.Context, c zwgk.Cycle, key string, confirm bool, by, reason string) error
}

// ErrCandidateDecided is what a QueueSource wraps for a candidate that was
// decided already.
var ErrCandidateDecided = errors.New("candidate already decided")

// Candidate is one proposal of a QueueSource.
type Candidate struct {
	Key        string `json:"key"` // stable within source and cycle, [A-Za-z0-9._-]
	Agency     string `json:"agency"`
	AgencyName string `json:"agency_name"`
	Indicator  string `json:"indicator,omitempty"` // the indicator it bears on, if any
	Kind       string `json:"kind"`                // e.g. privacy, wording, dark_link
	KindName   string `json:"kind_name"`           // Chinese label of the kind
	Excerpt    string `json:"excerpt"`             // crawled text, personal data masked
	URL        string `json:"url"`                 // where it was seen
	Rule       string `json:"rule,omitempty"`      // which rule fired
}

// ---- the queue

const queuePageSize = 50

type indicatorOption struct {
	ID, Name string
	Pending  int
	Selected bool
}

type pendingRow struct {
	PendingFinding
	IndicatorName string `json:"indicator_name"`
	Province      string `json:"-"`
	Href          string `json:"-"`
}

type candidateSection struct {
	ID    string      `json:"source"`
	Title string      `json:"title"`
	Rows  []Candidate `json:"candidates"`
	Total int         `json:"total"`
	Err   string      `json:"error,omitempty"`
}

type bulkPreview struct {
	Indicator, IndicatorName string
	Level                    zwgk.Level
	Region                   zwgk.Region
	Outcome                  zwgk.Outcome
	Fraction                 float64
	FractionText             string
	Reason, Evidence         string
	Count                    int
	First                    []string
}

type reviewQueueView struct {
	C          zwgk.Cycle         `json:"-"`
	Filter     QueueFilter        `json:"filter"`
	Indicators []indicatorOption  `json:"-"`
	Tiers      []zwgk.Level       `json:"-"`
	Provinces  []provinceTile     `json:"-"`
	Rows       []pendingRow       `json:"pending"`
	Total      int                `json:"total"`
	Pending    int                `json:"pending_all"` // whatever the filter
	Page       int                `json:"page"`
	Pages      int                `json:"pages"`
	Appeals    []queueRow         `json:"open_appeals"`
	Open       int                `json:"open_appeals_count"`
	Sections   []candidateSection `json:"candidates"`
	Unfinished Unfinished         `json:"unfinished"`
	CanReview  bool               `json:"-"`
	Back       string             `json:"-"`
	Message    string             `json:"-"`
	Notice     string             `json:"-"`
	Bulk       *bulkPreview       `json:"-"`
	PrevQuery  template.URL       `json:"-"`
	NextQuery  template.URL       `json:"-"`
}

func (v reviewQueueView) title() string      { return "复核工作台 · " + v.C.Name }
func (v reviewQueueView) cycle() *zwgk.Cycle { return &v.C }

// queueFilter reads the filter from a query or form.
func queueFilter(get func(string) string) (QueueFilter, int) {
	f := QueueFilter{Indicator: strings.TrimSpace(get("indicator"))}
	if l := zwgk.Level(get("tier")); l.Valid() {
		f.Level = l
	}
	if reg := zwgk.Region(get("region")); reg.Valid() {
		f.Region = reg
	}
	page, _ := strconv.Atoi(get("page"))
	return f, max(page, 1)
}

func filterQuery(f QueueFilter) string {
	v := url.Values{}
	if f.Indicator != "" {
		v.Set("indicator", f.Indicator)
	}
	if f.Level != "" {
		v.Set("tier", string(f.Level))
	}
	if f.Region != "" {
		v.Set("region", string(f.Region))
	}
	return v.Encode()
}

func (s *server) reviewQueueData(r *http.Request, rq *request, c zwgk.Cycle, f QueueFilter, page int) (reviewQueueView, error) {
	ctx := r.Context()
	v := reviewQueueView{C: c, Filter: f, Tiers: zwgk.Levels, Provinces: provinceTiles,
		CanReview: Authorize(rq.user, ActBulkReview, Object{Cycle: &c}) == Allow}
	infos, err := s.b.Indicators(ctx, c)
	if err != nil {
		return v, err
	}
	names := map[string]string{}
	for _, in := range infos {
		names[in.ID] = in.Name
	}
	counts, err := s.b.PendingByIndicator(ctx, c.ID)
	if err != nil {
		return v, err
	}
	for _, in := range infos {
		if in.Leaf {
			v.Indicators = append(v.Indicators, indicatorOption{ID: in.ID, Name: in.Name, Pending: counts[in.ID], Selected: in.ID == f.Indicator})
		}
		v.Pending += counts[in.ID]
	}
	f.Limit, f.Offset = queuePageSize, (page-1)*queuePageSize
	rows, total, err := s.b.PendingFindings(ctx, c.ID, f)
	if err != nil {
		return v, err
	}
	v.Total, v.Pages = total, max(1, (total+queuePageSize-1)/queuePageSize)
	v.Page = min(page, v.Pages)
	if v.Page != page { // past the end: show the last page
		f.Offset = (v.Page - 1) * queuePageSize
		if rows, total, err = s.b.PendingFindings(ctx, c.ID, f); err != nil {
			return v, err
		}
	}
	base := "/cycles/" + url.PathEscape(c.Name)
	for _, p := range rows {
		v.Rows = append(v.Rows, pendingRow{PendingFinding: p, IndicatorName: names[p.Indicator], Province: provinceName(p.Region),
			Href: base + "/agencies/" + url.PathEscape(p.Agency) + "#f-" + url.PathEscape(p.Indicator)})
	}
	qs := filterQuery(v.Filter)
	if qs != "" {
		qs += "&"
	}
	if v.Page > 1 {
		v.PrevQuery = template.URL(qs + "page=" + strconv.Itoa(v.Page-1))
	}
	if v.Page < v.Pages {
		v.NextQuery = template.URL(qs + "page=" + strconv.Itoa(v.Page+1))
	}
	v.Back = base + "/queue"
	if q := filterQuery(v.Filter); q != "" || v.Page > 1 {
		v.Back += "?" + q
		if v.Page > 1 {
			v.Back += "&page=" + strconv.Itoa(v.Page)
		}
	}
	aq, err := s.queueData(r, rq, c)
	if err != nil {
		return v, err
	}
	v.Open = aq.Open
	for _, a := range aq.Appeals {
		if a.State == zwgk.AppealOpen && len(v.Appeals) < 20 {
			v.Appeals = append(v.Appeals, a)
		}
	}
	for _, src := range s.cfg.QueueSources {
		sec := candidateSection{ID: src.ID(), Title: src.Title()}
		cf := v.Filter
		cf.Limit = queuePageSize
		if sec.Rows, sec.Total, err = src.Candidates(ctx, c, cf); err != nil {
			// One broken source must not take the queue down with it.
			s.log.Error("queue source", "source", sec.ID, "cycle", c.Name, "err", err)
			sec.Err = "该来源暂时无法读取。"
		}
		v.Sections = append(v.Sections, sec)
	}
	if v.Unfinished, err = s.b.Unfinished(ctx, c.ID); err != nil {
		return v, err
	}
	return v, nil
}

func (s *server) reviewQueuePage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActReviewQueue, Object{Cycle: &c}, false) {
		return
	}
	f, page := queueFilter(r.URL.Query().Get)
	v, err := s.reviewQueueData(r, rq, c, f, page)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("done")); err == nil && n > 0 {
		v.Notice = fmt.Sprintf("已保存 %d 条复核并重新计分。", n)
	}
	s.render(w, r, rq, http.StatusOK, "queue", v)
}

func (s *server) apiReviewQueue(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok || !s.allowed(w, r, rq, ActReviewQueue, Object{Cycle: &c}, true) {
		return
	}
	f, page := queueFilter(r.URL.Query().Get)
	v, err := s.reviewQueueData(r, rq, c, f, page)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v.Rows, v.Appeals = nonNil(v.Rows), nonNil(v.Appeals)
	writeJSON(w, http.StatusOK, v)
}

// ---- one review

// reviewInput is a review as a form or the API sends it.
type reviewInput struct {
	Indicator string   `json:"indicator"`
	Outcome   string   `json:"outcome"`
	Fraction  *float64 `json:"fraction"`
	Reason    string   `json:"reason"`
	Evidence  string   `json:"evidence"`
}

// checkReviewInput turns input into a review of the finding, or says in
// Chinese what is wrong (a 400).
func (s *server) checkReviewInput(ctx context.Context, c zwgk.Cycle, code string, in reviewInput, by string) (zwgk.Review, error) {
	var r zwgk.Review
	infos, err := s.b.Indicators(ctx, c)
	if err != nil {
		return r, err
	}
	leaf := false
	for _, ind := range infos {
		leaf = leaf || ind.ID == in.Indicator && ind.Leaf
	}
	if !leaf {
		return r, badInput("指标 %q 不是本周期指标体系中可评分的指标。", in.Indicator)
	}
	o, err := reviews.ParseOutcome(in.Outcome)
	if err != nil {
		return r, badInput("%s。", err)
	}
	frac, err := reviews.Fraction(o, in.Fraction)
	if err != nil {
		return r, badInput("%s。", err)
	}
	reason, err := reviews.Reason(in.Reason)
	if err != nil {
		return r, badInput("%s。", err)
	}
	ev, err := reviews.Evidence(in.Evidence)
	if err != nil {
		return r, badInput("%s。", err)
	}
	return zwgk.Review{CycleID: c.ID, Agency: code, Indicator: in.Indicator, Outcome: o, Fraction: frac,
		Reason: reason, Evidence: ev, By: by, At: s.cfg.Now().UTC()}, nil
}

// inputError is a request the user can correct: 400 with its message.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(format string, a ...any) error { return &inputError{fmt.Sprintf(format, a...)} }

// saveReviews stores reviews and re-scores the cycle. A review of an
// agency without that finding is the user's error, not the server's.
func (s *server) saveReviews(ctx context.Context, c zwgk.Cycle, rs []zwgk.Review, what, by string) error {
	ids, err := s.b.AddReviews(ctx, rs, what)
	if err != nil {
		if isNotFound(err) {
			return badInput("该单位在本周期没有此指标的评估结果，无法复核。")
		}
		return err
	}
	for i := range ids {
		rs[i].ID = ids[i]
	}
	// The reviews are stored: a failed re-score leaves nothing
	// inconsistent (publication refuses until the scores reflect them).
	agencies := make([]string, 0, len(rs))
	for _, r := range rs {
		agencies = append(agencies, r.Agency)
	}
	if err := s.b.Rescore(ctx, c.Name, by, agencies...); err != nil {
		return fmt.Errorf("re-score %s after %d reviews: %w", c.Name, len(rs), err)
	}
	return nil
}

// addReview takes the review form of a scorecard or of the queue. With
// undo=1 it restores the machine's finding by a new review (the history
// keeps both).
func (s *server) addReview(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActReview, false)
	if !ok {
		return
	}
	in := reviewInput{Indicator: r.PostFormValue("indicator"), Outcome: r.PostFormValue("outcome"),
		Reason: r.PostFormValue("reason"), Evidence: r.PostFormValue("evidence")}
	back := r.PostFormValue("back")
	fail := func(status int, msg string) {
		if strings.HasPrefix(back, "/cycles/"+url.PathEscape(c.Name)+"/queue") {
			u, _ := url.Parse(back)
			f, page := queueFilter(u.Query().Get)
			v, err := s.reviewQueueData(r, rq, c, f, page)
			if err != nil {
				s.pageError(w, r, rq, err)
				return
			}
			v.Message = fmt.Sprintf("%s（%s）：%s", code, in.Indicator, msg)
			s.render(w, r, rq, status, "queue", v)
			return
		}
		v, err := s.scorecardData(r, rq, c, code)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		v.Message, v.ReviewForm = msg, reviewFormOf(in)
		s.render(w, r, rq, status, "scorecard", v)
	}
	var rev zwgk.Review
	var err error
	if r.PostFormValue("undo") == "1" {
		rev, err = s.undoReview(r, c, code, in, rq.user.Name)
	} else {
		if in.Fraction, err = reviews.ParseFraction(r.PostFormValue("fraction")); err != nil {
			fail(http.StatusBadRequest, err.Error()+"。")
			return
		}
		rev, err = s.checkReviewInput(r.Context(), c, code, in, rq.user.Name)
	}
	if err == nil {
		err = s.saveReviews(r.Context(), c, []zwgk.Review{rev}, "portal", rq.user.Name)
	}
	_ = rev
	var ie *inputError
	switch {
	case errors.As(err, &ie):
		fail(http.StatusBadRequest, ie.msg)
		return
	case err != nil:
		s.pageError(w, r, rq, err)
		return
	}
	to := "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(code) + "#f-" + url.PathEscape(rev.Indicator)
	if back != "" && safeNext(back) == back {
		to = back
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// undoReview is the review that puts the machine's finding back: its
// outcome, fraction and count (pending again for a manual indicator).
func (s *server) undoReview(r *http.Request, c zwgk.Cycle, code string, in reviewInput, by string) (zwgk.Review, error) {
	fs, err := s.b.Findings(r.Context(), c.ID, code)
	if err != nil {
		return zwgk.Review{}, err
	}
	for _, f := range fs {
		if f.Indicator != in.Indicator {
			continue
		}
		if f.Override == nil || f.Automated == nil {
			return zwgk.Review{}, badInput("该指标没有可撤销的复核。")
		}
		reason, err := reviews.Reason(in.Reason)
		if err != nil {
			return zwgk.Review{}, badInput("请填写撤销理由（%s）。", err)
		}
		a := f.Automated
		return zwgk.Review{CycleID: c.ID, Agency: code, Indicator: f.Indicator, Outcome: a.Outcome, Fraction: a.Fraction, Count: a.Count,
			Reason: "撤销复核，恢复系统结论：" + reason, By: by, At: s.cfg.Now().UTC()}, nil
	}
	return zwgk.Review{}, badInput("该单位在本周期没有此指标的评估结果。")
}

// apiAddReview is POST /api/cycles/{cycle}/agencies/{agency}/reviews with
// {"indicator","outcome","fraction","reason","evidence"}: 201 and the
// review. The body must be JSON (a cross-site form cannot send that
// without a preflight the portal never grants).
func (s *server) apiAddReview(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActReview, true)
	if !ok {
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSONMessage(w, http.StatusUnsupportedMediaType, "请求体须为 JSON（Content-Type: application/json）。")
		return
	}
	var in reviewInput
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeJSONMessage(w, http.StatusBadRequest, "请求体不是有效的复核 JSON："+jsonProblem(err))
		return
	}
	rev, err := s.checkReviewInput(r.Context(), c, code, in, rq.user.Name)
	rs := []zwgk.Review{rev}
	if err == nil {
		err = s.saveReviews(r.Context(), c, rs, "api", rq.user.Name)
	}
	var ie *inputError
	switch {
	case errors.As(err, &ie):
		writeJSONMessage(w, http.StatusBadRequest, ie.msg)
		return
	case err != nil:
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/cycles/"+url.PathEscape(c.Name)+"/agencies/"+url.PathEscape(code)+"/reviews")
	writeJSON(w, http.StatusCreated, map[string]any{"review": rs[0]})
}

// jsonProblem says in Chinese what is wrong with a JSON body.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("字段 %s 的类型不对（应为%s）。", te.Field, map[string]string{"float64": "数字", "string": "字符串"}[te.Type.String()])
	case errors.As(err, &se):
		return fmt.Sprintf("第 %d 个字节处语法错误。", se.Offset)
	case errors.As(err, &mb):
		return "请求体过大。"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "含有未知字段 " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "。"
	}
	return "无法解析。"
}

func (s *server) apiReviews(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewScorecard, true)
	if !ok {
		return
	}
	if _, err := s.b.Agency(r.Context(), code); err != nil {
		s.apiError(w, r, err)
		return
	}
	hist, err := s.b.AgencyReviews(r.Context(), c.ID, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"reviews": nonNil(hist)})
}

// ---- bulk

// bulkReview applies one decision to every agency with a finding on the
// indicator that passes the tier and region filter, in one transaction.
// The first post shows how many agencies it would change; the second,
// carrying that count as confirm, does it (a changed count asks again).
func (s *server) bulkReview(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActBulkReview, Object{Cycle: &c}, false) {
		return
	}
	f, _ := queueFilter(r.PostFormValue)
	show := func(status int, msg string, preview *bulkPreview) {
		v, err := s.reviewQueueData(r, rq, c, f, 1)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		v.Message, v.Bulk = msg, preview
		s.render(w, r, rq, status, "queue", v)
	}
	in := reviewInput{Indicator: f.Indicator, Outcome: r.PostFormValue("outcome"), Reason: r.PostFormValue("reason"), Evidence: r.PostFormValue("evidence")}
	var err error
	if in.Fraction, err = reviews.ParseFraction(r.PostFormValue("fraction")); err != nil {
		show(http.StatusBadRequest, "批量复核："+err.Error()+"。", nil)
		return
	}
	if f.Indicator == "" {
		show(http.StatusBadRequest, "批量复核须先选择一个指标。", nil)
		return
	}
	proto, err := s.checkReviewInput(r.Context(), c, "-", in, rq.user.Name)
	var ie *inputError
	if errors.As(err, &ie) {
		show(http.StatusBadRequest, "批量复核："+ie.msg, nil)
		return
	} else if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	codes, err := s.b.FindingAgencies(r.Context(), c.ID, f)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	if len(codes) == 0 {
		show(http.StatusBadRequest, "没有符合筛选条件的单位。", nil)
		return
	}
	if r.PostFormValue("confirm") != strconv.Itoa(len(codes)) {
		p := &bulkPreview{Indicator: f.Indicator, Level: f.Level, Region: f.Region, Outcome: proto.Outcome, Fraction: proto.Fraction,
			FractionText: r.PostFormValue("fraction"), Reason: proto.Reason, Evidence: proto.Evidence, Count: len(codes), First: codes[:min(len(codes), 20)]}
		for _, o := range s.mustIndicatorNames(r.Context(), c) {
			if o.ID == f.Indicator {
				p.IndicatorName = o.Name
			}
		}
		show(http.StatusOK, "", p)
		return
	}
	rs := make([]zwgk.Review, len(codes))
	for i, code := range codes {
		rs[i] = proto
		rs[i].Agency = code
	}
	what := fmt.Sprintf("portal bulk: indicator %s, tier %s, region %s", f.Indicator, f.Level, f.Region)
	if err := s.saveReviews(r.Context(), c, rs, what, rq.user.Name); err != nil {
		if errors.As(err, &ie) {
			show(http.StatusBadRequest, "批量复核："+ie.msg, nil)
			return
		}
		s.pageError(w, r, rq, err)
		return
	}
	q := filterQuery(f)
	if q != "" {
		q += "&"
	}
	http.Redirect(w, r, "/cycles/"+url.PathEscape(c.Name)+"/queue?"+q+"done="+strconv.Itoa(len(rs)), http.StatusSeeOther)
}

func (s *server) mustIndicatorNames(ctx context.Context, c zwgk.Cycle) []IndicatorInfo {
	infos, _ := s.b.Indicators(ctx, c)
	return infos
}

// ---- candidates

func (s *server) decideCandidate(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActDecideCandidate, Object{Cycle: &c}, false) {
		return
	}
	var src QueueSource
	for _, q := range s.cfg.QueueSources {
		if q.ID() == r.PathValue("source") {
			src = q
		}
	}
	if src == nil {
		s.renderError(w, r, rq, http.StatusNotFound)
		return
	}
	verdict := r.PostFormValue("verdict")
	reason, err := reviews.Reason(r.PostFormValue("reason"))
	if err != nil || verdict != "confirm" && verdict != "dismiss" {
		msg := "请选择确认或排除。"
		if err != nil {
			msg = err.Error() + "。"
		}
		s.renderError(w, r, rq, http.StatusBadRequest, msg)
		return
	}
	if err := src.Decide(r.Context(), c, r.PathValue("key"), verdict == "confirm", rq.user.Name, reason); err != nil {
		if errors.Is(err, ErrCandidateDecided) {
			s.renderError(w, r, rq, http.StatusConflict, "该线索已处理。")
			return
		}
		s.pageError(w, r, rq, err)
		return
	}
	if verdict == "confirm" {
		if err := s.b.Rescore(r.Context(), c.Name, rq.user.Name); err != nil {
			s.pageError(w, r, rq, err)
			return
		}
	}
	http.Redirect(w, r, "/cycles/"+url.PathEscape(c.Name)+"/queue#candidates", http.StatusSeeOther)
}

// ---- history on the scorecard

type reviewForm struct {
	Indicator, Outcome, Fraction, Reason, Evidence string
}

func reviewFormOf(in reviewInput) reviewForm {
	f := reviewForm{Indicator: in.Indicator, Outcome: in.Outcome, Reason: in.Reason, Evidence: in.Evidence}
	if in.Fraction != nil {
		f.Fraction = strconv.FormatFloat(*in.Fraction, 'f', -1, 64)
	}
	return f
}

// historyByIndicator groups an agency's reviews by indicator, newest first.
func historyByIndicator(rs []zwgk.Review) map[string][]zwgk.Review {
	out := map[string][]zwgk.Review{}
	for _, r := range rs {
		out[r.Indicator] = append(out[r.Indicator], r)
	}
	for _, h := range out {
		sort.SliceStable(h, func(i, j int) bool { return h[i].ID > h[j].ID })
	}
	return out
}

package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/store"
)

// The content-check candidates of the review queue (issue 19): what the
// automated checks proposed, for an assessor to confirm or dismiss. Only a
// confirmed candidate counts against the agency; every decision is
// audited and re-scores the cycle.

// Viewing the candidates is ActReviewQueue, deciding ActDecideCandidate,
// both in the one authorisation table (authz.go).
const ActCandidateQueue = ActReviewQueue

func init() {
	pageNames = append(pageNames, "candidates")
	funcs["kindsCN"] = func() []struct{ Kind, Name string } {
		var out []struct{ Kind, Name string }
		for _, k := range zwgk.CheckKinds {
			out = append(out, struct{ Kind, Name string }{string(k), k.Chinese()})
		}
		return out
	}
}

// CandidateBackend is what the candidates need of a Backend. StoreBackend
// has it; a Backend without it shows an empty queue and refuses decisions.
type CandidateBackend interface {
	Candidates(ctx context.Context, cycleID int64, f store.CandidateFilter) ([]zwgk.Candidate, int, error)
	CandidateCounts(ctx context.Context, cycleID int64) (map[string]int, error)
	DecideCandidate(ctx context.Context, c zwgk.Candidate) error
}

func (s *StoreBackend) Candidates(ctx context.Context, id int64, f store.CandidateFilter) ([]zwgk.Candidate, int, error) {
	return s.DB.Candidates(ctx, id, f)
}

func (s *StoreBackend) CandidateCounts(ctx context.Context, id int64) (map[string]int, error) {
	return s.DB.CandidateCounts(ctx, id)
}

func (s *StoreBackend) DecideCandidate(ctx context.Context, c zwgk.Candidate) error {
	err := s.DB.DecideCandidate(ctx, c)
	if errors.Is(err, store.ErrNoCandidate) {
		return fmt.Errorf("%w (%w)", ErrNotFound, err)
	}
	return notFound(err)
}

var _ CandidateBackend = (*StoreBackend)(nil)

func (s *server) checkRoutes() {
	if cb, ok := s.b.(CandidateBackend); ok {
		known := false
		for _, q := range s.cfg.QueueSources {
			known = known || q.ID() == contentSourceID
		}
		if !known {
			s.cfg.QueueSources = append(s.cfg.QueueSources, &contentSource{b: cb, rescore: s.b.Rescore})
		}
	}
	s.page("GET /cycles/{cycle}/candidates", s.candidatesPage)
	s.page("POST /cycles/{cycle}/agencies/{agency}/candidates/{key}", s.decideCandidatePage)
	s.api("GET /api/cycles/{cycle}/candidates", s.apiCandidates)
	s.api("POST /api/cycles/{cycle}/agencies/{agency}/candidates/{key}", s.apiDecideCandidate)
}

const candidatePage = 100

type candidateRow struct {
	zwgk.Candidate
	AgencyName string `json:"agency_name"`
	KindName   string `json:"kind_name"`
	CanDecide  bool   `json:"-"`
}

type candidatesView struct {
	C          zwgk.Cycle     `json:"-"`
	Candidates []candidateRow `json:"candidates"`
	Total      int            `json:"total"`
	Counts     map[string]int `json:"counts"`
	Kind       string         `json:"kind,omitempty"`
	State      string         `json:"state,omitempty"`
	Agency     string         `json:"agency,omitempty"`
	Offset     int            `json:"offset"`
	Message    string         `json:"-"`
}

func (v candidatesView) title() string      { return "内容检查候选 · " + v.C.Name }
func (v candidatesView) cycle() *zwgk.Cycle { return &v.C }

// Next and Prev are the offsets of the neighbouring pages (-1: none).
func (v candidatesView) Next() int {
	if v.Offset+candidatePage < v.Total {
		return v.Offset + candidatePage
	}
	return -1
}

func (v candidatesView) Prev() int {
	if v.Offset > 0 {
		return max(0, v.Offset-candidatePage)
	}
	return -1
}

func (s *server) candidatesData(r *http.Request, rq *request, c zwgk.Cycle) (candidatesView, error) {
	q := r.URL.Query()
	v := candidatesView{C: c, Kind: q.Get("kind"), State: q.Get("state"), Agency: q.Get("agency"), Counts: map[string]int{}}
	if v.State == "" && !q.Has("state") {
		v.State = "pending" // the queue is worked from what awaits a decision
	}
	if v.State == "all" {
		v.State = ""
	}
	if v.Kind != "" && !zwgk.CheckKind(v.Kind).Valid() {
		v.Kind = ""
	}
	switch v.State {
	case "", "pending", string(zwgk.DecisionConfirmed), string(zwgk.DecisionDismissed):
	default:
		v.State = "pending"
	}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		v.Offset = n
	}
	cb, ok := s.b.(CandidateBackend)
	if !ok {
		return v, nil
	}
	cands, total, err := cb.Candidates(r.Context(), c.ID, store.CandidateFilter{Agency: v.Agency, Kind: zwgk.CheckKind(v.Kind), State: v.State, Limit: candidatePage, Offset: v.Offset})
	if err != nil {
		return v, err
	}
	if v.Counts, err = cb.CandidateCounts(r.Context(), c.ID); err != nil {
		return v, err
	}
	cards, err := s.scorecards(r.Context(), c)
	if err != nil {
		return v, err
	}
	names := map[string]string{}
	for _, cd := range cards {
		names[cd.Agency] = cd.Name
	}
	v.Total = total
	for _, cd := range cands {
		v.Candidates = append(v.Candidates, candidateRow{Candidate: cd, AgencyName: names[cd.Agency], KindName: cd.Kind.Chinese(),
			CanDecide: Authorize(rq.user, ActDecideCandidate, Object{Cycle: &c, Agency: cd.Agency}) == Allow})
	}
	return v, nil
}

func (s *server) candidatesPage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok || !s.allowed(w, r, rq, ActCandidateQueue, Object{Cycle: &c}, false) {
		return
	}
	v, err := s.candidatesData(r, rq, c)
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	s.render(w, r, rq, http.StatusOK, "candidates", v)
}

// decide stores a decision and re-scores the cycle, so the scorecard
// changes at once (and only for what was confirmed).
func (s *server) decide(ctx context.Context, rq *request, c zwgk.Cycle, agency, key string, d zwgk.CheckDecision, reason string) error {
	cb, ok := s.b.(CandidateBackend)
	if !ok {
		return ErrNotFound
	}
	if err := cb.DecideCandidate(ctx, zwgk.Candidate{CycleID: c.ID, Agency: agency, Key: key,
		ContentCheck: zwgk.ContentCheck{Decision: d}, Reason: reason, By: rq.user.Name}); err != nil {
		return err
	}
	// The decision is stored: a failed re-score leaves nothing
	// inconsistent, and the next score run applies it.
	if err := s.b.Rescore(ctx, c.Name, rq.user.Name, agency); err != nil {
		return fmt.Errorf("re-score %s after a decision on %s/%s: %w", c.Name, agency, key, err)
	}
	return nil
}

func (s *server) decideCandidatePage(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, false)
	if !ok {
		return
	}
	agency := r.PathValue("agency")
	if !s.allowed(w, r, rq, ActDecideCandidate, Object{Cycle: &c, Agency: agency}, false) {
		return
	}
	back := "/cycles/" + url.PathEscape(c.Name) + "/candidates"
	if ret := r.PostFormValue("return"); ret != "" {
		if u, err := url.Parse(ret); err == nil && u.Host == "" && u.Scheme == "" && u.Path == back {
			back = u.String()
		}
	}
	redisplay := func(status int, msg string) {
		v, err := s.candidatesData(r, rq, c)
		if err != nil {
			s.pageError(w, r, rq, err)
			return
		}
		v.Message = msg
		s.render(w, r, rq, status, "candidates", v)
	}
	d := zwgk.CheckDecision(r.PostFormValue("decision"))
	if !d.Valid() {
		redisplay(http.StatusBadRequest, "请选择确认或排除。")
		return
	}
	reason, err := checkText(r.PostFormValue("reason"), "理由")
	if err != nil {
		redisplay(http.StatusBadRequest, err.Error())
		return
	}
	if err := s.decide(r.Context(), rq, c, agency, r.PathValue("key"), d, reason); err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *server) apiCandidates(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok || !s.allowed(w, r, rq, ActCandidateQueue, Object{Cycle: &c}, true) {
		return
	}
	v, err := s.candidatesData(r, rq, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *server) apiDecideCandidate(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok {
		return
	}
	agency := r.PathValue("agency")
	if !s.allowed(w, r, rq, ActDecideCandidate, Object{Cycle: &c, Agency: agency}, true) {
		return
	}
	var in struct {
		Decision zwgk.CheckDecision `json:"decision"`
		Reason   string             `json:"reason"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes)).Decode(&in); err != nil || !in.Decision.Valid() {
		writeJSONError(w, http.StatusBadRequest)
		return
	}
	reason, err := checkText(in.Reason, "理由")
	if err != nil {
		writeJSONError(w, http.StatusBadRequest)
		return
	}
	if err := s.decide(r.Context(), rq, c, agency, r.PathValue("key"), in.Decision, reason); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"agency": agency, "key": r.PathValue("key"), "decision": in.Decision})
}

// contentSource puts the content-check candidates into the review queue
// (review.go's QueueSource): the undecided ones, keyed AGENCY.KEY.
type contentSource struct {
	b       CandidateBackend
	rescore func(ctx context.Context, cycle, by string, agencies ...string) error
}

const contentSourceID = "content"

func (q *contentSource) ID() string { return contentSourceID }
func (q *contentSource) Title() string {
	return "内容检查候选（个人信息、表述、错别字、敏感词、暗链）"
}

func (q *contentSource) Candidates(ctx context.Context, c zwgk.Cycle, f QueueFilter) ([]Candidate, int, error) {
	cands, total, err := q.b.Candidates(ctx, c.ID, store.CandidateFilter{State: "pending", Level: f.Level, Region: f.Region, Offset: f.Offset, Limit: f.Limit})
	if err != nil {
		return nil, 0, err
	}
	out := make([]Candidate, len(cands))
	for i, cd := range cands {
		out[i] = Candidate{Key: cd.Agency + "." + cd.Key, Agency: cd.Agency, Kind: string(cd.Kind), KindName: cd.Kind.Chinese(),
			Excerpt: cd.Excerpt, URL: cd.URL, Rule: cd.Rule}
	}
	return out, total, nil
}

// Decide records the decision; a dismissal re-scores here (the queue
// re-scores after a confirmation), since dismissing the last undecided
// candidate of an indicator ends its pending state.
func (q *contentSource) Decide(ctx context.Context, c zwgk.Cycle, key string, confirm bool, by, reason string) error {
	i := strings.LastIndexByte(key, '.')
	if i <= 0 {
		return ErrNotFound
	}
	agency, k := key[:i], key[i+1:]
	decided, _, err := q.b.Candidates(ctx, c.ID, store.CandidateFilter{Agency: agency, State: "", Limit: 1 << 20})
	if err != nil {
		return err
	}
	found := false
	for _, cd := range decided {
		if cd.Key == k {
			found = true
			if cd.Decision != "" {
				return fmt.Errorf("candidate %s: %w", key, ErrCandidateDecided)
			}
		}
	}
	if !found {
		return ErrNotFound
	}
	d := zwgk.DecisionDismissed
	if confirm {
		d = zwgk.DecisionConfirmed
	}
	if err := q.b.DecideCandidate(ctx, zwgk.Candidate{CycleID: c.ID, Agency: agency, Key: k, ContentCheck: zwgk.ContentCheck{Decision: d}, Reason: reason, By: by}); err != nil {
		return err
	}
	if !confirm {
		return q.rescore(ctx, c.Name, by, agency)
	}
	return nil
}

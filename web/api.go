package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"zwgk"
)

// The JSON API serves the data of the pages, built by the same functions
// after the same Authorize calls. It is read-only: writes go through the
// pages' forms, which carry CSRF tokens.

func (s *server) apiMe(w http.ResponseWriter, r *http.Request, rq *request) {
	writeJSON(w, http.StatusOK, map[string]any{"name": rq.user.Name, "role": rq.user.Role,
		"agencies": rq.user.Agencies, "expires": rq.expires.UTC()})
}

func (s *server) apiCycles(w http.ResponseWriter, r *http.Request, rq *request) {
	if !s.allowed(w, r, rq, ActListCycles, Object{}, true) {
		return
	}
	v, err := s.cyclesData(r, rq)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]zwgk.Cycle, len(v.Cycles))
	for i, c := range v.Cycles {
		out[i] = c.Cycle
	}
	writeJSON(w, http.StatusOK, map[string]any{"cycles": out})
}

func (s *server) apiRanking(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok || !s.allowed(w, r, rq, ActViewRanking, Object{Cycle: &c}, true) {
		return
	}
	// Kept encoded per cycle version and query, as the page is
	// (rankingContent).
	k, err := s.rankingKey(r, rq, c, "api")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	body, ok := s.cardPages.get(k)
	if !ok {
		v, err := s.rankingData(r, rq, c)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		// Paged like the page (a county tier is thousands of rows): page and
		// per_page (default rankingPageSize, at most maxAPIPageSize); count
		// and pages say how many there are.
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		per, err := strconv.Atoi(q.Get("per_page"))
		if err != nil || per <= 0 {
			per = rankingPageSize
		}
		v.paginate(rq, page, min(per, maxAPIPageSize))
		var buf bytes.Buffer
		// The default HTML escaping stays on, as in writeJSON.
		if err := json.NewEncoder(&buf).Encode(map[string]any{"cycle": c, "ranking": v}); err != nil {
			s.apiError(w, r, err)
			return
		}
		body = buf.String()
		s.cardPages.put(k, body)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, body)
}

func (s *server) apiRegions(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok || !s.allowed(w, r, rq, ActViewRanking, Object{Cycle: &c}, true) {
		return
	}
	v, err := s.regionsData(r, rq, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"cycle": c, "comparison": v})
}

func (s *server) apiScorecard(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewScorecard, true)
	if !ok {
		return
	}
	v, err := s.scorecardData(r, rq, c, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *server) apiEvidence(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewEvidence, true)
	if !ok {
		return
	}
	v, err := s.evidenceData(r, c, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *server) apiAgencyAppeals(w http.ResponseWriter, r *http.Request, rq *request) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewAppeals, true)
	if !ok {
		return
	}
	aps, err := s.b.Appeals(r.Context(), c.ID, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"appeals": nonNil(aps)})
}

func (s *server) apiAppealQueue(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.cycleFor(w, r, rq, true)
	if !ok || !s.allowed(w, r, rq, ActAppealQueue, Object{Cycle: &c}, true) {
		return
	}
	v, err := s.queueData(r, rq, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *server) apiAudit(w http.ResponseWriter, r *http.Request, rq *request) {
	if !s.allowed(w, r, rq, ActViewAudit, Object{}, true) {
		return
	}
	es, err := s.b.AuditLog(r.Context(), auditPageSize)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": nonNil(es)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

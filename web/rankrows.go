package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"zwgk"
)

// The ranking page renders each row once per card set and keeps the
// HTML: a page of 100 rows through html/template costs about a thousand
// reflective escaper calls, most of the page's time (the profile of a
// national cohort in review: 70 % of the CPU in text/template). A row
// depends only on its card, the cycle's name (the link) and whether the
// viewer may open the scorecard, so (card position, may open) is its key;
// a new card set (any write to the cycle's cards) starts afresh.

type rowKey struct {
	pos     int32
	canView bool
}

// rowCache is a card set's rendered rows, filled as pages are asked for.
type rowCache struct {
	mu   sync.RWMutex
	html map[rowKey]string
}

// rowsHTML is the HTML of v's rows (rankrow of the page's template), from
// the card set's cache where it has them.
func (s *server) rowsHTML(cs *cardSet, v *rankingView) (template.HTML, error) {
	if len(v.Rows) == 0 {
		return "", nil
	}
	rc := &cs.rows
	var b strings.Builder
	var missing []int
	rc.mu.RLock()
	parts := make([]string, len(v.Rows))
	for i := range v.Rows {
		h, ok := rc.html[rowKey{v.pos[i], v.Rows[i].CanView}]
		if !ok {
			missing = append(missing, i)
		}
		parts[i] = h
	}
	rc.mu.RUnlock()
	if len(missing) > 0 {
		t := s.pages["ranking"].t
		var buf bytes.Buffer
		fresh := make(map[rowKey]string, len(missing))
		for _, i := range missing {
			buf.Reset()
			if err := t.ExecuteTemplate(&buf, "rankrow", &v.Rows[i]); err != nil {
				return "", err
			}
			parts[i] = buf.String()
			fresh[rowKey{v.pos[i], v.Rows[i].CanView}] = parts[i]
		}
		rc.mu.Lock()
		if rc.html == nil {
			rc.html = make(map[rowKey]string, len(fresh))
		}
		for k, h := range fresh {
			rc.html[k] = h
		}
		rc.mu.Unlock()
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b.Grow(n)
	for _, p := range parts {
		b.WriteString(p)
	}
	// Each part is the output of the html/template "rankrow": escaped.
	return template.HTML(b.String()), nil
}

// rankingPageKey names one ranking page's content or API answer: the
// cycle as of its cards' version, the query as asked (tier, order, region, page) and the
// viewer's role and agencies (which rows link to a scorecard). The
// ranking's content shows nothing else of the viewer (no form, no CSRF
// token).
type rankingPageKey struct {
	cycle, version, cards int64
	cycleRow              string // the cycle as JSON (the API answers it whole)
	query                 string
	viewer                string
}

// rankingContent is the ranking page's content for this request: kept
// (s.cardPages), or made from the cards in memory and kept.
func (s *server) rankingContent(r *http.Request, rq *request, c zwgk.Cycle) (template.HTML, error) {
	k, err := s.rankingKey(r, rq, c, "page")
	if err != nil {
		return "", err
	}
	q := r.URL.Query()
	if html, ok := s.cardPages.get(k); ok {
		return template.HTML(html), nil
	}
	v, err := s.rankingData(r, rq, c)
	if err != nil {
		return "", err
	}
	page, _ := strconv.Atoi(q.Get("page"))
	v.paginate(rq, page, rankingPageSize)
	if v.RowsHTML, err = s.rowsHTML(v.set, &v); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := s.pages["ranking"].t.ExecuteTemplate(&buf, "content", view{Data: v}); err != nil {
		return "", err
	}
	html := buf.String()
	s.cardPages.put(k, html)
	// The content is html/template's output.
	return template.HTML(html), nil
}

// rankingKey is the key of the ranking's page or API answer (what) for
// this request, reading the cycle's cards if they are not current.
func (s *server) rankingKey(r *http.Request, rq *request, c zwgk.Cycle, what string) (rankingPageKey, error) {
	cc, err := s.cycleCards(r.Context(), c)
	if err != nil {
		return rankingPageKey{}, err
	}
	q := r.URL.Query()
	query := strings.Join([]string{what, q.Get("tier"), q.Get("sort"), q.Get("dir"), q.Get("region"), q.Get("page"), q.Get("per_page")}, "\x00")
	row, err := json.Marshal(c)
	if err != nil {
		return rankingPageKey{}, err
	}
	return rankingPageKey{cycle: c.ID, version: c.Version, cards: cc.version, cycleRow: string(row),
		query: query, viewer: string(rq.user.Role) + "\x00" + strings.Join(rq.user.Agencies, ",")}, nil
}

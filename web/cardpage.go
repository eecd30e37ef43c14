package web

import (
	"bytes"
	"container/list"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"zwgk"
)

// The scorecard page's content (everything inside the layout) is kept
// once rendered, keyed by the cycle's version: every write to what it
// shows (a score, a review, an appeal filed or decided, a state change)
// bumps the version in the store, so a page of an older version is never
// served again (it ages out). The key holds, besides the version and the
// agency's row as read for this request, whatever of the viewer the
// content depends on (what they may see and do), and whether the appeal
// window has closed; the session's CSRF token is written into the kept
// HTML as a random placeholder and replaced per request. Rendering 24
// findings with their review forms was 70 % of the page's CPU in the
// profile of a national cohort in review (html/template's escapers).

// cardPageKey names one rendered scorecard content.
type cardPageKey struct {
	cycle, version int64
	cycleName      string
	agency         zwgk.Agency
	flags          cardPageFlags
}

// cardPageFlags are the viewer's rights and the clock's part in the page.
type cardPageFlags struct {
	showRank, canReview, viewAppeals, viewAttachments, canFile, appealClosed, pdf bool
}

// cardPageCacheBytes bounds the kept pages (a scorecard with its review
// forms is about 40 KB): some hundreds of agencies.
const cardPageCacheBytes = 16 << 20

// htmlCache is a byte-bounded LRU of rendered content (the scorecard
// pages', and the ranking pages' of rankrows.go).
type htmlCache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	lru     *list.List            // of *htmlEntry, most recent first
	entries map[any]*list.Element // keys: cardPageKey, rankingPageKey
}

type htmlEntry struct {
	key  any
	html string
}

func newHTMLCache(max int64) *htmlCache {
	return &htmlCache{max: max, lru: list.New(), entries: map[any]*list.Element{}}
}

func (hc *htmlCache) get(k any) (string, bool) {
	hc.mu.Lock()
	defer hc.mu.Unlock()
	el, ok := hc.entries[k]
	if !ok {
		return "", false
	}
	hc.lru.MoveToFront(el)
	return el.Value.(*htmlEntry).html, true
}

func (hc *htmlCache) put(k any, html string) {
	n := int64(len(html))
	if n > hc.max {
		return
	}
	hc.mu.Lock()
	defer hc.mu.Unlock()
	if el, ok := hc.entries[k]; ok {
		hc.size -= int64(len(el.Value.(*htmlEntry).html))
		hc.lru.Remove(el)
	}
	hc.entries[k] = hc.lru.PushFront(&htmlEntry{key: k, html: html})
	hc.size += n
	for hc.size > hc.max {
		el := hc.lru.Back()
		e := el.Value.(*htmlEntry)
		hc.lru.Remove(el)
		delete(hc.entries, e.key)
		hc.size -= int64(len(e.html))
	}
}

// newPlaceholder is a random token that no page content can foresee, to
// stand for the CSRF token in kept HTML (letters and digits only, so
// escaping leaves it as it is).
func newPlaceholder() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "zwgkcsrf" + hex.EncodeToString(b)
}

// cardPageFlagsFor are the parts of the viewer and the clock the
// scorecard content depends on, computed as scorecardData computes them.
func (s *server) cardPageFlagsFor(r *http.Request, rq *request, c zwgk.Cycle, code string) (cardPageFlags, error) {
	days, err := s.b.AppealWindowDays(r.Context(), c)
	if err != nil {
		return cardPageFlags{}, err
	}
	deadline := appealDeadline(c, days)
	obj := Object{Cycle: &c, Agency: code}
	return cardPageFlags{
		showRank:        Authorize(rq.user, ActViewRanking, Object{Cycle: &c}) == Allow,
		canReview:       Authorize(rq.user, ActReview, obj) == Allow,
		viewAppeals:     Authorize(rq.user, ActViewAppeals, obj) == Allow,
		viewAttachments: Authorize(rq.user, ActViewAttachment, obj) == Allow,
		canFile:         Authorize(rq.user, ActFileAppeal, obj) == Allow,
		appealClosed:    !deadline.IsZero() && !s.cfg.Now().Before(deadline),
		pdf:             s.cfg.ScorecardPDF != nil,
	}, nil
}

// scorecardContent is the scorecard page's content for this request:
// kept, or read and rendered (and kept).
func (s *server) scorecardContent(r *http.Request, rq *request, c zwgk.Cycle, code string) (template.HTML, zwgk.Agency, error) {
	a, err := s.b.Agency(r.Context(), code)
	if err != nil {
		return "", a, err
	}
	flags, err := s.cardPageFlagsFor(r, rq, c, code)
	if err != nil {
		return "", a, err
	}
	k := cardPageKey{cycle: c.ID, version: c.Version, cycleName: c.Name, agency: a, flags: flags}
	html, ok := s.cardPages.get(k)
	if !ok {
		v, err := s.scorecardData(r, rq, c, code)
		if err != nil {
			return "", a, err
		}
		var buf bytes.Buffer
		if err := s.pages["scorecard"].t.ExecuteTemplate(&buf, "content", view{Data: v, CSRF: s.csrfMark}); err != nil {
			return "", a, err
		}
		html = buf.String()
		s.cardPages.put(k, html)
	}
	// The kept HTML is html/template's output; the token is letters,
	// digits, - and _ (csrfFor), which no context escapes.
	return template.HTML(strings.ReplaceAll(html, s.csrfMark, rq.csrf)), a, nil
}

// renderedContent is a page whose content is rendered already: the
// layout puts it in place of its "content" template.
type renderedContent struct {
	html    template.HTML
	c       zwgk.Cycle
	heading string
}

func (v renderedContent) title() string       { return v.heading }
func (v renderedContent) cycle() *zwgk.Cycle  { return &v.c }
func (v renderedContent) body() template.HTML { return v.html }

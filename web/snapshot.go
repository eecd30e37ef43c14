package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"zwgk"
)

// The page as it was seen (采集快照): a stored page of an agency's
// evidence, shown as the crawler fetched it. The frame page carries a
// banner (URL, fetch time, SHA-256) and embeds the stored body, which is
// served on a path of its own under a sandbox CSP: no script runs, the
// document has an opaque origin (no cookies, no portal access), and
// default-src 'none' keeps every image, style sheet, frame and font that
// the crawler did not store from being loaded from the live site — or
// from anywhere.

// SnapshotBackend is the optional part of a Backend that keeps page
// bodies; without it the portal offers no snapshots.
type SnapshotBackend interface {
	// StoredPage returns a page of the agency's evidence in the cycle with
	// its stored body (cut at the store's cap); ok is false when the
	// cycle has no such page.
	StoredPage(ctx context.Context, cycleID int64, agency, url string) (p zwgk.Page, body []byte, ok bool, err error)
}

// StoredPage implements SnapshotBackend.
func (s *StoreBackend) StoredPage(ctx context.Context, cycleID int64, agency, url string) (zwgk.Page, []byte, bool, error) {
	return s.DB.StoredPage(ctx, cycleID, agency, url)
}

// snapshotCSP is the policy of a stored body: sandboxed without
// allow-scripts or allow-same-origin, nothing loaded but inline styles and
// data: images, framed only by the portal itself.
const snapshotCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

type snapshotView struct {
	C      zwgk.Cycle
	Agency zwgk.Agency
	Page   zwgk.Page
	Bytes  int  // bytes kept
	Cut    bool // the stored body is shorter than what was fetched
	Raw    string
}

func (v snapshotView) title() string      { return "采集快照 · " + v.Agency.Name }
func (v snapshotView) cycle() *zwgk.Cycle { return &v.C }

// snapshotPage finds the stored page named by ?url= for the agency, or
// answers the request itself (404 when there is none: the same answer as
// for another agency's page, which an agency user may not see).
func (s *server) snapshotPage(w http.ResponseWriter, r *http.Request, rq *request) (zwgk.Cycle, zwgk.Page, []byte, bool) {
	c, code, ok := s.agencyObject(w, r, rq, ActViewEvidence, false)
	if !ok {
		return c, zwgk.Page{}, nil, false
	}
	sb, ok := s.b.(SnapshotBackend)
	u := r.URL.Query().Get("url")
	if !ok || u == "" || len(u) > 4096 {
		s.renderError(w, r, rq, http.StatusNotFound)
		return c, zwgk.Page{}, nil, false
	}
	p, body, found, err := sb.StoredPage(r.Context(), c.ID, code, u)
	if err != nil {
		s.pageError(w, r, rq, err)
		return c, p, nil, false
	}
	if !found || body == nil {
		s.renderError(w, r, rq, http.StatusNotFound, "该页面未保存原文（抓取失败的页面不保存内容）。")
		return c, p, nil, false
	}
	return c, p, body, true
}

func (s *server) snapshotFrame(w http.ResponseWriter, r *http.Request, rq *request) {
	c, p, body, ok := s.snapshotPage(w, r, rq)
	if !ok {
		return
	}
	a, err := s.b.Agency(r.Context(), r.PathValue("agency"))
	if err != nil {
		s.pageError(w, r, rq, err)
		return
	}
	v := snapshotView{C: c, Agency: a, Page: p, Bytes: len(body), Cut: int64(len(body)) < p.Bytes,
		Raw: "/cycles/" + url.PathEscape(c.Name) + "/agencies/" + url.PathEscape(a.Code) + "/snapshot/raw?url=" + urlQueryEscape(p.URL)}
	s.render(w, r, rq, http.StatusOK, "snapshot", v)
}

var reCharset = regexp.MustCompile(`^[A-Za-z0-9._-]{1,40}$`)

// reRefresh finds a meta refresh: the one navigation a sandbox without
// scripts still lets a document start by itself, to the live site or
// anywhere. The copy shown has it renamed; the stored body, and its hash,
// stay as fetched.
var reRefresh = regexp.MustCompile(`(?i)http-equiv\s*=\s*["']?\s*refresh`)

func (s *server) snapshotRaw(w http.ResponseWriter, r *http.Request, rq *request) {
	_, p, body, ok := s.snapshotPage(w, r, rq)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", snapshotCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	ct := "text/plain"
	if looksLikeHTML(body) {
		ct = "text/html"
	}
	if cs := strings.ToLower(p.Charset); reCharset.MatchString(cs) {
		ct += "; charset=" + cs
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", "inline")
	body = reRefresh.ReplaceAll(body, []byte(`http-equiv="x-zwgk-refresh-disabled`))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// looksLikeHTML: what the crawler read as a page. Anything else (a body
// that is not markup) is shown as text, never sniffed.
func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(bytes.TrimLeft(b[:min(len(b), 1024)], " \t\r\n\ufeff"))
	return bytes.HasPrefix(head, []byte("<")) || bytes.Contains(head, []byte("<html"))
}

package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"zwgk"
	"zwgk/crawler/render"
)

// Why a page was rendered (zwgk.Page.Rendered).
const (
	renderedList      = "list: no items before its scripts ran"
	renderedHome      = "home: no items or links before its scripts ran"
	renderedChallenge = "challenge: a script cookie challenge stood before the page"
)

// Why a page that needed a browser did not get one (zwgk.Unrendered).
const (
	unrenderedNoBrowser = "no headless browser on this machine"
	unrenderedOff       = "rendering turned off (--render=false)"
)

// renderer is the crawler's browser, shared by all site crawls; nil when
// rendering is off.
type renderer struct {
	b      *render.Browser
	warned sync.Once
}

func newRenderer(o Options) *renderer {
	if o.NoRender {
		return nil
	}
	return &renderer{b: render.New(render.Options{ExecPath: o.BrowserPath, Tabs: o.RenderTabs,
		PageTimeout: o.RenderTimeout, UserAgent: o.UserAgent})}
}

// renderState is one site crawl's rendering evidence.
type renderState struct {
	mu  sync.Mutex
	log zwgk.RenderLog
	// seen: a page is rendered, or listed as unrendered, once.
	seen map[string]bool
}

func (s *site) renderLog() *zwgk.RenderLog {
	s.rs.mu.Lock()
	defer s.rs.mu.Unlock()
	if s.rs.log.Rendered == 0 && len(s.rs.log.Unrendered) == 0 {
		return nil
	}
	l := s.rs.log
	l.Unrendered = append([]zwgk.Unrendered(nil), l.Unrendered...)
	return &l
}

// unrendered records a page that needed a browser and did not get one.
func (s *site) unrendered(u, reason string) {
	s.rs.mu.Lock()
	defer s.rs.mu.Unlock()
	if s.rs.seen == nil {
		s.rs.seen = map[string]bool{}
	}
	if s.rs.seen["u:"+u] {
		return
	}
	s.rs.seen["u:"+u] = true
	s.rs.log.Unrendered = append(s.rs.log.Unrendered, zwgk.Unrendered{URL: u, Reason: reason})
	if reason == unrenderedNoBrowser && s.c.render != nil {
		s.c.render.warned.Do(func() {
			slog.Warn("no headless browser (install chromium): pages that need rendering are listed in each site's evidence (render.unrendered), never reported as script-generated", "first", u)
		})
	}
}

// canRender says whether a browser can be had; when not, u is recorded
// as unrendered with why.
func (s *site) canRender(u string) bool {
	r := s.c.render
	switch {
	case r == nil:
		s.unrendered(u, unrenderedOff)
		return false
	case !r.b.Available():
		s.unrendered(u, unrenderedNoBrowser)
		return false
	}
	s.rs.mu.Lock()
	s.rs.log.Available = true
	s.rs.mu.Unlock()
	return true
}

// browserFetch answers the browser's requests the crawl's way: only the
// agency's own roots, robots.txt honoured, the site's politeness slots and
// delay, its cookies (those the page's scripts set included), the
// transport's caps and address policy. Documents it fetched are kept in
// docs by URL, the last one winning.
func (s *site) browserFetch(docs *sync.Map) render.Fetch {
	return func(ctx context.Context, r render.Request) (render.Response, error) {
		u := Normalize(r.URL)
		if pu, err := url.Parse(u); err == nil && pu.Path == "/favicon.ico" {
			return render.Response{}, render.ErrRefused // no text in it
		}
		if !s.own(u) || !s.allowed(u) {
			s.countRender(0, 1)
			return render.Response{}, render.ErrRefused
		}
		if pu, err := url.Parse(r.URL); err == nil && len(r.Cookies) > 0 {
			s.f.jar.SetCookies(pu, hostOnly(r.Cookies))
		}
		method := r.Method
		if method == "" {
			method = http.MethodGet
		}
		j := s.f.startWith(method, r.URL, r.Body, r.Header)
		select {
		case <-j.done:
		case <-ctx.Done():
			return render.Response{}, ctx.Err()
		}
		res := j.res
		if res.Err != nil && res.Status == 0 {
			s.countRender(0, 1)
			return render.Response{}, res.Err
		}
		s.countRender(1, 0)
		h := http.Header{}
		if res.Header != nil {
			if ct := res.Header.Get(headerContentType); ct != "" {
				h.Set("Content-Type", ct)
			} else if ct := res.Header.Get("Content-Type"); ct != "" {
				h.Set("Content-Type", ct)
			}
			for _, c := range res.Header.Values("Set-Cookie") {
				h.Add("Set-Cookie", c)
			}
		}
		out := render.Response{Status: res.Status, Header: h, Body: res.Body}
		if r.Type == "Document" && docs != nil {
			docs.Store(u, res)
		}
		return out, nil
	}
}

func (s *site) countRender(served, refused int) {
	s.rs.mu.Lock()
	s.rs.log.Requests += served
	s.rs.log.Refused += refused
	s.rs.mu.Unlock()
}

// hostOnly drops the Domain of the browser's cookies: they are given back
// for the URL they were read for (a domain attribute on an IP address, or
// a leading dot, would make the jar refuse them).
func hostOnly(cs []*http.Cookie) []*http.Cookie {
	out := make([]*http.Cookie, len(cs))
	for i, c := range cs {
		cc := *c
		cc.Domain = ""
		out[i] = &cc
	}
	return out
}

// renderDoc renders the page of r (its stored body answers the browser's
// first request) and parses what the browser shows. nil when the page
// could not be rendered; the reason is in the render log.
func (s *site) renderDoc(r *pageRec, reason string) *parsed {
	u := r.page.URL
	if r.page.FinalURL != "" {
		u = r.page.FinalURL
	}
	if !s.canRender(u) {
		return nil
	}
	body := r.body
	if body == nil {
		if _, b, ok, err := s.w.StoredPage(s.ctx, s.cycle, s.agency, r.page.URL); err == nil && ok {
			body = b
		}
	}
	var first *render.Response
	if len(body) > 0 {
		ct := "text/html"
		if r.page.Charset != "" {
			ct += "; charset=" + r.page.Charset
		}
		first = &render.Response{Status: r.page.Status, Header: http.Header{"Content-Type": {ct}}, Body: body}
	}
	pg, err := s.c.render.b.Render(s.ctx, u, first, s.browserFetch(nil))
	if err != nil {
		if errors.Is(err, render.ErrNoBrowser) {
			s.unrendered(u, unrenderedNoBrowser)
		} else {
			s.unrendered(u, "rendering failed: "+clipText(err.Error(), 200))
		}
		return nil
	}
	s.keepCookies(pg)
	base, err := url.Parse(pg.URL)
	if err != nil || base.Host == "" {
		base, _ = url.Parse(u)
	}
	d := parseHTML(pg.HTML, base, &s.cache)
	d.charset = r.page.Charset
	// The content checks read what the browser shows too (a footer or a
	// dark link a script writes).
	s.scan.page(scanned{url: base.String(), doc: d, markup: pg.HTML, home: reason == renderedHome, rendered: true})
	d.Text, d.Scripts, d.dates = "", nil, nil
	s.markRendered(r, reason)
	return d
}

// keepCookies gives the site's static fetches the cookies the browser
// ended with (a challenge's clearance cookie).
func (s *site) keepCookies(pg render.Page) {
	if pu, err := url.Parse(pg.URL); err == nil && len(pg.Cookies) > 0 {
		s.f.jar.SetCookies(pu, hostOnly(pg.Cookies))
	}
}

// markRendered records on the page why it was rendered, in the evidence
// and the store.
func (s *site) markRendered(r *pageRec, reason string) {
	s.rs.mu.Lock()
	s.rs.log.Rendered++
	s.rs.mu.Unlock()
	r.page.Rendered = reason
	s.mu.Lock()
	for i := range s.pages {
		if s.pages[i].URL == r.page.URL {
			s.pages[i].Rendered = reason
		}
	}
	s.mu.Unlock()
	body := r.body
	if body == nil {
		if _, b, ok, err := s.w.StoredPage(s.ctx, s.cycle, s.agency, r.page.URL); err == nil && ok {
			body = b
		}
	}
	if err := s.w.SavePage(s.ctx, s.cycle, s.agency, r.page, body); err != nil {
		s.fail(fmt.Errorf("crawl %s: save page %s: %w", s.agency, r.page.URL, err))
	}
}

// needsRender reports a page where a list should be and static reading
// found no rows: an empty list box a script fills, a feed that gave
// nothing, or a page with next to nothing but scripts.
func needsRender(d *parsed) bool {
	if d == nil || len(d.Rows) > 0 {
		return false
	}
	return d.ScriptFilled || len(d.Feeds) > 0
}

// homeNeedsRender reports a home page that static reading leaves with no
// list line and almost no links: a page its scripts build.
func homeNeedsRender(d *parsed) bool {
	if d == nil || len(d.Rows) > 0 {
		return false
	}
	return needsRender(d) || len(d.Links) < 5
}

// renderList reads a column page whose list static reading found empty:
// in the browser, its rows become the column's items. ok is false when
// rendering found no rows either (or could not run: then the column's
// cause is CauseNoBrowser, never CauseScript).
func (s *site) renderList(c *column, r *pageRec) (ok bool) {
	d := s.renderDoc(r, renderedList)
	if d == nil {
		if s.c.render == nil || !s.c.render.b.Available() {
			c.Cause = zwgk.CauseNoBrowser
		}
		return false
	}
	if len(d.Rows) == 0 {
		return false
	}
	for _, row := range d.Rows {
		c.Items = append(c.Items, zwgk.Item{Title: row.Title, URL: row.URL, Date: row.Date, DateSource: row.DateSource})
	}
	c.Source = "rendered"
	c.Complete = len(d.Pages) == 0
	c.Cause = zwgk.CauseNone
	return true
}

// challenge passes a script cookie challenge that answered in place of
// the page: the browser runs the challenge's script, which sets its cookie
// and reloads; the page the reload brought (fetched by the crawl, so its
// bytes are what the evidence keeps) replaces the challenge in res, and
// the cookie stays in the site's jar for the static fetches after it.
// ok is false when the challenge could not be passed.
func (s *site) challenge(res result) (result, bool) {
	u := res.URL
	if res.Final != "" {
		u = res.Final
	}
	if !s.canRender(u) {
		return res, false
	}
	var docs sync.Map
	ct := "text/html"
	if res.Header != nil && res.Header.Get(headerContentType) != "" {
		ct = res.Header.Get(headerContentType)
	}
	first := &render.Response{Status: res.Status, Header: http.Header{"Content-Type": {ct}}, Body: res.Body}
	pg, err := s.c.render.b.Render(s.ctx, u, first, s.browserFetch(&docs))
	if err != nil {
		reason := "rendering failed: " + clipText(err.Error(), 200)
		if errors.Is(err, render.ErrNoBrowser) {
			reason = unrenderedNoBrowser
		}
		s.unrendered(u, reason)
		return res, false
	}
	s.keepCookies(pg)
	s.rs.mu.Lock()
	s.rs.log.Rendered++
	s.rs.mu.Unlock()
	final := Normalize(pg.URL)
	if v, ok := docs.Load(final); ok {
		got := v.(result)
		if !isChallenge(got.Status, got.Body) {
			got.URL, got.Attempts = res.URL, res.Attempts
			if got.Final == "" || got.Final == got.URL {
				got.Final = final
			}
			return got, true
		}
	}
	// The browser got past it by other means (a script that fetched the
	// page into the document): what it shows is the page.
	html := []byte(pg.HTML)
	if isChallenge(http.StatusOK, html) {
		s.unrendered(u, "the challenge was not passed in the browser")
		return res, false
	}
	out := res
	out.Status, out.Body, out.Err, out.Cause, out.Final = http.StatusOK, html, nil, zwgk.CauseNone, final
	out.Header = http.Header{headerContentType: {"text/html; charset=utf-8"}}
	return out, true
}

// isChallenge recognises a script cookie challenge in place of a page: a
// small body whose script sets a cookie and reloads (加速乐's 521,
// 瑞数's 412 with its $_ts bootstrap, a 200 that only sets a cookie), with
// next to no text or links of its own. It reads bytes only: pure, and the
// same on a stored body.
func isChallenge(status int, body []byte) bool {
	switch status {
	case 200, 202, 403, 412, 429, 503, 521:
	default:
		return false
	}
	if len(body) == 0 || len(body) > 256<<10 {
		return false
	}
	// Most pages fail on the first two tests: they are made on the body
	// as served, and the lower-cased copy (a page's size, decoded rune by
	// rune) only for the few that pass.
	if !mayContainFold(body, "<script") || !(mayContainFold(body, "document.cookie") || bytes.Contains(body, []byte("$_ts"))) {
		return false
	}
	low := bytes.ToLower(body)
	if !bytes.Contains(low, []byte("<script")) {
		return false
	}
	rs := bytes.Contains(body, []byte("$_ts")) // 瑞数: the cookie is set by its bootstrap script
	setsCookie := bytes.Contains(low, []byte("document.cookie")) || rs
	reloads := rs
	for _, m := range []string{"location.reload", "location.href", "location.replace", "location.assign", "window.location", "location=", "location =", "document.location"} {
		reloads = reloads || bytes.Contains(low, []byte(m))
	}
	if !setsCookie || !reloads {
		return false
	}
	// Little of a page besides: few links, little text outside scripts.
	return bytes.Count(low, []byte("<a ")) < 3 && visibleLen(low) < 400
}

// visibleLen is the length of the text of an HTML body outside tags,
// scripts and styles (a rough count: enough to tell a page from a
// challenge).
// mayContainFold is false only when bytes.ToLower(b) cannot contain
// needle (lower-case ASCII): no ASCII case-folded match, and neither of
// the two runes whose lower case is ASCII (U+0130 İ → i, U+212A K → k).
func mayContainFold(b []byte, needle string) bool {
	n := len(needle)
	for i := 0; i+n <= len(b); i++ {
		if b[i]|0x20 != needle[0]|0x20 {
			continue
		}
		k := 0
		for ; k < n; k++ {
			c := b[i+k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[k] {
				break
			}
		}
		if k == n {
			return true
		}
	}
	return bytes.Contains(b, []byte("\u0130")) || bytes.Contains(b, []byte("\u212a"))
}

func visibleLen(low []byte) int {
	n, i := 0, 0
	for i < len(low) {
		switch {
		case bytes.HasPrefix(low[i:], []byte("<script")), bytes.HasPrefix(low[i:], []byte("<style")):
			end := bytes.Index(low[i:], []byte("</s"))
			if end < 0 {
				return n
			}
			i += end + 3
		case low[i] == '<':
			end := bytes.IndexByte(low[i:], '>')
			if end < 0 {
				return n
			}
			i += end + 1
		default:
			if low[i] > ' ' {
				n++
			}
			i++
		}
	}
	return n
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// findBrowser is render.Find with the default search (tests).
func findBrowser() (string, error) { return render.Find("") }

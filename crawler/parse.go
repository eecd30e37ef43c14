package crawler

import (
	"net/url"
	"path"
	"strings"

	"zwgk"
	"zwgk/crawler/dates"
	"zwgk/crawler/extract"
)

// link is an anchor of a page.
type link struct {
	URL  string
	Text string
	Nav  bool // in navigation, header or footer
}

// row is a list line: one <li>, table row, definition or title/date
// block with a link, or a record the page holds for a script.
type row struct {
	Title      string
	URL        string
	Date       zwgk.Date
	DateSource zwgk.DateSource
	Script     bool // a datastore record or JSON data in the page
}

// parsed is what one HTML page offers the crawl (crawler/extract reads
// it; this is the crawl's view, whose text is dropped once read).
type parsed struct {
	Title string
	Text  string // visible text, a line per block
	Links []link
	Rows  []row
	Pages []string // further list pages (pagination), in order
	// PagesKnown is true when Pages names every further page (script
	// pagination), false for a next-page link.
	PagesKnown bool
	Scripts    []string // inline script bodies
	Feeds      []string // JSON endpoints a script or data attribute names
	// EmptyList is true when the page has a list container with no rows
	// (a list filled by script).
	EmptyList bool
	// ScriptFilled is true when a script on the page writes a list.
	ScriptFilled bool
	Date         zwgk.Date // the publication date shown, else the PubDate meta
	DateSource   zwgk.DateSource
	MetaDate     zwgk.Date // the PubDate meta when it disagrees with Date
	charset      string
	dates        []dates.Match // every date of Text
	// tooDeep is set when the markup nests past the parser's limit and
	// the page could not be read (zwgk.CauseTooDeep).
	tooDeep bool
	// Read off item pages before the text is dropped.
	terms              []string
	submitted, replied zwgk.Date
}

// parseHTML reads a decoded page; base is its final URL. sc (may be nil)
// shares equal strings and resolved links between the pages of a site:
// every page repeats the site's navigation, and a site's pages stay
// parsed until its crawl ends. Markup the parser refuses yields a parsed
// with tooDeep set and nothing read.
func parseHTML(text string, base *url.URL, sc *strCache) *parsed {
	if sc == nil {
		sc = &strCache{}
	}
	ep, err := extract.Parse(text, base, extract.Options{Resolve: sc.resolve, Intern: sc.intern})
	if err != nil {
		// extract.ErrTooDeep: the parser refused markup nested past its
		// 512 open elements, and nothing was read.
		return &parsed{tooDeep: true}
	}
	p := &parsed{Title: ep.Title, Text: ep.Text, Pages: ep.Pages, PagesKnown: ep.PagesKnown, Scripts: ep.Scripts,
		Feeds: ep.Feeds, EmptyList: ep.EmptyList, ScriptFilled: ep.ScriptFilled, Date: ep.Date,
		DateSource: ep.DateSource, MetaDate: ep.MetaDate, dates: ep.Dates}
	if len(ep.Links) > 0 {
		p.Links = make([]link, len(ep.Links))
		for i, l := range ep.Links {
			p.Links[i] = link{URL: l.URL, Text: l.Text, Nav: l.Nav}
		}
	}
	p.Rows = rowsOf(ep.Rows)
	return p
}

func rowsOf(rs []extract.Row) []row {
	if len(rs) == 0 {
		return nil
	}
	out := make([]row, len(rs))
	for i, r := range rs {
		out[i] = row{Title: r.Title, URL: r.URL, Date: r.Date, DateSource: r.DateSource, Script: r.Script}
	}
	return out
}

// attachmentExt is the lower-case extension of an attachment URL, or "".
func attachmentExt(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(pu.Path)), ".")
	switch ext {
	case "pdf", "doc", "docx", "xls", "xlsx", "zip", "wps", "rar", "ofd", "et", "csv", "txt", "ppt", "pptx":
		return ext
	}
	return ""
}

// parseFeed reads a JSON list endpoint (see extract.ParseFeed).
func parseFeed(body []byte, base *url.URL) ([]row, bool) {
	rs, ok := extract.ParseFeed(body, base, resolve)
	return rowsOf(rs), ok
}

// strCache shares the strings of one site's pages and remembers how its
// links resolve (the navigation every page repeats, the lists' items
// seen again from their neighbours). Used by one goroutine at a time.
type strCache struct {
	strs map[string]string
	// resolved holds, under a prefix naming what the resolution depends
	// on besides the href (resolvePrefix), href → URL; "" when not HTTP.
	// Two levels, so that a lookup builds no key.
	resolved  map[string]map[string]string
	nResolved int
	// The prefixes of the page last asked about: its links come together.
	base      *url.URL
	root, dir string
}

// Bounds of a site's strCache: past them a page of 100,000 distinct links
// would only grow the maps with strings no other page repeats.
const (
	maxInterned = 50_000
	maxResolved = 20_000
)

// resolvePrefix names everything resolve(base, href) depends on but the
// href, for the hrefs whose resolution a site's pages share: a path from
// the root (/xxgk/) depends on the scheme and host, an http(s) URL on
// nothing else, a relative path (./t2026_1.html, ../zcjd/) on the base's
// directory too. A query or fragment alone, a protocol-relative or
// scheme-named href, or a base with user info is not cached (ok false).
func (c *strCache) resolvePrefix(base *url.URL, href string) (prefix string, ok bool) {
	t := strings.TrimSpace(href)
	if t == "" || base.User != nil || base.Opaque != "" {
		return "", false
	}
	if base != c.base {
		c.base = base
		c.root = "R" + base.Scheme + "://" + base.Host
		p := base.EscapedPath()
		c.dir = "D" + base.Scheme + "://" + base.Host + p[:strings.LastIndexByte(p, '/')+1]
	}
	switch {
	case strings.HasPrefix(t, "//"):
		return "", false
	case t[0] == '/':
		return c.root, true
	case hasPrefixFold(t, "http://") || hasPrefixFold(t, "https://"):
		return "A", true
	case t[0] == '?' || t[0] == '#':
		return "", false
	}
	if i := strings.IndexAny(t, ":/?#"); i >= 0 && t[i] == ':' {
		return "", false // a scheme (javascript:, mailto:) or a colon url.Parse refuses
	}
	return c.dir, true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func (c *strCache) intern(s string) string {
	if v, ok := c.strs[s]; ok {
		return v
	}
	if c.strs == nil {
		c.strs = map[string]string{}
	}
	if len(c.strs) >= maxInterned {
		return s
	}
	c.strs[s] = s
	return s
}

func (c *strCache) resolve(base *url.URL, href string) (string, bool) {
	prefix, ok := c.resolvePrefix(base, href)
	if !ok {
		return resolve(base, href)
	}
	m := c.resolved[prefix]
	if u, ok := m[href]; ok {
		return u, u != ""
	}
	u, ok := resolve(base, href)
	if c.nResolved >= maxResolved {
		return u, ok
	}
	if m == nil {
		if c.resolved == nil {
			c.resolved = map[string]map[string]string{}
		}
		m = map[string]string{}
		c.resolved[prefix] = m
	}
	m[href] = c.intern(u)
	c.nResolved++
	return u, ok
}

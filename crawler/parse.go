package crawler

import (
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"zwgk"
	"zwgk/crawler/dates"
)

// link is an anchor of a page.
type link struct {
	URL  string
	Text string
	Nav  bool // in navigation, header or footer
}

// row is a list line: one <li> or table row with a link.
type row struct {
	Title string
	URL   string
	Date  zwgk.Date
	box   *html.Node // the list container, to keep rows of real lists only
}

// parsed is what one HTML page offers the crawl.
type parsed struct {
	Title string
	Meta  map[string]string // lower-case name → content
	Text  string            // visible text, a line per block
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
	Date         zwgk.Date // meta PubDate, else the labelled publication date
	charset      string
	dates        []dates.Match // every date of Text
	// tooDeep is set when the markup nests past the parser's limit and
	// the page could not be read (zwgk.CauseTooDeep).
	tooDeep bool
	// Read off item pages before the text is dropped.
	terms              []string
	submitted, replied zwgk.Date
}

var (
	reCreatePage = regexp.MustCompile(`createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]`)
	reFeed       = regexp.MustCompile(`(?:fetch|getJSON|\.get|\.ajax|open)\s*\(\s*(?:['"]GET['"]\s*,\s*)?['"]([^'"\s]+)['"]|url\s*:\s*['"]([^'"\s]+)['"]|['"]([^'"\s]+\.json(?:\?[^'"\s]*)?)['"]`)
	reListHint   = regexp.MustCompile(`(?i)list|news|article|item|con|xxgk|zwgk|docs?|info`)
)

// parseHTML reads a decoded page; base is its final URL. intern (may be
// nil) shares equal strings between the pages of a site: every page
// repeats the site's navigation, and a site's pages stay parsed until its
// crawl ends.
func parseHTML(text string, base *url.URL, sc *strCache) *parsed {
	if sc == nil {
		sc = &strCache{}
	}
	intern := sc.intern
	doc, err := html.Parse(strings.NewReader(text))
	p := &parsed{Meta: map[string]string{}}
	if err != nil {
		// The only error html.Parse returns from a string is its refusal
		// of markup nested past 512 open elements: nothing was read.
		p.tooDeep = true
		return p
	}
	var sb strings.Builder
	seenRow := map[*html.Node]bool{}
	emptyHinted, scriptSrc := false, false
	// walk reports whether the subtree has a link and visible text, so
	// that empty list boxes are found in one pass.
	var walk func(n *html.Node, nav bool) (hasLink, hasText bool)
	walk = func(n *html.Node, nav bool) (hasLink, hasText bool) {
		if n.Type == html.ElementNode {
			cls, id := attr(n, "class"), attr(n, "id")
			if n.DataAtom == atom.Nav || n.DataAtom == atom.Header || n.DataAtom == atom.Footer || (cls+id != "" && navHint(cls+" "+id)) {
				nav = true
			}
			switch n.DataAtom {
			case atom.Title:
				if p.Title == "" {
					p.Title = strings.TrimSpace(textOf(n))
				}
				return false, false
			case atom.Meta:
				if name := strings.ToLower(attr(n, "name")); name != "" {
					p.Meta[name] = strings.TrimSpace(attr(n, "content"))
				}
			case atom.Script:
				if src := attr(n, "src"); src != "" {
					scriptSrc = true
					if u, ok := resolve(base, src); ok && strings.Contains(strings.ToLower(src), ".json") {
						p.Feeds = append(p.Feeds, u)
					}
				}
				p.Scripts = append(p.Scripts, textOf(n))
				return false, false
			case atom.Style, atom.Noscript:
				return false, false
			case atom.A:
				hasLink = true
				if u, ok := sc.resolve(base, attr(n, "href")); ok {
					t := strings.TrimSpace(collapse(textOf(n)))
					if t == "" {
						t = strings.TrimSpace(attr(n, "title"))
					}
					p.Links = append(p.Links, link{URL: intern(u), Text: intern(t), Nav: nav})
				}
			case atom.Li, atom.Tr, atom.Dd, atom.Dt:
				hasLink = true // a line counts as content, even without a link
				if !nav && !seenRow[n] {
					if r, ok := readRow(n, base); ok {
						r.URL, r.Title = intern(r.URL), intern(r.Title)
						p.Rows = append(p.Rows, r)
					}
					seenRow[n] = true
				}
			}
			for _, a := range []string{"data-url", "data-src", "data-api", "data-feed"} {
				if v := attr(n, a); v != "" {
					if u, ok := resolve(base, v); ok {
						p.Feeds = append(p.Feeds, u)
					}
				}
			}
			if isBlock(n.DataAtom) {
				sb.WriteByte('\n')
			}
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			hasText = strings.TrimSpace(n.Data) != ""
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			l, t := walk(ch, nav)
			hasLink, hasText = hasLink || l, hasText || t
		}
		if n.Type == html.ElementNode && isBlock(n.DataAtom) {
			sb.WriteByte('\n')
		}
		if n.Type == html.ElementNode && !nav && !hasLink && !hasText {
			switch n.DataAtom {
			case atom.Ul, atom.Ol:
				// A list with no lines at all: empty, or filled by script.
				p.EmptyList = true
			case atom.Tbody, atom.Table, atom.Div:
				if reListHint.MatchString(attr(n, "class") + " " + attr(n, "id")) {
					p.EmptyList, emptyHinted = true, true
				}
			}
		}
		return hasLink, hasText
	}
	walk(doc, false)
	p.Text = sb.String()
	p.Rows = keepLists(p.Rows)
	for i := range p.Rows {
		p.Rows[i].box = nil // would keep the page's whole tree alive
	}
	noData := false
	for _, m := range []string{"暂无信息", "暂无数据", "暂无内容", "暂无记录", "没有相关信息", "暫無信息", "暫無數據"} {
		if strings.Contains(p.Text, m) {
			p.EmptyList, noData = true, true
		}
	}
	// An empty list box named as a list, beside a script file, and no
	// "nothing here" notice: the list comes from the script.
	p.ScriptFilled = emptyHinted && scriptSrc && !noData
	for _, sc := range p.Scripts {
		for _, m := range []string{"innerHTML", "fetch(", "ajax", "getJSON", "XMLHttpRequest", ".append(", ".html("} {
			if strings.Contains(sc, m) {
				p.ScriptFilled = true
			}
		}
	}
	for _, s := range p.Scripts {
		if m := reCreatePage.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			cur, _ := strconv.Atoi(m[2])
			n = min(n, 1000)
			for i := cur + 1; i < n; i++ {
				if u, ok := resolve(base, m[3]+"_"+strconv.Itoa(i)+"."+m[4]); ok {
					p.Pages = append(p.Pages, u)
				}
			}
			p.PagesKnown = true
		}
		for _, m := range reFeed.FindAllStringSubmatch(s, -1) {
			for _, g := range m[1:] {
				if g != "" && !strings.HasSuffix(strings.ToLower(g), ".js") {
					if u, ok := resolve(base, g); ok {
						p.Feeds = append(p.Feeds, u)
					}
					break
				}
			}
		}
	}
	if len(p.Pages) == 0 {
		for _, l := range p.Links {
			if t := l.Text; t == "下一页" || t == "下页" || t == "下一頁" || strings.EqualFold(t, "next") || t == ">" || t == "»" {
				p.Pages = append(p.Pages, l.URL)
				break
			}
		}
	}
	if v, ok := p.Meta["pubdate"]; ok {
		p.Date, _ = dates.Parse(v)
	}
	p.Meta = nil // read; not kept
	p.dates = dates.All(p.Text)
	if p.Date.IsZero() {
		p.Date = dates.PublicationIn(p.dates)
	}
	return p
}

// keepLists drops rows from containers with no dated row when some
// container has dated rows: sidebars of column links sit beside the real
// list. Rows of a page with no dated row at all are all kept.
func keepLists(rows []row) []row {
	dated := map[*html.Node]bool{}
	any := false
	for _, r := range rows {
		if !r.Date.IsZero() {
			dated[r.box] = true
			any = true
		}
	}
	if !any {
		return rows
	}
	out := rows[:0]
	for _, r := range rows {
		if dated[r.box] {
			out = append(out, r)
		}
	}
	return out
}

// readRow reads one list line: the first link with text is the item, the
// date is read from the line outside the title (a title may itself name a
// date, e.g. a meeting's).
func readRow(n *html.Node, base *url.URL) (row, bool) {
	var a *html.Node
	var find func(*html.Node)
	find = func(c *html.Node) {
		if a != nil {
			return
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.A && attr(c, "href") != "" {
			if strings.TrimSpace(textOf(c)) != "" || attr(c, "title") != "" {
				a = c
				return
			}
		}
		// Nested lists belong to their own rows.
		if c != n && c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Table) {
			return
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			find(ch)
		}
	}
	find(n)
	if a == nil {
		return row{}, false
	}
	u, ok := resolve(base, attr(a, "href"))
	if !ok {
		return row{}, false
	}
	title := strings.TrimSpace(attr(a, "title"))
	if title == "" {
		title = strings.TrimSpace(collapse(textOf(a)))
	}
	var sb strings.Builder
	var outside func(*html.Node)
	outside = func(c *html.Node) {
		if c == a {
			sb.WriteByte(' ')
			return
		}
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			outside(ch)
		}
		if c.Type == html.ElementNode {
			sb.WriteByte(' ')
		}
	}
	outside(n)
	box := n.Parent
	if box != nil && box.DataAtom == atom.Tbody && box.Parent != nil {
		box = box.Parent
	}
	return row{Title: title, URL: u, Date: dates.Line(sb.String(), u), box: box}, true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var sb strings.Builder
	var f func(*html.Node)
	f = func(c *html.Node) {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			f(ch)
		}
	}
	f(n)
	return sb.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Tr, atom.Td, atom.Th, atom.Br, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Table, atom.Dd, atom.Dt, atom.Dl, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Span, atom.Title:
		return true
	}
	return false
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

// parseFeed reads a JSON list endpoint: the first array of objects with a
// title-like and a URL-like field, anywhere in the document.
func parseFeed(body []byte, base *url.URL) ([]row, bool) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, false
	}
	var found []row
	ok := false
	var walk func(any, int)
	walk = func(v any, depth int) {
		if ok || depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			var rows []row
			for _, e := range x {
				obj, isObj := e.(map[string]any)
				if !isObj {
					break
				}
				title := pick(obj, "title", "name", "bt", "doctitle", "subject")
				href := pick(obj, "url", "link", "href", "docpuburl", "path")
				if title == "" || href == "" {
					continue
				}
				u, good := resolve(base, href)
				if !good {
					continue
				}
				d, _ := dates.Parse(pick(obj, "date", "pubdate", "pub_date", "publishtime", "publish_time", "time", "fbrq", "docreltime", "created"))
				rows = append(rows, row{Title: title, URL: u, Date: d})
			}
			if len(rows) > 0 || (len(x) == 0 && depth > 0) {
				found, ok = rows, true
				return
			}
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			keys := sortedKeys(x)
			for _, k := range keys {
				walk(x[k], depth+1)
			}
		}
	}
	walk(v, 0)
	return found, ok
}

func pick(obj map[string]any, keys ...string) string {
	for _, k := range keys {
		for ok, v := range obj {
			if strings.EqualFold(ok, k) {
				if s, isStr := v.(string); isStr {
					return strings.TrimSpace(s)
				}
			}
		}
	}
	return ""
}

// strCache shares the strings of one site's pages and remembers how its
// root-relative links (/ywdt/, the navigation every page repeats)
// resolve. Used by one goroutine at a time.
type strCache struct {
	strs     map[string]string
	resolved map[string]string // scheme://host + href → URL; "" when not HTTP
}

func (c *strCache) intern(s string) string {
	if v, ok := c.strs[s]; ok {
		return v
	}
	if c.strs == nil {
		c.strs = map[string]string{}
	}
	c.strs[s] = s
	return s
}

func (c *strCache) resolve(base *url.URL, href string) (string, bool) {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
		return resolve(base, href)
	}
	key := base.Scheme + "://" + base.Host + href
	if u, ok := c.resolved[key]; ok {
		return u, u != ""
	}
	u, ok := resolve(base, href)
	if c.resolved == nil {
		c.resolved = map[string]string{}
	}
	c.resolved[key] = c.intern(u)
	return u, ok
}

// navHint reports a class or id naming navigation, header, footer,
// breadcrumbs, pagers, tabs, banners or link boxes (a regular expression
// per element cost more than the rest of the walk).
func navHint(classID string) bool {
	l := strings.ToLower(classID)
	for _, m := range []string{"nav", "menu", "header", "footer", "crumb", "bread", "pagination", "pager", "pagebar", "page-bar", "banner", "toolbar", "friend"} {
		if strings.Contains(l, m) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return !('a' <= r && r <= 'z') }) {
		switch w {
		case "tab", "tabs", "link", "links":
			return true
		}
	}
	return false
}

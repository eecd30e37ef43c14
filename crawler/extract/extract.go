// Package extract reads a Chinese government web page as a careful person
// would: the dated lists on it wherever they sit (tab panes, sliders,
// tables, definition lists, title/date blocks), the records a CMS embeds in
// the page for a script to show (Hanweb JCMS datastores, JSON data), the
// further list pages its pager names, and an article's publication date
// with where it was shown.
//
// Navigation is recognised by what it is — links with no dates beside
// dated lists, semantic nav/header/footer — and class names are at most a
// tie-breaker. Every rule was taught by a real page; the table test names
// the corpus page (crawler/testdata/realsites) behind each.
//
// It is pure: HTML text in, a Page out. No I/O, no clock, one HTML parse
// per page (plus the small fragments a datastore holds), no regular
// expression per element.
package extract

import (
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"zwgk"
	"zwgk/crawler/dates"
)

// ErrTooDeep is returned for markup nested past the HTML parser's stack
// of open elements (512): the page cannot be read, which is not the same
// as a page with nothing on it.
var ErrTooDeep = errors.New("markup nested too deep to parse")

// Link is an anchor of a page.
type Link struct {
	URL  string
	Text string
	Nav  bool // in navigation, header or footer
}

// Row is a list line: the link a reader follows and the date shown with it.
type Row struct {
	Title string
	URL   string
	Date  zwgk.Date
	// DateSource is DateList for a full date on the line, DateContext for
	// a month-day whose year the item's URL gives; unknown when undated.
	DateSource zwgk.DateSource
	// Script is true for a record the page holds for a script to show
	// (a datastore record, JSON data) rather than markup.
	Script bool
	box    *html.Node
	nav    bool       // in semantic navigation
	hint   *html.Node // the box, if any, whose class or id names navigation
}

// Page is what one HTML page offers.
type Page struct {
	Title string
	Text  string // visible text, a line per block
	Links []Link
	Rows  []Row
	// Pages are further list pages the pager names, in order; PagesKnown
	// is true when they are all named (script pagination), false for a
	// next-page link.
	Pages      []string
	PagesKnown bool
	Scripts    []string // inline script bodies
	Feeds      []string // JSON endpoints a script or data attribute names
	// EmptyList is true when the page has a list container with no rows;
	// ScriptFilled when a script on the page writes a list.
	EmptyList    bool
	ScriptFilled bool
	// Date is the publication date a reader is shown (beside a label, in
	// a disclosure table, in the info line under the title), else the
	// PubDate meta; DateSource says which. MetaDate keeps the meta when
	// it disagrees with the date shown.
	Date       zwgk.Date
	DateSource zwgk.DateSource
	MetaDate   zwgk.Date
	Dates      []dates.Match // every date of Text
}

// Options share work between the pages of a site; all may be zero.
type Options struct {
	// Resolve makes href absolute against base; ok is false for links
	// that are not HTTP. Default: url.ResolveReference, http(s) only.
	Resolve func(base *url.URL, href string) (string, bool)
	// Intern shares equal strings between pages (navigation repeats).
	Intern func(string) string
}

// Parse reads a decoded page; base is its final URL.
func Parse(text string, base *url.URL, o Options) (*Page, error) {
	if o.Resolve == nil {
		o.Resolve = resolve
	}
	if o.Intern == nil {
		o.Intern = func(s string) string { return s }
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		if strings.Contains(err.Error(), "exceeds 512") {
			return nil, ErrTooDeep
		}
		return nil, err
	}
	w := &walker{p: &Page{}, base: base, o: o}
	// The visible text is about a third to a half of a page's markup.
	w.sb.Grow(len(text) / 3)
	w.walk(doc, false, nil)
	p := w.p
	p.Text = w.sb.String()
	w.scriptRows(text)
	p.Rows = keepLists(p.Rows)
	for i := range p.Rows {
		p.Rows[i].box, p.Rows[i].hint = nil, nil // would keep the page's whole tree alive
	}
	w.emptiness()
	w.pagination()
	w.publication()
	return p, nil
}

// walker is one pass over the tree.
type walker struct {
	p    *Page
	base *url.URL
	o    Options
	sb   strings.Builder
	// pubDate is the content of the last <meta name="pubdate">.
	pubDate    string
	hasPubDate bool
	// inLine counts the open list lines and links around the node being
	// walked (li, tr, dd, dt, a): a block inside one is not a line itself.
	inLine int

	emptyHinted, scriptSrc bool
	siblings               map[*html.Node]map[string]int // parent → tag/class → children
	datastore              bool                          // a datastore's records were read
}

// walk reports whether the subtree has a link and visible text, so that
// empty list boxes are found in the same pass. nav is true inside
// navigation by what it is (nav, header, footer); hint inside a box whose
// class or id names navigation, which only links and empty boxes heed.
func (w *walker) walk(n *html.Node, nav bool, hint *html.Node) (hasLink, hasText bool) {
	p := w.p
	if n.Type == html.ElementNode {
		if semanticNav(n) {
			nav = true
		}
		if hint == nil && classNav(n) {
			hint = n
		}
		switch n.DataAtom {
		case atom.Title:
			if p.Title == "" {
				p.Title = strings.TrimSpace(textOf(n))
			}
			return false, false
		case atom.Meta:
			if name := strings.ToLower(attr(n, "name")); name != "" {
				if name == "pubdate" { // the last one wins, as when every meta was kept in a map
					w.pubDate, w.hasPubDate = strings.TrimSpace(attr(n, "content")), true
				}
			}
		case atom.Script:
			typ := strings.ToLower(attr(n, "type"))
			if src := attr(n, "src"); src != "" {
				w.scriptSrc = true
				if u, ok := w.o.Resolve(w.base, src); ok && strings.Contains(strings.ToLower(src), ".json") {
					p.Feeds = append(p.Feeds, u)
				}
			}
			if typ == "" || strings.Contains(typ, "javascript") || strings.Contains(typ, "xml") || strings.Contains(typ, "template") {
				p.Scripts = append(p.Scripts, textOf(n))
			}
			return false, false
		case atom.Style, atom.Noscript, atom.Template:
			return false, false
		case atom.A:
			hasLink = true
			if u, ok := w.o.Resolve(w.base, attr(n, "href")); ok {
				t := strings.TrimSpace(collapse(textOf(n)))
				if t == "" {
					t = strings.TrimSpace(attr(n, "title"))
				}
				p.Links = append(p.Links, Link{URL: w.o.Intern(u), Text: w.o.Intern(t), Nav: nav || hint != nil})
			}
		case atom.Li, atom.Tr, atom.Dd, atom.Dt:
			hasLink = true // a line counts as content, even without a link
			if r, ok := readRow(n, w.base, w.o.Resolve); ok {
				r.URL, r.Title = w.o.Intern(r.URL), w.o.Intern(r.Title)
				r.nav, r.hint = nav, hint
				p.Rows = append(p.Rows, r)
			}
		case atom.Div, atom.P:
			// Title/date block pairs: <div><a>title</a></div><div>date</div>
			// repeated as siblings, with no list element around them.
			if blockRow(n, w.inLine > 0, w.like) {
				if r, ok := readRow(n, w.base, w.o.Resolve); ok && !r.Date.IsZero() {
					r.URL, r.Title = w.o.Intern(r.URL), w.o.Intern(r.Title)
					r.nav, r.hint = nav, hint
					p.Rows = append(p.Rows, r)
				}
			}
		}
		if hasDataAttr(n) {
			for _, a := range []string{"data-url", "data-src", "data-api", "data-feed"} {
				if v := attr(n, a); v != "" {
					if u, ok := w.o.Resolve(w.base, v); ok {
						p.Feeds = append(p.Feeds, u)
					}
				}
			}
		}
		if isBlock(n.DataAtom) {
			w.sb.WriteByte('\n')
		}
	}
	if n.Type == html.TextNode {
		w.sb.WriteString(n.Data)
		hasText = strings.TrimSpace(n.Data) != ""
	}
	line := n.Type == html.ElementNode && lineOrLink(n.DataAtom)
	if line {
		w.inLine++
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		l, t := w.walk(ch, nav, hint)
		hasLink, hasText = hasLink || l, hasText || t
	}
	if line {
		w.inLine--
	}
	if n.Type == html.ElementNode && isBlock(n.DataAtom) {
		w.sb.WriteByte('\n')
	}
	if n.Type == html.ElementNode && !nav && hint == nil && !hasLink && !hasText {
		switch n.DataAtom {
		case atom.Ul, atom.Ol:
			// A list with no lines at all: empty, or filled by script.
			p.EmptyList = true
		case atom.Tbody, atom.Table, atom.Div:
			if listHint(attr(n, "class")) || listHint(attr(n, "id")) {
				p.EmptyList, w.emptyHinted = true, true
			}
		}
	}
	return hasLink, hasText
}

// keepLists drops rows from containers with no dated row when some
// container has dated rows: sidebars of column links and navigation sit
// beside the real lists, wherever those sit (a tab pane, a slider, a
// box named "nav"). Rows of a page with no dated row at all are kept but
// for navigation's: semantic navigation, and links to the site's sections
// or menu-length labels in a box whose class names navigation (a tab
// widget's undated articles are kept, its tab labels are not).
func keepLists(rows []Row) []Row {
	dated := map[*html.Node]bool{}
	any := false
	for _, r := range rows {
		if !r.Date.IsZero() {
			dated[r.box] = true
			any = true
		}
	}
	// On an undated page, a box whose class names navigation and whose
	// lines are mostly labels (menu entries, section links) is a menu.
	menu := map[*html.Node]bool{}
	if !any {
		n, labels := map[*html.Node]int{}, map[*html.Node]int{}
		for _, r := range rows {
			if r.hint != nil {
				n[r.hint]++
				if label(r) {
					labels[r.hint]++
				}
			}
		}
		for b, k := range n {
			menu[b] = 2*labels[b] > k
		}
	}
	out := rows[:0]
	for _, r := range rows {
		if (any && dated[r.box]) || (!any && !r.nav && !(r.hint != nil && (menu[r.hint] || sectionLink(r.URL)))) {
			out = append(out, r)
		}
	}
	return out
}

// emptiness decides whether an empty list box is filled by script.
func (w *walker) emptiness() {
	p := w.p
	noData := false
	// Each notice starts with one of three words: one search of the
	// page's text for each, the notices only after a hit.
	if strings.Contains(p.Text, "暂无") || strings.Contains(p.Text, "没有相关信息") || strings.Contains(p.Text, "暫無") {
		for _, m := range []string{"暂无信息", "暂无数据", "暂无内容", "暂无记录", "没有相关信息", "暫無信息", "暫無數據"} {
			if strings.Contains(p.Text, m) {
				p.EmptyList, noData = true, true
			}
		}
	}
	// An empty list box named as a list, beside a script file, and no
	// "nothing here" notice: the list comes from the script.
	p.ScriptFilled = w.emptyHinted && w.scriptSrc && !noData
	for _, sc := range p.Scripts {
		for _, m := range []string{"innerHTML", "fetch(", "ajax", "getJSON", "XMLHttpRequest", ".append(", ".html(", "document.write"} {
			if strings.Contains(sc, m) {
				p.ScriptFilled = true
			}
		}
	}
}

// publication finds the date a reader is shown as the page's publication
// date, and where. The shown date beats the PubDate meta (often a
// migration or regeneration time); both are kept when they disagree.
func (w *walker) publication() {
	p := w.p
	text, ms := dates.AllNormalised(p.Text)
	p.Dates = ms
	var meta zwgk.Date
	if w.hasPubDate {
		meta, _ = dates.Parse(w.pubDate)
	}
	shown, src := shownDate(text, p.Dates)
	switch {
	case !shown.IsZero():
		p.Date, p.DateSource = shown, src
		if !meta.IsZero() && meta != shown {
			p.MetaDate = meta
		}
	case !meta.IsZero():
		p.Date, p.DateSource = meta, zwgk.DateMeta
	}
}

// shownDate is the publication date on the page: one beside a publication
// label (in a disclosure table with 索引号: DateTable), else an unlabelled
// date in the info line beside 来源/作者/浏览次数 (DateText). The text is
// normalised as dates.All normalises it, so the matches' offsets hold.
func shownDate(text string, ms []dates.Match) (zwgk.Date, zwgk.DateSource) {
	var generic dates.Match
	for _, m := range ms {
		if m.Footer {
			continue
		}
		switch m.Label {
		case "发布时间":
			return m.Date, labelSource(text, m)
		case "时间":
			if generic.Date.IsZero() {
				generic = m
			}
		}
	}
	if !generic.Date.IsZero() {
		return generic.Date, labelSource(text, generic)
	}
	for _, m := range ms {
		if m.Footer || m.Label != "" {
			continue
		}
		if infoLine(text, m) {
			return m.Date, zwgk.DateText
		}
	}
	return zwgk.Date{}, zwgk.DateUnknown
}

// labelSource tells a disclosure table's 发布日期 (the table names the
// 索引号 shortly before) from a label in the text.
func labelSource(text string, m dates.Match) zwgk.DateSource {
	from := max(0, m.Start-600)
	for _, k := range []string{"索引号", "索 引 号", "索  引  号", "索\u3000引\u3000号"} {
		if strings.Contains(text[from:m.Start], k) {
			return zwgk.DateTable
		}
	}
	return zwgk.DateLabel
}

// infoMarkers sit in the info line under an article's title.
var infoMarkers = []string{"来源", "來源", "作者", "浏览", "瀏覽", "点击", "點擊", "阅读", "閱讀", "字号", "字體", "编辑", "責任編輯", "访问量", "次数"}

// infoLine reports a date within a short stretch of an info-line marker.
func infoLine(text string, m dates.Match) bool {
	from, to := max(0, m.Start-48), min(len(text), m.End+48)
	window := text[from:to]
	for _, k := range infoMarkers {
		if strings.Contains(window, k) {
			return true
		}
	}
	return false
}

// resolve is the default resolver: http(s) links only, no fragment.
func resolve(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return "", false
	}
	r, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	abs := base.ResolveReference(r)
	if abs.Scheme != "http" && abs.Scheme != "https" {
		return "", false
	}
	abs.Fragment = ""
	return abs.String(), true
}

// label reports a row that names a place rather than a document: a link
// to a section, or a title as short as a menu entry.
func label(r Row) bool {
	return sectionLink(r.URL) || utf8.RuneCountInString(r.Title) <= 8
}

// sectionLink reports a link to a section of the site rather than a
// document: a directory (/tzgg/) or its index page, with no query.
func sectionLink(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery != "" {
		return false
	}
	p := strings.ToLower(u.Path)
	if p == "" || strings.HasSuffix(p, "/") {
		return true
	}
	base := p[strings.LastIndexByte(p, '/')+1:]
	return strings.HasPrefix(base, "index.") || strings.HasPrefix(base, "default.")
}

// like counts n's element siblings of its tag and class, each parent's
// children counted once (a page of many sibling blocks stays linear).
func (w *walker) like(n *html.Node) int {
	if n.Parent == nil {
		return 0
	}
	if w.siblings == nil {
		w.siblings = map[*html.Node]map[string]int{}
	}
	m, ok := w.siblings[n.Parent]
	if !ok {
		m = map[string]int{}
		for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				m[c.Data+"."+attr(c, "class")]++
			}
		}
		w.siblings[n.Parent] = m
	}
	return m[n.Data+"."+attr(n, "class")] - 1
}

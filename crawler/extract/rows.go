package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"zwgk"
	"zwgk/crawler/dates"
)

// readRow reads one list line (an <li>, a table row, a definition-list
// term, a title/date block): the first link with text is the item; the
// date is read from the line outside the title (a title may itself name a
// date, e.g. a meeting's), else from a date element inside the link
// (<a>（2016）粤13执587号<span class="date">2016-07-28</span></a>), else
// from the definition that pairs with the term (<dt>title</dt><dd>date</dd>).
func readRow(n *html.Node, base *url.URL, resolve func(*url.URL, string) (string, bool)) (Row, bool) {
	a := firstLink(n)
	if a == nil {
		return Row{}, false
	}
	u, ok := resolve(base, attr(a, "href"))
	if !ok {
		return Row{}, false
	}
	title := strings.TrimSpace(attr(a, "title"))
	var sb strings.Builder
	outsideText(n, a, &sb)
	d, ctx := dates.LineContext(sb.String(), u)
	var inLink *html.Node
	if d.IsZero() {
		// A date element inside the link: the title is the link's other text.
		if inLink = dateChild(a); inLink != nil {
			d, ctx = dates.LineContext(textOf(inLink), u)
		}
	}
	if d.IsZero() && (n.DataAtom == atom.Dt || n.DataAtom == atom.Dd) {
		if pair := pairedDef(n); pair != nil {
			d, ctx = dates.LineContext(textOf(pair), u)
		}
	}
	if title == "" {
		title = strings.TrimSpace(collapse(textExcept(a, inLink)))
	}
	r := Row{Title: title, URL: u, Date: d, box: rowBox(n)}
	switch {
	case d.IsZero():
	case ctx:
		r.DateSource = zwgk.DateContext
	default:
		r.DateSource = zwgk.DateList
	}
	return r, true
}

// firstLink is the line's first link with text or a title; links of a
// nested list belong to that list's own lines.
func firstLink(n *html.Node) *html.Node {
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
		if c != n && c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Table) {
			return
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			find(ch)
		}
	}
	find(n)
	return a
}

// outsideText writes the line's text outside the link a.
func outsideText(c, a *html.Node, sb *strings.Builder) {
	if c == a {
		sb.WriteByte(' ')
		return
	}
	if c.Type == html.TextNode {
		sb.WriteString(c.Data)
	}
	if c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style) {
		return
	}
	for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
		outsideText(ch, a, sb)
	}
	if c.Type == html.ElementNode {
		sb.WriteByte(' ')
	}
}

// dateChild is an inline element inside the link that holds a date and
// nothing else: a date shown inside the link, not part of the title.
func dateChild(a *html.Node) *html.Node {
	var found *html.Node
	var f func(*html.Node)
	f = func(c *html.Node) {
		if found != nil {
			return
		}
		if c != a && c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Span, atom.Em, atom.I, atom.Font, atom.B, atom.Small, atom.Time, atom.Strong:
				if t := strings.TrimSpace(textOf(c)); t != "" && utf8.RuneCountInString(t) <= 24 {
					if d, _ := dates.LineContext(t, ""); !d.IsZero() {
						found = c
						return
					}
				}
			}
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			f(ch)
		}
	}
	f(a)
	return found
}

// pairedDef is the definition beside a term (or the term beside a
// definition) that has no link of its own: where a definition list
// shows the date apart from the title.
func pairedDef(n *html.Node) *html.Node {
	next := func(c *html.Node) *html.Node {
		for c = c.NextSibling; c != nil && c.Type != html.ElementNode; c = c.NextSibling {
		}
		return c
	}
	prev := func(c *html.Node) *html.Node {
		for c = c.PrevSibling; c != nil && c.Type != html.ElementNode; c = c.PrevSibling {
		}
		return c
	}
	for _, c := range []*html.Node{next(n), prev(n)} {
		if c != nil && (c.DataAtom == atom.Dd || c.DataAtom == atom.Dt) && firstLink(c) == nil {
			return c
		}
	}
	return nil
}

// rowBox is the list a line belongs to: a table for its rows, the
// container of a run of one-item definition lists or blocks.
func rowBox(n *html.Node) *html.Node {
	box := n.Parent
	if box == nil {
		return nil
	}
	switch {
	case box.DataAtom == atom.Tbody && box.Parent != nil:
		box = box.Parent
	case box.DataAtom == atom.Dl && box.Parent != nil && besideDL(box):
		box = box.Parent
	}
	return box
}

// besideDL reports a definition list with another next to it: one of a
// run of one-item lists.
func besideDL(dl *html.Node) bool {
	for _, step := range []func(*html.Node) *html.Node{func(n *html.Node) *html.Node { return n.NextSibling }, func(n *html.Node) *html.Node { return n.PrevSibling }} {
		c := step(dl)
		for c != nil && c.Type != html.ElementNode {
			c = step(c)
		}
		if c != nil && c.DataAtom == atom.Dl {
			return true
		}
	}
	return false
}

// blockRow reports a div or p that is one line of a list of blocks: one
// link, short text, not inside a list line, and siblings of its own tag
// and class that carry links too.
// inLine is true inside a list line or a link (lineOrLink).
func blockRow(n *html.Node, inLine bool, like func(*html.Node) int) bool {
	if inLine {
		return false
	}
	links, runes := 0, 0
	var f func(*html.Node) bool
	f = func(c *html.Node) bool {
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.A:
				links++
			case atom.Ul, atom.Ol, atom.Table, atom.Li, atom.Dl, atom.Script, atom.Style:
				return false
			}
		}
		if c.Type == html.TextNode {
			runes += utf8.RuneCountInString(strings.TrimSpace(c.Data))
		}
		// Past a second link or the text of a line the block is not one:
		// stop, rather than read a page-wide wrapper to its end (and each
		// wrapper inside it again).
		if links > 1 || runes > 160 {
			return false
		}
		for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
			if !f(ch) {
				return false
			}
		}
		return true
	}
	if !f(n) || links != 1 || runes > 160 {
		return false
	}
	// A run of like blocks, or the one block of a list that holds one.
	return like(n) > 0 || onlyChild(n)
}

// lineOrLink reports the elements a title/date block cannot sit in.
func lineOrLink(a atom.Atom) bool {
	switch a {
	case atom.Li, atom.Tr, atom.Dd, atom.Dt, atom.A:
		return true
	}
	return false
}

// hasDataAttr reports an element with any data- attribute (few have).
func hasDataAttr(n *html.Node) bool {
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-") {
			return true
		}
	}
	return false
}

// onlyChild reports an element that is its parent's one element child.
func onlyChild(n *html.Node) bool {
	if n.Parent == nil {
		return false
	}
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && c.Type == html.ElementNode {
			return false
		}
	}
	return true
}

// semanticNav reports an element that is navigation by what it is.
func semanticNav(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Header, atom.Footer:
		return true
	}
	return strings.EqualFold(attr(n, "role"), "navigation")
}

// classNav reports a class or id naming navigation: a tie-breaker, never
// a reason to drop a dated list.
func classNav(n *html.Node) bool {
	// Each apart: no pattern holds a space, so none can span the two.
	return navHint(attr(n, "class")) || navHint(attr(n, "id"))
}

// navHint reports a class or id naming navigation, header, footer,
// breadcrumbs, pagers, tabs, banners or link boxes (a regular expression
// per element costs more than the rest of the walk).
func navHint(classID string) bool {
	l := strings.ToLower(classID)
	if navParts.in(l) {
		return true
	}
	// Whole words of letters (the runs between anything else), without
	// allocating them: this runs for every element with a class or id.
	for i := 0; i < len(l); {
		if l[i] < 'a' || l[i] > 'z' {
			i++
			continue
		}
		j := i
		for j < len(l) && 'a' <= l[j] && l[j] <= 'z' {
			j++
		}
		switch l[i:j] {
		case "tab", "tabs", "link", "links":
			return true
		}
		i = j
	}
	return false
}

// listHint reports a class or id naming a list box.
func listHint(classID string) bool {
	return listParts.in(strings.ToLower(classID))
}

// Parts of class names and ids that name navigation and list boxes.
var (
	navParts  = newParts("nav", "menu", "header", "footer", "crumb", "bread", "pagination", "pager", "pagebar", "page-bar", "banner", "toolbar", "friend")
	listParts = newParts("list", "news", "article", "item", "con", "xxgk", "zwgk", "doc", "info")
)

// parts finds any of a set of ASCII words inside a string in one pass,
// the words tried only where their first letter stands (a Contains per
// word cost more than the rest of the element's reading).
type parts [256][]string

func newParts(words ...string) *parts {
	var p parts
	for _, w := range words {
		p[w[0]] = append(p[w[0]], w)
	}
	return &p
}

// in reports whether s contains one of the words.
func (p *parts) in(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, w := range p[s[i]] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string { return textExcept(n, nil) }

// textExcept is n's text without the subtree skip.
func textExcept(n, skip *html.Node) string {
	if n == skip {
		return ""
	}
	// A lone text child (most links, labels and cells): its data as it is.
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode && c != skip {
		return c.Data
	}
	var sb strings.Builder
	var f func(*html.Node)
	f = func(c *html.Node) {
		if c == skip && skip != nil {
			return
		}
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

// collapse is s with runs of white space made one space and none at
// either end, as strings.Fields sees white space; s itself when it is so
// already (most link texts), without allocating.
func collapse(s string) string {
	if collapsed(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapsed reports a string with no white space at its ends and none
// but single ASCII spaces inside.
func collapsed(s string) bool {
	prevSpace := true // no space at the start
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch b {
			case ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case '\t', '\n', '\v', '\f', '\r':
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Tr, atom.Td, atom.Th, atom.Br, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Table, atom.Dd, atom.Dt, atom.Dl, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Span, atom.Title:
		return true
	}
	return false
}

package checks

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Dark-link rules, as candidates name them.
const (
	RuleDarkDomain  = "dark_link.domain"  // a link to a listed host
	RuleDarkKeyword = "dark_link.keyword" // anchor text or target holding a listed keyword
	RuleDarkHidden  = "dark_link.hidden"  // a link to another site that the page hides from its readers
)

// Bounds of the markup scan, for hostile pages.
const (
	// MaxTokens is the most HTML tokens read of one page.
	MaxTokens = 500_000
	// MaxLinks is the most links of one page examined.
	MaxLinks = 5_000
	maxStack = 512 // open elements tracked; deeper ones inherit their parent's state
	maxCSS   = 64 << 10
	anchorB  = 240 // bytes of anchor text kept
)

// LinkHit is a link a dark-link rule fired on.
type LinkHit struct {
	Rule string
	Href string // the target, absolute
	Text string // the anchor text (or an image's alt), bounded
	Why  string // what fired: the keyword, the host, the hiding technique
}

// darkLinks holds the compiled dark-link lists.
type darkLinks struct {
	words     *dict           // Chinese keywords, for anchor text and decoded targets
	wordList  []string        // the entries of words
	hostWords map[string]bool // Latin keywords, matched as whole words of host, path or text
	domains   []string        // listed hosts
	allow     []string
}

func newDarkLinks(l Lists) *darkLinks {
	d := &darkLinks{hostWords: map[string]bool{}, allow: l.Allow}
	for _, k := range l.DarkKeywords {
		if isASCII(k) {
			d.hostWords[strings.ToLower(k)] = true
		} else {
			d.wordList = append(d.wordList, k)
		}
	}
	d.words = newDict(d.wordList, l.Allow)
	for _, h := range l.DarkDomains {
		if h = strings.Trim(strings.ToLower(h), ". "); h != "" {
			d.domains = append(d.domains, h)
		}
	}
	return d
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// voidElements have no end tag, so they never open a scope.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

// selfClosing are elements a new one of the same name closes (<li>a<li>b).
var selfClosing = map[string]bool{"li": true, "p": true, "option": true, "tr": true, "td": true, "th": true, "dt": true, "dd": true}

type scope struct {
	tag string
	why string // the hiding technique in force ("" when visible)
}

// find reads the markup of the page at pageURL and returns the links a
// rule fires on, at most limit. Hidden means hidden by the page's own
// markup: the element or an ancestor has the hidden attribute, an inline
// style (display:none, visibility:hidden, font-size:0, opacity:0, a
// zero-height box with overflow hidden, a position or indent past -500
// pixels), or a class or id that a <style> block of the page moves off
// screen or shrinks to nothing. A class that a <style> block only sets
// display:none is not taken for hiding: menus and tabs do that, and
// scripts show them. Only links to other sites count as hidden dark
// links, and government hosts (.gov.cn) never do.
func (d *darkLinks) find(pageURL, markup string, limit int) []LinkHit {
	if d == nil {
		return nil
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	z := html.NewTokenizerFragment(strings.NewReader(markup), "")
	z.SetMaxBuf(4 << 20)
	var (
		stack   []scope
		out     []LinkHit
		hidden  = map[string]string{} // ".cls" / "#id" → technique, from <style>
		css     strings.Builder
		inStyle bool
		anchor  *LinkHit // the open <a>
		aWhy    string   // its hiding technique
		links   int
	)
	state := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].why
	}
	closeAnchor := func() {
		if anchor == nil {
			return
		}
		if h, ok := d.judge(base, anchor, aWhy); ok && len(out) < limit {
			out = append(out, h)
		}
		anchor = nil
	}
	for n := 0; n < MaxTokens && len(out) < limit; n++ {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			closeAnchor()
			return out
		case html.TextToken:
			if inStyle {
				if css.Len() < maxCSS {
					css.Write(z.Text())
				}
				continue
			}
			if anchor != nil && len(anchor.Text) < anchorB {
				anchor.Text = clipBytes(anchor.Text+strings.Join(strings.Fields(string(z.Text())), " "), anchorB)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			var attrs map[string]string
			if hasAttr {
				attrs = map[string]string{}
				for more := true; more; {
					var k, v []byte
					k, v, more = z.TagAttr()
					if len(attrs) < 32 {
						attrs[string(k)] = string(v)
					}
				}
			}
			if tag == "style" && tt == html.StartTagToken {
				inStyle = true
				continue
			}
			if selfClosing[tag] && len(stack) > 0 && stack[len(stack)-1].tag == tag {
				stack = stack[:len(stack)-1] // <li>a<li>b: the second closes the first
			}
			why := state()
			if why == "" {
				why = hiddenBy(attrs, hidden)
			}
			switch tag {
			case "a":
				closeAnchor()
				if href := attrs["href"]; href != "" && links < MaxLinks {
					links++
					anchor, aWhy = &LinkHit{Href: href}, why
				}
			case "img":
				if anchor != nil && anchor.Text == "" {
					anchor.Text = clipBytes(strings.TrimSpace(attrs["alt"]+" "+attrs["title"]), anchorB)
				}
			}
			if tt == html.StartTagToken && !voidElements[tag] && len(stack) < maxStack {
				stack = append(stack, scope{tag, why})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "style" {
				if inStyle {
					inStyle = false
					hiddenRules(css.String(), hidden)
					css.Reset()
				}
				continue
			}
			if tag == "a" {
				closeAnchor()
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					stack = stack[:i]
					break
				}
			}
		}
	}
	closeAnchor()
	return out
}

// judge applies the rules to one link: a listed host first, then a
// keyword, then hiding.
func (d *darkLinks) judge(base *url.URL, a *LinkHit, why string) (LinkHit, bool) {
	href := strings.TrimSpace(a.Href)
	if len(href) > 2048 {
		return LinkHit{}, false
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return LinkHit{}, false
	}
	host := strings.ToLower(u.Hostname())
	// A dark link leads to another site: the agency's own pages (a news
	// title on 打击网络赌博) and other governments' are never one.
	if sameSite(base.Host, u.Host) || governmentHost(host) {
		return LinkHit{}, false
	}
	h := LinkHit{Href: clipBytes(u.String(), 300), Text: a.Text}
	h.Rule, h.Why = d.listed(host, u, a.Text)
	switch {
	case h.Rule != "" && why != "":
		h.Why += "，隐藏方式 " + why
	case h.Rule != "":
	case why != "":
		h.Rule, h.Why = RuleDarkHidden, why
	default:
		return LinkHit{}, false
	}
	return h, true
}

// listed is the list rule a link's host, target or text fires, and what
// fired it.
func (d *darkLinks) listed(host string, u *url.URL, text string) (rule, why string) {
	for _, dom := range d.domains {
		if host == dom || strings.HasSuffix(host, "."+dom) {
			return RuleDarkDomain, dom
		}
	}
	target, err := url.PathUnescape(u.EscapedPath() + "?" + u.RawQuery)
	if err != nil {
		target = u.EscapedPath() + "?" + u.RawQuery
	}
	for _, s := range []string{text, target} {
		if w := d.keyword(s); w != "" {
			return RuleDarkKeyword, w
		}
	}
	for _, w := range latinWords(host + " " + target + " " + text) {
		if d.hostWords[w] {
			return RuleDarkKeyword, w
		}
	}
	return "", ""
}

func (d *darkLinks) keyword(s string) string {
	found := ""
	d.words.scan(s, func(_, _ int, i int) bool {
		found = d.wordList[i]
		return false
	})
	return found
}

// latinWords splits s into runs of Latin letters, lower-cased.
func latinWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		letter := i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z')
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
		if len(out) >= 64 {
			break
		}
	}
	// bet365 is one word of letters and digits: keep such words whole too.
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(out) < 128 {
			out = append(out, f)
		}
	}
	return out
}

// sameSite: hosts (host[:port]) sharing their registrable domain
// (www.example.gov.cn and zwgk.example.gov.cn); an address is a site
// only with its port (another port is another server).
func sameSite(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if a == b {
		return true
	}
	ha, hb := hostOnly(a), hostOnly(b)
	if net.ParseIP(ha) != nil || net.ParseIP(hb) != nil {
		return false
	}
	return registrable(ha) == registrable(hb)
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return strings.Trim(h, "[]")
	}
	return strings.Trim(hostport, "[]")
}

// registrable approximates the registrable domain: the last two labels,
// three under the Chinese second-level domains (gov.cn, com.cn …).
func registrable(h string) string {
	labels := strings.Split(h, ".")
	n := 2
	if len(labels) >= 3 && labels[len(labels)-1] == "cn" {
		switch labels[len(labels)-2] {
		case "gov", "com", "net", "org", "edu", "ac", "mil":
			n = 3
		}
	}
	if len(labels) <= n {
		return h
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

func governmentHost(h string) bool {
	return strings.HasSuffix(h, ".gov.cn") || h == "gov.cn" || strings.HasSuffix(h, ".gov")
}

// hiddenBy is the hiding technique of an element's own attributes, or "".
func hiddenBy(attrs map[string]string, rules map[string]string) string {
	if attrs == nil {
		return ""
	}
	if _, ok := attrs["hidden"]; ok {
		return "hidden"
	}
	if w := hidingStyle(attrs["style"], true); w != "" {
		return w
	}
	if len(rules) > 0 {
		if w := rules["#"+strings.TrimSpace(attrs["id"])]; w != "" {
			return w
		}
		for _, c := range strings.Fields(attrs["class"]) {
			if w := rules["."+c]; w != "" {
				return w
			}
		}
	}
	return ""
}

// hidingStyle names the technique of CSS declarations that hide what they
// apply to, or "". inline says whether display:none and visibility:hidden
// count (inline they do; in a stylesheet they are a menu's or a tab's).
func hidingStyle(decls string, inline bool) string {
	if decls == "" {
		return ""
	}
	props := map[string]string{}
	for _, d := range strings.Split(strings.ToLower(decls), ";") {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		props[strings.TrimSpace(k)] = strings.Join(strings.Fields(v), " ")
	}
	if inline && props["display"] == "none" {
		return "display:none"
	}
	if inline && props["visibility"] == "hidden" {
		return "visibility:hidden"
	}
	if v, ok := props["font-size"]; ok && zeroLength(v) {
		return "font-size:0"
	}
	if v, ok := props["opacity"]; ok && zeroLength(v) {
		return "opacity:0"
	}
	if (zeroLength(props["height"]) || zeroLength(props["width"])) && props["overflow"] == "hidden" {
		return "overflow:hidden 的零尺寸区域"
	}
	for _, k := range []string{"left", "top", "right", "text-indent", "margin-left", "margin-top"} {
		if px, ok := pixels(props[k]); ok && px <= -500 {
			return k + ":" + props[k]
		}
	}
	return ""
}

func zeroLength(v string) bool {
	if v == "" {
		return false
	}
	px, ok := pixels(v)
	return ok && px == 0
}

// pixels reads a CSS length (px, pt, em, rem, or a bare number) as pixels.
func pixels(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	i := 0
	for i < len(v) && (v[i] == '-' || v[i] == '+' || v[i] == '.' || v[i] >= '0' && v[i] <= '9') {
		i++
	}
	f, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, false
	}
	switch strings.TrimSpace(v[i:]) {
	case "", "px", "%":
		return f, true
	case "pt":
		return f * 4 / 3, true
	case "em", "rem":
		return f * 16, true
	}
	return 0, false
}

// hiddenRules adds the class and id selectors of a stylesheet whose
// declarations hide (off screen, no size); compound selectors are not
// followed.
func hiddenRules(css string, into map[string]string) {
	for len(css) > 0 && len(into) < 1000 {
		open := strings.IndexByte(css, '{')
		if open < 0 {
			return
		}
		end := strings.IndexByte(css[open:], '}')
		if end < 0 {
			return
		}
		sel, body := css[:open], css[open+1:open+end]
		css = css[open+end+1:]
		why := hidingStyle(body, false)
		if why == "" {
			continue
		}
		if i := strings.LastIndex(sel, "*/"); i >= 0 {
			sel = sel[i+2:]
		}
		for _, s := range strings.Split(sel, ",") {
			s = strings.TrimSpace(s)
			if len(s) > 1 && (s[0] == '.' || s[0] == '#') && !strings.ContainsAny(s[1:], " .#:>[+~") {
				into[s] = why
			}
		}
	}
}

func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

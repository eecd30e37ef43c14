package extract

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Pagers, read from the page's scripts (a handful per page, never per
// element).
var (
	// TRS WCM: createPageHTML(10, 0, "index", "html").
	reCreatePage = regexp.MustCompile(`createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]`)
	// The same with the pager's element first:
	// createPageHTML('page_div', 10, 1, 'zwgklist', 'shtml', 200).
	reCreatePageDiv = regexp.MustCompile(`createPageHTML\(\s*['"][\w-]+['"]\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]`)
	// TRS pagers written with document.write from variables:
	// var countPage=56; var currentPage=0; … "index"+"_"+i+"."+"html".
	reCountPage   = regexp.MustCompile(`(?:countPage|pageCount|totalPage)\s*=\s*['"]?(\d+)`)
	reCurrentPage = regexp.MustCompile(`currentPage\s*=\s*['"]?(\d+)`)
	rePageName    = regexp.MustCompile(`["']([\w-]+)["']\s*\+\s*["']_["']`)
	rePageExt     = regexp.MustCompile(`["']\.["']\s*\+\s*["'](\w+)["']`)
	// JSON endpoints: a fetch/ajax call's literal, a url: option, a .json
	// path, or a literal naming an API path (gkmlpt's /gkmlpt/api/…, kept
	// in a variable before the call).
	reFeed = regexp.MustCompile(`(?:fetch|getJSON|\.get|\.ajax|open)\s*\(\s*(?:['"]GET['"]\s*,\s*)?['"]([^'"\s]+)['"]|url\s*:\s*['"]([^'"\s]+)['"]|['"]([^'"\s]+\.json(?:\?[^'"\s]*)?)['"]|['"]((?:https?:)?[^'"\s]*/api/[^'"\s]+)['"]`)
	// Hanweb jpage: perPage: 15 / perpage:'15'.
	rePerPage = regexp.MustCompile(`(?i)per_?page['"]?\s*[:=]\s*['"]?(\d+)`)
	reTotal   = regexp.MustCompile(`(?i)total_?record['"]?\s*[:=>]\s*['"]?(\d+)`)
)

// Words without which reCountPage and reFeed cannot match: the
// expressions run over every script of every page, most of which name
// none of them.
var (
	countPageWords = []string{"countPage", "pageCount", "totalPage"}
	feedWords      = []string{"fetch", "getJSON", ".get", ".ajax", "open", "url", ".json", "/api/"}
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// reFeedAt is reFeed anchored: tried only where a match can start.
var reFeedAt = regexp.MustCompile(`^(?:` + reFeed.String() + `)`)

// feedMatches is reFeed.FindAllStringSubmatch(s, -1), with the
// expression tried only where one of its alternatives can start — a
// call's name, url, or a quote opening a string that names .json or
// /api/ — instead of at every byte of every script (a page's scripts
// are often most of its bytes, and the unanchored expression cost more
// than the page's parse). The leftmost match at or after a position is
// the first candidate there that matches, so the matches are the same;
// pages_test.go checks it.
func feedMatches(s string) [][]string {
	var out [][]string
	for k := 0; k < len(s); {
		if !feedCandidate(s, k) {
			k++
			continue
		}
		loc := reFeedAt.FindStringSubmatchIndex(s[k:])
		if loc == nil {
			k++
			continue
		}
		m := make([]string, len(loc)/2)
		for g := range m {
			if loc[2*g] >= 0 {
				m[g] = s[k+loc[2*g] : k+loc[2*g+1]]
			}
		}
		out = append(out, m)
		k += max(loc[1], 1)
	}
	return out
}

// feedCandidate reports whether a reFeed match can start at s[k].
func feedCandidate(s string, k int) bool {
	rest := s[k:]
	switch s[k] {
	case 'f':
		return strings.HasPrefix(rest, "fetch")
	case 'g':
		return strings.HasPrefix(rest, "getJSON")
	case '.':
		return strings.HasPrefix(rest, ".get") || strings.HasPrefix(rest, ".ajax")
	case 'o':
		return strings.HasPrefix(rest, "open")
	case 'u':
		return strings.HasPrefix(rest, "url")
	case '\'', '"':
		// A quoted string runs to the next quote or white space.
		tok := rest[1:]
		if e := strings.IndexAny(tok, "'\"\t\n\f\r "); e >= 0 {
			tok = tok[:e]
		}
		return strings.Contains(tok, ".json") || strings.Contains(tok, "/api/")
	}
	return false
}

// indexWordFold is the first offset of s where one of words (lower-case
// ASCII, one first letter) stands in any case, or -1: where a (?i)
// expression naming them can first match.
func indexWordFold(s string, words ...string) int {
	first := words[0][0]
	set := string([]byte{first, first - 'a' + 'A'})
	for i := 0; ; {
		j := strings.IndexAny(s[i:], set)
		if j < 0 {
			return -1
		}
		i += j
		for _, w := range words {
			if len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
				return i
			}
		}
		i++
	}
}

// maxListPages bounds the pages a pager may name.
const maxListPages = 1000

// pagination finds the further list pages and the JSON endpoints the
// page's scripts name.
func (w *walker) pagination() {
	p := w.p
	for _, s := range p.Scripts {
		if len(p.Pages) == 0 && strings.Contains(s, "createPageHTML") {
			m := reCreatePageDiv.FindStringSubmatch(s)
			if m == nil {
				m = reCreatePage.FindStringSubmatch(s)
			}
			if m != nil {
				n, _ := strconv.Atoi(m[1])
				cur, _ := strconv.Atoi(m[2])
				w.numbered(m[3], m[4], cur, n)
			}
		}
		if len(p.Pages) == 0 && strings.Contains(s, "document.write") && containsAny(s, countPageWords) {
			if m := reCountPage.FindStringSubmatch(s); m != nil {
				n, _ := strconv.Atoi(m[1])
				cur := 0
				if c := reCurrentPage.FindStringSubmatch(s); c != nil {
					cur, _ = strconv.Atoi(c[1])
				}
				name, ext := "index", "html"
				if nm := rePageName.FindStringSubmatch(s); nm != nil {
					name = nm[1]
				}
				if e := rePageExt.FindStringSubmatch(s); e != nil {
					ext = e[1]
				}
				w.numbered(name, ext, cur, n)
			}
		}
		if !strings.Contains(s, "(") && !strings.Contains(s, ".json") || !containsAny(s, feedWords) {
			continue
		}
		for _, m := range feedMatches(s) {
			for _, g := range m[1:] {
				if g != "" && !strings.HasSuffix(strings.ToLower(g), ".js") && !strings.Contains(g, "dataproxy") {
					if u, ok := w.o.Resolve(w.base, g); ok {
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
}

// numbered names the TRS pages name_cur+1 … name_n-1 (page 0 is name).
func (w *walker) numbered(name, ext string, cur, n int) {
	n = min(n, maxListPages)
	for i := cur + 1; i < n; i++ {
		if u, ok := w.o.Resolve(w.base, name+"_"+strconv.Itoa(i)+"."+ext); ok {
			w.p.Pages = append(w.p.Pages, u)
		}
	}
	w.p.PagesKnown = true
}

// datastoreNext names the further groups of a Hanweb datastore embedded
// in a page: its <nextgroup> names dataproxy.jsp and the unit's
// parameters; the pages are asked for as
// dataproxy.jsp?startrecord=S&endrecord=E&perpage=P&… a group (three
// pages) at a time, up to the total the datastore or its script states.
// A dataproxy answer itself names no next group: it is read, not paged.
func (w *walker) datastoreNext(raw string, have int) {
	i := strings.Index(raw, "<nextgroup>")
	if i < 0 {
		return
	}
	ng := raw[i:]
	if e := strings.Index(ng, "</nextgroup>"); e >= 0 {
		ng = ng[:e]
	}
	h := strings.Index(ng, "href=")
	if h < 0 {
		return
	}
	href := ng[h+len("href="):]
	if len(href) == 0 {
		return
	}
	q := href[0]
	if q == '"' || q == '\'' {
		href = href[1:]
		if e := strings.IndexByte(href, q); e >= 0 {
			href = href[:e]
		}
	} else if e := strings.IndexAny(href, " >"); e >= 0 {
		href = href[:e]
	}
	href = strings.ReplaceAll(href, "&amp;", "&")
	proxy, err := url.Parse(href)
	if err != nil || !strings.HasSuffix(path.Base(proxy.Path), ".jsp") {
		return
	}
	per := have
	// The expressions run from where their words first stand, not over
	// the whole page (no match can start before).
	if i := indexWordFold(raw, "perpage", "per_page"); i >= 0 {
		if m := rePerPage.FindStringSubmatch(raw[i:]); m != nil {
			per, _ = strconv.Atoi(m[1])
		}
	}
	total := 0
	if i := indexWordFold(raw, "totalrecord", "total_record"); i >= 0 {
		if m := reTotal.FindStringSubmatch(raw[i:]); m != nil {
			total, _ = strconv.Atoi(m[1])
		}
	}
	if per <= 0 || total <= have {
		return
	}
	group := per * 3
	params := proxy.Query()
	params.Del("page")
	for start := have + 1; start <= total && len(w.p.Pages) < maxListPages; start += group {
		v := url.Values{}
		for k, vs := range params {
			v[k] = vs
		}
		v.Set("startrecord", strconv.Itoa(start))
		v.Set("endrecord", strconv.Itoa(min(start+group-1, total)))
		v.Set("perpage", strconv.Itoa(per))
		ref := &url.URL{Path: proxy.Path, RawQuery: v.Encode()}
		if u, ok := w.o.Resolve(w.base, ref.String()); ok {
			w.p.Pages = append(w.p.Pages, u)
		}
	}
	w.p.PagesKnown = len(w.p.Pages) > 0
}

package crawler

import (
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var (
	errTrap   = errors.New("url refused by trap defence")
	errBudget = errors.New("page budget exhausted")
)

// sessionParams are query keys that carry a session, not content.
var sessionParams = map[string]bool{
	"jsessionid": true, "sid": true, "sessionid": true, "session_id": true,
	"phpsessid": true, "aspsessionid": true, "cfid": true, "cftoken": true,
	"_": true, // jQuery cache buster
}

var reDigits = regexp.MustCompile(`\d+`)

// Normalize makes equal URLs equal strings: lower-case scheme and host,
// no default port, no fragment, no session ids (;jsessionid=… in the path,
// sid=… in the query), query keys sorted, "/" for an empty path. An
// unparsable URL is returned unchanged.
func Normalize(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	return normalizeURL(u).String()
}

func normalizeURL(u *url.URL) *url.URL {
	v := *u
	v.Scheme = strings.ToLower(v.Scheme)
	v.Host = strings.ToLower(v.Host)
	if (v.Scheme == "http" && strings.HasSuffix(v.Host, ":80")) || (v.Scheme == "https" && strings.HasSuffix(v.Host, ":443")) {
		v.Host = v.Host[:strings.LastIndexByte(v.Host, ':')]
	}
	v.Fragment, v.RawFragment = "", ""
	if i := strings.Index(strings.ToLower(v.Path), ";jsessionid="); i >= 0 {
		v.Path = v.Path[:i]
		v.RawPath = ""
	}
	if v.Path == "" {
		v.Path = "/"
	}
	if v.RawQuery != "" {
		q := v.Query()
		for k := range q {
			if sessionParams[strings.ToLower(k)] {
				delete(q, k)
			}
		}
		v.RawQuery = q.Encode() // Encode sorts by key
	}
	v.ForceQuery = false
	return &v
}

// resolve makes href absolute against base and normalises it; ok is false
// for non-HTTP links (javascript:, mailto:, tel:) and garbage.
func resolve(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return "", false
	}
	lower := strings.ToLower(href)
	for _, p := range []string{"javascript:", "mailto:", "tel:", "data:"} {
		if strings.HasPrefix(lower, p) {
			return "", false
		}
	}
	r, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	abs := base.ResolveReference(r)
	if abs.Scheme != "http" && abs.Scheme != "https" {
		return "", false
	}
	return normalizeURL(abs).String(), true
}

// Trap defence limits. Crawler traps (calendars with a next-month link
// forever, query strings multiplying, paths repeating) must not eat a
// site's page budget.
type trapLimits struct {
	PerPattern int // URLs of one shape (digits → #)
	PerPath    int // query variants of one path
	MaxLen     int // URL length
}

// trapGuard remembers the URL shapes of one site crawl.
type trapGuard struct {
	lim       trapLimits
	mu        sync.Mutex
	patterns  map[string]int
	queryVars map[string]int
	families  map[string]int
}

func newTrapGuard(l trapLimits) *trapGuard {
	return &trapGuard{lim: l, patterns: map[string]int{}, queryVars: map[string]int{}, families: map[string]int{}}
}

// trapError is a URL the trap defence refused, with the pattern it fell
// under: the evidence counts refusals by pattern.
type trapError struct{ pattern string }

func (e *trapError) Error() string        { return errTrap.Error() + ": " + e.pattern }
func (e *trapError) Is(target error) bool { return target == errTrap }

// trapPattern is the pattern of a refused URL, "" for other errors.
func trapPattern(err error) string {
	if te, ok := err.(*trapError); ok {
		return te.pattern
	}
	return ""
}

var calendarKeys = map[string]bool{"year": true, "month": true, "day": true, "date": true, "y": true, "m": true, "d": true, "ym": true}

// allow admits u (absolute, normalised) or says why not, naming the
// pattern it refused.
func (g *trapGuard) allow(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return &trapError{pattern: "unparsable URL"}
	}
	if len(raw) > g.lim.MaxLen {
		return &trapError{pattern: u.Host + ": URL longer than " + strconv.Itoa(g.lim.MaxLen)}
	}
	shape := u.Host + reDigits.ReplaceAllString(u.Path, "#")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if repeated(segs) {
		return &trapError{pattern: shape + " (repeating path)"}
	}
	lp := strings.ToLower(u.Path)
	if strings.Contains(lp, "calendar") || strings.Contains(lp, "rili") {
		return &trapError{pattern: shape + " (calendar)"}
	}
	q := u.Query()
	cal := 0
	for k := range q {
		if calendarKeys[strings.ToLower(k)] {
			cal++
		}
	}
	if cal >= 2 {
		return &trapError{pattern: shape + " (calendar)"}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pattern := shape + "?" + strings.Join(keys, "&")
	g.mu.Lock()
	defer g.mu.Unlock()
	if u.RawQuery != "" {
		if g.queryVars[u.Host+u.Path] >= g.lim.PerPath {
			return &trapError{pattern: u.Host + u.Path + "?*"}
		}
		g.queryVars[u.Host+u.Path]++
	}
	if g.patterns[pattern] >= g.lim.PerPattern {
		return &trapError{pattern: strings.TrimSuffix(pattern, "?")}
	}
	g.patterns[pattern]++
	return nil
}

// allowExplore is allow for a link followed only in the hope that it
// leads to columns (an area page's unmatched links): such links are also
// bounded by family, the path's first segment with every further segment
// a wildcard (/zwgk/*/*/), so that an area of areas named by letters
// (/zwgk/a/, /zwgk/b/ … /zwgk/a/b/ …), which no digit pattern catches,
// cannot take the page budget.
func (g *trapGuard) allowExplore(raw string) error {
	if err := g.allow(raw); err != nil {
		return err
	}
	u, _ := url.Parse(raw)
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 1; i < len(segs); i++ {
		segs[i] = "*"
	}
	family := u.Host + "/" + strings.Join(segs, "/")
	if strings.HasSuffix(u.Path, "/") && u.Path != "/" {
		family += "/"
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.families[family] >= g.lim.PerPattern {
		return &trapError{pattern: family}
	}
	g.families[family]++
	return nil
}

// repeated reports a path whose segments repeat three times or more in a
// row pattern (/a/b/a/b/a/b), the shape of relative-link loops.
func repeated(segs []string) bool {
	if len(segs) > 20 {
		return true
	}
	for n := 1; n <= len(segs)/3; n++ {
		for i := 0; i+3*n <= len(segs); i++ {
			a, b, c := strings.Join(segs[i:i+n], "/"), strings.Join(segs[i+n:i+2*n], "/"), strings.Join(segs[i+2*n:i+3*n], "/")
			if a == b && b == c {
				return true
			}
		}
	}
	return false
}

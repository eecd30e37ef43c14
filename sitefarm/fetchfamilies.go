package sitefarm

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Fetching families (issue 20): how real sites make a crawler work to
// reach their content. Each is pinned to residues of the site index so
// that every one occurs in any 50 consecutive sites of a farm with
// defects, and the truth is unchanged by them: a careful assessor with a
// browser reads the same columns and items.
const (
	// FamilyScriptList: one column's list exists only after script — an
	// empty list box and a script file that writes the items (packed, so
	// no data a static reader could take from the page).
	FamilyScriptList = "script_list"
	// FamilyChallenge: a JavaScript cookie challenge answers every page
	// until the browser has run it (a 200 whose body only sets a cookie
	// and reloads).
	FamilyChallenge = "cookie_challenge"
	// FamilyCluster: a county site served as a folder of the site before
	// it (a city's site cluster, 集约化); the city's home page links to it.
	FamilyCluster = "cluster_path"
	// FamilyPlatform: the openness columns (政府信息公开) are on a second
	// host of the same site, listed in the agency's roots.
	FamilyPlatform = "platform_host"
)

// FamilyKinds lists every family a default farm of at least
// MinSitesForAllDefects sites contains.
var FamilyKinds = []string{FamilyScriptList, FamilyChallenge, FamilyCluster, FamilyPlatform}

// challengeCookie is the name of the farm's challenge cookie.
const challengeCookie = "__zwgk_clearance"

// applyFamilies gives sites their fetching families; it runs after every
// site is modelled (a cluster needs its host).
func (f *Farm) applyFamilies() {
	for k, s := range f.Sites {
		if k%10 == 7 {
			if c := s.scriptCandidate(); c != nil {
				c.Script = true
				s.Families = append(s.Families, FamilyScriptList)
			}
		}
		if k%25 == 13 {
			s.challenge = true
			s.Families = append(s.Families, FamilyChallenge)
		}
		if k%50 == 31 {
			s.platform = true
			s.Families = append(s.Families, FamilyPlatform)
		}
		if k%50 == 16 {
			host := clusterHostFor(f, k)
			if host != nil {
				s.clusterHost = host
				s.clusterPath = fmt.Sprintf("/c%d/", k)
				host.hosted = append(host.hosted, s)
				host.extraLinks = append(host.extraLinks, extraLink{Text: s.Agency.Name, Path: s.clusterPath, Status: 200})
				s.Families = append(s.Families, FamilyCluster)
			}
		}
	}
}

// clusterHostFor picks the site before k that can host it as a folder: a
// plain site (its robots.txt and its failures would be the county's too)
// that is no folder or family site itself.
func clusterHostFor(f *Farm, k int) *Site {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		h := f.Sites[j]
		switch h.Profile {
		case ProfileFragile, ProfileGuarded, ProfileHeavy, ProfileMaze, ProfileRobots:
			continue
		}
		if h.clusterHost == nil && !h.challenge && !h.platform && len(h.Families) == 0 {
			return h
		}
	}
	return nil
}

// scriptCandidate is the column whose list becomes script-only: a dated
// list with items, not shown on the home page, not a JSON list or a
// letters table.
func (s *Site) scriptCandidate() *Column {
	for _, c := range s.Columns {
		switch {
		case c.JSON, c.Undated, c.Count == 0, c.Spec.Kind == KindLetter, c.Spec.Kind == KindAnnual, c.Spec.Kind == KindInterp:
			continue
		case c.Spec.Slug == "ywdt" || c.Spec.Slug == "tzgg":
			continue
		}
		return c
	}
	return nil
}

// scriptListPage is a script-only list: an empty box and the script that
// fills it.
const scriptListBox = "<div class=\"list\"><ul id=\"list-box\"></ul></div>\n<script src=\"list.js\"></script>\n"

// scriptListJS writes the column's items into the list box: the lines are
// packed (base64 of the UTF-8 markup), as minified list scripts are, so
// only running it shows them.
func (s *Site) scriptListJS(c *Column) Page {
	var b strings.Builder
	for _, it := range c.Items() {
		d := c.shownDate(it)
		fmt.Fprintf(&b, "<li><a href=\".%s\" target=\"_blank\">%s</a>", strings.TrimPrefix(it.path(c, d), "/"+c.Spec.Slug), esc(s.text(it.Title)))
		if !d.IsZero() {
			fmt.Fprintf(&b, "<span class=\"date\">%s</span>", formatDate(d, s.Style.ListDate))
		}
		b.WriteString("</li>")
	}
	packed := base64.StdEncoding.EncodeToString([]byte(b.String()))
	js := "(function(){var p=\"" + packed + "\";var h=decodeURIComponent(escape(atob(p)));" +
		"setTimeout(function(){document.getElementById(\"list-box\").innerHTML=h;},50);})();\n"
	return Page{Status: 200, ContentType: "application/javascript; charset=utf-8", Body: []byte(js)}
}

// listPages is how many list pages the column has as a reader pages
// through it: a script-only list shows all its items at once.
func (c *Column) listPages() int {
	if c.Script {
		return 1
	}
	return c.pages()
}

// challengeValue is the cookie value the site's challenge script computes.
func (s *Site) challengeValue() string { return strconv.FormatUint(mix(s.seed)%900000+100000, 10) }

// challengePage is what a challenged site answers without its cookie: a
// 200 whose script computes the cookie and reloads, and nothing else.
func (s *Site) challengePage() Page {
	v, _ := strconv.Atoi(s.challengeValue())
	body := fmt.Sprintf("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title></head><body>"+
		"<script>var _z=%d,_k=%d;document.cookie=\"%s=\"+(_z*7+_k)+\";path=/\";location.replace(location.href);</script></body></html>",
		v/7, v%7, challengeCookie)
	return Page{Status: http.StatusOK, ContentType: ctHTML, Body: []byte(body)}
}

// passedChallenge reports whether the request carries the site's cookie.
func (s *Site) passedChallenge(r *http.Request) bool {
	c, err := r.Cookie(challengeCookie)
	return err == nil && c.Value == s.challengeValue()
}

// onPlatform reports whether a path is served by the site's second host
// (the openness columns of a platform site).
func (s *Site) onPlatform(path string) bool {
	if !s.platform {
		return false
	}
	slug, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	c := s.Column(slug)
	return c != nil && c.Spec.Area == AreaOpenness
}

// PlatformURL is the base URL of the site's second host ("" for a site
// without one).
func (s *Site) PlatformURL() string {
	if !s.platform {
		return ""
	}
	if s.platformURL != "" {
		return s.platformURL
	}
	return fmt.Sprintf("http://%s/", platformAddr(s.Index))
}

// platformAddr is the address of site i's second host in multi-address
// mode: 127.128.0.2 onwards.
func platformAddr(i int) string {
	n := i + 2
	return fmt.Sprintf("127.%d.%d.%d", 128+(n>>16)&127, (n>>8)&255, n&255)
}

// abs is the absolute URL of one of the site's paths, on the host that
// serves it.
func (s *Site) abs(path string) string {
	if s.onPlatform(path) {
		return strings.TrimSuffix(s.PlatformURL(), "/") + path
	}
	return strings.TrimSuffix(s.URL(), "/") + path
}

var reRootLink = regexp.MustCompile(`(href|src|action)="/([^"/][^"]*|)"`)

// relocate rewrites the root-relative links of a page the site renders
// for where it is served: under its cluster folder, and across its two
// hosts (main-host pages link the platform's columns on the platform,
// platform pages link everything else on the main host).
func (s *Site) relocate(pg Page, onPlatform bool) Page {
	if s.clusterPath == "" && !s.platform {
		return pg
	}
	if loc := pg.Location; strings.HasPrefix(loc, "/") {
		pg.Location = s.relocatePath(loc, onPlatform)
	}
	if !strings.HasPrefix(pg.ContentType, "text/html") {
		return pg
	}
	pg.Body = reRootLink.ReplaceAllFunc(pg.Body, func(m []byte) []byte {
		attr, p, _ := strings.Cut(string(m), "=\"")
		p = strings.TrimSuffix(p, "\"")
		return []byte(attr + "=\"" + s.relocatePath(p, onPlatform) + "\"")
	})
	return pg
}

func (s *Site) relocatePath(p string, onPlatform bool) string {
	switch {
	case s.platform && onPlatform && !s.onPlatform(p):
		return strings.TrimSuffix(s.URL(), "/") + p
	case s.platform && !onPlatform && s.onPlatform(p):
		return strings.TrimSuffix(s.PlatformURL(), "/") + p
	case s.clusterPath != "":
		return strings.TrimSuffix(s.clusterPath, "/") + p
	}
	return p
}

// hostedAt finds the cluster site a path of the host is for, and the
// path within it.
func (s *Site) hostedAt(path string) (*Site, string) {
	for _, h := range s.hosted {
		dir := strings.TrimSuffix(h.clusterPath, "/")
		if path == dir || strings.HasPrefix(path, h.clusterPath) {
			rest := strings.TrimPrefix(path, dir)
			if rest == "" {
				rest = "/"
			}
			return h, rest
		}
	}
	return nil, path
}

// placeFamilies sets the addresses the families change: a cluster site's
// home is a folder of its host's, a platform site's second host is one of
// its roots. Start calls it again once the real addresses are known.
func (f *Farm) placeFamilies() {
	for _, s := range f.Sites {
		if h := s.clusterHost; h != nil {
			s.Agency.Site = strings.TrimSuffix(h.URL(), "/") + s.clusterPath
		}
		if s.platform {
			s.Agency.Roots = s.PlatformURL()
		}
	}
}

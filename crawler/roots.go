package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"

	"zwgk"
)

// Root is one URL prefix of an agency's own site: a whole host
// (https://www.example.gov.cn/) or a folder on a host the agency shares
// with others (https://www.city.gov.cn/county/, a county inside its city's
// site cluster, 集约化). The scheme is kept for display only: http and
// https of one host are the same site.
type Root struct {
	Scheme string
	Host   string // lower case, with a port only when it is not the default
	Path   string // "/" for the whole host, else a folder ending in "/"
}

// String is the root as a URL.
func (r Root) String() string { return r.Scheme + "://" + r.Host + r.Path }

// Whole reports a root that is a whole host.
func (r Root) Whole() bool { return r.Path == "/" }

// contains reports whether the parsed URL u lies inside the root. Paths
// compare without case: the servers many agencies run (IIS) ignore it,
// and a root must not lose half a site to /XXGK/ against /xxgk/.
func (r Root) contains(u *url.URL) bool {
	if hostPort(u) != r.Host {
		return false
	}
	if r.Whole() {
		return true
	}
	p := strings.ToLower(u.Path)
	dir := strings.ToLower(r.Path)
	return strings.HasPrefix(p, dir) || p == strings.TrimSuffix(dir, "/")
}

// Roots are the roots of one agency, the home page's first. A URL inside
// any of them is one of the agency's own pages: its links are followed for
// columns, its items opened, its redirects its own.
type Roots []Root

// ParseRoot reads one root URL. The root is the URL's folder: the whole
// host for https://www.example.gov.cn/ or …/index.html, the folder
// /county/ for https://www.city.gov.cn/county/ or …/county/index.html.
func ParseRoot(raw string) (Root, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return Root{}, fmt.Errorf("root %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Root{}, fmt.Errorf("root %q: not an http(s) URL", raw)
	}
	p := u.Path
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[:i+1]
	} else {
		p = "/"
	}
	return Root{Scheme: strings.ToLower(u.Scheme), Host: hostPort(u), Path: p}, nil
}

// ParseRoots reads a site and its further roots; a repeated root (or one
// inside another) is dropped, the first kept.
func ParseRoots(site string, extra ...string) (Roots, error) {
	var rs Roots
	for _, raw := range append([]string{site}, extra...) {
		r, err := ParseRoot(raw)
		if err != nil {
			return nil, err
		}
		rs = rs.add(r)
	}
	return rs, nil
}

// RootsOf are an agency's roots: its site and the further roots of its
// roots field. Entries that do not parse are left out (the agencies file
// refused them on import); the site always gives the first root when it
// parses at all.
func RootsOf(a zwgk.Agency) Roots {
	var rs Roots
	for _, raw := range a.RootURLs() {
		if r, err := ParseRoot(raw); err == nil {
			rs = rs.add(r)
		}
	}
	return rs
}

// add appends r unless a root already covers it; a wider root replaces
// the narrower ones it covers, in the place of the first.
func (rs Roots) add(r Root) Roots {
	for _, o := range rs {
		if o.Host == r.Host && (o.Whole() || strings.HasPrefix(strings.ToLower(r.Path), strings.ToLower(o.Path))) {
			return rs
		}
	}
	out := rs[:0:0]
	placed := false
	for _, o := range rs {
		if o.Host == r.Host && strings.HasPrefix(strings.ToLower(o.Path), strings.ToLower(r.Path)) {
			if !placed {
				out = append(out, r)
				placed = true
			}
			continue
		}
		out = append(out, o)
	}
	if !placed {
		out = append(out, r)
	}
	return out
}

// With returns the roots with r added (see add).
func (rs Roots) With(r Root) Roots { return rs.add(r) }

// Contains reports whether u (absolute) is one of the agency's own pages.
func (rs Roots) Contains(u string) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return false
	}
	for _, r := range rs {
		if r.contains(pu) {
			return true
		}
	}
	return false
}

// SameSite is Contains: the name the redirect and link policies read best
// with ("a redirect stays on the agency's own site").
func (rs Roots) SameSite(u string) bool { return rs.Contains(u) }

// Hosts are the distinct hosts of the roots, in order.
func (rs Roots) Hosts() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		if !seen[r.Host] {
			seen[r.Host] = true
			out = append(out, r.Host)
		}
	}
	return out
}

// HasHost reports whether any root is on host (host[:port], any case).
func (rs Roots) HasHost(host string) bool {
	host = canonicalHost("", host)
	for _, r := range rs {
		if r.Host == host {
			return true
		}
	}
	return false
}

// SameDomain reports whether u is on the registrable domain (eTLD+1,
// e.g. example.gov.cn) of any root: a redirect from example.gov.cn to
// www.example.gov.cn is the agency's own, one to another government's
// domain is not. An IP address is its own domain.
func (rs Roots) SameDomain(u string) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return false
	}
	d := registrable(pu.Hostname())
	for _, r := range rs {
		h := r.Host
		if host, _, ok := strings.Cut(h, ":"); ok && !strings.HasPrefix(h, "[") {
			h = host
		}
		if registrable(strings.Trim(h, "[]")) == d {
			return true
		}
	}
	return false
}

func registrable(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// Strings are the roots as URLs, for the evidence.
func (rs Roots) Strings() []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

// hostPort is u's host in lower case without a default port.
func hostPort(u *url.URL) string { return canonicalHost(u.Scheme, u.Host) }

func canonicalHost(scheme, host string) string {
	h := strings.ToLower(host)
	switch {
	case strings.HasSuffix(h, ":80") && scheme != "https":
		h = strings.TrimSuffix(h, ":80")
	case strings.HasSuffix(h, ":443") && scheme != "http":
		h = strings.TrimSuffix(h, ":443")
	}
	return h
}

// own reports whether u is one of the agency's own pages: inside its
// roots, and not inside another agency's site within them.
func (s *site) own(u string) bool {
	return s.roots.Contains(u) && (len(s.excluded) == 0 || !s.excluded.Contains(u))
}

// adoptHome makes the page the home page led to part of the agency's
// roots: a site whose home page redirects from example.gov.cn to
// www.example.gov.cn, or from / to /portal/, is read where it is. A host
// root stays a host root on the new host; a folder root becomes the
// folder the home page landed in.
func (s *site) adoptHome(final string) {
	if len(s.roots) == 0 || s.roots.Contains(final) {
		return
	}
	r, err := ParseRoot(final)
	if err != nil {
		return
	}
	if s.roots[0].Whole() {
		r.Path = "/"
	}
	s.roots = append(Roots{r}, s.roots...)
}

// loadRootsRobots reads robots.txt of every host of the agency's roots:
// the home host's first (unreachable, it fails the site, as before), then
// the others', whose rules apply to their own host. A further host that
// does not answer is left to its pages to report.
func (s *site) loadRootsRobots(home string) (allowed func(string) bool, unreachable *result) {
	first, unreachable := s.loadRobots(home)
	if unreachable != nil || len(s.roots) == 0 {
		return first, unreachable
	}
	hu, err := url.Parse(home)
	if err != nil {
		return first, nil
	}
	tests := []func(string) bool{first}
	done := map[string]bool{hostPort(hu): true}
	for _, r := range s.roots {
		if done[r.Host] {
			continue
		}
		done[r.Host] = true
		more, _ := s.loadRobots(r.Scheme + "://" + r.Host + "/")
		tests = append(tests, more)
	}
	if len(tests) == 1 {
		return first, nil
	}
	return func(u string) bool {
		for _, t := range tests {
			if !t(u) {
				return false
			}
		}
		return true
	}, nil
}

// siteIndex knows the roots of every agency a process assesses, by host,
// so that a crawl leaves out the folders of its host that are other
// agencies' sites: a city whose host carries its counties' sites (a site
// cluster) must not be credited with their columns.
type siteIndex struct {
	mu     sync.RWMutex
	byHost map[string][]ownedRoot
}

type ownedRoot struct {
	agency string
	root   Root
}

// KnownSites tells the crawler every agency of the assessment (a cycle's
// enrolment), replacing what it knew: each crawl then treats the roots of
// the others inside its own as not its own. Safe to call while crawls run.
func (c *Crawler) KnownSites(as []zwgk.Agency) {
	idx := map[string][]ownedRoot{}
	for _, a := range as {
		for _, r := range RootsOf(a) {
			idx[r.Host] = append(idx[r.Host], ownedRoot{a.Code, r})
		}
	}
	c.sites.mu.Lock()
	c.sites.byHost = idx
	c.sites.mu.Unlock()
}

// excludedFor are the roots of other agencies inside rs.
func (c *Crawler) excludedFor(code string, rs Roots) Roots {
	c.sites.mu.RLock()
	defer c.sites.mu.RUnlock()
	var out Roots
	for _, r := range rs {
		for _, o := range c.sites.byHost[r.Host] {
			if o.agency == code || o.root.Path == r.Path || !r.contains(&url.URL{Host: o.root.Host, Path: o.root.Path}) {
				continue
			}
			out = append(out, o.root)
		}
	}
	return out
}

package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"zwgk"
)

// Link checks are sampled: a home page of 100,000 links must not cost
// 100,000 requests, and the evidence must say how many links there were
// and how many were checked (zwgk.LinkSample). The rule:
//
//   - the home page: every distinct link up to Options.HomeLinks; beyond,
//     a sample of that many stratified by host and first path segment
//     (round-robin over the strata in order of first appearance, each in
//     page order), so every part of the page is represented;
//   - other pages: up to Options.LinksPerPage new links per page, chosen
//     the same way, up to the framework's links_checked per site;
//   - a link already fetched as a page is not requested again.

// maxLinksCounted bounds the distinct links remembered for LinkSample.Found;
// past it Found is a lower bound (LinkSample.More).
const maxLinksCounted = 200_000

// linkBook gathers the links to check as pages are read.
type linkBook struct {
	seen       map[string]struct{} // distinct links seen, up to maxLinksCounted
	more       bool                // seen stopped counting
	onHome     int
	homeLinks  []string    // every distinct, robots-allowed link of the home page
	otherLinks [][2]string // sampled links of other pages: URL, page it is on
}

// stratum is the part of a site a link belongs to.
func stratum(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	seg := strings.TrimPrefix(pu.EscapedPath(), "/")
	if i := strings.IndexByte(seg, '/'); i >= 0 {
		seg = seg[:i+1]
	} else {
		seg = "" // a file at the root
	}
	return strings.ToLower(pu.Host) + "/" + seg
}

// stratified returns the indexes of n of urls (all when n ≥ len(urls)),
// in page order: round-robin over the strata in order of first
// appearance, each stratum in page order.
func stratified(urls []string, n int) []int {
	if n >= len(urls) {
		idx := make([]int, len(urls))
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	var order []string
	groups := map[string][]int{}
	for i, u := range urls {
		k := stratum(u)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	picked := make([]int, 0, n)
	for round := 0; len(picked) < n; round++ {
		for _, k := range order {
			if g := groups[k]; round < len(g) && len(picked) < n {
				picked = append(picked, g[round])
			}
		}
	}
	sort.Ints(picked)
	return picked
}

// checkLinks checks the sampled links (see the rule above) and says how
// many there were.
func (s *site) checkLinks(home *pageRec, linksChecked int) ([]zwgk.Link, *zwgk.LinkSample) {
	type cand struct {
		url, from string
		onHome    bool
	}
	o := s.c.opts
	lb := &s.links
	var cands []cand
	for _, i := range stratified(lb.homeLinks, o.HomeLinks) {
		cands = append(cands, cand{lb.homeLinks[i], home.page.URL, true})
	}
	for _, l := range lb.otherLinks {
		if len(cands)-min(len(lb.homeLinks), o.HomeLinks) >= linksChecked {
			break
		}
		cands = append(cands, cand{l[0], l[1], false})
	}
	sample := &zwgk.LinkSample{Found: len(lb.seen), Checked: len(cands), OnHome: lb.onHome, More: lb.more,
		Rule: fmt.Sprintf("首页链接逐一检查，超过%d个时按主机和一级目录分层抽取%d个；其他页面每页至多%d个、全站至多%d个，同样分层抽取；已作为页面抓取的链接不再请求",
			o.HomeLinks, o.HomeLinks, o.LinksPerPage, linksChecked)}
	out := make([]zwgk.Link, len(cands))
	var heads []string
	var headIdx []int
	for i, c := range cands {
		out[i] = zwgk.Link{URL: c.url, From: c.from, OnHome: c.onHome}
		s.mu.Lock()
		r, ok := s.seen[c.url]
		s.mu.Unlock()
		if ok && r.page.Cause != zwgk.CauseBudget {
			out[i].Status, out[i].Cause, out[i].CheckedAt = r.page.Status, r.page.Cause, r.page.FetchedAt
			continue
		}
		heads = append(heads, c.url)
		headIdx = append(headIdx, i)
	}
	if len(heads) == 0 {
		return out, sample
	}
	// Link checks follow redirects anywhere public (a link to another
	// site works if it answers there): a fetcher of their own, after the
	// pages' one has ended its last delay.
	s.f.wait()
	lf := s.c.newFetcher(s.linkCtx, s.insecure, &s.waited)
	defer lf.wait()
	res := lf.fetchAll(http.MethodHead, heads)
	var gets []string
	var getIdx []int
	for k, r := range res {
		i := headIdx[k]
		if r.Status == http.StatusMethodNotAllowed || r.Status == http.StatusNotImplemented ||
			(r.Err != nil && r.Cause != zwgk.CauseDNS && r.Cause != zwgk.CauseTLS && r.Cause != zwgk.CauseAddress) {
			gets = append(gets, r.URL)
			getIdx = append(getIdx, i)
			continue
		}
		s.refused.noteFetch(r)
		out[i].Status, out[i].Cause, out[i].CheckedAt = r.Status, r.Cause, r.FetchedAt.UTC()
	}
	for k, r := range lf.fetchAll(http.MethodGet, gets) {
		i := getIdx[k]
		if r.Cause == zwgk.CauseTooLarge {
			// A large file answered: the link works.
			r.Cause, r.Status = zwgk.CauseNone, http.StatusOK
		}
		s.refused.noteFetch(r)
		out[i].Status, out[i].Cause, out[i].CheckedAt = r.Status, r.Cause, r.FetchedAt.UTC()
	}
	return out, sample
}

// noteLinks gathers the links to check from a page as it is read, in the
// order pages are claimed, so that the pages' links need not be kept to
// the end of the crawl: every distinct link of the home page, and a
// stratified few of each other page's new links, up to the framework's
// sample size. Every distinct link is counted (up to maxLinksCounted).
func (s *site) noteLinks(r *pageRec) {
	if r.doc == nil {
		return
	}
	lb := &s.links
	if lb.seen == nil {
		lb.seen = map[string]struct{}{}
	}
	isHome := r.page.URL == s.homeURL
	var fresh []string
	for _, l := range r.doc.Links {
		if _, ok := lb.seen[l.URL]; ok {
			continue
		}
		if len(lb.seen) < maxLinksCounted {
			lb.seen[l.URL] = struct{}{}
		} else {
			lb.more = true // past the count: new or not, it cannot tell
		}
		if isHome {
			lb.onHome++
		}
		if !s.allowed(l.URL) {
			continue
		}
		if isHome {
			lb.homeLinks = append(lb.homeLinks, l.URL)
		} else {
			fresh = append(fresh, l.URL)
		}
	}
	room := min(s.c.opts.LinksPerPage, s.linkCap-len(lb.otherLinks))
	if isHome || room <= 0 {
		return
	}
	for _, i := range stratified(fresh, room) {
		lb.otherLinks = append(lb.otherLinks, [2]string{fresh[i], r.page.URL})
	}
}

// dropLinks forgets the links of every page read so far but the home
// page's: the stages after the caller no longer walk them.
func (s *site) dropLinks() {
	for _, r := range s.seen {
		if r.doc != nil && r.page.URL != s.homeURL {
			r.doc.Links = nil
		}
	}
}

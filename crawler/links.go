package crawler

import (
	"net/http"

	"zwgk"
)

// checkLinks checks every link of the home page and the first
// linksChecked other links (in page order) of the pages read, both
// gathered by noteLinks as the pages were read. A link already fetched as
// a page is not requested again.
func (s *site) checkLinks(home *pageRec, linksChecked int) []zwgk.Link {
	type cand struct {
		url, from string
		onHome    bool
	}
	var cands []cand
	for _, l := range s.homeLinks {
		cands = append(cands, cand{l, home.page.URL, true})
	}
	for _, l := range s.otherLinks {
		if len(cands)-len(s.homeLinks) >= linksChecked {
			break
		}
		cands = append(cands, cand{l[0], l[1], false})
	}
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
	res := s.f.fetchAll(http.MethodHead, heads)
	var gets []string
	var getIdx []int
	for k, r := range res {
		i := headIdx[k]
		if r.Status == http.StatusMethodNotAllowed || r.Status == http.StatusNotImplemented || (r.Err != nil && r.Cause != zwgk.CauseDNS && r.Cause != zwgk.CauseTLS) {
			gets = append(gets, r.URL)
			getIdx = append(getIdx, i)
			continue
		}
		out[i].Status, out[i].Cause, out[i].CheckedAt = r.Status, r.Cause, r.FetchedAt.UTC()
	}
	for k, r := range s.f.fetchAll(http.MethodGet, gets) {
		i := getIdx[k]
		if r.Cause == zwgk.CauseTooLarge {
			// A large file answered: the link works.
			r.Cause, r.Status = zwgk.CauseNone, http.StatusOK
		}
		out[i].Status, out[i].Cause, out[i].CheckedAt = r.Status, r.Cause, r.FetchedAt.UTC()
	}
	return out
}

// noteLinks gathers the links to check from a page as it is read, in the
// order pages are claimed, so that the pages' links need not be kept to
// the end of the crawl. The home page's links are all checked; other
// pages add the links not seen before, up to the framework's sample size.
func (s *site) noteLinks(r *pageRec) {
	if r.doc == nil {
		return
	}
	if s.linkSeen == nil {
		s.linkSeen = map[string]bool{}
	}
	isHome := r.page.URL == s.homeURL
	for _, l := range r.doc.Links {
		if !isHome && len(s.otherLinks) >= s.linkCap {
			return
		}
		if s.linkSeen[l.URL] {
			continue
		}
		s.linkSeen[l.URL] = true
		if !s.allowed(l.URL) {
			continue
		}
		if isHome {
			s.homeLinks = append(s.homeLinks, l.URL)
		} else {
			s.otherLinks = append(s.otherLinks, [2]string{l.URL, r.page.URL})
		}
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

package crawler

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"zwgk"
	"zwgk/crawler/checks"
	"zwgk/indicators"
)

// MaxCandidates bounds the content-check candidates kept per site: a site
// that publishes a register of thousands of citizens needs an assessor's
// eyes on a sample, not ten thousand queue entries.
const MaxCandidates = 500

// contentScan runs the framework's content checks on every page the crawl
// reads (fetched or read back from the store, so a resumed crawl finds
// the same candidates) and keeps the candidates for the evidence; it
// reads the site's identification off the home page when a rule judges it.
type contentScan struct {
	checker  *checks.Checker
	kinds    []zwgk.CheckKind // the checks that run (none: identity only)
	identify bool
	mu       sync.Mutex
	seen     map[string]bool
	cands    []zwgk.ContentCheck
	pages    int
	capped   bool
	// attachments is how many attachments' text was checked (attachments.go).
	attachments int
	identity    *zwgk.SiteIdentity
}

// newContentScan is nil when the framework asks for no content check and
// no site identity.
func newContentScan(fw *indicators.Framework) (*contentScan, error) {
	kinds, privacy := fw.ContentChecks()
	identify := fw.NeedsIdentity()
	if len(kinds) == 0 && !identify {
		return nil, nil
	}
	cfg := checks.Config{Kinds: kinds, Lists: listsOf(fw.WordLists)}
	for _, p := range privacy {
		cfg.Privacy = append(cfg.Privacy, "privacy."+p)
	}
	c, err := checks.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("content checks of %s: %w", fw.ID, err)
	}
	return &contentScan{checker: c, kinds: c.Kinds(), identify: identify, seen: map[string]bool{}}, nil
}

// listsOf turns the framework's word lists into the checker's.
func listsOf(w indicators.WordLists) checks.Lists {
	l := checks.Lists{NoStarters: !w.UseStarters(), Titles: w.Titles, Sensitive: w.Sensitive,
		DarkKeywords: w.DarkKeywords, DarkDomains: w.DarkDomains, Allow: w.Allow}
	for _, ld := range w.Leaders {
		l.Leaders = append(l.Leaders, checks.Leader{Name: ld.Name, Titles: ld.Titles})
	}
	pairs := func(ps []indicators.WordPair) []checks.Pair {
		var out []checks.Pair
		for _, p := range ps {
			out = append(out, checks.Pair{Wrong: p.Wrong, Right: p.Right, Note: p.Note, Unless: p.Unless})
		}
		return out
	}
	l.Typos, l.Formulations = pairs(w.Typos), pairs(w.Formulations)
	return l
}

// scanned is one page for the scan: its URL, what was parsed of it and
// its markup; home marks the home page, rendered a page read again as the
// browser showed it (not counted twice).
type scanned struct {
	url            string
	doc            *parsed
	markup         string
	home, rendered bool
}

// page checks one page's text and markup.
func (cs *contentScan) page(p scanned) {
	if cs == nil || p.doc == nil {
		return
	}
	var found []zwgk.ContentCheck
	if len(cs.kinds) > 0 {
		found = cs.checker.Text(p.url, p.doc.Title+"\n"+p.doc.Text)
		found = append(found, cs.checker.HTML(p.url, p.markup)...)
	}
	var id zwgk.SiteIdentity
	if cs.identify && p.home {
		links := make([]string, 0, len(p.doc.Links))
		for _, l := range p.doc.Links {
			links = append(links, l.URL)
		}
		id = checks.Identity(p.url, p.doc.Text, links, p.markup)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.identify && p.home {
		cs.identity = mergeIdentity(cs.identity, id)
	}
	if !p.rendered {
		cs.pages++
	}
	for _, c := range found {
		k := c.Key()
		if cs.seen[k] {
			continue
		}
		if len(cs.cands) >= MaxCandidates {
			cs.capped = true
			return
		}
		cs.seen[k] = true
		cs.cands = append(cs.cands, c)
	}
}

// mergeIdentity keeps what either reading of the home page showed (the
// page as fetched, and as the browser rendered it).
func mergeIdentity(old *zwgk.SiteIdentity, id zwgk.SiteIdentity) *zwgk.SiteIdentity {
	if old == nil {
		return &id
	}
	m := *old
	m.Footer = m.Footer || id.Footer
	m.Conac = m.Conac || id.Conac
	m.Contact = m.Contact || id.Contact
	for _, f := range []struct {
		dst *string
		src string
	}{{&m.SiteCode, id.SiteCode}, {&m.SiteCodeMeta, id.SiteCodeMeta},
		{&m.ICP, id.ICP}, {&m.PSB, id.PSB}, {&m.Sponsor, id.Sponsor}} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
	if m.SiteCode != "" {
		m.SiteCodeBad = ""
	} else if m.SiteCodeBad == "" {
		m.SiteCodeBad = id.SiteCodeBad
	}
	return &m
}

// fill puts the candidates into the evidence, in a stable order.
func (cs *contentScan) fill(ev *zwgk.Evidence) {
	if cs == nil {
		return
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := append([]zwgk.ContentCheck(nil), cs.cands...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Excerpt < b.Excerpt
	})
	if len(cs.kinds) > 0 {
		ev.ContentChecks = out
		ev.Scanned = &zwgk.ContentScan{Checks: cs.kinds, Pages: cs.pages, Attachments: cs.attachments, Capped: cs.capped}
		if slices.Contains(cs.kinds, zwgk.CheckWording) {
			ev.Scanned.Leaders = cs.checker.Leaders()
		}
	}
	if cs.identify {
		ev.Identity = cs.identity
	}
}

package crawler

import (
	"fmt"
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
// the same candidates) and keeps the candidates for the evidence.
type contentScan struct {
	checker *checks.Checker
	mu      sync.Mutex
	seen    map[string]bool
	cands   []zwgk.ContentCheck
	pages   int
	capped  bool
}

// newContentScan is nil when the framework asks for no content check.
func newContentScan(fw *indicators.Framework) (*contentScan, error) {
	kinds, privacy := fw.ContentChecks()
	if len(kinds) == 0 {
		return nil, nil
	}
	cfg := checks.Config{Kinds: kinds}
	for _, p := range privacy {
		cfg.Privacy = append(cfg.Privacy, "privacy."+p)
	}
	c, err := checks.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("content checks of %s: %w", fw.ID, err)
	}
	return &contentScan{checker: c, seen: map[string]bool{}}, nil
}

// page checks one page's text.
func (cs *contentScan) page(url string, d *parsed) {
	if cs == nil || d == nil {
		return
	}
	found := cs.checker.Text(url, d.Title+"\n"+d.Text)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.pages++
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
	ev.ContentChecks = out
	ev.Scanned = &zwgk.ContentScan{Checks: cs.checker.Kinds(), Pages: cs.pages, Capped: cs.capped}
}

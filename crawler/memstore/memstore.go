// Package memstore is an in-memory zwgk.EvidenceWriter for tests and for
// one-off crawls (`zwgk crawl URL`). It keeps everything; it must not be
// used for a cycle (the store package persists and bounds bodies).
package memstore

import (
	"context"
	"sync"

	"zwgk"
)

type key struct {
	cycle  int64
	agency string
	url    string
}

type stored struct {
	page zwgk.Page
	body []byte
}

// Store implements zwgk.EvidenceWriter in memory.
type Store struct {
	mu       sync.Mutex
	pages    map[key]stored
	probes   map[key][]zwgk.Probe
	evidence map[key]zwgk.Evidence
	// Saves counts SavePage calls per URL, to check that nothing is
	// fetched twice.
	Saves map[string]int
}

// New makes an empty Store.
func New() *Store {
	return &Store{pages: map[key]stored{}, probes: map[key][]zwgk.Probe{}, evidence: map[key]zwgk.Evidence{}, Saves: map[string]int{}}
}

// StoredPage implements zwgk.EvidenceWriter.
func (s *Store) StoredPage(_ context.Context, cycle int64, agency, url string) (zwgk.Page, []byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.pages[key{cycle, agency, url}]
	return v.page, v.body, ok, nil
}

// SavePage implements zwgk.EvidenceWriter.
func (s *Store) SavePage(_ context.Context, cycle int64, agency string, p zwgk.Page, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[key{cycle, agency, p.URL}] = stored{p, append([]byte(nil), body...)}
	s.Saves[p.URL]++
	return nil
}

// SaveProbe implements zwgk.EvidenceWriter.
func (s *Store) SaveProbe(_ context.Context, cycle int64, agency string, p zwgk.Probe) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := key{cycle, agency, ""}
	s.probes[k] = append(s.probes[k], p)
	return nil
}

// SaveEvidence implements zwgk.EvidenceWriter.
func (s *Store) SaveEvidence(_ context.Context, cycle int64, ev zwgk.Evidence) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.evidence[key{cycle, ev.Agency, ""}] = ev
	return nil
}

// Evidence returns what SaveEvidence stored.
func (s *Store) Evidence(cycle int64, agency string) (zwgk.Evidence, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev, ok := s.evidence[key{cycle, agency, ""}]
	return ev, ok
}

package cycle

import (
	"context"
	"sync"
	"sync/atomic"

	"zwgk"
)

// stats counts what this process fetched, for progress and metrics. It
// sits between the crawler and the store (countingWriter) so the crawler
// needs no counters of its own.
type stats struct {
	pages  atomic.Int64
	mu     sync.Mutex
	causes map[zwgk.Cause]int64
}

func (s *stats) page(p zwgk.Page) {
	s.pages.Add(1)
	if p.Cause != zwgk.CauseNone {
		s.mu.Lock()
		if s.causes == nil {
			s.causes = map[zwgk.Cause]int64{}
		}
		s.causes[p.Cause]++
		s.mu.Unlock()
	}
}

// Errors returns fetch failures by cause so far.
func (r *Runner) Errors() map[zwgk.Cause]int64 {
	r.stats.mu.Lock()
	defer r.stats.mu.Unlock()
	out := make(map[zwgk.Cause]int64, len(r.stats.causes))
	for k, v := range r.stats.causes {
		out[k] = v
	}
	return out
}

// countingWriter counts pages on their way to the store. Pages read back
// from the store by a resumed crawl are not counted: they were not fetched.
// It also halts the runner at the first write that failed for lack of
// space, so the other sites stop at once instead of each fetching its
// whole sample into a database that cannot take it.
type countingWriter struct {
	zwgk.EvidenceWriter
	s *stats
	r *Runner
}

func (w countingWriter) SavePage(ctx context.Context, cycleID int64, agency string, p zwgk.Page, body []byte) error {
	w.s.page(p)
	err := w.EvidenceWriter.SavePage(ctx, cycleID, agency, p, body)
	w.r.stopOnDiskFull(err)
	return err
}

func (w countingWriter) SaveEvidence(ctx context.Context, cycleID int64, ev zwgk.Evidence) error {
	err := w.EvidenceWriter.SaveEvidence(ctx, cycleID, ev)
	w.r.stopOnDiskFull(err)
	return err
}

package zwgk

import "context"

// EvidenceWriter is where the crawler puts what it sees, as it sees it. The
// store implements it; the crawler never imports the store (cmd/ and cycle/
// wire them). Every write is idempotent: a retried or resumed crawl writes
// the same rows again without duplicating any.
type EvidenceWriter interface {
	// StoredPage returns a page already stored for this cycle and agency
	// with its body, so a resumed crawl re-fetches nothing it has.
	StoredPage(ctx context.Context, cycleID int64, agency, url string) (p Page, body []byte, ok bool, err error)
	// SavePage upserts a fetched page by (cycle, agency, url), with its
	// body (the store compresses and bounds it).
	SavePage(ctx context.Context, cycleID int64, agency string, p Page, body []byte) error
	// SaveProbe records one availability probe (idempotent by its time).
	SaveProbe(ctx context.Context, cycleID int64, agency string, p Probe) error
	// SaveEvidence replaces the agency's derived evidence (home, columns
	// with items, links, failure) in one transaction and marks the
	// agency's crawl done. Pages and probes are kept as saved.
	SaveEvidence(ctx context.Context, cycleID int64, ev Evidence) error
}

// EvidenceReader gives scoring its input back.
type EvidenceReader interface {
	// Evidence returns what was stored for the agency in the cycle,
	// pages and probes included; ok is false when it was never crawled.
	Evidence(ctx context.Context, cycleID int64, agency string) (ev Evidence, ok bool, err error)
}

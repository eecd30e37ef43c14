package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"zwgk"
)

// PageRecord is a page as evidence/<code>.json lists it: what the crawler
// asked for, what it got, when, and the SHA-256 of the body it received.
type PageRecord struct {
	URL       string    `json:"url"`
	Status    int       `json:"status"`
	FetchedAt time.Time `json:"fetched_at"`
	SHA256    string    `json:"sha256"`
}

// PageRecordOf is a stored page's record.
func PageRecordOf(p zwgk.Page) PageRecord {
	return PageRecord{URL: p.URL, Status: p.Status, FetchedAt: p.FetchedAt.UTC(), SHA256: p.SHA256}
}

// Leaf kinds, the first field of every leaf.
const (
	kindPage     = "page"
	kindProbes   = "probes"
	kindEvidence = "evidence"
	kindFindings = "findings"
	kindScore    = "score"
	kindAgency   = "agency"
	kindFile     = "file"
)

func pageLeaf(p PageRecord) Hash {
	return Leaf(kindPage, p.URL, strconv.Itoa(p.Status), p.FetchedAt.UTC().Format(time.RFC3339Nano), p.SHA256)
}

// ProbesDigest hashes an agency's probe records in order: for each probe
// its time (RFC 3339, UTC), status, latency in nanoseconds and cause,
// each followed by 0x1f, the probe followed by 0x1e.
func ProbesDigest(probes []zwgk.Probe) string {
	d := sha256.New()
	for _, p := range probes {
		for _, f := range []string{p.At.UTC().Format(time.RFC3339Nano), strconv.Itoa(p.Status),
			strconv.FormatInt(int64(p.Latency), 10), string(p.Cause)} {
			d.Write([]byte(f))
			d.Write([]byte{0x1f})
		}
		d.Write([]byte{0x1e})
	}
	return fmt.Sprintf("%x", d.Sum(nil))
}

// FindingsDigest hashes an agency's findings in the order of findings.csv:
// agency, indicator, outcome, fraction (shortest decimal that reads back
// the same), count, measure and problem, each followed by 0x1f, the
// finding followed by 0x1e. It is the same for the findings read back from
// findings.csv and for those in the database.
func FindingsDigest(fs []zwgk.Finding) string {
	d := sha256.New()
	for _, f := range fs {
		for _, v := range []string{f.Agency, f.Indicator, string(f.Outcome), strconv.FormatFloat(f.Fraction, 'f', -1, 64),
			strconv.Itoa(f.Count), f.Measure, f.Problem} {
			d.Write([]byte(v))
			d.Write([]byte{0x1f})
		}
		d.Write([]byte{0x1e})
	}
	return fmt.Sprintf("%x", d.Sum(nil))
}

// ScoreDigest hashes an agency's entry of scores.json: its JSON text with
// insignificant whitespace removed.
func ScoreDigest(entry []byte) (string, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, entry); err != nil {
		return "", fmt.Errorf("score entry: %w", err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b.Bytes())), nil
}

// FileDigest is the SHA-256 of a file's bytes.
func FileDigest(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

// agencyLeaves are the leaves of one agency's subtree, in order: the
// evidence file, the findings, the score, the probes, then every page of
// the evidence file in its order.
func agencyLeaves(e Agency, pages []PageRecord) []Hash {
	out := make([]Hash, 0, 4+len(pages))
	out = append(out,
		Leaf(kindEvidence, e.Code, e.Evidence),
		Leaf(kindFindings, e.Code, e.Findings),
		Leaf(kindScore, e.Code, e.Score),
		Leaf(kindProbes, e.Code, strconv.Itoa(e.Probes.Count), e.Probes.SHA256))
	for _, p := range pages {
		out = append(out, pageLeaf(p))
	}
	return out
}

// cohortLeaves are the leaves of the whole tree: one per agency (its code
// and subtree root), in the manifest's order (by code), then one per
// cohort file.
func cohortLeaves(m *Manifest) []Hash {
	out := make([]Hash, 0, len(m.Agencies)+len(m.Files))
	for _, a := range m.Agencies {
		out = append(out, Leaf(kindAgency, a.Code, a.Root))
	}
	for _, f := range m.Files {
		out = append(out, Leaf(kindFile, f.Path, f.SHA256))
	}
	return out
}

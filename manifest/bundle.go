package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"slices"

	"zwgk"
	"zwgk/exchange"
)

// BundleFormat names an agency evidence bundle (zwgk evidence export).
const BundleFormat = "zwgk-bundle/1"

// The files of a bundle, beside bundle.json.
const (
	BundleFile         = "bundle.json"
	BundleEvidenceFile = "evidence.json" // the report folder's evidence/<code>.json, byte for byte
	BundleFindingsFile = "findings.csv"  // the agency's findings
	BundleScoreFile    = "score.json"    // the agency's scores.json entry
	BundleProbesFile   = "probes.json"   // the agency's probe records
)

// Bundle is bundle.json: one agency's part of the manifest with the proof
// that it is in the published tree, and where each page's body is.
type Bundle struct {
	Format    string    `json:"format"`
	Cycle     string    `json:"cycle"`
	Framework Framework `json:"framework"`
	AsOf      string    `json:"as_of"`
	Tree      string    `json:"tree"`
	Agency    Agency    `json:"agency"`
	// Root is the published root; the agency's leaf is at Index of a tree
	// of TreeSize leaves, and Proof (nearest sibling first) leads to Root.
	Root     string   `json:"root"`
	TreeSize int      `json:"tree_size"`
	Index    int      `json:"index"`
	Proof    []string `json:"proof"`
	// Bodies are aligned with the evidence file's page list.
	Bodies []Body `json:"bodies"`
}

// Body says where a page's body is in the bundle.
type Body struct {
	File string `json:"file,omitempty"` // pages/NNNNN.bin; empty when no body was kept (a failed fetch)
	// Truncated bodies were cut when stored: their sha256 covers the body
	// as received, so only their prefix is given.
	Truncated bool `json:"truncated,omitempty"`
}

// BundleFor makes the bundle.json of agency code from the published
// manifest; bodies are filled by the caller.
func BundleFor(m *Manifest, code string) (*Bundle, error) {
	i := slices.IndexFunc(m.Agencies, func(a Agency) bool { return a.Code == code })
	if i < 0 {
		return nil, fmt.Errorf("manifest: agency %s is not in cycle %s", code, m.Cycle)
	}
	leaves := cohortLeaves(m)
	b := &Bundle{Format: BundleFormat, Cycle: m.Cycle, Framework: m.Framework, AsOf: m.AsOf, Tree: TreeDescription,
		Agency: m.Agencies[i], Root: m.Root, TreeSize: len(leaves), Index: i, Proof: []string{}}
	for _, h := range Proof(leaves, i) {
		b.Proof = append(b.Proof, h.String())
	}
	return b, nil
}

// BundleReport is what a successful bundle verification found.
type BundleReport struct {
	Agency    string
	Root      string
	Pages     int // pages listed
	Bodies    int // bodies whose sha256 matched
	Truncated int // bodies kept only in part (their hash is not checkable)
	NoBody    int // pages without a body (failed fetches)
	Probes    int
}

// VerifyBundle checks an agency's evidence bundle: every body against its
// page's sha256, the evidence file, findings, score and probes against
// the agency's digests, its subtree root, and the inclusion proof of the
// agency in the published tree. want, if not empty, is the published root.
func VerifyBundle(fsys fs.FS, want string) (BundleReport, error) {
	var rep BundleReport
	raw, err := readFile(fsys, BundleFile)
	if err != nil {
		return rep, fmt.Errorf("%s: %w (not an evidence bundle)", BundleFile, err)
	}
	var b Bundle
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return rep, mismatch(BundleFile, "", "%v", err)
	}
	if b.Format != BundleFormat {
		return rep, mismatch(BundleFile, "format", "%q, want %q", b.Format, BundleFormat)
	}
	a := b.Agency
	rep.Agency = a.Code

	ev, err := readFile(fsys, BundleEvidenceFile)
	if err != nil {
		return rep, mismatch(BundleEvidenceFile, "", "%v", err)
	}
	if got := FileDigest(ev); got != a.Evidence {
		return rep, mismatch(BundleEvidenceFile, "", "sha256 %s, the bundle says %s", got, a.Evidence)
	}
	pages, err := EvidencePages(ev)
	if err != nil {
		return rep, mismatch(BundleEvidenceFile, "pages", "%v", err)
	}
	if len(b.Bodies) != len(pages) {
		return rep, mismatch(BundleFile, "bodies", "%d, the evidence file lists %d pages", len(b.Bodies), len(pages))
	}
	for i, p := range pages {
		body := b.Bodies[i]
		if body.File == "" {
			rep.NoBody++
			continue
		}
		data, err := readFile(fsys, body.File)
		if err != nil {
			return rep, mismatch(body.File, "page "+p.URL, "%v", err)
		}
		if body.Truncated {
			rep.Truncated++
			continue
		}
		if got := FileDigest(data); got != p.SHA256 {
			return rep, mismatch(body.File, "page "+p.URL, "body sha256 %s, the evidence says %s", got, p.SHA256)
		}
		rep.Bodies++
	}
	rep.Pages = len(pages)

	fr, err := readFile(fsys, BundleFindingsFile)
	if err != nil {
		return rep, mismatch(BundleFindingsFile, "", "%v", err)
	}
	findings, err := exchange.ReadFindingsCSV(bytes.NewReader(fr), BundleFindingsFile)
	if err != nil {
		return rep, mismatch(BundleFindingsFile, "", "%v", err)
	}
	if got := FindingsDigest(findings); got != a.Findings {
		return rep, mismatch(BundleFindingsFile, "agency "+a.Code, "its %d findings do not match the digest", len(findings))
	}
	sc, err := readFile(fsys, BundleScoreFile)
	if err != nil {
		return rep, mismatch(BundleScoreFile, "", "%v", err)
	}
	if got, err := ScoreDigest(sc); err != nil || got != a.Score {
		return rep, mismatch(BundleScoreFile, "agency "+a.Code, "does not match the digest")
	}
	pr, err := readFile(fsys, BundleProbesFile)
	if err != nil {
		return rep, mismatch(BundleProbesFile, "", "%v", err)
	}
	var probes []zwgk.Probe
	if err := json.Unmarshal(pr, &probes); err != nil {
		return rep, mismatch(BundleProbesFile, "", "%v", err)
	}
	if len(probes) != a.Probes.Count || ProbesDigest(probes) != a.Probes.SHA256 {
		return rep, mismatch(BundleProbesFile, "agency "+a.Code, "%d probes do not match the digest of %d", len(probes), a.Probes.Count)
	}
	rep.Probes = len(probes)

	if len(pages) != a.Pages {
		return rep, mismatch(BundleFile, "agency "+a.Code, "%d pages, the evidence file lists %d", a.Pages, len(pages))
	}
	if got := Root(agencyLeaves(a, pages)).String(); got != a.Root {
		return rep, mismatch(BundleFile, "agency "+a.Code, "subtree root %s, recomputed %s", a.Root, got)
	}
	root, err := ParseHash(b.Root)
	if err != nil {
		return rep, mismatch(BundleFile, "root", "%v", err)
	}
	proof := make([]Hash, len(b.Proof))
	for i, s := range b.Proof {
		if proof[i], err = ParseHash(s); err != nil {
			return rep, mismatch(BundleFile, "proof", "%v", err)
		}
	}
	if err := VerifyProof(Leaf(kindAgency, a.Code, a.Root), b.Index, b.TreeSize, proof, root); err != nil {
		return rep, mismatch(BundleFile, "proof", "%v", err)
	}
	if want != "" && want != b.Root {
		return rep, mismatch(BundleFile, "root", "%s, but the published root is %s", b.Root, want)
	}
	rep.Root = b.Root
	return rep, nil
}

// WriteBundle writes bundle.json.
func (b *Bundle) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("write %s: %w", BundleFile, err)
	}
	return nil
}

package manifest

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"zwgk"
)

// Format names the manifest's version; Verify refuses others.
const Format = "zwgk-manifest/1"

// Manifest is manifest.json.
type Manifest struct {
	Format    string    `json:"format"`
	Cycle     string    `json:"cycle"`
	Framework Framework `json:"framework"`
	AsOf      string    `json:"as_of"`
	// Tree says how the hashes are made, for a reader without this code.
	Tree     string   `json:"tree"`
	Files    []File   `json:"files"`
	Agencies []Agency `json:"agencies"`
	// Root is the Merkle root over the agencies (in order) and the files:
	// the number the reports print.
	Root string `json:"root"`
}

// Framework names the framework; its frozen text is framework.yaml.
type Framework struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// File is a cohort file of the folder and its SHA-256.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Agency is one agency's part of the manifest: the digests of its
// evidence file, findings, score and probes, the number of pages its
// evidence file lists, and the root of its subtree.
type Agency struct {
	Code     string `json:"code"`
	Evidence string `json:"evidence"` // SHA-256 of evidence/<code>.json
	Findings string `json:"findings"` // FindingsDigest
	Score    string `json:"score"`    // ScoreDigest of its scores.json entry
	Probes   Probes `json:"probes"`
	Pages    int    `json:"pages"`
	Root     string `json:"root"`
}

// Probes are an agency's availability probes: how many, and their digest.
// The records themselves are in its evidence bundle (zwgk evidence export).
type Probes struct {
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
}

// TreeDescription is written into every manifest.
const TreeDescription = "RFC 9162 §2.1.1 Merkle tree over SHA-256: leaf = SHA-256(0x00 || each field || 0x00 …), node = SHA-256(0x01 || left || right). " +
	"Agency subtree leaves: (evidence, code, sha256 of evidence/<code>.json), (findings, code, digest), (score, code, digest), (probes, code, count, digest), " +
	"then (page, url, status, fetched_at RFC 3339 UTC, sha256 of body) for each page of the evidence file. " +
	"Root leaves: (agency, code, subtree root) for each agency by code, then (file, path, sha256) for each cohort file."

// AgencyRoot fills in e.Pages and e.Root from the agency's page records
// and returns the root.
func AgencyRoot(e *Agency, pages []PageRecord) string {
	e.Pages = len(pages)
	e.Root = Root(agencyLeaves(*e, pages)).String()
	return e.Root
}

// Seal sorts the agencies by code and the files by path, and computes the
// root. Every agency's Root must be set (AgencyRoot).
func (m *Manifest) Seal() (string, error) {
	m.Format, m.Tree = Format, TreeDescription
	slices.SortFunc(m.Agencies, func(a, b Agency) int { return strings.Compare(a.Code, b.Code) })
	slices.SortFunc(m.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for i, a := range m.Agencies {
		if a.Root == "" {
			return "", fmt.Errorf("manifest: agency %s has no subtree root", a.Code)
		}
		if i > 0 && m.Agencies[i-1].Code == a.Code {
			return "", fmt.Errorf("manifest: agency %s twice", a.Code)
		}
	}
	m.Root = Root(cohortLeaves(m)).String()
	return m.Root, nil
}

// Write writes the manifest as indented JSON.
func (m *Manifest) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("write manifest.json: %w", err)
	}
	return nil
}

// Read reads a manifest strictly.
func Read(r io.Reader, name string) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(io.LimitReader(r, 1<<30))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: format %q, want %q", name, m.Format, Format)
	}
	return &m, nil
}

// AddAgency adds an agency from what the folder holds of it: the bytes of
// its evidence file, its findings, its scores.json entry and its probes.
func (m *Manifest) AddAgency(code string, evidenceFile []byte, findings []zwgk.Finding, scoreEntry []byte, probes []zwgk.Probe) error {
	pages, err := EvidencePages(evidenceFile)
	if err != nil {
		return fmt.Errorf("manifest: evidence of %s: %w", code, err)
	}
	score, err := ScoreDigest(scoreEntry)
	if err != nil {
		return fmt.Errorf("manifest: %s: %w", code, err)
	}
	a := Agency{Code: code, Evidence: FileDigest(evidenceFile), Findings: FindingsDigest(findings), Score: score,
		Probes: Probes{Count: len(probes), SHA256: ProbesDigest(probes)}}
	AgencyRoot(&a, pages)
	m.Agencies = append(m.Agencies, a)
	return nil
}

// AddFile adds a cohort file.
func (m *Manifest) AddFile(path string, b []byte) {
	m.Files = append(m.Files, File{Path: path, SHA256: FileDigest(b)})
}

// ScoreEntries splits scores.json into each agency's raw entry, by code.
func ScoreEntries(scoresJSON []byte) (map[string]json.RawMessage, error) {
	out, _, err := scoreEntries(scoresJSON)
	return out, err
}

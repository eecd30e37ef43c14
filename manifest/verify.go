package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strings"

	"zwgk"
	"zwgk/exchange"
	"zwgk/indicators"
	"zwgk/scoring"
)

// Mismatch is the first thing that differs: the file and the item in it.
type Mismatch struct {
	File   string // path in the folder, e.g. evidence/440305.json
	Item   string // what in it, e.g. "page https://…" or "agency 440305 total"
	Detail string // what differs, in words
}

func (m *Mismatch) Error() string {
	if m.Item == "" {
		return fmt.Sprintf("%s: %s", m.File, m.Detail)
	}
	return fmt.Sprintf("%s: %s: %s", m.File, m.Item, m.Detail)
}

func mismatch(file, item, format string, a ...any) error {
	return &Mismatch{File: file, Item: item, Detail: fmt.Sprintf(format, a...)}
}

// Files a report folder must have for Verify.
const (
	ManifestFile  = "manifest.json"
	FrameworkFile = "framework.yaml"
	ScoresFile    = "scores.json"
	FindingsFile  = "findings.csv"
)

// maxFile bounds what Verify reads of one file: the folder may come from
// anyone.
const maxFile = 1 << 30

// Report is what a successful verification found.
type Report struct {
	Root     string
	Agencies int
	Pages    int
	Files    int
}

// Verify recomputes everything in a report folder: every cohort file's
// hash, every agency's evidence file, findings (from findings.csv) and
// score (from scores.json) against its digests, every agency's subtree
// root from the pages its evidence file lists, the root, and every mark of
// scores.json from framework.yaml and findings.csv. want, if not empty, is
// the root as published (printed in the reports, announced by the
// bureau). The error is a *Mismatch naming the first file and item that
// differ, or a plain error when the folder cannot be read.
func Verify(fsys fs.FS, want string) (Report, error) {
	var rep Report
	m, err := readManifest(fsys)
	if err != nil {
		return rep, err
	}
	// Cohort files.
	for _, f := range m.Files {
		b, err := readFile(fsys, f.Path)
		if err != nil {
			return rep, mismatch(f.Path, "", "listed in %s but %v", ManifestFile, err)
		}
		if got := FileDigest(b); got != f.SHA256 {
			return rep, mismatch(f.Path, "", "sha256 %s, the manifest says %s", got, f.SHA256)
		}
	}
	for _, need := range []string{FrameworkFile, ScoresFile, FindingsFile} {
		if !slices.ContainsFunc(m.Files, func(f File) bool { return f.Path == need }) {
			return rep, mismatch(ManifestFile, "files", "%s is not listed", need)
		}
	}
	rep.Files = len(m.Files)

	findingsRaw, _ := readFile(fsys, FindingsFile)
	findings, err := exchange.ReadFindingsCSV(bytes.NewReader(findingsRaw), FindingsFile)
	if err != nil {
		return rep, mismatch(FindingsFile, "", "%v", err)
	}
	byAgency := map[string][]zwgk.Finding{}
	for _, f := range findings {
		byAgency[f.Agency] = append(byAgency[f.Agency], f)
	}
	scoresRaw, _ := readFile(fsys, ScoresFile)
	entries, order, err := scoreEntries(scoresRaw)
	if err != nil {
		return rep, mismatch(ScoresFile, "", "%v", err)
	}

	// Agencies: the manifest, scores.json, findings.csv and evidence/ must
	// name the same set.
	listed := map[string]bool{}
	for _, a := range m.Agencies {
		listed[a.Code] = true
		if _, ok := entries[a.Code]; !ok {
			return rep, mismatch(ScoresFile, "agency "+a.Code, "in the manifest but not in scores.json")
		}
	}
	for _, code := range order {
		if !listed[code] {
			return rep, mismatch(ScoresFile, "agency "+code, "not in the manifest")
		}
	}
	for code := range byAgency {
		if !listed[code] {
			return rep, mismatch(FindingsFile, "agency "+code, "findings of an agency not in the manifest")
		}
	}
	if extra, err := extraEvidenceFiles(fsys, listed); err != nil {
		return rep, err
	} else if extra != "" {
		return rep, mismatch(extra, "", "an evidence file of an agency not in the manifest")
	}

	for _, a := range m.Agencies {
		file := "evidence/" + a.Code + ".json"
		b, err := readFile(fsys, file)
		if err != nil {
			return rep, mismatch(file, "", "%v", err)
		}
		if got := FileDigest(b); got != a.Evidence {
			return rep, mismatch(file, "", "sha256 %s, the manifest says %s", got, a.Evidence)
		}
		pages, err := EvidencePages(b)
		if err != nil {
			return rep, mismatch(file, "pages", "%v", err)
		}
		if got := FindingsDigest(byAgency[a.Code]); got != a.Findings {
			return rep, mismatch(FindingsFile, "agency "+a.Code, "its %d findings do not match the manifest's digest", len(byAgency[a.Code]))
		}
		if got, err := ScoreDigest(entries[a.Code]); err != nil || got != a.Score {
			return rep, mismatch(ScoresFile, "agency "+a.Code, "its entry does not match the manifest's digest")
		}
		if len(pages) != a.Pages {
			return rep, mismatch(ManifestFile, "agency "+a.Code, "%d pages, its evidence file lists %d", a.Pages, len(pages))
		}
		if got := Root(agencyLeaves(a, pages)).String(); got != a.Root {
			return rep, mismatch(ManifestFile, "agency "+a.Code, "subtree root %s, recomputed %s", a.Root, got)
		}
		rep.Pages += len(pages)
	}
	rep.Agencies = len(m.Agencies)
	got := Root(cohortLeaves(m)).String()
	if got != m.Root {
		return rep, mismatch(ManifestFile, "root", "%s, recomputed %s", m.Root, got)
	}
	if want != "" && !strings.EqualFold(want, got) {
		return rep, mismatch(ManifestFile, "root", "%s, but the published root is %s", got, want)
	}
	rep.Root = got
	if err := recomputeMarks(fsys, entries, order, findings); err != nil {
		return rep, err
	}
	return rep, nil
}

func readManifest(fsys fs.FS) (*Manifest, error) {
	b, err := readFile(fsys, ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (not a report folder, or an unfinished one)", ManifestFile, err)
	}
	m, err := Read(bytes.NewReader(b), ManifestFile)
	if err != nil {
		return nil, &Mismatch{File: ManifestFile, Detail: err.Error()}
	}
	return m, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFile {
		return nil, fmt.Errorf("larger than %d bytes", maxFile)
	}
	return b, nil
}

func extraEvidenceFiles(fsys fs.FS, listed map[string]bool) (string, error) {
	names, err := fs.Glob(fsys, "evidence/*.json")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		if !listed[strings.TrimSuffix(path.Base(n), ".json")] {
			return n, nil
		}
	}
	return "", nil
}

// scoreEntries returns each agency's entry of scores.json as its raw JSON
// text, by code, and the codes in file order.
func scoreEntries(b []byte) (map[string]json.RawMessage, []string, error) {
	var doc struct {
		Agencies []json.RawMessage `json:"agencies"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, nil, err
	}
	out := make(map[string]json.RawMessage, len(doc.Agencies))
	var order []string
	for i, raw := range doc.Agencies {
		var e struct {
			Code string `json:"code"`
		}
		if err := json.Unmarshal(raw, &e); err != nil || e.Code == "" {
			return nil, nil, fmt.Errorf("agency %d: no code", i+1)
		}
		if _, dup := out[e.Code]; dup {
			return nil, nil, fmt.Errorf("agency %s twice", e.Code)
		}
		out[e.Code] = raw
		order = append(order, e.Code)
	}
	return out, order, nil
}

// EvidencePages reads the page records of an evidence/<code>.json.
func EvidencePages(b []byte) ([]PageRecord, error) {
	var doc struct {
		Pages []PageRecord `json:"pages"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return doc.Pages, nil
}

// recomputeMarks scores the findings again with the folder's framework and
// compares every mark with scores.json.
func recomputeMarks(fsys fs.FS, entries map[string]json.RawMessage, order []string, findings []zwgk.Finding) error {
	src, _ := readFile(fsys, FrameworkFile)
	fw, err := indicators.Parse(FrameworkFile, src)
	if err != nil {
		return mismatch(FrameworkFile, "", "%v", err)
	}
	published := make(map[string]exchange.ScoreEntry, len(entries))
	agencies := make([]zwgk.Agency, 0, len(order))
	for _, code := range order {
		var e exchange.ScoreEntry
		if err := json.Unmarshal(entries[code], &e); err != nil {
			return mismatch(ScoresFile, "agency "+code, "%v", err)
		}
		published[code] = e
		agencies = append(agencies, zwgk.Agency{Code: e.Code, Name: e.Name, Level: e.Level, Region: e.Region})
	}
	cards, err := scoring.Recompute(fw, agencies, findings)
	if err != nil {
		return mismatch(FindingsFile, "", "cannot be scored with %s: %v", FrameworkFile, err)
	}
	for _, c := range cards {
		if err := sameMarks(published[c.Agency], c); err != nil {
			return err
		}
	}
	return nil
}

func sameMarks(p exchange.ScoreEntry, c zwgk.Scorecard) error {
	item := func(what string) string { return "agency " + c.Agency + " " + what }
	switch {
	case !sameNumber(p.Total, c.Total):
		return mismatch(ScoresFile, item("total"), "published %.2f, recomputed %.2f", p.Total, c.Total)
	case p.Grade != c.Grade:
		return mismatch(ScoresFile, item("grade"), "published %s, recomputed %s", p.Grade, c.Grade)
	case p.Vetoed != c.Vetoed || !slices.Equal(p.Veto, orEmpty(c.Veto)):
		return mismatch(ScoresFile, item("veto"), "published %v %v, recomputed %v %v", p.Vetoed, p.Veto, c.Vetoed, c.Veto)
	case p.Rank != c.Rank || p.Tier != c.Tier:
		return mismatch(ScoresFile, item("rank"), "published %s #%d, recomputed %s #%d", p.Tier, p.Rank, c.Tier, c.Rank)
	}
	ids := make([]string, 0, len(c.Indicators))
	for id := range c.Indicators {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		want, got := c.Indicators[id], p.Indicators[id]
		if !sameNumber(got.Earned, want.Earned) || !sameNumber(got.Points, want.Points) || got.Outcome != want.Outcome {
			return mismatch(ScoresFile, item("indicator "+id), "published %.2f/%.2f %s, recomputed %.2f/%.2f %s",
				got.Earned, got.Points, got.Outcome, want.Earned, want.Points, want.Outcome)
		}
	}
	if len(p.Indicators) != len(c.Indicators) {
		return mismatch(ScoresFile, item("indicators"), "published %d, recomputed %d", len(p.Indicators), len(c.Indicators))
	}
	return nil
}

func sameNumber(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// IsMismatch reports whether err is a difference found (exit 1), not a
// folder that could not be read.
func IsMismatch(err error) bool {
	var m *Mismatch
	return errors.As(err, &m)
}

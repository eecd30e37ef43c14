package reports

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"zwgk"
	"zwgk/exchange"
	"zwgk/indicators"
	"zwgk/manifest"
	"zwgk/scoring"
)

// FolderInput is a whole cycle, for the report folder.
type FolderInput struct {
	Cycle     zwgk.Cycle
	Framework *indicators.Framework
	Agencies  []zwgk.Agency
	// Cards are ranked (scoring.Rank) with Delta set (scoring.Trends).
	Cards    []zwgk.Scorecard
	Findings []zwgk.Finding // of every agency
	// Evidence gives each agency's evidence (pages for the appendix,
	// columns and probes for evidence/<code>.json), one agency at a time
	// so a national cycle is never all in memory; nil writes scorecards
	// without an appendix and no evidence files.
	Evidence zwgk.EvidenceReader
	// History are earlier cycles' cards, oldest first, for the trends.
	History  []CycleCards
	Assessor string
	// Only limits the scorecards to these agency codes (zwgk report
	// --agency); the cohort files are written all the same.
	Only []string
	// Workers bounds the scorecards rendered at once (default GOMAXPROCS).
	Workers int
	// Private writes files 0600 and folders 0700 instead of 0644/0755.
	Private bool
	// Previous is what became of the previous cycle's problems (scores.json
	// "rectification", the scorecards' and cohort report's 上期问题整改情况);
	// nil when the cycle follows none.
	Previous *PreviousProblems
}

// WriteFolder writes the report folder of DESIGN.md at dir:
// scorecards/<code>.pdf (in parallel), cohort.pdf, charts/index.html with
// its assets, scores.csv, scores.json, findings.csv, scores.xlsx,
// evidence/<code>.json and, last, report.json (CompletionFile). The folder
// is built in a hidden sibling of dir and swapped into place when
// complete (see publish.go), so an interrupted run leaves the previous
// folder, or none, and the next run removes its leftovers. An existing dir
// is replaced only when it is empty or a finished report. Files are 0644
// and folders 0755 (open data a web server can publish), 0600/0700 with
// Private. progress, if not nil, is called after each file with the files
// done and the total.
func WriteFolder(ctx context.Context, dir string, in FolderInput, progress func(done, total int)) (err error) {
	if in.Framework == nil {
		return fmt.Errorf("report folder: no framework")
	}
	target, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	m := publicModes
	if in.Private {
		m = privateModes
	}
	only := map[string]bool{}
	for _, c := range in.Only {
		only[c] = true
	}
	var agencies []zwgk.Agency
	for _, a := range in.Agencies {
		if len(only) == 0 || only[a.Code] {
			agencies = append(agencies, a)
		}
	}
	for code := range only {
		found := false
		for _, a := range agencies {
			found = found || a.Code == code
		}
		if !found {
			return fmt.Errorf("report folder: agency %q is not in cycle %s", code, in.Cycle.Name)
		}
	}
	// Every name first: a bad code refuses the run before anything is written.
	for _, a := range agencies {
		if _, err := fileName(a.Code); err != nil {
			return err
		}
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, m.dir); err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	if err := cleanStale(target); err != nil {
		return err
	}
	exists, err := checkReplaceable(target)
	if err != nil {
		return err
	}
	build, err := os.MkdirTemp(parent, siblingPrefix(filepath.Base(target), buildMark))
	if err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(build)
		}
	}()
	for _, sub := range []string{"scorecards", "evidence", "charts"} {
		if err := os.MkdirAll(filepath.Join(build, sub), m.dir); err != nil {
			return fmt.Errorf("report folder: %w", err)
		}
	}
	if len(only) > 0 && exists {
		if err := linkPrevious(target, build, m); err != nil {
			return err
		}
	}
	if err := writeFiles(ctx, build, in, agencies, progress); err != nil {
		return err
	}
	files, err := applyModes(build, m)
	if err != nil {
		return err
	}
	done := Completion{Tool: "zwgk", Cycle: in.Cycle.Name, Framework: in.Framework.ID + " " + in.Framework.Version,
		AsOf: in.Cycle.AsOf.String(), State: string(in.Cycle.State), Scorecards: len(agencies), Files: files + 1,
		WrittenAt: time.Now().UTC().Truncate(time.Second), Private: in.Private}
	if len(only) > 0 && exists {
		pdfs, _ := filepath.Glob(filepath.Join(build, "scorecards", "*.pdf"))
		done.Scorecards = len(pdfs)
	}
	if err := writeAtomic(filepath.Join(build, CompletionFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(done)
	}); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Join(build, CompletionFile), m.file); err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	return swapInto(build, target, exists, m)
}

// applyModes sets every file and folder under root to the modes (the
// temporary files writeAtomic renames are created 0600), and counts the
// files.
func applyModes(root string, m modes) (int, error) {
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := m.file
		if d.IsDir() {
			mode = m.dir
		} else {
			n++
		}
		return os.Chmod(p, mode)
	})
	if err != nil {
		return 0, fmt.Errorf("report folder: %w", err)
	}
	return n, nil
}

// writeFiles writes the report's files into dir (the build folder).
func writeFiles(ctx context.Context, dir string, in FolderInput, agencies []zwgk.Agency, progress func(done, total int)) error {
	perAgency := 1
	if in.Evidence != nil {
		perAgency = 2
	}
	total := 7 + perAgency*len(agencies)
	var done atomic.Int64
	step := func() {
		n := done.Add(1)
		if progress != nil {
			progress(int(n), total)
		}
	}

	cardOf := make(map[string]zwgk.Scorecard, len(in.Cards))
	for _, c := range in.Cards {
		cardOf[c.Agency] = c
	}
	findingsOf := map[string][]zwgk.Finding{}
	for _, f := range in.Findings {
		findingsOf[f.Agency] = append(findingsOf[f.Agency], f)
	}
	tiers := TiersOf(in.Cards)
	// Every aggregate and the §21 lists, once, for every file that shows
	// them (scores.json, cohort.pdf).
	stats := scoring.Aggregate(in.Framework, in.Cards)

	cohortFiles := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"scores.csv", func(w io.Writer) error { return exchange.WriteScoresCSV(w, in.Cards) }},
		{manifest.ScoresFile, func(w io.Writer) error {
			return exchange.WriteScoresJSON(w, exchange.ScoresDoc{Cycle: in.Cycle.Name,
				Framework: exchange.FrameworkRef{ID: in.Framework.ID, Version: in.Framework.Version}, AsOf: in.Cycle.AsOf, Agencies: in.Cards,
				Stats: stats, Rectification: in.Previous.summary()})
		}},
		{manifest.FindingsFile, func(w io.Writer) error { return exchange.WriteFindingsCSV(w, in.Findings) }},
		{"scores.xlsx", func(w io.Writer) error {
			return WriteXLSX(w, XLSXInput{Framework: in.Framework, Cards: in.Cards, Findings: in.Findings, Previous: len(in.History) > 0})
		}},
		// The frozen framework text: with findings.csv it lets anyone
		// recompute every mark (zwgk evidence verify, zwgk score).
		{manifest.FrameworkFile, func(w io.Writer) error { _, err := w.Write(in.Framework.Source); return err }},
	}
	for _, f := range cohortFiles {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
		step()
	}
	if err := WriteCharts(filepath.Join(dir, "charts"), ChartsInput{Cycle: in.Cycle, Framework: in.Framework, Cards: in.Cards,
		Findings: in.Findings, History: in.History}); err != nil {
		return err
	}
	step()

	// Evidence files first, then the manifest over them, then the PDFs,
	// which print its roots.
	if in.Evidence != nil {
		if err := eachAgency(ctx, in.Workers, agencies, func(ctx context.Context, a zwgk.Agency) error {
			return writeEvidenceFile(ctx, dir, in, a, step)
		}); err != nil {
			return err
		}
	}
	roots, err := writeManifest(ctx, dir, in)
	if err != nil {
		return err
	}
	prevOf := in.Previous.split()
	if err := eachAgency(ctx, in.Workers, agencies, func(ctx context.Context, a zwgk.Agency) error {
		return writeScorecardPDF(ctx, dir, in, a, cardOf, findingsOf, tiers, roots, prevOf, step)
	}); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "cohort.pdf"), func(w io.Writer) error {
		return WriteCohort(w, CohortInput{Cycle: in.Cycle, Framework: in.Framework, Cards: in.Cards, Findings: in.Findings,
			Assessor: in.Assessor, ManifestRoot: roots.root, Previous: in.Previous, Stats: &stats})
	}); err != nil {
		return err
	}
	step()
	return nil
}

// eachAgency runs fn for every agency on workers goroutines (default
// GOMAXPROCS), stopping at the first error.
func eachAgency(ctx context.Context, workers int, agencies []zwgk.Agency, fn func(context.Context, zwgk.Agency) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan zwgk.Agency)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				if err := ctx.Err(); err != nil {
					return
				}
				if err := fn(ctx, a); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
feed:
	for _, a := range agencies {
		select {
		case jobs <- a:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return context.Cause(ctx)
}

func writeEvidenceFile(ctx context.Context, dir string, in FolderInput, a zwgk.Agency, step func()) error {
	name, err := fileName(a.Code)
	if err != nil {
		return err
	}
	ev, _, err := in.Evidence.Evidence(ctx, in.Cycle.ID, a.Code)
	if err != nil {
		return fmt.Errorf("report folder: evidence of %s: %w", a.Code, err)
	}
	if ev.Agency == "" {
		ev.Agency = a.Code
	}
	if err := writeAtomic(filepath.Join(dir, "evidence", name+".json"), func(w io.Writer) error { return WriteEvidenceJSON(w, in.Cycle, ev) }); err != nil {
		return err
	}
	step()
	return nil
}

func writeScorecardPDF(ctx context.Context, dir string, in FolderInput, a zwgk.Agency, cardOf map[string]zwgk.Scorecard,
	findingsOf map[string][]zwgk.Finding, tiers map[string]TierStats, roots manifestRoots, prev map[string]*PreviousProblems, step func()) error {
	name, err := fileName(a.Code)
	if err != nil {
		return err
	}
	card, ok := cardOf[a.Code]
	if !ok {
		return fmt.Errorf("report folder: agency %s has no scorecard", a.Code)
	}
	var ev zwgk.Evidence
	if in.Evidence != nil {
		ev, _, err = in.Evidence.Evidence(ctx, in.Cycle.ID, a.Code)
		if err != nil {
			return fmt.Errorf("report folder: evidence of %s: %w", a.Code, err)
		}
	}
	si := ScorecardFor(ScorecardSource{Cycle: in.Cycle, Framework: in.Framework, Agency: a, Card: card, Findings: findingsOf[a.Code],
		Evidence: ev, Tiers: tiers, Assessor: in.Assessor})
	si.ManifestRoot, si.AgencyRoot, si.Previous = roots.root, roots.agency[a.Code], prev[a.Code]
	if err := writeAtomic(filepath.Join(dir, "scorecards", name+".pdf"), func(w io.Writer) error { return WriteScorecard(w, si) }); err != nil {
		return err
	}
	step()
	return nil
}

// fileName is an agency code as a file name. Codes come from an imported
// file: anything but letters, digits, '-', '_' and '.' is refused rather
// than mapped, so two codes can never share a file.
func fileName(code string) (string, error) {
	if code == "" || code == "." || code == ".." || len(code) > 100 {
		return "", fmt.Errorf("report folder: agency code %q cannot name a file", code)
	}
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return "", fmt.Errorf("report folder: agency code %q cannot name a file (character %q)", code, r)
		}
	}
	return code, nil
}

// writeAtomic writes path through a temporary file in the same folder.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// evidenceFile is evidence/<code>.json as DESIGN.md defines it.
//
// The page counts DESIGN.md had under "pages" are under "page_counts":
// "pages" is the list of pages seen, each with the hash of what was read.
type evidenceFile struct {
	Agency       string           `json:"agency"`
	Cycle        string           `json:"cycle"`
	AsOf         string           `json:"as_of"`
	CrawledAt    time.Time        `json:"crawled_at"`
	PageCounts   evidenceCounts   `json:"page_counts"`
	Pages        []evidencePage   `json:"pages"`
	FailureCause *string          `json:"failure_cause"`
	Columns      []evidenceColumn `json:"columns"`
	Probes       probeCounts      `json:"probes"`
	// ContentChecks are the automated checks' candidates (personal data
	// masked): proposals for an assessor, not findings; Transport is null
	// when the connections were not checked.
	ContentChecks []evidenceCheck    `json:"content_checks"`
	Transport     *evidenceTransport `json:"transport"`
}

type evidenceCheck struct {
	Kind    string `json:"kind"`
	URL     string `json:"url"`
	Excerpt string `json:"excerpt"`
	Rule    string `json:"rule"`
}

type evidenceTransport struct {
	IPv6  bool `json:"ipv6"`
	HTTPS bool `json:"https"`
	HSTS  bool `json:"hsts"`
	// Undecided names the checks that could not run (their false above
	// is not a finding): the assessor's network had no IPv6 route, the
	// resolver timed out.
	Undecided []string `json:"undecided,omitempty"`
}

// evidencePage is one page fetched: where, when, the answer, and the
// SHA-256 of the body read ("" when nothing was read).
type evidencePage struct {
	URL       string    `json:"url"`
	Status    int       `json:"status"`
	FetchedAt time.Time `json:"fetched_at"`
	SHA256    string    `json:"sha256"`
	Cause     string    `json:"cause,omitempty"`
}

type evidenceCounts struct {
	Fetched int `json:"fetched"`
	Failed  int `json:"failed"`
}

type probeCounts struct {
	Total  int `json:"total"`
	Failed int `json:"failed"`
}

type evidenceColumn struct {
	Name       string   `json:"name"`
	URL        string   `json:"url"`
	Indicators []string `json:"indicators"`
	Items      int      `json:"items"`
	Newest     *string  `json:"newest"`
}

// WriteEvidenceJSON writes evidence/<code>.json: what was seen of one
// agency's site, for the agency to check and anyone to audit.
func WriteEvidenceJSON(w io.Writer, c zwgk.Cycle, ev zwgk.Evidence) error {
	out := evidenceFile{Agency: ev.Agency, Cycle: c.Name, AsOf: c.AsOf.String(), CrawledAt: ev.CrawledAt.UTC(),
		Pages: make([]evidencePage, 0, len(ev.Pages)), Columns: []evidenceColumn{}, ContentChecks: []evidenceCheck{}}
	for _, cc := range ev.ContentChecks {
		out.ContentChecks = append(out.ContentChecks, evidenceCheck{Kind: string(cc.Kind), URL: plain(cc.URL, maxURL),
			Excerpt: plain(cc.Excerpt, maxTitle), Rule: plain(cc.Rule, 64)})
	}
	if t := ev.Transport; t != nil {
		out.Transport = &evidenceTransport{IPv6: t.IPv6, HTTPS: t.HTTPS, HSTS: t.HSTS, Undecided: t.Undecided}
	}
	for _, p := range ev.Pages {
		if p.Cause != zwgk.CauseNone || p.Status >= 400 || p.Status == 0 {
			out.PageCounts.Failed++
		} else {
			out.PageCounts.Fetched++
		}
		out.Pages = append(out.Pages, evidencePage{URL: plain(p.URL, maxURL), Status: p.Status, FetchedAt: p.FetchedAt.UTC(),
			SHA256: plain(p.SHA256, 64), Cause: string(p.Cause)})
	}
	if ev.Failure != nil {
		c := string(ev.Failure.Cause)
		out.FailureCause = &c
	}
	for _, c := range ev.Columns {
		col := evidenceColumn{Name: plain(c.Name, maxTitle), URL: plain(c.URL, maxURL), Indicators: c.Indicators, Items: len(c.Items)}
		if col.Indicators == nil {
			col.Indicators = []string{}
		}
		if n := c.Newest(); !n.IsZero() {
			s := n.String()
			col.Newest = &s
		}
		out.Columns = append(out.Columns, col)
	}
	for _, p := range ev.Probes {
		out.Probes.Total++
		if !p.OK() {
			out.Probes.Failed++
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write evidence of %s: %w", strings.TrimSpace(ev.Agency), err)
	}
	return nil
}

package reports

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
}

// WriteFolder writes the report folder of DESIGN.md into dir:
// scorecards/<code>.pdf (in parallel), cohort.pdf, charts/index.html with
// its assets, scores.csv, scores.json, findings.csv, scores.xlsx and
// evidence/<code>.json. Each file is written under a temporary name and
// renamed, so an interrupted run leaves no half-written file. progress,
// if not nil, is called after each file with the files done and the
// total.
func WriteFolder(ctx context.Context, dir string, in FolderInput, progress func(done, total int)) error {
	if in.Framework == nil {
		return fmt.Errorf("report folder: no framework")
	}
	for _, sub := range []string{"scorecards", "evidence", "charts"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("report folder: %w", err)
		}
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
	perAgency := 1
	if in.Evidence != nil {
		perAgency = 2
	}
	total := 6 + perAgency*len(agencies)
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

	cohortFiles := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"cohort.pdf", func(w io.Writer) error {
			return WriteCohort(w, CohortInput{Cycle: in.Cycle, Framework: in.Framework, Cards: in.Cards, Findings: in.Findings, Assessor: in.Assessor})
		}},
		{"scores.csv", func(w io.Writer) error { return exchange.WriteScoresCSV(w, in.Cards) }},
		{"scores.json", func(w io.Writer) error {
			return exchange.WriteScoresJSON(w, exchange.ScoresDoc{Cycle: in.Cycle.Name,
				Framework: exchange.FrameworkRef{ID: in.Framework.ID, Version: in.Framework.Version}, AsOf: in.Cycle.AsOf, Agencies: in.Cards,
				Stats: scoring.Aggregate(in.Framework, in.Cards)})
		}},
		{"findings.csv", func(w io.Writer) error { return exchange.WriteFindingsCSV(w, in.Findings) }},
		{"scores.xlsx", func(w io.Writer) error { return WriteXLSX(w, in.Framework, in.Cards) }},
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

	workers := in.Workers
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
				if err := writeAgency(ctx, dir, in, a, cardOf, findingsOf, tiers, step); err != nil {
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
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

func writeAgency(ctx context.Context, dir string, in FolderInput, a zwgk.Agency, cardOf map[string]zwgk.Scorecard,
	findingsOf map[string][]zwgk.Finding, tiers map[string]TierStats, step func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
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
	si := ScorecardInput{Cycle: in.Cycle, Framework: in.Framework, Agency: a, Card: card, Findings: findingsOf[a.Code],
		Pages: ev.Pages, Tier: tiers[card.Tier], Assessor: in.Assessor, RegionName: ProvinceName(a.Region)}
	if err := writeAtomic(filepath.Join(dir, "scorecards", name+".pdf"), func(w io.Writer) error { return WriteScorecard(w, si) }); err != nil {
		return err
	}
	step()
	if in.Evidence != nil {
		if ev.Agency == "" {
			ev.Agency = a.Code
		}
		if err := writeAtomic(filepath.Join(dir, "evidence", name+".json"), func(w io.Writer) error { return WriteEvidenceJSON(w, ev) }); err != nil {
			return err
		}
		step()
	}
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
type evidenceFile struct {
	Agency       string           `json:"agency"`
	CrawledAt    time.Time        `json:"crawled_at"`
	Pages        evidenceCounts   `json:"pages"`
	FailureCause *string          `json:"failure_cause"`
	Columns      []evidenceColumn `json:"columns"`
	Probes       probeCounts      `json:"probes"`
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
func WriteEvidenceJSON(w io.Writer, ev zwgk.Evidence) error {
	out := evidenceFile{Agency: ev.Agency, CrawledAt: ev.CrawledAt.UTC(), Columns: []evidenceColumn{}}
	for _, p := range ev.Pages {
		if p.Cause != zwgk.CauseNone || p.Status >= 400 || p.Status == 0 {
			out.Pages.Failed++
		} else {
			out.Pages.Fetched++
		}
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

package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/schollz/progressbar/v3"

	"zwgk"
	"zwgk/cycle"
	"zwgk/reports"
	"zwgk/store"
)

func init() {
	register("", &Command{
		Name:    "report",
		Usage:   "NAME --out DIR [--agency CODE[,CODE…]] [--assessor ORG] [--private]",
		Summary: "write a cycle's report folder: PDF scorecards, cohort report, offline charts, CSV/JSON/XLSX",
		Help: `Writes the report folder of cycle NAME into DIR:

  scorecards/<code>.pdf   one A4 scorecard per agency (in parallel)
  cohort.pdf              the cohort report (rankings, regions, method)
  charts/index.html       chart dashboard; opens from file:// with no network
  scores.csv scores.json findings.csv scores.xlsx
  evidence/<code>.json    what was seen of each agency's site

Until the cycle is published every PDF carries a 征求意见稿 watermark.
--agency limits the scorecards and evidence files to the agencies named;
the cohort files are written in full all the same, and the other agencies'
files of a previous report in DIR are kept.

The folder is built beside DIR and swapped into place when complete, with
report.json written last: an interrupted run leaves the previous folder
(or none), and the next run removes what it left. DIR may be missing, an
empty folder or a previous report; any other folder is refused. Files are
0644 and folders 0755 unless --private.`,
		Run: runReport,
	})
}

func runReport(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	out := fs.String("out", "", "output folder (created if missing)")
	only := fs.String("agency", "", "comma-separated agency codes: write only their scorecards and evidence")
	assessor := fs.String("assessor", "", "assessing organisation printed on the reports (评估机构); stored with the cycle for the portal and later runs")
	workers := fs.Int("workers", 0, "scorecards rendered at once (default: number of CPUs)")
	private := fs.Bool("private", false, "write files 0600 and folders 0700 (default 0644/0755: open data a web server can publish)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one cycle NAME, got %d arguments", len(pos))
	case *out == "":
		return usagef("--out is required")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	in, err := reportInput(ctx, st, pos[0])
	if err != nil {
		return err
	}
	// The assessor is the cycle's: stored when given, so the portal's
	// downloads sign with the same name; taken from the store when not.
	if *assessor != "" {
		if err := st.SetReportSettings(store.WithActor(ctx, "cli"), in.Cycle.ID, store.ReportSettings{Assessor: *assessor}); err != nil {
			return err
		}
	}
	settings, err := st.ReportSettings(ctx, in.Cycle.ID)
	if err != nil {
		return err
	}
	in.Assessor = settings.Assessor
	in.Workers = *workers
	in.Private = *private
	for _, code := range strings.Split(*only, ",") {
		if code = strings.TrimSpace(code); code != "" {
			in.Only = append(in.Only, code)
		}
	}

	var progress func(done, total int)
	if isTerminal(env) {
		var once sync.Once
		var bar *progressbar.ProgressBar
		var mu sync.Mutex
		progress = func(done, total int) {
			once.Do(func() {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
					progressbar.OptionSetDescription("report "+in.Cycle.Name), progressbar.OptionShowCount(),
					progressbar.OptionClearOnFinish())
			})
			mu.Lock()
			defer mu.Unlock()
			_ = bar.Set(done)
		}
	}
	if err := reports.WriteFolder(ctx, *out, in, progress); err != nil {
		return err
	}
	n := len(in.Agencies)
	if len(in.Only) > 0 {
		n = len(in.Only)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d scorecards, cohort report, charts, exports (cycle %s, %s)\n",
		*out, n, in.Cycle.Name, in.Cycle.State.Chinese())
	return nil
}

// reportInput loads what the report folder shows from the store: the
// cycle, its frozen framework, enrolled agencies, scorecards, findings,
// evidence (read per agency while writing) and earlier cycles on the same
// framework for the trend lines.
func reportInput(ctx context.Context, st *store.DB, name string) (reports.FolderInput, error) {
	c, err := st.CycleByName(ctx, name)
	if err != nil {
		return reports.FolderInput{}, err
	}
	fw, err := cycle.NewRunner(st, nil).Framework(ctx, c)
	if err != nil {
		return reports.FolderInput{}, err
	}
	cards, err := st.Scorecards(ctx, c.ID)
	if err != nil {
		return reports.FolderInput{}, err
	}
	if len(cards) == 0 {
		return reports.FolderInput{}, fmt.Errorf("cycle %s has no scorecards yet: run zwgk cycle score %s first", c.Name, c.Name)
	}
	// All agencies, filtered here: a national cycle's 14,000 codes would
	// not fit one SQL parameter list.
	scored := make(map[string]bool, len(cards))
	for _, card := range cards {
		scored[card.Agency] = true
	}
	every, err := st.Agencies(ctx, store.AgencyFilter{})
	if err != nil {
		return reports.FolderInput{}, err
	}
	var agencies []zwgk.Agency
	for _, a := range every {
		if scored[a.Code] {
			agencies = append(agencies, a)
		}
	}
	findings, err := st.Findings(ctx, c.ID, "")
	if err != nil {
		return reports.FolderInput{}, err
	}
	all, err := st.Cycles(ctx)
	if err != nil {
		return reports.FolderInput{}, err
	}
	slices.SortFunc(all, func(a, b zwgk.Cycle) int { return a.AsOf.Time().Compare(b.AsOf.Time()) })
	var history []reports.CycleCards
	for _, p := range all {
		if p.ID == c.ID || p.FrameworkID != c.FrameworkID || !p.AsOf.Before(c.AsOf) {
			continue
		}
		pc, err := st.Scorecards(ctx, p.ID)
		if err != nil {
			return reports.FolderInput{}, err
		}
		if len(pc) > 0 {
			history = append(history, reports.CycleCards{Name: p.Name, Cards: pc})
		}
	}
	in := reports.FolderInput{Cycle: c, Framework: fw, Agencies: agencies, Cards: cards, Findings: findings,
		Evidence: st, History: history}
	rect, ok, err := cycle.NewRunner(st, nil).Rectification(ctx, c)
	if err != nil {
		return reports.FolderInput{}, err
	}
	if ok {
		in.Previous = &reports.PreviousProblems{Cycle: rect.Previous.Name, AsOf: rect.Previous.AsOf, Items: rect.Items, Summary: rect.Summary}
	}
	return in, nil
}

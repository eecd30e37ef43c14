package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"zwgk"
	"zwgk/cycle"
	"zwgk/reviews"
	"zwgk/store"
)

// zwgk review: many assessors' reviews at once, from a CSV.

func init() {
	register("", &Command{
		Name:    "review",
		Usage:   "CYCLE --file reviews.csv",
		Summary: "import assessors' reviews (复核) from a CSV, all or none, then re-score the cycle",
		Help: `The file has the header agency,indicator,outcome,fraction,reason and an
optional evidence column (a link the assessor relied on); UTF-8 with or
without a byte-order mark, or GBK as Excel saves it:

    agency,indicator,outcome,fraction,reason,evidence
    440305,C4,partial,0.5,依申请公开答复抽查 4 件中 2 件超期,https://…
    440306,C4,pass,,抽查答复均按期
    100001,B3,na,,国务院部门不承担此项公共服务

outcome is pass, partial, fail or na (or 达标、部分达标、未达标、不适用);
fraction is needed for partial only (0 < fraction < 1, e.g. 0.5 or 50%);
every line needs a reason. Every line is checked first — agency enrolled,
indicator of the cycle's framework with a finding, values in range, no
(agency, indicator) twice — and one bad line refuses the whole file, the
error naming every bad line and column. The reviews are stored in one
transaction under the operator's name, audited, and the cycle re-scored.
A later review of the same finding replaces an earlier one (the history
keeps both).

--template writes the worklist instead: every finding still pending an
assessor as a line of this file (UTF-8 with BOM, for Excel), outcome,
fraction and reason blank, with the agency's name and the machine's note
in extra columns the import ignores. Fill it in and import it with --file.`,
		Run: runReview,
	})
}

// operator is who the audit log names for a command-line action: the
// operating-system user.
func operator(env *Env) string {
	if env.As != "" { // the global --as, or the OS user (Main)
		return env.As
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "cli"
}

func runReview(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	file := fs.String("file", "", "the reviews CSV to import")
	template := fs.Bool("template", false, "write the pending findings as a reviews CSV to fill in, to stdout")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one CYCLE, got %d arguments", len(pos))
	case *file == "" && !*template:
		return usagef("--file is required (or --template to write the worklist)")
	case *file != "" && *template:
		return usagef("--file and --template exclude each other")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.CycleByName(ctx, pos[0])
	if err != nil {
		return err
	}
	if c.State == zwgk.CyclePublished {
		return fmt.Errorf("cycle %s: %w", c.Name, zwgk.ErrPublished)
	}
	if c.State != zwgk.CycleReview {
		return fmt.Errorf("cycle %s is %s: score it (zwgk cycle score %s) before reviewing", c.Name, c.State, c.Name)
	}
	if *template {
		return writeReviewTemplate(ctx, env, st, c)
	}
	f, err := os.Open(*file)
	if err != nil {
		return err
	}
	defer f.Close()
	fw, err := st.Framework(ctx, c)
	if err != nil {
		return err
	}
	leaves := map[string]bool{}
	for _, ind := range fw.Leaves() {
		leaves[ind.ID] = true
	}
	findings, err := st.Findings(ctx, c.ID, "")
	if err != nil {
		return err
	}
	type key struct{ agency, indicator string }
	have := map[key]bool{}
	agencies := map[string]bool{}
	for _, f := range findings {
		have[key{f.Agency, f.Indicator}] = true
		agencies[f.Agency] = true
	}
	check := func(agency, indicator string) (string, string) {
		switch {
		case !agencies[agency]:
			return "agency", fmt.Sprintf("单位 %q 未参加本周期评估（或尚无评分）", agency)
		case !leaves[indicator]:
			return "indicator", fmt.Sprintf("指标 %q 不是本周期指标体系（%s）中可评分的指标", indicator, fw.ID)
		case !have[key{agency, indicator}]:
			return "indicator", fmt.Sprintf("单位 %s 没有指标 %s 的评估结果", agency, indicator)
		}
		return "", ""
	}
	ds, err := reviews.ReadCSV(f, filepath.Base(*file), check)
	if err != nil {
		return err
	}
	by := operator(env)
	rs := make([]zwgk.Review, len(ds))
	for i, d := range ds {
		rs[i] = d.Review(c.ID, by)
	}
	if _, err := st.AddReviews(ctx, rs, "file "+filepath.Base(*file)); err != nil {
		return err
	}
	res, err := cycle.NewRunner(st, nil).Score(store.WithActor(ctx, by), c.Name)
	if err != nil {
		return fmt.Errorf("%d reviews stored, but re-scoring failed (run 'zwgk cycle score %s'): %w", len(rs), c.Name, err)
	}
	provisional := 0
	for _, card := range res.Scorecards {
		if card.Provisional {
			provisional++
		}
	}
	u, err := st.Unfinished(ctx, c.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "cycle %s: %d reviews stored (by %s) and the cycle re-scored; %d scorecards still provisional, %d findings pending, %d appeals open\n",
		c.Name, len(rs), by, provisional, u.Pending, u.OpenAppeals)
	return nil
}

// writeReviewTemplate writes the cycle's pending findings as a reviews
// file to fill in.
func writeReviewTemplate(ctx context.Context, env *Env, st *store.DB, c zwgk.Cycle) error {
	pending, _, err := st.PendingFindings(ctx, c.ID, store.QueueFilter{})
	if err != nil {
		return err
	}
	w := csv.NewWriter(env.Stdout)
	io.WriteString(env.Stdout, "\ufeff")
	w.Write([]string{"agency", "indicator", "outcome", "fraction", "reason", "evidence", "name", "measure"})
	for _, p := range pending {
		w.Write([]string{p.Agency, p.Indicator, "", "", "", "", inert(p.Name), inert(p.Measure)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "cycle %s: %d findings pending an assessor\n", c.Name, len(pending))
	return nil
}

// inert keeps a spreadsheet from reading a cell as a formula (names and
// notes may come from crawled pages).
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

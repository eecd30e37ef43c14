package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"zwgk"
	"zwgk/cycle"
	"zwgk/reports"
	"zwgk/store"
)

// The rectification commands (整改跟踪) between cycles: an agency's claim
// that a problem is fixed, the assessor's re-check of just the pages the
// problems rest on, and the ledger (整改台账) of a cycle's problems.

func init() {
	register("cycle", &Command{
		Name:    "recheck",
		Usage:   "NAME --agency CODE [--all]",
		Summary: "re-check an agency's problems of a cycle: fetch only the pages they rest on, record fixed or open",
		Help: `Reads again only the columns, links and home page that the agency's
problems in cycle NAME rest on (those it claimed fixed; --all: every one),
judges those indicators again as of today, and records each problem as
fixed (已整改) or still open (未整改) in the rectification ledger, audited.
The cycle's own findings are not changed: they stand as of its date.
Problems a few pages cannot settle (availability over a week, letters,
an assessor's judgement) are listed and left to the next cycle.`,
		Run: runCycleRecheck,
	})
	register("", &Command{Name: "rectification", Summary: "rectification between cycles (整改跟踪): problems, claims, ledger"})
	register("rectification", &Command{
		Name:    "problems",
		Usage:   "CYCLE --agency CODE",
		Summary: "list an agency's problems of a cycle with their keys, claims and re-checks",
		Run:     runRectProblems,
	})
	register("rectification", &Command{
		Name:    "claim",
		Usage:   "CYCLE --agency CODE --problem KEY --note TEXT [--link URL]",
		Summary: "record that an agency fixed a problem (the portal does the same for agency users)",
		Run:     runRectClaim,
	})
	register("rectification", &Command{
		Name:    "ledger",
		Usage:   "CYCLE --out DIR [--agency CODE[,CODE…]]",
		Summary: "write the rectification ledger (整改台账) per agency: <code>.csv and <code>.pdf",
		Help: `For each agency (all of the cycle's, or those named), the cycle's problems
with their rectification deadline, the agency's claims, the assessors'
re-checks and — when a later cycle follows this one — what it found.`,
		Run: runRectLedger,
	})
}

func runCycleRecheck(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	code := fs.String("agency", "", "agency code (required)")
	all := fs.Bool("all", false, "re-check every problem, not only those claimed fixed")
	wf := crawlerFlags(fs)
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *code == "" {
		return usagef("want one cycle NAME and --agency CODE")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cr, err := wf.crawler()
	if err != nil {
		return err
	}
	defer cr.Close()
	by := operator(env)
	res, err := cycle.NewRunner(st, cr).Recheck(store.WithActor(ctx, by), pos[0], *code, cycle.RecheckOptions{All: *all, By: by})
	if err != nil {
		return err
	}
	if len(res.Recorded) == 0 && len(res.Skipped) == 0 {
		what := "claimed fixed and not yet re-checked"
		if *all {
			what = "at all"
		}
		fmt.Fprintf(env.Stdout, "agency %s has no problems %s in cycle %s; nothing fetched\n", *code, what, pos[0])
		return nil
	}
	fixed := 0
	for _, r := range res.Recorded {
		if r.State == zwgk.RectFixed {
			fixed++
		}
		fmt.Fprintf(env.Stdout, "  %s %s %s: %s — %s\n", r.Key, r.Indicator, r.Subject, r.State.Chinese(), r.Detail)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(env.Stdout, "  %s %s %s: not re-checked — %s\n", s.Key, s.Indicator, s.Subject, s.Why)
	}
	fmt.Fprintf(env.Stdout, "agency %s: %d problems re-checked (%d fixed, %d open), %d left to the next cycle; %d pages fetched\n",
		*code, len(res.Recorded), fixed, len(res.Recorded)-fixed, len(res.Skipped), res.Pages)
	return nil
}

func runRectProblems(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	code := fs.String("agency", "", "agency code (required)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *code == "" {
		return usagef("want one CYCLE and --agency CODE")
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	l, err := ledgerFor(ctx, st, pos[0], *code)
	if err != nil {
		return err
	}
	if len(l.Entries) == 0 {
		fmt.Fprintf(env.Stdout, "agency %s has no problems in cycle %s\n", *code, pos[0])
		return nil
	}
	for _, e := range l.Entries {
		fmt.Fprintf(env.Stdout, "%s  %-8s %s  %s\n", e.Key, e.Indicator, e.Status(), e.Statement)
	}
	return nil
}

func runRectClaim(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	code := fs.String("agency", "", "agency code (required)")
	key := fs.String("problem", "", "problem key (zwgk rectification problems)")
	note := fs.String("note", "", "what was done (required)")
	link := fs.String("link", "", "where the fix can be seen")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *code == "" || *key == "" || strings.TrimSpace(*note) == "" {
		return usagef("want one CYCLE, --agency, --problem and --note")
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
	by := operator(env)
	if _, err := cycle.NewRunner(st, nil).Claim(store.WithActor(ctx, by), c, *code, *key, *note, *link, by); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("agency %s has no problem %s in cycle %s (see zwgk rectification problems %s --agency %s)", *code, *key, pos[0], pos[0], *code)
		}
		return err
	}
	p := struct{ Key string }{*key}
	fmt.Fprintf(env.Stdout, "problem %s of %s marked 已整改; re-check it with: zwgk cycle recheck %s --agency %s\n", p.Key, *code, pos[0], *code)
	return nil
}

func runRectLedger(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	only := fs.String("agency", "", "comma-separated agency codes (default every agency of the cycle)")
	out := fs.String("out", "", "output folder (required)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usagef("want one CYCLE and --out DIR")
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
	var codes []string
	if *only != "" {
		for _, s := range strings.Split(*only, ",") {
			if s = strings.TrimSpace(s); s != "" {
				codes = append(codes, s)
			}
		}
	} else {
		ens, err := st.Enrolments(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, e := range ens {
			codes = append(codes, e.Agency)
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	n := 0
	for _, code := range codes {
		l, err := ledgerFor(ctx, st, c.Name, code)
		if err != nil {
			return err
		}
		base := filepath.Join(*out, code)
		if err := writeFileAtomic(base+".csv", func(f *os.File) error { return reports.WriteLedgerCSV(f, l) }); err != nil {
			return err
		}
		if err := writeFileAtomic(base+".pdf", func(f *os.File) error { return reports.WriteLedgerPDF(f, l) }); err != nil {
			return err
		}
		n += len(l.Entries)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: ledgers of %d agencies, %d problems (cycle %s)\n", *out, len(codes), n, c.Name)
	return nil
}

func writeFileAtomic(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// ledgerFor is an agency's ledger of cycle name, for the reports.
func ledgerFor(ctx context.Context, st *store.DB, name, code string) (reports.Ledger, error) {
	c, err := st.CycleByName(ctx, name)
	if err != nil {
		return reports.Ledger{}, err
	}
	l, err := cycle.NewRunner(st, nil).Ledger(ctx, c, code)
	if err != nil {
		return reports.Ledger{}, err
	}
	out := reports.Ledger{Cycle: c, CycleID: c.ID, Framework: l.Framework, Agency: l.Agency, Next: l.Next}
	for _, e := range l.Entries {
		re := reports.LedgerEntry{Problem: e.Problem, Next: e.Next, Deadline: c.AsOf.AddDays(reports.RectifyDays(l.Framework, e.Indicator))}
		for _, cl := range e.Claims {
			re.Claims = append(re.Claims, reports.LedgerClaim{At: cl.At, By: cl.By, Note: cl.Note, Link: cl.Link})
		}
		for _, rc := range e.Rechecks {
			re.Rechecks = append(re.Rechecks, reports.LedgerRecheck{At: rc.At, By: rc.By, State: rc.State, Detail: rc.Detail, Pages: rc.Pages})
		}
		out.Entries = append(out.Entries, re)
	}
	return out, nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"zwgk"
	"zwgk/agencies"
	"zwgk/exchange"
	"zwgk/indicators"
	"zwgk/scoring"
)

func init() {
	register("", &Command{
		Name:    "score",
		Usage:   "--framework FILE|ID --findings findings.csv [--agencies agencies.csv] [--cycle NAME] [--as-of DATE] --out DIR",
		Summary: "recompute scorecards from published findings, without a database",
		Help: `Recomputes every mark from a framework and a findings.csv alone, the way
an assessment cycle scores (same code), and writes DIR/scores.csv (UTF-8
with BOM, opens in Excel) and DIR/scores.json. Any agency can check its
mark this way without trusting the database.

--agencies gives names, levels and regions (tiers, not-applicable rules).
It may be the whole agencies file of a cycle that enrolled only some of
them: agencies without findings are left out with a note, and a parent
outside the file is fine. Without --agencies, agencies are known by code
only: all rank in one tier and indicators count as applicable unless their
finding says na.`,
		Run: runScore,
	})
}

func runScore(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	fwArg := fs.String("framework", "", "framework YAML file or built-in framework id")
	findingsPath := fs.String("findings", "", "findings.csv (agency,indicator,outcome,fraction[,count,measure,problem])")
	agenciesPath := fs.String("agencies", "", "agencies.csv (code,name,level,region,site,parent); optional")
	cycle := fs.String("cycle", "", "cycle name written into scores.json")
	asOfArg := fs.String("as-of", "", "as-of date YYYY-MM-DD written into scores.json")
	out := fs.String("out", "", "output folder")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("unexpected arguments: %s", strings.Join(pos, " "))
	case *fwArg == "" || *findingsPath == "" || *out == "":
		return usagef("--framework, --findings and --out are required")
	}
	var asOf zwgk.Date
	if *asOfArg != "" {
		if asOf, err = zwgk.ParseDate(*asOfArg); err != nil {
			return usagef("--as-of: %v", err)
		}
	}
	fw, err := loadFramework(*fwArg)
	if err != nil {
		return err
	}
	findings, err := readWith(*findingsPath, exchange.ReadFindingsCSV)
	if err != nil {
		return err
	}
	var list []zwgk.Agency
	if *agenciesPath != "" {
		// No database here: a parent need not be in the file.
		read := func(r io.Reader, name string) ([]zwgk.Agency, error) {
			return agencies.ReadCSVWith(r, name, agencies.Options{AnyParent: true})
		}
		if list, err = readWith(*agenciesPath, read); err != nil {
			return err
		}
		list = withFindings(env, list, findings, *agenciesPath)
	}
	cards, err := scoring.Recompute(fw, list, findings)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", *out, err)
	}
	doc := exchange.ScoresDoc{Cycle: *cycle, Framework: exchange.FrameworkRef{ID: fw.ID, Version: fw.Version}, AsOf: asOf, Agencies: cards,
		Stats: scoring.Aggregate(fw, cards)}
	if err := writeFile(filepath.Join(*out, "scores.csv"), func(f *os.File) error { return exchange.WriteScoresCSV(f, cards) }); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "scores.json"), func(f *os.File) error { return exchange.WriteScoresJSON(f, doc) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "scored %s with %s %s: %s, %s\n", plural(len(cards), "agency", "agencies"), fw.ID, fw.Version,
		filepath.Join(*out, "scores.csv"), filepath.Join(*out, "scores.json"))
	return nil
}

// withFindings keeps the agencies that have findings: the file may list
// more than the cycle enrolled. The rest are named in a note, so a typo in
// a code is still noticed.
func withFindings(env *Env, list []zwgk.Agency, findings []zwgk.Finding, file string) []zwgk.Agency {
	has := map[string]bool{}
	for _, f := range findings {
		has[f.Agency] = true
	}
	var kept []zwgk.Agency
	var left []string
	for _, a := range list {
		if has[a.Code] {
			kept = append(kept, a)
		} else {
			left = append(left, a.Code)
		}
	}
	if len(left) > 0 {
		shown := left
		if len(shown) > 10 {
			shown = shown[:10]
		}
		more := ""
		if len(left) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(left)-len(shown))
		}
		fmt.Fprintf(env.Stderr, "note: %s of %s have no findings and are left out (not in this cycle): %s%s\n",
			plural(len(left), "agency", "agencies"), file, strings.Join(shown, ", "), more)
	}
	if kept == nil {
		kept = []zwgk.Agency{} // none listed has findings: Recompute says so
	}
	return kept
}

// loadFramework reads a framework file, or a built-in framework by id when
// no such file exists.
func loadFramework(arg string) (*indicators.Framework, error) {
	if _, err := os.Stat(arg); err == nil {
		return indicators.ParseFile(arg)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("framework %s: %w", arg, err)
	}
	fw, err := indicators.Builtin(arg)
	if err != nil {
		return nil, fmt.Errorf("framework %q is neither a file nor a built-in framework (%s): %w", arg, strings.Join(indicators.BuiltinIDs(), ", "), err)
	}
	return fw, nil
}

func readWith[T any](path string, read func(r io.Reader, name string) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(f, path)
}

// writeFile writes through a temporary file and renames it, so an
// interrupted run never leaves a half-written scores file behind.
func writeFile(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"zwgk/indicators"
)

// The framework commands: list, show, validate and export indicator
// frameworks. Loading and validation are indicators.ParseFile's alone, as
// promtool's rule check is rulefmt's.

func init() {
	register("", &Command{Name: "framework", Summary: "indicator frameworks (指标体系): list, show, validate, export"})
	register("framework", &Command{
		Name:    "list",
		Summary: "list the built-in frameworks",
		Run:     runFrameworkList,
	})
	register("framework", &Command{
		Name:    "show",
		Usage:   "ID|FILE",
		Summary: "show a framework; --tree prints every indicator with its points",
		Run:     runFrameworkShow,
	})
	register("framework", &Command{
		Name:    "validate",
		Usage:   "FILE",
		Summary: "check a framework file; prints every fault with its line (exit 1)",
		Run:     runFrameworkValidate,
	})
	register("framework", &Command{
		Name:    "export",
		Usage:   "ID",
		Summary: "print a built-in framework's YAML, a starting point for your own",
		Help:    "Example: zwgk framework export zwgk-2016 > mine.yaml",
		Run:     runFrameworkExport,
	})
}

func runFrameworkList(_ context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tLEAVES\tTOTAL\tTITLE")
	for _, fw := range indicators.Builtins() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%g\t%s\n", fw.ID, fw.Version, len(fw.Leaves()), fw.Total, fw.Title)
	}
	return tw.Flush()
}

func runFrameworkShow(_ context.Context, env *Env, args []string) error {
	fs := env.Flags()
	tree := fs.Bool("tree", false, "print the whole indicator tree with points, kind and basis")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one framework id or file")
	}
	fw, err := indicators.Load(pos[0])
	if err != nil {
		return faults(env, err)
	}
	if *tree {
		return fw.WriteTree(env.Stdout)
	}
	return fw.WriteSummary(env.Stdout)
}

func runFrameworkValidate(_ context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one framework file")
	}
	fw, err := indicators.ParseFile(pos[0])
	if err != nil {
		return faults(env, err)
	}
	fmt.Fprintf(env.Stdout, "%s: ok — %s %s, %d indicators, sha256 %s\n", pos[0], fw.ID, fw.Version, len(fw.Leaves()), fw.Hash)
	return nil
}

func runFrameworkExport(_ context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one built-in framework id")
	}
	fw, err := indicators.Builtin(pos[0])
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(fw.Export())
	return err
}

// faults prints every fault of a framework on its own line and returns a
// short error, so the exit status is 1 and no fault is hidden.
func faults(env *Env, err error) error {
	var verrs indicators.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	for _, e := range verrs {
		fmt.Fprintln(env.Stderr, e)
	}
	if len(verrs) == 1 {
		return errors.New("1 fault")
	}
	return fmt.Errorf("%d faults", len(verrs))
}

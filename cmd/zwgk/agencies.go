package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"zwgk"
	"zwgk/agencies"
	"zwgk/store"
)

// The agencies commands: import the agencies file, list what is imported.

func init() {
	register("", &Command{Name: "agencies", Summary: "assessed agencies (被评估单位): import, list"})
	register("agencies", &Command{
		Name:    "import",
		Usage:   "FILE",
		Summary: "import or update agencies from a CSV file (all or nothing)",
		Help: `FILE is a CSV with the header code,name,level,region,site,parent, in UTF-8
(with or without BOM) or GBK as Excel saves it. level is ministry, province,
city or county (国务院部门, 省级, 市级, 县级 are accepted too); region a six-digit
GB/T 2260 code deep enough for the level; site an http(s) URL; parent the code
of an agency in the file or already imported (optional).

Every row is checked first. If any is bad, every bad row is listed with its
line and column and nothing is imported (exit 1). Otherwise the file is
imported in one transaction: new codes are added, known codes updated, and
each change is kept in the agency's history.`,
		Run: runAgenciesImport,
	})
	register("agencies", &Command{
		Name:    "list",
		Summary: "list imported agencies",
		Help:    "--region takes a GB/T 2260 code or prefix: 44 or 440000 is Guangdong and everything in it.",
		Run:     runAgenciesList,
	})
}

func runAgenciesImport(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one FILE, got %d arguments", len(pos))
	}
	path := pos[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := env.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	known, err := st.Agencies(ctx, store.AgencyFilter{})
	if err != nil {
		return err
	}
	have := make(map[string]bool, len(known))
	for _, a := range known {
		have[a.Code] = true
	}
	as, err := agencies.ReadCSVWith(f, filepath.Base(path), agencies.Options{Known: func(c string) bool { return have[c] }})
	if err != nil {
		return err
	}
	sum, err := st.ImportAgencies(ctx, as, filepath.Base(path))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d agencies: %d added, %d updated, %d unchanged\n",
		filepath.Base(path), len(as), sum.Added, sum.Updated, sum.Unchanged)
	return nil
}

func runAgenciesList(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	level := fs.String("level", "", "only this level: ministry, province, city, county")
	region := fs.String("region", "", "only this GB/T 2260 region code or prefix")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	f := store.AgencyFilter{Region: *region}
	if *level != "" {
		f.Level = agencies.ParseLevel(*level)
		if !f.Level.Valid() {
			return usagef("--level %q: want one of %v", *level, zwgk.Levels)
		}
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	as, err := st.Agencies(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tLEVEL\tREGION\tPARENT\tSITE\tNAME")
	for _, a := range as {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Code, a.Level, a.Region, a.Parent, a.Site, a.Name)
	}
	if len(as) == 0 {
		fmt.Fprintln(env.Stderr, "no agencies match")
	}
	return tw.Flush()
}

package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
)

// The cycle commands that set a cycle up and show it: create, list, show.
// The long work (crawl, score, publish) is in work.go.

func init() {
	register("", &Command{Name: "cycle", Summary: "assessment cycles (评估周期): create, list, show, crawl, score, publish"})
	register("cycle", &Command{
		Name:    "create",
		Usage:   "NAME --framework ID|FILE --as-of DATE",
		Summary: "create a cycle: freeze a framework and enrol agencies",
		Help: `--framework is a built-in framework id (see 'zwgk framework list') or a
YAML file (*.yaml, *.yml). Its exact text is frozen in the cycle, so later
edits of the file do not change the cycle.
--as-of is the assessment date (YYYY-MM-DD); --window the evidence window in
days ending at it (default: the framework's window_days).
--agencies selects who is enrolled (default: every imported agency), as
comma-separated terms that must all hold:
    level=county        one level: ministry, province, city, county
    region=44           a GB/T 2260 code or prefix (440000 = 44)
    codes=GD|SZ|FT      these agency codes
e.g. --agencies level=county,region=44`,
		Run: runCycleCreate,
	})
	register("cycle", &Command{
		Name:    "list",
		Summary: "list cycles, newest first",
		Run:     runCycleList,
	})
	register("cycle", &Command{
		Name:    "show",
		Usage:   "NAME",
		Summary: "show a cycle: framework, state, crawl progress, jobs, workers, throughput",
		Run:     runCycleShow,
	})
}

// cycleFramework reads --framework: a YAML file by its extension, else a
// built-in id.
func cycleFramework(ref string) (*indicators.Framework, error) {
	if l := strings.ToLower(ref); strings.HasSuffix(l, ".yaml") || strings.HasSuffix(l, ".yml") {
		return indicators.ParseFile(ref)
	}
	return indicators.Builtin(ref)
}

func runCycleCreate(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	fwRef := fs.String("framework", "", "built-in framework id or YAML file (required)")
	asOf := fs.String("as-of", "", "assessment date YYYY-MM-DD (required)")
	filter := fs.String("agencies", "", "which agencies to enrol, e.g. level=county,region=44 (default all)")
	window := fs.Int("window", 0, "evidence window in days ending at --as-of (default: the framework's)")
	previous := fs.String("previous", "", "the earlier cycle whose problems this one checks (default: the latest published cycle of the same framework id; \"none\" for none)")
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one NAME, got %d arguments", len(pos))
	case *fwRef == "":
		return usagef("--framework is required")
	case *asOf == "":
		return usagef("--as-of is required")
	case *window < 0:
		return usagef("--window must not be negative")
	}
	date, err := zwgk.ParseDate(*asOf)
	if err != nil {
		return usagef("--as-of: %v", err)
	}
	f, err := store.ParseAgencyFilter(*filter)
	if err != nil {
		return usagef("--agencies: %v", err)
	}
	fw, err := cycleFramework(*fwRef)
	if err != nil {
		return err
	}
	days := *window
	if days == 0 {
		days = fw.WindowDays
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
	if len(as) == 0 {
		all, err := st.Agencies(ctx, store.AgencyFilter{})
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return fmt.Errorf("no agencies imported yet in %s: import them first with 'zwgk agencies import FILE'", env.dbName())
		}
		return fmt.Errorf("no imported agency matches --agencies %q (of %s imported; 'zwgk agencies list' shows them)",
			*filter, plural(len(all), "agency", "agencies"))
	}
	codes := make([]string, len(as))
	for i, a := range as {
		codes[i] = a.Code
	}
	prev, linked, err := previousCycle(ctx, st, *previous, fw.ID, date)
	if err != nil {
		return err
	}
	c, err := st.CreateCycle(ctx, store.NewCycle{
		Name: pos[0], FrameworkID: fw.ID, FrameworkVersion: fw.Version, FrameworkHash: fw.Hash, FrameworkSource: fw.Source,
		AsOf: date, WindowDays: days, Agencies: codes,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "cycle %s created: framework %s %s (sha256 %.12s), as of %s, window %d days, agencies enrolled: %d\n",
		c.Name, fw.ID, fw.Version, c.FrameworkHash, c.AsOf, c.WindowDays, len(codes))
	if linked {
		if err := st.SetPreviousCycle(ctx, c.ID, prev.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "checks the rectification of cycle %s's problems (as of %s)\n", prev.Name, prev.AsOf)
	}
	return nil
}

// previousCycle resolves --previous before the cycle is created, so a bad
// name creates nothing: a name must be an earlier cycle of the same
// framework id; empty takes the latest published one, if any; "none" none.
func previousCycle(ctx context.Context, st *store.DB, name, frameworkID string, asOf zwgk.Date) (zwgk.Cycle, bool, error) {
	switch name {
	case "none":
		return zwgk.Cycle{}, false, nil
	case "":
		return st.LatestPublished(ctx, frameworkID, asOf)
	}
	p, err := st.CycleByName(ctx, name)
	if err != nil {
		return p, false, fmt.Errorf("--previous: %w", err)
	}
	switch {
	case p.FrameworkID != frameworkID:
		return p, false, usagef("--previous: cycle %s uses framework %s, not %s: rectification is tracked within one framework lineage", p.Name, p.FrameworkID, frameworkID)
	case !p.AsOf.Before(asOf):
		return p, false, usagef("--previous: cycle %s (as of %s) is not earlier than %s", p.Name, p.AsOf, asOf)
	}
	return p, true, nil
}

func runCycleList(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cs, err := st.Cycles(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATE\tAS OF\tFRAMEWORK\tAGENCIES\tCREATED")
	for _, c := range cs {
		counts, err := st.CycleCounts(ctx, c.ID)
		if err != nil {
			return err
		}
		n := 0
		for _, v := range counts {
			n += v
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", c.Name, c.State, c.AsOf, c.FrameworkID, n, c.CreatedAt.Format("2006-01-02 15:04"))
	}
	if len(cs) == 0 {
		fmt.Fprintln(env.Stderr, "no cycles yet: zwgk cycle create NAME --framework ID --as-of DATE")
	}
	return tw.Flush()
}

func runCycleShow(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	pos, err := env.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one NAME, got %d arguments", len(pos))
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := env.cycle(ctx, st, pos[0])
	if err != nil {
		return err
	}
	version, err := st.FrameworkVersion(ctx, c.ID)
	if err != nil {
		return err
	}
	counts, err := st.CycleCounts(ctx, c.ID)
	if err != nil {
		return err
	}
	total := 0
	for _, v := range counts {
		total += v
	}
	w := env.Stdout
	fmt.Fprintf(w, "cycle      %s\n", c.Name)
	fmt.Fprintf(w, "state      %s (%s)\n", c.State, c.State.Chinese())
	fmt.Fprintf(w, "framework  %s %s, sha256 %s\n", c.FrameworkID, version, c.FrameworkHash)
	fmt.Fprintf(w, "as of      %s, window %d days (from %s)\n", c.AsOf, c.WindowDays, c.WindowStart())
	fmt.Fprintf(w, "created    %s\n", c.CreatedAt.Format("2006-01-02 15:04:05 MST"))
	if c.PublishedAt != nil {
		fmt.Fprintf(w, "published  %s\n", c.PublishedAt.Format("2006-01-02 15:04:05 MST"))
	}
	fmt.Fprintf(w, "agencies   %d\n", total)
	for _, s := range store.CrawlStates {
		fmt.Fprintf(w, "  %-8s %d\n", s, counts[s])
	}
	return showCrawlProgress(ctx, env, st, c)
}

// showCrawlProgress prints the operational view of a cycle's crawl: its
// River jobs by state, the workers that took them, the River leader, and
// the throughput.
func showCrawlProgress(ctx context.Context, env *Env, st *store.DB, c zwgk.Cycle) error {
	w, cycleID := env.Stdout, c.ID
	pages, err := st.PageCount(ctx, cycleID)
	if err != nil {
		return err
	}
	ens, err := st.Enrolments(ctx, cycleID)
	if err != nil {
		return err
	}
	now := time.Now()
	fmt.Fprintf(w, "pages      %d stored\n", pages)
	fmt.Fprintf(w, "throughput %.1f sites/min over the last 5 min, %.1f over the last 1 min\n",
		cycle.SitesPerMinute(ens, now, 5*time.Minute), cycle.SitesPerMinute(ens, now, time.Minute))
	jobs, err := cycle.CrawlJobs(ctx, st.X.DB, st.Dialect(), cycleID)
	if err != nil {
		// A database no crawl ever ran on has no River tables yet (the
		// store worked above, so the database itself answers).
		fmt.Fprintln(w, "crawl jobs: none (River's tables are created by the first 'zwgk cycle crawl', 'zwgk monitor' or 'zwgk worker')")
		fmt.Fprintln(w, "probe rounds: none")
		return nil
	}
	total := 0
	for _, n := range jobs {
		total += n
	}
	fmt.Fprintf(w, "crawl jobs: %d\n", total)
	for _, s := range cycle.JobStates {
		if jobs[s] > 0 || s != "pending" && s != "cancelled" {
			fmt.Fprintf(w, "  %-9s %d\n", s, jobs[s])
		}
	}
	if jobs["running"] > 0 {
		if err := showHeld(ctx, env, st, cycleID, rescueAfter(nil)); err != nil {
			return err
		}
	}
	ps, err := cycle.ProbeJobs(ctx, st.X.DB, st.Dialect(), cycleID)
	if err != nil {
		return err
	}
	probes := 0
	for _, n := range ps.ByState {
		probes += n
	}
	fmt.Fprintf(w, "probe rounds: %d", probes)
	switch {
	case ps.Left > 0:
		next := ps.Next.Local().Format("2006-01-02 15:04:05")
		if !ps.Next.After(now) {
			next = "now (when a monitor runs)"
		}
		fmt.Fprintf(w, " (done: %d, left: %d, next round at %s; schedule %s)\n", ps.Done, ps.Left, next, ps.Mode())
	case probes > 0:
		fmt.Fprintf(w, " (done: %d; no round left: 'zwgk monitor' schedules one)\n", ps.Done)
	default:
		fmt.Fprintf(w, " (no schedule yet: 'zwgk monitor %s' makes one)\n", c.Name)
	}
	for _, s := range cycle.JobStates {
		if ps.ByState[s] > 0 {
			fmt.Fprintf(w, "  %-9s %d\n", s, ps.ByState[s])
		}
	}
	workers, err := cycle.CrawlWorkers(ctx, st.X.DB, st.Dialect(), cycleID)
	if err != nil {
		return err
	}
	leader, expires, err := cycle.Leader(ctx, st.X.DB)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "workers    %d seen\n", len(workers))
	if len(workers) > 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  WORKER\tJOBS\tRUNNING\tLAST STARTED\t")
		for _, x := range workers {
			mark := ""
			if x.ID == leader && expires.After(now) {
				mark = "leader"
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\t%s\n", x.ID, x.Jobs, x.Running, x.Last.Local().Format("2006-01-02 15:04:05"), mark)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if leader != "" && expires.After(now) {
		fmt.Fprintf(w, "leader     %s (runs the rescuer; lease until %s)\n", leader, expires.Local().Format("15:04:05"))
	}
	return nil
}

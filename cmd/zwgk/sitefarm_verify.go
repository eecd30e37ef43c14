package main

import (
	"context"
	"fmt"
	"time"

	"zwgk"
	"zwgk/crawler"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/sitefarm"
)

func init() {
	register("sitefarm", &Command{
		Name:    "verify",
		Usage:   "--sites N --seed S --cycle NAME",
		Summary: "compare a cycle's findings with the site farm's ground truth",
		Help: `Regenerates the farm (same --sites, --seed and --as-of as 'sitefarm serve'),
computes the findings a perfect assessor would make from its ground truth
with the cycle's frozen framework, and compares them with the cycle's stored
findings, (agency, indicator) by (agency, indicator). A cycle may enrol part
of the farm: only its enrolled agencies are judged. Exits 1 when the share
that agrees is below --min.`,
		Run: runSitefarmVerify,
	})
}

func runSitefarmVerify(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags()
	n := fs.Int("sites", 200, "number of sites the farm was served with")
	seed := fs.Int64("seed", 1, "generator seed the farm was served with")
	asOfS := fs.String("as-of", "", "as-of date the farm was served with (default 2026-11-20)")
	name := fs.String("cycle", "", "cycle whose findings to check")
	minShare := fs.Float64("min", 0.98, "least share of agreeing findings for success")
	show := fs.Int("show", 10, "mismatches to list")
	timeout := fs.Duration("timeout", 10*time.Second, "how long the crawler waited for an answer (its header timeout)")
	if _, err := env.Parse(fs, args); err != nil {
		return err
	}
	if *name == "" || *n <= 0 {
		return usagef("--cycle and --sites are required")
	}
	cfg := sitefarm.Config{Sites: *n, Seed: *seed, Defects: true}
	if *asOfS != "" {
		d, err := zwgk.ParseDate(*asOfS)
		if err != nil {
			return usagef("--as-of: %v", err)
		}
		cfg.AsOf = d
	}
	st, err := env.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := env.cycle(ctx, st, *name)
	if err != nil {
		return err
	}
	ens, err := st.Enrolments(ctx, c.ID)
	if err != nil {
		return err
	}
	enrolled := make(map[string]bool, len(ens))
	for _, e := range ens {
		enrolled[e.Agency] = true
	}
	fw, err := cycle.NewRunner(st, nil).Framework(ctx, c)
	if err != nil {
		return err
	}
	got, err := st.Findings(ctx, c.ID, "")
	if err != nil {
		return err
	}
	farm := sitefarm.Generate(cfg)
	truth := map[string]zwgk.Evidence{}
	var agencies []zwgk.Agency
	for _, s := range farm.Sites {
		if !enrolled[s.Agency.Code] {
			continue // not in this cycle: nothing of it was crawled
		}
		truth[s.Agency.Code] = retag(fw, s.TruthFor(sitefarm.Visitor{UserAgent: crawler.DefaultUserAgent, Timeout: *timeout}))
		agencies = append(agencies, s.Agency)
		delete(enrolled, s.Agency.Code)
	}
	if len(agencies) == 0 {
		return fmt.Errorf("cycle %s enrols none of the farm's %d sites (seed %d): give the --sites and --seed the farm was served with", c.Name, len(farm.Sites), *seed)
	}
	ag := cycle.Agree(fw, agencies, truth, got, c.AsOf)
	fmt.Fprintf(env.Stdout, "judged the %d enrolled agencies of the farm's %d sites\n", len(agencies), len(farm.Sites))
	if len(enrolled) > 0 {
		fmt.Fprintf(env.Stdout, "note: %s enrolled in cycle %s not from this farm (not judged)\n", plural(len(enrolled), "agency", "agencies"), c.Name)
	}
	fmt.Fprintf(env.Stdout, "与样本网站真值一致的评估发现：%d / %d = %.2f%%\n", ag.Matched, ag.Compared, 100*ag.Share())
	for i, m := range ag.Mismatches {
		if i == *show {
			fmt.Fprintf(env.Stdout, "  … 另有 %d 处不一致\n", len(ag.Mismatches)-i)
			break
		}
		fmt.Fprintf(env.Stdout, "  不一致：%s\n", m)
	}
	crawled := map[string]zwgk.Evidence{}
	for _, a := range agencies {
		ev, ok, err := st.Evidence(ctx, c.ID, a.Code)
		if err != nil {
			return err
		}
		if ok {
			crawled[a.Code] = ev
		}
	}
	ca := cycle.AgreeCandidates(truth, crawled)
	fmt.Fprintf(env.Stdout, "与样本网站真值一致的内容检查候选：%d / %d = %.2f%%\n", ca.Matched, ca.Compared, 100*ca.Share())
	for i, m := range append(prefixed("漏报", ca.Missed), prefixed("误报", ca.Extra)...) {
		if i == *show {
			break
		}
		fmt.Fprintf(env.Stdout, "  %s\n", m)
	}
	ta := agreeTransport(agencies, truth, crawled)
	if fw.NeedsTransport() || ta.Compared > 0 {
		fmt.Fprintf(env.Stdout, "与样本网站真值一致的IPv6/HTTPS检测：%d / %d = %.2f%%（%d 个网站）\n", ta.Matched, ta.Compared, 100*ta.Share(), ta.Sites)
		if ta.Unchecked > 0 {
			fmt.Fprintf(env.Stdout, "  另有 %d 个网站采集时未检测IPv6/HTTPS（未用 --sitefarm-net，或采集未完成）\n", ta.Unchecked)
		}
		for i, m := range ta.Mismatches {
			if i == *show {
				fmt.Fprintf(env.Stdout, "  … 另有 %d 处不一致\n", len(ta.Mismatches)-i)
				break
			}
			fmt.Fprintf(env.Stdout, "  不一致：%s\n", m)
		}
	}
	if ag.Share() < *minShare {
		return fmt.Errorf("agreement %.2f%% is below %.2f%%", 100*ag.Share(), 100**minShare)
	}
	if ta.Compared > 0 && ta.Share() < *minShare {
		return fmt.Errorf("transport agreement %.2f%% is below %.2f%%", 100*ta.Share(), 100**minShare)
	}
	if ca.Share() < *minShare {
		return fmt.Errorf("content-check candidate agreement %.2f%% is below %.2f%%", 100*ca.Share(), 100**minShare)
	}
	return nil
}

// transportAgreement counts the transport checks (four a site) whose
// crawled value agrees with the farm's truth.
type transportAgreement struct {
	Sites, Compared, Matched, Unchecked int
	Mismatches                          []string
}

func (t transportAgreement) Share() float64 {
	if t.Compared == 0 {
		return 1
	}
	return float64(t.Matched) / float64(t.Compared)
}

// agreeTransport compares each crawled transport check with the truth's;
// a site the truth gives none (a crawler refused or outwaited) is not
// judged, one crawled without a check is counted apart.
func agreeTransport(agencies []zwgk.Agency, truth, crawled map[string]zwgk.Evidence) transportAgreement {
	var ta transportAgreement
	for _, a := range agencies {
		want := truth[a.Code].Transport
		if want == nil {
			continue
		}
		got := crawled[a.Code].Transport
		if got == nil {
			ta.Unchecked++
			continue
		}
		ta.Sites++
		diff := sitefarm.TransportDiff(*want, *got)
		ta.Compared += len(sitefarm.TransportChecks)
		ta.Matched += len(sitefarm.TransportChecks) - len(diff)
		for _, d := range diff {
			ta.Mismatches = append(ta.Mismatches, a.Code+" "+d)
		}
	}
	return ta
}

func prefixed(p string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = p + "：" + s
	}
	return out
}

// retag keeps a truth column's indicator tags only where the framework's
// indicator of that id looks for the column (its aliases match the label):
// the farm tags its columns with the ids of its own catalogue (zwgk-2016),
// and another framework's indicator of the same id ("C1" is 留言办理 in
// gov-website-2019, 权责清单 in zwgk-2016) must not find them by the tag.
func retag(fw *indicators.Framework, ev zwgk.Evidence) zwgk.Evidence {
	cols := make([]zwgk.Column, len(ev.Columns))
	for i, c := range ev.Columns {
		var keep []string
		for _, id := range c.Indicators {
			if ind := fw.Indicator(id); ind != nil && ind.Rule != nil && indicators.MatchAlias(ind.Rule.Aliases(), c.Name) {
				keep = append(keep, id)
			}
		}
		c.Indicators = keep
		cols[i] = c
	}
	ev.Columns = cols
	return ev
}

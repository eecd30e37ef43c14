package cycle

import (
	"context"
	"fmt"
	"slices"
	"time"

	"zwgk"
	"zwgk/crawler"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/store"
)

// RecheckOptions say which problems a re-check reads again.
type RecheckOptions struct {
	// All re-checks every problem of the agency; otherwise only those the
	// agency claimed fixed (and not re-checked since).
	All bool
	// By is the assessor, for the record and the audit log.
	By string
}

// RecheckResult is what a re-check did.
type RecheckResult struct {
	Recorded []store.Recheck
	// Skipped are problems a few pages cannot settle (availability over a
	// week, letters, an assessor's judgement), with why.
	Skipped []SkippedProblem
	Pages   int // pages fetched, links checked included
}

// SkippedProblem is a problem left to the next full crawl or an assessor.
type SkippedProblem struct {
	zwgk.Problem
	Why string
}

// chinaTime is the zone civil dates are taken in: "today" is Beijing's.
var chinaTime = time.FixedZone("CST", 8*3600)

// ruleNeedsCrawl are rule kinds a handful of pages cannot judge again.
var ruleNeedsCrawl = map[indicators.RuleKind]string{
	indicators.RuleAvailability: "可用性须连续监测一周，留待下期评估",
	indicators.RuleResponse:     "留言办理须查看留言记录全貌，留待下期评估或人工核查",
	indicators.RuleManual:       "人工评分指标，由评估人员核查",
}

// Recheck reads again, for one agency of cycle name (typically published),
// only the pages its problems rest on — the columns, links and home page
// the findings name — judges those indicators again as of today, and
// records for each problem whether it is now fixed or still open. The
// cycle itself is not changed: its findings stand as of its date; the
// re-checks form the rectification ledger and the next cycle's baseline.
func (r *Runner) Recheck(ctx context.Context, name, code string, opts RecheckOptions) (RecheckResult, error) {
	var res RecheckResult
	if r.crawler == nil {
		return res, fmt.Errorf("recheck: no crawler")
	}
	c, err := r.store.CycleByName(ctx, name)
	if err != nil {
		return res, err
	}
	fw, err := r.Framework(ctx, c)
	if err != nil {
		return res, err
	}
	a, err := r.store.Agency(ctx, code)
	if err != nil {
		return res, err
	}
	findings, err := r.store.Findings(ctx, c.ID, code)
	if err != nil {
		return res, err
	}
	if len(findings) == 0 {
		return res, fmt.Errorf("recheck: agency %s has no findings in cycle %s (not enrolled, or not scored yet)", code, name)
	}
	ev, ok, err := r.store.Evidence(ctx, c.ID, code)
	if err != nil {
		return res, err
	}
	if !ok {
		return res, fmt.Errorf("recheck: agency %s was never crawled in cycle %s", code, name)
	}
	problems := scoring.Problems(fw, findings)
	if !opts.All {
		claims, err := r.store.Claims(ctx, c.ID, code)
		if err != nil {
			return res, err
		}
		done, err := r.store.Rechecks(ctx, c.ID, code)
		if err != nil {
			return res, err
		}
		claimed := map[string]bool{}
		for _, cl := range claims {
			claimed[cl.Key] = true
			for _, rc := range done {
				if rc.Key == cl.Key && rc.At.After(cl.At) {
					claimed[cl.Key] = false // re-checked since this claim
				}
			}
		}
		problems = slices.DeleteFunc(problems, func(p zwgk.Problem) bool { return !claimed[p.Key] })
	}
	if len(problems) == 0 {
		return res, nil
	}
	byID := map[string]*indicators.Indicator{}
	for _, l := range fw.Leaves() {
		byID[l.ID] = l
	}
	finding := map[string]zwgk.Finding{}
	for _, f := range findings {
		finding[f.Indicator] = f
	}
	// The targets: every column, link and home page the problems'
	// findings name, once.
	var targets []crawler.Target
	have := map[string]bool{}
	add := func(t crawler.Target) {
		if k := string(t.Kind) + " " + t.URL; !have[k] {
			have[k] = true
			targets = append(targets, t)
		}
	}
	var checked []zwgk.Problem
	for _, p := range problems {
		ind := byID[p.Indicator]
		if ind == nil || ind.Rule == nil {
			res.Skipped = append(res.Skipped, SkippedProblem{p, "人工评分指标，由评估人员核查"})
			continue
		}
		if why, ok := ruleNeedsCrawl[ind.Rule.Kind]; ok {
			res.Skipped = append(res.Skipped, SkippedProblem{p, why})
			continue
		}
		found := false
		for _, u := range finding[p.Indicator].Evidence {
			switch {
			case u == ev.Home.URL:
				add(crawler.Target{Kind: crawler.TargetHome, URL: u})
			case columnURL(ev, u) != nil:
				add(crawler.Target{Kind: crawler.TargetColumn, URL: u, Name: columnURL(ev, u).Name})
			case linkOf(ev, u) != nil:
				add(crawler.Target{Kind: crawler.TargetLink, URL: u, From: linkOf(ev, u).From})
			default:
				continue
			}
			found = true
		}
		if ind.Rule.Kind == indicators.RuleHomepageUpdated {
			add(crawler.Target{Kind: crawler.TargetHome, URL: ev.Home.URL})
			found = true
		}
		if !found {
			res.Skipped = append(res.Skipped, SkippedProblem{p, "问题不涉及可单独复查的页面，留待下期评估"})
			continue
		}
		checked = append(checked, p)
	}
	if len(checked) == 0 {
		return res, nil
	}
	today := zwgk.DateOf(r.now().In(chinaTime))
	fresh, err := r.crawler.Recheck(ctx, a, fw, today, targets, nil)
	if err != nil {
		return res, fmt.Errorf("recheck %s: %w", code, err)
	}
	res.Pages = len(fresh.Pages) + len(fresh.Links)
	merged := mergeRecheck(ev, fresh, targets)
	var out []store.Recheck
	for _, p := range checked {
		f := scoring.EvaluateLeaf(fw, byID[p.Indicator], a, &merged, today)
		state, detail := zwgk.RectFixed, f.Measure
		if scoring.StillOpen(fw, p, f) {
			state = zwgk.RectOpen
			if f.Problem != "" {
				detail = f.Problem
			}
		}
		out = append(out, store.Recheck{CycleID: c.ID, Agency: code, Key: p.Key, Indicator: p.Indicator, Subject: p.Subject,
			State: state, Detail: detail, Pages: res.Pages, By: opts.By})
	}
	if err := r.store.AddRechecks(ctx, out); err != nil {
		return res, err
	}
	res.Recorded = out
	return res, nil
}

func columnURL(ev zwgk.Evidence, u string) *zwgk.Column {
	for i := range ev.Columns {
		if ev.Columns[i].URL == u {
			return &ev.Columns[i]
		}
	}
	return nil
}

func linkOf(ev zwgk.Evidence, u string) *zwgk.Link {
	for i := range ev.Links {
		if ev.Links[i].URL == u {
			return &ev.Links[i]
		}
	}
	return nil
}

// mergeRecheck is the stored evidence with what the re-check read in
// place of what it had: the home page, the columns by URL (keeping the
// indicators the crawl matched them to), the links by URL.
func mergeRecheck(ev zwgk.Evidence, fresh crawler.Rechecked, targets []crawler.Target) zwgk.Evidence {
	out := ev
	out.Columns = slices.Clone(ev.Columns)
	out.Links = slices.Clone(ev.Links)
	for _, t := range targets {
		if t.Kind == crawler.TargetHome && fresh.Home.URL != "" {
			out.Home = fresh.Home
		}
	}
	for _, fc := range fresh.Columns {
		for i := range out.Columns {
			if out.Columns[i].URL == fc.URL {
				if len(fc.Indicators) == 0 {
					fc.Indicators = out.Columns[i].Indicators
				}
				out.Columns[i] = fc
			}
		}
	}
	out.Links = slices.DeleteFunc(out.Links, func(l zwgk.Link) bool { return slices.Contains(fresh.Unlinked, l.URL) })
	for _, fl := range fresh.Links {
		for i := range out.Links {
			if out.Links[i].URL == fl.URL {
				fl.From, fl.OnHome = out.Links[i].From, out.Links[i].OnHome
				out.Links[i] = fl
			}
		}
	}
	return out
}

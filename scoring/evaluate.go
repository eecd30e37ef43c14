package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// Artifact names a kind of evidence an evaluator reads, like a Lighthouse
// audit's requiredArtifacts: the crawler may gather only what the
// framework's rules need.
type Artifact string

// Artifacts.
const (
	ArtifactProbes    Artifact = "probes"     // availability probes of the home page
	ArtifactHome      Artifact = "home"       // home page items (and second-level pages of a hub)
	ArtifactColumns   Artifact = "columns"    // columns found by aliases, with their list items
	ArtifactItemPages Artifact = "item_pages" // opened item pages: attachments, terms found
	ArtifactLetters   Artifact = "letters"    // letters with submitted and replied dates
	ArtifactLinks     Artifact = "links"      // checked links
)

// Input is what an evaluator judges: one leaf of the framework for one
// agency's evidence as of a date.
type Input struct {
	Framework *indicators.Framework
	Indicator *indicators.Indicator
	Rule      *indicators.Rule
	Agency    zwgk.Agency
	Evidence  *zwgk.Evidence
	AsOf      zwgk.Date
}

// Result is an evaluator's verdict before the indicator's kind turns it
// into an outcome.
type Result struct {
	// Fraction is the share of the rule met, 0..1 (score, bonus).
	Fraction float64
	// Count is the number of occurrences of the problem (deduct).
	Count int
	// Breach is true when the rule is broken (veto).
	Breach bool
	// Pending: not enough evidence to judge yet; NA: the rule does not
	// apply to what was found.
	Pending, NA bool
	Measure     string
	Problem     string
	Evidence    []string
}

// Evaluator judges one rule kind.
type Evaluator struct {
	Kind  indicators.RuleKind
	Title string // what it checks, in Chinese
	// Needs is the evidence it reads.
	Needs []Artifact
	// Crawled is true when it judges crawled pages: when the site could
	// not be crawled at all (Evidence.Failure) the finding fails with the
	// cause instead of being evaluated.
	Crawled bool
	Eval    func(in Input) Result
}

var registry = map[indicators.RuleKind]Evaluator{
	indicators.RuleAvailability:    {indicators.RuleAvailability, "网站可用性", []Artifact{ArtifactProbes}, false, evalAvailability},
	indicators.RuleHomepageUpdated: {indicators.RuleHomepageUpdated, "首页更新", []Artifact{ArtifactHome}, true, evalHomepageUpdated},
	indicators.RuleColumn:          {indicators.RuleColumn, "栏目建设与更新", []Artifact{ArtifactColumns, ArtifactItemPages}, true, evalColumn},
	indicators.RuleStaleColumns:    {indicators.RuleStaleColumns, "栏目不更新", []Artifact{ArtifactColumns}, true, evalStaleColumns},
	indicators.RuleDocument:        {indicators.RuleDocument, "规定信息发布", []Artifact{ArtifactColumns}, true, evalDocument},
	indicators.RuleInterpretation:  {indicators.RuleInterpretation, "政策解读", []Artifact{ArtifactColumns}, true, evalInterpretation},
	indicators.RuleResponse:        {indicators.RuleResponse, "互动回应", []Artifact{ArtifactColumns, ArtifactLetters}, true, evalResponse},
	indicators.RuleLinks:           {indicators.RuleLinks, "链接可用性", []Artifact{ArtifactLinks}, true, evalLinks},
	indicators.RuleServiceGuide:    {indicators.RuleServiceGuide, "办事指南要素", []Artifact{ArtifactColumns, ArtifactItemPages}, true, evalServiceGuide},
	indicators.RuleManual:          {indicators.RuleManual, "人工评分", nil, false, nil},
}

// Evaluators lists the evaluator of every rule kind, sorted by kind.
func Evaluators() []Evaluator {
	out := make([]Evaluator, 0, len(registry))
	for _, e := range registry {
		e.Needs = slices.Clone(e.Needs)
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Evaluator) int { return strings.Compare(string(a.Kind), string(b.Kind)) })
	return out
}

// Needs is the evidence rule kind k needs; nil for manual and unknown kinds.
func Needs(k indicators.RuleKind) []Artifact { return slices.Clone(registry[k].Needs) }

// FrameworkNeeds is the union of the evidence the framework's leaves need
// for agencies of level l (all levels when l is empty), in a stable order.
func FrameworkNeeds(fw *indicators.Framework, l zwgk.Level) []Artifact {
	seen := map[Artifact]bool{}
	for _, ind := range fw.Leaves() {
		if ind.Rule == nil || (l != "" && !ind.AppliesTo(l)) {
			continue
		}
		for _, a := range registry[ind.Rule.Kind].Needs {
			seen[a] = true
		}
	}
	var out []Artifact
	for _, a := range []Artifact{ArtifactProbes, ArtifactHome, ArtifactColumns, ArtifactItemPages, ArtifactLetters, ArtifactLinks} {
		if seen[a] {
			out = append(out, a)
		}
	}
	return out
}

// Evaluate judges every leaf of fw for agency a on its evidence as of asOf:
// one finding per leaf, in tree order. Leaves that do not apply to the
// agency's level are na; manual leaves are pending.
func Evaluate(fw *indicators.Framework, a zwgk.Agency, ev zwgk.Evidence, asOf zwgk.Date) []zwgk.Finding {
	leaves := fw.Leaves()
	out := make([]zwgk.Finding, 0, len(leaves))
	for _, ind := range leaves {
		out = append(out, EvaluateLeaf(fw, ind, a, &ev, asOf))
	}
	return out
}

// EvaluateLeaf judges one leaf.
func EvaluateLeaf(fw *indicators.Framework, ind *indicators.Indicator, a zwgk.Agency, ev *zwgk.Evidence, asOf zwgk.Date) zwgk.Finding {
	code := a.Code
	if code == "" {
		code = ev.Agency
	}
	f := zwgk.Finding{Agency: code, Indicator: ind.ID}
	if a.Level != "" && !ind.AppliesTo(a.Level) {
		f.Outcome = zwgk.NA
		f.Measure = fmt.Sprintf("本指标不适用于%s单位", a.Level.Chinese())
		return f
	}
	if ind.Kind == indicators.KindManual || ind.Rule == nil || ind.Rule.Kind == indicators.RuleManual {
		f.Outcome = zwgk.Pending
		f.Measure = "待评估人员人工评分"
		return f
	}
	e, ok := registry[ind.Rule.Kind]
	if !ok || e.Eval == nil {
		f.Outcome = zwgk.Pending
		f.Measure = fmt.Sprintf("规则类型 %q 无自动评估程序，待人工评分", ind.Rule.Kind)
		return f
	}
	if ind.Rule.Params() == nil {
		// Only a framework built in Go without validation gets here.
		f.Outcome = zwgk.Pending
		f.Measure = fmt.Sprintf("规则类型 %q 缺少参数，待人工评分", ind.Rule.Kind)
		return f
	}
	var r Result
	if ev.Failure != nil && e.Crawled && (ev.Failure.Cause.OnAssessor() || temporary(ev.Failure)) {
		// Never accuse on a guess: the assessment, not the site, could not
		// see the pages; an assessor checks by hand or the site is crawled
		// again.
		r = Result{Pending: true, Measure: "网站未能完整采集：" + FailureText(ev.Failure) + "，待重新采集或人工核查"}
		if ev.Failure.URL != "" {
			r.Evidence = []string{ev.Failure.URL}
		}
	} else if ev.Failure != nil && e.Crawled {
		r = failureResult(ind, ev.Failure)
	} else {
		r = e.Eval(Input{Framework: fw, Indicator: ind, Rule: ind.Rule, Agency: a, Evidence: ev, AsOf: asOf})
	}
	return judge(f, ind, r)
}

// judge turns an evaluator's result into a finding according to the
// indicator's kind.
func judge(f zwgk.Finding, ind *indicators.Indicator, r Result) zwgk.Finding {
	f.Measure, f.Evidence = r.Measure, r.Evidence
	switch {
	case r.NA:
		f.Outcome = zwgk.NA
		return f
	case r.Pending:
		f.Outcome = zwgk.Pending
		f.Problem = r.Problem
		return f
	}
	switch ind.Kind {
	case indicators.KindVeto:
		if r.Breach {
			f.Outcome, f.Fraction = zwgk.Fail, 0
		} else {
			f.Outcome, f.Fraction = zwgk.Pass, 1
		}
	case indicators.KindDeduct:
		f.Count = max(r.Count, 0)
		f.Fraction = 1
		if ind.Points > 0 {
			f.Fraction = (ind.Points - min(ind.Points, float64(f.Count)*ind.Per)) / ind.Points
		}
		f.Outcome = outcomeOf(f.Fraction)
		if f.Count > 0 && f.Outcome == zwgk.Pass {
			f.Outcome = zwgk.Partial // occurrences that cost nothing (per 0) are still problems
		}
	default:
		f.Fraction = clamp01(r.Fraction)
		f.Outcome = outcomeOf(f.Fraction)
	}
	if f.Outcome != zwgk.Pass {
		f.Problem = r.Problem
		if f.Problem == "" {
			f.Problem = fmt.Sprintf("「%s」未达标", ind.Name)
		}
	}
	return f
}

func outcomeOf(fraction float64) zwgk.Outcome {
	switch {
	case fraction >= 1:
		return zwgk.Pass
	case fraction <= 0:
		return zwgk.Fail
	}
	return zwgk.Partial
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) || x < 0 {
		return 0
	}
	return min(x, 1)
}

// failureResult fails a crawl-based rule when the site could not be
// crawled at all; a deduct indicator loses all its points.
func failureResult(ind *indicators.Indicator, fl *zwgk.Failure) Result {
	why := FailureText(fl)
	r := Result{Breach: true, Measure: "网站未能采集：" + why, Problem: why + "，无法核查"}
	if ind.Per > 0 {
		r.Count = int(math.Ceil(ind.Points / ind.Per))
	} else {
		r.Count = 1
	}
	if fl.URL != "" {
		r.Evidence = []string{fl.URL}
	}
	return r
}

// FailureText explains in Chinese why a site could not be assessed
// ("网站拒绝评估程序访问（403）").
func FailureText(fl *zwgk.Failure) string {
	why := fl.Cause.Chinese()
	if why == "" {
		why = "网站无法访问"
	}
	switch {
	case fl.Cause == zwgk.CauseBlocked:
		// the cause's text already says 403
	case fl.Cause == zwgk.CauseOffsite && fl.Detail != "":
		why += "（跳转至 " + clip(fl.Detail, 80) + "）" // the crawler puts the target there
	case fl.Status > 0:
		why += fmt.Sprintf("（HTTP %d）", fl.Status)
	case (fl.Cause == zwgk.CauseOther || fl.Cause == zwgk.CauseIncomplete) && fl.Detail != "":
		why += "（" + clip(fl.Detail, 60) + "）"
	}
	return why
}

// clip bounds untrusted text (titles, details from crawled pages) for
// measures and problem statements.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// listed joins up to max entries with "；" and says how many were left out.
func listed(parts []string, limit int) string {
	if len(parts) <= limit {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts[:limit], "；") + fmt.Sprintf("；等共%d项", len(parts))
}

func percent(num, den int) string {
	if den == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(num)/float64(den))
}

// matchColumns is the evidence's columns that stand for an indicator: the
// crawler tagged them with its id, or their label matches an alias.
func matchColumns(ev *zwgk.Evidence, id string, aliases []string) []*zwgk.Column {
	var out []*zwgk.Column
	for i := range ev.Columns {
		c := &ev.Columns[i]
		if (id != "" && slices.Contains(c.Indicators, id)) || (len(aliases) > 0 && indicators.MatchAlias(aliases, c.Name)) {
			out = append(out, c)
		}
	}
	return out
}

// newestBy is the newest item dated on or before asOf: items dated later
// were not there on the as-of date, and re-scoring must not depend on when
// the crawl ran.
func newestBy(items []zwgk.Item, asOf zwgk.Date) (zwgk.Item, bool) {
	var best zwgk.Item
	found := false
	for _, it := range items {
		if it.Date.IsZero() || it.Date.After(asOf) {
			continue
		}
		if !found || it.Date.After(best.Date) {
			best, found = it, true
		}
	}
	return best, found
}

// windowStart is the first day of the evidence window (days before asOf);
// zero when there is no window.
func windowStart(asOf zwgk.Date, days int) zwgk.Date {
	if days <= 0 {
		return zwgk.Date{}
	}
	return asOf.AddDays(-days)
}

func inWindow(d, start, asOf zwgk.Date) bool {
	return !d.IsZero() && !d.After(asOf) && (start.IsZero() || !d.Before(start))
}

func hasTerm(it zwgk.Item, term string) bool {
	n := indicators.Normalize(term)
	if n == "" {
		return true
	}
	if strings.Contains(indicators.Normalize(it.Title), n) {
		return true
	}
	for _, t := range it.Terms {
		if indicators.Normalize(t) == n {
			return true
		}
	}
	return false
}

func quote(aliases []string, fallback string) string {
	if len(aliases) > 0 {
		return aliases[0]
	}
	return fallback
}

// temporary reports whether the site itself said its failure was
// temporary: 503 (Service Unavailable) and 429 (Too Many Requests) both
// mean "come back later" (RFC 9110 §15.6.4, RFC 6585 §4). One such answer
// to the crawl is no ground to fail every content indicator; availability
// is measured by the probes, and the site is crawled again.
func temporary(fl *zwgk.Failure) bool {
	return fl.Cause == zwgk.CauseStatus && (fl.Status == 503 || fl.Status == 429)
}

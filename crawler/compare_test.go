package crawler

import (
	"fmt"
	"math"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
)

// columnMismatches lists where the crawled columns' newest dates differ
// from the truth; columns are matched by URL, then by name.
func columnMismatches(code string, got, want zwgk.Evidence) []string {
	var out []string
	byURL := map[string]zwgk.Column{}
	byName := map[string]zwgk.Column{}
	for _, c := range got.Columns {
		byURL[Normalize(c.URL)] = c
		byName[indicators.Normalize(c.Name)] = c
	}
	for _, w := range want.Columns {
		g, ok := byURL[Normalize(w.URL)]
		if !ok {
			g, ok = byName[indicators.Normalize(w.Name)]
		}
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: column %q (%s) not found", code, w.Name, w.URL))
		case g.Newest() != w.Newest():
			out = append(out, fmt.Sprintf("%s: column %q newest %v, truth %v", code, w.Name, g.Newest(), w.Newest()))
		}
	}
	if (got.Failure == nil) != (want.Failure == nil) || (got.Failure != nil && got.Failure.Cause != want.Failure.Cause) {
		out = append(out, fmt.Sprintf("%s: failure %+v, truth %+v", code, got.Failure, want.Failure))
	}
	return out
}

// findingMismatches scores the crawled evidence and the truth with the
// same framework and lists the (site, indicator) findings that differ in
// outcome or fraction.
func findingMismatches(fw *indicators.Framework, a zwgk.Agency, got, want zwgk.Evidence, asOf zwgk.Date) (total int, diffs []string) {
	g := scoring.Evaluate(fw, a, got, asOf)
	w := scoring.Evaluate(fw, a, want, asOf)
	byID := map[string]zwgk.Finding{}
	for _, f := range g {
		byID[f.Indicator] = f
	}
	for _, wf := range w {
		total++
		gf, ok := byID[wf.Indicator]
		if !ok || gf.Outcome != wf.Outcome || math.Abs(gf.Fraction-wf.Fraction) > 1e-9 || gf.Count != wf.Count {
			diffs = append(diffs, fmt.Sprintf("%s %s: crawled %s %.3f ×%d (%s), truth %s %.3f ×%d (%s)",
				a.Code, wf.Indicator, gf.Outcome, gf.Fraction, gf.Count, gf.Measure, wf.Outcome, wf.Fraction, wf.Count, wf.Measure))
		}
	}
	return total, diffs
}

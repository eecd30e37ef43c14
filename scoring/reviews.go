package scoring

import "zwgk"

// ApplyReviews lays assessors' reviews over findings and returns the
// result (the input is not modified). For each (agency, indicator) the
// latest review (by time, then id) wins: the finding takes its outcome,
// fraction and count, Override records the decision and reason, and
// Automated keeps what the machine found, so a scorecard can show both.
// Applying the same reviews again changes nothing. Reviews with an invalid
// outcome, or for which there is no finding, are ignored.
func ApplyReviews(findings []zwgk.Finding, reviews []zwgk.Review) []zwgk.Finding {
	out := make([]zwgk.Finding, len(findings))
	copy(out, findings)
	if len(reviews) == 0 {
		return out
	}
	type key struct{ agency, indicator string }
	latest := make(map[key]*zwgk.Review, len(reviews))
	for i := range reviews {
		r := &reviews[i]
		if !r.Outcome.Valid() {
			continue
		}
		k := key{r.Agency, r.Indicator}
		if old, ok := latest[k]; !ok || r.At.After(old.At) || (r.At.Equal(old.At) && r.ID > old.ID) {
			latest[k] = r
		}
	}
	for i := range out {
		f := &out[i]
		r, ok := latest[key{f.Agency, f.Indicator}]
		if !ok {
			continue
		}
		auto := *f
		if f.Automated != nil {
			auto = *f.Automated // reviewing a reviewed finding: keep the machine's
		}
		auto.Override, auto.Automated = nil, nil
		ov := &zwgk.Override{Outcome: r.Outcome, Fraction: clamp01(r.Fraction), Count: max(r.Count, 0), Reason: r.Reason, By: r.By, At: r.At}
		if r.Appeal != nil {
			ov.Appeal = *r.Appeal
		}
		f.Outcome, f.Fraction, f.Count = ov.Outcome, ov.Fraction, ov.Count
		f.Problem, f.Evidence = auto.Problem, auto.Evidence
		// The measure says who decided and why; the machine's measure
		// stays in Automated.
		f.Measure = "人工复核：" + r.Reason
		switch {
		case ov.Outcome == zwgk.Pass || ov.Outcome == zwgk.NA:
			f.Problem = ""
		case f.Problem == "":
			f.Problem = r.Reason
		}
		f.Override = ov
		f.Automated = &auto
	}
	return out
}

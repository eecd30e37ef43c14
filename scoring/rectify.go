package scoring

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// ProblemKey is the stable identity of a problem: the same agency,
// indicator and subject give the same key in every cycle.
func ProblemKey(agency, indicator, subject string) string {
	sum := sha256.Sum256([]byte(agency + "\x00" + indicator + "\x00" + subject))
	return hex.EncodeToString(sum[:8])
}

// Problems are the problems a cycle's findings publish: one per subject
// (evidence URL) of every finding that did not pass, or one for the
// indicator when the finding names no subject. Bonus indicators are no
// problems (not earning a bonus needs no rectification), nor are
// not-applicable and pending findings. Order: the findings', then the
// subjects'.
func Problems(fw *indicators.Framework, findings []zwgk.Finding) []zwgk.Problem {
	kinds := leafKinds(fw)
	var out []zwgk.Problem
	for _, f := range findings {
		if !isProblem(f, kinds) {
			continue
		}
		subjects := subjectsOf(f)
		if len(subjects) == 0 {
			subjects = []string{""}
		}
		for _, s := range subjects {
			out = append(out, zwgk.Problem{Key: ProblemKey(f.Agency, f.Indicator, s), Agency: f.Agency, Indicator: f.Indicator,
				Subject: s, Statement: f.Problem})
		}
	}
	return out
}

func leafKinds(fw *indicators.Framework) map[string]indicators.Kind {
	kinds := map[string]indicators.Kind{}
	if fw == nil {
		return kinds
	}
	for _, l := range fw.Leaves() {
		kinds[l.ID] = l.Kind
	}
	return kinds
}

func isProblem(f zwgk.Finding, kinds map[string]indicators.Kind) bool {
	if kinds[f.Indicator] == indicators.KindBonus {
		return false
	}
	switch f.Outcome {
	case zwgk.Fail, zwgk.Partial:
		return true
	}
	return false
}

// subjectsOf are a finding's evidence URLs, deduplicated, in order.
func subjectsOf(f zwgk.Finding) []string {
	var out []string
	for _, u := range f.Evidence {
		if u = strings.TrimSpace(u); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// Rectify says what became of each problem of an earlier cycle (prev,
// scored with prevFW) in the current one (cur, scored with curFW, whose
// agencies are enrolled), and which current problems are new:
//
//   - not applicable: the agency is not assessed now, the indicator is no
//     longer in the framework, or its current finding is not applicable;
//   - pending: the current finding awaits an assessor;
//   - fixed: the current finding passes, or it still fails but no longer
//     on this subject (the dead link works, that column is up to date);
//   - open: otherwise.
//
// Items come back in the earlier problems' order, then the new ones; the
// summaries are per agency of either cycle.
func Rectify(prevFW, curFW *indicators.Framework, prev, cur []zwgk.Finding, enrolled []string) ([]zwgk.RectItem, map[string]zwgk.RectSummary) {
	curKinds := leafKinds(curFW)
	isEnrolled := make(map[string]bool, len(enrolled))
	for _, a := range enrolled {
		isEnrolled[a] = true
	}
	type ai struct{ agency, indicator string }
	now := make(map[ai]*zwgk.Finding, len(cur))
	for i := range cur {
		now[ai{cur[i].Agency, cur[i].Indicator}] = &cur[i]
	}
	sum := map[string]zwgk.RectSummary{}
	var items []zwgk.RectItem
	earlier := map[string]bool{}
	for _, p := range Problems(prevFW, prev) {
		earlier[p.Key] = true
		it := zwgk.RectItem{Problem: p}
		f := now[ai{p.Agency, p.Indicator}]
		_, inFramework := curKinds[p.Indicator]
		switch {
		case !isEnrolled[p.Agency] || !inFramework || f == nil || f.Outcome == zwgk.NA:
			it.State = zwgk.RectNA
		case f.Outcome == zwgk.Pending:
			it.State = zwgk.RectPending
		case !isProblem(*f, curKinds):
			it.State = zwgk.RectFixed
		case p.Subject != "" && !slices.Contains(subjectsOf(*f), p.Subject) && len(subjectsOf(*f)) > 0:
			it.State = zwgk.RectFixed
		default:
			it.State, it.Now = zwgk.RectOpen, f.Problem
		}
		s := sum[p.Agency]
		s.Previous++
		switch it.State {
		case zwgk.RectFixed:
			s.Fixed++
		case zwgk.RectOpen:
			s.Open++
		case zwgk.RectNA:
			s.NotApplicable++
		case zwgk.RectPending:
			s.Pending++
		}
		sum[p.Agency] = s
		items = append(items, it)
	}
	for _, p := range Problems(curFW, cur) {
		if earlier[p.Key] {
			continue
		}
		items = append(items, zwgk.RectItem{Problem: p, State: zwgk.RectNew})
		s := sum[p.Agency]
		s.New++
		sum[p.Agency] = s
	}
	return items, sum
}

// StillOpen reports whether problem p remains in finding f of the same
// agency and indicator (judged again, e.g. by a re-check): f is still a
// problem and, when p names a subject and f names any, among them.
func StillOpen(fw *indicators.Framework, p zwgk.Problem, f zwgk.Finding) bool {
	if !isProblem(f, leafKinds(fw)) {
		return false
	}
	subjects := subjectsOf(f)
	return p.Subject == "" || len(subjects) == 0 || slices.Contains(subjects, p.Subject)
}

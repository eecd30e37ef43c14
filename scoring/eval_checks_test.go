package scoring

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

func checkRule(c indicators.ContentCheck) *indicators.Rule {
	if c.Undecided == "" {
		c.Undecided = indicators.UndecidedPending
	}
	return &indicators.Rule{Kind: indicators.RuleContentCheck, ContentCheck: &c}
}

func TestContentCheckCountsOnlyConfirmed(t *testing.T) {
	p := leaf("P", indicators.KindDeduct, 10, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckPrivacy}}))
	p.Per = 5
	v := leaf("V", indicators.KindVeto, 0, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckWording}}))
	m := leaf("M", indicators.KindDeduct, 10, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckPrivacy}, Privacy: []string{"mobile"}}))
	m.Per = 5
	fw := framework(p, v, m)
	id := zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: "http://a/1.html", Excerpt: "张三 110105********002X", Rule: "privacy.id_card"}
	id2 := zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: "http://a/2.html", Excerpt: "李四 440305********1234", Rule: "privacy.id_card"}
	word := zwgk.ContentCheck{Kind: zwgk.CheckWording, URL: "http://a/3.html", Excerpt: "张三副市长", Rule: "wording.leader_title"}
	ev := zwgk.Evidence{Agency: "a"}
	ev.ContentChecks = []zwgk.ContentCheck{id, id2, word}
	ev.Scanned = &zwgk.ContentScan{Checks: []zwgk.CheckKind{zwgk.CheckPrivacy, zwgk.CheckWording}, Pages: 12}

	get := func(fs []zwgk.Finding, ind string) zwgk.Finding {
		for _, f := range fs {
			if f.Indicator == ind {
				return f
			}
		}
		t.Fatalf("no finding %s", ind)
		return zwgk.Finding{}
	}
	// Undecided: pending, never a failure.
	fs := Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)
	if f := get(fs, "P"); f.Outcome != zwgk.Pending || !strings.Contains(f.Measure, "待确认 2 条") {
		t.Errorf("undecided P = %s %q, want pending with 2 awaiting", f.Outcome, f.Measure)
	}
	if f := get(fs, "V"); f.Outcome != zwgk.Pending {
		t.Errorf("undecided V = %s, want pending", f.Outcome)
	}
	// M counts mobile numbers only: the ID numbers are not its business.
	if f := get(fs, "M"); f.Outcome != zwgk.Pass || f.Count != 0 {
		t.Errorf("M = %s count %d, want pass: no mobile candidates", f.Outcome, f.Count)
	}

	// One confirmed, one dismissed: one occurrence.
	ev.ApplyDecisions(map[string]zwgk.CheckDecision{id.Key(): zwgk.DecisionConfirmed, id2.Key(): zwgk.DecisionDismissed, word.Key(): zwgk.DecisionDismissed})
	fs = Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)
	if f := get(fs, "P"); f.Outcome != zwgk.Partial || f.Count != 1 || f.Fraction != 0.5 || !strings.Contains(f.Problem, "110105********002X") || f.Evidence[0] != id.URL {
		t.Errorf("P = %+v, want partial, 1 occurrence, the confirmed page", f)
	}
	if f := get(fs, "V"); f.Outcome != zwgk.Pass {
		t.Errorf("V with its only candidate dismissed = %s, want pass", f.Outcome)
	}
	ev.ApplyDecisions(map[string]zwgk.CheckDecision{word.Key(): zwgk.DecisionConfirmed})
	if f := get(Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf), "V"); f.Outcome != zwgk.Fail {
		t.Errorf("V with a confirmed wording error = %s, want fail", f.Outcome)
	}

	// Undecided "pass": undecided candidates are ignored.
	pass := framework(leaf("Q", indicators.KindScore, 10, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckPrivacy}, Undecided: indicators.UndecidedPass})))
	ev.ApplyDecisions(nil)
	if f := Evaluate(pass, zwgk.Agency{Code: "a"}, ev, asOf)[0]; f.Outcome != zwgk.Pass {
		t.Errorf("undecided pass: %s, want pass", f.Outcome)
	}

	// No scan: the checks did not run, nothing is known.
	ev.Scanned = nil
	if f := get(Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf), "M"); f.Outcome != zwgk.Pending {
		t.Errorf("without a scan M = %s, want pending", f.Outcome)
	}
}

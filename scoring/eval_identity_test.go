package scoring

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

func TestSiteIdentity(t *testing.T) {
	d := leaf("D3", indicators.KindDeduct, 5, &indicators.Rule{Kind: indicators.RuleSiteIdentity,
		SiteIdentity: &indicators.SiteIdentity{Items: []string{indicators.IdentitySiteCode, indicators.IdentityICP, indicators.IdentityPSB, indicators.IdentityConac, indicators.IdentitySponsor}}})
	d.Per = 1
	fw := framework(d)
	eval := func(id *zwgk.SiteIdentity) zwgk.Finding {
		ev := zwgk.Evidence{Agency: "a"}
		ev.Identity = id
		return Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)[0]
	}
	full := zwgk.SiteIdentity{URL: "http://a/", Footer: true, SiteCode: "1101010001", ICP: "京ICP备05060933号-1", PSB: "京公网安备 11010102000001号", Conac: true, Sponsor: "某区人民政府"}
	if f := eval(&full); f.Outcome != zwgk.Pass || f.Count != 0 {
		t.Errorf("every item shown: %s %d", f.Outcome, f.Count)
	}
	noCode := full
	noCode.SiteCode, noCode.Conac = "", false
	if f := eval(&noCode); f.Count != 2 || f.Fraction != 0.6 || !strings.Contains(f.Problem, "网站标识码") || !strings.Contains(f.Problem, "党政机关网站标识") {
		t.Errorf("two missing: %+v", f)
	}
	badCode := full
	badCode.SiteCode, badCode.SiteCodeBad = "", "511321000"
	if f := eval(&badCode); f.Count != 1 || !strings.Contains(f.Problem, "511321000") {
		t.Errorf("malformed code: %+v", f)
	}
	// No footer read, or nothing read: pending, never a deduction.
	if f := eval(&zwgk.SiteIdentity{URL: "http://a/"}); f.Outcome != zwgk.Pending {
		t.Errorf("no footer: %s", f.Outcome)
	}
	if f := eval(nil); f.Outcome != zwgk.Pending {
		t.Errorf("not read: %s", f.Outcome)
	}
}

// TestContentCheckNewKinds: confirmed wording, typo, sensitive and
// dark-link candidates count against the indicator whose rule names their
// kind, and only there.
func TestContentCheckNewKinds(t *testing.T) {
	v := leaf("V1", indicators.KindVeto, 0, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckWording, zwgk.CheckSensitive, zwgk.CheckDarkLink}}))
	ty := leaf("T", indicators.KindDeduct, 5, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckTypo}}))
	ty.Per = 1
	fw := framework(v, ty)
	cands := []zwgk.ContentCheck{
		{Kind: zwgk.CheckWording, URL: "http://a/1.html", Excerpt: "【副市长张三】出席", Rule: "wording.leader_title"},
		{Kind: zwgk.CheckTypo, URL: "http://a/2.html", Excerpt: "免费【按装】", Rule: "typo.list"},
		{Kind: zwgk.CheckTypo, URL: "http://a/3.html", Excerpt: "【再接再励】", Rule: "typo.list"},
		{Kind: zwgk.CheckSensitive, URL: "http://a/4.html", Excerpt: "【百家乐】", Rule: "sensitive.list"},
		{Kind: zwgk.CheckDarkLink, URL: "http://a/", Excerpt: "「x」→ http://casino.example.com/", Rule: "dark_link.hidden"},
	}
	ev := zwgk.Evidence{Agency: "a"}
	ev.ContentChecks = cands
	ev.Scanned = &zwgk.ContentScan{Checks: zwgk.CheckKinds, Pages: 3}
	decide := func(confirm ...int) []zwgk.Finding {
		m := map[string]zwgk.CheckDecision{}
		for i, c := range cands {
			m[c.Key()] = zwgk.DecisionDismissed
			for _, j := range confirm {
				if i == j {
					m[c.Key()] = zwgk.DecisionConfirmed
				}
			}
		}
		ev.ApplyDecisions(m)
		return Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)
	}
	fs := decide(1)
	if fs[0].Outcome != zwgk.Pass || fs[1].Count != 1 || fs[1].Outcome == zwgk.Pass {
		t.Errorf("one typo confirmed: V1 %s, T count %d %s", fs[0].Outcome, fs[1].Count, fs[1].Outcome)
	}
	for _, i := range []int{0, 3, 4} {
		fs = decide(i)
		if fs[0].Outcome != zwgk.Fail || fs[1].Count != 0 {
			t.Errorf("%s confirmed: V1 %s, T count %d", cands[i].Kind, fs[0].Outcome, fs[1].Count)
		}
		if !strings.Contains(fs[0].Problem, cands[i].Kind.Chinese()) {
			t.Errorf("problem %q does not name %s", fs[0].Problem, cands[i].Kind.Chinese())
		}
	}
	if fs = decide(); fs[0].Outcome != zwgk.Pass || fs[1].Outcome != zwgk.Pass {
		t.Errorf("all dismissed: %s %s", fs[0].Outcome, fs[1].Outcome)
	}
}

// TestContentCheckAssessorCheck: a rule that covers more than the checks
// can see (V1 of 2019: security incidents) never passes on the scan alone;
// a confirmed candidate still breaks it at once.
func TestContentCheckAssessorCheck(t *testing.T) {
	v := leaf("V1", indicators.KindVeto, 0, checkRule(indicators.ContentCheck{Checks: []zwgk.CheckKind{zwgk.CheckWording},
		AssessorCheck: "核实安全事故通报"}))
	fw := framework(v)
	ev := zwgk.Evidence{Agency: "a"}
	ev.Scanned = &zwgk.ContentScan{Checks: zwgk.CheckKinds, Pages: 3}
	f := Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)[0]
	if f.Outcome != zwgk.Pending || !strings.Contains(f.Problem, "核实安全事故通报") {
		t.Errorf("no candidate: %s %q, want pending naming what the assessor verifies", f.Outcome, f.Problem)
	}
	ev.ContentChecks = []zwgk.ContentCheck{{Kind: zwgk.CheckWording, URL: "http://a/1.html", Excerpt: "【台湾总统】", Rule: "wording.formulation",
		Decision: zwgk.DecisionConfirmed}}
	if f = Evaluate(fw, zwgk.Agency{Code: "a"}, ev, asOf)[0]; f.Outcome != zwgk.Fail {
		t.Errorf("confirmed candidate: %s, want fail", f.Outcome)
	}
}

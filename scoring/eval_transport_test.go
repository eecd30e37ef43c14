package scoring

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

func TestTransport(t *testing.T) {
	r := &indicators.Rule{Kind: indicators.RuleTransport, Transport: &indicators.Transport{}}
	if errs := indicators.ValidateRuleForTest(r); len(errs) > 0 {
		t.Fatal(errs)
	}
	d := leaf("T", indicators.KindDeduct, 4, r)
	d.Per = 1
	fw := framework(d)
	a := zwgk.Agency{Code: "a"}
	if f := Evaluate(fw, a, zwgk.Evidence{}, asOf)[0]; f.Outcome != zwgk.Pending {
		t.Errorf("no transport evidence: %s, want pending", f.Outcome)
	}
	ev := zwgk.Evidence{}
	ev.Transport = &zwgk.Transport{Host: "www.a.gov.cn", HTTPS: true, IPv6Error: "no AAAA record"}
	f := Evaluate(fw, a, ev, asOf)[0]
	if f.Count != 3 || f.Outcome != zwgk.Partial || !strings.Contains(f.Problem, "no AAAA record") || !strings.Contains(f.Problem, "HSTS") {
		t.Errorf("HTTPS only: %+v", f)
	}
	ev.Transport = &zwgk.Transport{IPv6: true, HTTPS: true, HSTS: true, HTTPRedirect: true}
	if f := Evaluate(fw, a, ev, asOf)[0]; f.Outcome != zwgk.Pass || f.Count != 0 {
		t.Errorf("all four: %+v", f)
	}
	bad := &indicators.Rule{Kind: indicators.RuleTransport, Transport: &indicators.Transport{Checks: []string{"ipv6", "ftp"}}}
	if errs := indicators.ValidateRuleForTest(bad); len(errs) != 1 || !strings.Contains(errs[0], "ftp") {
		t.Errorf("unknown check accepted: %v", errs)
	}
}

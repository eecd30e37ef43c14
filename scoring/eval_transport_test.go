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

// TestTransportUndecided: a check that could not run (the assessor's
// network has no IPv6 route, the resolver timed out) leaves the finding
// pending, never failed, even beside a check that did fail; once it is
// decided the same evidence scores.
func TestTransportUndecided(t *testing.T) {
	all := &indicators.Rule{Kind: indicators.RuleTransport, Transport: &indicators.Transport{}}
	indicators.ValidateRuleForTest(all) // fills in the default: all four checks
	d := leaf("T", indicators.KindDeduct, 4, all)
	d.Per = 1
	fw := framework(d)
	a := zwgk.Agency{Code: "a"}
	noRoute := zwgk.Transport{Host: "www.a.gov.cn", HTTPS: true, HSTS: true, HTTPRedirect: true, AAAA: []string{"2001:db8::1"},
		IPv6Fault: zwgk.TransportFaultNoRoute, IPv6Error: "connect: network is unreachable", Undecided: []string{"ipv6"}}
	ev := zwgk.Evidence{}
	ev.Transport = &noRoute
	f := Evaluate(fw, a, ev, asOf)[0]
	if f.Outcome != zwgk.Pending || f.Count != 0 || !strings.Contains(f.Problem, "IPv6") || !strings.Contains(f.Measure, "1 项未能完成检测") {
		t.Errorf("no IPv6 route from the assessor: %+v, want pending", f)
	}
	resolver := zwgk.Transport{Host: "www.a.gov.cn", IPv6Fault: zwgk.TransportFaultResolver, HTTPSFault: zwgk.TransportFaultCertExpired,
		Undecided: []string{"ipv6", "http_redirect"}}
	ev.Transport = &resolver
	f = Evaluate(fw, a, ev, asOf)[0]
	if f.Outcome != zwgk.Pending || f.Count != 0 || !strings.Contains(f.Problem, "证书已过期") {
		t.Errorf("resolver timeout beside an expired certificate: %+v, want pending naming the certificate", f)
	}
	// Only the listed checks count: a rule on HTTPS alone is judged.
	https := leaf("H", indicators.KindDeduct, 4, &indicators.Rule{Kind: indicators.RuleTransport, Transport: &indicators.Transport{Checks: []string{"https"}}})
	https.Per = 1
	f = Evaluate(framework(https), a, ev, asOf)[0]
	if f.Outcome == zwgk.Pending || f.Count != 1 || !strings.Contains(f.Problem, "证书已过期") {
		t.Errorf("HTTPS rule with an undecided IPv6 check: %+v, want failed on the certificate", f)
	}
	noRoute.Undecided = nil
	noRoute.IPv6Fault = zwgk.TransportFaultRefused
	ev.Transport = &noRoute
	if f := Evaluate(fw, a, ev, asOf)[0]; f.Outcome == zwgk.Pending || f.Count != 1 || !strings.Contains(f.Problem, "连接被拒绝") {
		t.Errorf("AAAA refused: %+v, want one check failed", f)
	}
}

package cycle

import (
	"testing"

	"zwgk"
)

func TestAgreeCandidatesLeaders(t *testing.T) {
	wrong := zwgk.ContentCheck{Kind: zwgk.CheckWording, Rule: "wording.leader_title", URL: "http://a/1.html"}
	typo := zwgk.ContentCheck{Kind: zwgk.CheckTypo, Rule: "typo.list", URL: "http://a/1.html"}
	truth := zwgk.Evidence{Agency: "a"}
	truth.ContentChecks = []zwgk.ContentCheck{wrong, typo}
	crawl := func(leaders int, found ...zwgk.ContentCheck) zwgk.Evidence {
		ev := zwgk.Evidence{Agency: "a"}
		ev.ContentChecks = found
		ev.Scanned = &zwgk.ContentScan{Checks: []zwgk.CheckKind{zwgk.CheckWording, zwgk.CheckTypo}, Leaders: leaders}
		return ev
	}
	// Without leaders the wrong title cannot be seen: not a miss.
	if a := AgreeCandidates(map[string]zwgk.Evidence{"a": truth}, map[string]zwgk.Evidence{"a": crawl(0, typo)}); a.Share() != 1 || a.Compared != 1 {
		t.Errorf("no leaders: %+v", a)
	}
	// With leaders it must be found.
	if a := AgreeCandidates(map[string]zwgk.Evidence{"a": truth}, map[string]zwgk.Evidence{"a": crawl(3, typo)}); a.Matched != 1 || a.Compared != 2 || len(a.Missed) != 1 {
		t.Errorf("leaders known, title missed: %+v", a)
	}
	if a := AgreeCandidates(map[string]zwgk.Evidence{"a": truth}, map[string]zwgk.Evidence{"a": crawl(3, typo, wrong)}); a.Share() != 1 || a.Compared != 2 {
		t.Errorf("both found: %+v", a)
	}
	// The farm served on a port: the same pages.
	served := typo
	served.URL = "http://a:38299/1.html"
	if a := AgreeCandidates(map[string]zwgk.Evidence{"a": truth}, map[string]zwgk.Evidence{"a": crawl(0, served)}); a.Share() != 1 {
		t.Errorf("served on a port: %+v", a)
	}
	other := typo
	other.URL = "http://a/2.html"
	if a := AgreeCandidates(map[string]zwgk.Evidence{"a": truth}, map[string]zwgk.Evidence{"a": crawl(0, other)}); a.Matched != 0 || len(a.Extra) != 1 {
		t.Errorf("another page: %+v", a)
	}
}

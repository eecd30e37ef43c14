package scoring

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// The crawler's hostile-site evidence (issue 13) in findings: a home page
// that redirected off the agency's site names its target, and a sampled
// link check says how many links there were.
func TestHostileEvidenceInFindings(t *testing.T) {
	fl := &zwgk.Failure{Cause: zwgk.CauseOffsite, URL: "http://a.gov.cn/", Detail: "https://www.casino.example/"}
	if got := FailureText(fl); !strings.Contains(got, "https://www.casino.example/") || !strings.Contains(got, "跳转至") {
		t.Errorf("offsite failure text %q: want the target", got)
	}
	links := &indicators.Rule{Kind: indicators.RuleLinks, Links: &indicators.Links{OtherPer: 10}}
	fw := framework(leaf("L1", indicators.KindDeduct, 5, links))
	fw.Indicators[0].Per = 1
	ev := zwgk.Evidence{Links: []zwgk.Link{{URL: "http://a/x", OnHome: true, Status: 404}, {URL: "http://a/y", OnHome: true, Status: 200}},
		EvidenceExtra: zwgk.EvidenceExtra{LinkSample: &zwgk.LinkSample{Found: 100002, OnHome: 100002, Checked: 2}}}
	f := Evaluate(fw, zwgk.Agency{Code: "A", Level: zwgk.LevelCounty}, ev, day("2026-11-20"))[0]
	if f.Count != 1 || !strings.Contains(f.Measure, "100002") || !strings.Contains(f.Measure, "抽样") {
		t.Errorf("sampled links finding %+v: want one occurrence and the sample stated", f)
	}
	ev.LinkSample = &zwgk.LinkSample{Found: 2, OnHome: 2, Checked: 2}
	if f := Evaluate(fw, zwgk.Agency{Code: "A", Level: zwgk.LevelCounty}, ev, day("2026-11-20"))[0]; strings.Contains(f.Measure, "抽样") {
		t.Errorf("every link checked, yet the measure says sampled: %q", f.Measure)
	}
}

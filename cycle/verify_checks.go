package cycle

import (
	"fmt"
	"net/url"
	"slices"
	"sort"

	"zwgk"
)

// CandidateAgreement is how far the content-check candidates of a crawl
// agree with the ground truth's: the findings of content_check rules stay
// pending until an assessor decides, so their agreement alone would say
// nothing about detection.
type CandidateAgreement struct {
	Compared int // candidates in the truth or the crawl (union)
	Matched  int // in both
	Missed   []string
	Extra    []string
}

// Share is Matched / Compared (1 when neither has a candidate).
func (a CandidateAgreement) Share() float64 {
	if a.Compared == 0 {
		return 1
	}
	return float64(a.Matched) / float64(a.Compared)
}

// AgreeCandidates compares candidates agency by agency, by kind, page and
// rule (excerpts depend on the text around a hit, which a perfect detector
// need not reproduce). Agencies whose crawl failed, or that have no crawl,
// are skipped: they have no pages to check; so are the kinds of check the
// crawl did not run (its framework asked for none).
func AgreeCandidates(truth, got map[string]zwgk.Evidence) CandidateAgreement {
	var a CandidateAgreement
	codes := make([]string, 0, len(truth))
	for code := range truth {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	// Pages are compared by path and query: the truth is regenerated
	// without the addresses and port the farm was served on.
	key := func(c zwgk.ContentCheck) string { return fmt.Sprintf("%s %s %s", c.Kind, c.Rule, pathOf(c.URL)) }
	for _, code := range codes {
		g, ok := got[code]
		t := truth[code]
		if !ok || g.Failure != nil || t.Failure != nil || g.Scanned == nil {
			continue // no pages read, or the framework asked for no check
		}
		want := map[string]int{}
		for _, c := range t.ContentChecks {
			// A wrong leader title is seen only against the farm's list
			// of leaders: a crawl whose framework had none could not.
			if slices.Contains(g.Scanned.Checks, c.Kind) && !(c.Rule == "wording.leader_title" && g.Scanned.Leaders == 0) {
				want[key(c)]++
			}
		}
		have := map[string]int{}
		for _, c := range g.ContentChecks {
			have[key(c)]++
		}
		for k, n := range want {
			m := min(n, have[k])
			a.Matched += m
			a.Compared += max(n, have[k])
			if n > m {
				a.Missed = append(a.Missed, code+" "+k)
			}
		}
		for k, n := range have {
			if want[k] == 0 {
				a.Compared += n
				a.Extra = append(a.Extra, code+" "+k)
			}
		}
	}
	sort.Strings(a.Missed)
	sort.Strings(a.Extra)
	return a
}

// pathOf is the path and query of u ("/" for none), or u when it does
// not parse.
func pathOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return u
	}
	p := pu.EscapedPath()
	if p == "" {
		p = "/"
	}
	if pu.RawQuery != "" {
		p += "?" + pu.RawQuery
	}
	return p
}

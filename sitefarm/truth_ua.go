package sitefarm

import (
	"strings"

	"zwgk"
)

// admits is Server.Admits for a site's farm, usable before or without a
// Server at hand.
func (s *Site) admits(ua string) bool {
	if !s.uaBlock || strings.Contains(ua, "Mozilla") {
		return true
	}
	if s.farm.opts != nil {
		for _, t := range s.farm.opts.AdmitTokens {
			if t != "" && strings.Contains(ua, t) {
				return true
			}
		}
	}
	return false
}

// TruthFor is Truth as a crawler sending User-Agent ua finds it. A guarded
// site refuses a crawler it does not admit: a perfect assessor then records
// the refusal (every request, probes included, answered 403), not the
// content a browser would have seen — that is the defect being assessed.
func (s *Site) TruthFor(ua string) zwgk.Evidence {
	ev := s.Truth()
	if s.admits(ua) {
		return ev
	}
	blocked := zwgk.Evidence{
		Agency:    ev.Agency,
		CrawledAt: ev.CrawledAt,
		Failure:   &zwgk.Failure{Cause: zwgk.CauseBlocked, Status: 403, URL: ev.Home.URL},
		Home:      zwgk.Home{URL: ev.Home.URL, Items: []zwgk.Item{}},
		Pages:     []zwgk.Page{},
		Columns:   []zwgk.Column{},
	}
	for _, p := range ev.Probes {
		if p.OK() {
			p.Status, p.Cause = 403, zwgk.CauseBlocked
		}
		blocked.Probes = append(blocked.Probes, p)
	}
	return blocked
}

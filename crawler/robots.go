package crawler

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/temoto/robotstxt"

	"zwgk"
)

// loadRobots reads the site's robots.txt once per crawl and returns the
// test every request of the crawl passes, link checks (HEAD) included.
// colly's own check is off: it fetches robots.txt per collector again and
// skips HEAD requests. A robots.txt that is missing (4xx) allows all; one
// that answers 5xx allows all too, so that the pages themselves report why
// the site failed, rather than a robots refusal the site never made.
//
// A host that does not answer at all (timeout, refused, DNS) is returned
// as unreachable: RFC 9309 says to crawl nothing then, and asking again
// for the home page would only spend another round of timeouts and
// retries on a site that is down (half a minute per dead site).
func (s *site) loadRobots(home string) (allowed func(string) bool, unreachable *result) {
	allowAll := func(string) bool { return true }
	if s.c.opts.IgnoreRobots {
		return allowAll, nil
	}
	hu, err := url.Parse(home)
	if err != nil {
		return allowAll, nil
	}
	res := s.f.fetchAll(http.MethodGet, []string{hu.Scheme + "://" + hu.Host + "/robots.txt"})[0]
	if res.Err != nil {
		switch res.Cause {
		case zwgk.CauseTimeout, zwgk.CauseRefused, zwgk.CauseDNS:
			return allowAll, &res
		}
		return allowAll, nil
	}
	if res.Status < 200 || res.Status >= 300 {
		return allowAll, nil
	}
	data, err := robotstxt.FromBytes(res.Body)
	if err != nil {
		return allowAll, nil
	}
	group := data.FindGroup(s.c.opts.UserAgent)
	return func(u string) bool {
		pu, err := url.Parse(u)
		if err != nil || !strings.EqualFold(pu.Host, hu.Host) {
			return true // another host's robots.txt is its own
		}
		p := pu.EscapedPath()
		if pu.RawQuery != "" {
			p += "?" + pu.RawQuery
		}
		return group.Test(p)
	}, nil
}

package crawler

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/temoto/robotstxt"
)

// loadRobots reads the site's robots.txt once per crawl and returns the
// test every request of the crawl passes, link checks (HEAD) included.
// colly's own check is off: it fetches robots.txt per collector again and
// skips HEAD requests. A robots.txt that is missing (4xx) allows all; one
// that cannot be read (network error, 5xx after retries) allows all too,
// so that the pages themselves report why the site failed, rather than a
// robots refusal the site never made.
func (s *site) loadRobots(home string) func(string) bool {
	allowAll := func(string) bool { return true }
	if s.c.opts.IgnoreRobots {
		return allowAll
	}
	hu, err := url.Parse(home)
	if err != nil {
		return allowAll
	}
	res := s.f.fetchAll(http.MethodGet, []string{hu.Scheme + "://" + hu.Host + "/robots.txt"})[0]
	if res.Err != nil || res.Status < 200 || res.Status >= 300 {
		return allowAll
	}
	data, err := robotstxt.FromBytes(res.Body)
	if err != nil {
		return allowAll
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
	}
}

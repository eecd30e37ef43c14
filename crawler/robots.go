package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

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
	res := s.fetchRobots(hu.Scheme + "://" + hu.Host + "/robots.txt")
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

// maxRobots is how much of a robots.txt is read: RFC 9309 §2.5 lets a
// crawler stop parsing at a limit of at least 500 KiB. A 50 MB robots.txt
// then costs 500 KiB, and its rules at the top still hold (before, the
// body cap refused it whole and the site was crawled as if it had none).
const maxRobots = 500 << 10

// prefixKey marks a request whose body is read only up to a limit by its
// caller: the transport does not refuse it for a large Content-Length.
type prefixKey struct{}

// fetchRobots fetches robots.txt outside colly, to read it only up to
// maxRobots: redirects are followed anywhere public (RFC 9309 §2.3.1.2),
// timeouts and 5xx retried like pages, and the politeness delay kept
// before the next request.
func (s *site) fetchRobots(u string) result {
	o := s.c.opts
	res := result{URL: u}
	ctx := context.WithValue(s.linkCtx, prefixKey{}, true)
	for attempt := 1; ; attempt++ {
		res = s.robotsOnce(ctx, u)
		res.Attempts = attempt
		if !retryable(res.Cause, res.Status) || attempt > o.Retries {
			break
		}
		if !sleepCtx(ctx, o.Backoff<<(attempt-1)) {
			break
		}
	}
	res.FetchedAt = o.Now()
	sleepCtx(ctx, o.Delay)
	return res
}

func (s *site) robotsOnce(ctx context.Context, u string) result {
	o := s.c.opts
	res := result{URL: u}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		res.Err, res.Cause = err, zwgk.CauseOther
		return res
	}
	req.Header.Set("User-Agent", o.UserAgent)
	resp, err := s.c.client(s.insecure, o.Timeout).Do(req)
	if err != nil {
		res.Err, res.Cause = err, Classify(err, 0)
		return res
	}
	defer resp.Body.Close()
	res.Status, res.Final = resp.StatusCode, Normalize(resp.Request.URL.String())
	res.Cause = Classify(nil, resp.StatusCode)
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return res
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobots+1))
	if len(body) > maxRobots {
		// Parse up to the last whole line within the limit.
		body = body[:maxRobots]
		if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
			body = body[:i+1]
		}
		err = nil
	}
	if err != nil {
		res.Err, res.Cause = fmt.Errorf("read robots.txt: %w", err), Classify(err, 0)
		return res
	}
	res.Body = body
	return res
}

// sleepCtx waits d unless ctx ends first; it reports whether it waited.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

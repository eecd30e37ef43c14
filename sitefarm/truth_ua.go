package sitefarm

import (
	"time"

	"zwgk"
)

// Visitor describes the crawler a truth is meant for: what it sends and how
// long it waits for an answer.
type Visitor struct {
	UserAgent string
	// Timeout is how long the crawler waits for a response's headers
	// (zero: forever).
	Timeout time.Duration
}

// admits reports whether the site lets a User-Agent through.
func (s *Site) admits(ua string) bool { return !s.uaBlock || s.farm.Admits(ua) }

// slowBy is how long the slow defect delays every answer.
func (s *Site) slowBy() time.Duration {
	if !s.slowDelay {
		return 0
	}
	if s.farm.opts != nil && s.farm.opts.SlowDelay > 0 {
		return s.farm.opts.SlowDelay
	}
	return DefaultSlowDelay
}

// DefaultSlowDelay is how long slow sites take to answer unless
// Options.SlowDelay says otherwise.
const DefaultSlowDelay = 20 * time.Second

// TruthFor is Truth as a given crawler finds it. A guarded site refuses a
// crawler it does not admit, and a slow site outlasts a crawler that waits
// less than it delays: a perfect assessor then records the refusal or the
// timeout (every request answered 403, or none in time), not the content a
// patient browser would have seen — that is the defect being assessed.
func (s *Site) TruthFor(v Visitor) zwgk.Evidence {
	ev := s.Truth()
	var fail *zwgk.Failure
	switch {
	case !s.admits(v.UserAgent):
		fail = &zwgk.Failure{Cause: zwgk.CauseBlocked, Status: 403, URL: ev.Home.URL}
	case v.Timeout > 0 && s.slowBy() > v.Timeout:
		fail = &zwgk.Failure{Cause: zwgk.CauseTimeout, URL: ev.Home.URL}
	default:
		return ev
	}
	out := zwgk.Evidence{
		Agency:    ev.Agency,
		CrawledAt: ev.CrawledAt,
		Failure:   fail,
		Home:      zwgk.Home{URL: ev.Home.URL, Items: []zwgk.Item{}},
		Pages:     []zwgk.Page{},
		Columns:   []zwgk.Column{},
	}
	for _, p := range ev.Probes {
		if p.OK() && fail.Cause == zwgk.CauseBlocked {
			p.Status, p.Cause = 403, zwgk.CauseBlocked
		}
		out.Probes = append(out.Probes, p)
	}
	return out
}

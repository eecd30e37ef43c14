package crawler

import (
	"net/url"
	"regexp"
	"sort"
	"sync"

	"zwgk"
)

// refusals counts the URLs a site crawl would not fetch, by cause and
// pattern (a trap's URL shape, a forbidden address, an off-site host), so
// that the evidence says what was left out and why without listing
// 100,000 URLs.
type refusals struct {
	mu sync.Mutex
	m  map[[2]string]*zwgk.Refusal
}

// maxRefusalPatterns bounds the patterns kept per cause; the rest are
// counted under "*".
const maxRefusalPatterns = 50

func (r *refusals) add(cause zwgk.Cause, pattern, example string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[[2]string]*zwgk.Refusal{}
	}
	k := [2]string{string(cause), pattern}
	if _, ok := r.m[k]; !ok {
		n := 0
		for kk := range r.m {
			if kk[0] == string(cause) {
				n++
			}
		}
		if n >= maxRefusalPatterns {
			k[1] = "*"
		}
	}
	f := r.m[k]
	if f == nil {
		f = &zwgk.Refusal{Cause: cause, Pattern: k[1], Example: clipURL(example)}
		r.m[k] = f
	}
	f.Count++
}

// list is the refusals by cause, then most refused first.
func (r *refusals) list() []zwgk.Refusal {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]zwgk.Refusal, 0, len(r.m))
	for _, f := range r.m {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Cause != b.Cause {
			return a.Cause < b.Cause
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Pattern < b.Pattern
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// refusal notes a page or link refused at fetch time: a redirect not
// followed (off the site, or to a forbidden address) or a connection
// refused for its address. The pattern is the host refused.
func (r *refusals) noteFetch(res result) {
	switch res.Cause {
	case zwgk.CauseAddress, zwgk.CauseOffsite:
	default:
		return
	}
	target := res.RefusedTo
	if target == "" {
		target = res.URL
	}
	host := target
	if u, err := url.Parse(target); err == nil && u.Host != "" {
		host = u.Host
	}
	r.add(res.Cause, host, target)
}

// clipURL bounds an example URL kept in the evidence.
func clipURL(u string) string {
	if len(u) > 300 {
		return u[:300] + "…"
	}
	return u
}

// reRefusedTo reads the target back out of a page's error (a resumed
// crawl has the stored page, not the fetch result).
var reRefusedTo = regexp.MustCompile(`redirect to (\S+): `)

func refusedTarget(errText string) string {
	if m := reRefusedTo.FindStringSubmatch(errText); m != nil {
		return m[1]
	}
	return ""
}

// homeRedirect is the evidence of where the home page led: followed
// within the site, or refused (off the site, to a forbidden address).
func homeRedirect(p zwgk.Page) *zwgk.Redirect {
	to := p.FinalURL
	if to == "" || to == p.URL {
		to = refusedTarget(p.Error)
	}
	if to == "" {
		return nil
	}
	return &zwgk.Redirect{From: p.URL, To: clipURL(to), Offsite: offsite(p.URL, to)}
}

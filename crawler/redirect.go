package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// redirect errors.
var (
	errRedirectLoop = errors.New("redirect loop")
	errRedirects    = errors.New("too many redirects")
	// errOffsite marks a redirect off the agency's own site, not followed:
	// what is there is not the agency's to be assessed on (a hijacked
	// site's redirect to a casino, a merged site's new home that was not
	// enrolled), and whatever it says must not reach the evidence.
	errOffsite = errors.New("redirect off the agency's site not followed")
)

// redirectError is a redirect the crawl refused to follow, with where it
// led: the evidence names the target without fetching it.
type redirectError struct {
	to  string
	err error // errOffsite or an *addressError
}

func (e *redirectError) Error() string { return fmt.Sprintf("redirect to %s: %v", e.to, e.err) }
func (e *redirectError) Unwrap() error { return e.err }

// policy is what one fetcher's requests may reach; the request context
// carries it to CheckRedirect and to the dialer.
type policy struct {
	scope *scope
	// own reports a URL on the agency's own site (its roots, or their
	// registrable domains: Roots.SameSite, Roots.SameDomain); nil lets
	// redirects go anywhere (link checks: a link to another site works if
	// it answers there).
	own func(u string) bool
}

type policyKey struct{}

func withPolicy(ctx context.Context, p *policy) context.Context {
	return withScope(context.WithValue(ctx, policyKey{}, p), p.scope)
}

// siteDomain is a URL's registrable domain for the home redirect evidence
// (eTLD+1 by the public suffix list compiled into x/net); a name without a
// public suffix stands for itself, and an IP address with its port unless
// that is 80 or 443 (sites served on one address and several ports are
// several sites, as in the site farm; http → https of one address is one
// site).
func siteDomain(u *url.URL) string {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if a, err := netip.ParseAddr(host); err == nil {
		if p := portOf(u); p != 80 && p != 443 {
			return netip.AddrPortFrom(a.Unmap(), p).String()
		}
		return a.Unmap().String()
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// offsite reports whether a redirect from one URL to another leaves the
// registrable domain (the home page evidence records it either way).
func offsite(from, to string) bool {
	fu, err1 := url.Parse(from)
	tu, err2 := url.Parse(to)
	if err1 != nil || err2 != nil {
		return true
	}
	return siteDomain(fu) != siteDomain(tu)
}

// checkRedirect limits redirects and stops loops (a URL seen before in the
// chain, after normalisation); with a policy in the request's context it
// refuses a redirect to a forbidden address literal and, for the pages of
// a crawl, one off the agency's own site.
func checkRedirect(limit int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > limit {
			return fmt.Errorf("%w (%d)", errRedirects, len(via))
		}
		to := Normalize(req.URL.String())
		for _, v := range via {
			if Normalize(v.URL.String()) == to {
				return fmt.Errorf("%w at %s", errRedirectLoop, to)
			}
		}
		p, _ := req.Context().Value(policyKey{}).(*policy)
		if p == nil {
			return nil
		}
		if !p.scope.allowsURL(req.URL) {
			return &redirectError{to: to, err: &addressError{addr: req.URL.Host}}
		}
		if p.own != nil && !p.own(req.URL.String()) {
			return &redirectError{to: to, err: errOffsite}
		}
		return nil
	}
}

// Package netcheck checks what a site's connections offer: IPv6 (an AAAA
// record and an HTTP answer over IPv6), HTTPS with a certificate valid for
// the host, HSTS, and http:// redirecting to https://.
//
// Name resolution and dialling are injected (Resolver, Dial), beside the
// crawler's own connect-time address policy (Allow), so the checks run
// offline in tests: a farm on ::1 behind a resolver that answers AAAA for
// it, HTTPS with a test CA (RootCAs). It gathers; it never judges.
package netcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"zwgk"
)

// ErrNotAllowed wraps a connection the Allow policy refused.
var ErrNotAllowed = errors.New("address refused by the crawl's address policy")

// Resolver looks up addresses; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Checker runs the transport checks. Zero fields take the defaults: the
// system resolver and dialer, the system roots, 10 s per check.
type Checker struct {
	Resolver Resolver
	// Dial connects to an address ("[2001:db8::1]:80", "1.2.3.4:443").
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Allow refuses addresses by policy (the crawler's: loopback and
	// private addresses that are not enrolled), asked with the check's
	// context before every connection; nil allows all. A refusal is the
	// assessor's own rule, not the site's answer: the checks it stops are
	// undecided (TransportFaultPolicy).
	Allow     func(ctx context.Context, ap netip.AddrPort) error
	RootCAs   *x509.CertPool
	Timeout   time.Duration
	UserAgent string
}

func (c *Checker) resolver() Resolver {
	if c.Resolver != nil {
		return c.Resolver
	}
	return net.DefaultResolver
}

func (c *Checker) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if c.Allow != nil {
		ap, err := netip.ParseAddrPort(addr)
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrNotAllowed, addr)
		}
		if err := c.Allow(ctx, ap); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotAllowed, err)
		}
	}
	if c.Dial != nil {
		return c.Dial(ctx, network, addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

func (c *Checker) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 10 * time.Second
}

// client is an HTTP client that never follows redirects and dials through
// the checker; pin, when valid, replaces the host's addresses.
func (c *Checker) client(pin netip.Addr) *http.Client {
	tr := &http.Transport{
		DisableKeepAlives: true,
		TLSClientConfig:   &tls.Config{RootCAs: c.RootCAs, MinVersion: tls.VersionTLS10},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if pin.IsValid() {
				return c.dial(ctx, "tcp6", net.JoinHostPort(pin.String(), port))
			}
			if ip, err := netip.ParseAddr(host); err == nil {
				return c.dial(ctx, "tcp", net.JoinHostPort(ip.String(), port))
			}
			addrs, err := c.resolver().LookupNetIP(ctx, "ip4", host)
			if err != nil || len(addrs) == 0 {
				return nil, fmt.Errorf("%w %s: %w", errResolve, host, orNoAddr(err))
			}
			return c.dial(ctx, "tcp4", net.JoinHostPort(addrs[0].String(), port))
		},
	}
	return &http.Client{Transport: tr, Timeout: c.timeout(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// errResolve marks a failed lookup of the host's IPv4 address.
var errResolve = errors.New("resolve")

func orNoAddr(err error) error {
	if err != nil {
		return err
	}
	return errors.New("no address")
}

func (c *Checker) get(ctx context.Context, cl *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := cl.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp, nil
}

// Check checks the host of site (the home page's URL). A check that could
// not be run to a verdict (no IPv6 route from the assessor's network, a
// resolver timeout, a host that answered nothing at all) is listed in
// Transport.Undecided: its value is not known, and no rule may fail the
// agency on it.
func (c *Checker) Check(ctx context.Context, site string) zwgk.Transport {
	u, err := url.Parse(site)
	if err != nil || u.Hostname() == "" {
		return zwgk.Transport{HTTPSError: "bad site URL", HTTPSFault: zwgk.TransportFaultOther,
			Undecided: []string{checkIPv6, checkHTTPS, checkHSTS, checkRedirect}}
	}
	host := u.Hostname()
	t := zwgk.Transport{Host: host}
	httpURL := &url.URL{Scheme: "http", Host: u.Host, Path: "/"}
	if u.Scheme == "https" {
		httpURL.Host = hostPort(host, u.Port(), "")
	}
	httpsURL := &url.URL{Scheme: "https", Host: hostPort(host, u.Port(), u.Scheme), Path: "/"}

	c.checkIPv6(ctx, &t, u)

	// HTTPS with a valid certificate, and HSTS on its answer; then http://
	// redirecting to https:// on the same host.
	resp, httpsErr := c.get(ctx, c.client(netip.Addr{}), httpsURL.String())
	plain, httpErr := c.get(ctx, c.client(netip.Addr{}), httpURL.String())
	if httpsErr != nil {
		t.HTTPSError = httpsErr.Error()
		t.HTTPSFault = Fault(httpsErr)
		// A refusal or a bad certificate is the site's own answer. Silence
		// (a timeout, a reset) is the site's only when its http:// answered
		// at the same time; a resolver failure or a missing route is the
		// assessor's.
		if undecided(t.HTTPSFault) || (!definite(t.HTTPSFault) && httpErr != nil) {
			t.Undecided = append(t.Undecided, checkHTTPS, checkHSTS)
		}
	} else {
		t.HTTPS = true
		t.HSTS = hstsMaxAge(resp.Header.Get("Strict-Transport-Security")) > 0
	}
	if httpErr != nil {
		// Without an answer from http:// nothing is known of its redirect,
		// unless the site answered over HTTPS and so keeps port 80 shut.
		if f := Fault(httpErr); undecided(f) || (!definite(f) && httpsErr != nil) {
			t.Undecided = append(t.Undecided, checkRedirect)
		}
	} else {
		switch plain.StatusCode {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			if loc, err := httpURL.Parse(plain.Header.Get("Location")); err == nil && loc.Scheme == "https" && strings.EqualFold(loc.Hostname(), host) {
				t.HTTPRedirect = true
			}
		}
	}
	return t
}

// The checks' names, as indicators' transport rules name them.
const (
	checkIPv6     = "ipv6"
	checkHTTPS    = "https"
	checkHSTS     = "hsts"
	checkRedirect = "http_redirect"
)

// checkIPv6: an AAAA record, then an HTTP answer over it.
func (c *Checker) checkIPv6(ctx context.Context, t *zwgk.Transport, u *url.URL) {
	host := u.Hostname()
	var v6 []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Is6() && !ip.Is4In6() {
			v6 = []netip.Addr{ip}
		} else {
			t.IPv6Error, t.IPv6Fault = "host is an IPv4 address", zwgk.TransportFaultIPv4Literal
			return
		}
	} else {
		addrs, err := c.resolver().LookupNetIP(ctx, "ip6", host)
		for _, a := range addrs {
			if a.Is6() && !a.Is4In6() {
				v6 = append(v6, a)
			}
		}
		if len(v6) == 0 {
			t.IPv6Error, t.IPv6Fault = "no AAAA record", zwgk.TransportFaultNoAAAA
			if err != nil {
				t.IPv6Error += ": " + err.Error()
				if f := lookupFault(err); f != zwgk.TransportFaultNoAAAA {
					// A lookup that timed out or failed for the
					// resolver's own reasons says nothing of the record.
					t.IPv6Fault = f
					t.Undecided = append(t.Undecided, checkIPv6)
				}
			}
			return
		}
	}
	for _, a := range v6 {
		t.AAAA = append(t.AAAA, a.String())
	}
	_, err := c.get(ctx, c.client(v6[0]), (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}).String())
	if err == nil {
		t.IPv6 = true
		return
	}
	f := Fault(err)
	if certFault(f) {
		// TLS reached certificate verification: the host answered over
		// IPv6 (the certificate is the HTTPS check's business).
		t.IPv6 = true
		return
	}
	t.IPv6Error, t.IPv6Fault = "AAAA "+v6[0].String()+" does not answer: "+err.Error(), f
	// A refusal is the host's answer; no route, or silence, may be the
	// assessor's own network (many have no IPv6 at all).
	if f != zwgk.TransportFaultRefused && f != zwgk.TransportFaultOther {
		t.Undecided = append(t.Undecided, checkIPv6)
	}
}

// Fault classifies a connection or request error (zwgk.TransportFault…).
func Fault(err error) string {
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var authority x509.UnknownAuthorityError
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, ErrNotAllowed):
		return zwgk.TransportFaultPolicy
	case errors.Is(err, errResolve):
		return zwgk.TransportFaultResolver
	case errors.As(err, &hostErr):
		return zwgk.TransportFaultCertHost
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return zwgk.TransportFaultCertExpired
	case errors.As(err, &authority):
		return zwgk.TransportFaultCertUnknown
	case errors.As(err, &invalid):
		return zwgk.TransportFaultTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		return zwgk.TransportFaultRefused
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.EADDRNOTAVAIL):
		return zwgk.TransportFaultNoRoute
	case errors.As(err, &dnsErr):
		return lookupFault(dnsErr)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return zwgk.TransportFaultTimeout
	}
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	if errors.As(err, &recErr) || errors.As(err, &alert) {
		return zwgk.TransportFaultTLS
	}
	return zwgk.TransportFaultOther
}

// lookupFault classifies a lookup error: a name without the record is
// definite, a timeout or temporary failure is the resolver's.
func lookupFault(err error) string {
	var dnsErr *net.DNSError
	var addrErr *net.AddrError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound && !dnsErr.IsTimeout && !dnsErr.IsTemporary:
		return zwgk.TransportFaultNoAAAA
	case errors.As(err, &addrErr): // addresses, none of the family asked
		return zwgk.TransportFaultNoAAAA
	}
	return zwgk.TransportFaultResolver
}

// definite faults are the site's own answer.
func definite(f string) bool {
	return f == zwgk.TransportFaultRefused || certFault(f) || f == zwgk.TransportFaultTLS
}

// undecided faults are the assessor's side: nothing is known of the site.
func undecided(f string) bool {
	return f == zwgk.TransportFaultNoRoute || f == zwgk.TransportFaultResolver || f == zwgk.TransportFaultPolicy
}

func certFault(f string) bool {
	return f == zwgk.TransportFaultCertHost || f == zwgk.TransportFaultCertExpired || f == zwgk.TransportFaultCertUnknown
}

// hostPort is the host with the port an https URL of the site needs:
// the site's own port when the site is served over https, else none (443).
func hostPort(host, port, scheme string) string {
	if port != "" && scheme == "https" {
		return net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// hstsMaxAge reads max-age from a Strict-Transport-Security header (-1
// when absent or malformed).
func hstsMaxAge(h string) int64 {
	for _, part := range strings.Split(h, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "max-age") {
			n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(v), `"`), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}

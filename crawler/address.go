package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// errAddress marks a connection the crawler refused to make: the address
// is loopback, private, link-local, multicast or otherwise not a public
// one, and no enrolled site is there. A page on the public web that leads
// the crawler to 169.254.169.254 or 10.x must not get an assessment tool
// to read an internal service and publish its title.
var errAddress = errors.New("refused to connect to a non-public address")

// addressError says which address was refused.
type addressError struct{ addr string }

func (e *addressError) Error() string { return fmt.Sprintf("%v %s", errAddress, e.addr) }
func (e *addressError) Unwrap() error { return errAddress }

// nonPublic are the networks a crawl never connects to unless an
// enrolled site is there, besides what netip's predicates cover
// (loopback, private, link-local, multicast, unspecified).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network": 0.x reaches the local host
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, broadcast
	netip.MustParsePrefix("64:ff9b::/96"),  // NAT64: may embed any IPv4 address
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001:db8::/32"), // documentation
}

// public reports an address the crawler may connect to for any site.
func public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsMulticast() ||
		a.IsUnspecified() || a.IsInterfaceLocalMulticast() || a.IsLinkLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// scope is what one site crawl may connect to besides public addresses:
// the addresses (with port) its own roots resolved to when the crawl
// began, and the networks the operator allowed for every crawl.
type scope struct {
	mu    sync.RWMutex
	addrs map[netip.AddrPort]bool
	nets  []netip.Prefix
}

type scopeKey struct{}

// withScope makes ctx carry s to the dialer's Control hook (net/http keeps
// a request's context values for its dial).
func withScope(ctx context.Context, s *scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

func (s *scope) allows(ap netip.AddrPort) bool {
	if s == nil {
		return false
	}
	a := ap.Addr().Unmap()
	for _, p := range s.nets {
		if p.Contains(a) {
			return true
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.addrs[netip.AddrPortFrom(a, ap.Port())]
}

// allowsURL reports whether a URL whose host is an IP literal may be
// reached; a host name is decided at connect time.
func (s *scope) allowsURL(u *url.URL) bool {
	a, err := netip.ParseAddr(u.Hostname())
	if err != nil {
		return true
	}
	return public(a) || s.allows(netip.AddrPortFrom(a, portOf(u)))
}

// enrol adds the addresses a site root resolves to. An address found in
// DNS now is the agency's own site; one the name resolves to later (DNS
// rebinding) is not, unless it is public. A root on a default port may
// also be reached on the other one (http → https of the same host).
func (s *scope) enrol(ctx context.Context, root string) {
	u, err := url.Parse(root)
	if err != nil || u.Hostname() == "" {
		return
	}
	ports := []uint16{portOf(u)}
	if ports[0] == 80 || ports[0] == 443 {
		ports = []uint16{80, 443}
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(u.Hostname()); err == nil {
		addrs = []netip.Addr{a}
	} else {
		lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		addrs, _ = net.DefaultResolver.LookupNetIP(lctx, "ip", u.Hostname())
		cancel()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addrs == nil {
		s.addrs = map[netip.AddrPort]bool{}
	}
	for _, a := range addrs {
		if public(a) {
			continue // allowed anyway
		}
		for _, p := range ports {
			s.addrs[netip.AddrPortFrom(a.Unmap(), p)] = true
		}
	}
}

func portOf(u *url.URL) uint16 {
	if p, err := strconv.ParseUint(u.Port(), 10, 16); err == nil {
		return uint16(p)
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// controlAddress is the dialer's ControlContext hook: it runs for every
// address a dial tries, after name resolution and before connect, so a
// host name that resolves to a forbidden address is refused however it
// got there (redirect, link, DNS rebinding between lookups).
func controlAddress(ctx context.Context, network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &addressError{addr: address}
	}
	if public(ap.Addr()) {
		return nil
	}
	s, _ := ctx.Value(scopeKey{}).(*scope)
	if s.allows(ap) {
		return nil
	}
	return &addressError{addr: address}
}

// AllowedAddress is the crawl's address policy for connections made
// outside its own fetcher (the IPv6/HTTPS checks of netcheck): public
// addresses, and those the site's scope in ctx allows (its roots'
// addresses, the operator's AllowNets). Without it a hostile A or AAAA
// record could make the assessor connect to its own network.
func AllowedAddress(ctx context.Context, ap netip.AddrPort) error {
	if public(ap.Addr()) {
		return nil
	}
	if s, _ := ctx.Value(scopeKey{}).(*scope); s.allows(ap) {
		return nil
	}
	return &addressError{addr: ap.String()}
}

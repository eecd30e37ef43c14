package crawler

import (
	"context"
	"net/netip"
	"testing"
)

// AllowedAddress, the policy the IPv6/HTTPS checks ask, lets public
// addresses and the site's own scope through and refuses the assessor's
// own network to a hostile DNS record.
func TestAllowedAddress(t *testing.T) {
	sc := &scope{addrs: map[netip.AddrPort]bool{netip.MustParseAddrPort("10.1.2.3:80"): true},
		nets: []netip.Prefix{netip.MustParsePrefix("172.20.0.0/16")}}
	ctx := withScope(context.Background(), sc)
	for _, tc := range []struct {
		ap string
		ok bool
	}{
		{"203.0.113.9:443", true},       // public
		{"[2400:3200::1]:443", true},    // public IPv6
		{"10.1.2.3:80", true},           // the site's own enrolled address
		{"10.1.2.3:443", false},         // not as enrolled
		{"172.20.5.5:443", true},        // the operator's AllowNets
		{"127.0.0.1:443", false},        // loopback
		{"[::1]:443", false},            // loopback IPv6
		{"169.254.169.254:80", false},   // cloud metadata
		{"[fd00::5]:443", false},        // unique local
		{"[64:ff9b::a00:1]:443", false}, // NAT64 of 10.0.0.1
	} {
		err := AllowedAddress(ctx, netip.MustParseAddrPort(tc.ap))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want allowed %v", tc.ap, err, tc.ok)
		}
	}
	if err := AllowedAddress(context.Background(), netip.MustParseAddrPort("10.1.2.3:80")); err == nil {
		t.Error("no scope in the context: a private address was allowed")
	}
}

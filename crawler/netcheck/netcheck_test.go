package netcheck

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/netip"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"zwgk"
)

// testCA makes a CA and a certificate it signs for host, in the test: no
// file, no network.
func testCA(t *testing.T, host string) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "zwgk test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func serve(t *testing.T, network, addr string, tlsCert *tls.Certificate, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	if tlsCert != nil {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*tlsCert}})
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// fakeNet answers for one host name: an A record, an optional AAAA record
// (a documentation address), and routes the standard ports to local
// listeners.
type fakeNet struct {
	host   string
	aaaa   bool
	routes map[string]string // "127.0.0.1:80" → listener address
}

func (f *fakeNet) LookupNetIP(_ context.Context, network, host string) ([]netip.Addr, error) {
	if host != f.host {
		return nil, errors.New("no such host")
	}
	if network == "ip6" {
		if f.aaaa {
			return []netip.Addr{netip.MustParseAddr("2001:db8::1")}, nil
		}
		return nil, nil
	}
	return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
}

func (f *fakeNet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	to, ok := f.routes[addr]
	if !ok {
		return nil, errors.New("connection refused")
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", to)
}

func TestCheck(t *testing.T) {
	const host = "www.example.gov.cn"
	pool, cert := testCA(t, host)
	otherPool, _ := testCA(t, host)
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>ok</html>")) })
	hsts := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		page(w, r)
	})
	redirect := http.RedirectHandler("https://"+host+"/", http.StatusMovedPermanently)
	v6 := serve(t, "tcp6", "[::1]:0", nil, page)
	plain := serve(t, "tcp4", "127.0.0.1:0", nil, page)
	redir := serve(t, "tcp4", "127.0.0.1:0", nil, redirect)
	secure := serve(t, "tcp4", "127.0.0.1:0", &cert, hsts)
	secureNoHSTS := serve(t, "tcp4", "127.0.0.1:0", &cert, page)

	for _, tt := range []struct {
		name   string
		aaaa   bool
		routes map[string]string
		roots  *x509.CertPool
		want   [4]bool // ipv6, https, hsts, redirect
		errHas string
	}{
		{"everything", true, map[string]string{"[2001:db8::1]:80": v6, "127.0.0.1:80": redir, "127.0.0.1:443": secure}, pool, [4]bool{true, true, true, true}, ""},
		{"no AAAA", false, map[string]string{"127.0.0.1:80": redir, "127.0.0.1:443": secure}, pool, [4]bool{false, true, true, true}, "no AAAA"},
		{"AAAA that does not answer", true, map[string]string{"127.0.0.1:80": redir, "127.0.0.1:443": secure}, pool, [4]bool{false, true, true, true}, "does not answer"},
		{"HTTP only", true, map[string]string{"[2001:db8::1]:80": v6, "127.0.0.1:80": plain}, pool, [4]bool{true, false, false, false}, ""},
		{"untrusted certificate", false, map[string]string{"127.0.0.1:80": plain, "127.0.0.1:443": secure}, otherPool, [4]bool{false, false, false, false}, ""},
		{"https without HSTS", false, map[string]string{"127.0.0.1:80": plain, "127.0.0.1:443": secureNoHSTS}, pool, [4]bool{false, true, false, false}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fn := &fakeNet{host: host, aaaa: tt.aaaa, routes: tt.routes}
			c := &Checker{Resolver: fn, Dial: fn.dial, RootCAs: tt.roots, Timeout: 3 * time.Second}
			got := c.Check(context.Background(), "http://"+host+"/")
			if have := [4]bool{got.IPv6, got.HTTPS, got.HSTS, got.HTTPRedirect}; have != tt.want {
				t.Errorf("ipv6, https, hsts, redirect = %v, want %v (%+v)", have, tt.want, got)
			}
			if tt.errHas != "" && !strings.Contains(got.IPv6Error, tt.errHas) {
				t.Errorf("IPv6Error %q lacks %q", got.IPv6Error, tt.errHas)
			}
			if tt.name == "untrusted certificate" && !strings.Contains(got.HTTPSError, "certificate") {
				t.Errorf("HTTPSError %q does not name the certificate", got.HTTPSError)
			}
		})
	}
	// The address policy is asked before every connection.
	fn := &fakeNet{host: host, aaaa: true, routes: map[string]string{"[2001:db8::1]:80": v6, "127.0.0.1:443": secure}}
	c := &Checker{Resolver: fn, Dial: fn.dial, RootCAs: pool, Allow: func(_ context.Context, ap netip.AddrPort) error {
		if ap.Addr().Is4() {
			return errors.New("refused by policy")
		}
		return nil
	}}
	got := c.Check(context.Background(), "http://"+host+"/")
	if got.HTTPS || !got.IPv6 || !strings.Contains(got.HTTPSError, "refused by policy") {
		t.Errorf("policy not applied: %+v", got)
	}
	// The refusal is the assessor's own rule: HTTPS is undecided, not a
	// site without HTTPS.
	if got.HTTPSFault != zwgk.TransportFaultPolicy || !slices.Contains(got.Undecided, "https") {
		t.Errorf("policy refusal: fault %q undecided %v, want policy and https undecided", got.HTTPSFault, got.Undecided)
	}
	if got := c.Check(context.Background(), "http://127.0.0.1:8080/"); got.IPv6 || got.IPv6Error != "host is an IPv4 address" {
		t.Errorf("IPv4 literal: %+v", got)
	}
}

// leafCert is a certificate for name signed by a fresh CA, valid until
// notAfter; the pool trusts that CA.
func leafCert(t *testing.T, name string, notAfter time.Time) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "zwgk test CA"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-47 * time.Hour), NotAfter: notAfter, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// errNet is a dial failure as the kernel reports it.
func errNet(errno syscall.Errno) func(context.Context, string, string) (net.Conn, error) {
	return func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
	}
}

// TestWhy: every failure says why, and a check the assessor's side could
// not run is undecided, never a plain false.
func TestWhy(t *testing.T) {
	const host = "www.example.gov.cn"
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>ok</html>")) })
	plain := serve(t, "tcp4", "127.0.0.1:0", nil, page)
	v6 := serve(t, "tcp6", "[::1]:0", nil, page)
	pool, wrongHost := leafCert(t, "www.other.gov.cn", time.Now().Add(time.Hour))
	wrong := serve(t, "tcp4", "127.0.0.1:0", &wrongHost, page)
	expPool, expiredCert := leafCert(t, host, time.Now().Add(-time.Hour))
	expired := serve(t, "tcp4", "127.0.0.1:0", &expiredCert, page)

	refusedOr := func(routes map[string]string, v6errno syscall.Errno) func(context.Context, string, string) (net.Conn, error) {
		return func(ctx context.Context, network, addr string) (net.Conn, error) {
			if strings.HasPrefix(addr, "[") && v6errno != 0 {
				return errNet(v6errno)(ctx, network, addr)
			}
			if to, ok := routes[addr]; ok {
				var d net.Dialer
				return d.DialContext(ctx, "tcp", to)
			}
			return errNet(syscall.ECONNREFUSED)(ctx, network, addr)
		}
	}
	for _, tt := range []struct {
		name      string
		resolver  Resolver
		dial      func(context.Context, string, string) (net.Conn, error)
		roots     *x509.CertPool
		ipv6Fault string
		httpsHas  string
		fault     string
		undecided []string
	}{
		{"AAAA refused", &fakeNet{host: host, aaaa: true}, refusedOr(map[string]string{"127.0.0.1:80": plain}, syscall.ECONNREFUSED), pool,
			zwgk.TransportFaultRefused, "refused", zwgk.TransportFaultRefused, nil},
		{"no IPv6 route from here", &fakeNet{host: host, aaaa: true}, refusedOr(map[string]string{"127.0.0.1:80": plain}, syscall.ENETUNREACH), pool,
			zwgk.TransportFaultNoRoute, "refused", zwgk.TransportFaultRefused, []string{"ipv6"}},
		{"resolver timeout", timeoutResolver{}, refusedOr(nil, 0), pool,
			zwgk.TransportFaultResolver, "resolve", zwgk.TransportFaultResolver, []string{"ipv6", "https", "hsts", "http_redirect"}},
		{"certificate for another host", &fakeNet{host: host, aaaa: true}, refusedOr(map[string]string{"[2001:db8::1]:80": v6, "127.0.0.1:80": plain, "127.0.0.1:443": wrong}, 0), pool,
			"", "www.other.gov.cn", zwgk.TransportFaultCertHost, nil},
		{"expired certificate", &fakeNet{host: host}, refusedOr(map[string]string{"127.0.0.1:80": plain, "127.0.0.1:443": expired}, 0), expPool,
			zwgk.TransportFaultNoAAAA, "expired", zwgk.TransportFaultCertExpired, nil},
		{"host silent on every port", &fakeNet{host: host}, func(ctx context.Context, _, _ string) (net.Conn, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}, pool, zwgk.TransportFaultNoAAAA, "", zwgk.TransportFaultTimeout, []string{"https", "hsts", "http_redirect"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Checker{Resolver: tt.resolver, Dial: tt.dial, RootCAs: tt.roots, Timeout: 300 * time.Millisecond}
			got := c.Check(context.Background(), "http://"+host+"/")
			if got.IPv6Fault != tt.ipv6Fault {
				t.Errorf("IPv6Fault = %q, want %q (%s)", got.IPv6Fault, tt.ipv6Fault, got.IPv6Error)
			}
			if got.HTTPSFault != tt.fault || !strings.Contains(got.HTTPSError, tt.httpsHas) {
				t.Errorf("HTTPS fault %q (%s), want %q containing %q", got.HTTPSFault, got.HTTPSError, tt.fault, tt.httpsHas)
			}
			if !slices.Equal(got.Undecided, tt.undecided) {
				t.Errorf("Undecided = %q, want %q", got.Undecided, tt.undecided)
			}
			if got.HTTPS || got.HSTS {
				t.Errorf("HTTPS %v HSTS %v on a failed HTTPS check", got.HTTPS, got.HSTS)
			}
			if tt.name == "certificate for another host" && !got.IPv6 {
				t.Errorf("a host that answered TLS over IPv6 is reachable over IPv6: %+v", got)
			}
		})
	}
}

// timeoutResolver times out on every lookup, as an overloaded resolver does.
type timeoutResolver struct{}

func (timeoutResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	return nil, &net.DNSError{Err: "i/o timeout", Name: host, IsTimeout: true}
}

func TestFault(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, zwgk.TransportFaultRefused},
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)}, zwgk.TransportFaultNoRoute},
		{&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, zwgk.TransportFaultNoAAAA},
		{&net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}, zwgk.TransportFaultResolver},
		{context.DeadlineExceeded, zwgk.TransportFaultTimeout},
		{errors.New("EOF"), zwgk.TransportFaultOther},
	} {
		if got := Fault(tt.err); got != tt.want {
			t.Errorf("Fault(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

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
	"strings"
	"testing"
	"time"
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
	c := &Checker{Resolver: fn, Dial: fn.dial, RootCAs: pool, Allow: func(a netip.Addr) error {
		if a.Is4() {
			return errors.New("refused by policy")
		}
		return nil
	}}
	if got := c.Check(context.Background(), "http://"+host+"/"); got.HTTPS || !got.IPv6 || !strings.Contains(got.HTTPSError, "refused by policy") {
		t.Errorf("policy not applied: %+v", got)
	}
	if got := c.Check(context.Background(), "http://127.0.0.1:8080/"); got.IPv6 || got.IPv6Error != "host is an IPv4 address" {
		t.Errorf("IPv4 literal: %+v", got)
	}
}

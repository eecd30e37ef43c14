package sitefarm

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/netip"
	"net/url"
	"os"
	"syscall"
	"time"

	"zwgk"
	"zwgk/crawler/netcheck"
)

// Network is the farm's network as a transport check in farm mode sees it:
// the farm's host names, the addresses its resolver gives them, where its
// dialer routes those addresses, and the test CA its certificates chain
// to. It is plain data (Server.Network; WriteTo and ReadNetwork carry it to
// another process), and never used for a real site: in production the
// system resolver and roots stay.
type Network struct {
	// CA is the farm's test CA certificate, PEM.
	CA    string    `json:"ca"`
	Sites []NetSite `json:"sites"`

	pool   *x509.CertPool
	byName map[string]*NetSite
	byAddr map[string]*NetSite // the site's URL host:port → site
	routes map[string]string   // farm address:port → real listener
}

// NetSite is one farm host on the network.
type NetSite struct {
	URL  string `json:"url"`            // the site's content address (http://127.0.0.x:port/)
	Host string `json:"host"`           // its host name
	A    string `json:"a"`              // the address the resolver gives for A
	AAAA string `json:"aaaa,omitempty"` // and for AAAA, when the profile has one
	// Where the dialer routes a connection: the site's HTTP listener, its
	// TLS listener (none: refused) and its IPv6 listener on ::1 (none:
	// refused).
	HTTP  string `json:"http"`
	HTTPS string `json:"https,omitempty"`
	IPv6  string `json:"ipv6,omitempty"`
}

// ReadNetwork reads a network description WriteTo wrote.
func ReadNetwork(path string) (*Network, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read site farm network: %w", err)
	}
	var n Network
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, fmt.Errorf("read site farm network %s: %w", path, err)
	}
	if err := n.index(); err != nil {
		return nil, fmt.Errorf("read site farm network %s: %w", path, err)
	}
	return &n, nil
}

// WriteTo writes the network as JSON.
func (n *Network) WriteTo(w io.Writer) (int64, error) {
	b, err := json.MarshalIndent(n, "", " ")
	if err != nil {
		return 0, err
	}
	m, err := w.Write(append(b, '\n'))
	return int64(m), err
}

func (n *Network) index() error {
	n.pool = x509.NewCertPool()
	if !n.pool.AppendCertsFromPEM([]byte(n.CA)) {
		return errors.New("no CA certificate")
	}
	n.byName = make(map[string]*NetSite, len(n.Sites))
	n.byAddr = make(map[string]*NetSite, len(n.Sites))
	n.routes = map[string]string{}
	for i := range n.Sites {
		ns := &n.Sites[i]
		u, err := url.Parse(ns.URL)
		if err != nil || u.Host == "" {
			return fmt.Errorf("site %s: bad URL %q", ns.Host, ns.URL)
		}
		n.byName[ns.Host] = ns
		n.byAddr[u.Host] = ns
		n.routes[net.JoinHostPort(ns.A, u.Port())] = ns.HTTP
		if ns.HTTPS != "" {
			n.routes[net.JoinHostPort(ns.A, "443")] = ns.HTTPS
		}
		if ns.AAAA != "" && ns.IPv6 != "" {
			n.routes[net.JoinHostPort(ns.AAAA, u.Port())] = ns.IPv6
		}
	}
	return nil
}

// RootCAs is a pool of the farm's test CA.
func (n *Network) RootCAs() *x509.CertPool { return n.pool }

// LookupNetIP answers A and AAAA for the farm's host names; a site without
// IPv6 has no AAAA record (not found, as a real resolver says it).
func (n *Network) LookupNetIP(_ context.Context, network, host string) ([]netip.Addr, error) {
	ns := n.byName[host]
	if ns == nil {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	if network != "ip6" {
		out = append(out, netip.MustParseAddr(ns.A))
	}
	if network != "ip4" && ns.AAAA != "" {
		out = append(out, netip.MustParseAddr(ns.AAAA))
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return out, nil
}

// Dial connects to a farm address: to the listener it is routed to, or
// refused, as a host with nothing on that port refuses.
func (n *Network) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	to, ok := n.routes[addr]
	if !ok {
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	var d net.Dialer
	nw := "tcp4"
	if ap, err := netip.ParseAddrPort(to); err == nil && ap.Addr().Is6() {
		nw = "tcp6"
	}
	return d.DialContext(ctx, nw, to)
}

// Checker is a transport checker for farm sites in farm mode: it checks a
// site's host by its farm host name, through the farm's resolver, dialer
// and CA. A URL that is no farm site's is checked as given (an IPv4
// address: no IPv6, and nothing on port 443).
func (n *Network) Checker(userAgent string, timeout time.Duration) *FarmChecker {
	return &FarmChecker{net: n, c: &netcheck.Checker{Resolver: n, Dial: n.Dial, RootCAs: n.pool, UserAgent: userAgent, Timeout: timeout}}
}

// FarmChecker is Network.Checker's checker.
type FarmChecker struct {
	net *Network
	c   *netcheck.Checker
}

// Check checks the site whose home page is site.
func (f *FarmChecker) Check(ctx context.Context, site string) zwgk.Transport {
	u, err := url.Parse(site)
	if err == nil {
		if ns := f.net.byAddr[u.Host]; ns != nil {
			named := *u
			named.Host = net.JoinHostPort(ns.Host, u.Port())
			return f.c.Check(ctx, named.String())
		}
	}
	return f.c.Check(ctx, site)
}

// farmTLS is the farm's test CA and the certificates it issues, made when
// the farm starts (nothing on disk).
type farmTLS struct {
	caPEM  []byte
	caCert *x509.Certificate
	key    *ecdsa.PrivateKey // one key for the CA and every leaf: a test CA
	serial int64
}

func newFarmTLS(now time.Time) (*farmTLS, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("site farm CA key: %w", err)
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "zwgk site farm test CA", Organization: []string{"zwgk sitefarm"}},
		NotBefore: now.Add(-2 * 365 * 24 * time.Hour), NotAfter: now.Add(2 * 365 * 24 * time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, ca, ca, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("site farm CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &farmTLS{caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), caCert: cert, key: key, serial: 1}, nil
}

// leaf issues a certificate for name, valid around now, or expired a
// month ago.
func (ft *farmTLS) leaf(name string, now time.Time, expired bool) (tls.Certificate, error) {
	ft.serial++
	notBefore, notAfter := now.Add(-24*time.Hour), now.Add(365*24*time.Hour)
	if expired {
		notBefore, notAfter = now.Add(-395*24*time.Hour), now.Add(-30*24*time.Hour)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(ft.serial), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: notBefore, NotAfter: notAfter, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ft.caCert, &ft.key.PublicKey, ft.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("certificate for %s: %w", name, err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: ft.key}, nil
}

// bindTransport binds every host site's IPv6 and TLS listeners its
// transport profile has, and builds the farm's Network.
func (s *Server) bindTransport() error {
	now := time.Now()
	ft, err := newFarmTLS(now)
	if err != nil {
		return err
	}
	n := &Network{CA: string(ft.caPEM)}
	for i, site := range s.farm.Sites {
		if site.clusterHost != nil {
			continue // a folder of its host: the host's network is its own
		}
		sp := site.transportSpec()
		u, err := url.Parse(site.URL())
		if err != nil {
			return err
		}
		ns := NetSite{URL: site.URL(), Host: site.HostName(), A: farmV4(i).String(), HTTP: u.Host}
		if sp.AAAA {
			ns.AAAA = farmV6(i).String()
		}
		if sp.AAAA && sp.V6 {
			l, err := net.Listen("tcp6", "[::1]:0")
			if err != nil {
				return fmt.Errorf("serve site %d over IPv6 on ::1 (transport mode): %w", i, err)
			}
			s.listeners = append(s.listeners, l)
			ns.IPv6 = l.Addr().String()
		}
		if sp.HTTPS {
			name := site.HostName()
			if sp.Cert == zwgk.TransportFaultCertHost {
				name = fmt.Sprintf("s%d-old.sitefarm.test", i) // a certificate left from another name
			}
			cert, err := ft.leaf(name, now, sp.Cert == zwgk.TransportFaultCertExpired)
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp4", "127.0.0.1:0")
			if err != nil {
				return fmt.Errorf("serve site %d over TLS (transport mode): %w", i, err)
			}
			ns.HTTPS = l.Addr().String()
			s.listeners = append(s.listeners, tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}))
		}
		n.Sites = append(n.Sites, ns)
	}
	if err := n.index(); err != nil {
		return err
	}
	s.network = n
	return nil
}

// Network is the farm's network (nil unless served with
// Options.Transport).
func (s *Server) Network() *Network { return s.network }

// dropTLSHandshake drops the server's "TLS handshake error" lines.
type dropTLSHandshake struct{ w io.Writer }

func (d dropTLSHandshake) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("TLS handshake error")) {
		return len(p), nil
	}
	return d.w.Write(p)
}

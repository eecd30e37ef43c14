package sitefarm

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"zwgk"
)

// TestTransportProfiles: in any ten consecutive sites every transport
// profile occurs; a farm without defects and a repaired site offer all.
func TestTransportProfiles(t *testing.T) {
	f := Generate(Config{Sites: 10, Seed: 3, Defects: true})
	seen := map[string]bool{}
	for _, s := range f.Sites {
		seen[s.TransportProfile] = true
	}
	for _, p := range TransportProfiles {
		if !seen[p] {
			t.Errorf("profile %s missing from 10 sites", p)
		}
	}
	for _, s := range Generate(Config{Sites: 10, Seed: 3}).Sites {
		if s.TransportProfile != TransportFull {
			t.Errorf("site %d without defects has %s", s.Index, s.TransportProfile)
		}
	}
	rep := Generate(Config{Sites: 10, Seed: 3, Defects: true, Repaired: func(int) bool { return true }})
	for _, s := range rep.Sites {
		if s.TransportProfile != TransportFull {
			t.Errorf("repaired site %d has %s", s.Index, s.TransportProfile)
		}
	}
	// The truth follows the profile.
	for _, s := range f.Sites {
		tt := s.TransportTruth()
		sp := transportSpecs[s.TransportProfile]
		if tt.IPv6 != (sp.AAAA && sp.V6) || tt.HTTPS != (sp.HTTPS && sp.Cert == "") || tt.HSTS != (tt.HTTPS && sp.HSTS) || tt.HTTPRedirect != sp.Redirect {
			t.Errorf("site %d (%s): truth %+v", s.Index, s.TransportProfile, tt)
		}
	}
}

// TestTransportServed: the farm in transport mode serves IPv6 on ::1 and
// HTTPS with its test CA behind its resolver; the real transport checker,
// through the farm's network, finds every site's truth, in both address
// modes, and the content at the sites' usual addresses is unchanged.
func TestTransportServed(t *testing.T) {
	for _, portMode := range []bool{false, true} {
		name := "addresses"
		if portMode {
			name = "ports"
		}
		t.Run(name, func(t *testing.T) {
			f := Generate(Config{Sites: 20, Seed: 5, Defects: true})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			srv, err := Start(ctx, f, Options{Transport: true, PortMode: portMode, SlowDelay: 50 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			netw := srv.Network()
			if netw == nil {
				t.Fatal("no network in transport mode")
			}
			// The description survives a trip to another process.
			var buf bytes.Buffer
			if _, err := netw.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			path := t.TempDir() + "/network.json"
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			netw, err = ReadNetwork(path)
			if err != nil {
				t.Fatal(err)
			}
			checker := netw.Checker("zwgk-test", 5*time.Second)
			counts := map[string]int{}
			hosted := 0
			for _, s := range f.Sites {
				got := checker.Check(ctx, s.URL())
				want := s.TransportTruth()
				if d := TransportDiff(want, got); len(d) > 0 {
					t.Errorf("site %d (%s, %s): %s\n got %+v", s.Index, s.TransportProfile, s.URL(), strings.Join(d, "; "), got)
				}
				if got.Host != want.Host || !slices.Equal(got.AAAA, want.AAAA) {
					t.Errorf("site %d: host %s AAAA %v, truth %s %v", s.Index, got.Host, got.AAAA, want.Host, want.AAAA)
				}
				if s.clusterHost != nil {
					hosted++
				}
				counts[s.transportSite().TransportProfile]++
				switch s.transportSite().TransportProfile {
				case TransportWrongHost:
					if !strings.Contains(got.HTTPSError, "s"+itoa(s.transportSite().Index)+"-old.sitefarm.test") {
						t.Errorf("wrong-host certificate: error %q does not name the certificate's host", got.HTTPSError)
					}
				case TransportExpired:
					if !strings.Contains(got.HTTPSError, "expired") {
						t.Errorf("expired certificate: error %q does not say so", got.HTTPSError)
					}
				case TransportV6Refused:
					if !strings.Contains(got.IPv6Error, "refused") {
						t.Errorf("refused IPv6: error %q does not say so", got.IPv6Error)
					}
				}
			}
			if hosted == 0 {
				t.Error("no cluster folder site in 20 sites: the test misses hosted sites")
			}
			for _, p := range TransportProfiles {
				if counts[p] == 0 {
					t.Errorf("no site served with %s", p)
				}
			}
			// The content at a site's usual address is not redirected,
			// even on a site whose name redirects to https://.
			for _, s := range f.Sites {
				if s.TransportProfile != TransportFull || s.Profile != ProfileGood || s.clusterHost != nil {
					continue
				}
				resp, err := http.Get(s.URL())
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("site %d at %s: status %d", s.Index, s.URL(), resp.StatusCode)
				}
				break
			}
		})
	}
}

// TestTransportDiff: each kind of disagreement is reported.
func TestTransportDiff(t *testing.T) {
	truth := zwgk.Transport{IPv6: true, HTTPS: false, HTTPSFault: zwgk.TransportFaultCertExpired, HTTPRedirect: true}
	if d := TransportDiff(truth, truth); len(d) != 0 {
		t.Errorf("truth against itself: %v", d)
	}
	got := truth
	got.HTTPSFault = zwgk.TransportFaultCertHost
	got.Undecided = []string{"ipv6"}
	got.HTTPRedirect = false
	d := TransportDiff(truth, got)
	if len(d) != 3 || !strings.HasPrefix(d[0], "ipv6: undecided") || !strings.Contains(d[1], "fault cert_host, truth cert_expired") || !strings.HasPrefix(d[2], "http_redirect") {
		t.Errorf("diff = %q", d)
	}
}

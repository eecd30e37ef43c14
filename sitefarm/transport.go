package sitefarm

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"zwgk"
)

// Transport profiles (issue 19): what a site's connections offer, beside
// its content profile. Every site has one; in any ten consecutive sites
// every profile occurs. A farm without defects, and a repaired site, offer
// everything (TransportFull).
//
// The farm's sites are addressed by IP and port for their content (every
// farm URL stays as it was); for the transport checks each site also has a
// host name, HostName, that only the farm's own network knows (Network: a
// resolver answering A and AAAA for it per the profile, a dialer routing
// its addresses to the farm's listeners, and a test CA generated when the
// farm starts). A request that names the site by that host name gets the
// profile's behaviour: HSTS on the HTTPS answer, http:// redirected to
// https://. The content profile's intermittent failures and delays are not
// served to it, so that the transport truth is exact.
const (
	TransportFull      = "full"            // AAAA answered over IPv6, HTTPS with a valid certificate, HSTS, http→https
	TransportHTTPOnly  = "http_only"       // no AAAA, nothing on port 443, http:// answers in place
	TransportNoHSTS    = "https_no_hsts"   // IPv6; HTTPS with a valid certificate, no HSTS; http:// does not redirect
	TransportV6Refused = "ipv6_refused"    // an AAAA record whose address refuses connections; HTTPS, HSTS, redirect
	TransportNoAAAA    = "no_aaaa"         // no AAAA; HTTPS, HSTS, redirect
	TransportWrongHost = "cert_wrong_host" // IPv6; the certificate names another host; http:// redirects to it
	TransportExpired   = "cert_expired"    // no AAAA; the certificate expired; http:// does not redirect
)

// TransportProfiles lists every transport profile.
var TransportProfiles = []string{TransportFull, TransportHTTPOnly, TransportNoHSTS, TransportV6Refused, TransportNoAAAA, TransportWrongHost, TransportExpired}

// transportRotation puts the failing profiles on sites 1–4 and 7–8 of every
// ten: in the first ten, these are sites a crawler reads to the end
// (sites 5 and 6 are fragile and guarded), so a small farm shows all.
var transportRotation = []string{TransportFull, TransportHTTPOnly, TransportNoHSTS, TransportV6Refused, TransportNoAAAA,
	TransportFull, TransportFull, TransportWrongHost, TransportExpired, TransportFull}

// transportSpec is what a transport profile serves.
type transportSpec struct {
	AAAA     bool   // the name has an AAAA record
	V6       bool   // the AAAA address answers (false: refused)
	HTTPS    bool   // something answers TLS on port 443
	Cert     string // "" valid, or the fault its certificate causes
	HSTS     bool
	Redirect bool
}

var transportSpecs = map[string]transportSpec{
	TransportFull:      {AAAA: true, V6: true, HTTPS: true, HSTS: true, Redirect: true},
	TransportHTTPOnly:  {},
	TransportNoHSTS:    {AAAA: true, V6: true, HTTPS: true},
	TransportV6Refused: {AAAA: true, HTTPS: true, HSTS: true, Redirect: true},
	TransportNoAAAA:    {HTTPS: true, HSTS: true, Redirect: true},
	TransportWrongHost: {AAAA: true, V6: true, HTTPS: true, Cert: zwgk.TransportFaultCertHost, HSTS: true, Redirect: true},
	TransportExpired:   {HTTPS: true, Cert: zwgk.TransportFaultCertExpired},
}

func transportFor(k int, defects bool) string {
	if !defects {
		return TransportFull
	}
	return transportRotation[k%len(transportRotation)]
}

// HostName is the site's host name on the farm's network (a name under
// the reserved .test domain, RFC 6761: it never resolves elsewhere).
func (s *Site) HostName() string { return fmt.Sprintf("s%d.sitefarm.test", s.Index) }

// transportSite is the site whose host serves this one: its cluster host
// for a site that is a folder of another's.
func (s *Site) transportSite() *Site {
	if s.clusterHost != nil {
		return s.clusterHost
	}
	return s
}

func (s *Site) transportSpec() transportSpec {
	return transportSpecs[s.transportSite().TransportProfile]
}

// farmV6 is the site's address on the farm's IPv6 network (a unique local
// address the farm's dialer routes to ::1).
func farmV6(i int) netip.Addr {
	b := [16]byte{0xfd, 0x5a, 0x67, 0x6b, 0x66, 0x61, 0x72, 0x6d}
	n := uint32(i + 2)
	b[12], b[13], b[14], b[15] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return netip.AddrFrom16(b)
}

// farmV4 is the site's IPv4 address on the farm's network: its loopback
// address in multi-address mode, where it is real; in port mode every site
// is on 127.0.0.1 and the farm's dialer routes this one to its port.
func farmV4(i int) netip.Addr { return netip.MustParseAddr(loopbackAddr(i)) }

// TransportTruth is what a perfect transport check of the site's host
// finds (the host of its cluster, for a site that is a folder of another).
// The errors' English text is the checker's; the truth gives the faults.
func (s *Site) TransportTruth() zwgk.Transport {
	h := s.transportSite()
	sp := h.transportSpec()
	t := zwgk.Transport{Host: h.HostName(), HTTPRedirect: sp.Redirect}
	switch {
	case !sp.AAAA:
		t.IPv6Fault = zwgk.TransportFaultNoAAAA
	case !sp.V6:
		t.AAAA = []string{farmV6(h.Index).String()}
		t.IPv6Fault = zwgk.TransportFaultRefused
	default:
		t.AAAA = []string{farmV6(h.Index).String()}
		t.IPv6 = true
	}
	switch {
	case !sp.HTTPS:
		t.HTTPSFault = zwgk.TransportFaultRefused
	case sp.Cert != "":
		t.HTTPSFault = sp.Cert
	default:
		t.HTTPS, t.HSTS = true, sp.HSTS
	}
	return t
}

// byName finds the site a request names by its farm host name.
func (s *Server) byName(r *http.Request) *Site {
	if !s.opts.Transport {
		return nil
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	num, ok := strings.CutSuffix(strings.ToLower(host), ".sitefarm.test")
	if !ok || !strings.HasPrefix(num, "s") {
		return nil
	}
	i, err := strconv.Atoi(num[1:])
	if err != nil || i < 0 || i >= len(s.farm.Sites) || s.farm.Sites[i].clusterHost != nil {
		return nil
	}
	return s.farm.Sites[i]
}

// serveByName answers a request that named the site by its host name:
// over TLS with HSTS when the profile has it, over plain HTTP with a
// redirect to https:// when the profile has one, else the site's page.
func (s *Server) serveByName(w http.ResponseWriter, r *http.Request, site *Site) {
	sp := site.transportSpec()
	if r.TLS == nil && sp.Redirect {
		http.Redirect(w, r, "https://"+site.HostName()+r.URL.RequestURI(), http.StatusMovedPermanently)
		return
	}
	if r.TLS != nil && sp.HSTS {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
	}
	path := r.URL.Path
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	s.write(w, r, s.page(site, path))
}

// TransportChecks are the checks TransportDiff compares, as transport
// rules name them.
var TransportChecks = []string{"ipv6", "https", "hsts", "http_redirect"}

// TransportDiff lists the checks (of TransportChecks) on which a crawler's
// transport check disagrees with the truth, each with what differs: the
// value, the fault that explains a failure (IPv6 and HTTPS), or a check
// left undecided (the farm's network leaves nothing undecided).
func TransportDiff(truth, got zwgk.Transport) []string {
	var out []string
	pair := func(name string, want, have bool, wantFault, haveFault string) {
		switch {
		case got.IsUndecided(name):
			out = append(out, fmt.Sprintf("%s: undecided (%s), truth %v", name, haveFault, want))
		case want != have:
			out = append(out, fmt.Sprintf("%s: %v (%s), truth %v (%s)", name, have, haveFault, want, wantFault))
		case !want && wantFault != "" && wantFault != haveFault:
			out = append(out, fmt.Sprintf("%s: fault %s, truth %s", name, haveFault, wantFault))
		}
	}
	pair("ipv6", truth.IPv6, got.IPv6, truth.IPv6Fault, got.IPv6Fault)
	pair("https", truth.HTTPS, got.HTTPS, truth.HTTPSFault, got.HTTPSFault)
	pair("hsts", truth.HSTS, got.HSTS, "", "")
	pair("http_redirect", truth.HTTPRedirect, got.HTTPRedirect, "", "")
	return out
}

// Package sitefarm generates and serves synthetic Chinese government
// websites with a ground truth, for the demo, the tests and the benchmarks.
//
// Each site is modelled first — agency, style, columns with their labels,
// items with titles and dates, letters, attachments, injected defects — and
// every page is rendered from that model on demand. The ground truth
// ((*Site).Truth, the manifest) is derived from the model, never from the
// HTML, so a crawler can be checked against it.
//
// Generation is deterministic: the same seed gives byte-identical pages and
// manifest, and site k is the same whatever the number of sites.
//
// The farm must not reach anything but loopback: it listens on 127.0.0.0/8
// (and ::1 in transport mode) only, and no page links outside the farm.
//
// Transport mode (Options.Transport; `zwgk sitefarm serve` by default)
// serves each site's transport profile (transport.go: full; no AAAA and
// HTTP only; HTTPS without HSTS nor redirect; an AAAA that refuses; no
// AAAA; a certificate for another host; an expired certificate). Site URLs
// do not change: content stays at 127.0.0.x (or 127.0.0.1:port). Each site
// is also known by a host name, s<index>.sitefarm.test, that only the farm's
// Network resolves: A gives the site's address, AAAA a unique local address
// fd5a:676b:6661:726d::/64 when the profile has one; the Network's dialer
// routes those addresses to the site's listener on ::1 and its TLS listener
// on 127.0.0.1 (certificates of a test CA generated at start, never written
// but as network.json's CA), and refuses the rest. Requests naming the host
// get the profile's HSTS header and http→https redirect, without the
// content profile's intermittent failures and delays, so the transport
// truth (Site.TransportTruth, Truth().Transport, the manifest's
// truth.transport) is exact. A crawler in farm mode is handed
// Network.Checker (cmd: --sitefarm-net DIR/network.json); in production the
// system resolver and roots stay.
package sitefarm

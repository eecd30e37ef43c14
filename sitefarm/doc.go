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
// only, and no page links outside the farm.
package sitefarm

// Package zwgk is the domain vocabulary of the zwgk openness assessment
// system: agencies, cycles, the evidence a crawl gathers, the findings that
// judge it and the scorecards built from them.
//
// It holds types and small methods only, and imports nothing but the
// standard library. It must not do I/O: fetching lives in crawler/,
// persistence in store/, judging in scoring/.
package zwgk

// Package checks holds the automated content checks of issue 19 as pure
// functions: text and markup in, candidates out. Personal data (citizen ID
// numbers validated by their GB 11643 check digit, bank cards by Luhn,
// mobile numbers by their allocated prefixes), serious wording errors
// against a bureau's list of leaders and titles, typos and sensitive
// words from word lists, and dark links.
//
// Detection proposes, the assessor decides: a hit is a candidate
// (zwgk.ContentCheck) for the review queue, with the excerpt it was found
// in (personal data masked) and the rule that fired, never a finding.
//
// It must not fetch, store or score anything, nor read the clock: the
// crawler hands it what it read, scoring counts the confirmed candidates.
// Every input is bounded (MaxText), since crawled pages are hostile.
package checks

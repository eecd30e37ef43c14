// Package exchange reads and writes the open-data exchange formats of an
// assessment: findings.csv (what was found, one row per agency and
// indicator — enough to recompute every mark), scores.csv (for people, in
// Excel) and scores.json (for programs, the schema of DESIGN.md).
//
// It only converts between bytes and zwgk values: no scoring, no files of
// its own (callers pass readers and writers), no database. Input is
// untrusted: fields are bounded, and every fault is reported with its file,
// line and column, all of them at once rather than the first.
package exchange

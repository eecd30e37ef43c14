// Package manifest makes a published mark checkable without trusting the
// bureau's database: it hashes every evidence item of a report folder
// (each page record, the probe records, the evidence file, the findings
// and the score of every agency, and the cohort files), arranges the
// hashes in a Merkle tree per agency and one over the agencies, and
// verifies a folder — or one agency's evidence bundle with its page
// bodies and an inclusion proof — against the root printed in the
// reports.
//
// The tree is RFC 9162's (Certificate Transparency v2, §2.1.1): a leaf
// hashes 0x00 followed by its fields, each field followed by 0x00; an
// inner node hashes 0x01, the left child and the right child; a tree of n
// leaves splits at the largest power of two below n. Anyone can recompute
// it in any language from manifest.json and the files beside it.
//
// It reads files through io/fs and writes through io.Writer; it opens no
// database and no network connection.
package manifest

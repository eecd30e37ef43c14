package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Hash is a SHA-256 digest.
type Hash [sha256.Size]byte

// String is the hash in lower-case hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// ParseHash reads 64 hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("hash %q: want 64 hex digits", clip(s))
	}
	copy(h[:], b)
	return h, nil
}

// Leaf hashes one leaf: 0x00, then each field followed by 0x00. Fields
// are the strings written in manifest.json, so a verifier in any language
// rebuilds them byte for byte.
func Leaf(fields ...string) Hash {
	d := sha256.New()
	d.Write([]byte{0})
	for _, f := range fields {
		d.Write([]byte(f))
		d.Write([]byte{0})
	}
	var h Hash
	d.Sum(h[:0])
	return h
}

func node(l, r Hash) Hash {
	d := sha256.New()
	d.Write([]byte{1})
	d.Write(l[:])
	d.Write(r[:])
	var h Hash
	d.Sum(h[:0])
	return h
}

// emptyRoot is the root of a tree with no leaves: SHA-256 of nothing.
var emptyRoot = Hash(sha256.Sum256(nil))

// Root is the Merkle tree hash of leaves (RFC 9162 §2.1.1).
func Root(leaves []Hash) Hash {
	switch len(leaves) {
	case 0:
		return emptyRoot
	case 1:
		return leaves[0]
	}
	k := split(len(leaves))
	return node(Root(leaves[:k]), Root(leaves[k:]))
}

// split is the largest power of two smaller than n (n ≥ 2).
func split(n int) int {
	k := 1
	for k<<1 < n {
		k <<= 1
	}
	return k
}

// Proof is the inclusion proof (audit path) of leaf index m in leaves
// (RFC 9162 §2.1.3.1), nearest sibling first.
func Proof(leaves []Hash, m int) []Hash {
	if m < 0 || m >= len(leaves) || len(leaves) < 2 {
		return nil
	}
	k := split(len(leaves))
	if m < k {
		return append(Proof(leaves[:k], m), Root(leaves[k:]))
	}
	return append(Proof(leaves[k:], m-k), Root(leaves[:k]))
}

// ErrProof is returned when an inclusion proof does not lead to the root.
var ErrProof = errors.New("inclusion proof does not lead to the root")

// VerifyProof checks that leaf is at index m of a tree of size n with
// the given root (RFC 9162 §2.1.3.2).
func VerifyProof(leaf Hash, m, n int, proof []Hash, root Hash) error {
	if m < 0 || m >= n {
		return fmt.Errorf("leaf index %d outside a tree of %d: %w", m, n, ErrProof)
	}
	fn, sn := m, n-1
	r := leaf
	for _, p := range proof {
		if sn == 0 {
			return fmt.Errorf("proof longer than the tree: %w", ErrProof)
		}
		if fn&1 == 1 || fn == sn {
			r = node(p, r)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			r = node(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 || r != root {
		return ErrProof
	}
	return nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

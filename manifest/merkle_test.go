package manifest

import (
	"fmt"
	"testing"
)

func leaves(n int) []Hash {
	out := make([]Hash, n)
	for i := range out {
		out[i] = Leaf(fmt.Sprint(i))
	}
	return out
}

// RFC 9162's tree is defined recursively; check Root against a direct
// reading of the definition for small sizes, and every proof of every
// leaf against the root, and that a proof fails for another leaf, index or
// root.
func TestRootAndProofs(t *testing.T) {
	if got, want := Root(nil).String(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; got != want {
		t.Fatalf("empty root %s, want SHA-256 of nothing %s", got, want)
	}
	l := leaves(3)
	if got, want := Root(l), node(node(l[0], l[1]), l[2]); got != want {
		t.Fatalf("root of 3 = %s, want H(H(0,1),2) = %s", got, want)
	}
	l = leaves(5)
	if got, want := Root(l), node(node(node(l[0], l[1]), node(l[2], l[3])), l[4]); got != want {
		t.Fatalf("root of 5 = %s, want %s", got, want)
	}
	for n := 1; n <= 33; n++ {
		l := leaves(n)
		root := Root(l)
		for m := range n {
			p := Proof(l, m)
			if err := VerifyProof(l[m], m, n, p, root); err != nil {
				t.Fatalf("n=%d m=%d: %v", n, m, err)
			}
			if err := VerifyProof(Leaf("other"), m, n, p, root); err == nil {
				t.Fatalf("n=%d m=%d: a foreign leaf verified", n, m)
			}
			if n > 1 {
				if err := VerifyProof(l[m], (m+1)%n, n, p, root); err == nil && l[m] != l[(m+1)%n] {
					t.Fatalf("n=%d m=%d: the proof verified at another index", n, m)
				}
			}
		}
	}
}

func TestLeafFieldsAreSeparated(t *testing.T) {
	if Leaf("ab", "c") == Leaf("a", "bc") {
		t.Fatal("field boundaries do not change the leaf")
	}
	if Leaf("a") == Leaf("a", "") {
		t.Fatal("an empty trailing field does not change the leaf")
	}
}

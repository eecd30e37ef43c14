package scoring

import (
	"strings"
	"unicode"
)

// TODO(scoring): replace with indicators.Normalize / indicators.MatchAlias
// once the indicators package provides them.

func normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u3000' || unicode.IsSpace(r):
			continue
		case r >= '\uff01' && r <= '\uff5e':
			r -= 0xfee0 // full-width ASCII
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func matchAlias(aliases []string, label string) bool {
	l := normalize(label)
	for _, a := range aliases {
		if n := normalize(a); n != "" && strings.Contains(l, n) {
			return true
		}
	}
	return false
}

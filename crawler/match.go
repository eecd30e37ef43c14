package crawler

import (
	"strings"
	"unicode"
)

// matchAlias and normalize must be the framework's own matching
// (indicators.MatchAlias, indicators.Normalize) so the crawler finds exactly
// the columns scoring looks for. Until the indicators package provides
// them, this stand-in strips spaces and punctuation and compares whole
// labels.
// TODO(crawler): switch to indicators.MatchAlias / indicators.Normalize.
var (
	matchAlias = func(aliases []string, label string) bool {
		l := normalize(label)
		for _, a := range aliases {
			if normalize(a) == l {
				return true
			}
		}
		return false
	}
	normalize = func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
				return -1
			}
			return r
		}, s)
	}
)

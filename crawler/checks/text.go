package checks

import (
	"strings"
	"unicode/utf8"
)

// Bounds on hostile input.
const (
	// MaxText is the most text of one page (or attachment) that is read.
	MaxText = 2 << 20
	// MaxPerPage bounds the candidates one page yields per rule.
	MaxPerPage = 20
	// excerptRunes is the context kept either side of a hit.
	excerptRunes = 24
)

// Excerpt is the text around [start, end) of s on one line: excerptRunes
// runes either side, white space collapsed, with every personal-data
// number inside it masked (a hit for a typo must not show an ID number
// next to it unmasked).
func Excerpt(s string, start, end int) string {
	from, to := start, end
	for n := 0; n < excerptRunes && from > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:from])
		from -= size
	}
	for n := 0; n < excerptRunes && to < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[to:])
		to += size
	}
	// Widen to whole numbers so that masking sees each number entire.
	for from > 0 && alnum(s[from-1]) && alnum(s[from]) {
		from--
	}
	for to < len(s) && alnum(s[to]) && to > 0 && alnum(s[to-1]) {
		to++
	}
	return strings.Join(strings.Fields(MaskPersonal(s[from:to])), " ")
}

// MarkedExcerpt is Excerpt with the hit set off in 【】, so that the
// assessor sees which words fired (and two hits of one sentence are two
// candidates).
func MarkedExcerpt(s string, start, end int) string {
	if start < 0 || end > len(s) || start >= end {
		return Excerpt(s, start, end)
	}
	marked := s[:start] + "【" + s[start:end] + "】" + s[end:]
	return Excerpt(marked, start, end+len("【】"))
}

// MaskPersonal replaces every personal-data number of s by its masked form.
func MaskPersonal(s string) string {
	hits := FindPersonal(s)
	if len(hits) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, h := range hits {
		b.WriteString(s[last:h.Start])
		b.WriteString(h.Masked)
		last = h.End
	}
	b.WriteString(s[last:])
	return b.String()
}

package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"zwgk/reports/fonts"
)

// Substitute is drawn for a character the font cannot draw (outside the
// Basic Multilingual Plane, e.g. emoji, or simply missing from the font).
const Substitute = '□'

// Length bounds for untrusted text, in runes. A crawled page title or a URL
// can be megabytes long; a report prints a bounded, visibly cut prefix.
const (
	maxName    = 120  // agency, indicator and cycle names
	maxTitle   = 200  // page titles
	maxURL     = 400  // URLs
	maxProblem = 1000 // problem statements, measures, veto reasons
)

// clean makes untrusted text printable: control and format characters
// (including bidi overrides and zero-width characters) are dropped,
// newlines and tabs become spaces, runs of spaces collapse, characters the
// font lacks become Substitute, and the result is cut to max runes with an
// ellipsis. Invalid UTF-8 becomes Substitute too.
func clean(f *fonts.Font, s string, max int) string {
	var b strings.Builder
	b.Grow(min(len(s), 4*max+8))
	n := 0
	space := false
	for i, r := range s {
		if n >= max {
			if strings.TrimSpace(s[i:]) != "" {
				b.WriteRune('…')
			}
			break
		}
		switch {
		case r == utf8.RuneError:
			r = Substitute
		case r == '\t' || r == '\n' || r == '\r' || unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				n++
			}
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r):
			continue
		case !f.Has(r):
			r = Substitute
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return strings.TrimRight(b.String(), " ")
}

// closing are characters that must not start a line (标点禁则): they stay at
// the end of the previous line, overhanging the margin a little.
const closing = "，。、；：？！）》」』】〕”’,.;:?!)]}%…"

// wrap breaks s (already cleaned) into lines no wider than width, as
// measured by w. It never drops a character: MultiCell and SplitText in
// fpdf lose one at every automatic break in Chinese text. Latin words are
// kept whole when they fit on a line; longer runs (URLs, hashes) break
// anywhere, preferably after / ? & = or -.
func wrap(s string, width float64, w func(string) float64) []string {
	if s == "" {
		return []string{""}
	}
	rs := []rune(s)
	var lines []string
	start := 0
	for start < len(rs) {
		x := 0.0
		end := start
		for end < len(rs) {
			cw := w(string(rs[end]))
			if x+cw > width && end > start {
				break
			}
			x += cw
			end++
		}
		if end < len(rs) {
			// Closing punctuation hangs on the line it follows.
			for end < len(rs) && strings.ContainsRune(closing, rs[end]) {
				end++
			}
			if end < len(rs) && isWordRune(rs[end]) && isWordRune(rs[end-1]) {
				if b := wordBreak(rs[start:end]); b > 0 {
					end = start + b
				}
			}
		}
		lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
		start = end
		for start < len(rs) && rs[start] == ' ' {
			start++
		}
	}
	return lines
}

// isWordRune is a rune of a Latin word or URL, where a break in the middle
// is a last resort.
func isWordRune(r rune) bool { return r < 0x2E80 && r != ' ' }

// wordBreak is the position in line after its last space or URL separator,
// when that keeps at least a third of the line; 0 when none does.
func wordBreak(line []rune) int {
	for i := len(line) - 1; i > len(line)/3; i-- {
		switch line[i] {
		case ' ', '/', '?', '&', '=', '-', '_':
			return i + 1
		}
		if !isWordRune(line[i]) { // a CJK character: a break after it is fine
			return i + 1
		}
	}
	return 0
}

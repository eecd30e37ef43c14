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
		r = mainlandQuote(r)
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

// mainlandQuote maps the corner brackets of Taiwan and Hong Kong usage
// (「」『』) to the quotation marks of mainland typesetting (“”‘’, GB/T
// 15834), which reports use throughout.
func mainlandQuote(r rune) rune {
	switch r {
	case '「':
		return '“'
	case '」':
		return '”'
	case '『':
		return '‘'
	case '』':
		return '’'
	}
	return r
}

// closing are characters that must not start a line and opening those
// that must not end one (标点禁则). A line about to break before closing
// punctuation takes the character before it down too, so nothing hangs
// past the width (in a table cell it would cross the border).
const (
	closing = "，。、；：？！）》」』】〕”’,.;:?!)]}%…"
	opening = "（《「『【〔“‘([{"
)

// wrap breaks s (already cleaned) into lines no wider than width, as
// measured by w. It never drops a character: MultiCell and SplitText in
// fpdf lose one at every automatic break in Chinese text. Latin words are
// kept whole when they fit on a line; longer runs break at safe points:
// URLs after / ? & = #, then . - _; hexadecimal hashes every 8 digits;
// anything else where it must.
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
			end = breakAt(rs, start, end, width, w)
		}
		lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
		start = end
		for start < len(rs) && rs[start] == ' ' {
			start++
		}
	}
	return lines
}

// breakAt moves a line end (rs[start:end] fits, rs[end] does not) to a
// place where a break is allowed: not inside a word that could move down
// whole, at a safe point of a long URL or hash, and never before closing
// or after opening punctuation.
func breakAt(rs []rune, start, end int, width float64, w func(string) float64) int {
	if rs[end] == ' ' {
		return end
	}
	end = wordEnd(rs, start, end, width, w)
	e := end
	for e > start+1 && (strings.ContainsRune(closing, rs[e]) || strings.ContainsRune(opening, rs[e-1])) {
		e--
	}
	if e > start+1 || !strings.ContainsRune(closing, rs[e]) && !strings.ContainsRune(opening, rs[e-1]) {
		return e
	}
	// A line of punctuation only (a very narrow column): let it hang.
	for end < len(rs) && strings.ContainsRune(closing, rs[end]) {
		end++
	}
	return end
}

// wordEnd moves a line end out of a Latin word, URL or number.
func wordEnd(rs []rune, start, end int, width float64, w func(string) float64) int {
	if !isWordRune(rs[end]) || !isWordRune(rs[end-1]) {
		return end
	}
	tok := end
	for tok > start && isWordRune(rs[tok-1]) {
		tok--
	}
	tokEnd := end
	for tokEnd < len(rs) && isWordRune(rs[tokEnd]) {
		tokEnd++
	}
	if tok > start {
		// The word fits on a line of its own: move it down whole.
		tw := 0.0
		for _, r := range rs[tok:tokEnd] {
			tw += w(string(r))
		}
		if tw <= width {
			return tok
		}
	}
	// Too long for any line: break inside it, keeping at least a third of
	// the line on this one.
	low := max(tok, start+(end-start)/3) + 1
	for _, seps := range []string{"/?&=#", ".-_,;:"} {
		for i := end; i >= low; i-- {
			if strings.ContainsRune(seps, rs[i-1]) {
				return i
			}
		}
	}
	// Inside a run of 16 or more hexadecimal digits (a hash, alone or in
	// a URL): at a group of 8 from the run's start.
	hs, he := end, end
	for hs > tok && isHexDigit(rs[hs-1]) {
		hs--
	}
	for he < tokEnd && isHexDigit(rs[he]) {
		he++
	}
	if he-hs >= 16 {
		if b := hs + (end-hs)/8*8; b > start && b > hs {
			return b
		}
	}
	return end
}

// nested turns the double quotation marks of a text quoted inside “” into
// single ones (“……‘栏目’……”), as Chinese nesting has it.
func nested(s string) string {
	return strings.NewReplacer("“", "‘", "”", "’").Replace(s)
}

// isWordRune is a rune of a Latin word or URL, where a break in the middle
// is a last resort.
func isWordRune(r rune) bool { return r < 0x2E80 && r != ' ' }

func isHexDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
}

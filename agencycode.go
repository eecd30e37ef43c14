package zwgk

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxCodeLen and MaxNameLen bound an agency's code (bytes) and name (runes).
const (
	MaxCodeLen = 64
	MaxNameLen = 200
)

// ValidCode checks an agency code against the safe alphabet: ASCII letters,
// digits, '-', '_' and '.', 1 to MaxCodeLen long, and not "." or "..". A
// code names files (scorecards/<code>.pdf, evidence/<code>.json), URL
// paths and log lines, so nothing in it may climb a folder, split a path
// or a line.
func ValidCode(code string) error {
	switch {
	case code == "":
		return fmt.Errorf("empty")
	case len(code) > MaxCodeLen:
		return fmt.Errorf("%d bytes, more than %d", len(code), MaxCodeLen)
	case code == "." || code == "..":
		return fmt.Errorf("%q is not a code (it names a folder)", code)
	}
	for i, r := range code {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			continue
		}
		return fmt.Errorf("%q has %s at byte %d: a code takes only letters A-Z a-z, digits, '-', '_' and '.'", code, describeRune(r), i)
	}
	return nil
}

// ValidName checks an agency's name: printable text of at most MaxNameLen
// characters, with no control characters (NUL, newline, tab) and no
// invisible format characters (bidirectional overrides and isolates,
// zero-width spaces), which would let a name rewrite how a report, a log
// line or the portal reads.
func ValidName(name string) error {
	if !utf8.ValidString(name) {
		return fmt.Errorf("not valid UTF-8")
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLen {
		return fmt.Errorf("%d characters, more than %d", n, MaxNameLen)
	}
	for _, r := range name {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("contains %s, which a name must not", describeRune(r))
		}
	}
	return nil
}

func describeRune(r rune) string {
	switch r {
	case 0:
		return "a NUL character (U+0000)"
	case '\n':
		return "a newline (U+000A)"
	case '\r':
		return "a carriage return (U+000D)"
	case '\t':
		return "a tab (U+0009)"
	case '/', '\\':
		return fmt.Sprintf("a path separator %q", r)
	}
	if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C {
		return fmt.Sprintf("a bidirectional control character (U+%04X)", r)
	}
	if unicode.IsPrint(r) {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("an invisible character (U+%04X)", r)
}

package attachtext

import (
	"io"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// fontDecoder turns a string operand's bytes into text for one font: by
// its ToUnicode map when it has one (what Word, WPS and most PDF writers
// emit), else by its predefined CJK encoding (UniGB-UCS2-H, GBK-EUC-H …,
// common in older Chinese PDFs), else — for a simple font — by the
// library's single-byte encodings.
type fontDecoder struct {
	cmap   *toUnicode
	kind   string // "type0" or "simple"
	cjk    string // "utf16" or "gbk" for a predefined CJK encoding
	simple pdf.TextEncoding
}

func newFontDecoder(v pdf.Value, b *budget) *fontDecoder {
	f := &fontDecoder{kind: "simple"}
	if v.Key("Subtype").Name() == "Type0" {
		f.kind = "type0"
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.cmap = parseToUnicode(readCapped(tu, 1<<20, b), b)
	}
	if enc := v.Key("Encoding"); enc.Kind() == pdf.Name {
		switch n := enc.Name(); {
		case strings.HasPrefix(n, "UniGB-UCS2"), strings.HasPrefix(n, "UniGB-UTF16"), strings.HasPrefix(n, "UniCNS-UCS2"), strings.HasPrefix(n, "UniCNS-UTF16"):
			f.cjk = "utf16"
		case strings.HasPrefix(n, "GBK"), strings.HasPrefix(n, "GBpc-EUC"), strings.HasPrefix(n, "GB-EUC"), strings.HasPrefix(n, "GBT-EUC"):
			f.cjk = "gbk"
		}
	}
	if f.kind == "simple" {
		func() {
			defer func() { _ = recover() }() // an encoding the library cannot read: ASCII below
			font := pdf.Font{V: v}
			f.simple = font.Encoder()
		}()
	}
	return f
}

// readCapped reads a stream's decoded bytes, at most n ("" past that or
// on error: a map that cannot be read is no map).
func readCapped(v pdf.Value, n int64, b *budget) []byte {
	rc := v.Reader()
	defer rc.Close()
	data, err := io.ReadAll(&tickReader{r: io.LimitReader(rc, n+1), b: b})
	if err != nil || int64(len(data)) > n {
		return nil
	}
	return data
}

func (f *fontDecoder) decode(raw string) string {
	if f.cmap != nil && len(f.cmap.space)+len(f.cmap.chars)+len(f.cmap.ranges) > 0 {
		if s, ok := f.cmap.decode(raw, f.kind == "type0"); ok {
			return s
		}
	}
	switch f.cjk {
	case "utf16":
		return utf16BE(raw)
	case "gbk":
		s, err := simplifiedchinese.GB18030.NewDecoder().String(raw)
		if err == nil {
			return s
		}
	}
	if f.kind == "type0" {
		return "" // CIDs without a map: not text
	}
	if f.simple != nil {
		if s, ok := safeDecode(f.simple, raw); ok {
			return s
		}
	}
	return raw
}

func safeDecode(e pdf.TextEncoding, raw string) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	return e.Decode(raw), true
}

func utf16BE(s string) string {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// toUnicode is a parsed ToUnicode CMap.
type toUnicode struct {
	space  []codeRange // codespace ranges
	chars  map[string]string
	ranges []bfRange
}

type codeRange struct{ lo, hi string }

type bfRange struct {
	lo, hi string
	dst    string   // UTF-16BE of lo's text, incremented across the range
	arr    []string // or one destination per code
}

// maxCMapEntries bounds the entries of one map (a real map has at most
// some tens of thousands).
const maxCMapEntries = 100000

// decode maps raw through the CMap; ok is false when no code of raw was
// in it at all (so a caller may try the font's encoding instead).
func (m *toUnicode) decode(raw string, twoByte bool) (string, bool) {
	var out strings.Builder
	hit := false
	for len(raw) > 0 {
		n := m.codeLen(raw, twoByte)
		code := raw[:n]
		raw = raw[n:]
		if s, ok := m.chars[code]; ok {
			out.WriteString(utf16BE(s))
			hit = true
			continue
		}
		if s, ok := m.inRange(code); ok {
			out.WriteString(s)
			hit = true
		}
	}
	return out.String(), hit
}

// codeLen is the length of the code raw starts with: that of the
// codespace range it falls in, else 2 bytes for a CID font and 1 for a
// simple one.
func (m *toUnicode) codeLen(raw string, twoByte bool) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
		for _, r := range m.space {
			if len(r.lo) == n && inBytes(raw[:n], r.lo, r.hi) {
				return n
			}
		}
	}
	if twoByte && len(raw) >= 2 {
		return 2
	}
	return 1
}

// inBytes: each byte of c within the bounds' bytes (codespace ranges
// are per-byte rectangles).
func inBytes(c, lo, hi string) bool {
	for i := 0; i < len(c); i++ {
		if c[i] < lo[i] || c[i] > hi[i] {
			return false
		}
	}
	return true
}

func (m *toUnicode) inRange(code string) (string, bool) {
	for _, r := range m.ranges {
		if len(r.lo) != len(code) || code < r.lo || code > r.hi {
			continue
		}
		off := number(code) - number(r.lo)
		if r.arr != nil {
			if off < uint64(len(r.arr)) {
				return utf16BE(r.arr[off]), true
			}
			return "", false
		}
		// The destination is incremented as a number, as pdf.js and
		// poppler do, not in its last byte only: <0000> <FFFF> <0000>
		// maps every code to itself.
		d := []byte(r.dst)
		if len(d) == 0 || len(d) > 4 {
			return utf16BE(r.dst), true
		}
		v := number(r.dst) + off
		for i := len(d) - 1; i >= 0; i-- {
			d[i] = byte(v)
			v >>= 8
		}
		return utf16BE(string(d)), true
	}
	return "", false
}

func number(s string) uint64 {
	var v uint64
	for i := 0; i < len(s) && i < 8; i++ {
		v = v<<8 | uint64(s[i])
	}
	return v
}

// parseToUnicode reads the operators of a CMap that matter for text
// (codespace ranges, bfchar, bfrange) with a small lexer of its own: the
// PostScript around them (findresource, begin, def) is skipped rather
// than interpreted.
func parseToUnicode(data []byte, b *budget) *toUnicode {
	m := &toUnicode{chars: map[string]string{}}
	lx := &cmapLexer{s: data}
	var ops []cmapTok
	entries := 0
	for {
		b.tick()
		t, ok := lx.next()
		if !ok || entries > maxCMapEntries {
			return m
		}
		if t.kind != tokKeyword {
			if len(ops) < 3*10000 {
				ops = append(ops, t)
			}
			continue
		}
		switch t.s {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i], ops[i+1]
				if lo.kind == tokString && hi.kind == tokString && len(lo.s) == len(hi.s) && len(lo.s) > 0 && len(lo.s) <= 4 {
					m.space = append(m.space, codeRange{lo.s, hi.s})
					entries++
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				if ops[i].kind == tokString && ops[i+1].kind == tokString {
					m.chars[ops[i].s] = ops[i+1].s
					entries++
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				if lo.kind != tokString || hi.kind != tokString || len(lo.s) != len(hi.s) || len(lo.s) == 0 || len(lo.s) > 4 {
					continue
				}
				r := bfRange{lo: lo.s, hi: hi.s}
				switch dst.kind {
				case tokString:
					r.dst = dst.s
				case tokArray:
					r.arr = dst.arr
				default:
					continue
				}
				m.ranges = append(m.ranges, r)
				entries++
			}
		}
		ops = ops[:0]
	}
}

type tokKind int

const (
	tokString tokKind = iota
	tokKeyword
	tokOther // numbers, names, dict marks
	tokArray
)

type cmapTok struct {
	kind tokKind
	s    string
	arr  []string
}

type cmapLexer struct {
	s       []byte
	i       int
	inArray bool
}

func (l *cmapLexer) next() (cmapTok, bool) {
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c == '%':
			for l.i < len(l.s) && l.s[l.i] != '\n' && l.s[l.i] != '\r' {
				l.i++
			}
		case c <= ' ':
			l.i++
		case c == '<' && l.i+1 < len(l.s) && l.s[l.i+1] == '<', c == '>' && l.i+1 < len(l.s) && l.s[l.i+1] == '>':
			l.i += 2
			return cmapTok{kind: tokOther}, true
		case c == '<':
			return cmapTok{kind: tokString, s: l.hex()}, true
		case c == '(':
			return cmapTok{kind: tokString, s: l.literal()}, true
		case c == '[' && l.inArray:
			l.i++ // arrays in arrays: not CMap syntax
			return cmapTok{kind: tokOther}, true
		case c == '[':
			l.i++
			l.inArray = true
			defer func() { l.inArray = false }()
			var arr []string
			for len(arr) < 65536 {
				t, ok := l.next()
				if !ok || (t.kind == tokOther && t.s == "]") {
					break
				}
				if t.kind == tokString {
					arr = append(arr, t.s)
				}
			}
			return cmapTok{kind: tokArray, arr: arr}, true
		case c == ']':
			l.i++
			return cmapTok{kind: tokOther, s: "]"}, true
		case c == '/':
			l.i++
			l.word()
			return cmapTok{kind: tokOther}, true
		default:
			w := l.word()
			if w == "" {
				l.i++ // a stray delimiter
				continue
			}
			if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
				return cmapTok{kind: tokOther, s: w}, true
			}
			return cmapTok{kind: tokKeyword, s: w}, true
		}
	}
	return cmapTok{}, false
}

func (l *cmapLexer) word() string {
	start := l.i
	for l.i < len(l.s) && !strings.ContainsRune(" \t\r\n\f\x00()<>[]{}/%", rune(l.s[l.i])) {
		l.i++
	}
	return string(l.s[start:l.i])
}

func (l *cmapLexer) hex() string {
	l.i++ // <
	var out []byte
	var cur byte
	half := false
	for l.i < len(l.s) && l.s[l.i] != '>' {
		c := l.s[l.i]
		l.i++
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, cur<<4|v)
		} else {
			cur = v
		}
		half = !half
	}
	if half {
		out = append(out, cur<<4)
	}
	l.i++ // >
	return string(out)
}

func (l *cmapLexer) literal() string {
	l.i++ // (
	var out []byte
	depth := 1
	for l.i < len(l.s) {
		c := l.s[l.i]
		l.i++
		switch c {
		case '\\':
			if l.i < len(l.s) {
				e := l.s[l.i]
				l.i++
				switch e {
				case 'n':
					out = append(out, '\n')
				case 'r':
					out = append(out, '\r')
				case 't':
					out = append(out, '\t')
				case 'b':
					out = append(out, '\b')
				case 'f':
					out = append(out, '\f')
				case '0', '1', '2', '3', '4', '5', '6', '7':
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.s) && l.s[l.i] >= '0' && l.s[l.i] <= '7'; k++ {
						v = v*8 + int(l.s[l.i]-'0')
						l.i++
					}
					out = append(out, byte(v))
				default:
					out = append(out, e)
				}
			}
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

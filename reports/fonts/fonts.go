// Package fonts embeds the TrueType font the reports are set in
// (WenQuanYi Micro Hei: CJK, Latin and digits; Apache-2.0, licence text in
// LICENSE-wqy-microhei.txt beside it) and cuts per-document subsets of it.
//
// fpdf parses a whole TrueType font each time a document registers it and
// again when it writes the document out: ~20 ms and ~34 MB of garbage per
// PDF for a 4.6 MB CJK font. So the font is parsed once per process here,
// and each document registers a subset holding only the glyphs it uses (a
// few hundred), which fpdf parses in well under a millisecond.
//
// It must not read files or the network at run time: the font is embedded.
package fonts

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
)

//go:embed wqy-microhei.ttf
var wqyMicroHei []byte

// License is the licence text of the embedded font, to ship beside
// anything that carries the font.
//
//go:embed LICENSE-wqy-microhei.txt
var License string

// Name is the family name of the embedded font.
const Name = "WenQuanYi Micro Hei"

var defaultFont = sync.OnceValues(func() (*Font, error) { return Parse(wqyMicroHei) })

// Default is the embedded font, parsed on first use and shared afterwards;
// a *Font is read-only and safe for concurrent use.
func Default() (*Font, error) { return defaultFont() }

// Font is a parsed TrueType font: enough of it to answer "which glyph is
// this rune" and to cut subsets.
type Font struct {
	tables     map[string][]byte
	order      []string   // table tags in file order
	cmap       []uint16   // BMP rune → glyph id; 0 = missing
	loca       []uint32   // numGlyphs+1 offsets into glyf
	hmtx       [][2]int16 // per glyph: advance, left side bearing
	unitsPerEm int
}

var be = binary.BigEndian

// Parse reads a single-face TrueType font with glyf outlines.
func Parse(b []byte) (*Font, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("font: too short")
	}
	if v := be.Uint32(b); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("font: not a single-face TrueType font (tag %08x)", v)
	}
	f := &Font{tables: map[string][]byte{}}
	n := int(be.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, fmt.Errorf("font: table directory out of file")
	}
	for i := range n {
		r := b[12+16*i:]
		tag := string(r[:4])
		off, l := int(be.Uint32(r[8:])), int(be.Uint32(r[12:]))
		if off < 0 || l < 0 || off+l > len(b) {
			return nil, fmt.Errorf("font: table %q out of file", tag)
		}
		f.tables[tag] = b[off : off+l]
		f.order = append(f.order, tag)
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "post", "OS/2"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("font: no %q table", t)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fmt.Errorf("font: short head, hhea or maxp")
	}
	f.unitsPerEm = int(be.Uint16(head[18:]))
	longLoca := be.Uint16(head[50:]) == 1
	numGlyphs := int(be.Uint16(maxp[4:]))
	numHM := int(be.Uint16(hhea[34:]))
	loca := f.tables["loca"]
	f.loca = make([]uint32, numGlyphs+1)
	for i := range f.loca {
		if longLoca {
			if 4*i+4 > len(loca) {
				return nil, fmt.Errorf("font: short loca")
			}
			f.loca[i] = be.Uint32(loca[4*i:])
		} else {
			if 2*i+2 > len(loca) {
				return nil, fmt.Errorf("font: short loca")
			}
			f.loca[i] = 2 * uint32(be.Uint16(loca[2*i:]))
		}
		if int(f.loca[i]) > len(f.tables["glyf"]) {
			return nil, fmt.Errorf("font: loca %d past glyf", i)
		}
	}
	hmtx := f.tables["hmtx"]
	if numHM < 1 || numHM > numGlyphs || len(hmtx) < 4*numHM+2*(numGlyphs-numHM) {
		return nil, fmt.Errorf("font: bad hmtx")
	}
	f.hmtx = make([][2]int16, numGlyphs)
	for g := range numGlyphs {
		if g < numHM {
			f.hmtx[g] = [2]int16{int16(be.Uint16(hmtx[4*g:])), int16(be.Uint16(hmtx[4*g+2:]))}
		} else {
			f.hmtx[g] = [2]int16{f.hmtx[numHM-1][0], int16(be.Uint16(hmtx[4*numHM+2*(g-numHM):]))}
		}
	}
	cmap, err := parseCmap4(f.tables["cmap"], numGlyphs)
	if err != nil {
		return nil, err
	}
	f.cmap = cmap
	return f, nil
}

// parseCmap4 reads the Unicode BMP format-4 subtable into a rune → glyph
// table. Characters outside the BMP are never drawn (callers substitute
// them), so format 12 is not needed.
func parseCmap4(c []byte, numGlyphs int) ([]uint16, error) {
	if len(c) < 4 {
		return nil, fmt.Errorf("font: short cmap")
	}
	n := int(be.Uint16(c[2:]))
	for i := range n {
		if 4+8*i+8 > len(c) {
			break
		}
		r := c[4+8*i:]
		pid, eid, off := be.Uint16(r), be.Uint16(r[2:]), int(be.Uint32(r[4:]))
		if !(pid == 3 && eid == 1 || pid == 0) || off+14 > len(c) || be.Uint16(c[off:]) != 4 {
			continue
		}
		t := c[off:]
		l := min(int(be.Uint16(t[2:])), len(t))
		t = t[:l]
		segX2 := int(be.Uint16(t[6:]))
		if 16+4*segX2 > len(t) {
			return nil, fmt.Errorf("font: short cmap format 4")
		}
		ends, starts := t[14:], t[16+segX2:]
		deltas, ranges := t[16+2*segX2:], t[16+3*segX2:]
		out := make([]uint16, 0x10000)
		for s := 0; s < segX2; s += 2 {
			end, start := int(be.Uint16(ends[s:])), int(be.Uint16(starts[s:]))
			delta, ro := int(be.Uint16(deltas[s:])), int(be.Uint16(ranges[s:]))
			for ch := start; ch <= end && ch < 0xFFFF; ch++ {
				var g int
				if ro == 0 {
					g = (ch + delta) & 0xFFFF
				} else {
					p := 16 + 3*segX2 + s + ro + 2*(ch-start)
					if p+2 > len(t) {
						continue
					}
					g = int(be.Uint16(t[p:]))
					if g != 0 {
						g = (g + delta) & 0xFFFF
					}
				}
				if g < numGlyphs {
					out[ch] = uint16(g)
				}
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("font: no Unicode BMP cmap (format 4)")
}

// Has reports whether the font draws r (a BMP rune with a glyph).
func (f *Font) Has(r rune) bool { return r >= 0 && r < 0xFFFF && f.cmap[r] != 0 }

// Advance is r's advance width in thousandths of the font size, the unit
// fpdf measures in; 0 when the font lacks r.
func (f *Font) Advance(r rune) int {
	if !f.Has(r) {
		return 0
	}
	return int(f.hmtx[f.cmap[r]][0]) * 1000 / f.unitsPerEm
}

// Subset is a TrueType font holding the glyphs of runes (those the font
// has; others are ignored) and nothing else: same metrics, same outlines,
// glyph ids renumbered. Composite glyphs bring their components.
func (f *Font) Subset(runes []rune) []byte {
	rs := make([]rune, 0, len(runes))
	for _, r := range runes {
		if f.Has(r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	rs = slices.Compact(rs)

	newID := map[uint16]uint16{0: 0}
	olds := []uint16{0}
	add := func(g uint16) uint16 {
		if n, ok := newID[g]; ok {
			return n
		}
		n := uint16(len(olds))
		newID[g] = n
		olds = append(olds, g)
		return n
	}
	runeGID := make([]uint16, len(rs))
	for i, r := range rs {
		runeGID[i] = add(f.cmap[r])
	}
	// Components of composites, transitively (olds grows while we walk).
	for i := 0; i < len(olds); i++ {
		for _, c := range components(f.glyph(olds[i])) {
			add(be.Uint16(c))
		}
	}

	// glyf + loca (long), components renumbered.
	var glyfOut []byte
	locaOut := make([]byte, 0, 4*(len(olds)+1))
	hmtxOut := make([]byte, 0, 4*len(olds))
	for _, g := range olds {
		locaOut = be.AppendUint32(locaOut, uint32(len(glyfOut)))
		gb := slices.Clone(f.glyph(g))
		for _, c := range components(gb) {
			be.PutUint16(c, newID[be.Uint16(c)])
		}
		glyfOut = append(glyfOut, gb...)
		for len(glyfOut)%4 != 0 {
			glyfOut = append(glyfOut, 0)
		}
		hmtxOut = be.AppendUint16(hmtxOut, uint16(f.hmtx[g][0]))
		hmtxOut = be.AppendUint16(hmtxOut, uint16(f.hmtx[g][1]))
	}
	locaOut = be.AppendUint32(locaOut, uint32(len(glyfOut)))

	head := slices.Clone(f.tables["head"])
	be.PutUint32(head[8:], 0) // checkSumAdjustment: not computed (PDF readers ignore it)
	be.PutUint16(head[50:], 1)
	hhea := slices.Clone(f.tables["hhea"])
	be.PutUint16(hhea[34:], uint16(len(olds)))
	maxp := slices.Clone(f.tables["maxp"])
	be.PutUint16(maxp[4:], uint16(len(olds)))
	post := slices.Clone(f.tables["post"][:32])
	be.PutUint32(post, 0x00030000) // version 3: no glyph names

	out := map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "post": post,
		"OS/2": f.tables["OS/2"], "name": f.tables["name"],
		"cmap": cmap4(rs, runeGID), "hmtx": hmtxOut, "loca": locaOut, "glyf": glyfOut,
	}
	// Hinting programs stay: glyph instructions call into fpgm.
	for _, t := range []string{"cvt ", "fpgm", "prep", "gasp"} {
		if b := f.tables[t]; b != nil {
			out[t] = b
		}
	}
	return assemble(out)
}

func (f *Font) glyph(g uint16) []byte {
	if int(g)+1 >= len(f.loca) {
		return nil
	}
	a, b := f.loca[g], f.loca[g+1]
	if b < a {
		return nil
	}
	return f.tables["glyf"][a:b]
}

// components returns, for a composite glyph, the two-byte slices holding
// each component's glyph id (so they can be read and rewritten in place).
func components(g []byte) [][]byte {
	if len(g) < 10 || int16(be.Uint16(g)) >= 0 {
		return nil
	}
	var out [][]byte
	p := 10
	for p+4 <= len(g) {
		flags := be.Uint16(g[p:])
		out = append(out, g[p+2:p+4])
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			break
		}
	}
	return out
}

// cmap4 writes a cmap with one Windows Unicode BMP format-4 subtable. rs is
// sorted; gids were handed out in rune order, so runs of consecutive runes
// with consecutive glyph ids become one delta segment each.
func cmap4(rs []rune, gids []uint16) []byte {
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for i := 0; i < len(rs); {
		j := i
		for j+1 < len(rs) && rs[j+1] == rs[j]+1 && gids[j+1] == gids[j]+1 {
			j++
		}
		segs = append(segs, seg{uint16(rs[i]), uint16(rs[j]), gids[i] - uint16(rs[i])})
		i = j + 1
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	sr := 1
	for sr*2 <= n {
		sr *= 2
	}
	var t []byte
	t = be.AppendUint16(t, 4)
	t = be.AppendUint16(t, uint16(16+8*n))
	t = be.AppendUint16(t, 0)
	t = be.AppendUint16(t, uint16(2*n))
	t = be.AppendUint16(t, uint16(2*sr))
	t = be.AppendUint16(t, uint16(log2(sr)))
	t = be.AppendUint16(t, uint16(2*n-2*sr))
	for _, s := range segs {
		t = be.AppendUint16(t, s.end)
	}
	t = be.AppendUint16(t, 0)
	for _, s := range segs {
		t = be.AppendUint16(t, s.start)
	}
	for _, s := range segs {
		t = be.AppendUint16(t, s.delta)
	}
	for range segs {
		t = be.AppendUint16(t, 0)
	}
	var c []byte
	c = be.AppendUint16(c, 0)
	c = be.AppendUint16(c, 1)
	c = be.AppendUint16(c, 3)
	c = be.AppendUint16(c, 1)
	c = be.AppendUint32(c, 12)
	return append(c, t...)
}

func log2(n int) int {
	k := 0
	for n > 1 {
		n >>= 1
		k++
	}
	return k
}

// assemble lays tables out after a sorted table directory, 4-byte aligned,
// with their checksums.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	sr := 1
	for sr*2 <= n {
		sr *= 2
	}
	out := make([]byte, 12+16*n)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(log2(sr)))
	be.PutUint16(out[10:], uint16(16*n-16*sr))
	for i, tag := range tags {
		data := tables[tag]
		r := out[12+16*i:]
		copy(r, tag)
		be.PutUint32(r[4:], checksum(data))
		be.PutUint32(r[8:], uint32(len(out)))
		be.PutUint32(r[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += be.Uint32(w[:])
	}
	return s
}

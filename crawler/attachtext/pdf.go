package attachtext

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// PDF: github.com/ledongthuc/pdf parses the file (cross-reference tables
// and streams, object streams, filters, RC4/AES with an empty password)
// and tokenises the content streams (pdf.Interpret); the text operators,
// fonts and ToUnicode maps are read here. The library's own GetPlainText
// takes only the last byte of a ToUnicode range into account, so the
// full-range map <0000> <FFFF> <0000> that fpdf and other writers emit for
// Identity-H CJK fonts comes out as garbage, and it has no bound on pages,
// page-tree cycles or time. Chosen over github.com/dslipak/pdf (the same
// rsc.io/pdf lineage, unmaintained since 2022, the same fault) and
// github.com/pdfcpu/pdfcpu (no text extraction: it would leave the whole
// text layer to write).

// Bounds of the page tree (a cyclic or absurdly wide tree ends there) and
// of Form XObjects nested in a page.
const (
	maxPageTree  = 20000
	maxTreeDepth = 32
	maxFormDepth = 3
)

type pdfPage struct{ v, res pdf.Value }

func readPDF(data []byte, b *budget) (Text, error) {
	// An object stream that extends itself makes the library loop for
	// ever; /Extends is next to unused by real writers, so refuse it.
	if bytes.Contains(data, []byte("/Extends")) {
		return Text{}, fmt.Errorf("pdf: object streams with /Extends: %w", ErrUnsupported)
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password") {
			return Text{}, fmt.Errorf("pdf: %w", ErrEncrypted)
		}
		return Text{}, fmt.Errorf("pdf: %w: %v", ErrMalformed, err)
	}
	root := r.Trailer().Key("Root").Key("Pages")
	if root.IsNull() {
		return Text{}, fmt.Errorf("pdf: %w: no page tree", ErrMalformed)
	}
	t := Text{Format: "pdf"}
	// The pages are collected with their inherited resources by a walk
	// with bounds of its own: the library's Page and findInherited
	// follow Kids and Parent without any.
	var pages []pdfPage
	visited := 0
	var walk func(v pdf.Value, depth int, res pdf.Value)
	walk = func(v pdf.Value, depth int, res pdf.Value) {
		b.tick()
		visited++
		if visited > maxPageTree || depth > maxTreeDepth || len(pages) > b.lim.MaxPages {
			return
		}
		if r := v.Key("Resources"); r.Kind() == pdf.Dict {
			res = r
		}
		if v.Key("Type").Name() == "Page" || (v.Key("Kids").IsNull() && !v.Key("Contents").IsNull()) {
			pages = append(pages, pdfPage{v, res})
			return
		}
		kids := v.Key("Kids")
		for i := 0; i < kids.Len() && len(pages) <= b.lim.MaxPages; i++ {
			walk(kids.Index(i), depth+1, res)
		}
	}
	walk(root, 0, pdf.Value{})
	if len(pages) > b.lim.MaxPages {
		pages, t.Truncated = pages[:b.lim.MaxPages], true
	}
	for i, pg := range pages {
		if b.full() {
			t.Truncated = true
			break
		}
		if err := (&pageReader{b: b, fonts: map[string]*fontDecoder{}}).read(pg.v.Key("Contents"), pg.res, 0); err != nil {
			return Text{}, fmt.Errorf("pdf page %d: %w", i+1, err)
		}
		t.Parts++
		b.newline()
	}
	return t, nil
}

// pageReader assembles the text of one page (or Form XObject).
type pageReader struct {
	b     *budget
	fonts map[string]*fontDecoder
	font  *fontDecoder
	size  float64 // font size (Tf)
	y     float64 // baseline of the last text matrix (Tm)
	hasY  bool
}

// read runs a content stream (a stream or an array of them) with its
// resources, after checking what it decompresses to.
func (p *pageReader) read(contents, res pdf.Value, depth int) error {
	switch contents.Kind() {
	case pdf.Stream:
		if err := p.measure(contents); err != nil {
			return err
		}
	case pdf.Array:
		if contents.Len() > 10000 {
			return fmt.Errorf("%d content streams: %w", contents.Len(), ErrTooLarge)
		}
		for i := 0; i < contents.Len(); i++ {
			if err := p.measure(contents.Index(i)); err != nil {
				return err
			}
		}
	default:
		return nil // a blank page
	}
	fonts := res.Key("Font")
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		p.b.tick()
		n := stk.Len()
		if n > 64 {
			n = 64 // no text operator takes more; the rest is junk
			for stk.Len() > n {
				stk.Pop()
			}
		}
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		p.op(op, args, fonts, res, depth)
	})
	return nil
}

// measure decompresses a stream once into nothing, so a flate bomb in a
// content stream ends with an error before the interpreter sees it.
func (p *pageReader) measure(s pdf.Value) error {
	if s.Kind() != pdf.Stream {
		return nil
	}
	rc := s.Reader()
	defer rc.Close()
	n, err := io.Copy(io.Discard, &tickReader{r: io.LimitReader(rc, p.b.lim.MaxStream+1), b: p.b})
	if n > p.b.lim.MaxStream {
		return fmt.Errorf("content stream over %d bytes: %w", p.b.lim.MaxStream, ErrTooLarge)
	}
	if err != nil {
		return fmt.Errorf("content stream: %w: %v", ErrMalformed, err)
	}
	return nil
}

type tickReader struct {
	r io.Reader
	b *budget
}

func (t *tickReader) Read(p []byte) (int, error) {
	t.b.tick()
	return t.r.Read(p)
}

func (p *pageReader) op(op string, args []pdf.Value, fonts, res pdf.Value, depth int) {
	arg := func(i int) pdf.Value {
		if i < len(args) {
			return args[i]
		}
		return pdf.Value{}
	}
	switch op {
	case "Tf":
		name := arg(0).Name()
		p.size = math.Abs(arg(1).Float64())
		f, ok := p.fonts[name]
		if !ok {
			f = newFontDecoder(fonts.Key(name), p.b)
			p.fonts[name] = f
		}
		p.font = f
	case "Tj":
		p.show(arg(0))
	case "'":
		p.b.newline()
		p.show(arg(0))
	case "\"":
		p.b.newline()
		p.show(arg(2))
	case "TJ":
		a := arg(0)
		for i := 0; i < a.Len() && i < 100000; i++ {
			e := a.Index(i)
			if e.Kind() == pdf.String {
				p.show(e)
			} else if e.Float64() < -250 {
				// a gap wider than a quarter of the font: a word space
				p.b.space()
			}
		}
	case "Td", "TD":
		if ty := arg(1).Float64(); ty != 0 {
			p.b.newline()
		}
	case "T*":
		p.b.newline()
	case "Tm":
		// The line height in page units is the font size scaled by the
		// matrix (WPS writes 720-point fonts scaled by 0.05).
		y, scale := arg(5).Float64(), math.Abs(arg(3).Float64())
		if scale == 0 {
			scale = 1
		}
		switch {
		case p.hasY && math.Abs(y-p.y) > math.Max(p.size*scale, 1)*0.5:
			p.b.newline()
		case p.hasY:
			p.b.space()
		}
		p.y, p.hasY = y, true
	case "Do":
		if depth >= maxFormDepth {
			return
		}
		x := res.Key("XObject").Key(arg(0).Name())
		if x.Key("Subtype").Name() != "Form" {
			return // an image
		}
		fres := x.Key("Resources")
		if fres.Kind() != pdf.Dict {
			fres = res
		}
		sub := &pageReader{b: p.b, fonts: map[string]*fontDecoder{}}
		if err := sub.read(x, fres, depth+1); err != nil {
			panic(budgetStop{err})
		}
		p.b.space()
	}
}

// show writes a string operand decoded by the current font.
func (p *pageReader) show(s pdf.Value) {
	if s.Kind() != pdf.String {
		return
	}
	raw := s.RawString()
	if p.font == nil {
		p.b.write(raw) // no Tf: a broken file; keep what is ASCII
		return
	}
	p.b.write(p.font.decode(raw))
}

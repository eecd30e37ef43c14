package reports

import (
	"bytes"
	"embed"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports/fonts"
)

// The renderers' own source is embedded so that the runes of every string
// literal they may print are known without a hand-kept list: each PDF
// registers a font subset of exactly the runes it can draw (see
// reports/fonts), and a label added to the code must not silently lose its
// glyphs. doc.text counts any rune that still slips through (misses), and
// the tests assert there are none.
//
//go:embed doc.go scorecard.go cohort.go provinces.go
var rendererSource embed.FS

var staticRunes = sync.OnceValue(func() []rune {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7F; r++ {
		set[r] = true
	}
	for _, r := range "□…·—（）《》“”‘’，。、；：？！■●○▲△≥≤±％" {
		set[r] = true
	}
	for _, name := range []string{"doc.go", "scorecard.go", "cohort.go", "provinces.go"} {
		src, _ := rendererSource.ReadFile(name) // embedded: cannot fail
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.STRING || tok == token.CHAR {
				if v, err := strconv.Unquote(lit); err == nil {
					for _, r := range v {
						set[r] = true
					}
				}
			}
		}
	}
	// Words other packages supply for reports.
	var words []string
	for _, l := range zwgk.Levels {
		words = append(words, l.Chinese())
	}
	for _, o := range []zwgk.Outcome{zwgk.Pass, zwgk.Partial, zwgk.Fail, zwgk.NA, zwgk.Pending} {
		words = append(words, o.Chinese())
	}
	for _, s := range []zwgk.CycleState{zwgk.CycleDraft, zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview, zwgk.CyclePublished} {
		words = append(words, s.Chinese())
	}
	for _, c := range []zwgk.Cause{zwgk.CauseDNS, zwgk.CauseRefused, zwgk.CauseTimeout, zwgk.CauseTLS, zwgk.CauseStatus,
		zwgk.CauseBlocked, zwgk.CauseRobots, zwgk.CauseRedirects, zwgk.CauseTooLarge, zwgk.CauseScript,
		zwgk.CauseTrap, zwgk.CauseBudget, zwgk.CauseOther, zwgk.CauseTooDeep, zwgk.CauseAddress, zwgk.CauseOffsite,
		zwgk.CauseChallenge, zwgk.CauseNotHTML, zwgk.CauseNoBrowser} {
		words = append(words, c.Chinese())
	}
	for _, k := range []indicators.RuleKind{indicators.RuleAvailability, indicators.RuleHomepageUpdated, indicators.RuleColumn,
		indicators.RuleStaleColumns, indicators.RuleDocument, indicators.RuleInterpretation, indicators.RuleResponse,
		indicators.RuleLinks, indicators.RuleServiceGuide, indicators.RuleManual} {
		words = append(words, indicators.RuleChinese(k))
	}
	words = append(words, zwgk.Date{}.Chinese(), "年月日")
	for _, w := range words {
		for _, r := range w {
			set[r] = true
		}
	}
	out := make([]rune, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
})

// texts gathers the cleaned untrusted strings of one document, so that
// their runes go into the document's font subset.
type texts struct {
	font  *fonts.Font
	runes map[rune]bool
}

func newTexts(f *fonts.Font) *texts { return &texts{font: f, runes: map[rune]bool{}} }

// clean is the package-level clean, remembering the runes of the result.
func (t *texts) clean(s string, max int) string {
	c := clean(t.font, s, max)
	for _, r := range c {
		t.runes[r] = true
	}
	return c
}

// Page geometry of A4 portrait, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 20.0
	marginR      = 20.0
	marginT      = 22.0
	marginB      = 22.0
	contentW     = pageW - marginL - marginR
)

// Colours of the documents: the red of official document heads, a dark
// blue for the agency, greys for the cohort.
var (
	colRed   = [3]int{190, 20, 25}
	colBlack = [3]int{20, 20, 20}
	colGrey  = [3]int{110, 110, 110}
	colLight = [3]int{235, 238, 242}
	colBlue  = [3]int{30, 80, 150}
	colTier  = [3]int{165, 170, 178}
	colBest  = [3]int{70, 150, 90}
)

const fontFamily = "wqy"

// doc is one PDF being written: fpdf with the document's font subset,
// fake bold, page furniture and wrapped text that loses no character.
type doc struct {
	pdf    *fpdf.Fpdf
	have   map[rune]bool
	misses int          // runes drawn that were not in the subset (a bug; tests assert 0)
	missed map[rune]int // which, for the test's message
	size   float64
	bold   bool
	color  [3]int

	running   string // running head, left
	runningR  string // running head, right
	watermark string // diagonal text on every page, "" for none
}

// newDoc prepares an A4 document whose font holds runes (plus every rune
// of the renderers' literals). created fixes the PDF's dates, so the same
// input gives the same bytes.
func newDoc(f *fonts.Font, t *texts, title string, created time.Time) *doc {
	rs := slices.Clone(staticRunes())
	for r := range t.runes {
		rs = append(rs, r)
	}
	d := &doc{pdf: fpdf.New("P", "mm", "A4", ""), have: make(map[rune]bool, len(rs))}
	for _, r := range rs {
		if f.Has(r) || r == ' ' {
			d.have[r] = true
		}
	}
	p := d.pdf
	p.SetCompression(true)
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetCatalogSort(true)
	p.SetProducer("zwgk", false)
	p.AliasNbPages("{nb}")
	p.AddUTF8FontFromBytes(fontFamily, "", f.Subset(rs))
	p.SetTitle(title, true)
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(false, marginB) // rows break pages themselves, repeating table heads
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	return d
}

func (d *doc) header() {
	if d.watermark != "" {
		p := d.pdf
		p.TransformBegin()
		p.TransformRotate(35, pageW/2, pageH/2)
		p.SetAlpha(0.13, "Normal")
		d.font(46, true)
		d.textColor(colRed)
		w := d.width(d.watermark)
		d.at(pageW/2-w/2, pageH/2-8, d.watermark)
		p.SetAlpha(1, "Normal")
		p.TransformEnd()
	}
	if d.running != "" || d.runningR != "" {
		d.font(8, false)
		d.textColor(colGrey)
		d.at(marginL, 12, d.running)
		d.at(pageW-marginR-d.width(d.runningR), 12, d.runningR)
		d.line(marginL, 16.5, pageW-marginR, 16.5, 0.3, colRed)
	}
	d.pdf.SetXY(marginL, marginT)
}

func (d *doc) footer() {
	d.font(8.5, false)
	d.textColor(colGrey)
	s := fmt.Sprintf("第 %d 页 共 {nb} 页", d.pdf.PageNo())
	w := d.width(fmt.Sprintf("第 %d 页 共 %d 页", d.pdf.PageNo(), d.pdf.PageNo()))
	d.at(pageW/2-w/2, pageH-12, s)
}

// font sets the size (points) and weight. The embedded font has no bold
// face; bold is drawn as fill plus a thin stroke of the text colour.
func (d *doc) font(size float64, bold bool) {
	d.pdf.SetFont(fontFamily, "", size)
	d.size, d.bold = size, bold
}

func (d *doc) textColor(c [3]int) {
	d.color = c
	d.pdf.SetTextColor(c[0], c[1], c[2])
}

// text maps runes missing from the document's subset to Substitute, so
// nothing is ever drawn without a glyph; each such rune is counted.
func (d *doc) text(s string) string {
	for _, r := range s {
		if !d.have[r] {
			out := []rune(s)
			for i, r := range out {
				if !d.have[r] {
					out[i] = Substitute
					d.misses++
					if d.missed == nil {
						d.missed = map[rune]int{}
					}
					d.missed[r]++
				}
			}
			return string(out)
		}
	}
	return s
}

func (d *doc) width(s string) float64 { return d.pdf.GetStringWidth(d.text(s)) }

// at draws s with its baseline-box top-left at x, y (one line, no wrap).
func (d *doc) at(x, y float64, s string) {
	d.cell(x, y, 0, d.lineH(), s, "L")
}

func (d *doc) lineH() float64 { return d.size * 0.3528 * 1.45 }

// cell draws one line of text in a box of width w (0: as wide as the text)
// aligned "L", "C" or "R".
func (d *doc) cell(x, y, w, h float64, s, align string) {
	p := d.pdf
	s = d.text(s)
	if w == 0 {
		w = p.GetStringWidth(s) + 0.5
	}
	p.SetXY(x, y)
	if d.bold {
		lw := p.GetLineWidth()
		r, g, b := p.GetDrawColor()
		p.SetDrawColor(d.color[0], d.color[1], d.color[2])
		p.SetLineWidth(d.size * 0.012)
		p.SetTextRenderingMode(2)
		p.CellFormat(w, h, s, "", 0, align+"M", false, 0, "")
		p.SetTextRenderingMode(0)
		p.SetLineWidth(lw)
		p.SetDrawColor(r, g, b)
		return
	}
	p.CellFormat(w, h, s, "", 0, align+"M", false, 0, "")
}

// lines wraps s to width in the current font.
func (d *doc) lines(s string, width float64) []string {
	return wrap(d.text(s), width, d.pdf.GetStringWidth)
}

// para writes s wrapped to width from the current position, breaking pages
// as needed, and leaves the cursor below it.
func (d *doc) para(s string, width float64) {
	x := d.pdf.GetX()
	for _, l := range d.lines(s, width) {
		d.need(d.lineH())
		y := d.pdf.GetY()
		d.cell(x, y, width, d.lineH(), l, "L")
		d.pdf.SetXY(x, y+d.lineH())
	}
}

// need starts a new page when h millimetres do not fit on this one, and
// reports whether it did.
func (d *doc) need(h float64) bool {
	if d.pdf.GetY()+h <= pageH-marginB {
		return false
	}
	d.pdf.AddPage()
	return true
}

func (d *doc) line(x1, y1, x2, y2, w float64, c [3]int) {
	p := d.pdf
	p.SetLineWidth(w)
	p.SetDrawColor(c[0], c[1], c[2])
	p.Line(x1, y1, x2, y2)
}

func (d *doc) rect(x, y, w, h float64, style string, fill, stroke [3]int, lw float64) {
	p := d.pdf
	p.SetFillColor(fill[0], fill[1], fill[2])
	p.SetDrawColor(stroke[0], stroke[1], stroke[2])
	p.SetLineWidth(lw)
	p.Rect(x, y, w, h, style)
}

// heading writes a section title: a red bar and bold text.
func (d *doc) heading(s string) {
	d.need(22)
	y := d.pdf.GetY() + 4
	d.rect(marginL, y+1.2, 1.4, 5, "F", colRed, colRed, 0)
	d.font(13, true)
	d.textColor(colBlack)
	d.cell(marginL+3.5, y, contentW-3.5, 7.5, s, "L")
	d.pdf.SetXY(marginL, y+10)
}

// column of a table.
type column struct {
	title string
	width float64
	align string // L, C, R
}

// table draws rows with wrapped cells, ruled like an official form, and
// repeats its header row on every page it runs onto.
type table struct {
	d    *doc
	cols []column
	size float64 // font size of the body
	x    float64
}

func (d *doc) table(size float64, cols ...column) *table {
	t := &table{d: d, cols: cols, size: size, x: marginL}
	t.head()
	return t
}

func (t *table) head() {
	d := t.d
	d.font(t.size, true)
	h := d.lineH() + 2.4
	d.need(h + 3*d.lineH())
	y := d.pdf.GetY()
	x := t.x
	for _, c := range t.cols {
		d.rect(x, y, c.width, h, "FD", colLight, colGrey, 0.2)
		d.textColor(colBlack)
		d.cell(x, y, c.width, h, c.title, "C")
		x += c.width
	}
	d.pdf.SetXY(t.x, y+h)
}

// row draws one row; cells wrap within their columns. A row never splits
// across pages; one taller than a page is cut with an ellipsis (cleaned
// text is bounded, so this takes a pathological input).
func (t *table) row(cells ...string) { t.rowStyled(false, cells...) }

// rowStyled draws a row, in bold on a shaded ground when strong (group
// rows of the indicator tree).
func (t *table) rowStyled(strong bool, cells ...string) {
	d := t.d
	d.font(t.size, false)
	lh := d.lineH()
	wrapped := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		wrapped[i] = d.lines(s, c.width-2.4)
		n = max(n, len(wrapped[i]))
	}
	maxLines := int(math.Floor((pageH - marginT - marginB - 20) / lh))
	if n > maxLines {
		n = maxLines
		for i := range wrapped {
			if len(wrapped[i]) > n {
				wrapped[i] = append(wrapped[i][:n-1], wrapped[i][n-1]+"…")
			}
		}
	}
	h := float64(n)*lh + 2
	if d.need(h) {
		t.head()
		d.font(t.size, false)
	}
	y := d.pdf.GetY()
	x := t.x
	for i, c := range t.cols {
		if strong {
			d.rect(x, y, c.width, h, "FD", [3]int{246, 247, 249}, colGrey, 0.2)
		} else {
			d.rect(x, y, c.width, h, "D", colLight, colGrey, 0.2)
		}
		d.font(t.size, strong)
		d.textColor(colBlack)
		for k, l := range wrapped[i] {
			d.cell(x+1.2, y+1+float64(k)*lh, c.width-2.4, lh, l, c.align)
		}
		x += c.width
	}
	d.pdf.SetXY(t.x, y+h)
}

// output writes the document.
func (d *doc) output(w io.Writer) error {
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// documentHead draws the head every zwgk document opens with, in the
// manner of an official document (红头): the red title, the document's
// kind below it and a red double rule. It returns the y the head starts at.
func (d *doc) documentHead(kind string) float64 {
	y := marginT + 2
	d.font(22, true)
	d.textColor(colRed)
	d.cell(marginL, y, contentW, 11, "政务公开第三方评估", "C")
	d.font(16, true)
	d.cell(marginL, y+12, contentW, 9, kind, "C")
	d.line(marginL, y+24, pageW-marginR, y+24, 0.9, colRed)
	d.line(marginL, y+25.4, pageW-marginR, y+25.4, 0.25, colRed)
	return y
}

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
	"strings"
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
//go:embed doc.go scorecard.go cohort.go provinces.go rectification.go ledger.go
var rendererSource embed.FS

var staticRunes = sync.OnceValue(func() []rune {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7F; r++ {
		set[r] = true
	}
	for _, r := range "□…·—（）《》“”‘’，。、；：？！■●○▲△≥≤±％" {
		set[r] = true
	}
	for _, name := range []string{"doc.go", "scorecard.go", "cohort.go", "provinces.go", "rectification.go", "ledger.go"} {
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
// fake bold, page furniture, wrapped text that loses no character, and a
// log of where everything went (layout) for the tests' layout invariants.
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

	// floats are figures waiting for the top of the next page: a figure
	// that does not fit where it comes moves there with its caption, and
	// the text after it fills the page it left.
	floats []figure
	// furniture is set while the running head, footer and watermark are
	// drawn, so the layout log leaves them out.
	furniture bool
	inHeading bool
	layout    layout
}

// figure is a block drawn as a unit: h millimetres tall, drawn at y.
type figure struct {
	h    float64
	draw func(y float64)
}

// layout records what was drawn where, in order: the tests check
// keep-with-next, cell overflow and page fill from it, with fpdf's own
// measurements.
type layout struct {
	seq      int
	marks    []drawMark
	cells    []cellMark
	headings []headingMark
}

// drawMark is the box of one drawn element (text, rule or fill) of content.
type drawMark struct {
	seq     int
	page    int
	y0, y1  float64
	heading bool // part of a heading
}

// cellMark is one line of text in a table cell: how wide it came out and
// how wide the cell is inside its padding.
type cellMark struct {
	page          int
	text          string
	width, inside float64
}

// headingMark is a section heading (level 1) or a sub-heading (level 2).
type headingMark struct {
	seq   int
	page  int
	y     float64
	level int
	text  string
}

// cellPad is the space between a table cell's border and its text.
const cellPad = 1.6

// bodyTop and bodyBottom bound the page's body.
const (
	bodyTop    = marginT
	bodyBottom = pageH - marginB
)

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
	p.SetCellMargin(0)                 // cells pad themselves (cellPad): fpdf's 1 mm left URLs touching the border
	p.SetAutoPageBreak(false, marginB) // rows break pages themselves, repeating table heads
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	return d
}

func (d *doc) header() {
	d.furniture = true
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
	d.furniture = false
	d.pdf.SetXY(marginL, marginT)
	// Figures that did not fit on the previous page open this one.
	floats := d.floats
	d.floats = nil
	for _, f := range floats {
		y := d.pdf.GetY()
		f.draw(y)
		d.pdf.SetXY(marginL, y+f.h)
	}
}

func (d *doc) footer() {
	d.furniture = true
	defer func() { d.furniture = false }()
	d.font(8.5, false)
	d.textColor(colGrey)
	s := fmt.Sprintf("第 %d 页 共 {nb} 页", d.pdf.PageNo())
	w := d.width(fmt.Sprintf("第 %d 页 共 %d 页", d.pdf.PageNo(), d.pdf.PageNo()))
	d.at(pageW/2-w/2, pageH-12, s)
}

// record notes a drawn element of content.
func (d *doc) record(y0, y1 float64) {
	if d.furniture {
		return
	}
	d.layout.seq++
	d.layout.marks = append(d.layout.marks, drawMark{seq: d.layout.seq, page: d.pdf.PageNo(), y0: y0, y1: y1, heading: d.inHeading})
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
// aligned "L", "C" or "R", with no padding.
func (d *doc) cell(x, y, w, h float64, s, align string) {
	p := d.pdf
	s = d.text(s)
	if w == 0 {
		w = p.GetStringWidth(s) + 0.5
	}
	if s != "" {
		d.record(y, y+h)
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

// lines wraps s to width in the current font; a newline (only the
// renderers put one: clean turns those of untrusted text into spaces)
// starts a new line.
func (d *doc) lines(s string, width float64) []string {
	var out []string
	for _, part := range strings.Split(s, "\n") {
		out = append(out, wrap(d.text(part), width, d.pdf.GetStringWidth)...)
	}
	return out
}

// para writes s wrapped to width from the current position, breaking pages
// as needed, and leaves the cursor below it. The first two lines stay
// together, and so do the last two (no widow or orphan line).
func (d *doc) para(s string, width float64) {
	x := d.pdf.GetX()
	ls := d.lines(s, width)
	lh := d.lineH()
	for i, l := range ls {
		switch {
		case i == 0:
			d.need(float64(min(2, len(ls))) * lh)
		case i == len(ls)-2:
			d.need(2 * lh)
		default:
			d.need(lh)
		}
		y := d.pdf.GetY()
		d.cell(x, y, width, lh, l, "L")
		d.pdf.SetXY(x, y+lh)
	}
}

// paraHeight is the height para(s, width) takes in the current font.
func (d *doc) paraHeight(s string, width float64) float64 {
	return float64(len(d.lines(s, width))) * d.lineH()
}

// need starts a new page when h millimetres do not fit on this one, and
// reports whether it did. Figures waiting for the new page go first; when
// they leave too little room, another page follows.
func (d *doc) need(h float64) bool {
	if d.pdf.GetY()+h <= bodyBottom {
		return false
	}
	d.pdf.AddPage()
	if d.pdf.GetY()+h > bodyBottom && d.pdf.GetY() > bodyTop+0.1 {
		d.pdf.AddPage()
	}
	return true
}

// room is the height left on the page.
func (d *doc) room() float64 { return bodyBottom - d.pdf.GetY() }

// figure draws a block of height h here when it fits, else at the top of
// the next page, letting what follows fill this one.
func (d *doc) figure(h float64, draw func(y float64)) {
	h = min(h, bodyBottom-bodyTop)
	if len(d.floats) == 0 && (d.room() >= h || d.pdf.GetY() <= bodyTop+0.1) {
		y := d.pdf.GetY()
		draw(y)
		d.pdf.SetXY(marginL, y+h)
		return
	}
	d.floats = append(d.floats, figure{h: h, draw: draw})
}

// flush places figures still waiting at the end of the document.
func (d *doc) flush() {
	if len(d.floats) > 0 {
		d.pdf.AddPage()
	}
}

func (d *doc) line(x1, y1, x2, y2, w float64, c [3]int) {
	p := d.pdf
	d.record(min(y1, y2), max(y1, y2))
	p.SetLineWidth(w)
	p.SetDrawColor(c[0], c[1], c[2])
	p.Line(x1, y1, x2, y2)
}

func (d *doc) rect(x, y, w, h float64, style string, fill, stroke [3]int, lw float64) {
	p := d.pdf
	d.record(y, y+h)
	p.SetFillColor(fill[0], fill[1], fill[2])
	p.SetDrawColor(stroke[0], stroke[1], stroke[2])
	p.SetLineWidth(lw)
	p.Rect(x, y, w, h, style)
}

// headingH is the height a section heading takes.
const headingH = 14.0

// heading writes a section title, a red bar and bold text, kept on one
// page with the first keep millimetres of what follows (keep-with-next).
func (d *doc) heading(s string, keep float64) {
	d.need(headingH + max(keep, 12))
	y := d.pdf.GetY() + 4
	d.layout.headings = append(d.layout.headings, headingMark{seq: d.layout.seq + 1, page: d.pdf.PageNo(), y: y, level: 1, text: s})
	d.inHeading = true
	d.rect(marginL, y+1.2, 1.4, 5, "F", colRed, colRed, 0)
	d.font(13, true)
	d.textColor(colBlack)
	d.cell(marginL+3.5, y, contentW-3.5, 7.5, s, "L")
	d.inHeading = false
	d.pdf.SetXY(marginL, y+10)
}

// subheading writes a bold line introducing a table or list, kept with
// keep millimetres of what follows.
func (d *doc) subheading(s string, keep float64) {
	d.font(11, true)
	lh := d.lineH()
	d.need(lh + 1 + max(keep, 12))
	y := d.pdf.GetY()
	d.layout.headings = append(d.layout.headings, headingMark{seq: d.layout.seq + 1, page: d.pdf.PageNo(), y: y, level: 2, text: s})
	d.inHeading = true
	d.textColor(colBlack)
	d.para(s, contentW)
	d.inHeading = false
	d.pdf.SetXY(marginL, d.pdf.GetY()+1)
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

// tableKeep is the height of a table's head and first rows, which a heading
// keeps with it.
func tableKeep(size float64, rows int) float64 {
	lh := size * 0.3528 * 1.45
	return lh + 2*cellPad + float64(rows)*(lh+2)
}

func (d *doc) table(size float64, cols ...column) *table {
	t := &table{d: d, cols: cols, size: size, x: marginL}
	t.head()
	return t
}

func (t *table) head() {
	d := t.d
	d.font(t.size, true)
	lh := d.lineH()
	h := lh + 2.4
	// A head never ends a page: it keeps two body rows with it.
	d.need(h + 2*(lh+2))
	y := d.pdf.GetY()
	x := t.x
	for _, c := range t.cols {
		d.rect(x, y, c.width, h, "FD", colLight, colGrey, 0.2)
		d.textColor(colBlack)
		ls := d.lines(c.title, c.width-2*cellPad)
		d.noteCell(ls[0], c.width)
		d.cell(x+cellPad, y, c.width-2*cellPad, h, ls[0], "C")
		x += c.width
	}
	d.pdf.SetXY(t.x, y+h)
}

// noteCell records one line of a cell for the overflow check.
func (d *doc) noteCell(s string, cellW float64) {
	d.layout.cells = append(d.layout.cells, cellMark{page: d.pdf.PageNo(), text: s, width: d.pdf.GetStringWidth(d.text(s)), inside: cellW - 2*cellPad})
}

// row draws one row; cells wrap within their columns. A row never splits
// across pages; one taller than a page is cut with an ellipsis (cleaned
// text is bounded, so this takes a pathological input).
func (t *table) row(cells ...string) { t.rowStyled(false, cells...) }

// rowStyled draws a row, in bold on a shaded ground when strong (group
// rows of the indicator tree).
func (t *table) rowStyled(strong bool, cells ...string) {
	d := t.d
	d.font(t.size, strong)
	lh := d.lineH()
	wrapped := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		wrapped[i] = d.lines(s, c.width-2*cellPad)
		n = max(n, len(wrapped[i]))
	}
	maxLines := int(math.Floor((bodyBottom - bodyTop - 20) / lh))
	if n > maxLines {
		n = maxLines
		for i := range wrapped {
			if len(wrapped[i]) > n {
				last := []rune(wrapped[i][n-1])
				wrapped[i] = append(wrapped[i][:n-1], string(last[:max(0, len(last)-1)])+"…")
			}
		}
	}
	h := float64(n)*lh + 2
	if d.need(h) {
		t.head()
		d.font(t.size, strong)
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
			d.noteCell(l, c.width)
			d.cell(x+cellPad, y+1+float64(k)*lh, c.width-2*cellPad, lh, l, c.align)
		}
		x += c.width
	}
	d.pdf.SetXY(t.x, y+h)
}

// output writes the document.
func (d *doc) output(w io.Writer) error {
	d.flush()
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

// Numbers print at one precision each, everywhere: marks (totals,
// subtotals, earned points, means, deltas, appraisal) with two decimals,
// percentages with one. Framework weights and thresholds (分值, 满分, grade
// bands) are rules, not results, and print as the framework writes them.
func mark(x float64) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// points prints a framework weight or threshold with at most two
// decimals and no trailing zeros (3, 0.5, 10.42).
func points(x float64) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// percent prints a share (0..1) as a percentage with one decimal.
func percent(share float64) string {
	s := strconv.FormatFloat(math.Round(share*1000)/10, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s + "%"
}

// pct is a/b as a percentage with one decimal, "—" when b is 0.
func pct(a, b int) string {
	if b == 0 {
		return "—"
	}
	return percent(float64(a) / float64(b))
}

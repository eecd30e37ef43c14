package attachtext

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Errors a caller may tell apart (errors.Is).
var (
	// ErrUnsupported: a format with no reader here (DOC, WPS, XLS, an
	// image), or bytes that are none of the formats read.
	ErrUnsupported = errors.New("format not supported")
	// ErrTooLarge: the input, or what a zip decompresses to, is over its
	// bound.
	ErrTooLarge = errors.New("over size bound")
	// ErrBudget: the time budget ran out before the file was read.
	ErrBudget = errors.New("time budget spent")
	// ErrMalformed: the file is damaged or not what it claims to be.
	ErrMalformed = errors.New("malformed file")
	// ErrEncrypted: the file is password-protected.
	ErrEncrypted = errors.New("encrypted file")
)

// Limits bound the work on one attachment. Zero fields take the defaults.
type Limits struct {
	MaxInput  int64         // bytes of input read at all (default 20 MiB)
	MaxText   int           // bytes of text kept (default 1 MiB); more is cut, Truncated set
	MaxPages  int           // PDF pages read (default 100)
	MaxSheets int           // XLSX sheets read (default 20)
	MaxRows   int           // XLSX rows read over all sheets (default 50,000)
	MaxUnzip  int64         // bytes decompressed from a DOCX/XLSX, all parts (default 64 MiB)
	MaxStream int64         // bytes decompressed from one PDF content stream (default 8 MiB)
	Timeout   time.Duration // time budget (default 10 s)
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// Defaults are the bounds a crawl uses.
func (l Limits) withDefaults() Limits {
	if l.MaxInput <= 0 {
		l.MaxInput = 20 << 20
	}
	if l.MaxText <= 0 {
		l.MaxText = 1 << 20
	}
	if l.MaxPages <= 0 {
		l.MaxPages = 100
	}
	if l.MaxSheets <= 0 {
		l.MaxSheets = 20
	}
	if l.MaxRows <= 0 {
		l.MaxRows = 50000
	}
	if l.MaxUnzip <= 0 {
		l.MaxUnzip = 64 << 20
	}
	if l.MaxStream <= 0 {
		l.MaxStream = 8 << 20
	}
	if l.Timeout <= 0 {
		l.Timeout = 10 * time.Second
	}
	if l.Now == nil {
		l.Now = time.Now
	}
	return l
}

// Text is what was read of one attachment.
type Text struct {
	Format string // pdf, docx, xlsx: what the bytes are (not what the link said)
	Text   string // plain text, valid UTF-8, lines separated by \n
	// Parts is the number of pages (PDF), sheets (XLSX) or 1 (DOCX) read.
	Parts int
	// Truncated is true when a bound (text, pages, sheets, rows) stopped
	// the reading before the end: the text is a prefix of the file's.
	Truncated bool
}

// runaway counts readings that overran their budget and still run;
// maxRunaway of them refuse further PDFs until one ends, so hostile files
// cannot pile up CPU work in the background.
var runaway atomic.Int64

const maxRunaway = 2

// Formats lists the extensions read.
var Formats = []string{"pdf", "docx", "xlsx"}

// Readable reports whether ext (lower case, no dot) names a format read
// here, so a caller downloads nothing it cannot read.
func Readable(ext string) bool {
	switch strings.ToLower(strings.TrimPrefix(ext, ".")) {
	case "pdf", "docx", "xlsx":
		return true
	}
	return false
}

// Sniff names the format of data from its first bytes: pdf, zip (DOCX,
// XLSX and other zips), ole (DOC, XLS, WPS, ET), or "".
func Sniff(data []byte) string {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "zip"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "ole"
	}
	return ""
}

// Extract reads the text of an attachment. ext is the extension the link
// declared (pdf, docx …); the bytes decide the format, so a .doc that is
// really a DOCX is read, and a .pdf that is an HTML error page is refused.
func Extract(data []byte, ext string, lim Limits) (t Text, err error) {
	lim = lim.withDefaults()
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	if int64(len(data)) > lim.MaxInput {
		return Text{}, fmt.Errorf("read %s: %d bytes: %w (%d)", nameOf(ext), len(data), ErrTooLarge, lim.MaxInput)
	}
	kind := Sniff(data)
	switch kind {
	case "pdf", "zip":
	case "ole":
		return Text{}, fmt.Errorf("read %s: an OLE compound file (DOC, XLS, WPS, ET): %w", nameOf(ext), ErrUnsupported)
	default:
		return Text{}, fmt.Errorf("read %s: %s: %w", nameOf(ext), describe(data), ErrUnsupported)
	}
	if runaway.Load() >= maxRunaway {
		return Text{}, fmt.Errorf("read %s: %w: %d earlier files are still being read past their budget", nameOf(ext), ErrBudget, runaway.Load())
	}
	b := newBudget(lim)
	type done struct {
		t   Text
		err error
	}
	ch := make(chan done, 1)
	// The reading runs on a goroutine of its own so that a loop inside
	// the PDF library, which no callback of ours interrupts, cannot hold
	// the caller past the budget: the caller gets ErrBudget, and the
	// runaway goroutine is counted until it ends (its memory is bounded
	// by the input's size).
	go func() {
		var d done
		defer func() {
			// The PDF library signals damage by panicking, and the
			// budget ends a walk the same way: both become an error.
			if r := recover(); r != nil {
				if e, ok := r.(budgetStop); ok {
					d = done{err: e.err}
				} else {
					d = done{err: fmt.Errorf("%w: %v", ErrMalformed, r)}
				}
			}
			ch <- d
		}()
		if kind == "pdf" {
			d.t, d.err = readPDF(data, b)
		} else {
			d.t, d.err = readOOXML(data, b)
		}
	}()
	timer := time.NewTimer(lim.Timeout + lim.Timeout/2)
	defer timer.Stop()
	var d done
	select {
	case d = <-ch:
	case <-timer.C:
		runaway.Add(1)
		go func() { <-ch; runaway.Add(-1) }()
		return Text{}, fmt.Errorf("read %s: %w (%v): the reader did not stop", nameOf(ext), ErrBudget, lim.Timeout)
	}
	if d.err != nil {
		return Text{}, fmt.Errorf("read %s: %w", nameOf(ext), d.err)
	}
	t = d.t
	t.Text, t.Truncated = b.text.String(), t.Truncated || b.truncated
	return t, nil
}

func nameOf(ext string) string {
	if ext == "" {
		return "attachment"
	}
	return ext
}

// describe says what unreadable bytes look like, for the error.
func describe(data []byte) string {
	b := bytes.TrimLeft(data[:min(len(data), 512)], " \t\r\n\xef\xbb\xbf")
	switch {
	case len(data) == 0:
		return "empty body"
	case len(b) > 0 && b[0] == '<':
		return "an HTML or XML page, not a document"
	case bytes.HasPrefix(data, []byte("Rar!")):
		return "a RAR archive"
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "an image"
	}
	return "unknown content"
}

// budget is the work allowance of one Extract: the text kept so far and
// the deadline. Checks panic with budgetStop, recovered by Extract, so
// that deep callbacks (a PDF content stream) end at once.
type budget struct {
	lim       Limits
	deadline  time.Time
	text      strings.Builder
	truncated bool
	ticks     int
}

type budgetStop struct{ err error }

func newBudget(lim Limits) *budget {
	return &budget{lim: lim, deadline: lim.Now().Add(lim.Timeout)}
}

// tick is called per unit of work; every 256 units it reads the clock.
func (b *budget) tick() {
	b.ticks++
	if b.ticks&255 == 0 && b.lim.Now().After(b.deadline) {
		panic(budgetStop{fmt.Errorf("%w (%v)", ErrBudget, b.lim.Timeout)})
	}
}

// full reports whether the text bound is reached.
func (b *budget) full() bool { return b.truncated }

// write appends s (made valid UTF-8, control characters but \n and \t
// dropped) up to MaxText; it reports false once the bound is reached.
func (b *budget) write(s string) bool {
	if b.truncated {
		return false
	}
	b.tick()
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			continue
		}
		if b.text.Len()+utf8.RuneLen(r) > b.lim.MaxText {
			b.truncated = true
			return false
		}
		b.text.WriteRune(r)
	}
	return true
}

// newline ends a line unless the text already ends one (or is empty).
func (b *budget) newline() {
	s := b.text.String()
	if len(s) > 0 && s[len(s)-1] != '\n' {
		b.write("\n")
	}
}

// space separates two runs unless the text already ends with a blank.
func (b *budget) space() {
	s := b.text.String()
	if len(s) > 0 && s[len(s)-1] != '\n' && s[len(s)-1] != ' ' && s[len(s)-1] != '\t' {
		b.write(" ")
	}
}

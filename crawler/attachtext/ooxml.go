package attachtext

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
)

// DOCX and XLSX are zips of XML parts. They are read with archive/zip and
// encoding/xml as streams rather than through excelize: excelize loads
// every part it opens whole (its default unzip bound is 16 GB) and parses
// styles and formulas the checks do not need, while a stream lets the
// decompressed bytes be counted as they come out and the reading stop at
// the row bound. encoding/xml expands no DTD entities, so an entity bomb
// is inert.

// maxZipEntries bounds the central directory walked (a real DOCX has a few
// dozen parts, an XLSX a few per sheet).
const maxZipEntries = 10000

func readOOXML(data []byte, b *budget) (Text, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Text{}, fmt.Errorf("zip: %w: %v", ErrMalformed, err)
	}
	if len(zr.File) > maxZipEntries {
		return Text{}, fmt.Errorf("zip: %d entries: %w (%d)", len(zr.File), ErrTooLarge, maxZipEntries)
	}
	z := &zipParts{files: map[string]*zip.File{}, b: b}
	for _, f := range zr.File {
		z.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	switch {
	case z.files["word/document.xml"] != nil:
		return readDOCX(z)
	case z.files["xl/workbook.xml"] != nil:
		return readXLSX(z)
	case z.files["EncryptedPackage"] != nil:
		return Text{}, ErrEncrypted
	}
	return Text{}, fmt.Errorf("a zip that is neither DOCX nor XLSX: %w", ErrUnsupported)
}

// zipParts opens the parts of one archive, counting what they decompress
// to against MaxUnzip across all of them.
type zipParts struct {
	files    map[string]*zip.File
	b        *budget
	unzipped int64
}

func (z *zipParts) open(name string) (io.ReadCloser, error) {
	f := z.files[name]
	if f == nil {
		return nil, fmt.Errorf("%s: %w: part missing", name, ErrMalformed)
	}
	if f.Flags&0x1 != 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrEncrypted)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrMalformed, err)
	}
	return &countedPart{rc: rc, z: z, name: name}, nil
}

// countedPart fails with ErrTooLarge once the archive's parts together
// decompressed past MaxUnzip: the sizes the archive declares are not
// trusted (a zip bomb lies about them).
type countedPart struct {
	rc   io.ReadCloser
	z    *zipParts
	name string
}

func (c *countedPart) Read(p []byte) (int, error) {
	c.z.b.tick()
	n, err := c.rc.Read(p)
	c.z.unzipped += int64(n)
	if c.z.unzipped > c.z.b.lim.MaxUnzip {
		return n, fmt.Errorf("%s: decompressed past %d bytes: %w", c.name, c.z.b.lim.MaxUnzip, ErrTooLarge)
	}
	return n, err
}

func (c *countedPart) Close() error { return c.rc.Close() }

// walk streams the tokens of one XML part to fn; fn returns false to stop.
func (z *zipParts) walk(name string, fn func(xml.Token) bool) error {
	rc, err := z.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.Strict = false
	// Parts declare UTF-8 or UTF-16; anything else is read as UTF-8.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrBudget) {
				return err
			}
			return fmt.Errorf("%s: %w: %v", name, ErrMalformed, err)
		}
		if !fn(tok) {
			return nil
		}
	}
}

// readDOCX reads the body, then the headers and footers (a letterhead or
// a footer can carry a telephone number too).
func readDOCX(z *zipParts) (Text, error) {
	parts := []string{"word/document.xml"}
	var extra []string
	for name := range z.files {
		base := path.Base(name)
		if path.Dir(name) == "word" && (strings.HasPrefix(base, "header") || strings.HasPrefix(base, "footer") ||
			base == "footnotes.xml" || base == "endnotes.xml") && strings.HasSuffix(base, ".xml") {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	parts = append(parts, extra...)
	b := z.b
	for _, p := range parts {
		inText := false
		err := z.walk(p, func(tok xml.Token) bool {
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "t":
					inText = true
				case "tab":
					b.write("\t")
				case "br", "cr":
					b.write("\n")
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "t":
					inText = false
				case "p":
					b.write("\n")
				case "tc":
					b.write("\t")
				}
			case xml.CharData:
				if inText {
					b.write(string(t))
				}
			}
			return !b.full()
		})
		if err != nil {
			return Text{}, fmt.Errorf("docx: %w", err)
		}
		b.newline()
		if b.full() {
			break
		}
	}
	return Text{Format: "docx", Parts: 1}, nil
}

// readXLSX reads the shared strings, then each sheet in the workbook's
// order: a line per row, cells separated by tabs, each sheet headed by
// its name.
func readXLSX(z *zipParts) (Text, error) {
	b := z.b
	shared, err := z.sharedStrings()
	if err != nil {
		return Text{}, fmt.Errorf("xlsx: %w", err)
	}
	sheets, err := z.sheets()
	if err != nil {
		return Text{}, fmt.Errorf("xlsx: %w", err)
	}
	t := Text{Format: "xlsx"}
	rows := 0
	for _, sh := range sheets {
		if t.Parts >= b.lim.MaxSheets || rows >= b.lim.MaxRows || b.full() {
			t.Truncated = true
			break
		}
		if z.files[sh.part] == nil {
			continue // a chart sheet or a dangling relation: nothing to read
		}
		t.Parts++
		b.newline()
		b.write(sh.name)
		b.write("\n")
		var cellType string
		var val strings.Builder
		inV, inT, cells := false, false, 0
		err := z.walk(sh.part, func(tok xml.Token) bool {
			switch e := tok.(type) {
			case xml.StartElement:
				switch e.Name.Local {
				case "c":
					cellType, inV, inT = attr(e, "t"), false, false
					val.Reset()
				case "v":
					inV = true
				case "t":
					inT = true
				}
			case xml.EndElement:
				switch e.Name.Local {
				case "v":
					inV = false
				case "t":
					inT = false
				case "c":
					if s := cellText(cellType, val.String(), shared); s != "" {
						if cells > 0 {
							b.write("\t")
						}
						b.write(s)
						cells++
					}
				case "row":
					if cells > 0 {
						b.write("\n")
					}
					cells = 0
					rows++
					if rows >= b.lim.MaxRows {
						t.Truncated = true
						return false
					}
				}
			case xml.CharData:
				if (inV || inT) && val.Len() < 32<<10 {
					val.Write(e)
				}
			}
			return !b.full()
		})
		if err != nil {
			return Text{}, fmt.Errorf("xlsx: %w", err)
		}
	}
	return t, nil
}

// cellText is what a cell shows: its shared string, its inline string, or
// its value (numbers written without an exponent, so a mobile number
// stored as a number reads 13812345678, not 1.3812345678E10).
func cellText(typ, v string, shared []string) string {
	v = strings.TrimSpace(v)
	switch typ {
	case "s":
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		return shared[i]
	case "inlineStr", "str", "e":
		return v
	case "b":
		if v == "1" {
			return "TRUE"
		}
		return "FALSE"
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f == float64(int64(f)) && f > -1e16 && f < 1e16 {
		return strconv.FormatInt(int64(f), 10)
	}
	return v
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sharedStrings reads xl/sharedStrings.xml (absent in a workbook of
// numbers only); a rich-text string is its runs joined.
func (z *zipParts) sharedStrings() ([]string, error) {
	const name = "xl/sharedStrings.xml"
	if z.files[name] == nil {
		return nil, nil
	}
	var out []string
	var cur strings.Builder
	inT, inRPh := false, false
	err := z.walk(name, func(tok xml.Token) bool {
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "si":
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inRPh = true // phonetic guide: not shown
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "si":
				out = append(out, cur.String())
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT && !inRPh && cur.Len() < 32<<10 {
				cur.Write(e)
			}
		}
		return true
	})
	return out, err
}

type sheetRef struct{ name, part string }

// sheets lists the workbook's sheets in its order with their parts.
func (z *zipParts) sheets() ([]sheetRef, error) {
	targets := map[string]string{} // relation id → part
	if z.files["xl/_rels/workbook.xml.rels"] != nil {
		err := z.walk("xl/_rels/workbook.xml.rels", func(tok xml.Token) bool {
			if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" {
				tgt := attr(e, "Target")
				if strings.HasPrefix(tgt, "/") {
					tgt = strings.TrimPrefix(tgt, "/")
				} else {
					tgt = path.Join("xl", tgt)
				}
				targets[attr(e, "Id")] = tgt
			}
			return len(targets) < maxZipEntries
		})
		if err != nil {
			return nil, err
		}
	}
	var out []sheetRef
	err := z.walk("xl/workbook.xml", func(tok xml.Token) bool {
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "sheet" {
			var id string
			for _, a := range e.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
			part := targets[id]
			if part == "" {
				part = fmt.Sprintf("xl/worksheets/sheet%d.xml", len(out)+1)
			}
			out = append(out, sheetRef{name: attr(e, "name"), part: part})
		}
		return len(out) < maxZipEntries
	})
	return out, err
}

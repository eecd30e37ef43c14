package attachtext_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"zwgk/crawler/attachtext"
	"zwgk/reports/fonts"
)

const leak = "关于2026年度困难群众补助发放情况的公示 文号：民发〔2026〕110105号 张三 身份证号 11010519491231002X 手机 13812345678 银行卡 6222020200112233445"

// cjkPDF writes lines with the project's CJK font as fpdf does: an
// Identity-H CID font whose ToUnicode map is the full range <0000> <FFFF>.
func cjkPDF(t testing.TB, pages ...[]string) []byte {
	t.Helper()
	f, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	var all []rune
	for _, p := range pages {
		for _, l := range p {
			all = append(all, []rune(l)...)
		}
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("wqy", "", f.Subset(all))
	p.SetFont("wqy", "", 11)
	for _, lines := range pages {
		p.AddPage()
		for _, l := range lines {
			p.Cell(0, 8, l)
			p.Ln(8)
		}
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// latinPDF writes with a core font (WinAnsi, a simple font).
func latinPDF(t testing.TB, text string) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(0, 10, text)
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func docx(t testing.TB, body string, extra map[string]string) []byte {
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`,
	}
	for k, v := range extra {
		files[k] = v
	}
	return zipOf(t, files)
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, s := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(s))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func para(runs ...string) string {
	var s strings.Builder
	s.WriteString("<w:p>")
	for _, r := range runs {
		fmt.Fprintf(&s, "<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r>", r)
	}
	s.WriteString("</w:p>")
	return s.String()
}

func xlsx(t testing.TB, sheets map[string][][]any) []byte {
	f := excelize.NewFile()
	first := true
	for name, rows := range sheets {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else {
			f.NewSheet(name)
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func extract(t *testing.T, data []byte, ext string, lim attachtext.Limits) attachtext.Text {
	t.Helper()
	txt, err := attachtext.Extract(data, ext, lim)
	if err != nil {
		t.Fatalf("extract %s: %v", ext, err)
	}
	return txt
}

func TestPDFCJK(t *testing.T) {
	data := cjkPDF(t, []string{"第一页", leak}, []string{"第二页 联系电话 13900001111"})
	txt := extract(t, data, "pdf", attachtext.Limits{})
	for _, want := range []string{"困难群众补助", "民发〔2026〕110105号", "11010519491231002X", "13812345678", "6222020200112233445", "第二页", "13900001111"} {
		if !strings.Contains(txt.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, txt.Text)
		}
	}
	if txt.Format != "pdf" || txt.Parts != 2 || txt.Truncated {
		t.Errorf("format %q parts %d truncated %v, want pdf 2 false", txt.Format, txt.Parts, txt.Truncated)
	}
	// Lines stay lines: the ID number and the document number are not glued.
	if !strings.Contains(txt.Text, "第一页\n") {
		t.Errorf("page lines not separated: %q", txt.Text)
	}
}

func TestPDFSimpleFont(t *testing.T) {
	txt := extract(t, latinPDF(t, "ID 11010519491231002X tel 13812345678"), "pdf", attachtext.Limits{})
	if !strings.Contains(txt.Text, "11010519491231002X") || !strings.Contains(txt.Text, "13812345678") {
		t.Errorf("core-font text: %q", txt.Text)
	}
}

func TestPDFPageBound(t *testing.T) {
	var pages [][]string
	for i := range 5 {
		pages = append(pages, []string{fmt.Sprintf("page %d", i+1)})
	}
	txt := extract(t, cjkPDF(t, pages...), "pdf", attachtext.Limits{MaxPages: 2})
	if txt.Parts != 2 || !txt.Truncated || strings.Contains(txt.Text, "page 3") || !strings.Contains(txt.Text, "page 2") {
		t.Errorf("parts %d truncated %v text %q; want 2 pages read, truncated", txt.Parts, txt.Truncated, txt.Text)
	}
}

func TestDOCX(t *testing.T) {
	body := para("关于", "公示的通知") +
		`<w:tbl><w:tr><w:tc>` + para("张三") + `</w:tc><w:tc>` + para("11010519491231002X") + `</w:tc></w:tr></w:tbl>` +
		para("文号 民发〔2026〕110105号")
	data := docx(t, body, map[string]string{
		"word/footer1.xml": `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` + para("联系电话 13812345678") + `</w:ftr>`,
	})
	txt := extract(t, data, "docx", attachtext.Limits{})
	for _, want := range []string{"关于公示的通知\n", "张三", "11010519491231002X", "民发〔2026〕110105号", "13812345678"} {
		if !strings.Contains(txt.Text, want) {
			t.Errorf("text lacks %q:\n%q", want, txt.Text)
		}
	}
	if strings.Contains(txt.Text, "张三11010519491231002X") {
		t.Errorf("table cells glued: %q", txt.Text)
	}
	if txt.Format != "docx" {
		t.Errorf("format %q", txt.Format)
	}
	// The bytes decide: a DOCX linked as .doc is read.
	if _, err := attachtext.Extract(data, "doc", attachtext.Limits{}); err != nil {
		t.Errorf("docx served as .doc: %v", err)
	}
}

func TestXLSX(t *testing.T) {
	data := xlsx(t, map[string][][]any{"名单": {
		{"姓名", "身份证号", "手机", "文号"},
		{"张三", "11010519491231002X", 13812345678, "民发〔2026〕110105号"},
	}})
	txt := extract(t, data, "xlsx", attachtext.Limits{})
	for _, want := range []string{"名单\n", "张三\t11010519491231002X\t13812345678\t民发〔2026〕110105号", "姓名\t身份证号"} {
		if !strings.Contains(txt.Text, want) {
			t.Errorf("text lacks %q:\n%q", want, txt.Text)
		}
	}
	if txt.Parts != 1 || txt.Format != "xlsx" {
		t.Errorf("parts %d format %q", txt.Parts, txt.Format)
	}
}

func TestXLSXRowBound(t *testing.T) {
	var rows [][]any
	for i := range 100 {
		rows = append(rows, []any{fmt.Sprintf("row%03d", i)})
	}
	txt := extract(t, xlsx(t, map[string][][]any{"S": rows}), "xlsx", attachtext.Limits{MaxRows: 10})
	if !txt.Truncated || strings.Contains(txt.Text, "row010") || !strings.Contains(txt.Text, "row009") {
		t.Errorf("truncated %v, text %q", txt.Truncated, txt.Text)
	}
}

func TestTextBound(t *testing.T) {
	body := strings.Repeat(para(strings.Repeat("数", 100)), 100)
	txt := extract(t, docx(t, body, nil), "docx", attachtext.Limits{MaxText: 1000})
	if !txt.Truncated || len(txt.Text) > 1000 || len(txt.Text) < 900 {
		t.Errorf("truncated %v, %d bytes; want ≤ 1000, cut", txt.Truncated, len(txt.Text))
	}
}

// hostile inputs end as errors of the right kind, never as a crash, a
// hang or a silently empty success.
func TestHostile(t *testing.T) {
	// A zip bomb: one part of 16 MiB of blanks (valid XML text, so only
	// the bound stops it) read under a 512 KiB bound.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document><w:body><w:p><w:r><w:t>"))
	blanks := bytes.Repeat([]byte(" "), 1<<20)
	for range 16 {
		w.Write(blanks)
	}
	zw.Close()
	zeros := make([]byte, 1<<20)

	// A PDF whose content stream is a flate bomb.
	var z bytes.Buffer
	zl := zlib.NewWriter(&z)
	for range 64 {
		zl.Write(zeros)
	}
	zl.Close()
	flateBomb := handPDF(fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()), false)

	valid := cjkPDF(t, []string{leak})
	cases := []struct {
		name string
		data []byte
		ext  string
		lim  attachtext.Limits
		want error
	}{
		{"empty", nil, "pdf", attachtext.Limits{}, attachtext.ErrUnsupported},
		{"html error page as pdf", []byte("<html><body>404</body></html>"), "pdf", attachtext.Limits{}, attachtext.ErrUnsupported},
		{"ole doc", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), "doc", attachtext.Limits{}, attachtext.ErrUnsupported},
		{"too large", valid, "pdf", attachtext.Limits{MaxInput: 100}, attachtext.ErrTooLarge},
		{"truncated pdf", valid[:len(valid)/2], "pdf", attachtext.Limits{}, attachtext.ErrMalformed},
		{"garbage after header", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("\x00\xff garbage ["), 1000)...), "pdf", attachtext.Limits{}, attachtext.ErrMalformed},
		{"zip bomb", bomb.Bytes(), "docx", attachtext.Limits{MaxUnzip: 512 << 10}, attachtext.ErrTooLarge},
		{"flate bomb content", flateBomb, "pdf", attachtext.Limits{}, attachtext.ErrTooLarge},
		{"broken zip", []byte("PK\x03\x04 not really a zip"), "xlsx", attachtext.Limits{}, attachtext.ErrMalformed},
		{"plain zip", zipOf(t, map[string]string{"a.txt": "x"}), "xlsx", attachtext.Limits{}, attachtext.ErrUnsupported},
		{"malformed xml", docx(t, "<w:p><w:r><w:t>abc</w:x>", nil), "docx", attachtext.Limits{}, attachtext.ErrMalformed},
		{"extends", handPDF("<< /Type /ObjStm /Extends 4 0 R >>", false), "pdf", attachtext.Limits{}, attachtext.ErrUnsupported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			txt, err := attachtext.Extract(c.data, c.ext, c.lim)
			if !errors.Is(err, c.want) {
				t.Fatalf("err %v (text %.200q), want %v", err, txt.Text, c.want)
			}
			if !strings.HasPrefix(err.Error(), "read ") {
				t.Errorf("error does not say what was read: %v", err)
			}
		})
	}
}

// A page tree that contains itself ends at the walk's bounds.
func TestPDFCyclicPageTree(t *testing.T) {
	data := handPDF("<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (13812345678) Tj ET\nendstream", true)
	txt, err := attachtext.Extract(data, "pdf", attachtext.Limits{})
	if err != nil {
		t.Fatalf("cyclic tree: %v", err)
	}
	if !strings.Contains(txt.Text, "13812345678") {
		t.Errorf("text %q", txt.Text)
	}
}

// The time budget ends the reading with ErrBudget: a clock that jumps.
func TestBudget(t *testing.T) {
	var pages [][]string
	for i := range 30 {
		pages = append(pages, []string{fmt.Sprintf("page %d %s", i, leak)})
	}
	data := cjkPDF(t, pages...)
	start := time.Now()
	calls := 0
	clock := func() time.Time {
		calls++
		return start.Add(time.Duration(calls) * time.Second)
	}
	_, err := attachtext.Extract(data, "pdf", attachtext.Limits{Timeout: 5 * time.Second, Now: clock})
	if !errors.Is(err, attachtext.ErrBudget) {
		t.Fatalf("err %v, want ErrBudget", err)
	}
}

// handPDF writes a one-page PDF with object 4 as given (a content
// stream), with a correct cross-reference table; cyclic makes the page
// tree list itself among its kids.
func handPDF(obj4 string, cyclic bool) []byte {
	kids := "[3 0 R]"
	if cyclic {
		kids = "[3 0 R 2 0 R]"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids " + kids + " /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		obj4,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

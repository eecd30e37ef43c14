package sitefarm

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"zwgk"
	"zwgk/reports/fonts"
)

// DefectAttachmentLeak: the newest notice of a content-check site carries
// three attachments — a real PDF (CID font with a ToUnicode map, as fpdf
// and office suites write them), a DOCX and an XLSX — each listing a
// citizen with a valid ID number, beside an index or document number of
// the same shape whose check character is wrong. The truth proposes the
// ID number of each file, with the file's URL, and never the decoy.
const DefectAttachmentLeak = "leaked_id_in_attachments"

// attachLeak is one leaking attachment of a site.
type attachLeak struct {
	slug  string // column
	item  int    // item ID
	url   string // path on the site
	ext   string
	name  string // link text
	id    string // the valid ID number it holds
	decoy string // the number that only looks like one
	who   string
}

var warmFont sync.Once

// attachFiles are a site's leaking files, generated on first request
// (a farm of thousands of sites should not build them all at start).
type attachFiles struct {
	once  sync.Once
	files map[string][]byte // path → bytes
	err   error
}

// applyAttachLeaks overlays the attachment leaks on the sites that
// applyChecks overlays (every variant), so every farm of 12 sites or
// more has them.
func (s *Site) applyAttachLeaks(k int) {
	if k%checksEvery != checksSlot || s.Profile != ProfileGood {
		return
	}
	c := s.Column("tzgg")
	if c == nil || c.Count == 0 {
		return
	}
	it := c.Items()[0] // the newest: every crawl opens it
	d := it.Date.Time()
	files := []struct{ ext, name string }{{"pdf", "困难群众临时救助对象名单.pdf"}, {"docx", "拟表彰人员名单.docx"}, {"xlsx", "补助资金发放明细.xlsx"}}
	var where, masked []string
	for i, f := range files {
		l := attachLeak{slug: c.Spec.Slug, item: it.ID, ext: f.ext, name: "附件" + fmt.Sprint(i+1) + "：" + f.name,
			url:   fmt.Sprintf("/%s/%s/P0%sA%d_%d.%s", c.Spec.Slug, d.Format("200601"), d.Format("20060102"), it.ID, i+1, f.ext),
			id:    fakeID(s.Agency.Region, k+1+i),
			decoy: decoyID(s.Agency.Region, k+1+i),
			who:   []string{"赵", "钱", "孙", "周", "吴"}[(k+i)%5] + "某某"}
		s.attachLeaks = append(s.attachLeaks, l)
		where = append(where, l.url)
		masked = append(masked, maskID(l.id))
	}
	s.attachFiles = &attachFiles{}
	// The files are built on first request, but parsing the CJK font
	// (tens of milliseconds, seconds on a loaded machine) must not fall
	// inside a crawler's request timeout: it starts now, in the background.
	warmFont.Do(func() { go fonts.Default() }) //nolint:errcheck // the request reports a font error
	s.addDefect(DefectAttachmentLeak, where, map[string]any{"masked": masked, "column": c.Label})
}

func maskID(id string) string { return id[:6] + "********" + id[14:] }

// attachLeakLinks renders the attachment links of an article, if any.
func (s *Site) attachLeakLinks(b *strings.Builder, c *Column, it Item) {
	first := true
	for _, l := range s.attachLeaks {
		if l.slug != c.Spec.Slug || l.item != it.ID {
			continue
		}
		if first {
			b.WriteString("<div class=\"fj\">相关附件：<ul>\n")
			first = false
		}
		fmt.Fprintf(b, "<li><a href=\"%s\">%s</a></li>\n", l.url, html.EscapeString(l.name))
	}
	if !first {
		b.WriteString("</ul></div>\n")
	}
}

// attachLeakFile serves a leaking attachment at path.
func (s *Site) attachLeakFile(path string) (Page, bool) {
	if s.attachFiles == nil {
		return Page{}, false
	}
	af := s.attachFiles
	af.once.Do(func() { af.files, af.err = s.buildAttachFiles() })
	body, ok := af.files[path]
	if !ok {
		return Page{}, false
	}
	if af.err != nil {
		return Page{Status: 500, ContentType: "text/plain", Body: []byte(af.err.Error())}, true
	}
	types := map[string]string{"pdf": "application/pdf",
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	ext := path[strings.LastIndexByte(path, '.')+1:]
	return Page{Status: 200, ContentType: types[ext], Body: body}, true
}

func (s *Site) buildAttachFiles() (map[string][]byte, error) {
	out := map[string][]byte{}
	var firstErr error
	for _, l := range s.attachLeaks {
		var b []byte
		var err error
		switch l.ext {
		case "pdf":
			b, err = s.leakPDF(l)
		case "docx":
			b, err = s.leakDOCX(l)
		case "xlsx":
			b, err = s.leakXLSX(l)
		}
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("sitefarm: attachment %s: %w", l.url, err)
		}
		out[l.url] = b
	}
	return out, firstErr
}

// leakPDF is a one-page list set in the project's CJK font.
func (s *Site) leakPDF(l attachLeak) ([]byte, error) {
	f, err := fonts.Default()
	if err != nil {
		return nil, err
	}
	lines := []string{
		s.place + fmt.Sprintf("%d年度困难群众临时救助对象名单", s.farm.AsOf.Year),
		"索引号：" + l.decoy,
		"序号    姓名      身份证号码                救助金额（元）",
		fmt.Sprintf("1       %s    %s        1500", l.who, l.id),
		s.Agency.Name + "（公章）",
	}
	var rs []rune
	for _, ln := range lines {
		rs = append(rs, []rune(ln)...)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreator("sitefarm", true)
	p.AddUTF8FontFromBytes("wqy", "", f.Subset(rs))
	p.SetFont("wqy", "", 12)
	p.AddPage()
	for _, ln := range lines {
		p.Cell(0, 9, ln)
		p.Ln(9)
	}
	var b bytes.Buffer
	err = p.Output(&b)
	return b.Bytes(), err
}

// leakDOCX is a minimal WordprocessingML package: a title, the document
// number, and a table of one row.
func (s *Site) leakDOCX(l attachLeak) ([]byte, error) {
	para := func(t string) string {
		return `<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(t) + `</w:t></w:r></w:p>`
	}
	cell := func(t string) string { return "<w:tc>" + para(t) + "</w:tc>" }
	body := para(s.place+"拟表彰先进个人名单公示") + para("文件编号："+l.decoy) +
		"<w:tbl><w:tr>" + cell("姓名") + cell("身份证号") + cell("工作单位") + "</w:tr><w:tr>" +
		cell(l.who) + cell(l.id) + cell(s.Agency.Name) + "</w:tr></w:tbl>" + para("公示期为5个工作日。")
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`},
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			return nil, err
		}
	}
	err := zw.Close()
	return b.Bytes(), err
}

// leakXLSX is a workbook written by excelize: the ID number as text (as
// spreadsheets keep 18 digits), the document number in its own column.
func (s *Site) leakXLSX(l attachLeak) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "发放明细"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	rows := [][]any{
		{"序号", "姓名", "身份证号码", "补助金额", "审批文号"},
		{1, l.who, l.id, 800, l.decoy},
	}
	for i, r := range rows {
		cellName, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cellName, &r); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	err := f.Write(&b)
	return b.Bytes(), err
}

// truthAttachLeaks adds the attachments to their item in the truth and
// the ID number each holds to the candidates a perfect detector proposes.
func (s *Site) truthAttachLeaks(ev *zwgk.Evidence, base string) {
	for _, l := range s.attachLeaks {
		c := s.Column(l.slug)
		var page string
		for _, it := range c.Items() {
			if it.ID == l.item {
				page = base + it.path(c, c.shownDate(it))
			}
		}
		for ci := range ev.Columns {
			for ii := range ev.Columns[ci].Items {
				if zi := &ev.Columns[ci].Items[ii]; zi.URL == page {
					zi.Attachments = append(zi.Attachments, zwgk.Attachment{URL: base + l.url, Ext: l.ext, Name: s.text(l.name)})
				}
			}
		}
		ev.ContentChecks = append(ev.ContentChecks, zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, Rule: "privacy.id_card",
			URL: base + l.url, Excerpt: maskID(l.id), Page: page})
		ev.AttachmentsRead = append(ev.AttachmentsRead, zwgk.AttachmentRead{URL: base + l.url, Ext: l.ext, Page: page, Format: l.ext})
	}
}

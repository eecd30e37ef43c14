package reports

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zwgk/exchange"
)

// TestWriteXLSX opens scores.xlsx with excelize and checks it against
// scores.json: the sheets, every agency's total, rank and veto (是/否) and
// every indicator's mark, the number formats of marks and shares, 较上期,
// and each sheet's <dimension> against its rows.
func TestWriteXLSX(t *testing.T) {
	c := cohort()
	cards := append(c.Cards[:0:0], c.Cards...)
	cards[0].Name = "=HYPERLINK(\"http://x\")\x00\x1b单位"
	var findings = chartsInput().Findings
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, XLSXInput{Framework: c.Framework, Cards: cards, Findings: findings, Previous: true}); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := exchange.WriteScoresJSON(&js, exchange.ScoresDoc{Cycle: c.Cycle.Name, AsOf: c.Cycle.AsOf, Agencies: cards}); err != nil {
		t.Fatal(err)
	}
	var sf exchange.ScoresFile
	if err := json.Unmarshal(js.Bytes(), &sf); err != nil {
		t.Fatal(err)
	}
	want := []string{"国务院部门", "省级", "市级", "县级", "指标得分", "评估发现", "地区"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	numFmt := func(sheet, cell string) string {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil {
			return fmt.Sprint(st.NumFmt)
		}
		return *st.CustomNumFmt
	}
	// Tier sheets against scores.json.
	byCode := map[string]exchange.ScoreEntry{}
	for _, e := range sf.Agencies {
		byCode[e.Code] = e
	}
	seen, hostile, newcomers := 0, false, 0
	for _, s := range want[:4] {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		h := rows[0]
		if h[0] != "排名" || h[2] != "单位名称" || h[6] != "总分" || h[8] != "单项否决" || h[13] != "较上期" {
			t.Errorf("%s: header %v", s, h[:14])
		}
		if got := numFmt(s, "G2"); got != "0.00" {
			t.Errorf("%s: total formatted %q, want 0.00", s, got)
		}
		for i, r := range rows[1:] {
			e, ok := byCode[r[1]]
			if !ok {
				t.Errorf("%s row %d: code %q not in scores.json", s, i+2, r[1])
				continue
			}
			seen++
			total, _ := f.GetCellValue(s, "G"+strconv.Itoa(i+2), excelize.Options{RawCellValue: true})
			if x, err := strconv.ParseFloat(total, 64); err != nil || x != e.Total {
				t.Errorf("%s %s: total %q, scores.json %v", s, e.Code, total, e.Total)
			}
			if r[0] != strconv.Itoa(e.Rank) || r[8] != yesNo(e.Vetoed) {
				t.Errorf("%s %s: rank %s veto %s, scores.json %d %v", s, e.Code, r[0], r[8], e.Rank, e.Vetoed)
			}
			if r[13] == "新参评" {
				newcomers++
			}
			if r[2] == "=HYPERLINK(\"http://x\")单位" {
				hostile = true
				if fm, _ := f.GetCellFormula(s, "C"+strconv.Itoa(i+2)); fm != "" {
					t.Errorf("name stored as formula %q", fm)
				}
			}
		}
	}
	if seen != len(cards) || !hostile || newcomers == 0 {
		t.Errorf("%d agencies in the tier sheets of %d; hostile name cleaned %v; %d newcomers", seen, len(cards), hostile, newcomers)
	}
	// Every indicator's mark.
	rows, _ := f.GetRows("指标得分")
	col := map[string]int{}
	for i, h := range rows[0] {
		id, _, _ := strings.Cut(h, " ")
		col[id] = i
	}
	checked := 0
	for _, r := range rows[1:] {
		e := byCode[r[0]]
		for id, is := range e.Indicators {
			k, ok := col[id]
			if !ok {
				continue
			}
			ind := c.Framework.Indicator(id)
			if is.Outcome == "na" || ind.Kind == "veto" || ind.Kind == "deduct" {
				continue
			}
			if x, err := strconv.ParseFloat(r[k], 64); err != nil || x != round2(is.Earned) {
				t.Errorf("指标得分 %s %s: %q, scores.json %v", e.Code, id, r[k], is.Earned)
			}
			checked++
		}
	}
	if checked < 10*len(cards) {
		t.Errorf("only %d indicator marks checked", checked)
	}
	if got := numFmt("国务院部门", "G2"); got != "0.00" {
		t.Errorf("total formatted %q, want 0.00", got)
	}
	if got := numFmt("评估发现", "F2"); got != "0.0%" {
		t.Errorf("share formatted %q, want 0.0%%", got)
	}
	if fr, _ := f.GetRows("评估发现"); len(fr) != len(findings)+1 || fr[0][7] != "测量结果" || fr[0][8] != "问题" {
		t.Errorf("评估发现: %d rows for %d findings, header %v", len(fr), len(findings), fr[0])
	}
	if rr, _ := f.GetRows("地区"); len(rr) < 10 || numFmt("地区", "G2") != "0.0%" || numFmt("地区", "E2") != "0.00" {
		t.Errorf("地区: %d rows, formats %s %s", len(rr), numFmt("地区", "G2"), numFmt("地区", "E2"))
	}
	// <dimension> of every sheet as written in the file.
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	dim := regexp.MustCompile(`<dimension ref="([A-Z]+)1?:?([A-Z]*)([0-9]*)"`)
	for i, s := range f.GetSheetList() {
		var xml []byte
		for _, zf := range zr.File {
			if zf.Name == fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1) {
				r, _ := zf.Open()
				xml, _ = io.ReadAll(r)
				r.Close()
			}
		}
		rows, _ := f.GetRows(s)
		cols, _ := f.GetCols(s)
		lastCol, _ := excelize.ColumnNumberToName(len(cols))
		m := dim.FindSubmatch(xml)
		if m == nil || string(m[2]) != lastCol || string(m[3]) != strconv.Itoa(len(rows)) {
			t.Errorf("%s: dimension %q, want A1:%s%d", s, m, lastCol, len(rows))
		}
		// The header row filtered over the used range, frozen, the
		// columns sized and the header bold.
		if want := fmt.Sprintf(`<autoFilter ref="$A$1:$%s$%d"`, lastCol, len(rows)); !bytes.Contains(xml, []byte(want)) {
			t.Errorf("%s: no %s in the sheet", s, want)
		}
		if !bytes.Contains(xml, []byte(`topLeftCell="A2"`)) || !bytes.Contains(xml, []byte(`state="frozen"`)) {
			t.Errorf("%s: header row not frozen", s)
		}
		// Widths on every column, in ascending order (Excel repairs a
		// sheet whose <col> elements are out of order).
		prev := 0
		for _, m := range regexp.MustCompile(`<col min="([0-9]+)" max="([0-9]+)" width="[0-9.]+"`).FindAllSubmatch(xml, -1) {
			lo, _ := strconv.Atoi(string(m[1]))
			hi, _ := strconv.Atoi(string(m[2]))
			if lo != prev+1 || hi < lo {
				t.Errorf("%s: <col min=%d max=%d> after column %d", s, lo, hi, prev)
			}
			prev = hi
		}
		if prev != len(cols) {
			t.Errorf("%s: widths for %d columns of %d", s, prev, len(cols))
		}
		if id, err := f.GetCellStyle(s, "A1"); err != nil {
			t.Error(err)
		} else if st, err := f.GetStyle(id); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header A1 not bold (style %d)", s, id)
		}
	}
}

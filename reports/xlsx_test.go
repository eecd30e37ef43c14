package reports

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteXLSX(t *testing.T) {
	c := cohort()
	cards := append(c.Cards[:0:0], c.Cards...)
	cards[0].Name = "=HYPERLINK(\"http://x\")\x00\x1b单位"
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, c.Framework, cards); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	tiers := TiersOf(cards)
	if len(sheets) != len(tiers) {
		t.Fatalf("sheets %v, want one per tier (%d)", sheets, len(tiers))
	}
	if sheets[0] != "国务院部门" {
		t.Errorf("first sheet %q, want 国务院部门", sheets[0])
	}
	rows, found := 0, false
	for _, s := range sheets {
		all, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if all[0][0] != "排名" || all[0][2] != "单位名称" || all[0][6] != "总分" {
			t.Errorf("%s: header %v", s, all[0][:7])
		}
		panes, err := f.GetPanes(s)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v %v", s, panes, err)
		}
		rows += len(all) - 1
		for i, r := range all[1:] {
			if r[2] == "=HYPERLINK(\"http://x\")单位" { // control characters gone
				found = true
				if fm, _ := f.GetCellFormula(s, "C"+itoa(i+2)); fm != "" {
					t.Errorf("name stored as formula %q", fm)
				}
			}
		}
	}
	if !found {
		t.Error("hostile name not found cleaned in any sheet")
	}
	if rows != len(cards) {
		t.Errorf("%d rows, want %d", rows, len(cards))
	}
}

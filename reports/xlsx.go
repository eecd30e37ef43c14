package reports

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"zwgk"
	"zwgk/indicators"
)

// plain strips control characters (XML cannot hold most of them) and
// bounds untrusted text for spreadsheets.
func plain(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteRune('…')
			break
		}
		switch {
		case unicode.IsSpace(r):
			r = ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar || r == 0xFFFE || r == 0xFFFF:
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// sheetName makes a valid Excel sheet name: at most 31 characters, none
// of : \ / ? * [ ], unique within used.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]'`, r) {
			return '_'
		}
		return r
	}, plain(s, 25))
	if s == "" {
		s = "tier"
	}
	name := s
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s(%d)", s, i)
	}
	used[name] = true
	return name
}

// WriteXLSX writes scores.xlsx: one sheet per tier (ranked order), Chinese
// headers, the header row frozen, a subtotal column per first-level
// indicator. Text is stored as text, never as a formula.
func WriteXLSX(w io.Writer, fw *indicators.Framework, cards []zwgk.Scorecard) error {
	if fw == nil {
		return fmt.Errorf("scores.xlsx: no framework")
	}
	v := newChartsView(ChartsInput{Framework: fw, Cards: cards})
	f := excelize.NewFile()
	defer f.Close()
	head := []any{"排名", "单位代码", "单位名称", "层级", "地区代码", "所在省份", "总分", "等级", "单项否决", "否决指标",
		"基础分", "加分", "扣分", "较上期", "绩效考核计分", "暂定"}
	for _, t := range v.tops {
		head = append(head, plain(t.ID+" "+t.Name, 60))
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EBEEF2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return fmt.Errorf("scores.xlsx: %w", err)
	}
	used := map[string]bool{}
	first := ""
	for _, tier := range v.tiers {
		sheet := sheetName(tierName(tier), used)
		if first == "" {
			first = sheet
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return fmt.Errorf("scores.xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("scores.xlsx: sheet %s: %w", sheet, err)
		}
		if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
			return fmt.Errorf("scores.xlsx: %w", err)
		}
		last, _ := excelize.CoordinatesToCellName(len(head), 1)
		if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
			return fmt.Errorf("scores.xlsx: %w", err)
		}
		for i, c := range v.byTier[tier] {
			delta := any("")
			if c.Delta != nil {
				delta = *c.Delta
			}
			veto := ""
			if c.Vetoed {
				veto = "是"
			}
			provisional := ""
			if c.Provisional {
				provisional = "是"
			}
			row := []any{c.Rank, plain(c.Agency, 60), plain(c.Name, maxName), c.Level.Chinese(), plain(string(c.Region), 12),
				ProvinceName(c.Region), c.Total, plain(c.Grade, 20), veto, plain(strings.Join(c.Veto, "、"), 200),
				c.Base, c.Bonus, c.Deductions, delta, c.Appraisal, provisional}
			for _, t := range v.tops {
				row = append(row, c.Subtotals[t.ID])
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := f.SetSheetRow(sheet, cell, &row); err != nil {
				return fmt.Errorf("scores.xlsx: %s row %d: %w", sheet, i+2, err)
			}
		}
		if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return fmt.Errorf("scores.xlsx: %w", err)
		}
		_ = f.SetColWidth(sheet, "C", "C", 36)
		_ = f.SetColWidth(sheet, "F", "F", 16)
		lastCol, _ := excelize.ColumnNumberToName(len(head))
		_ = f.SetColWidth(sheet, "Q", lastCol, 14)
		if err := f.AutoFilter(sheet, "A1:"+lastCol+"1", nil); err != nil {
			return fmt.Errorf("scores.xlsx: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write scores.xlsx: %w", err)
	}
	return nil
}

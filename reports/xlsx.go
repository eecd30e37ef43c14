package reports

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
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

// XLSXInput is what scores.xlsx holds.
type XLSXInput struct {
	Framework *indicators.Framework
	Cards     []zwgk.Scorecard // ranked
	Findings  []zwgk.Finding   // of every agency; may be nil
	// Previous is true when the cycle has a previous one: 较上期 then
	// reads 新参评 for an agency without a delta, instead of staying empty.
	Previous bool
}

// Cell kinds of scores.xlsx, each with its number format.
const (
	xText  = iota // text, never a formula
	xInt          // whole number
	xMark         // marks: 0.00
	xShare        // shares 0..1 shown as percentages: 0.0%
)

// sheet is one worksheet: a header row, rows of cells and the kind of
// each column.
type sheet struct {
	name  string
	head  []string
	kinds []int
	width []float64
	rows  [][]any
}

// WriteXLSX writes scores.xlsx: one sheet per tier in the one tier order
// (ranked; 单项否决 是/否; 较上期 where a previous cycle exists; the
// first-level subtotals), 指标得分 (every agency's mark on every
// indicator), 评估发现 (every finding with its measure and problem), 地区
// (the region aggregates, ministries left out) — marks in the number
// format 0.00, shares in 0.0%, the header row frozen and filtered, the
// used range in each sheet's <dimension>. Text is stored as text, never as
// a formula.
func WriteXLSX(w io.Writer, in XLSXInput) error {
	if in.Framework == nil {
		return fmt.Errorf("scores.xlsx: no framework")
	}
	v := newChartsView(ChartsInput{Framework: in.Framework, Cards: in.Cards})
	var sheets []sheet
	used := map[string]bool{}
	for _, tier := range v.tiers {
		sheets = append(sheets, v.tierSheet(sheetName(tierName(tier), used), v.byTier[tier], in.Previous))
	}
	sheets = append(sheets, v.indicatorSheet(sheetName("指标得分", used), in.Framework),
		findingsSheet(sheetName("评估发现", used), in.Framework, in.Cards, in.Findings),
		regionSheet(sheetName("地区", used), in.Framework, in.Cards, in.Findings))

	f := excelize.NewFile()
	defer f.Close()
	styles, err := xlsxStyles(f)
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return fmt.Errorf("scores.xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return fmt.Errorf("scores.xlsx: sheet %s: %w", sh.name, err)
		}
		if err := writeSheet(f, sh, styles); err != nil {
			return fmt.Errorf("scores.xlsx: sheet %s: %w", sh.name, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write scores.xlsx: %w", err)
	}
	return nil
}

// xlsxStyles are the style ids: the header, then one per cell kind.
type xlsxStyleIDs struct {
	head  int
	kinds [4]int
}

func xlsxStyles(f *excelize.File) (xlsxStyleIDs, error) {
	var s xlsxStyleIDs
	var err error
	s.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EBEEF2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return s, fmt.Errorf("scores.xlsx: %w", err)
	}
	text, whole, marks, share := "@", "0", "0.00", "0.0%"
	for i, fmtCode := range []*string{&text, &whole, &marks, &share} {
		if s.kinds[i], err = f.NewStyle(&excelize.Style{CustomNumFmt: fmtCode}); err != nil {
			return s, fmt.Errorf("scores.xlsx: %w", err)
		}
	}
	return s, nil
}

// writeSheet streams one sheet (excelize's StreamWriter): a national
// cohort's 评估发现 is a row per finding, and the in-memory cell model
// held every one of them until the file was written (a report of 1,000
// sites peaked at 496 MiB). The filter, the used range, the widths and the
// frozen header go on the empty sheet first (the stream writes the sheet's
// other parts around the rows it is given); each cell carries its style.
func writeSheet(f *excelize.File, sh sheet, st xlsxStyleIDs) error {
	lastCol, err := excelize.ColumnNumberToName(len(sh.head))
	if err != nil {
		return err
	}
	used := "A1:" + lastCol + strconv.Itoa(len(sh.rows)+1)
	if err := f.AutoFilter(sh.name, used, nil); err != nil {
		return err
	}
	// The used range, so readers that trust <dimension> see every row.
	if err := f.SetSheetDimension(sh.name, used); err != nil {
		return err
	}
	// From the last column to the first: excelize keeps a sheet's <col>
	// elements newest first, and the stream writes them as they are kept
	// (a saved sheet has them sorted; a streamed one does not).
	for c := len(sh.head) - 1; c >= 0; c-- {
		w := 12.0
		if c < len(sh.width) && sh.width[c] > 0 {
			w = sh.width[c]
		}
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(sh.name, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sh.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh.name)
	if err != nil {
		return err
	}
	cells := make([]any, len(sh.head))
	for i, h := range sh.head {
		cells[i] = excelize.Cell{StyleID: st.head, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for i, row := range sh.rows {
		cells = cells[:0]
		for c, v := range row {
			style := st.kinds[xText]
			if c < len(sh.kinds) {
				style = st.kinds[sh.kinds[c]]
			}
			cells = append(cells, excelize.Cell{StyleID: style, Value: v})
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("row %d: %w", i+2, err)
		}
	}
	return sw.Flush()
}

// yesNo is 是 or 否: a blank cell would read as unknown.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func (v *chartsView) tierSheet(name string, cards []zwgk.Scorecard, previous bool) sheet {
	sh := sheet{name: name,
		head:  []string{"排名", "单位代码", "单位名称", "层级", "地区代码", "所在地区", "总分", "等级", "单项否决", "否决指标", "基础分", "加分", "扣分", "较上期", "绩效考核计分", "暂定"},
		kinds: []int{xInt, xText, xText, xText, xText, xText, xMark, xText, xText, xText, xMark, xMark, xMark, xMark, xMark, xText},
		width: []float64{7, 12, 36, 10, 10, 24, 9, 10, 9, 14, 9, 8, 8, 9, 12, 7}}
	for _, t := range v.tops {
		sh.head = append(sh.head, plain(t.ID+" "+t.Name, 60))
		sh.kinds = append(sh.kinds, xMark)
		sh.width = append(sh.width, 14)
	}
	for _, c := range cards {
		delta := any("")
		switch {
		case c.Delta != nil:
			delta = round2(*c.Delta)
		case previous:
			delta = "新参评"
		}
		row := []any{c.Rank, plain(c.Agency, 60), plain(c.Name, maxName), c.Level.Chinese(), plain(string(c.Region), 12),
			plain(RegionName(c.Region), maxName), round2(c.Total), plain(c.Grade, 20), yesNo(c.Vetoed), plain(strings.Join(c.Veto, "、"), 200),
			round2(c.Base), round2(c.Bonus), round2(c.Deductions), delta, round2(c.Appraisal), yesNo(c.Provisional)}
		for _, t := range v.tops {
			row = append(row, round2(c.Subtotals[t.ID]))
		}
		sh.rows = append(sh.rows, row)
	}
	return sh
}

// indicatorSheet has every agency's mark on every leaf indicator
// (deductions as the points deducted), blank where it does not apply.
func (v *chartsView) indicatorSheet(name string, fw *indicators.Framework) sheet {
	sh := sheet{name: name, head: []string{"单位代码", "单位名称", "层级", "总分"}, kinds: []int{xText, xText, xText, xMark}, width: []float64{12, 36, 10, 9}}
	leaves := fw.Leaves()
	for _, l := range leaves {
		h := plain(l.ID+" "+l.Name, 60)
		switch l.Kind {
		case indicators.KindVeto:
			h += "（否决项）"
		case indicators.KindDeduct:
			h += "（扣分）"
		}
		sh.head = append(sh.head, h)
		sh.kinds = append(sh.kinds, xMark)
		sh.width = append(sh.width, 14)
	}
	for _, tier := range v.tiers {
		for _, c := range v.byTier[tier] {
			row := []any{plain(c.Agency, 60), plain(c.Name, maxName), c.Level.Chinese(), round2(c.Total)}
			for _, l := range leaves {
				is, ok := c.Indicators[l.ID]
				switch {
				case !ok || is.Outcome == zwgk.NA || is.Outcome == zwgk.Pending:
					row = append(row, outcomeText(is.Outcome))
				case l.Kind == indicators.KindVeto:
					row = append(row, is.Outcome.Chinese())
				case l.Kind == indicators.KindDeduct:
					row = append(row, round2(is.Points-is.Earned))
				default:
					row = append(row, round2(is.Earned))
				}
			}
			sh.rows = append(sh.rows, row)
		}
	}
	return sh
}

// findingsSheet lists every finding with its measure and problem.
func findingsSheet(name string, fw *indicators.Framework, cards []zwgk.Scorecard, findings []zwgk.Finding) sheet {
	sh := sheet{name: name,
		head:  []string{"单位代码", "单位名称", "指标编号", "指标名称", "评估结果", "得分率", "次数", "测量结果", "问题"},
		kinds: []int{xText, xText, xText, xText, xText, xShare, xInt, xText, xText},
		width: []float64{12, 30, 9, 24, 10, 9, 7, 40, 60}}
	names := map[string]string{}
	for _, c := range cards {
		names[c.Agency] = c.Name
	}
	ind := map[string]string{}
	fw.Walk(func(i *indicators.Indicator, _ int) { ind[i.ID] = i.Name })
	for _, f := range findings {
		sh.rows = append(sh.rows, []any{plain(f.Agency, 60), plain(names[f.Agency], maxName), plain(f.Indicator, 30), plain(ind[f.Indicator], maxName),
			outcomeText(f.Outcome), math.Round(f.Fraction*10000) / 10000, f.Count, plain(f.Measure, maxProblem), plain(f.Problem, maxProblem)})
	}
	return sh
}

// regionSheet is scoring's region aggregates (ministries belong to none).
func regionSheet(name string, fw *indicators.Framework, cards []zwgk.Scorecard, findings []zwgk.Finding) sheet {
	sh := sheet{name: name,
		head:  []string{"地区代码", "地区名称", "级别", "单位数", "平均分", "中位数", "合格率", "否决单位数", "最薄弱指标", "最薄弱指标达标率"},
		kinds: []int{xText, xText, xText, xInt, xMark, xMark, xShare, xInt, xText, xShare},
		width: []float64{10, 28, 7, 8, 9, 9, 9, 10, 24, 14}}
	ind := map[string]string{}
	fw.Walk(func(i *indicators.Indicator, _ int) { ind[i.ID] = i.Name })
	depth := []string{"", "省级", "市级", "县级"}
	for _, s := range scoring.Regions(cards, findings, scoring.PassMark(passMark(fw))) {
		worst := ""
		if s.Worst != "" {
			worst = plain(s.Worst+" "+ind[s.Worst], 60)
		}
		sh.rows = append(sh.rows, []any{string(s.Region), RegionName(s.Region), depth[min(s.Depth, 3)], s.Agencies, s.Mean, s.Median, s.Passing,
			s.Vetoed, worst, s.WorstShare})
	}
	return sh
}

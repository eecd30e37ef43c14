package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports/fonts"
)

// Ledger is an agency's rectification ledger (整改台账) for one cycle:
// each problem the cycle published, its deadline, what the agency said it
// did, what the assessors found when they re-checked, and what the next
// cycle found.
type Ledger struct {
	Cycle     zwgk.Cycle
	CycleID   int64
	Framework *indicators.Framework
	Agency    zwgk.Agency
	Entries   []LedgerEntry
	// Next is the name of the cycle that checked these problems; empty
	// while there is none.
	Next string
}

// LedgerEntry is one problem of the ledger.
type LedgerEntry struct {
	zwgk.Problem
	Deadline zwgk.Date // 整改时限
	Claims   []LedgerClaim
	Rechecks []LedgerRecheck
	// Next is what the next cycle found of it ("" before one).
	Next zwgk.RectState
}

// LedgerClaim is an agency's statement that it fixed the problem.
type LedgerClaim struct {
	At         time.Time
	By         string
	Note, Link string
}

// LedgerRecheck is an assessor's re-check of the problem.
type LedgerRecheck struct {
	At     time.Time
	By     string
	State  zwgk.RectState
	Detail string
	Pages  int
}

// Status is where the problem stands: the next cycle's verdict if there
// is one, else the latest re-check's, else 已申报整改 when claimed, else 待整改.
func (e LedgerEntry) Status() string {
	switch {
	case e.Next != "":
		return e.Next.Chinese() + "（下期评估）"
	case len(e.Rechecks) > 0:
		return e.Rechecks[len(e.Rechecks)-1].State.Chinese() + "（复查）"
	case len(e.Claims) > 0:
		return "已申报整改，待复查"
	}
	return "待整改"
}

// RectifyDays is the days an agency has to rectify a problem of the
// indicator: 15 for a veto, 30 otherwise.
func RectifyDays(fw *indicators.Framework, id string) int {
	for _, l := range fw.Leaves() {
		if l.ID == id && l.Kind == indicators.KindVeto {
			return 15
		}
	}
	return 30
}

func cst(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02 15:04")
}

// WriteLedgerCSV writes the ledger for Excel: UTF-8 with a byte-order mark,
// one line per problem; claims and re-checks joined in their cells.
func WriteLedgerCSV(w io.Writer, l Ledger) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write ledger of %s: %w", l.Agency.Code, err)
	}
	cw := csv.NewWriter(w)
	rows := [][]string{{"单位代码", "单位名称", "评估周期", "问题编号", "指标", "问题对象", "问题", "整改时限", "整改申报", "复查", "下期评估", "状态"}}
	names := indicatorNames(l.Framework)
	for _, e := range l.Entries {
		var claims, checks []string
		for _, c := range e.Claims {
			claims = append(claims, strings.TrimSpace(cst(c.At)+" "+c.By+"："+c.Note+" "+c.Link))
		}
		for _, r := range e.Rechecks {
			checks = append(checks, fmt.Sprintf("%s %s：%s（抓取 %d 页）%s", cst(r.At), r.By, r.State.Chinese(), r.Pages, r.Detail))
		}
		next := ""
		if e.Next != "" {
			next = l.Next + "：" + e.Next.Chinese()
		}
		rows = append(rows, []string{l.Agency.Code, l.Agency.Name, l.Cycle.Name, e.Key, e.Indicator + " " + names[e.Indicator],
			e.Subject, e.Statement, e.Deadline.String(), strings.Join(claims, "\n"), strings.Join(checks, "\n"), next, e.Status()})
	}
	for _, r := range rows {
		for i, s := range r {
			r[i] = csvText(s)
		}
		if err := cw.Write(r); err != nil {
			return fmt.Errorf("write ledger of %s: %w", l.Agency.Code, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write ledger of %s: %w", l.Agency.Code, err)
	}
	return nil
}

// csvText keeps a cell from being read by Excel as a formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func indicatorNames(fw *indicators.Framework) map[string]string {
	out := map[string]string{}
	if fw != nil {
		fw.Walk(func(ind *indicators.Indicator, _ int) { out[ind.ID] = ind.Name })
	}
	return out
}

// WriteLedgerPDF writes the ledger as an A4 PDF.
func WriteLedgerPDF(w io.Writer, l Ledger) error {
	f, err := fonts.Default()
	if err != nil {
		return fmt.Errorf("ledger of %s: %w", l.Agency.Code, err)
	}
	t := newTexts(f)
	agency := t.clean(l.Agency.Name, maxName)
	cycle := t.clean(l.Cycle.Name, maxName)
	names := map[string]string{}
	for id, n := range indicatorNames(l.Framework) {
		names[id] = t.clean(n, maxName)
	}
	type row struct{ cells [5]string }
	var rows []row
	for i, e := range l.Entries {
		what := e.Indicator + " " + names[e.Indicator]
		if e.Subject != "" {
			what += "：" + t.clean(e.Subject, maxURL)
		}
		var log []string
		for _, c := range e.Claims {
			s := cst(c.At) + " 申报：" + t.clean(c.Note, maxProblem)
			if c.Link != "" {
				s += " " + t.clean(c.Link, maxURL)
			}
			log = append(log, s)
		}
		for _, r := range e.Rechecks {
			log = append(log, fmt.Sprintf("%s 复查%s（抓取 %d 页）：%s", cst(r.At), r.State.Chinese(), r.Pages, t.clean(r.Detail, maxProblem)))
		}
		if len(log) == 0 {
			log = []string{"—"}
		}
		stmt := t.clean(e.Statement, maxProblem)
		if stmt == "" {
			stmt = "—"
		}
		rows = append(rows, row{[5]string{strconv.Itoa(i + 1), stmt + "\n" + what, e.Deadline.Chinese(), strings.Join(log, "\n"), t.clean(e.Status(), 60)}})
	}
	d := newDoc(f, t, agency+" 整改台账", time.Now())
	d.running = "政务公开第三方评估 · 整改台账"
	d.runningR = agency
	d.pdf.AddPage()
	y := d.documentHead("整改台账")
	d.pdf.SetXY(marginL, y+31)
	d.font(10, false)
	d.textColor(colBlack)
	d.para(fmt.Sprintf("被评估单位：%s（%s）；评估周期：%s，评估日 %s。本台账列出该周期通报的问题、整改时限、单位申报的整改情况和评估机构的复查结果。",
		agency, t.clean(l.Agency.Code, 60), cycle, l.Cycle.AsOf.Chinese()), contentW)
	if l.Next != "" {
		d.para("下期评估（"+t.clean(l.Next, maxName)+"）已对这些问题逐一核查，结果见“状态”栏。", contentW)
	}
	d.pdf.SetY(d.pdf.GetY() + 2)
	if len(rows) == 0 {
		d.para("该周期评估未发现需要整改的问题。", contentW)
		return d.output(w)
	}
	tb := d.table(8.5, column{"序号", 10, "C"}, column{"问题及所涉指标", 66, "L"}, column{"整改时限", 24, "C"},
		column{"整改申报与复查", 48, "L"}, column{"状态", 22, "C"})
	for _, r := range rows {
		tb.row(r.cells[:]...)
	}
	return d.output(w)
}

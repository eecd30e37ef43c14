package reports

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"zwgk"
	"zwgk/bench/heappeak"
	"zwgk/indicators"
	"zwgk/reports/reportstest"
)

// go test ./reports -run XXX -bench 'Scorecard|Chromium' -benchtime 1x
//
// BenchmarkScorecardPDF renders the scorecards of a 1,000-agency cohort
// (font parsed once per process); BenchmarkChromiumPrintPDF prints the
// same scorecards as HTML to PDF with headless Chromium, the common
// alternative, over a small sample. Compare scorecards/s.

var bigCohort = sync.OnceValue(func() *reportstest.Cohort { return reportstest.New(1000, 11) })

func BenchmarkScorecardPDF(b *testing.B) {
	c := bigCohort()
	tiers := TiersOf(c.Cards)
	inputs := make([]ScorecardInput, len(c.Cards))
	for i, card := range c.Cards {
		a := c.Agencies[i]
		inputs[i] = ScorecardInput{Cycle: c.Cycle, Framework: c.Framework, Agency: a, Card: card, Findings: c.Findings[a.Code],
			Pages: c.Evidence[a.Code].Pages, Tier: tiers[card.Tier], Assessor: "评估中心", RegionName: ProvinceName(a.Region)}
	}
	b.ResetTimer()
	docs, size := 0, 0
	start := time.Now()
	for b.Loop() {
		for _, in := range inputs {
			var buf bytes.Buffer
			if err := WriteScorecard(&buf, in); err != nil {
				b.Fatal(err)
			}
			docs++
			size += buf.Len()
		}
	}
	b.ReportMetric(float64(docs)/time.Since(start).Seconds(), "scorecards/s")
	b.ReportMetric(float64(size)/float64(docs), "bytes/scorecard")
}

// BenchmarkFolderParallel writes the 1,000 scorecards through WriteFolder,
// in parallel on GOMAXPROCS workers.
func BenchmarkFolderParallel(b *testing.B) {
	c := bigCohort()
	in := folderInput(c)
	start := time.Now()
	n := 0
	for b.Loop() {
		if err := WriteFolder(context.Background(), b.TempDir(), in, nil); err != nil {
			b.Fatal(err)
		}
		n += len(in.Agencies)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "scorecards/s")
}

const chromiumSample = 5

func BenchmarkChromiumPrintPDF(b *testing.B) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		b.Skip("SKIPPED: chromium not installed (apt-get install -y chromium)")
	}
	c := bigCohort()
	tiers := TiersOf(c.Cards)
	dir := b.TempDir()
	var files []string
	for i := range chromiumSample {
		a := c.Agencies[i]
		in := ScorecardInput{Cycle: c.Cycle, Framework: c.Framework, Agency: a, Card: c.Cards[i], Findings: c.Findings[a.Code],
			Pages: c.Evidence[a.Code].Pages, Tier: tiers[c.Cards[i].Tier], Assessor: "评估中心"}
		p := filepath.Join(dir, a.Code+".html")
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := scorecardHTML(f, in); err != nil {
			b.Fatal(err)
		}
		f.Close()
		files = append(files, p)
	}
	b.ResetTimer()
	docs, size := 0, 0
	start := time.Now()
	for b.Loop() {
		for _, p := range files {
			out := p + ".pdf"
			cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+p)
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("chromium: %v %s", err, msg)
			}
			st, err := os.Stat(out)
			if err != nil {
				b.Fatal(err)
			}
			docs++
			size += int(st.Size())
		}
	}
	b.ReportMetric(float64(docs)/time.Since(start).Seconds(), "scorecards/s")
	b.ReportMetric(float64(size)/float64(docs), "bytes/scorecard")
}

// scorecardHTML is the scorecard's content as a plain HTML page with
// print CSS, for the Chromium comparison only.
func scorecardHTML(w io.Writer, in ScorecardInput) error {
	type row struct{ ID, Name, Points, Earned, Outcome string }
	type problem struct {
		N                         int
		Text, Indicator, Evidence string
	}
	var rows []row
	var problems []problem
	fByID := map[string]zwgk.Finding{}
	for _, f := range in.Findings {
		fByID[f.Indicator] = f
	}
	in.Framework.Walk(func(ind *indicators.Indicator, depth int) {
		is := in.Card.Indicators[ind.ID]
		rows = append(rows, row{ind.ID, ind.Name, points(ind.Points), mark(is.Earned), is.Outcome.Chinese()})
		if f, ok := fByID[ind.ID]; ok && f.Problem != "" {
			ev := ""
			if len(f.Evidence) > 0 {
				ev = f.Evidence[0]
			}
			problems = append(problems, problem{len(problems) + 1, f.Problem, ind.ID + " " + ind.Name, ev})
		}
	})
	return scorecardTpl.Execute(w, map[string]any{"In": in, "Rows": rows, "Problems": problems,
		"Total": mark(in.Card.Total), "Rank": fmt.Sprintf("第%d名 / 共%d个", in.Card.Rank, in.Card.TierSize)})
}

var scorecardTpl = template.Must(template.New("sc").Parse(`<!doctype html><html><head><meta charset="utf-8">
<style>@page{size:A4;margin:20mm} body{font-family:"WenQuanYi Micro Hei",sans-serif;font-size:10pt}
h1{color:#be1419;text-align:center;border-bottom:3px double #be1419} table{border-collapse:collapse;width:100%}
td,th{border:1px solid #888;padding:2px 4px} thead{display:table-header-group} .box{display:inline-block;border:1px solid #be1419;padding:6px;margin:4px;width:28mm;text-align:center}
.wm{position:fixed;top:45%;left:15%;transform:rotate(-35deg);font-size:46pt;color:rgba(190,20,25,.13)}</style></head><body>
<div class="wm">征求意见稿 · 未发布</div>
<h1>政务公开第三方评估<br>单位评估报告</h1>
<table><tr><th>被评估单位</th><td colspan=3>{{.In.Agency.Name}}</td></tr><tr><th>评估周期</th><td>{{.In.Cycle.Name}}</td><th>评估机构</th><td>{{.In.Assessor}}</td></tr></table>
<div class="box">总分<br><b>{{.Total}}</b></div><div class="box">等级<br><b>{{.In.Card.Grade}}</b></div><div class="box">排名<br><b>{{.Rank}}</b></div>
<h2>指标得分明细</h2><table><thead><tr><th>编号</th><th>指标名称</th><th>分值</th><th>得分</th><th>评估结果</th></tr></thead>
{{range .Rows}}<tr><td>{{.ID}}</td><td>{{.Name}}</td><td>{{.Points}}</td><td>{{.Earned}}</td><td>{{.Outcome}}</td></tr>{{end}}</table>
<h2>整改清单</h2><table><thead><tr><th>序号</th><th>问题</th><th>所涉指标</th><th>证据</th></tr></thead>
{{range .Problems}}<tr><td>{{.N}}</td><td>{{.Text}}</td><td>{{.Indicator}}</td><td>{{.Evidence}}</td></tr>{{end}}</table>
<h2>附录：评估证据</h2><table><thead><tr><th>网址</th><th>抓取时间</th><th>状态</th><th>SHA-256</th></tr></thead>
{{range .In.Pages}}<tr><td style="word-break:break-all">{{.URL}}</td><td>{{.FetchedAt.Format "2006-01-02 15:04:05"}}</td><td>{{.Status}}</td><td style="word-break:break-all">{{.SHA256}}</td></tr>{{end}}</table>
</body></html>`))

// go test ./reports -run '^$' -bench XLSX -benchtime 1x
//
// BenchmarkXLSX writes scores.xlsx for cohorts of 1,000 and 5,000
// agencies with every finding (评估发现 is a row per finding) and reports
// the peak of the heap in use while it writes, sampled every 2 ms, above
// the heap before it began (the cohort itself): the figure that grew with
// the cohort when every cell sat in excelize's in-memory model.
func BenchmarkXLSX(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("agencies=%d", n), func(b *testing.B) {
			c := reportstest.New(n, 11)
			in := XLSXInput{Framework: c.Framework, Cards: c.Cards, Previous: true}
			for _, a := range c.Agencies {
				in.Findings = append(in.Findings, c.Findings[a.Code]...)
			}
			var size int64
			var peak uint64
			b.ResetTimer()
			for b.Loop() {
				var w countingWriter
				var err error
				top, before := heappeak.Sample(2*time.Millisecond, func() { err = WriteXLSX(&w, in) })
				if err != nil {
					b.Fatal(err)
				}
				size = w.n
				if top-before > peak {
					peak = top - before
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(len(in.Findings)), "findings")
			b.ReportMetric(float64(size)/(1<<20), "file-MiB")
		})
	}
}

// countingWriter counts what it is given and keeps none of it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

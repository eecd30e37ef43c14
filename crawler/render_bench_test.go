package crawler

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
)

// benchColumns is how many columns the benchmark site has; each has one
// list page of ten items.
const benchColumns = 6

// renderBenchSite serves a home page linking benchColumns columns whose
// lists are plain HTML (script false) or exist only after script (true).
func renderBenchSite(b *testing.B, script bool) *fakeSite {
	fs := newSite(b, nil)
	home := `<html><body><ul>`
	for i := range benchColumns {
		home += fmt.Sprintf(`<li><a href="/c%d/">栏目%d</a></li>`, i, i)
	}
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, home+`</ul><ul><li><a href="/c0/202611/t20261119_1.html">要闻</a><span>2026-11-19</span></li></ul></body></html>`)
	})
	for i := range benchColumns {
		var lines string
		for k := range 10 {
			lines += fmt.Sprintf(`<li><a href="./202611/t202611%02d_%d.html">第%d栏目第%d条信息</a><span>2026-11-%02d</span></li>`, 10+k, i*100+k, i, k, 10+k)
		}
		page := `<html><body><div class="list"><ul>` + lines + `</ul></div></body></html>`
		if script {
			page = `<html><body><div class="list"><ul id="l"></ul></div><script>document.getElementById("l").innerHTML='` + lines + `';</script></body></html>`
		}
		fs.handle(fmt.Sprintf("/c%d/", i), func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, page) })
	}
	return fs
}

func benchFramework() *indicators.Framework {
	fw := &indicators.Framework{ID: "bench", WindowDays: 365,
		Sampling: indicators.Sampling{MaxPages: 60, MaxDepth: 2, ItemsOpened: 0, ListPages: 1, LinksChecked: 0}}
	for i := range benchColumns {
		fw.Indicators = append(fw.Indicators, &indicators.Indicator{ID: fmt.Sprintf("C%d", i), Kind: indicators.KindScore,
			Rule: &indicators.Rule{Kind: indicators.RuleColumn, Column: &indicators.Column{Aliases: []string{fmt.Sprintf("栏目%d", i)}}}})
	}
	return fw
}

// BenchmarkRenderedVsStatic crawls the same site twice in one run: its
// lists in plain HTML, then only after script (every list page rendered
// in the browser, started once before the timing). It reports the pages
// rendered per second and the wall time each rendered page adds to a
// static read of it.
func BenchmarkRenderedVsStatic(b *testing.B) {
	needChromiumB(b)
	o := testOptions()
	o.RenderTabs = 2
	c := New(o)
	defer c.Close()
	fw := benchFramework()
	static, scripted := renderBenchSite(b, false), renderBenchSite(b, true)
	crawlOnce := func(fs *fakeSite) zwgk.Evidence {
		ev, err := c.Crawl(context.Background(), 1, zwgk.Agency{Code: "B", Site: fs.srv.URL + "/"}, fw, asOf, memstore.New())
		if err != nil {
			b.Fatal(err)
		}
		return ev
	}
	// Start the browser outside the timing: it is started once per process.
	if ev := crawlOnce(scripted); ev.Render == nil || ev.Render.Rendered != benchColumns {
		b.Fatalf("warm-up: %+v", ev.Render)
	}
	var tStatic, tRendered time.Duration
	rendered := 0
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		ev := crawlOnce(static)
		tStatic += time.Since(t0)
		if len(ev.Columns) != benchColumns || ev.Render != nil {
			b.Fatalf("static crawl: %d columns, render %+v", len(ev.Columns), ev.Render)
		}
		t0 = time.Now()
		ev = crawlOnce(scripted)
		tRendered += time.Since(t0)
		for _, col := range ev.Columns {
			if col.Source != "rendered" || len(col.Items) != 10 {
				b.Fatalf("rendered column %+v", col)
			}
		}
		rendered += ev.Render.Rendered
	}
	b.StopTimer()
	b.ReportMetric(float64(rendered)/tRendered.Seconds(), "rendered-pages/s")
	b.ReportMetric(float64(tRendered-tStatic)/float64(rendered)/1e6, "extra-ms/rendered-page")
	b.ReportMetric(tRendered.Seconds()/tStatic.Seconds(), "rendered/static-wall")
}

func needChromiumB(b *testing.B) {
	if _, err := findBrowser(); err != nil {
		b.Skipf("SKIP: %v", err)
	}
}

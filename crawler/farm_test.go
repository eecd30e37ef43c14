package crawler

// A small stand-in farm of TRS-style sites for the resume test and the
// benchmarks, until sitefarm/ is available: each site has a home page with
// dated items and navigation to three columns, paginated lists written by
// createPageHTML, and item pages with 发布时间.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

type miniFarm struct {
	sites []string // base URLs
	srvs  []*httptest.Server
	pages int // list pages per column
	items int // items per list page
}

var farmColumns = []struct{ path, name string }{{"zcwj", "政策文件"}, {"tzgg", "通知公告"}, {"dtxw", "动态新闻"}}

func newMiniFarm(tb testing.TB, n, listPages, perPage int) *miniFarm {
	tb.Helper()
	f := startMiniFarm(n, listPages, perPage)
	tb.Cleanup(f.close)
	return f
}

func startMiniFarm(n, listPages, perPage int) *miniFarm {
	f := &miniFarm{pages: listPages, items: perPage}
	for i := 0; i < n; i++ {
		i := i
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.serve(w, r, i) }))
		f.srvs = append(f.srvs, srv)
		f.sites = append(f.sites, srv.URL)
	}
	return f
}

func (f *miniFarm) close() {
	for _, s := range f.srvs {
		s.Close()
	}
}

// remoteFarm serves the farm from a child process, so that the memory
// measured in this process is the crawler's alone.
func remoteFarm(tb testing.TB, n, listPages, perPage int) *miniFarm {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("ZWGK_FARM_CHILD=%d,%d,%d", n, listPages, perPage))
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		tb.Fatalf("farm child: %v", err)
	}
	return &miniFarm{sites: strings.Split(strings.TrimSpace(line), ","), pages: listPages, items: perPage}
}

func TestMain(m *testing.M) {
	if spec := os.Getenv("ZWGK_FARM_CHILD"); spec != "" {
		var n, pages, items int
		fmt.Sscanf(spec, "%d,%d,%d", &n, &pages, &items)
		f := startMiniFarm(n, pages, items)
		fmt.Println(strings.Join(f.sites, ","))
		io.Copy(io.Discard, os.Stdin) // serve until the parent closes stdin
		f.close()
		return
	}
	os.Exit(m.Run())
}

// itemDate is the date of item k (0 newest) of column c on site i.
func itemDate(i, c, k int) zwgk.Date { return zwgk.NewDate(2026, 11, 15).AddDays(-(i%7 + c*3 + k*4)) }

func (f *miniFarm) serve(w http.ResponseWriter, r *http.Request, i int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	p := r.URL.Path
	if p == "/robots.txt" {
		http.NotFound(w, r)
		return
	}
	if p == "/" {
		var b strings.Builder
		b.WriteString(`<html><head><title>站点` + fmt.Sprint(i) + `</title></head><body><ul class="nav">`)
		for _, c := range farmColumns {
			fmt.Fprintf(&b, `<li><a href="/%s/">%s</a></li>`, c.path, c.name)
		}
		b.WriteString(`</ul><ul class="news">`)
		for k := 0; k < 8; k++ {
			d := itemDate(i, 2, k)
			fmt.Fprintf(&b, `<li><a href="/dtxw/%04d%02d/t%s_%d.html">要闻%d</a><span>%s</span></li>`, d.Year, d.Month, strings.ReplaceAll(d.String(), "-", ""), k, k, d)
		}
		b.WriteString(`</ul><div class="footer">版权所有 2003-2026 ICP备12345678号</div></body></html>`)
		fmt.Fprint(w, b.String())
		return
	}
	for ci, c := range farmColumns {
		if !strings.HasPrefix(p, "/"+c.path+"/") {
			continue
		}
		rest := strings.TrimPrefix(p, "/"+c.path+"/")
		page := -1
		if rest == "" || rest == "index.html" {
			page = 0
		} else {
			fmt.Sscanf(rest, "index_%d.html", &page)
		}
		if page >= 0 && page < f.pages {
			var b strings.Builder
			b.WriteString(`<html><body><div class="list"><ul>`)
			for k := page * f.items; k < (page+1)*f.items; k++ {
				d := itemDate(i, ci, k)
				fmt.Fprintf(&b, `<li><a href="./%04d%02d/t%s_%d.html">%s第%d号</a><span>%s</span></li>`, d.Year, d.Month, strings.ReplaceAll(d.String(), "-", ""), k, c.name, k, d)
			}
			fmt.Fprintf(&b, `</ul></div><script>createPageHTML(%d, %d, "index", "html");</script></body></html>`, f.pages, page)
			fmt.Fprint(w, b.String())
			return
		}
		if strings.Contains(rest, "/t") {
			var ds string
			if j := strings.Index(rest, "/t"); j >= 0 && len(rest) >= j+10 {
				ds = rest[j+2:j+6] + "-" + rest[j+6:j+8] + "-" + rest[j+8:j+10]
			}
			fmt.Fprintf(w, `<html><body><h1>正文</h1><p>发布时间：%s</p><p>内容</p><a href="/files/x.pdf">附件</a></body></html>`, ds)
			return
		}
	}
	if strings.HasPrefix(p, "/files/") {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
		return
	}
	http.NotFound(w, r)
}

func (f *miniFarm) agency(i int) zwgk.Agency {
	return zwgk.Agency{Code: fmt.Sprintf("S%04d", i), Site: f.sites[i] + "/"}
}

// crawlFarm crawls every site of the farm, conc at a time.
func crawlFarm(ctx context.Context, c *Crawler, f *miniFarm, w zwgk.EvidenceWriter, conc int, fws ...*indicators.Framework) ([]zwgk.Evidence, error) {
	fw := testFramework()
	if len(fws) > 0 {
		fw = fws[0]
	}
	out := make([]zwgk.Evidence, len(f.sites))
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for i := range f.sites {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			ev, err := c.Crawl(ctx, 1, f.agency(i), fw, asOf, w)
			mu.Lock()
			if err != nil && first == nil {
				first = err
			}
			out[i] = ev
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	return out, first
}

func leftPad(s string) string { return strings.Repeat("0", max(0, 4-len(s))) + s }

func farmAgency(code, u string) zwgk.Agency { return zwgk.Agency{Code: code, Site: u + "/"} }

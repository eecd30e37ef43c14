package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
)

var asOf = zwgk.NewDate(2026, 11, 20)

func testFramework() *indicators.Framework {
	return &indicators.Framework{
		ID: "test", WindowDays: 365,
		Sampling: indicators.Sampling{MaxPages: 60, MaxDepth: 3, ItemsOpened: 3, ListPages: 5, LinksChecked: 20},
		Indicators: []*indicators.Indicator{
			{ID: "A1", Kind: indicators.KindScore, Rule: &indicators.Rule{Kind: indicators.RuleColumn, Column: &indicators.Column{Aliases: []string{"政策文件", "文件"}, Keywords: []string{"解读"}}}},
			{ID: "A2", Kind: indicators.KindScore, Rule: &indicators.Rule{Kind: indicators.RuleColumn, Column: &indicators.Column{Aliases: []string{"通知公告"}}}},
			{ID: "A3", Kind: indicators.KindScore, Rule: &indicators.Rule{Kind: indicators.RuleResponse, Response: &indicators.Response{Aliases: []string{"咨询信箱"}}}},
			{ID: "A4", Kind: indicators.KindScore, Rule: &indicators.Rule{Kind: indicators.RuleColumn, Column: &indicators.Column{Aliases: []string{"动态新闻"}}}},
		},
	}
}

func testOptions() Options {
	return Options{Delay: -1, Retries: -1, PerHost: 2, Timeout: 5 * time.Second, UserAgent: "zwgk-assessor/test (+mailto:t@example.org)"}
}

// site is a fake site: path → handler, with a count of GETs per path.
type fakeSite struct {
	mu    sync.Mutex
	pages map[string]http.HandlerFunc
	hits  map[string]int
	srv   *httptest.Server
}

func newSite(t testing.TB, pages map[string]string) *fakeSite {
	t.Helper()
	fs := &fakeSite{pages: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	for p, body := range pages {
		body := body
		fs.pages[p] = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	fs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			fs.mu.Lock()
			fs.hits[r.URL.RequestURI()]++
			fs.mu.Unlock()
		}
		fs.mu.Lock()
		h, ok := fs.pages[r.URL.Path]
		fs.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(fs.srv.Close)
	return fs
}

func (fs *fakeSite) handle(path string, h http.HandlerFunc) {
	fs.mu.Lock()
	fs.pages[path] = h
	fs.mu.Unlock()
}

func crawl(t *testing.T, o Options, fs *fakeSite, w zwgk.EvidenceWriter) zwgk.Evidence {
	t.Helper()
	c := New(o)
	defer c.Close()
	if w == nil {
		w = memstore.New()
	}
	ev, err := c.Crawl(context.Background(), 1, zwgk.Agency{Code: "A", Site: fs.srv.URL + "/"}, testFramework(), asOf, w)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

const homeHTML = `<html><head><title>某市人民政府</title></head><body>
<div class="nav"><ul><li><a href="/zcwj/">政策文件</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/about.html">关于我们</a></li></ul></div>
<div class="news"><ul>
<li><a href="/dt/202611/t20261115_1.html">市政府召开常务会议</a><span>2026-11-15</span></li>
<li><a href="/dt/202611/t20261101_2.html">市长调研</a><span>[11-01]</span></li>
</ul></div>
<div class="footer">版权所有 © 2003-2026 某市人民政府 京ICP备05070218号 <a href="/missing.html">网站地图</a></div>
</body></html>`

const zcwjHTML = `<html><body><div class="list"><ul>
<li><a href="./202611/t20261112_10.html" title="关于印发某某办法的通知">关于印发某某办法的通知</a><span>2026-11-12</span></li>
<li><a href="./202610/t20261003_11.html">关于某某工作的意见</a><span>2026-10-03</span></li>
</ul></div>
<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div></body></html>`

func standardSite(t *testing.T) *fakeSite {
	return newSite(t, map[string]string{
		"/":      homeHTML,
		"/zcwj/": zcwjHTML,
		"/zcwj/index_1.html": `<ul class="list"><li><a href="./202609/t20260901_12.html">第三份文件</a><span>2026-09-01</span></li></ul>
<script>createPageHTML(3, 1, "index", "html");</script>`,
		"/zcwj/index_2.html": `<ul class="list"><li><a href="./202408/t20240801_13.html">旧文件</a><span>2024-08-01</span></li></ul>`,
		"/zcwj/202611/t20261112_10.html": `<html><head><meta name="PubDate" content="2026-11-13 09:00"></head><body>
<table><tr><td>成文日期：2026-11-01</td><td>发布日期：2026-11-13</td></tr></table><p>政策解读见下</p>
<a href="/files/a.pdf">附件1</a> <a href="/files/b.docx">附件2</a></body></html>`,
		"/zcwj/202610/t20261003_11.html": `<p>发布时间：2026-10-03</p>`,
		"/zcwj/202609/t20260901_12.html": `<p>发布时间：2026年9月1日</p>`,
		"/tzgg/":                         `<ul class="list"><li><a href="/tzgg/202611/t20261118_20.html">停水通知</a><span>2026-11-18</span></li></ul>`,
		"/tzgg/202611/t20261118_20.html": `<p>發布時間：2026-11-18</p>`,
		"/zwgk/":                         `<ul class="nav"><li><a href="/zxxx/">咨询信箱</a></li></ul>`,
		"/zxxx/":                         `<ul class="list"><li><a href="/zxxx/202605/t20260501_30.html">咨询停车</a><span>2026-05-01</span></li></ul>`,
		"/zxxx/202605/t20260501_30.html": `<p>来信时间：2026-05-01</p><p>回复时间：2026-05-10</p>`,
		"/dt/202611/t20261115_1.html":    `x`, "/dt/202611/t20261101_2.html": `x`, "/about.html": `about`,
		"/zcwj/202408/t20240801_13.html": `<p>发布时间：2024-08-01</p>`,
		"/files/a.pdf":                   "%PDF", "/files/b.docx": "PK",
	})
}

func columnNamed(ev zwgk.Evidence, name string) *zwgk.Column {
	for i := range ev.Columns {
		if ev.Columns[i].Name == name {
			return &ev.Columns[i]
		}
	}
	return nil
}

func TestCrawlStandardSite(t *testing.T) {
	fs := standardSite(t)
	ev := crawl(t, testOptions(), fs, nil)
	if ev.Failure != nil {
		t.Fatalf("failure %+v", ev.Failure)
	}
	if len(ev.Home.Items) != 2 || ev.Home.Items[1].Date != zwgk.NewDate(2026, 11, 1) || ev.Home.Hub {
		t.Errorf("home items %+v hub %v", ev.Home.Items, ev.Home.Hub)
	}
	zc := columnNamed(ev, "政策文件")
	if zc == nil {
		t.Fatalf("no 政策文件 column in %+v", ev.Columns)
	}
	if zc.Pages != 3 || len(zc.Items) != 4 || !zc.Complete {
		t.Errorf("政策文件: pages %d items %d complete %v", zc.Pages, len(zc.Items), zc.Complete)
	}
	if got := zc.Newest(); got != zwgk.NewDate(2026, 11, 13) {
		t.Errorf("newest = %v, want the item page's 发布日期 2026-11-13", got)
	}
	first := zc.Items[0]
	if !first.Opened || len(first.Attachments) != 2 || first.Attachments[0].Ext != "pdf" || len(first.Terms) != 1 {
		t.Errorf("opened item %+v", first)
	}
	if zc.Indicators[0] != "A1" {
		t.Errorf("indicators %v", zc.Indicators)
	}
	letters := columnNamed(ev, "咨询信箱")
	if letters == nil || len(letters.Items) != 1 || letters.Items[0].Replied != zwgk.NewDate(2026, 5, 10) || letters.Items[0].Submitted != zwgk.NewDate(2026, 5, 1) {
		t.Errorf("letters column %+v", letters)
	}
	var broken []string
	for _, l := range ev.Links {
		if l.Broken() {
			broken = append(broken, l.URL)
		}
	}
	if len(broken) != 1 || !strings.HasSuffix(broken[0], "/missing.html") {
		t.Errorf("broken links %v", broken)
	}
	for p, n := range fs.hits {
		if n > 1 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
}

func TestResumeFetchesNothingStored(t *testing.T) {
	fs := standardSite(t)
	store := memstore.New()
	first := crawl(t, testOptions(), fs, store)
	fs.mu.Lock()
	fs.hits = map[string]int{}
	fs.mu.Unlock()
	second := crawl(t, testOptions(), fs, store)
	for p, n := range fs.hits {
		if p != "/robots.txt" && n > 0 {
			t.Errorf("resumed crawl fetched %s again", p)
		}
	}
	if a, b := stripTimes(first), stripTimes(second); a != b {
		t.Errorf("evidence differs after resume:\n%s\n%s", a, b)
	}
}

// stripTimes is the evidence as JSON without the times of fetching.
func stripTimes(ev zwgk.Evidence) string {
	ev.CrawledAt = time.Time{}
	ev.Pages = append([]zwgk.Page(nil), ev.Pages...)
	for i := range ev.Pages {
		ev.Pages[i].FetchedAt = time.Time{}
	}
	ev.Links = append([]zwgk.Link(nil), ev.Links...)
	for i := range ev.Links {
		ev.Links[i].CheckedAt = time.Time{}
	}
	b, _ := json.Marshal(ev)
	return string(b)
}

func TestCharsetGBKMetaOnly(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta charset="gbk"><title>某县政府</title></head><body><ul class="list"><li><a href="/a.html">关于做好防汛工作的通知</a><span>2026-11-02</span></li></ul></body></html>`)
	fs := newSite(t, nil)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // no charset: only <meta> says GBK
		w.Write([]byte(gbk))
	})
	ev := crawl(t, testOptions(), fs, nil)
	if len(ev.Home.Items) != 1 || ev.Home.Items[0].Title != "关于做好防汛工作的通知" {
		t.Fatalf("items %+v", ev.Home.Items)
	}
	if ev.Pages[0].Charset != "gbk" || ev.Pages[0].Title != "某县政府" {
		t.Errorf("page %+v", ev.Pages[0])
	}
	// A short GBK page with no declaration at all is read as GB18030.
	text, cs := decode([]byte(gbk[strings.Index(gbk, "<body>"):]), "", "")
	if cs != "gb18030" || !strings.Contains(text, "防汛") {
		t.Errorf("undeclared GBK decoded as %s: %q", cs, text)
	}
}

func TestRobots(t *testing.T) {
	fs := standardSite(t)
	fs.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
	})
	ev := crawl(t, testOptions(), fs, nil)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseRobots {
		t.Fatalf("failure %+v, want robots", ev.Failure)
	}
	if fs.hits["/"] != 0 {
		t.Errorf("home fetched despite robots.txt")
	}
	o := testOptions()
	o.IgnoreRobots = true
	if ev := crawl(t, o, fs, nil); ev.Failure != nil || len(ev.Columns) == 0 {
		t.Errorf("ignore robots: failure %+v, %d columns", ev.Failure, len(ev.Columns))
	}
}

func TestRedirectLoop(t *testing.T) {
	fs := newSite(t, nil)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	fs.handle("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	fs.handle("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusFound) })
	ev := crawl(t, testOptions(), fs, nil)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseRedirects {
		t.Fatalf("failure %+v, want redirects", ev.Failure)
	}
}

func TestBlocked403(t *testing.T) {
	fs := standardSite(t)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.UserAgent(), "zwgk") {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		fmt.Fprint(w, homeHTML)
	})
	ev := crawl(t, testOptions(), fs, nil)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseBlocked || ev.Failure.Status != 403 {
		t.Fatalf("failure %+v, want blocked 403", ev.Failure)
	}
}

func TestGzipBombBounded(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for i := 0; i < 512; i++ { // 512 MiB of zeros in about 500 KiB
		zw.Write(chunk)
	}
	zw.Close()
	bomb := buf.Bytes()
	fs := newSite(t, nil)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(bomb)
	})
	o := testOptions()
	o.MaxDecoded = 4 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ev := crawl(t, o, fs, nil)
	runtime.ReadMemStats(&after)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseTooLarge {
		t.Fatalf("failure %+v, want too_large", ev.Failure)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("allocated %d MiB for a 4 MiB cap", grew>>20)
	}
}

func TestHugePageCapped(t *testing.T) {
	fs := newSite(t, nil)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.(http.Flusher).Flush() // chunked: no Content-Length to refuse early
		line := bytes.Repeat([]byte("<p>很长的页面</p>"), 1000)
		for i := 0; i < 2000; i++ {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	})
	o := testOptions()
	o.MaxBody = 1 << 20
	ev := crawl(t, o, fs, nil)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseTooLarge {
		t.Fatalf("failure %+v, want too_large", ev.Failure)
	}
}

func TestRetriesWithLimit(t *testing.T) {
	var calls atomic.Int32
	fs := standardSite(t)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, homeHTML)
	})
	o := testOptions()
	o.Retries, o.Backoff = 2, 10*time.Millisecond
	if ev := crawl(t, o, fs, nil); ev.Failure != nil {
		t.Fatalf("failure %+v after two 503s and two retries", ev.Failure)
	}
	if calls.Load() != 3 {
		t.Errorf("%d calls, want 3", calls.Load())
	}
	calls.Store(-100) // always failing now
	start := time.Now()
	ev := crawl(t, o, fs, nil)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseStatus || ev.Failure.Status != 503 {
		t.Fatalf("failure %+v, want status 503", ev.Failure)
	}
	if got := calls.Load() + 100; got != 3 {
		t.Errorf("%d attempts, want 1 + 2 retries", got)
	}
	if time.Since(start) < 30*time.Millisecond {
		t.Errorf("no backoff between retries")
	}
}

func TestTrapDoesNotExhaustBudget(t *testing.T) {
	fs := standardSite(t)
	// The openness area leads into an endless chain of query pages and a
	// calendar, each naming the next.
	fs.handle("/zwgk/", func(w http.ResponseWriter, r *http.Request) {
		n := 0
		fmt.Sscanf(r.URL.Query().Get("p"), "%d", &n)
		fmt.Fprintf(w, `<a href="/zwgk/?p=%d">政务公开</a> <a href="/zwgk/cal/2026/%d/">信息公开日历</a> <a href="/zwgk/?year=2026&month=%d">政务公开</a> <a href="/zxxx/">咨询信箱</a>`, n+1, n+1, n+1)
	})
	fs.handle("/zwgk/cal/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "cal") })
	ev := crawl(t, testOptions(), fs, nil)
	if columnNamed(ev, "咨询信箱") == nil || columnNamed(ev, "政策文件") == nil {
		t.Fatalf("columns lost to the trap: %+v", ev.Columns)
	}
	budget := 0
	for _, p := range ev.Pages {
		if p.Cause == zwgk.CauseBudget {
			budget++
		}
	}
	if budget > 0 || len(ev.Pages) >= testFramework().Sampling.MaxPages {
		t.Errorf("trap ate the budget: %d pages, %d refused for budget", len(ev.Pages), budget)
	}
}

func TestScriptList(t *testing.T) {
	fs := standardSite(t)
	fs.handle("/tzgg/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<ul id="list" class="list"></ul><script>fetch("/api/tzgg.json").then(r=>r.json()).then(render)</script>`)
	})
	fs.handle("/api/tzgg.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":{"list":[{"title":"停电通知","url":"/tzgg/202611/t20261119_40.html","date":"2026-11-19"}]}}`)
	})
	ev := crawl(t, testOptions(), fs, nil)
	c := columnNamed(ev, "通知公告")
	if c == nil || len(c.Items) != 1 || c.Newest() != zwgk.NewDate(2026, 11, 19) || c.Cause != "" {
		t.Fatalf("script list via JSON: %+v", c)
	}
	// No endpoint to be found: the column says why it has no items.
	fs.handle("/tzgg/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<div id="newslist" class="list"></div><script src="/js/app.js"></script>`)
	})
	ev = crawl(t, testOptions(), fs, nil)
	if c := columnNamed(ev, "通知公告"); c == nil || c.Cause != zwgk.CauseScript || len(c.Items) != 0 {
		t.Fatalf("unreadable script list: %+v", c)
	}
}

func TestSlowSiteDoesNotStallOthers(t *testing.T) {
	slow := standardSite(t)
	slow.handle("/zcwj/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond)
		fmt.Fprint(w, zcwjHTML)
	})
	fast := make([]*fakeSite, 6)
	for i := range fast {
		fast[i] = standardSite(t)
	}
	o := testOptions()
	o.Global = 4
	c := New(o)
	defer c.Close()
	var wg sync.WaitGroup
	var fastDone atomic.Int64
	start := time.Now()
	run := func(fs *fakeSite, isFast bool) {
		defer wg.Done()
		if _, err := c.Crawl(context.Background(), 1, zwgk.Agency{Code: fs.srv.URL, Site: fs.srv.URL + "/"}, testFramework(), asOf, memstore.New()); err != nil {
			t.Error(err)
		}
		if isFast {
			fastDone.Store(max(fastDone.Load(), int64(time.Since(start))))
		}
	}
	wg.Add(1 + len(fast))
	go run(slow, false)
	for _, fs := range fast {
		go run(fs, true)
	}
	wg.Wait()
	if d := time.Duration(fastDone.Load()); d > time.Second {
		t.Errorf("fast sites took %v next to a slow one", d)
	}
}

func TestEachURLFetchedOnceUnderConcurrency(t *testing.T) {
	// Many pages all linking to the same column and items, crawled with high
	// parallelism: every URL is fetched at most once.
	pages := map[string]string{}
	var nav strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&nav, `<a href="/zwgk/%d/">政务公开</a>`, i)
	}
	home := `<body>` + nav.String() + `<a href="/zcwj/">政策文件</a></body>`
	pages["/"] = home
	for i := 0; i < 20; i++ {
		pages[fmt.Sprintf("/zwgk/%d/", i)] = home
	}
	pages["/zcwj/"] = zcwjHTML
	fs := newSite(t, pages)
	o := testOptions()
	o.PerHost = 16
	crawl(t, o, fs, nil)
	for p, n := range fs.hits {
		if n > 1 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
	if fs.hits["/zcwj/"] != 1 {
		t.Errorf("column fetched %d times", fs.hits["/zcwj/"])
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://Example.GOV.cn:80/a/b.html#top", "http://example.gov.cn/a/b.html"},
		{"http://a.gov.cn/x;jsessionid=ABC123?b=2&a=1", "http://a.gov.cn/x?a=1&b=2"},
		{"http://a.gov.cn/list?sid=9&page=2", "http://a.gov.cn/list?page=2"},
		{"https://a.gov.cn:443", "https://a.gov.cn/"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestProbe(t *testing.T) {
	fs := standardSite(t)
	c := New(testOptions())
	p := c.Probe(context.Background(), fs.srv.URL+"/", time.Second)
	if !p.OK() || p.Latency <= 0 {
		t.Errorf("probe %+v", p)
	}
	fs.handle("/slow", func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) })
	if p := c.Probe(context.Background(), fs.srv.URL+"/slow", 50*time.Millisecond); p.Cause != zwgk.CauseTimeout {
		t.Errorf("slow probe %+v", p)
	}
	if p := c.Probe(context.Background(), "http://127.0.0.1:1/", time.Second); p.Cause != zwgk.CauseRefused {
		t.Errorf("refused probe %+v", p)
	}
	if p := c.Probe(context.Background(), fs.srv.URL+"/nope", time.Second); p.Cause != zwgk.CauseStatus || p.Status != 404 {
		t.Errorf("404 probe %+v", p)
	}
	// A script cookie challenge (加速乐 answers 521) is a server that is up.
	fs.handle("/jsl", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(521)
		fmt.Fprint(w, `<html><script>document.cookie="__jsl_clearance=1;path=/";location.href=location.pathname+location.search</script></html>`)
	})
	if p := c.Probe(context.Background(), fs.srv.URL+"/jsl", time.Second); !p.OK() || p.Cause != zwgk.CauseChallenge || p.Status != 521 {
		t.Errorf("challenge probe %+v: want up, with the challenge said", p)
	}
	// A plain 503 stays down.
	fs.handle("/busy", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "busy", 503) })
	if p := c.Probe(context.Background(), fs.srv.URL+"/busy", time.Second); p.OK() {
		t.Errorf("503 probe counted up: %+v", p)
	}
}

func TestTLSErrorRecordedAndProceed(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, homeHTML)
	}))
	defer srv.Close()
	c := New(testOptions())
	defer c.Close()
	a := zwgk.Agency{Code: "T", Site: srv.URL + "/"}
	ev, err := c.Crawl(context.Background(), 1, a, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseTLS {
		t.Fatalf("failure %+v, want tls", ev.Failure)
	}
	o := testOptions()
	o.ProceedOnTLSError = true
	c2 := New(o)
	defer c2.Close()
	ev, err = c2.Crawl(context.Background(), 1, a, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if ev.Failure != nil || len(ev.Home.Items) != 2 || ev.Pages[0].Cause != zwgk.CauseTLS || ev.Pages[0].Status != 200 {
		t.Fatalf("proceed past TLS: failure %+v, home %+v, page %+v", ev.Failure, ev.Home.Items, ev.Pages[0])
	}
}

package crawler

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/crawler/render"
)

// needChromium skips without a browser, and fails under CI=true.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := render.Find(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: required under CI", err)
		}
		t.Skipf("SKIP: %v", err)
	}
}

// renderOptions are testOptions with the browser on, its profile under
// the test's temporary folder.
func renderOptions(t *testing.T) Options {
	o := testOptions()
	o.RenderTabs = 2
	o.RenderTimeout = 20 * time.Second
	t.Setenv("TMPDIR", filepath.Join(t.TempDir()))
	return o
}

const scriptListHTML = `<html><head><title>通知公告</title></head><body>
<div class="list"><ul id="newslist"></ul></div>
<script>
var items = [["关于开展安全检查的通知", "./202611/t20261119_41.html", "2026-11-19"], ["关于调整办公时间的通知", "./202611/t20261102_42.html", "2026-11-02"]];
var h = "";
for (var i = 0; i < items.length; i++) { h += "<li><a href='" + items[i][1] + "'>" + items[i][0] + "</a><span>" + items[i][2] + "</span></li>"; }
document.getElementById("newslist").innerHTML = h;
</script></body></html>`

const challengeBody = `<html><head><meta charset="utf-8"></head><body><script>document.cookie="__jsl_clearance=pass-1;path=/";location.href=location.pathname+location.search;</script></body></html>`

// challengeSite puts a script cookie challenge before every page of fs.
func challengeSite(fs *fakeSite) {
	inner := fs.srv.Config.Handler
	fs.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			if c, err := r.Cookie("__jsl_clearance"); err != nil || c.Value != "pass-1" {
				fs.mu.Lock()
				fs.hits["challenge:"+r.URL.Path]++
				fs.mu.Unlock()
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(521)
				fmt.Fprint(w, challengeBody)
				return
			}
		}
		inner.ServeHTTP(w, r)
	})
}

func TestRenderScriptOnlyList(t *testing.T) {
	needChromium(t)
	fs := standardSite(t)
	fs.handle("/tzgg/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, scriptListHTML) })
	fs.handle("/tzgg/202611/t20261119_41.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<p>发布时间：2026-11-19</p>`) })
	ev := crawl(t, renderOptions(t), fs, nil)
	c := columnNamed(ev, "通知公告")
	if c == nil || c.Cause != zwgk.CauseNone || len(c.Items) != 2 || c.Newest() != zwgk.NewDate(2026, 11, 19) || c.Source != "rendered" {
		t.Fatalf("script-only list: %+v", c)
	}
	if !c.Items[0].Opened || !strings.HasSuffix(c.Items[0].URL, "/tzgg/202611/t20261119_41.html") {
		t.Errorf("rendered item not resolved against the page or not opened: %+v", c.Items[0])
	}
	if ev.Render == nil || ev.Render.Rendered != 1 || !ev.Render.Available || len(ev.Render.Unrendered) != 0 {
		t.Errorf("render log %+v", ev.Render)
	}
	rendered := 0
	for _, p := range ev.Pages {
		if p.Rendered != "" {
			rendered++
			if !strings.HasSuffix(p.URL, "/tzgg/") || p.Rendered != renderedList {
				t.Errorf("page %s rendered for %q", p.URL, p.Rendered)
			}
		}
	}
	if rendered != 1 {
		t.Errorf("%d pages marked rendered, want 1", rendered)
	}
	if n := fs.hits["/tzgg/"]; n != 1 {
		t.Errorf("the list page was fetched %d times: the browser must get the body already fetched", n)
	}
	// Other columns were read statically: no page but the list rendered.
	if c := columnNamed(ev, "政策文件"); c == nil || c.Source == "rendered" || len(c.Items) == 0 {
		t.Errorf("static column: %+v", c)
	}
}

// Neither static reading nor the browser finds rows: only then is the
// list script-generated, and the evidence names the page.
func TestRenderFindsNothing(t *testing.T) {
	needChromium(t)
	fs := standardSite(t)
	fs.handle("/tzgg/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<div id="newslist" class="list"></div><script src="/js/app.js"></script>`)
	})
	ev := crawl(t, renderOptions(t), fs, nil)
	c := columnNamed(ev, "通知公告")
	if c == nil || c.Cause != zwgk.CauseScript || len(c.Items) != 0 || !strings.HasSuffix(c.URL, "/tzgg/") {
		t.Fatalf("unreadable list: %+v", c)
	}
	if ev.Render == nil || ev.Render.Rendered != 1 {
		t.Errorf("render log %+v: the page must have been rendered before being called a script list", ev.Render)
	}
	if fs.hits["/js/app.js"] != 1 {
		t.Errorf("the page's script was not fetched for the browser: %d", fs.hits["/js/app.js"])
	}
}

// Without a browser, a list that needs one is never called
// script-generated: the column says no browser, the render log names the
// page once.
func TestNoBrowserNeverScriptList(t *testing.T) {
	fs := standardSite(t)
	fs.handle("/tzgg/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, scriptListHTML) })
	o := testOptions()
	o.BrowserPath = "/nonexistent/chromium"
	ev := crawl(t, o, fs, nil)
	c := columnNamed(ev, "通知公告")
	if c == nil || c.Cause != zwgk.CauseNoBrowser {
		t.Fatalf("column without a browser: %+v", c)
	}
	if ev.Render == nil || ev.Render.Available || len(ev.Render.Unrendered) != 1 ||
		!strings.HasSuffix(ev.Render.Unrendered[0].URL, "/tzgg/") || ev.Render.Unrendered[0].Reason != unrenderedNoBrowser {
		t.Errorf("render log %+v", ev.Render)
	}
	o.BrowserPath, o.NoRender = "", true
	ev = crawl(t, o, fs, nil)
	if c := columnNamed(ev, "通知公告"); c == nil || c.Cause != zwgk.CauseNoBrowser || ev.Render == nil || ev.Render.Unrendered[0].Reason != unrenderedOff {
		t.Errorf("rendering off: %+v, %+v", c, ev.Render)
	}
}

// A script cookie challenge before every page: passed once in the
// browser, its cookie then carries every static fetch of the site.
func TestCookieChallenge(t *testing.T) {
	needChromium(t)
	fs := standardSite(t)
	challengeSite(fs)
	ev := crawl(t, renderOptions(t), fs, nil)
	if ev.Failure != nil {
		t.Fatalf("failure: %+v; render log %+v", ev.Failure, ev.Render)
	}
	if c := columnNamed(ev, "政策文件"); c == nil || len(c.Items) != 4 || c.Newest() != zwgk.NewDate(2026, 11, 13) {
		t.Fatalf("columns behind the challenge: %+v", c)
	}
	if len(ev.Home.Items) != 2 {
		t.Errorf("home items %+v", ev.Home.Items)
	}
	if n := fs.hits["challenge:/"]; n != 1 {
		t.Errorf("home page challenged %d times, want once", n)
	}
	challenged := 0
	for k, n := range fs.hits {
		if strings.HasPrefix(k, "challenge:") {
			challenged += n
		}
	}
	if challenged != 1 {
		t.Errorf("%d challenges answered, want 1: the cookie was not reused by static fetches (%v)", challenged, fs.hits)
	}
	if ev.Pages[0].Rendered != renderedChallenge || ev.Pages[0].Status != 200 || ev.Pages[0].Cause != zwgk.CauseNone {
		t.Errorf("home page record %+v", ev.Pages[0])
	}
	if ev.Render == nil || ev.Render.Rendered != 1 {
		t.Errorf("render log %+v", ev.Render)
	}
}

// Without a browser, a challenged home page fails the site with the
// challenge as its cause, and says which page it could not render.
func TestCookieChallengeNoBrowser(t *testing.T) {
	fs := standardSite(t)
	challengeSite(fs)
	o := testOptions()
	o.BrowserPath = "/nonexistent/chromium"
	c := New(o)
	defer c.Close()
	ev, err := c.Crawl(context.Background(), 1, zwgk.Agency{Code: "A", Site: fs.srv.URL + "/"}, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseChallenge {
		t.Fatalf("failure %+v, want the challenge", ev.Failure)
	}
	if ev.Render == nil || len(ev.Render.Unrendered) != 1 || ev.Render.Unrendered[0].Reason != unrenderedNoBrowser {
		t.Errorf("render log %+v", ev.Render)
	}
}

func TestIsChallenge(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   bool
	}{
		{"jsl 521", 521, challengeBody, true},
		{"200 set cookie and reload", 200, `<script>document.cookie="a=1";location.reload();</script>`, true},
		{"rs 412", 412, `<html><head><meta id="x" content="abc"><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script><script src="/abc/def.js" r="m"></script></head><body></body></html>`, true},
		{"a real page that sets a cookie", 200, `<html><body><script>document.cookie="visited=1";</script>` + strings.Repeat(`<p><a href="/x">某某新闻标题很长很长的一条</a></p>`, 30) + `<script>if(x)location.href="/m/";</script></body></html>`, false},
		{"404 page", 404, challengeBody, false},
		{"no script", 412, `<html>Precondition Failed</html>`, false},
	}
	for _, tt := range tests {
		if got := isChallenge(tt.status, []byte(tt.body)); got != tt.want {
			t.Errorf("%s: isChallenge = %v, want %v", tt.name, got, tt.want)
		}
	}
}

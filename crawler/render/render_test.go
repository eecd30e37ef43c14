package render_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk/crawler/render"
)

// NeedBrowser returns a browser with its profile in t.TempDir, closed at
// the end of the test with a check that no process of it is left; it
// skips without Chromium, and fails under CI=true.
func needBrowser(t *testing.T, o render.Options) *render.Browser {
	t.Helper()
	if _, err := render.Find(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: required under CI", err)
		}
		t.Skipf("SKIP: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "profile")
	o.UserDataDir = dir
	b := render.New(o)
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
		if left := processesUsing(dir); len(left) > 0 {
			t.Errorf("browser processes left after Close: %v", left)
		}
	})
	return b
}

// processesUsing lists the processes whose command line names dir.
func processesUsing(dir string) []int {
	var out []int
	for range 20 { // helpers may take a moment to go
		out = out[:0]
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			cmd, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
			if err == nil && strings.Contains(string(cmd), dir) {
				out = append(out, pid)
			}
		}
		if len(out) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return out
}

// site serves a list filled by script from JSON, a page behind a script
// cookie challenge, and counts what it is asked for.
type site struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
	uas  map[string]bool
}

func newSite(t *testing.T) *site {
	s := &site{hits: map[string]int{}, uas: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/list/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>通知公告</title><link rel="stylesheet" href="/style.css">
<script src="/app.js"></script></head><body><ul id="list"></ul><img src="/logo.png">
<img src="http://192.0.2.1/tracker.gif"><script src="http://192.0.2.1/evil.js"></script></body></html>`)
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, `document.addEventListener("DOMContentLoaded", function(){
 var x = new XMLHttpRequest(); x.open("POST", "/api/list", true);
 x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
 x.onload = function(){ var d = JSON.parse(x.responseText), h = "";
  d.forEach(function(it){ h += '<li><a href="' + it.u + '">' + it.t + '</a><span>' + it.d + '</span></li>'; });
  // the list appears a while after the answer, as sliders do
  setTimeout(function(){ document.getElementById("list").innerHTML = h; }, 300); };
 x.send("page=1&size=2"); });`)
	})
	mux.HandleFunc("/api/list", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || string(body) != "page=1&size=2" {
			http.Error(w, "want the page's POST body, got "+r.Method+" "+string(body), 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"t":"关于停水的通知","u":"/tzgg/202611/t20261118_1.html","d":"2026-11-18"},{"t":"关于停电的通知","u":"/tzgg/202611/t20261117_2.html","d":"2026-11-17"}]`)
	})
	mux.HandleFunc("/guarded/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if c, err := r.Cookie("__jsl_clearance"); err != nil || c.Value != "ok-42" {
			// The challenge: a 412 whose script sets the cookie and reloads.
			w.WriteHeader(http.StatusPreconditionFailed)
			fmt.Fprint(w, `<html><head><script>var v = "ok-" + (6*7); document.cookie = "__jsl_clearance=" + v + ";path=/"; location.reload();</script></head><body></body></html>`)
			return
		}
		fmt.Fprint(w, `<html><body><ul class="list"><li><a href="/guarded/202611/t20261119_3.html">审核通过的页面</a><span>2026-11-19</span></li></ul></body></html>`)
	})
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.uas[r.UserAgent()] = true
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) hit(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[p]
}

// fetcher answers the browser's requests with a plain client bound to the
// site's host, the way the crawler does with its own.
type fetcher struct {
	host    string
	client  *http.Client
	mu      sync.Mutex
	refused []string
}

func newFetcher(host string) *fetcher {
	jar, _ := cookiejar.New(nil)
	return &fetcher{host: host, client: &http.Client{Jar: jar, Timeout: 5 * time.Second}}
}

func (f *fetcher) fetch(ctx context.Context, r render.Request) (render.Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil || u.Host != f.host {
		f.mu.Lock()
		f.refused = append(f.refused, r.URL)
		f.mu.Unlock()
		return render.Response{}, render.ErrRefused
	}
	f.client.Jar.SetCookies(u, r.Cookies)
	var body io.Reader
	if r.Body != nil {
		body = strings.NewReader(string(r.Body))
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return render.Response{}, err
	}
	req.Header = r.Header.Clone()
	req.Header.Set("User-Agent", "zwgk-assessor/test")
	res, err := f.client.Do(req)
	if err != nil {
		return render.Response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return render.Response{Status: res.StatusCode, Header: res.Header, Body: b}, err
}

func TestRenderScriptListAndChallenge(t *testing.T) {
	b := needBrowser(t, render.Options{Tabs: 2, PageTimeout: 20 * time.Second, Settle: 200 * time.Millisecond})
	s := newSite(t)
	host := strings.TrimPrefix(s.srv.URL, "http://")
	f := newFetcher(host)

	start := time.Now()
	pg, err := b.Render(context.Background(), s.srv.URL+"/list/", nil, f.fetch)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first page (browser start included) in %s, the page itself %s", time.Since(start).Round(time.Millisecond), pg.Elapsed.Round(time.Millisecond))
	for _, want := range []string{"关于停水的通知", `href="/tzgg/202611/t20261118_1.html"`, "2026-11-17"} {
		if !strings.Contains(pg.HTML, want) {
			t.Errorf("rendered list lacks %q:\n%s", want, pg.HTML)
		}
	}
	if s.hit("/style.css") != 0 || s.hit("/logo.png") != 0 {
		t.Errorf("style sheet or image fetched: %v", s.hits)
	}
	if s.hit("/api/list") != 1 || s.hit("/app.js") != 1 {
		t.Errorf("script and its XHR: %v", s.hits)
	}
	refusedEvil := false
	for _, u := range f.refused {
		refusedEvil = refusedEvil || strings.Contains(u, "192.0.2.1/evil.js")
	}
	if !refusedEvil {
		t.Errorf("the other host's script was not handed to the policy: refused %v", f.refused)
	}
	for ua := range s.uas {
		if ua != "zwgk-assessor/test" {
			t.Errorf("a request reached the site with User-Agent %q, not the crawler's", ua)
		}
	}

	// The challenge: the first answer is given from the body the crawler
	// already has (no second fetch), the script reloads with its cookie.
	first := render.Response{Status: 412, Header: http.Header{"Content-Type": {"text/html"}},
		Body: []byte(`<html><head><script>var v = "ok-" + (6*7); document.cookie = "__jsl_clearance=" + v + ";path=/"; location.reload();</script></head><body></body></html>`)}
	pg, err = b.Render(context.Background(), s.srv.URL+"/guarded/", &first, f.fetch)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pg.HTML, "审核通过的页面") {
		t.Fatalf("challenge not passed:\n%s", pg.HTML)
	}
	if pg.Documents != 2 {
		t.Errorf("documents %d, want the challenge and the page", pg.Documents)
	}
	if n := s.hit("/guarded/"); n != 1 {
		t.Errorf("guarded page fetched %d times, want once (the reload)", n)
	}
	found := false
	for _, c := range pg.Cookies {
		found = found || c.Name == "__jsl_clearance" && c.Value == "ok-42"
	}
	if !found {
		t.Errorf("the challenge cookie is not among the page's cookies: %+v", pg.Cookies)
	}
	// The cookie now lets a plain client in.
	res, err := f.client.Get(s.srv.URL + "/guarded/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("static fetch after the challenge: %d", res.StatusCode)
	}
	if b.Rendered() != 2 {
		t.Errorf("Rendered = %d", b.Rendered())
	}
}

// A page that never settles is ended by the time limit; the tab slot is
// given back, so the next page renders.
func TestRenderTimeLimit(t *testing.T) {
	b := needBrowser(t, render.Options{Tabs: 1, PageTimeout: 5 * time.Second, Settle: 200 * time.Millisecond})
	s := newSite(t)
	f2 := newFetcher(strings.TrimPrefix(s.srv.URL, "http://"))
	if _, err := b.Render(context.Background(), s.srv.URL+"/list/", nil, f2.fetch); err != nil { // starts the browser
		t.Fatal(err)
	}
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><div id="x"></div><script>setInterval(function(){document.getElementById("x").textContent = Date.now();}, 50);</script></body></html>`)
	}))
	defer busy.Close()
	f := newFetcher(strings.TrimPrefix(busy.URL, "http://"))
	start := time.Now()
	_, err := b.Render(context.Background(), busy.URL+"/", nil, f.fetch)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the time limit", err)
	}
	// Opening the tab has a bound of its own (a loaded machine can take
	// seconds); the page's limit starts at navigation.
	if d := time.Since(start); d > 30*time.Second+5*time.Second+10*time.Second {
		t.Errorf("took %s with a 5 s page limit", d)
	}
	if _, err := b.Render(context.Background(), s.srv.URL+"/list/", nil, f2.fetch); err != nil {
		t.Errorf("after a timed-out page: %v", err)
	}
}

func TestNoBrowser(t *testing.T) {
	b := render.New(render.Options{ExecPath: "/nonexistent/chromium"})
	defer b.Close()
	if b.Available() {
		t.Error("Available with no browser")
	}
	_, err := b.Render(context.Background(), "http://127.0.0.1:1/", nil, nil)
	if !errors.Is(err, render.ErrNoBrowser) {
		t.Errorf("err = %v, want ErrNoBrowser", err)
	}
}

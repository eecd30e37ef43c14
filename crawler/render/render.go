// Package render runs a page's scripts in headless Chromium and returns the
// document they leave: for lists that exist only after script, and for the
// JavaScript cookie challenges government sites put before their pages (a
// 412 or 200 answer whose body only sets a cookie and reloads).
//
// One browser per process (started on the first page, not before), a
// bounded pool of tabs, each page in a browser context of its own (no
// cookie of one site reaches another), and a time limit per page.
//
// The browser opens no connection itself. Every request it makes is paused
// (the DevTools Fetch domain) and handed to the caller's Fetch func, which
// fetches it the crawler's way — its User-Agent, per-host limits and delay,
// robots.txt, address policy, size caps — or refuses it; the answer is
// given back to the browser. Images, fonts, media and style sheets are
// refused without a request: they do not change a document's text. Chromium
// runs behind a dead proxy, so a request that escaped interception (another
// tab, a cross-site frame, a WebSocket) fails instead of leaving.
//
// It must not judge a page: it returns what the browser showed.
package render

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoBrowser is returned when no Chromium can be found or started.
var ErrNoBrowser = errors.New("no headless browser available")

// Options configure a Browser. Zero fields take the defaults.
type Options struct {
	// ExecPath is the browser; default: chromium, chromium-browser or
	// google-chrome on PATH, then /usr/bin/chromium.
	ExecPath string
	// Tabs is how many pages render at once (default 2).
	Tabs int
	// PageTimeout bounds one page, its scripts and requests (default 30 s).
	PageTimeout time.Duration
	// Settle is how long the page must stay quiet (no request in flight,
	// no DOM change, no new document) before it is read (default 500 ms).
	Settle time.Duration
	// UserAgent is sent by the browser's own scripts (navigator.userAgent);
	// requests carry the one the Fetch func sets.
	UserAgent string
	// UserDataDir is the profile folder; default a temporary folder made
	// at start and removed by Close.
	UserDataDir string
	// MaxHTML bounds the document read back (default 20 MiB).
	MaxHTML int
}

func (o Options) withDefaults() Options {
	if o.Tabs <= 0 {
		o.Tabs = 2
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = 30 * time.Second
	}
	if o.Settle <= 0 {
		o.Settle = 500 * time.Millisecond
	}
	if o.MaxHTML <= 0 {
		o.MaxHTML = 20 << 20
	}
	return o
}

// Find returns the browser to run: path when set and executable, else the
// first Chromium on PATH; ErrNoBrowser when there is none.
func Find(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrNoBrowser, path, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: chromium not found (apt-get install chromium)", ErrNoBrowser)
}

// Request is one request of the browser, for the Fetch func to answer.
type Request struct {
	Method string
	URL    string
	Header http.Header // what the page set (Accept, Content-Type, X-Requested-With, Referer)
	Body   []byte
	// Type is the resource type: Document, Script, XHR, Fetch, Other.
	Type string
	// Cookies are the browser's cookies for the URL (those scripts set
	// with document.cookie included): the Fetch func sends them and may
	// keep them for the site's static fetches.
	Cookies []*http.Cookie
}

// Response is the Fetch func's answer.
type Response struct {
	Status int
	Header http.Header // Content-Type, Set-Cookie …
	Body   []byte
}

// Fetch answers one request of the browser; an error fails the request in
// the browser (errors.Is(err, ErrRefused) for a policy refusal).
type Fetch func(ctx context.Context, r Request) (Response, error)

// ErrRefused is what a Fetch func returns for a request it will not make
// (another site, robots.txt, a forbidden address).
var ErrRefused = errors.New("request refused by policy")

// Page is a rendered document.
type Page struct {
	URL      string         // where the browser ended (after script reloads and redirects)
	HTML     string         // the document after its scripts, serialised
	Cookies  []*http.Cookie // the browser's cookies for URL at the end
	Requests int            // requests answered by Fetch
	Refused  int            // requests refused (policy, resource type, errors)
	// Documents is the number of documents the tab was given (2 or more:
	// a challenge's script reloaded the page, or a script navigated).
	Documents int
	Elapsed   time.Duration
}

// Browser is one headless Chromium and a pool of tabs. Safe for
// concurrent use; the zero value is not usable (New).
type Browser struct {
	opts Options
	tabs chan struct{}

	mu       sync.Mutex
	started  bool
	startErr error
	closed   bool
	dir      string
	ownDir   bool
	alloc    context.Context
	cancelA  context.CancelFunc
	root     context.Context
	cancelR  context.CancelFunc
	execPath string
	pid      int

	rendered atomic.Int64
}

// New makes a browser; it starts on the first Render.
func New(opts Options) *Browser {
	o := opts.withDefaults()
	return &Browser{opts: o, tabs: make(chan struct{}, o.Tabs)}
}

// Available reports whether a browser executable is there (it may still
// fail to start; Render says so).
func (b *Browser) Available() bool {
	b.mu.Lock()
	failed := b.startErr != nil
	b.mu.Unlock()
	if failed {
		return false
	}
	_, err := Find(b.opts.ExecPath)
	return err == nil
}

// Rendered is the number of pages rendered so far.
func (b *Browser) Rendered() int64 { return b.rendered.Load() }

// flags are Chromium's command line: headless, no sandbox (root in
// containers), none of the background connections a closed government
// network refuses, and a dead proxy with no bypass for loopback so that
// nothing leaves the browser but through the Fetch func.
func (b *Browser) flags(dir string) []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(b.execPath),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions"),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Several tabs render at once and none is in front: their timers
		// must not be throttled as background tabs' are.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-popup-blocking", false),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("dns-prefetch-disable", true),
		chromedp.Flag("proxy-server", "http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.WindowSize(1280, 900),
		// Chromium's helpers in the browser's own process group, so
		// Close ends every one of them.
		chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
		}),
	}
	if b.opts.UserAgent != "" {
		opts = append(opts, chromedp.UserAgent(b.opts.UserAgent))
	}
	return opts
}

// start launches the browser once; a failure is remembered (a missing or
// broken browser is not retried for every page).
func (b *Browser) start() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return fmt.Errorf("%w: browser closed", ErrNoBrowser)
	}
	if b.started || b.startErr != nil {
		return b.startErr
	}
	p, err := Find(b.opts.ExecPath)
	if err != nil {
		b.startErr = err
		return err
	}
	b.execPath = p
	dir := b.opts.UserDataDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "zwgk-render-"); err != nil {
			b.startErr = fmt.Errorf("%w: profile folder: %v", ErrNoBrowser, err)
			return b.startErr
		}
		b.ownDir = true
	}
	b.dir = dir
	b.alloc, b.cancelA = chromedp.NewExecAllocator(context.Background(), b.flags(dir)...)
	b.root, b.cancelR = chromedp.NewContext(b.alloc)
	sctx, cancel := context.WithTimeout(b.root, 60*time.Second)
	defer cancel()
	// The first action starts the browser with the root context's life,
	// not this timeout's (see chromedp: the first Run binds the browser).
	errc := make(chan error, 1)
	go func() { errc <- chromedp.Do(b.root) }()
	select {
	case err = <-errc:
	case <-sctx.Done():
		err = sctx.Err()
	}
	if err != nil {
		b.stopLocked()
		b.startErr = fmt.Errorf("%w: start %s: %v", ErrNoBrowser, p, err)
		return b.startErr
	}
	if c := chromedp.FromContext(b.root); c != nil && c.Browser != nil {
		b.pid = c.Browser.Process().Pid
	}
	b.started = true
	return nil
}

// Close ends the browser and every process it started, and removes the
// profile folder it made. Renders still running fail.
func (b *Browser) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return b.stopLocked()
}

func (b *Browser) stopLocked() error {
	if b.cancelR == nil {
		return nil
	}
	// A graceful close first: Chromium ends its helpers and flushes its
	// profile; then the allocator kills whatever is left.
	cctx, cancel := context.WithTimeout(b.root, 5*time.Second)
	_ = chromedp.Cancel(cctx)
	cancel()
	b.cancelR()
	b.cancelA()
	if b.pid > 0 {
		_ = syscall.Kill(-b.pid, syscall.SIGKILL)
	}
	b.cancelR, b.cancelA = nil, nil
	b.started = false
	var err error
	if b.ownDir && b.dir != "" {
		err = removeAll(b.dir)
	}
	return err
}

// removeAll retries: a helper can still write into the profile for a
// moment after the browser ends.
func removeAll(dir string) error {
	var err error
	for range 50 {
		if err = os.RemoveAll(dir); err == nil {
			if _, serr := os.Stat(dir); os.IsNotExist(serr) {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("remove browser profile %s: %v", dir, err)
}

// fetched are the resource types the browser may have: what a document's
// text can depend on. The rest is refused without a request.
var fetched = map[network.ResourceType]bool{
	network.ResourceTypeDocument: true, network.ResourceTypeScript: true,
	network.ResourceTypeXHR: true, network.ResourceTypeFetch: true, network.ResourceTypeOther: true,
}

// forwarded are the request headers of the page passed to Fetch.
var forwarded = []string{"Accept", "Accept-Language", "Content-Type", "X-Requested-With", "Referer", "Origin"}

// observer records the time of the last DOM change and counts the XHR
// and fetch calls not yet answered and the short timers pending (a list a timer fills after the last request, a slider's
// first frame), so the page is read after them.
const observer = `(function(){
window.__zwgkMut = Date.now(); window.__zwgkTimers = 0;
var st = window.setTimeout, ct = window.clearTimeout, pending = {};
window.setTimeout = function(fn, d) {
  var args = Array.prototype.slice.call(arguments, 2), id;
  if ((+d || 0) > 3000) return st.apply(window, arguments);
  window.__zwgkTimers++;
  id = st(function() {
    if (pending[id]) { delete pending[id]; window.__zwgkTimers--; }
    return typeof fn === "function" ? fn.apply(window, args) : (0, eval)(String(fn));
  }, d);
  pending[id] = 1;
  return id;
};
window.clearTimeout = function(id) {
  if (pending[id]) { delete pending[id]; window.__zwgkTimers--; }
  return ct(id);
};
window.__zwgkNet = 0;
var done = function() { window.__zwgkNet--; window.__zwgkMut = Date.now(); };
var xs = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function() {
  var x = this, once = false, fin = function() { if (!once) { once = true; done(); } };
  window.__zwgkNet++; x.addEventListener("loadend", fin);
  try { return xs.apply(x, arguments); } catch (e) { fin(); throw e; }
};
if (window.fetch) {
  var fo = window.fetch;
  window.fetch = function() {
    window.__zwgkNet++;
    try { var p = fo.apply(this, arguments); p.then(done, done); return p; } catch (e) { done(); throw e; }
  };
}
try { new MutationObserver(function(){ window.__zwgkMut = Date.now(); }).observe(document, {subtree: true, childList: true, characterData: true}); } catch (e) {}
})();`

// tabOpenLimit bounds opening a tab (a loaded machine can take seconds).
const tabOpenLimit = 30 * time.Second

// timerPatience is how long after a document loads its short timers are
// waited for: a page that keeps setting them (polling, a ticker) is read
// after this anyway.
const timerPatience = 5 * time.Second

// Render loads url in a tab and returns the document once the page is
// quiet. first, when set, answers the first request for url itself (the
// body the crawl already fetched, so the page is not fetched twice and the
// browser sees what the evidence hashed); every other request goes to f.
func (b *Browser) Render(ctx context.Context, url string, first *Response, f Fetch) (Page, error) {
	if err := b.start(); err != nil {
		return Page{}, err
	}
	select {
	case b.tabs <- struct{}{}:
	case <-ctx.Done():
		return Page{}, ctx.Err()
	}
	defer func() { <-b.tabs }()
	b.mu.Lock()
	root := b.root
	b.mu.Unlock()
	if root == nil {
		return Page{}, fmt.Errorf("%w: browser closed", ErrNoBrowser)
	}
	start := time.Now()
	tctx, cancelTab := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	defer cancelTab()
	stopTab := context.AfterFunc(ctx, cancelTab)
	defer stopTab()
	// The tab opens with the tab context's own life (the first action on
	// a context binds its target to the context it is given), within a
	// bound of its own; the page's time limit starts at navigation.
	opened := make(chan error, 1)
	go func() {
		opened <- chromedp.Do(tctx,
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
				return err
			}),
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observer})
				return err
			}),
		)
	}()
	pg := Page{URL: url}
	var err error
	select {
	case err = <-opened:
	case <-time.After(tabOpenLimit):
		cancelTab()
		err = <-opened
	}
	if err != nil {
		return pg, b.wrap(ctx, url, "open tab", err)
	}
	pctx, cancel := context.WithTimeout(tctx, b.opts.PageTimeout)
	defer cancel()
	r := &run{b: b, ctx: pctx, f: f, url: url, first: first, lastActive: time.Now()}
	paused := chromedp.Events(pctx, fetch.RequestPaused)
	loads := chromedp.Events(pctx, page.LoadEventFired)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range paused {
			if err != nil {
				return
			}
			r.begin()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer r.end()
				r.answer(ev)
			}()
		}
	}()
	go func() {
		defer wg.Done()
		for _, err := range loads {
			if err != nil {
				return
			}
			r.loaded()
		}
	}()
	defer func() { cancel(); wg.Wait() }()

	// Navigate without waiting for the load event: a challenge page's
	// load may be followed at once by its reload.
	if _, err := chromedp.Call(pctx, page.Navigate, page.NavigateParams{URL: url}); err != nil {
		return pg, b.wrap(ctx, url, "navigate", err)
	}
	html, final, err := r.settle()
	if err != nil {
		return pg, b.wrap(ctx, url, "wait for the page", err)
	}
	if len(html) > b.opts.MaxHTML {
		return pg, fmt.Errorf("render %s: document of %d bytes over the %d cap", url, len(html), b.opts.MaxHTML)
	}
	pg.URL, pg.HTML = final, html
	if res, err := chromedp.Call(pctx, network.GetCookies, network.GetCookiesParams{URLs: []string{final}}); err == nil {
		pg.Cookies = httpCookies(res.Cookies)
	}
	pg.Requests, pg.Refused, pg.Documents = int(r.served.Load()), int(r.refused.Load()), int(r.docs.Load())
	pg.Elapsed = time.Since(start)
	b.rendered.Add(1)
	return pg, nil
}

func (b *Browser) wrap(ctx context.Context, url, step string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("render %s: %s: %w", url, step, ctx.Err())
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("render %s: %s: no quiet page within %s: %w", url, step, b.opts.PageTimeout, context.DeadlineExceeded)
	}
	return fmt.Errorf("render %s: %s: %w", url, step, err)
}

// run is one page being rendered.
type run struct {
	b     *Browser
	ctx   context.Context
	f     Fetch
	url   string
	first *Response

	mu         sync.Mutex
	firstUsed  bool
	inflight   int
	lastActive time.Time
	lastLoad   time.Time

	served, refused, loads, docs atomic.Int64
}

func (r *run) begin() {
	r.mu.Lock()
	r.inflight++
	r.lastActive = time.Now()
	r.mu.Unlock()
}

func (r *run) end() {
	r.mu.Lock()
	r.inflight--
	r.lastActive = time.Now()
	r.mu.Unlock()
}

func (r *run) loaded() {
	r.loads.Add(1)
	r.mu.Lock()
	r.lastActive, r.lastLoad = time.Now(), time.Now()
	r.mu.Unlock()
}

// answer serves one paused request: refused, from the first body, or by
// the Fetch func.
func (r *run) answer(ev fetch.EventRequestPaused) {
	ctx := r.ctx
	fail := func() {
		r.refused.Add(1)
		_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
	}
	req := ev.Request
	if req == nil || !fetched[ev.ResourceType] || !(strings.HasPrefix(req.URL, "http://") || strings.HasPrefix(req.URL, "https://")) {
		fail()
		return
	}
	var res Response
	r.mu.Lock()
	useFirst := r.first != nil && !r.firstUsed && ev.ResourceType == network.ResourceTypeDocument && sameURL(req.URL, r.url)
	if useFirst {
		r.firstUsed = true
	}
	r.mu.Unlock()
	if useFirst {
		res = *r.first
	} else {
		hr := Request{Method: req.Method, URL: req.URL, Header: http.Header{}, Type: string(ev.ResourceType)}
		for _, k := range forwarded {
			if v, ok := header(req.Headers, k); ok {
				hr.Header.Set(k, v)
			}
		}
		for _, e := range req.PostDataEntries {
			hr.Body = append(hr.Body, e.Bytes...)
		}
		if cs, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{req.URL}}); err == nil {
			hr.Cookies = httpCookies(cs.Cookies)
		}
		var err error
		res, err = r.f(ctx, hr)
		if err != nil {
			fail()
			return
		}
	}
	r.served.Add(1)
	if ev.ResourceType == network.ResourceTypeDocument {
		r.docs.Add(1)
	}
	var hs []*fetch.HeaderEntry
	for k, vs := range res.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection":
			continue // the body is given whole and decoded
		}
		for _, v := range vs {
			hs = append(hs, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	status := res.Status
	if status < 100 || status > 599 {
		status = http.StatusBadGateway
	}
	body := res.Body
	if body == nil {
		body = []byte{}
	}
	// A status without a standard phrase (加速乐's 521) needs one, or
	// Chromium refuses the answer and the request hangs.
	phrase := http.StatusText(status)
	if phrase == "" {
		phrase = "Status " + strconv.Itoa(status)
	}
	if _, err := chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID: ev.RequestID, ResponseCode: int64(status), ResponseHeaders: hs, Body: body, ResponsePhrase: phrase}); err != nil {
		fail()
	}
}

// settle waits until the page is quiet — no request in flight, no new
// document, no DOM change for Settle — and reads it. A read that races a
// navigation (a challenge's reload) is tried again.
func (r *run) settle() (html, final string, err error) {
	settle := r.b.opts.Settle
	tick := time.NewTicker(settle / 5)
	defer tick.Stop()
	for {
		select {
		case <-r.ctx.Done():
			return "", "", r.ctx.Err()
		case <-tick.C:
		}
		r.mu.Lock()
		quiet := r.inflight == 0 && time.Since(r.lastActive) >= settle
		r.mu.Unlock()
		if !quiet || r.docs.Load() == 0 {
			continue
		}
		st, err := chromedp.Run(r.ctx, chromedp.Evaluate[state](`({ready: document.readyState, mut: Date.now() - (window.__zwgkMut || 0), timers: window.__zwgkTimers || 0, net: window.__zwgkNet || 0, url: location.href, html: document.documentElement ? document.documentElement.outerHTML : ""})`))
		if err != nil {
			if r.ctx.Err() != nil {
				return "", "", r.ctx.Err()
			}
			continue // the document went away under us: a reload
		}
		r.mu.Lock()
		sinceLoad := time.Since(r.lastLoad)
		r.mu.Unlock()
		if st.Ready != "complete" || st.Net > 0 || st.Mut < settle.Milliseconds() || st.Timers > 0 && sinceLoad < timerPatience {
			continue
		}
		r.mu.Lock()
		still := r.inflight == 0 && time.Since(r.lastActive) >= settle
		r.mu.Unlock()
		if still {
			return st.HTML, st.URL, nil
		}
	}
}

type state struct {
	Ready  string `json:"ready"`
	Mut    int64  `json:"mut"`
	Timers int    `json:"timers"`
	Net    int    `json:"net"` // XHR and fetch calls of the page not yet answered
	URL    string `json:"url"`
	HTML   string `json:"html"`
}

func header(h network.Headers, name string) (string, bool) {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, ok := v.(string)
			return s, ok
		}
	}
	return "", false
}

// sameURL compares two URLs without their fragments.
func sameURL(a, b string) bool {
	a, _, _ = strings.Cut(a, "#")
	b, _, _ = strings.Cut(b, "#")
	return a == b || strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/")
}

func httpCookies(cs []*network.Cookie) []*http.Cookie {
	out := make([]*http.Cookie, 0, len(cs))
	for _, c := range cs {
		hc := &http.Cookie{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HttpOnly: c.HTTPOnly}
		if !c.Session && c.Expires > 0 {
			hc.Expires = time.Unix(int64(c.Expires), 0)
		}
		out = append(out, hc)
	}
	return out
}

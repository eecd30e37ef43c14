package sitefarm

// The hostile farm: sites built to hang, exhaust or fool a crawler, each
// with the cause a careful crawler must record for it (issue 13). They are
// served beside the modelled farm, each on its own port of 127.0.0.1, so
// one cycle can crawl both and the healthy sites' findings can be held to
// a crawl without the hostile ones.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"zwgk"
)

// HostileKind names a hostile site.
type HostileKind string

// The hostile sites.
const (
	HostileGzipBomb        HostileKind = "gzip_bomb"        // home page inflates to BombBytes
	HostileHugePage        HostileKind = "huge_page"        // home page of HugeBytes, no Content-Length
	HostileSlowHeader      HostileKind = "slow_header"      // headers only after Stall
	HostileSlowBody        HostileKind = "slow_body"        // headers at once, then a byte now and then
	HostileSilent          HostileKind = "silent"           // accepts connections, never answers
	HostileRedirectLoop    HostileKind = "redirect_loop"    // / → /a → /b → /
	HostilePrivateRedirect HostileKind = "private_redirect" // home page redirects to another loopback service
	HostileDeepNesting     HostileKind = "deep_nesting"     // markup nested past the HTML parser's limit
	HostileManyLinks       HostileKind = "many_links"       // a 9 MB home page with 100,000 links
	HostileBinaryAsHTML    HostileKind = "binary_as_html"   // text/html that is a PNG
	HostileHugeRobots      HostileKind = "huge_robots"      // a 50 MB robots.txt, its rules at the top
	HostileRetryAfter      HostileKind = "retry_after"      // 503 with Retry-After before each page
	HostileRetryAfterLong  HostileKind = "retry_after_long" // 503 with Retry-After of a day
	HostileURLTrap         HostileKind = "url_trap"         // an openness area of endless sub-areas
)

// HostileKinds lists every hostile site, in the order they are served.
func HostileKinds() []HostileKind {
	return []HostileKind{HostileGzipBomb, HostileHugePage, HostileSlowHeader, HostileSlowBody, HostileSilent,
		HostileRedirectLoop, HostilePrivateRedirect, HostileDeepNesting, HostileManyLinks, HostileBinaryAsHTML,
		HostileHugeRobots, HostileRetryAfter, HostileRetryAfterLong, HostileURLTrap}
}

// HostileOptions size the hostile sites. Zero fields take the defaults,
// which reproduce issue 13 at full size.
type HostileOptions struct {
	// Stall is how long the slow and silent sites keep a request waiting
	// (default 60 s: past any crawler timeout).
	Stall     time.Duration
	HugeBytes int64 // huge page (default 48 MiB)
	BombBytes int64 // decompressed gzip bomb (default 1 GiB)
	// Links is the number of links on the many-links home page (default
	// 100,000, about 9 MB of HTML).
	Links       int
	RobotsBytes int64         // huge robots.txt (default 50 MiB)
	RetryAfter  time.Duration // the Retry-After the retry_after site asks for (default 2 s)
	// Depth is how deep the deep page nests (default 600).
	Depth int
}

func (o HostileOptions) withDefaults() HostileOptions {
	if o.Stall <= 0 {
		o.Stall = time.Minute
	}
	if o.HugeBytes <= 0 {
		o.HugeBytes = 48 << 20
	}
	if o.BombBytes <= 0 {
		o.BombBytes = 1 << 30
	}
	if o.Links <= 0 {
		o.Links = 100_000
	}
	if o.RobotsBytes <= 0 {
		o.RobotsBytes = 50 << 20
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = 2 * time.Second
	}
	if o.Depth <= 0 {
		o.Depth = 600
	}
	return o
}

// HostileSite is one hostile site and what the evidence must say of it.
type HostileSite struct {
	Kind   HostileKind
	Agency zwgk.Agency // Site is its URL once served
	// Cause is the failure cause the site's evidence must carry; CauseNone
	// when the site must be read despite its trap (HugeRobots, RetryAfter,
	// ManyLinks, URLTrap).
	Cause zwgk.Cause
	// HomeLinks is the number of distinct links of the home page.
	HomeLinks int
	// Disallowed is a path prefix robots.txt disallows; nothing under it
	// may be requested.
	Disallowed string
	// Target is where the home page redirects (PrivateRedirect): a
	// loopback service that is no enrolled site.
	Target string
	// SecretTitle is the title of the page at Target; it must never
	// reach the evidence.
	SecretTitle string

	hits       sync.Map // path → *atomic.Int64 (GET and HEAD)
	retryAfter sync.Map // path → time the path may be asked again
}

// Requests reports how many requests the site had for paths with prefix.
func (h *HostileSite) Requests(prefix string) int64 {
	var n int64
	h.hits.Range(func(k, v any) bool {
		if strings.HasPrefix(k.(string), prefix) {
			n += v.(*atomic.Int64).Load()
		}
		return true
	})
	return n
}

func (h *HostileSite) hit(path string) {
	v, _ := h.hits.LoadOrStore(path, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

// HostileFarm serves the hostile sites.
type HostileFarm struct {
	Sites []*HostileSite
	opts  HostileOptions

	secret    net.Listener
	listeners []net.Listener
	servers   []*http.Server
	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
}

// StartHostile serves every hostile site on its own port of 127.0.0.1
// until ctx ends or Close is called.
func StartHostile(ctx context.Context, opts HostileOptions) (*HostileFarm, error) {
	o := opts.withDefaults()
	hf := &HostileFarm{opts: o, done: make(chan struct{})}
	// The private service a redirect points at: on loopback, not
	// enrolled, with a title that must never reach the evidence.
	const secretTitle = "内部管理系统 SECRET-7f3a"
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile farm: %w", err)
	}
	hf.secret = sl
	hf.serve(sl, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><a href=\"/admin/\">通知公告</a></body></html>", secretTitle)
	}))
	for i, k := range HostileKinds() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			hf.Close()
			return nil, fmt.Errorf("hostile farm: %w", err)
		}
		hs := &HostileSite{Kind: k, Cause: hostileCause(k), Agency: zwgk.Agency{
			Code: fmt.Sprintf("HX%02d", i+1), Name: "恶意站点" + strconv.Itoa(i+1) + "（" + string(k) + "）",
			Level: zwgk.LevelCounty, Region: "440305", Site: "http://" + l.Addr().String() + "/"}}
		switch k {
		case HostileManyLinks:
			hs.HomeLinks = o.Links + 2 // and the navigation and the news item
		case HostileHugeRobots:
			hs.Disallowed = "/private/"
		case HostilePrivateRedirect:
			hs.Target, hs.SecretTitle = "http://"+sl.Addr().String()+"/", secretTitle
		}
		hf.Sites = append(hf.Sites, hs)
		if k == HostileSilent {
			hf.silent(l)
			continue
		}
		hf.serve(l, hf.handler(hs))
	}
	go func() {
		select {
		case <-ctx.Done():
			hf.Close()
		case <-hf.done:
		}
	}()
	return hf, nil
}

func hostileCause(k HostileKind) zwgk.Cause {
	switch k {
	case HostileGzipBomb, HostileHugePage:
		return zwgk.CauseTooLarge
	case HostileSlowHeader, HostileSlowBody, HostileSilent:
		return zwgk.CauseTimeout
	case HostileRedirectLoop:
		return zwgk.CauseRedirects
	case HostilePrivateRedirect:
		return zwgk.CauseAddress
	case HostileDeepNesting:
		return zwgk.CauseTooDeep
	case HostileBinaryAsHTML:
		return zwgk.CauseNotHTML
	case HostileRetryAfterLong:
		return zwgk.CauseStatus
	}
	return zwgk.CauseNone
}

// Agencies are the hostile sites' agencies, URLs filled.
func (hf *HostileFarm) Agencies() []zwgk.Agency {
	out := make([]zwgk.Agency, len(hf.Sites))
	for i, s := range hf.Sites {
		out[i] = s.Agency
	}
	return out
}

// Site returns the hostile site of kind k.
func (hf *HostileFarm) Site(k HostileKind) *HostileSite {
	for _, s := range hf.Sites {
		if s.Kind == k {
			return s
		}
	}
	return nil
}

// Close stops every hostile site, stalled requests included.
func (hf *HostileFarm) Close() error {
	hf.closeOnce.Do(func() {
		close(hf.done)
		for _, s := range hf.servers {
			s.Close()
		}
		for _, l := range hf.listeners {
			l.Close()
		}
		hf.wg.Wait()
	})
	return nil
}

func (hf *HostileFarm) serve(l net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	hf.servers = append(hf.servers, srv)
	hf.listeners = append(hf.listeners, l)
	hf.wg.Add(1)
	go func() {
		defer hf.wg.Done()
		_ = srv.Serve(l)
	}()
}

// silent accepts connections and reads what comes, never answering, until
// the farm closes.
func (hf *HostileFarm) silent(l net.Listener) {
	hf.listeners = append(hf.listeners, l)
	hf.wg.Add(1)
	go func() {
		defer hf.wg.Done()
		var conns sync.WaitGroup
		for {
			c, err := l.Accept()
			if err != nil {
				conns.Wait()
				return
			}
			conns.Add(1)
			go func() {
				defer conns.Done()
				go func() { <-hf.done; c.Close() }()
				_, _ = io.Copy(io.Discard, c)
			}()
		}
	}()
}

// stall waits d, or less when the client leaves or the farm closes; it
// reports whether the wait ran to its end.
func (hf *HostileFarm) stall(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-hf.done:
	}
	return false
}

// miniNav is the navigation of the hostile sites that are read: one
// column the zwgk-2016 framework knows.
var miniNav = []string{"/tzgg/"}

// miniHome is a small readable home page; extra is put in its body.
func miniHome(title, extra string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body>
<div class="nav"><ul><li><a href="/tzgg/">通知公告</a></li></ul></div>
<div class="news"><ul><li><a href="/tzgg/202611/t20261115_1.html">关于开展安全检查的通知</a><span>2026-11-15</span></li></ul></div>
` + extra + `</body></html>`
}

const miniList = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body><div class="list"><ul>
<li><a href="/tzgg/202611/t20261115_1.html">关于开展安全检查的通知</a><span>2026-11-15</span></li>
<li><a href="/tzgg/202610/t20261020_2.html">关于调整办公时间的公告</a><span>2026-10-20</span></li>
</ul></div></body></html>`

func miniArticle(title string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body><h1>` + title +
		`</h1><div class="info">发布时间：2026-11-15</div><p>正文。</p></body></html>`
}

// miniPage serves the small readable site shared by the hostile sites that
// must be read; false when path is not one of its pages.
func miniPage(w http.ResponseWriter, path, title, homeExtra string) bool {
	var body string
	switch {
	case path == "/":
		body = miniHome(title, homeExtra)
	case path == "/tzgg/":
		body = miniList
	case strings.HasPrefix(path, "/tzgg/2026"):
		body = miniArticle("通知")
	default:
		return false
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	io.WriteString(w, body)
	return true
}

func (hf *HostileFarm) handler(hs *HostileSite) http.Handler {
	o := hf.opts
	var manyLinks []byte
	if hs.Kind == HostileManyLinks {
		manyLinks = manyLinksPage(o.Links)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hs.hit(r.URL.Path)
		path := r.URL.Path
		if path == "/robots.txt" {
			if hs.Kind == HostileHugeRobots {
				hugeRobots(w, r, o.RobotsBytes)
				return
			}
			http.NotFound(w, r)
			return
		}
		switch hs.Kind {
		case HostileGzipBomb:
			gzipBomb(w, r, o.BombBytes)
		case HostileHugePage:
			s := &Server{opts: Options{HugeBytes: o.HugeBytes}}
			s.huge(w, r)
		case HostileSlowHeader:
			if hf.stall(r, o.Stall) {
				miniPage(w, path, "迟迟不答的网站", "")
			}
		case HostileSlowBody:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "<!DOCTYPE html><html><head><title>")
			w.(http.Flusher).Flush()
			for end := time.Now().Add(o.Stall); time.Now().Before(end); {
				if !hf.stall(r, 200*time.Millisecond) {
					return
				}
				if _, err := io.WriteString(w, "慢"); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		case HostileRedirectLoop:
			next := map[string]string{"/": "/a.html", "/a.html": "/b.html", "/b.html": "/"}[path]
			if next == "" {
				next = "/"
			}
			http.Redirect(w, r, next, http.StatusFound)
		case HostilePrivateRedirect:
			http.Redirect(w, r, hs.Target, http.StatusFound)
		case HostileDeepNesting:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, deepPage(o.Depth))
		case HostileManyLinks:
			if path == "/" {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Header().Set("Content-Length", strconv.Itoa(len(manyLinks)))
				if r.Method != http.MethodHead {
					w.Write(manyLinks)
				}
				return
			}
			if !miniPage(w, path, "", "") {
				// Every linked page exists, and answers a HEAD at once.
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, miniArticle("链接"))
			}
		case HostileBinaryAsHTML:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(pngLike())
		case HostileHugeRobots:
			if strings.HasPrefix(path, hs.Disallowed) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, miniArticle("不应抓取的页面"))
				return
			}
			if !miniPage(w, path, "robots.txt 巨大的网站", `<a href="/private/tzgg/">公告公示</a>`) {
				http.NotFound(w, r)
			}
		case HostileRetryAfter, HostileRetryAfterLong:
			wait := o.RetryAfter
			if hs.Kind == HostileRetryAfterLong {
				wait = 24 * time.Hour
			}
			now := time.Now()
			v, loaded := hs.retryAfter.LoadOrStore(path, now.Add(wait))
			if until := v.(time.Time); !loaded || now.Before(until) {
				w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(until).Seconds()+0.999)))
				http.Error(w, "503 Service Temporarily Unavailable", http.StatusServiceUnavailable)
				return
			}
			if !miniPage(w, path, "限流的网站", "") {
				http.NotFound(w, r)
			}
		case HostileURLTrap:
			if strings.HasPrefix(path, "/zwgk/") {
				// Every area page lists more areas, named by letters so
				// that no two URLs share a digit pattern.
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务公开</title></head><body><ul>`)
				for i := 0; i < 30; i++ {
					fmt.Fprintf(w, `<li><a href="%s%s/">栏目%s</a></li>`, path, letters(i), letters(i))
				}
				fmt.Fprint(w, `</ul></body></html>`)
				return
			}
			if !miniPage(w, path, "陷阱网站", `<a href="/zwgk/">政务公开</a>`) {
				http.NotFound(w, r)
			}
		}
	})
}

// letters names i in base 26 (a, b, … z, ba, bb …).
func letters(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}

// manyLinksPage is a home page with the mini site's navigation and n
// distinct links in ten sections (/s0/ … /s9/), about 90 bytes a link.
func manyLinksPage(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>链接极多的网站</title></head><body>
<div class="nav"><ul><li><a href="/tzgg/">通知公告</a></li></ul></div>
<div class="news"><ul><li><a href="/tzgg/202611/t20261115_1.html">关于开展安全检查的通知</a><span>2026-11-15</span></li></ul></div>
<div class="links">`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "<p><a href=\"/s%d/p%06d.html\">友情链接第%06d号网站名称</a></p>\n", i%10, i, i)
	}
	b.WriteString("</div></body></html>\n")
	return b.Bytes()
}

// deepPage nests depth unclosed <div> and <font> elements (half each)
// around a title and a column link.
func deepPage(depth int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>嵌套极深的网站</title></head><body>`)
	b.WriteString(strings.Repeat("<div>", depth/2))
	b.WriteString(strings.Repeat("<font>", depth-depth/2))
	b.WriteString(`<a href="/tzgg/">通知公告</a></body></html>`)
	return b.String()
}

// pngLike is 64 KiB that starts as a PNG and goes on as noise.
func pngLike() []byte {
	b := make([]byte, 64<<10)
	copy(b, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	x := uint64(0x9e3779b97f4a7c15)
	for i := 16; i < len(b); i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

// hugeRobots streams a robots.txt of n bytes: its rules first, then
// comments.
func hugeRobots(w http.ResponseWriter, r *http.Request, n int64) {
	head := []byte("User-agent: *\nDisallow: /private/\n")
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	if r.Method == http.MethodHead {
		return
	}
	if _, err := w.Write(head); err != nil {
		return
	}
	line := []byte("# " + strings.Repeat("padding ", 126) + "\n") // 1 KiB
	for left := n - int64(len(head)); left > 0; {
		c := line
		if int64(len(c)) > left {
			c = c[:left]
		}
		if _, err := w.Write(c); err != nil {
			return
		}
		left -= int64(len(c))
	}
}

// gzipBomb answers a home page whose gzip body inflates to n bytes.
func gzipBomb(w http.ResponseWriter, r *http.Request, n int64) {
	s := &Server{opts: Options{BombBytes: n}}
	s.bomb(w, r)
}

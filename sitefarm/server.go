package sitefarm

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Slot is the time slot of intermittent failures: a site that fails at a
// ratio r fails for whole slots, chosen by a hash of the slot number, so a
// test with an injected clock sees exactly the failures the manifest
// predicts.
const Slot = time.Minute

// Options say how to serve a farm.
type Options struct {
	// PortMode serves every site on its own port of 127.0.0.1 instead of
	// one port on its own loopback address. It is chosen automatically
	// when 127.0.0.2 cannot be bound.
	PortMode bool
	// Port is the shared port in multi-address mode (0: pick a free one).
	Port int
	// SlowDelay is how long slow sites take to answer (default 20 s, over
	// the 15 s probe timeout). Tests set it to a fraction of a second and
	// probe with a shorter timeout.
	SlowDelay time.Duration
	// HugeBytes is the size of the huge page (default 48 MiB), streamed.
	HugeBytes int64
	// BombBytes is the decompressed size of the gzip bomb (default 1 GiB;
	// about 1 MB on the wire).
	BombBytes int64
	// AdmitTokens are User-Agent substrings a guarded site lets through
	// besides "Mozilla" (e.g. the crawler's configured token).
	AdmitTokens []string
	// Clock overrides the farm's clock for intermittent failures.
	Clock func() time.Time
	// CacheEntries bounds the cache of rendered pages (default 100,000).
	CacheEntries int
	// Transport serves each site's transport profile (transport.go): an
	// IPv6 listener on ::1 and a TLS listener with a certificate of a test
	// CA made at start, for the sites whose profile has them, reached
	// through Server.Network (the farm's resolver and dialer).
	Transport bool
}

// Server serves a farm.
type Server struct {
	farm      *Farm
	opts      Options
	srv       *http.Server
	listeners []net.Listener
	byPort    map[int]int
	// platformPorts maps the ports of platform hosts to their sites (port
	// mode).
	platformPorts map[int]int
	portMode      bool
	requests      atomic.Int64
	cache         sync.Map // cacheKey → Page
	cached        atomic.Int64
	closeOnce     sync.Once
	wg            sync.WaitGroup
	network       *Network // with Options.Transport
}

type cacheKey struct {
	site int
	path string
}

// Stats are the server's counters.
type Stats struct {
	Requests int64 `json:"requests"`
	Sites    int   `json:"sites"`
	PortMode bool  `json:"port_mode"`
}

// Start binds a listener per site on loopback and serves the farm until ctx
// ends or Close is called. It fills each site's Agency.Site with its URL.
func Start(ctx context.Context, f *Farm, opts Options) (*Server, error) {
	if opts.SlowDelay <= 0 {
		opts.SlowDelay = 20 * time.Second
	}
	if opts.HugeBytes <= 0 {
		opts.HugeBytes = 48 << 20
	}
	if opts.BombBytes <= 0 {
		opts.BombBytes = 1 << 30
	}
	if opts.CacheEntries <= 0 {
		opts.CacheEntries = 100_000
	}
	if opts.Clock == nil {
		opts.Clock = f.clock
	}
	perSite := uint64(1)
	if opts.Transport {
		perSite = 3 // its address, ::1 and TLS
	}
	if err := raiseFileLimit(perSite*uint64(len(f.Sites)) + 1024); err != nil {
		return nil, err
	}
	s := &Server{farm: f, opts: opts}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 60 * time.Second,
		// A check refusing a bad certificate is what the transport
		// profiles are for, not a server fault worth a log line.
		ErrorLog: log.New(dropTLSHandshake{os.Stderr}, "", log.LstdFlags)}
	var err error
	if !opts.PortMode {
		err = s.bindAddresses()
		if errors.Is(err, errNoAddresses) {
			opts.PortMode = true
		}
	}
	if opts.PortMode {
		err = s.bindPorts()
	}
	if err == nil && opts.Transport {
		err = s.bindTransport()
	}
	if err != nil {
		s.closeListeners()
		return nil, err
	}
	f.opts = &s.opts
	for _, l := range s.listeners {
		s.wg.Add(1)
		go func(l net.Listener) {
			defer s.wg.Done()
			_ = s.srv.Serve(l)
		}(l)
	}
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	return s, nil
}

var errNoAddresses = errors.New("sitefarm: loopback addresses beyond 127.0.0.1 cannot be bound")

// bindAddresses binds site i at 127.0.x.y (from 127.0.0.2) on one port.
func (s *Server) bindAddresses() error {
	probe, err := net.Listen("tcp", net.JoinHostPort("127.0.0.2", strconv.Itoa(s.opts.Port)))
	if err != nil {
		return fmt.Errorf("%w: %v", errNoAddresses, err)
	}
	port := probe.Addr().(*net.TCPAddr).Port
	probe.Close()
	for attempt := 0; attempt < 5; attempt++ {
		err = s.bindAll(port)
		if err == nil {
			s.farm.deadHost = fmt.Sprintf("http://127.255.255.254:%d", port)
			for i, site := range s.farm.Sites {
				site.Agency.Site = fmt.Sprintf("http://%s:%d/", loopbackAddr(i), port)
				if site.platform {
					site.platformURL = fmt.Sprintf("http://%s:%d/", platformAddr(i), port)
				}
			}
			s.farm.placeFamilies()
			return nil
		}
		s.closeListeners()
		if s.opts.Port != 0 {
			return err
		}
		l, lerr := net.Listen("tcp", "127.0.0.2:0")
		if lerr != nil {
			return lerr
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	return err
}

func (s *Server) bindAll(port int) error {
	s.listeners = make([]net.Listener, 0, len(s.farm.Sites))
	for i, site := range s.farm.Sites {
		l, err := net.Listen("tcp", net.JoinHostPort(loopbackAddr(i), strconv.Itoa(port)))
		if err != nil {
			return fmt.Errorf("bind site %d at %s:%d: %w", i, loopbackAddr(i), port, err)
		}
		s.listeners = append(s.listeners, l)
		if site.platform {
			// The second host of a platform site (FamilyPlatform).
			l, err := net.Listen("tcp", net.JoinHostPort(platformAddr(i), strconv.Itoa(port)))
			if err != nil {
				return fmt.Errorf("bind site %d's platform at %s:%d: %w", i, platformAddr(i), port, err)
			}
			s.listeners = append(s.listeners, l)
		}
	}
	return nil
}

// bindPorts binds every site on its own port of 127.0.0.1.
func (s *Server) bindPorts() error {
	s.portMode = true
	s.byPort = make(map[int]int, len(s.farm.Sites))
	s.platformPorts = map[int]int{}
	for i, site := range s.farm.Sites {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("bind site %d on 127.0.0.1: %w", i, err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		s.byPort[port] = i
		s.listeners = append(s.listeners, l)
		site.Agency.Site = fmt.Sprintf("http://127.0.0.1:%d/", port)
		if site.platform {
			pl, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return fmt.Errorf("bind site %d's platform on 127.0.0.1: %w", i, err)
			}
			pp := pl.Addr().(*net.TCPAddr).Port
			s.platformPorts[pp] = i
			s.listeners = append(s.listeners, pl)
			site.platformURL = fmt.Sprintf("http://127.0.0.1:%d/", pp)
		}
	}
	s.farm.placeFamilies()
	// A port that was free a moment ago stands for the dead host.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.farm.deadHost = fmt.Sprintf("http://127.0.0.1:%d", l.Addr().(*net.TCPAddr).Port)
	l.Close()
	return nil
}

func (s *Server) closeListeners() {
	for _, l := range s.listeners {
		l.Close()
	}
	s.listeners = nil
}

// raiseFileLimit lifts the soft limit on open files to need (or the hard
// limit, when that is lower and need cannot be met it says so).
func raiseFileLimit(need uint64) error {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return nil // not a Unix we know; try anyway
	}
	if rl.Cur >= need {
		return nil
	}
	rl.Cur = min(need, rl.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return fmt.Errorf("raise open-file limit to %d: %w", rl.Cur, err)
	}
	if rl.Cur < need {
		return fmt.Errorf("open-file limit %d is below the %d the farm needs (raise ulimit -Hn)", rl.Max, need)
	}
	return nil
}

// Close stops serving and closes every listener and connection.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		err = s.srv.Close()
		s.wg.Wait()
	})
	return err
}

// Stats reports the requests served so far.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), Sites: len(s.farm.Sites), PortMode: s.portMode}
}

// site finds the site a request came in for, from the local address of
// its connection; onPlatform is true on a platform site's second host.
func (s *Server) site(r *http.Request) (site *Site, onPlatform bool) {
	a, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr)
	if !ok {
		return nil, false
	}
	i := -1
	if s.portMode {
		if v, found := s.byPort[a.Port]; found {
			i = v
		} else if v, found := s.platformPorts[a.Port]; found {
			i, onPlatform = v, true
		}
	} else if ip := a.IP.To4(); ip != nil && ip[0] == 127 {
		if ip[1] >= 128 {
			ip = net.IPv4(127, ip[1]-128, ip[2], ip[3]).To4()
			onPlatform = true
		}
		i = (int(ip[1])<<16 | int(ip[2])<<8 | int(ip[3])) - 2
	}
	if i < 0 || i >= len(s.farm.Sites) {
		return nil, false
	}
	site = s.farm.Sites[i]
	if onPlatform && !site.platform {
		return nil, false
	}
	return site, onPlatform
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if site := s.byName(r); site != nil {
		s.serveByName(w, r, site)
		return
	}
	site, onPlatform := s.site(r)
	if site == nil {
		http.NotFound(w, r)
		return
	}
	// A site served as a folder of this one (a cluster) answers for its
	// folder, with its own behaviour.
	reqPath := r.URL.Path
	if len(site.hosted) > 0 {
		var h *Site
		if h, reqPath = site.hostedAt(r.URL.Path); h != nil {
			site = h
		} else {
			reqPath = r.URL.Path
		}
	}
	if site.failRatio > 0 {
		if fail, hard := site.failsAt(s.opts.Clock()); fail {
			if hard {
				if hj, ok := w.(http.Hijacker); ok {
					if c, _, err := hj.Hijack(); err == nil {
						c.Close()
						return
					}
				}
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>\n")
			return
		}
	}
	if site.slowDelay {
		t := time.NewTimer(s.opts.SlowDelay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if site.uaBlock && !s.Admits(r.UserAgent()) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Server", "WAF/2.0")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><head><title>403 Forbidden</title></head><body><h1>您的访问请求被拦截</h1><p>网站防火墙检测到异常访问，请使用浏览器访问本站。</p><p>事件ID：waf-403</p></body></html>\n")
		return
	}
	path := reqPath
	if site.challenge && path != "/robots.txt" && !site.passedChallenge(r) {
		s.write(w, r, site.challengePage())
		return
	}
	if onPlatform && path != "/robots.txt" && !site.onPlatform(path) {
		s.write(w, r, site.notFound())
		return
	}
	switch {
	case path == "/zlk/huge.html" && site.Profile == ProfileHeavy:
		s.huge(w, r)
		return
	case path == "/download/data.html" && site.Profile == ProfileHeavy:
		s.bomb(w, r)
		return
	}
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	s.write(w, r, site.relocate(s.page(site, path), onPlatform))
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, pg Page) {
	h := w.Header()
	if pg.Location != "" {
		h.Set("Location", pg.Location)
	}
	if pg.ContentType != "" {
		h.Set("Content-Type", pg.ContentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(pg.Body)))
	w.WriteHeader(pg.Status)
	if r.Method != http.MethodHead {
		w.Write(pg.Body)
	}
}

// page renders a page, from the cache when it was rendered before. Pages
// are pure functions of the model, so caching never changes an answer.
func (s *Server) page(site *Site, path string) Page {
	if len(path) > 512 {
		return site.Render(path)
	}
	k := cacheKey{site.Index, path}
	if v, ok := s.cache.Load(k); ok {
		return v.(Page)
	}
	pg := site.Render(path)
	if len(pg.Body) <= 64<<10 && s.cached.Load() < int64(s.opts.CacheEntries) {
		if _, loaded := s.cache.LoadOrStore(k, pg); !loaded {
			s.cached.Add(1)
		}
	}
	return pg
}

// Admits reports whether a guarded site lets a User-Agent through (see
// Farm.Admits).
func (s *Server) Admits(ua string) bool { return s.farm.Admits(ua) }

// huge streams an endless-looking archive page of HugeBytes, never holding
// more than one chunk.
func (s *Server) huge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(200)
	if r.Method == http.MethodHead {
		return
	}
	io := func(b []byte) bool { _, err := w.Write(b); return err == nil }
	head := []byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>历史档案</title></head><body><div class=\"archive\">\n")
	if !io(head) {
		return
	}
	tail := []byte("</div></body></html>\n")
	left := s.opts.HugeBytes - int64(len(head)) - int64(len(tail))
	for left > 0 {
		c := hugeChunk
		if int64(len(c)) > left {
			c = c[:left]
		}
		if !io(c) {
			return
		}
		left -= int64(len(c))
	}
	io(tail)
}

var hugeChunk = bytes.Repeat([]byte("<p>档案资料 archive record 1998-2003 ……………………………………</p>\n"), 1000)

var (
	bombOnce   sync.Once
	bombMember []byte // one gzip member: 1 MiB of spaces
	bombHead   []byte // first member: the page's head
)

// bomb answers with Content-Encoding: gzip whose body inflates to
// BombBytes: the same 1 MiB member of spaces repeated (a multi-member gzip
// stream, which every gzip reader decodes whole). The member is built once.
func (s *Server) bomb(w http.ResponseWriter, r *http.Request) {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(bytes.Repeat([]byte(" "), 1<<20))
		zw.Close()
		bombMember = b.Bytes()
		var h bytes.Buffer
		zw, _ = gzip.NewWriterLevel(&h, gzip.BestCompression)
		zw.Write([]byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>资料下载</title></head><body>"))
		zw.Close()
		bombHead = h.Bytes()
	})
	n := max(1, s.opts.BombBytes>>20)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.FormatInt(int64(len(bombHead))+n*int64(len(bombMember)), 10))
	w.WriteHeader(200)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := w.Write(bombHead); err != nil {
		return
	}
	for i := int64(0); i < n; i++ {
		if _, err := w.Write(bombMember); err != nil {
			return
		}
	}
}

// failsAt says whether an intermittent site fails at t, and whether it
// drops the connection (hard) rather than answering 503.
func (s *Site) failsAt(t time.Time) (fail, hard bool) {
	if s.failRatio <= 0 {
		return false, false
	}
	slot := uint64(t.Unix() / int64(Slot/time.Second))
	h := mix(s.seed ^ mix(slot))
	return float64(h%1_000_000)/1e6 < s.failRatio, (h>>40)%2 == 0
}

// Package crawler samples one agency's website for an indicator framework
// and emits the evidence the framework's rules need: the home page and its
// dated items, the columns found by their aliases with list items and
// dates, a sample of item pages (dates, attachments, search terms, letter
// dates), checked links, and availability probes. It is built on colly v2
// with its known pitfalls handled (duplicate fetches under concurrency,
// unbounded gzip, charset from the header only, robots.txt off by default).
//
// It must not judge: no scores, no pass or fail. Failures become data (a
// cause on a page, column or the whole evidence), never a crash. It does
// not import the store: evidence goes to a zwgk.EvidenceWriter as it is
// gathered.
package crawler

import (
	"context"
	"net/http"
	"net/netip"
	"time"

	"golang.org/x/sync/semaphore"

	"zwgk"
	"zwgk/crawler/netcheck"
)

// Options configure a Crawler. Zero fields take the polite defaults.
type Options struct {
	// UserAgent identifies the assessor, with a contact, e.g.
	// "zwgk-assessor/1.0 (+mailto:assess@example.gov.cn)".
	UserAgent string
	// PerHost is the number of requests at a time to one site (default 2).
	PerHost int
	// Delay is the pause after each request to a site (politeness).
	// Negative means none; zero takes DefaultDelay.
	Delay time.Duration
	// Global caps requests in flight across all sites (default 64).
	Global int

	ConnectTimeout time.Duration // default 5s (TCP and TLS handshake each)
	HeaderTimeout  time.Duration // default 10s
	Timeout        time.Duration // whole request, body included; default 30s

	// Retries after the first attempt for timeouts, resets and 5xx
	// (default 2); Backoff is the first wait, doubling (default 500ms).
	// Negative Retries means none.
	Retries int
	Backoff time.Duration

	MaxBody      int64 // raw body cap (default 10 MiB)
	MaxDecoded   int64 // decompressed body cap (default 20 MiB)
	MaxRedirects int   // default 5

	// IgnoreRobots skips robots.txt; only for assessments the agency
	// authorised (`--ignore-robots`).
	IgnoreRobots bool
	// ProceedOnTLSError fetches a site whose certificate fails anyway,
	// after recording the TLS error on the home page record.
	ProceedOnTLSError bool

	// Trap defence, per site: URLs of one shape (default 40), query
	// variants of one path (default 10), URL length (default 1024).
	MaxPerPattern int
	MaxQueryVars  int
	MaxURLLen     int

	// NetCheck checks IPv6, HTTPS and HSTS of the home page's host when
	// the framework has a transport rule; nil: not checked (the rule is
	// then pending). Production passes a *netcheck.Checker on the system
	// resolver; the site farm's farm mode passes its own network's
	// (sitefarm.Network.Checker).
	NetCheck TransportChecker

	// HubLinks bounds the second-level pages read for a navigation-only
	// home page (default 12).
	HubLinks int

	// Rendering: a page where a list should be and static reading found
	// none, a home page its scripts build, and a script cookie challenge
	// before a page are read in headless Chromium (crawler/render), one
	// browser per process started on first need. NoRender turns it off
	// (such pages are then listed as unrendered, never called script
	// lists); RenderTabs bounds the pages rendered at once (default 2);
	// RenderTimeout bounds one page (default 30 s); BrowserPath names the
	// browser (default chromium on PATH).
	NoRender      bool
	RenderTabs    int
	RenderTimeout time.Duration
	BrowserPath   string
	// AllowNets are networks every crawl may connect to although they are
	// not public: for an assessment run inside a government network whose
	// sites sit on private addresses (10.0.0.0/8). Without it a crawl
	// connects to a non-public address only where the agency's own site
	// is (its roots' addresses when the crawl began).
	AllowNets []netip.Prefix

	// HomeLinks bounds the home page's links checked (default 300): all
	// of them up to that, a sample stratified by host and first path
	// segment beyond. LinksPerPage bounds the links checked per other
	// page (default 10); the framework's links_checked bounds them per
	// site.
	HomeLinks    int
	LinksPerPage int

	// MaxRetryAfter is the longest Retry-After (on 429 and 503) honoured
	// (default 30 s); a longer one ends the page's attempts. RetryAfterBudget
	// bounds the time one site crawl spends waiting for them (default 2 min).
	MaxRetryAfter    time.Duration
	RetryAfterBudget time.Duration

	// MaxParsing bounds the bytes of HTML being parsed at one time across
	// all sites (default 16 MiB): a parse holds about twenty times its
	// page, so 100,000-link pages on eight sites at once wait their turn
	// rather than take gigabytes. A page larger than the bound parses alone.
	MaxParsing int64

	// Attachments bounds the attachments of sampled item pages (PDF,
	// DOCX, XLSX) read per site for the content checks (default
	// DefaultAttachments; negative: none); AttachmentBytes bounds the
	// bytes they take (default DefaultAttachmentBytes). Each file is
	// also bounded by MaxBody.
	Attachments     int
	AttachmentBytes int64

	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// TransportChecker checks the connections of a site's host (IPv6, HTTPS,
// HSTS, http→https); *netcheck.Checker is one.
type TransportChecker interface {
	Check(ctx context.Context, site string) zwgk.Transport
}

var _ TransportChecker = (*netcheck.Checker)(nil)

// DefaultDelay is the polite pause between requests to one site.
const DefaultDelay = time.Second

// DefaultUserAgent names the tool; deployments set their own contact.
const DefaultUserAgent = "zwgk-assessor/1.0 (+mailto:zwgk-assessor@localhost)"

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	switch {
	case o.Delay == 0:
		o.Delay = DefaultDelay
	case o.Delay < 0:
		o.Delay = 0
	}
	if o.Global <= 0 {
		o.Global = 64
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 10 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	switch {
	case o.Retries == 0:
		o.Retries = 2
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 10 << 20
	}
	if o.MaxDecoded <= 0 {
		o.MaxDecoded = 20 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.MaxPerPattern <= 0 {
		o.MaxPerPattern = 40
	}
	if o.MaxQueryVars <= 0 {
		o.MaxQueryVars = 10
	}
	if o.MaxURLLen <= 0 {
		o.MaxURLLen = 1024
	}
	if o.RenderTabs <= 0 {
		o.RenderTabs = 2
	}
	if o.RenderTimeout <= 0 {
		o.RenderTimeout = 30 * time.Second
	}
	if o.HubLinks <= 0 {
		o.HubLinks = 12
	}
	if o.HomeLinks <= 0 {
		o.HomeLinks = 300
	}
	if o.LinksPerPage <= 0 {
		o.LinksPerPage = 10
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 30 * time.Second
	}
	if o.RetryAfterBudget <= 0 {
		o.RetryAfterBudget = 2 * time.Minute
	}
	if o.MaxParsing <= 0 {
		o.MaxParsing = 16 << 20
	}
	if o.Attachments == 0 {
		o.Attachments = DefaultAttachments
	}
	if o.AttachmentBytes <= 0 {
		o.AttachmentBytes = DefaultAttachmentBytes
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Crawler is shared by all site crawls of a process: one connection pool,
// one global concurrency limit. Its methods are safe for concurrent use.
type Crawler struct {
	opts     Options
	secure   *boundedTransport
	insecure *boundedTransport
	tr       []*http.Transport
	render   *renderer           // nil when rendering is off
	sites    siteIndex           // every agency's roots (KnownSites)
	parsing  *semaphore.Weighted // bytes being parsed (Options.MaxParsing)
}

// New builds a Crawler.
func New(opts Options) *Crawler {
	o := opts.withDefaults()
	global := make(chan struct{}, o.Global)
	st, it := newTransport(o, false), newTransport(o, true)
	return &Crawler{
		opts:     o,
		secure:   &boundedTransport{base: st, global: global, maxBody: o.MaxBody, maxDecoded: o.MaxDecoded},
		insecure: &boundedTransport{base: it, global: global, maxBody: o.MaxBody, maxDecoded: o.MaxDecoded},
		tr:       []*http.Transport{st, it},
		render:   newRenderer(o),
		parsing:  semaphore.NewWeighted(o.MaxParsing),
	}
}

// Close drops idle connections and ends the browser, if one was started.
func (c *Crawler) Close() {
	for _, t := range c.tr {
		t.CloseIdleConnections()
	}
	if c.render != nil {
		_ = c.render.b.Close()
	}
}

func (c *Crawler) client(insecure bool, timeout time.Duration) *http.Client {
	rt := c.secure
	if insecure {
		rt = c.insecure
	}
	return &http.Client{Transport: rt, Timeout: timeout, CheckRedirect: checkRedirect(c.opts.MaxRedirects)}
}

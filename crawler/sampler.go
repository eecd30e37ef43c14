package crawler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"zwgk"
	"zwgk/crawler/dates"
	"zwgk/indicators"
)

// pageRec is a page of this crawl, fetched now or read back from the store.
type pageRec struct {
	page zwgk.Page
	doc  *parsed // nil unless the page is HTML and was read
	body []byte
}

func (r *pageRec) ok() bool {
	return r.page.Cause == zwgk.CauseNone && r.page.Status > 0 && r.page.Status < 400
}

// site is the state of one site crawl.
type site struct {
	c       *Crawler
	ctx     context.Context
	cycle   int64
	agency  string
	w       zwgk.EvidenceWriter
	f       *fetcher
	trap    *trapGuard
	budget  int
	plan    plan
	home    *pageRec
	items   bool                // pages being read are items (openItems)
	cache   strCache            // interned strings and resolved links of the site's pages
	matched map[string][]string // anchor text → indicators whose aliases match
	// renderRows reads a page's list rows after running its scripts; nil
	// without a browser. lists.go calls it only where static reading found
	// no rows where a list should be (noRows).
	renderRows func(ctx context.Context, url string) ([]row, bool)

	// Links to check, gathered as pages are read (noteLinks).
	homeURL string
	linkCap int
	links   linkBook
	allowed func(string) bool // robots.txt
	roots   Roots             // the agency's own site (RootsOf, and where its home page led)

	// pageCtx carries the policy of page fetches (redirects within the
	// agency's site), linkCtx that of link checks (redirects anywhere
	// public); both the site's own addresses.
	pageCtx, linkCtx context.Context
	insecure         bool         // proceeding past a certificate error
	waited           atomic.Int64 // Retry-After waits (fetcher.waited)
	refused          refusals
	rs               renderState // pages rendered in the browser, and those that could not be
	excluded         Roots       // other agencies' sites inside the roots (KnownSites)

	scan *contentScan // the framework's content checks; nil when it asks none

	mu    sync.Mutex
	seen  map[string]*pageRec // normalised URL (requested or final) → page
	pages []zwgk.Page         // in claim order
	used  int
	err   error // first writer error: evidence that cannot be kept stops the crawl
}

// Crawl samples agency a's site for framework fw and returns the evidence,
// writing each page to w as it is fetched and the derived evidence at the
// end. A site that cannot be assessed yields evidence with Failure set and
// a nil error; the error is for the writer failing or ctx ending. Run
// again after an interruption, it reads what w already stored instead of
// fetching it, and ends with the same evidence.
func (c *Crawler) Crawl(ctx context.Context, cycleID int64, a zwgk.Agency, fw *indicators.Framework, asOf zwgk.Date, w zwgk.EvidenceWriter) (zwgk.Evidence, error) {
	s := c.open(ctx, cycleID, a, fw, w)
	defer func() { s.f.wait() }()

	ev := zwgk.Evidence{Agency: a.Code, CrawledAt: c.opts.Now().UTC(), Columns: []zwgk.Column{}, Links: []zwgk.Link{}, Probes: []zwgk.Probe{}}
	s.homeURL, s.linkCap = Normalize(a.Site), max(fw.Sampling.LinksChecked, 0)
	ev.Roots = s.roots.Strings()
	var unreachable *result
	s.allowed, unreachable = s.loadRootsRobots(s.homeURL)
	if unreachable != nil {
		ev.Failure = &zwgk.Failure{Cause: unreachable.Cause, Status: unreachable.Status,
			Detail: "robots.txt: " + errText(unreachable.Err), URL: s.homeURL}
		return s.finish(ev)
	}
	home := s.get([]string{Normalize(a.Site)})[0]
	if home.page.Cause == zwgk.CauseTLS && c.opts.ProceedOnTLSError {
		// Record the bad certificate, then read the site anyway. A resumed
		// run finds the proceeded page stored (status > 0) and goes on
		// without verification too.
		s.f.wait()
		s.f = c.newFetcher(s.pageCtx, true, &s.waited)
		s.insecure = true
		if home.page.Status == 0 {
			home = s.refetchInsecure(home)
		}
	}
	if s.err != nil {
		return ev, s.err
	}
	ev.HomeRedirect = homeRedirect(home.page)
	if !home.ok() && !(home.page.Cause == zwgk.CauseTLS && home.page.Status > 0) {
		ev.Failure = &zwgk.Failure{Cause: home.page.Cause, Status: home.page.Status, Detail: home.page.Error, URL: home.page.URL}
		if ev.Failure.Cause == zwgk.CauseNone {
			ev.Failure.Cause = zwgk.CauseOther
		}
		if r := ev.HomeRedirect; r != nil && (home.page.Cause == zwgk.CauseOffsite || home.page.Cause == zwgk.CauseAddress) {
			ev.Failure.Detail = r.To // the finding names where the home page led
		}
		return s.finish(ev)
	}
	if home.doc == nil {
		ev.Failure = &zwgk.Failure{Cause: zwgk.CauseNotHTML, Status: home.page.Status, Detail: "home page is not HTML", URL: home.page.URL}
		return s.finish(ev)
	}
	homeURL := home.page.FinalURL
	if homeURL == "" {
		homeURL = home.page.URL
	}
	hu, _ := url.Parse(homeURL)
	s.adoptHome(homeURL)
	ev.Roots = s.roots.Strings()
	ev.Home.URL = homeURL
	if homeNeedsRender(home.doc) {
		// A home page its scripts build: read what the browser shows.
		if d := s.renderDoc(home, renderedHome); d != nil && (len(d.Rows) > 0 || len(d.Links) > len(home.doc.Links)) {
			home.doc = d
		}
	}
	ev.Home.Items = items(home.doc.Rows)

	p := s.plan
	cols := s.discover(p, home, hu.Host, fw.Sampling.MaxDepth)
	s.hub(&ev.Home, home, hu.Host)
	s.dropLinks()
	windowStart := asOf.AddDays(-fw.WindowDays)
	s.readLists(cols, p, fw.Sampling.ListPages, windowStart)
	s.dropLinks()
	s.openItems(cols, p, hu.Host, fw.Sampling.ItemsOpened, asOf)
	s.dropLinks()
	ev.AttachmentsRead = s.readAttachments(cols) // for the content checks (attachments.go)
	for _, col := range cols {
		ev.Columns = append(ev.Columns, col.Column)
		if col.depth == 1 {
			ev.FirstLevel = append(ev.FirstLevel, col.URL) // linked from the home page: 一级栏目
		}
	}
	s.home = home
	ev.Links, ev.LinkSample = s.checkLinks(home, fw.Sampling.LinksChecked)
	if c.opts.NetCheck != nil && fw.NeedsTransport() {
		// The site's page context: its scope is the address policy
		// the production checker asks (AllowedAddress).
		t := c.opts.NetCheck.Check(s.pageCtx, homeURL)
		ev.Transport = &t
	}
	if s.err != nil {
		return ev, s.err
	}
	return s.finish(ev)
}

// open prepares the crawl of agency a's site: its plan and budget, its
// roots, the address and redirect policies of its pages and links, and a
// fetcher. Crawl and Recheck share it.
func (c *Crawler) open(ctx context.Context, cycleID int64, a zwgk.Agency, fw *indicators.Framework, w zwgk.EvidenceWriter) *site {
	s := &site{c: c, ctx: ctx, cycle: cycleID, agency: a.Code, w: w, seen: map[string]*pageRec{},
		trap: newTrapGuard(trapLimits{PerPattern: c.opts.MaxPerPattern, PerPath: c.opts.MaxQueryVars, MaxLen: c.opts.MaxURLLen}),
	}
	s.plan = planFor(fw)
	// The framework's content checks; a validated framework never fails
	// here, and without a scan the content rules stay pending.
	s.scan, _ = newContentScan(fw)
	s.budget = fw.Sampling.MaxPages
	if s.budget <= 0 {
		s.budget = 200
	}
	s.roots = RootsOf(a)
	s.excluded = c.excludedFor(a.Code, s.roots)
	// One cookie jar for every fetch of the site: the cookies its server
	// sets, and a script cookie challenge's, as a browser keeps them.
	ctx = withJar(ctx)
	// The addresses of the agency's roots may be reached wherever they
	// are; its pages follow redirects within its own site only (its roots
	// and their registrable domains); link checks anywhere public.
	sc := &scope{nets: c.opts.AllowNets}
	sc.enrol(ctx, a.Site)
	for _, r := range s.roots.Strings() {
		sc.enrol(ctx, r)
	}
	own := func(u string) bool { return s.roots.SameSite(u) || s.roots.SameDomain(u) }
	s.pageCtx = withPolicy(ctx, &policy{scope: sc, own: own})
	s.linkCtx = withPolicy(ctx, &policy{scope: sc})
	s.f = c.newFetcher(s.pageCtx, false, &s.waited)
	return s
}

func (s *site) finish(ev zwgk.Evidence) (zwgk.Evidence, error) {
	ev.Render = s.renderLog()
	if ev.Failure == nil {
		s.scan.fill(&ev)
	}
	s.mu.Lock()
	ev.Pages = append([]zwgk.Page(nil), s.pages...)
	ev.Refused = s.refused.list()
	err := s.err
	s.mu.Unlock()
	if err != nil {
		return ev, err
	}
	if err := s.w.SaveEvidence(s.ctx, s.cycle, ev); err != nil {
		return ev, fmt.Errorf("crawl %s: save evidence: %w", s.agency, err)
	}
	return ev, nil
}

// get returns the pages for urls (normalised), in order: each URL is
// fetched at most once per crawl (an atomic claim on the seen-set, not
// colly's racy visited check), read back from the store when a previous
// run stored it, and refused when the budget is spent.
func (s *site) get(urls []string) []*pageRec {
	out := make([]*pageRec, len(urls))
	var fetch []string
	var fetchIdx, claimed []int
	s.mu.Lock()
	for i, u := range urls {
		if r, ok := s.seen[u]; ok {
			out[i] = r
			continue
		}
		r := &pageRec{page: zwgk.Page{URL: u}}
		s.seen[u] = r
		out[i] = r
		claimed = append(claimed, i)
		if !s.allowed(u) {
			r.page.Cause, r.page.Error = zwgk.CauseRobots, "disallowed by robots.txt"
			continue
		}
		if s.used >= s.budget {
			r.page.Cause, r.page.Error = zwgk.CauseBudget, errBudget.Error()
			continue
		}
		s.used++
		fetch = append(fetch, u)
		fetchIdx = append(fetchIdx, i)
	}
	s.mu.Unlock()

	// Resume: pages stored by an earlier run are read back, not fetched.
	var net []string
	var netIdx []int
	for k, u := range fetch {
		r := out[fetchIdx[k]]
		pg, body, ok, err := s.w.StoredPage(s.ctx, s.cycle, s.agency, u)
		if err != nil {
			s.fail(fmt.Errorf("crawl %s: stored page %s: %w", s.agency, u, err))
			r.page.Cause = zwgk.CauseOther
			continue
		}
		if ok {
			r.page, r.body = pg, body
			s.refused.noteFetch(result{URL: pg.URL, Cause: pg.Cause, RefusedTo: refusedTarget(pg.Error)})
			// Read as the first run did: a page it could not read (too
			// deep, not HTML, an error status) stays unread.
			if pg.Cause == zwgk.CauseNone || (pg.Cause == zwgk.CauseTLS && pg.Status > 0) {
				if r.doc = s.read(pg, body, ""); r.doc != nil {
					r.body = nil // parsed: the store has it
				}
			}
			continue
		}
		net = append(net, u)
		netIdx = append(netIdx, fetchIdx[k])
	}
	if len(net) > 0 {
		for k, res := range s.f.fetchAll(http.MethodGet, net) {
			r := out[netIdx[k]]
			s.refused.noteFetch(res)
			s.fill(r, res)
		}
	}
	for _, i := range claimed {
		s.noteLinks(out[i])
	}
	s.mu.Lock()
	for _, i := range claimed {
		r := out[i]
		s.pages = append(s.pages, r.page)
		if f := r.page.FinalURL; f != "" && f != r.page.URL {
			if _, dup := s.seen[f]; !dup {
				s.seen[f] = r
			}
		}
	}
	s.mu.Unlock()
	return out
}

// fill records a fetch result on r, parses it and saves it. A body that
// claims to be HTML but is binary (not_html), or whose markup nests past
// the parser's limit (too_deep), is kept with its cause: the page was
// fetched but could not be read, and the evidence says so rather than
// showing a page with no title and no columns.
func (s *site) fill(r *pageRec, res result) {
	challenged := false
	if res.Err == nil && isChallenge(res.Status, res.Body) {
		// A script cookie challenge answered for the page: pass it in the
		// browser, then read the page the reload brought.
		if passed, ok := s.challenge(res); ok {
			res, challenged = passed, true
		} else {
			res.Cause = zwgk.CauseChallenge
			res.Err = fmt.Errorf("a script cookie challenge (HTTP %d) stands before the page and could not be passed", res.Status)
		}
	}
	r.page, r.body = pageOf(res), res.Body
	if challenged {
		r.page.Rendered = renderedChallenge
	}
	if r.page.Cause == zwgk.CauseNone {
		ct := ""
		if res.Header != nil {
			ct = res.Header.Get(headerContentType)
		}
		if kind, bad := binaryAsHTML(res.Body, ct); bad {
			r.page.Cause, r.page.Error = zwgk.CauseNotHTML, fmt.Sprintf("served as %s, the body is %s", declared(ct), kind)
		} else {
			s.readInto(r, res.Body, ct)
		}
	}
	if err := s.w.SavePage(s.ctx, s.cycle, s.agency, r.page, r.body); err != nil {
		s.fail(fmt.Errorf("crawl %s: save page %s: %w", s.agency, r.page.URL, err))
	}
	if r.doc != nil {
		r.body = nil // parsed and stored: keep a site's working set small
	}
}

// refetchInsecure fetches the home page again without certificate
// verification; the page keeps CauseTLS so the evidence shows the error.
func (s *site) refetchInsecure(home *pageRec) *pageRec {
	tlsErr := home.page.Error
	res := s.f.fetchAll(http.MethodGet, []string{home.page.URL})[0]
	if res.Cause == zwgk.CauseNone {
		res.Cause, res.Err = zwgk.CauseTLS, fmt.Errorf("proceeded past certificate error: %s", tlsErr)
		// pageOf drops the hash of failed fetches; this one was read.
	}
	r := &pageRec{}
	s.fill(r, res)
	defer s.noteLinks(r)
	if res.Status > 0 && len(res.Body) > 0 {
		sum := sha256.Sum256(res.Body)
		r.page.SHA256 = hex.EncodeToString(sum[:])
		s.readInto(r, res.Body, "")
		if err := s.w.SavePage(s.ctx, s.cycle, s.agency, r.page, res.Body); err != nil {
			s.fail(err)
		}
	}
	s.mu.Lock()
	s.seen[r.page.URL] = r
	if f := r.page.FinalURL; f != "" {
		s.seen[f] = r
	}
	for i := range s.pages {
		if s.pages[i].URL == r.page.URL {
			s.pages[i] = r.page
		}
	}
	s.mu.Unlock()
	return r
}

// match is plan.match remembered per anchor text: every page of a site
// repeats its navigation.
func (s *site) match(text string) []string {
	if ids, ok := s.matched[text]; ok {
		return ids
	}
	if s.matched == nil {
		s.matched = map[string][]string{}
	}
	ids := s.plan.match(text)
	s.matched[text] = ids
	return ids
}

func (s *site) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// readInto parses r's body onto r: its document and the page's title,
// date and charset, or the cause when the markup is too deep to read.
func (s *site) readInto(r *pageRec, body []byte, contentType string) {
	r.doc = s.read(r.page, body, contentType)
	switch {
	case r.doc == nil:
	case r.doc.tooDeep:
		r.doc = nil
		r.page.Cause, r.page.Error = zwgk.CauseTooDeep, "markup nested past the parser's limit of 512 open elements: not read"
	default:
		r.page.Title, r.page.Date, r.page.Charset = r.doc.Title, r.doc.Date, r.doc.charset
		r.page.DateSource, r.page.MetaDate = r.doc.DateSource, r.doc.MetaDate
	}
}

// read parses an HTML body; nil for other content.
func (s *site) read(p zwgk.Page, body []byte, contentType string) *parsed {
	if len(body) == 0 || !looksHTML(body) {
		return nil
	}
	// Parsing takes about twenty times the page's size for a moment (the
	// tree, the text, the links): the bytes being parsed at once are
	// bounded across every site of the process (Options.MaxParsing).
	w := min(int64(len(body)), s.c.opts.MaxParsing)
	if err := s.c.parsing.Acquire(s.ctx, w); err != nil {
		return nil // the crawl is ending
	}
	defer s.c.parsing.Release(w)
	text, cs := decode(body, contentType, p.Charset)
	base, err := url.Parse(p.FinalURL)
	if err != nil || p.FinalURL == "" {
		base, _ = url.Parse(p.URL)
	}
	d := parseHTML(text, base, &s.cache)
	if d.tooDeep {
		return d
	}
	d.charset = cs
	s.scan.page(scanned{url: base.String(), doc: d, markup: text, home: p.URL == s.homeURL || (p.FinalURL != "" && Normalize(p.FinalURL) == s.homeURL)})
	// What item pages are read for is taken now, so the text can go.
	// Only item pages are searched for terms and letter dates.
	if !s.items {
		d.Text, d.Scripts, d.dates = "", nil, nil
		return d
	}
	all := normalize(d.Title + "\n" + d.Text)
	for i, t := range s.plan.terms {
		if nt := s.plan.normTerms[i]; nt != "" && strings.Contains(all, nt) {
			d.terms = append(d.terms, t)
		}
	}
	d.submitted = dates.LabelledIn(d.dates, "来信时间", "提交时间")
	d.replied = dates.LabelledIn(d.dates, "回复时间", "答复时间")
	d.Text, d.Scripts, d.dates = "", nil, nil
	return d
}

// looksHTML decides from the body alone (a resumed crawl has no headers,
// and must read a stored page exactly as the first run did).
func looksHTML(body []byte) bool {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

func pageOf(res result) zwgk.Page {
	p := zwgk.Page{URL: res.URL, FinalURL: res.Final, Status: res.Status, FetchedAt: res.FetchedAt.UTC(), Bytes: int64(len(res.Body)), Cause: res.Cause}
	if p.FinalURL == p.URL {
		p.FinalURL = ""
	}
	if res.Err != nil {
		p.Error = res.Err.Error()
	}
	if p.Cause == zwgk.CauseNone && res.Err == nil && len(res.Body) > 0 {
		sum := sha256.Sum256(res.Body)
		p.SHA256 = hex.EncodeToString(sum[:])
	}
	return p
}

func items(rows []row) []zwgk.Item {
	out := make([]zwgk.Item, 0, len(rows))
	for _, r := range rows {
		out = append(out, zwgk.Item{Title: r.Title, URL: r.URL, Date: r.Date, DateSource: r.DateSource})
	}
	return out
}

// column is a column being read.
type column struct {
	zwgk.Column
	first *pageRec
	depth int
}

// frontierEntry is a link waiting in the best-first frontier.
type frontierEntry struct {
	url, text string
	depth     int
	prio      int // 0 column alias, 1 openness area
	seq       int
	ids       []string
}

// discover walks best-first from the home page: links whose anchor text
// matches a column alias first, then links into the openness area; other
// links are not fetched for discovery (they are only link-checked). Each
// wave takes the best PerHost×2 entries and fetches them together, and
// what a wave adds is pushed in the wave's order, so the columns found do
// not depend on timing.
func (s *site) discover(p plan, home *pageRec, host string, maxDepth int) []*column {
	if maxDepth <= 0 {
		maxDepth = 3
	}
	var frontier []frontierEntry
	queued := map[string]bool{home.page.URL: true, home.page.FinalURL: true}
	seq := 0
	// push queues a page's links. From the home page and from area pages
	// (pages listing columns) every column-like link may be a column; from
	// a column's own page only alias and openness links are followed, so
	// a list's items and a calendar's days are never walked.
	push := func(doc *parsed, depth int, fromArea bool) {
		if depth > maxDepth {
			return
		}
		// A list line is an item, dated or not, unless it points at a
		// directory (an area page's lines are its columns).
		items := map[string]bool{}
		for _, r := range doc.Rows {
			if !r.Date.IsZero() || !dirLike(r.URL) {
				items[r.URL] = true
			}
		}
		for _, l := range doc.Links {
			if queued[l.URL] || !s.own(l.URL) || attachmentExt(l.URL) != "" || !columnLike(l, items) {
				continue
			}
			e := frontierEntry{url: l.URL, text: l.Text, depth: depth, seq: seq}
			switch e.ids = s.match(l.Text); {
			case len(e.ids) > 0:
				e.prio = 0
			case isOpenness(l.Text):
				e.prio = 1
			case fromArea:
				e.prio = 2
			default:
				continue
			}
			check := s.trap.allow
			if e.prio == 2 {
				check = s.trap.allowExplore
			}
			if err := check(l.URL); err != nil {
				queued[l.URL] = true // counted once, however many pages link it
				s.refused.add(zwgk.CauseTrap, trapPattern(err), l.URL)
				continue
			}
			queued[l.URL] = true
			seq++
			frontier = append(frontier, e)
		}
	}
	push(home.doc, 1, true)
	var cols []*column
	wave := max(s.c.opts.PerHost*4, 8)
	for len(frontier) > 0 && s.remaining() > 0 && s.ctx.Err() == nil {
		sort.SliceStable(frontier, func(i, j int) bool {
			a, b := frontier[i], frontier[j]
			if a.prio != b.prio {
				return a.prio < b.prio
			}
			if a.depth != b.depth {
				return a.depth < b.depth
			}
			return a.seq < b.seq
		})
		n := min(wave, len(frontier))
		batch := append([]frontierEntry(nil), frontier[:n]...)
		frontier = frontier[n:]
		urls := make([]string, n)
		for i, e := range batch {
			urls[i] = e.url
		}
		recs := s.get(urls)
		for i, e := range batch {
			r := recs[i]
			read := r.doc != nil && r.ok()
			switch {
			case read && isArea(r.doc):
				push(r.doc, e.depth+1, true)
			case e.prio == 0 || (read && isList(r.doc)):
				// An alias match is recorded even when its page fails,
				// so the column says why it could not be read.
				cols = append(cols, &column{Column: zwgk.Column{Name: e.text, URL: e.url, Indicators: e.ids, Items: []zwgk.Item{}}, first: r, depth: e.depth})
				if read {
					push(r.doc, e.depth+1, false)
				}
			case read && e.prio == 1:
				push(r.doc, e.depth+1, true)
			}
		}
	}
	return cols
}

// isArea reports a page that lists columns rather than items: two or
// more undated lines, each linking to a directory-like URL (/xxgk/,
// /tzgg/index.html).
func isArea(d *parsed) bool {
	if len(d.Rows) < 2 {
		return false
	}
	for _, r := range d.Rows {
		if !r.Date.IsZero() || !dirLike(r.URL) {
			return false
		}
	}
	return true
}

// isList reports a page that is a column's list: lines of items (not all
// pointing at one path with different queries, as a calendar's or a
// search's do), an empty list, or a list a script fills.
func isList(d *parsed) bool {
	if len(d.Rows) == 0 {
		return d.EmptyList || len(d.Feeds) > 0
	}
	paths := map[string]bool{}
	for _, r := range d.Rows {
		u, err := url.Parse(r.URL)
		if err != nil {
			continue
		}
		paths[u.Path] = true
	}
	return len(paths) > 1 || len(d.Rows) == 1
}

func dirLike(u string) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.RawQuery != "" {
		return false
	}
	p := strings.ToLower(pu.Path)
	if strings.HasSuffix(p, "/") {
		return true
	}
	base := path.Base(p)
	return strings.HasPrefix(base, "index.") || strings.HasPrefix(base, "default.")
}

// columnLike tells a column's link from an item's: an item sits in a
// dated list line, carries a publication date in its URL
// (t20261112_1.html), or has a title longer than any column label; an
// item titled "关于印发政策文件的通知" must not become a column. "更多"
// links name no column.
func columnLike(l link, items map[string]bool) bool {
	if items[l.URL] || !dates.FromURL(l.URL).IsZero() {
		return false
	}
	n := normalize(l.Text)
	if n == "" || strings.HasPrefix(n, "更多") || strings.HasPrefix(n, "more") {
		return false
	}
	return utf8.RuneCountInString(l.Text) <= maxColumnLabel
}

// maxColumnLabel is the longest anchor text taken as a column label.
const maxColumnLabel = 16

func (s *site) remaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.budget - s.used
}

// hub marks a navigation-only home page (no dated item) and reads the
// pages it links to: their newest items stand for the home page.
func (s *site) hub(h *zwgk.Home, home *pageRec, host string) {
	// A home page whose lines are undated articles is not a hub: it is a
	// home page that does not date its items (judged as not updated).
	for _, r := range home.doc.Rows {
		if !r.Date.IsZero() || !dirLike(r.URL) {
			return
		}
	}
	h.Hub = true
	var urls []string
	seen := map[string]bool{}
	add := func(u string) {
		if len(urls) >= s.c.opts.HubLinks || seen[u] || u == home.page.URL || u == home.page.FinalURL || !s.own(u) || attachmentExt(u) != "" {
			return
		}
		seen[u] = true
		urls = append(urls, u)
	}
	// The entries of the page body first (a portal's tiles), navigation
	// only when the body has none.
	for _, r := range home.doc.Rows {
		add(r.URL)
	}
	if len(urls) == 0 {
		for _, l := range home.doc.Links {
			add(l.URL)
		}
	}
	for _, r := range s.get(urls) {
		if r.doc == nil || !r.ok() || len(r.doc.Rows) == 0 {
			continue
		}
		best := r.doc.Rows[0]
		for _, row := range r.doc.Rows {
			if !row.Date.IsZero() && (best.Date.IsZero() || row.Date.After(best.Date)) {
				best = row
			}
		}
		h.SecondLevel = append(h.SecondLevel, zwgk.Item{Title: best.Title, URL: best.URL, Date: best.Date})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/publicsuffix"

	"zwgk"
)

// result is one fetch: a page or a link check.
type result struct {
	URL       string // as requested (normalised)
	Final     string // after redirects
	Status    int
	Header    http.Header
	Body      []byte // raw, as served (decompressed)
	Err       error
	Cause     zwgk.Cause
	Attempts  int
	FetchedAt time.Time
	// RefusedTo is where a redirect the crawl refused to follow led (off
	// the agency's site, or to a forbidden address); nothing was fetched
	// there.
	RefusedTo string
}

// job is one request in flight; colly's request context carries it, so
// retries keep their attempt count (colly has no retry limit of its own).
type job struct {
	method string
	url    string
	body   []byte      // request body (a rendered page's XHR POST), sent again on retry
	hdr    http.Header // request headers besides colly's (the rendered page's Accept, Content-Type …)
	res    result
	done   chan struct{}
}

// fetcher fetches for one site crawl. It drives an async colly collector
// from our own frontier: at most PerHost requests are handed to colly at a
// time (slots), so no goroutine waits per pending URL; colly's LimitRule
// adds the per-site delay and caps parallelism a second time.
type fetcher struct {
	c     *Crawler
	ctx   context.Context
	col   *colly.Collector
	slots chan struct{}
	wg    sync.WaitGroup
	// jar keeps the site's cookies, as a browser would: those its server
	// sets, and those a script cookie challenge set in the browser, so
	// static fetches after the challenge pass it.
	jar http.CookieJar
	// waited is the time the site's crawl spent waiting for Retry-After,
	// shared by the site's fetchers; it is bounded by RetryAfterBudget.
	waited *atomic.Int64
}

// jarKey carries a site crawl's cookie jar in its contexts, so that every
// fetcher of the site (pages, link checks, robots.txt) shares it.
type jarKey struct{}

// withJar gives ctx a fresh cookie jar for one site crawl.
func withJar(ctx context.Context) context.Context {
	jar, _ := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	return context.WithValue(ctx, jarKey{}, http.CookieJar(jar))
}

// jarOf is the site's jar, or a jar of its own for a fetcher outside a
// site crawl.
func jarOf(ctx context.Context) http.CookieJar {
	if j, ok := ctx.Value(jarKey{}).(http.CookieJar); ok {
		return j
	}
	jar, _ := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	return jar
}

// newFetcher builds a site's fetcher; ctx carries the site's policy
// (withPolicy), which its requests' redirects and dials obey.
func (c *Crawler) newFetcher(ctx context.Context, insecure bool, waited *atomic.Int64) *fetcher {
	o := c.opts
	col := colly.NewCollector(
		colly.Async(true),
		colly.UserAgent(o.UserAgent),
		colly.AllowURLRevisit(), // our own seen-set decides; colly's races (DESIGN.md)
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(0), // the transport caps, with an error instead of truncating
		colly.StdlibContext(ctx),
	)
	// robots.txt is honoured, once per crawl, by site.loadRobots; colly's
	// check would fetch it per collector and skip HEAD link checks.
	col.IgnoreRobotsTxt = true
	col.DetectCharset = false // we decode: header, <meta>, then content
	client := c.client(insecure, o.Timeout)
	client.Jar = jarOf(ctx)
	col.SetClient(client)
	// The collector serves one site, so a catch-all rule is a per-site limit.
	_ = col.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: o.PerHost, Delay: o.Delay})
	f := &fetcher{c: c, ctx: ctx, col: col, slots: make(chan struct{}, o.PerHost), waited: waited, jar: client.Jar}
	col.OnResponse(func(r *colly.Response) {
		j := r.Ctx.GetAny("job").(*job)
		if retryable(Classify(nil, r.StatusCode), r.StatusCode) && f.retry(j, r.Ctx, r.StatusCode, r.Headers) {
			return
		}
		j.res.Status = r.StatusCode
		j.res.Final = Normalize(r.Request.URL.String())
		if r.Headers != nil {
			j.res.Header = *r.Headers
		}
		j.res.Body = r.Body
		j.res.Cause = Classify(nil, r.StatusCode)
		f.finish(j)
	})
	col.OnError(func(r *colly.Response, err error) {
		j := r.Ctx.GetAny("job").(*job)
		cause := Classify(err, r.StatusCode)
		if retryable(cause, r.StatusCode) && f.retry(j, r.Ctx, r.StatusCode, r.Headers) {
			return
		}
		j.res.Err, j.res.Cause, j.res.Status = err, cause, r.StatusCode
		var re *redirectError
		var ue *url.Error
		switch {
		case errors.As(err, &re):
			j.res.RefusedTo = re.to
		case cause == zwgk.CauseAddress && errors.As(err, &ue) && Normalize(ue.URL) != j.url:
			// refused at connect time after a redirect to a host name;
			// the error names the target as a refused redirect's does
			// (refusedTarget reads it back on resume)
			j.res.RefusedTo = Normalize(ue.URL)
			j.res.Err = &redirectError{to: j.res.RefusedTo, err: err}
		}
		f.finish(j)
	})
	return f
}

// retry issues the job again after a doubling backoff, if attempts remain.
// A 429 or 503 with Retry-After waits as long as it asks, up to
// MaxRetryAfter and within the site's RetryAfterBudget; asked for longer,
// the page ends with the answer it had and says why. The wait holds one of
// the site's slots, not the global pool: a throttling site slows itself
// only.
func (f *fetcher) retry(j *job, cctx *colly.Context, status int, hdr *http.Header) bool {
	if j.res.Attempts > f.c.opts.Retries {
		return false
	}
	wait := f.c.opts.Backoff << (j.res.Attempts - 1)
	if (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) && hdr != nil {
		if ra, ok := retryAfter(hdr.Get("Retry-After"), f.c.opts.Now()); ok {
			if ra > f.c.opts.MaxRetryAfter {
				j.res.Err = fmt.Errorf("%w: %v asked, %v at most", errRetryAfter, ra.Round(time.Second), f.c.opts.MaxRetryAfter)
				return false
			}
			if f.waited != nil && time.Duration(f.waited.Add(int64(ra))) > f.c.opts.RetryAfterBudget {
				j.res.Err = fmt.Errorf("%w: the site's %v for waiting is spent", errRetryAfter, f.c.opts.RetryAfterBudget)
				return false
			}
			wait = max(wait, ra)
		}
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-f.ctx.Done():
		return false
	}
	j.res.Attempts++
	if err := f.col.Request(j.method, j.url, j.reqBody(), cctx, j.hdr); err != nil {
		j.res.Err, j.res.Cause = err, Classify(err, 0)
		f.finish(j)
	}
	return true
}

func (f *fetcher) finish(j *job) {
	j.res.FetchedAt = f.c.opts.Now()
	close(j.done)
	<-f.slots
}

func (j *job) reqBody() io.Reader {
	if j.body == nil {
		return nil
	}
	return bytes.NewReader(j.body)
}

// start hands one request to colly once a slot is free.
func (f *fetcher) start(method, u string) *job {
	return f.startWith(method, u, nil, nil)
}

// startWith is start with a body and headers.
func (f *fetcher) startWith(method, u string, body []byte, hdr http.Header) *job {
	j := &job{method: method, url: u, body: body, hdr: hdr, res: result{URL: u, Attempts: 1}, done: make(chan struct{})}
	select {
	case f.slots <- struct{}{}:
	case <-f.ctx.Done():
		j.res.Err, j.res.Cause = f.ctx.Err(), zwgk.CauseTimeout
		close(j.done)
		return j
	}
	cctx := colly.NewContext()
	cctx.Put("job", j)
	if err := f.col.Request(method, u, j.reqBody(), cctx, hdr); err != nil {
		// Refused before any request: robots.txt, or robots.txt unreachable.
		var ue *url.Error
		if errors.As(err, &ue) || !errors.Is(err, colly.ErrRobotsTxtBlocked) {
			err = fmt.Errorf("%s %s: %w", method, u, err)
		}
		j.res.Err, j.res.Cause = err, Classify(err, 0)
		f.finish(j)
	}
	return j
}

// fetchAll fetches urls with up to PerHost in flight and returns the
// results in the order of urls, whatever order they completed in, so what
// the crawl does next does not depend on timing.
func (f *fetcher) fetchAll(method string, urls []string) []result {
	jobs := make([]*job, len(urls))
	for i, u := range urls {
		jobs[i] = f.start(method, u)
	}
	out := make([]result, len(urls))
	for i, j := range jobs {
		<-j.done
		out[i] = j.res
	}
	return out
}

// wait lets colly's goroutines end (after the last delay).
func (f *fetcher) wait() { f.col.Wait() }

// errRetryAfter marks a page whose Retry-After was not waited for.
var errRetryAfter = errors.New("retry-after not honoured")

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date
// (RFC 9110 §10.2.3). A date in the past means at once.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(365*24*time.Hour/time.Second) {
			n = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

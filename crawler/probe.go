package crawler

import (
	"context"
	"io"
	"net/http"
	"time"

	"zwgk"
)

// Probe requests url once, as an availability probe: the probe fails when
// no answer comes within timeout. Latency is the time to the response
// headers; the cause says what went wrong (dns, refused, timeout, tls,
// status).
func (c *Crawler) Probe(ctx context.Context, url string, timeout time.Duration) zwgk.Probe {
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	p := zwgk.Probe{At: c.opts.Now().UTC()}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The probed site's own addresses may be reached; a redirect to
	// another non-public one may not (address.go).
	sc := &scope{nets: c.opts.AllowNets}
	sc.enrol(ctx, url)
	ctx = withPolicy(ctx, &policy{scope: sc})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		p.Cause = zwgk.CauseOther
		return p
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	start := time.Now()
	res, err := c.client(false, timeout).Do(req)
	p.Latency = time.Since(start)
	if err != nil {
		p.Cause = Classify(err, 0)
		return p
	}
	defer res.Body.Close()
	// Read a little, so a server that sends headers and then stalls is
	// not counted as up; the rest is not needed.
	head, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		p.Cause = Classify(err, 0)
	}
	p.Status = res.StatusCode
	if p.Cause == zwgk.CauseNone && isChallenge(res.StatusCode, head) {
		// 加速乐's 521, 瑞数's 412: the server answered with the script a
		// visitor's browser passes at once. The site is up; counting it
		// down would accuse the agency of the assessor's missing browser.
		p.Cause = zwgk.CauseChallenge
		return p
	}
	if p.Cause == zwgk.CauseNone {
		p.Cause = Classify(nil, res.StatusCode)
	}
	return p
}

package crawler

import (
	"compress/flate"
	"compress/gzip"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"
)

// errTooLarge marks a body (raw or decompressed) over its cap.
var errTooLarge = errors.New("body over size cap")

// headerContentType keeps the Content-Type as the server sent it. colly
// converts bodies from the header charset alone (ignoring <meta>), and the
// evidence must keep the raw bytes (their sha256 is what we saw), so the
// transport strips the charset parameter colly would act on and keeps the
// original here for our own decoding.
const headerContentType = "X-Zwgk-Content-Type"

// boundedTransport wraps the shared http.Transport: it holds one slot of
// the global concurrency limit for the life of each response, asks for
// gzip itself and decodes it with a cap (net/http's transparent gzip and
// colly's own gunzip both read without bound: a 10 KB gzip bomb would
// become gigabytes), and caps the raw body.
type boundedTransport struct {
	base       http.RoundTripper
	global     chan struct{}
	maxBody    int64
	maxDecoded int64
}

func newTransport(o Options, insecure bool) *http.Transport {
	// The Control hook refuses forbidden addresses at connect time, after
	// name resolution (address.go).
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second, ControlContext: controlAddress}
	return &http.Transport{
		Proxy:       nil, // assessment traffic goes straight to the site
		DialContext: dialer.DialContext,
		// No cap on idle connections in all: a cap below sites × PerHost
		// makes the pool close and redial connections of sites still
		// being crawled. A finished site's connections go after the idle
		// timeout.
		MaxIdleConns:          0,
		MaxIdleConnsPerHost:   max(o.PerHost, 2),
		MaxConnsPerHost:       max(o.PerHost*2, 4),
		IdleConnTimeout:       15 * time.Second,
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true,                                      // decoded below, with a cap
		TLSClientConfig:       &tls.Config{InsecureSkipVerify: insecure}, //nolint:gosec // only with Options.ProceedOnTLSError, after the error is recorded
	}
}

func (t *boundedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case t.global <- struct{}{}:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	release := func() { <-t.global }
	if req.Header.Get("Accept-Encoding") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", "gzip, deflate")
	}
	res, err := t.base.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	if res.ContentLength > t.maxBody && req.Context().Value(prefixKey{}) == nil {
		res.Body.Close()
		release()
		return nil, fmt.Errorf("%w: content-length %d", errTooLarge, res.ContentLength)
	}
	var body io.Reader = res.Body
	if req.Context().Value(prefixKey{}) == nil {
		body = &capReader{r: res.Body, n: t.maxBody}
	}
	raw := body
	enc := strings.ToLower(strings.TrimSpace(res.Header.Get("Content-Encoding")))
	switch enc {
	case "gzip", "x-gzip":
		body = &lazyGzip{src: raw}
	case "deflate":
		body = flate.NewReader(raw)
	}
	if enc != "" && enc != "identity" {
		body = &capReader{r: body, n: t.maxDecoded}
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
		res.Uncompressed = true
	}
	if ct := res.Header.Get("Content-Type"); ct != "" {
		res.Header.Set(headerContentType, ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			res.Header.Set("Content-Type", mt)
		}
	}
	res.Body = &releaseBody{Reader: body, closer: res.Body, release: release}
	return res, nil
}

// capReader fails with errTooLarge once more than n bytes were read, rather
// than truncating silently as io.LimitReader (and colly's MaxBodySize) do:
// a truncated page would be parsed as if it were whole.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.n+1 {
		p = p[:c.n+1]
	}
	k, err := c.r.Read(p)
	c.n -= int64(k)
	if c.n < 0 {
		return k, errTooLarge
	}
	return k, err
}

// lazyGzip opens the gzip stream on first read, so a bad header surfaces as
// a read error of the page rather than a transport error.
type lazyGzip struct {
	src io.Reader
	zr  *gzip.Reader
}

func (g *lazyGzip) Read(p []byte) (int, error) {
	if g.zr == nil {
		zr, err := gzip.NewReader(g.src)
		if err != nil {
			return 0, fmt.Errorf("gzip: %w", err)
		}
		g.zr = zr
	}
	return g.zr.Read(p)
}

type releaseBody struct {
	io.Reader
	closer  io.Closer
	release func()
	done    bool
}

func (b *releaseBody) Close() error {
	err := b.closer.Close()
	if !b.done {
		b.done = true
		b.release()
	}
	return err
}

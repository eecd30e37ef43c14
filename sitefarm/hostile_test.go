package sitefarm

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHostileFarmServes checks that each hostile site is what it says:
// the test of a crawler is only as good as its hostile sites.
func TestHostileFarmServes(t *testing.T) {
	hf, err := StartHostile(context.Background(), HostileOptions{Stall: 2 * time.Second, Links: 1000, RobotsBytes: 2 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer hf.Close()
	if len(hf.Sites) != len(HostileKinds()) {
		t.Fatalf("%d sites for %d kinds", len(hf.Sites), len(HostileKinds()))
	}
	noFollow := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(k HostileKind, path string) (*http.Response, string) {
		t.Helper()
		res, err := noFollow.Get(hf.Site(k).Agency.Site + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatalf("%s %s: %v", k, path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	if _, body := get(HostileManyLinks, "/"); strings.Count(body, "<a ") != hf.Site(HostileManyLinks).HomeLinks {
		t.Errorf("many links: %d anchors, want %d", strings.Count(body, "<a "), hf.Site(HostileManyLinks).HomeLinks)
	}
	if _, body := get(HostileDeepNesting, "/"); strings.Count(body, "<div>")+strings.Count(body, "<font>") <= 512 {
		t.Error("deep page is not past the parser's 512 open elements")
	}
	if res, body := get(HostileHugeRobots, "/robots.txt"); res.ContentLength != 2<<20 || len(body) != 2<<20 || !strings.HasPrefix(body, "User-agent: *\nDisallow: /private/\n") {
		t.Errorf("huge robots.txt: %d bytes, starts %q", len(body), body[:40])
	}
	if res, _ := get(HostilePrivateRedirect, "/"); res.StatusCode != http.StatusFound || res.Header.Get("Location") != hf.Site(HostilePrivateRedirect).Target {
		t.Errorf("private redirect: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := get(HostileBinaryAsHTML, "/"); !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || http.DetectContentType([]byte(body)) != "image/png" {
		t.Errorf("binary as HTML: %s sniffed as %s", res.Header.Get("Content-Type"), http.DetectContentType([]byte(body)))
	}
	if res, _ := get(HostileRetryAfter, "/"); res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Errorf("retry-after: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	time.Sleep(2100 * time.Millisecond)
	if res, _ := get(HostileRetryAfter, "/"); res.StatusCode != 200 {
		t.Errorf("after the wait: %d", res.StatusCode)
	}
}

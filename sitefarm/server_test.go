package sitefarm_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"

func get(t *testing.T, c *http.Client, u, ua string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if ua != "" {
		req.Header.Set("User-Agent", ua)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func find(f *sitefarm.Farm, profile string) *sitefarm.Site {
	for _, s := range f.Sites {
		if s.Profile == profile {
			return s
		}
	}
	return nil
}

// A clock fixed where no intermittent site fails would hide the defect;
// tests that read every site use a clock they set per request instead.
func TestTruthColumnsServed(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC).Unix())
	clock := func() time.Time { return time.Unix(now.Load(), 0) }
	f := sitefarmtest.StartT(t, sitefarm.Config{Sites: 60, Seed: 11, Defects: true},
		sitefarm.Options{SlowDelay: 10 * time.Millisecond, Clock: clock})
	c := &http.Client{Timeout: 5 * time.Second}
	for _, s := range f.Sites {
		if !strings.HasPrefix(s.Agency.Site, "http://127.") {
			t.Fatalf("site %d at %s: not loopback", s.Index, s.Agency.Site)
		}
		ev := s.Truth()
		for _, col := range ev.Columns {
			urls := []string{col.URL}
			if len(col.Items) > 0 {
				urls = append(urls, col.Items[0].URL, col.Items[len(col.Items)-1].URL)
				for _, a := range col.Items[0].Attachments {
					urls = append(urls, a.URL)
				}
			}
			for _, u := range urls {
				for try := 0; ; try++ {
					resp, _, err := get(t, c, u, browserUA)
					if err == nil && resp.StatusCode == 200 {
						break
					}
					if try > 20 {
						t.Fatalf("site %d (%s) column %q: %s: %v %v", s.Index, s.Profile, col.Name, u, resp, err)
					}
					now.Add(60) // an intermittent site: try the next slot
				}
			}
		}
	}
}

func TestGBKNeedsMetaCharset(t *testing.T) {
	f := sitefarmtest.StartT(t, sitefarm.Config{Sites: 12, Seed: 2})
	var site *sitefarm.Site
	for _, s := range f.Sites {
		if s.Style.Charset == "gbk" {
			site = s
			break
		}
	}
	if site == nil {
		t.Fatal("no GBK site among 12")
	}
	resp, body, err := get(t, http.DefaultClient, site.Agency.Site, browserUA)
	if err != nil {
		t.Fatal(err)
	}
	ct := resp.Header.Get("Content-Type")
	if strings.Contains(strings.ToLower(ct), "charset") {
		t.Fatalf("GBK site declares its charset in the header (%q): the trap is gone", ct)
	}
	title := func(s string) string {
		_, rest, _ := strings.Cut(s, "<title>")
		t, _, _ := strings.Cut(rest, "</title>")
		return t
	}
	// Read as UTF-8 (what a client that ignores <meta> does): not the name.
	if raw := title(string(body)); raw == site.Agency.Name || utf8.ValidString(raw) {
		t.Fatalf("GBK title reads as valid UTF-8 %q", raw)
	}
	enc, name, _ := charset.DetermineEncoding(body, ct)
	dec, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		t.Fatal(err)
	}
	if got := title(string(dec)); got != site.Agency.Name {
		t.Fatalf("decoded with %s: title %q, want %q", name, got, site.Agency.Name)
	}
}

func TestDefectsServed(t *testing.T) {
	f := sitefarm.Generate(sitefarm.Config{Sites: 60, Seed: 4, Defects: true})
	srv, err := sitefarm.Start(context.Background(), f, sitefarm.Options{SlowDelay: 300 * time.Millisecond,
		HugeBytes: 3 << 20, BombBytes: 64 << 20, AdmitTokens: []string{"zwgk-assessor"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c := &http.Client{Timeout: 5 * time.Second}
	site := func(p string) string { return strings.TrimSuffix(find(f, p).Agency.Site, "/") }

	// Broken links: 404, 500 and a dead host.
	sloppy := find(f, sitefarm.ProfileSloppy)
	for _, l := range sloppy.Truth().Links {
		resp, _, err := get(t, c, l.URL, browserUA)
		switch {
		case l.Status == 0:
			var op *net.OpError
			if !errors.As(err, &op) || !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("dead-host link %s: %v, want connection refused", l.URL, err)
			}
		case err != nil || resp.StatusCode != l.Status:
			t.Errorf("link %s: %v %v, want %d", l.URL, resp, err, l.Status)
		}
	}
	// Redirect loop.
	if _, _, err := get(t, c, site(sitefarm.ProfileMaze)+"/old/index.jsp", browserUA); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("redirect loop: %v", err)
	}
	// Calendar trap: next month forever.
	u := site(sitefarm.ProfileMaze) + "/rl/202611.html"
	for i := 0; i < 30; i++ {
		_, body, err := get(t, c, u, browserUA)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(body), "上个月</a> <a href=\"")
		next, _, _ := strings.Cut(rest, "\"")
		u = site(sitefarm.ProfileMaze) + next
	}
	if !strings.Contains(u, "/rl/2029") {
		t.Errorf("30 months after 2026-11 the trap is at %s", u)
	}
	// Huge page, streamed.
	_, body, err := get(t, c, site(sitefarm.ProfileHeavy)+"/zlk/huge.html", browserUA)
	if err != nil || len(body) != 3<<20 {
		t.Errorf("huge page: %d bytes, %v", len(body), err)
	}
	// Gzip bomb: small on the wire, 64 MiB inflated.
	tr := &http.Transport{DisableCompression: true}
	raw := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	resp, body, err := get(t, raw, site(sitefarm.ProfileHeavy)+"/download/data.html", browserUA)
	if err != nil || resp.Header.Get("Content-Encoding") != "gzip" || len(body) > 1<<20 {
		t.Fatalf("gzip bomb: %v %v, %d bytes compressed", resp, err, len(body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n < 64<<20 {
		t.Errorf("gzip bomb inflates to %d bytes (%v), want ≥ 64 MiB", n, err)
	}
	// WAF: Go's default UA is refused, a browser or the configured token passes.
	g := site(sitefarm.ProfileGuarded) + "/"
	for ua, want := range map[string]int{"": 403, "curl/8.5.0": 403, browserUA: 200, "zwgk-assessor/1.0": 200} {
		resp, _, err := get(t, c, g, ua)
		if err != nil || resp.StatusCode != want {
			t.Errorf("UA %q: %v %v, want %d", ua, resp, err, want)
		}
	}
	// Slow site: beyond a 100 ms probe timeout, within a patient one.
	short := &http.Client{Timeout: 100 * time.Millisecond}
	slowSeen := false
	for _, s := range f.Sites {
		if s.Profile == sitefarm.ProfileFragile && s.Defects[0].Kind == sitefarm.DefectSlow {
			slowSeen = true
			if _, _, err := get(t, short, s.Agency.Site, browserUA); err == nil {
				t.Error("slow site answered within 100 ms")
			}
			if resp, _, err := get(t, c, s.Agency.Site, browserUA); err != nil || resp.StatusCode != 200 {
				t.Errorf("slow site with a patient client: %v %v", resp, err)
			}
			break
		}
	}
	if !slowSeen {
		t.Error("no slow site")
	}
	// robots.txt
	_, body, _ = get(t, c, site(sitefarm.ProfileRobots)+"/robots.txt", browserUA)
	if !strings.Contains(string(body), "Disallow: /wzdt/") {
		t.Errorf("robots.txt of the robots profile: %q", body)
	}
	_, body, _ = get(t, c, site(sitefarm.ProfileGood)+"/robots.txt", browserUA)
	if strings.Contains(string(body), "Disallow: /") {
		t.Errorf("robots.txt of a good site disallows: %q", body)
	}
	if srv.Stats().Requests == 0 {
		t.Error("no requests counted")
	}
}

// The intermittent site fails exactly at the probe times Truth says, with
// the clock injected: a week of probes in well under a second.
func TestIntermittentFollowsTruth(t *testing.T) {
	var now atomic.Int64
	f := sitefarm.Generate(sitefarm.Config{Sites: 60, Seed: 8, Defects: true,
		Clock: func() time.Time { return time.Unix(now.Load(), 0) }})
	srv, err := sitefarm.Start(context.Background(), f, sitefarm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c := &http.Client{Timeout: 2 * time.Second}
	checked := 0
	for _, s := range f.Sites {
		if len(s.Defects) == 0 || s.Defects[0].Kind != sitefarm.DefectIntermittent {
			continue
		}
		failed := 0
		for i, p := range s.Truth().Probes {
			now.Store(p.At.Unix())
			resp, _, err := get(t, c, s.Agency.Site, browserUA)
			ok := err == nil && resp.StatusCode < 400
			if ok != p.OK() {
				t.Fatalf("site %d probe %d at %s: ok=%v, truth %v", s.Index, i, p.At, ok, p.OK())
			}
			if !ok {
				failed++
			}
		}
		if failed == 0 && s.Defects[0].Params["ratio"].(float64) >= 0.05 {
			t.Errorf("site %d (ratio %v): no probe failed", s.Index, s.Defects[0].Params["ratio"])
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no intermittent site")
	}
}

func TestPortMode(t *testing.T) {
	f := sitefarmtest.StartT(t, sitefarm.Config{Sites: 5, Seed: 1}, sitefarm.Options{PortMode: true})
	for _, s := range f.Sites {
		if !strings.HasPrefix(s.Agency.Site, "http://127.0.0.1:") {
			t.Fatalf("port mode URL %s", s.Agency.Site)
		}
		_, body, err := get(t, http.DefaultClient, s.Agency.Site, browserUA)
		if err != nil || !bytes.Equal(body, s.Render("/").Body) {
			t.Fatalf("site %d: %v", s.Index, err)
		}
	}
}

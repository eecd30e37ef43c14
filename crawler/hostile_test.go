package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
	"zwgk/sitefarm"
)

// hostileOptions are crawler options for the hostile farm: timeouts short
// enough that the stalling sites end in a second or two, retries kept (a
// Retry-After must be honoured on a retry).
func hostileOptions() Options {
	return Options{Delay: -1, PerHost: 4, Retries: 1, Backoff: 10 * time.Millisecond,
		ConnectTimeout: time.Second, HeaderTimeout: 500 * time.Millisecond, Timeout: 1500 * time.Millisecond,
		MaxBody: 12 << 20, MaxDecoded: 16 << 20, MaxRetryAfter: 3 * time.Second,
		UserAgent: "zwgk-assessor/test (+mailto:t@example.org)"}
}

func startHostile(t *testing.T) *sitefarm.HostileFarm {
	t.Helper()
	hf, err := sitefarm.StartHostile(context.Background(), sitefarm.HostileOptions{
		Stall: 5 * time.Second, HugeBytes: 20 << 20, BombBytes: 256 << 20, RetryAfter: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hf.Close() })
	return hf
}

func zwgk2016(t testing.TB) *indicators.Framework {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// TestHostileSites crawls each hostile site and holds its evidence to the
// cause the farm says a careful crawler records. Each case failed before
// the hostile-site work: too_deep was a good page with no title, not_html
// was "other", the private redirect was followed and its title kept, the
// 100,000 links were each checked, the Retry-After ignored, the 50 MB
// robots.txt ignored.
func TestHostileSites(t *testing.T) {
	hf := startHostile(t)
	c := New(hostileOptions())
	defer c.Close()
	fw := zwgk2016(t)
	for _, hs := range hf.Sites {
		t.Run(string(hs.Kind), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a guard against hangs
			defer cancel()
			ev, err := c.Crawl(ctx, 1, hs.Agency, fw, asOf, memstore.New())
			if err != nil {
				t.Fatal(err)
			}
			got := zwgk.CauseNone
			if ev.Failure != nil {
				got = ev.Failure.Cause
			}
			if got != hs.Cause {
				t.Fatalf("failure %+v, want cause %q", ev.Failure, hs.Cause)
			}
			raw, _ := json.Marshal(ev)
			checkHostile(t, hs, ev, string(raw))
		})
	}
}

// checkHostile holds the evidence of one hostile site to what its kind
// demands beyond the failure cause.
func checkHostile(t *testing.T, hs *sitefarm.HostileSite, ev zwgk.Evidence, raw string) {
	t.Helper()
	switch hs.Kind {
	case sitefarm.HostilePrivateRedirect:
		if strings.Contains(raw, hs.SecretTitle) {
			t.Errorf("the private service's title reached the evidence")
		}
		r := ev.HomeRedirect
		if r == nil || !r.Offsite || r.To != hs.Target {
			t.Errorf("home redirect %+v, want offsite to %s", r, hs.Target)
		}
		if ev.Failure.Detail != hs.Target {
			t.Errorf("failure detail %q, want the target", ev.Failure.Detail)
		}
		if !hasRefusal(ev, zwgk.CauseAddress) {
			t.Errorf("refusals %+v, want an address refusal", ev.Refused)
		}
	case sitefarm.HostileManyLinks:
		ls := ev.LinkSample
		if ls == nil || ls.OnHome != hs.HomeLinks || ls.Found < hs.HomeLinks || ls.Checked == 0 || ls.Checked > 400 || len(ev.Links) != ls.Checked {
			t.Fatalf("link sample %+v (%d links), want %d on the home page and a sample checked", ls, len(ev.Links), hs.HomeLinks)
		}
		// The sample covers every section of the page.
		sections := map[string]bool{}
		for _, l := range ev.Links {
			sections[stratum(l.URL)] = true
		}
		if len(sections) < 10 {
			t.Errorf("sample covers %d sections, want all 10 and the navigation", len(sections))
		}
		if n := hs.Requests("/s"); n > 400+40 {
			t.Errorf("%d requests to the linked pages", n)
		}
	case sitefarm.HostileHugeRobots:
		if n := hs.Requests(hs.Disallowed); n != 0 {
			t.Errorf("%d requests under %s, which robots.txt disallows", n, hs.Disallowed)
		}
		robots := false
		for _, p := range ev.Pages {
			robots = robots || (strings.Contains(p.URL, hs.Disallowed) && p.Cause == zwgk.CauseRobots)
		}
		if !robots || columnNamed(ev, "通知公告") == nil {
			t.Errorf("pages %+v: want the disallowed column refused by robots.txt and 通知公告 read", ev.Pages)
		}
	case sitefarm.HostileRetryAfter:
		if c := columnNamed(ev, "通知公告"); c == nil || len(c.Items) != 2 {
			t.Errorf("column %+v: want the list read after waiting", c)
		}
	case sitefarm.HostileRetryAfterLong:
		if ev.Failure.Status != 503 || !strings.Contains(ev.Failure.Detail, "retry-after") {
			t.Errorf("failure %+v: want 503 with the Retry-After not honoured", ev.Failure)
		}
	case sitefarm.HostileURLTrap:
		budget := 0
		for _, p := range ev.Pages {
			if p.Cause == zwgk.CauseBudget {
				budget++
			}
		}
		if budget > 0 || !hasRefusal(ev, zwgk.CauseTrap) || columnNamed(ev, "通知公告") == nil {
			t.Errorf("%d pages, %d over budget, refusals %+v: want the trap bounded and counted", len(ev.Pages), budget, ev.Refused)
		}
		for _, it := range columnNamed(ev, "通知公告").Items {
			if !it.Opened {
				t.Errorf("item %s not opened: the trap took its budget", it.URL)
			}
		}
	case sitefarm.HostileDeepNesting, sitefarm.HostileBinaryAsHTML:
		if len(ev.Pages) == 0 || ev.Pages[0].Cause != hs.Cause || ev.Pages[0].Title != "" {
			t.Errorf("home page %+v: want the cause on the page", ev.Pages)
		}
	}
}

func hasRefusal(ev zwgk.Evidence, c zwgk.Cause) bool {
	for _, r := range ev.Refused {
		if r.Cause == c && r.Count > 0 {
			return true
		}
	}
	return false
}

func TestPublicAddresses(t *testing.T) {
	for _, tt := range []struct {
		addr   string
		public bool
	}{
		{"8.8.8.8", true}, {"202.108.22.5", true}, {"2400:da00::6666", true},
		{"127.0.0.1", false}, {"127.255.255.254", false}, {"10.1.2.3", false}, {"172.16.0.1", false},
		{"192.168.1.1", false}, {"169.254.169.254", false}, {"224.0.0.1", false}, {"0.0.0.0", false},
		{"100.64.0.1", false}, {"255.255.255.255", false}, {"::1", false}, {"fe80::1", false},
		{"fd00::1", false}, {"ff02::1", false}, {"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false},
		{"64:ff9b::a9fe:a9fe", false},
	} {
		if got := public(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("public(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
}

// TestAddressRefusedAtConnect holds the dialer's Control hook to its
// rule: a non-public address is reached only at an enrolled site's
// address and port, or in a network the operator allowed.
func TestAddressRefusedAtConnect(t *testing.T) {
	sc := &scope{}
	sc.enrol(context.Background(), "http://127.0.0.1:8080/")
	sc.enrol(context.Background(), "http://10.0.0.7/")
	ctx := withScope(context.Background(), sc)
	for _, tt := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true}, {"127.0.0.1:5432", false}, {"127.0.0.2:8080", false},
		{"10.0.0.7:80", true}, {"10.0.0.7:443", true}, {"10.0.0.7:22", false},
		{"169.254.169.254:80", false}, {"[::1]:8080", false}, {"8.8.8.8:53", true},
	} {
		err := controlAddress(ctx, "tcp", tt.addr, nil)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, errAddress)) {
			t.Errorf("%s: %v, want allowed %v", tt.addr, err, tt.ok)
		}
	}
	if err := controlAddress(context.Background(), "tcp", "127.0.0.1:8080", nil); err == nil {
		t.Error("no scope: loopback allowed")
	}
	nets := withScope(context.Background(), &scope{nets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if err := controlAddress(nets, "tcp", "10.9.9.9:80", nil); err != nil {
		t.Errorf("allowed network refused: %v", err)
	}
}

// TestPrivateTargetsRefused: a column that redirects to the cloud
// metadata address, a link to a private address, and a link by host name
// to another loopback service (refused at connect time, after name
// resolution) are each refused and counted, and the crawl goes on.
func TestPrivateTargetsRefused(t *testing.T) {
	secret := newSite(t, map[string]string{"/": `<html><head><title>SECRET-ADMIN</title></head></html>`})
	secretPort := secret.srv.Listener.Addr().(*net.TCPAddr).Port
	fs := standardSite(t)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Replace(homeHTML, `<div class="footer">`,
			fmt.Sprintf(`<a href="http://10.20.30.40/oa/">内部办公</a><a href="http://localhost:%d/">后台</a><div class="footer">`, secretPort), 1))
	})
	fs.handle("/tzgg/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	ev := crawl(t, testOptions(), fs, nil)
	raw, _ := json.Marshal(ev)
	if strings.Contains(string(raw), "SECRET-ADMIN") || secret.hits["/"] != 0 {
		t.Fatalf("the private service was reached (%d requests)", secret.hits["/"])
	}
	if ev.Failure != nil || columnNamed(ev, "政策文件") == nil {
		t.Fatalf("the crawl did not go on: %+v", ev.Failure)
	}
	if c := columnNamed(ev, "通知公告"); c == nil || c.Cause != zwgk.CauseAddress {
		t.Errorf("column redirected to 169.254.169.254: %+v, want cause address", c)
	}
	causes := map[string]zwgk.Cause{}
	for _, l := range ev.Links {
		causes[l.URL] = l.Cause
	}
	if c := causes["http://10.20.30.40/oa/"]; c != zwgk.CauseAddress {
		t.Errorf("private link cause %q", c)
	}
	if c := causes[fmt.Sprintf("http://localhost:%d/", secretPort)]; c != zwgk.CauseAddress {
		t.Errorf("loopback link by name: cause %q", c)
	}
	n := 0
	for _, r := range ev.Refused {
		if r.Cause == zwgk.CauseAddress {
			n += r.Count
		}
	}
	if n != 3 {
		t.Errorf("refusals %+v, want 3 address refusals", ev.Refused)
	}
}

// TestRedirectsWithinSite: a home page that moves to another page of its
// own site is followed and recorded; one that moves to another registrable
// domain is not followed, and the failure names the target.
func TestRedirectsWithinSite(t *testing.T) {
	fs := standardSite(t)
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/index.html", http.StatusMovedPermanently)
	})
	fs.handle("/index.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, homeHTML) })
	ev := crawl(t, testOptions(), fs, nil)
	if ev.Failure != nil || ev.HomeRedirect == nil || ev.HomeRedirect.Offsite || !strings.HasSuffix(ev.HomeRedirect.To, "/index.html") {
		t.Fatalf("failure %+v, redirect %+v: want followed within the site", ev.Failure, ev.HomeRedirect)
	}
	fs.handle("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://www.casino.example/", http.StatusFound)
	})
	ev = crawl(t, testOptions(), fs, nil)
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseOffsite || ev.Failure.Detail != "https://www.casino.example/" {
		t.Fatalf("failure %+v, want offsite naming the target", ev.Failure)
	}
	if r := ev.HomeRedirect; r == nil || !r.Offsite || r.To != "https://www.casino.example/" {
		t.Errorf("home redirect %+v", r)
	}
	if !hasRefusal(ev, zwgk.CauseOffsite) {
		t.Errorf("refusals %+v", ev.Refused)
	}
}

func TestRegistrable(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		off      bool
	}{
		{"http://example.gov.cn/", "https://www.example.gov.cn/index.html", false},
		{"http://www.example.gov.cn/", "http://bbs.example.gov.cn/", false},
		{"http://www.a.gov.cn/", "http://www.b.gov.cn/", true},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/x", false},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:5432/", true},
		{"http://10.0.0.1/", "https://10.0.0.1/", false},
		{"http://10.0.0.1/", "http://10.0.0.2/", true},
	} {
		if got := offsite(tt.from, tt.to); got != tt.off {
			t.Errorf("offsite(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.off)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true}, {"0", 0, true}, {"", 0, false}, {"-1", 0, false}, {"soon", 0, false},
		{"Fri, 20 Nov 2026 08:00:30 GMT", 30 * time.Second, true}, {"Fri, 20 Nov 2026 07:00:00 GMT", 0, true},
	} {
		got, ok := retryAfter(tt.v, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v %v, want %v %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStratified(t *testing.T) {
	var urls []string
	for i := 0; i < 100; i++ {
		urls = append(urls, fmt.Sprintf("http://a/s%d/%d.html", i%4, i))
	}
	urls = append(urls, "http://b/x.html", "http://a/top.html")
	idx := stratified(urls, 6)
	got := map[string]int{}
	for _, i := range idx {
		got[stratum(urls[i])]++
	}
	if len(idx) != 6 || len(got) != 6 {
		t.Errorf("stratified picked %v over strata %v, want one from each of 6", idx, got)
	}
	for k := 1; k < len(idx); k++ {
		if idx[k] <= idx[k-1] {
			t.Errorf("not in page order: %v", idx)
		}
	}
	if n := len(stratified(urls, 1000)); n != len(urls) {
		t.Errorf("under the cap: %d of %d", n, len(urls))
	}
}

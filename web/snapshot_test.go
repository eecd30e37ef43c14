package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zwgk"
)

// hostilePage is a stored page that tries everything a snapshot must not
// do: run a script, load images, styles, frames and fonts from elsewhere,
// refresh itself to another site, post a form.
func hostilePage(beacon string) []byte {
	return []byte(`<!doctype html><html><head><meta charset="utf-8"><title>南山区政务公开</title>
<meta http-equiv="Refresh" content="1;url=` + beacon + `/refresh">
<link rel="stylesheet" href="` + beacon + `/style.css">
<style>@import url("` + beacon + `/import.css"); body{font-family:serif}</style>
<script>document.title="PWNED"; fetch("` + beacon + `/fetch"); parent.document.body.dataset.pwned = "1";</script>
<script src="` + beacon + `/app.js"></script>
</head><body>
<h1>政府信息公开目录</h1>
<ul><li><a href="./202611/t20261112_1.html">关于2026年财政预算的公告</a><span>2026-11-12</span></li></ul>
<img src="` + beacon + `/pixel.gif"><iframe src="` + beacon + `/frame"></iframe>
<object data="` + beacon + `/obj"></object><video src="` + beacon + `/v.mp4" autoplay></video>
<form action="` + beacon + `/post" method="post"><input name="q"></form>
<div style="background:url(` + beacon + `/bg.png)">背景</div>
</body></html>`)
}

func seedSnapshot(t *testing.T, f *fixture, beacon string) (ownURL, otherURL string) {
	t.Helper()
	sb := f.b.(*storeSeeder)
	c, err := sb.DB.CycleByName(sb.ctx, reviewName)
	if err != nil {
		t.Fatal(err)
	}
	for code, u := range map[string]string{ownCode: "https://www.sz.gov.cn/zwgk/index.html", otherCode: "https://www.hz.gov.cn/OTHERSECRET.html"} {
		body := hostilePage(beacon)
		sum := sha256.Sum256(body)
		p := zwgk.Page{URL: u, Status: 200, FetchedAt: time.Date(2026, 6, 1, 8, 3, 4, 0, time.UTC), Bytes: int64(len(body)),
			Charset: "utf-8", SHA256: hex.EncodeToString(sum[:]), Title: "南山区政务公开"}
		if err := sb.DB.SavePage(sb.ctx, c.ID, code, p, body); err != nil {
			t.Fatal(err)
		}
	}
	return "https://www.sz.gov.cn/zwgk/index.html", "https://www.hz.gov.cn/OTHERSECRET.html"
}

func snapshotPath(code, u string, raw bool) string {
	p := "/cycles/" + reviewName + "/agencies/" + code + "/snapshot"
	if raw {
		p += "/raw"
	}
	return p + "?url=" + url.QueryEscape(u)
}

// TestSnapshotAuthorisationAndHeaders: the snapshot follows the evidence
// page's authorisation (an agency sees its own pages only; another's is a
// plain 404), and the stored body is served sandboxed with nothing to load.
func TestSnapshotAuthorisationAndHeaders(t *testing.T) {
	f := seedFixture(t, newStoreBackend(t, "sqlite"))
	own, other := seedSnapshot(t, f, "http://127.0.0.1:9")

	rec := f.do(RoleAgency, "GET", snapshotPath(ownCode, own, false), nil)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "zwgk/index.html") || !strings.Contains(body, "2026-06-01 16:03") ||
		!strings.Contains(body, "<iframe") || !strings.Contains(body, "sandbox") {
		t.Fatalf("frame page: %d\n%s", rec.Code, body)
	}
	ev := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode+"/evidence", nil)
	if !strings.Contains(strings.ToLower(ev.Body.String()), strings.ToLower(`/snapshot?url=`+url.QueryEscape(own)+`">查看快照`)) {
		t.Errorf("the evidence page offers no snapshot of %s:\n%s", own, ev.Body.String())
	}
	raw := f.do(RoleAgency, "GET", snapshotPath(ownCode, own, true), nil)
	if raw.Code != 200 || !strings.Contains(raw.Body.String(), "政府信息公开目录") {
		t.Fatalf("raw: %d", raw.Code)
	}
	h := raw.Header()
	for _, want := range []string{"sandbox", "default-src 'none'", "frame-ancestors 'self'", "form-action 'none'"} {
		if !strings.Contains(h.Get("Content-Security-Policy"), want) {
			t.Errorf("raw CSP %q lacks %q", h.Get("Content-Security-Policy"), want)
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "allow-scripts") || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("raw headers %v", h)
	}
	if strings.Contains(strings.ToLower(raw.Body.String()), `http-equiv="refresh`) {
		t.Error("the meta refresh is served live")
	}
	for _, tc := range []struct {
		role Role
		path string
		want int
	}{
		{RoleAgency, snapshotPath(otherCode, other, false), 404},
		{RoleAgency, snapshotPath(otherCode, other, true), 404},
		{RoleAgency, snapshotPath(ownCode, other, true), 404}, // another agency's page under one's own code
		{RoleAgency, snapshotPath(ownCode, "https://www.sz.gov.cn/never.html", true), 404},
		{RoleAgency, "/cycles/" + reviewName + "/agencies/" + ownCode + "/snapshot/raw", 404},
		{RoleAssessor, snapshotPath(otherCode, other, true), 200},
		{RoleAdmin, snapshotPath(otherCode, other, false), 200},
	} {
		rec := f.do(tc.role, "GET", tc.path, nil)
		if rec.Code != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.role, tc.path, rec.Code, tc.want)
		}
		if tc.want == 404 && strings.Contains(rec.Body.String(), "OTHERSECRET") {
			t.Errorf("%s %s: the refusal shows another agency's page", tc.role, tc.path)
		}
	}
	if rec := f.do("", "GET", snapshotPath(ownCode, own, true), nil); rec.Code != http.StatusSeeOther {
		t.Errorf("no session: %d, want a redirect to the login", rec.Code)
	}
}

// TestSnapshotInChromium: the stored hostile page renders in the portal
// with its banner; no script of it runs and no request leaves the portal.
func TestSnapshotInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: browser test in -short mode")
	}
	var hits atomic.Int64
	var paths []string
	beacon := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		paths = append(paths, r.URL.Path)
	}))
	defer beacon.Close()
	f := seedFixtureConfig(t, newStoreBackend(t, "sqlite"), func(c *Config) {
		c.InsecureCookies = true
		c.Now = time.Now
	})
	own, _ := seedSnapshot(t, f, beacon.URL)
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	b := startBrowser(t)
	b.call(t, "Page.enable", map[string]any{}, nil)
	b.navigate(t, srv.URL+"/login")
	b.submit(t, `form[action="/login"]`, map[string]string{"name": "agency1", "password": "secret-pw"}, "/cycles")
	b.navigate(t, srv.URL+snapshotPath(ownCode, own, false))
	time.Sleep(2 * time.Second) // the refresh would fire after 1 s
	if got := b.eval(t, `document.getElementById("snapshot-banner").innerText`); !strings.Contains(got, own) || !strings.Contains(got, "SHA-256") {
		t.Fatalf("banner %q", got)
	}
	if got := b.eval(t, `document.title + " " + (document.body.dataset.pwned || "")`); strings.Contains(got, "PWNED") || strings.HasSuffix(got, "1") {
		t.Fatalf("a script of the stored page ran: %q", got)
	}
	// The frame may be out of process (Chromium isolates sandboxed
	// frames): find it among the browser's targets, or at least in the
	// page's resource timing.
	var targets struct {
		TargetInfos []struct {
			Type string `json:"type"`
			URL  string `json:"url"`
		} `json:"targetInfos"`
	}
	b.call(t, "Target.getTargets", map[string]any{}, &targets)
	framed := false
	for _, ti := range targets.TargetInfos {
		framed = framed || strings.Contains(ti.URL, "/snapshot/raw")
	}
	loaded := b.eval(t, `performance.getEntriesByType("resource").some(e => e.name.includes("/snapshot/raw"))`)
	t.Logf("targets %+v; raw in resource timing: %s", targets.TargetInfos, loaded)
	if !framed && loaded != "true" {
		t.Fatal("the stored page was not loaded in the frame")
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests left the portal for the stored page's resources: %v", n, paths)
	}
	b.screenshot(t, fmt.Sprintf("%s/snapshot.png", t.TempDir()), 1280)
}

package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEndToEndChromium drives headless Chromium through the appeal
// workflow: the agency logs in, opens its scorecard and appeals a finding;
// the assessor accepts; the agency sees its new mark. It also takes the
// screenshots of the scorecard and ranking pages (desktop and phone) into
// $ZWGK_SCREENSHOTS (default: a temporary folder, logged).
func TestEndToEndChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: end-to-end browser test in -short mode")
	}
	f := seedFixtureConfig(t, e2eBackend(t), func(c *Config) {
		c.InsecureCookies = true // plain HTTP on loopback
		c.Now = time.Now
	})
	scoreForE2E(t, f)
	openAppealWindow(t, f)
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	shots := os.Getenv("ZWGK_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "zwgk-screenshots")
	}
	b := startBrowser(t)
	b.call(t, "Page.enable", map[string]any{}, nil)

	login := func(name string) {
		b.navigate(t, srv.URL+"/login")
		b.submit(t, `form[action="/login"]`, map[string]string{"name": name, "password": "secret-pw"}, "/cycles")
	}
	logout := func() {
		b.submit(t, `form[action="/logout"]`, nil, "/login")
	}
	scorecard := srv.URL + "/cycles/" + reviewName + "/agencies/" + ownCode
	total := func() float64 {
		v, err := strconv.ParseFloat(b.eval(t, `document.getElementById("total").textContent`), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	login("agency1")
	b.navigate(t, scorecard)
	before := total()
	if got := b.eval(t, `document.querySelector("h1").textContent`); !strings.Contains(got, "深圳市人民政府") {
		t.Fatalf("scorecard heading %q", got)
	}
	if n := b.eval(t, `document.querySelectorAll("script").length`); n != "0" {
		t.Errorf("%s script elements on the scorecard", n)
	}
	// Crawled markup shows as text: no element was made from it.
	b.navigate(t, scorecard+"/evidence")
	if got := b.eval(t, `document.body.innerText.includes("<script>alert(1)</script>") && document.querySelectorAll("script, img").length == 0`); got != "true" {
		t.Errorf("crawled title not shown as text on the evidence page")
	}
	b.screenshot(t, filepath.Join(shots, "evidence-desktop.png"), 1280)
	b.navigate(t, scorecard)
	b.screenshot(t, filepath.Join(shots, "scorecard-desktop.png"), 1280)
	b.screenshot(t, filepath.Join(shots, "scorecard-phone.png"), 390)
	b.eval(t, `document.querySelector("#f-B1 form.appeal-form").closest("details").open = true`)
	b.submit(t, `#f-B1 form`, map[string]string{"reason": "留言均在期限内答复，见答复公开页", "evidence_url": "https://www.sz.gov.cn/hdjl/reply.html"}, "/cycles/")
	if got := b.eval(t, `document.querySelector("#f-B1").innerText`); !strings.Contains(got, "申诉待处理") {
		t.Fatalf("appeal not shown on the finding: %q", got)
	}
	logout()

	login("assessor1")
	b.navigate(t, srv.URL+"/cycles/"+reviewName+"/appeals")
	id := b.eval(t, `(() => { for (const s of document.querySelectorAll("section.appeal")) { if (s.innerText.includes("留言均在期限内答复")) return s.id; } return ""; })()`)
	if id == "" {
		t.Fatal("appeal not in the assessor's queue")
	}
	b.submit(t, "#"+id+" form.accept", map[string]string{"outcome": "pass", "decision": "核实答复记录，采纳"}, "/cycles/")
	if got := b.eval(t, `document.querySelector("#`+id+`").innerText`); !strings.Contains(got, "已采纳") {
		t.Fatalf("appeal not accepted: %q", got)
	}
	b.navigate(t, srv.URL+"/cycles/"+pubName+"/ranking")
	b.screenshot(t, filepath.Join(shots, "ranking-desktop.png"), 1280)
	b.screenshot(t, filepath.Join(shots, "ranking-phone.png"), 390)
	b.navigate(t, srv.URL+"/cycles/"+pubName+"/regions")
	b.screenshot(t, filepath.Join(shots, "regions-desktop.png"), 1280)
	logout()

	login("agency1")
	b.navigate(t, scorecard)
	after := total()
	if after <= before {
		t.Errorf("mark %.2f after the accepted appeal, was %.2f", after, before)
	}
	if got := b.eval(t, `document.querySelector("#f-B1").innerText`); !strings.Contains(got, "已复核") || !strings.Contains(got, "核实答复记录") {
		t.Errorf("override not shown to the agency: %q", got)
	}
	t.Logf("mark %.2f → %.2f; screenshots in %s", before, after, shots)
}

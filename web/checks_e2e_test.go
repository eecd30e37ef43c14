package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
	"zwgk/store/storetest"
)

const candidatesFramework = `
id: checks-e2e
version: "1"
title: 内容检查
bands: [{min: 60, grade: 合格}, {min: 0, grade: 不合格}]
indicators:
  - id: P1
    name: 个人信息保护
    kind: deduct
    points: 100
    per: 10
    rule: {kind: content_check, checks: [privacy]}
`

// TestCandidatesEndToEndChromium: the crawler proposed two personal-data
// candidates; the assessor sees them in the review queue (masked), confirms
// one and dismisses the other, and the scorecard loses the points of the
// confirmed one only.
func TestCandidatesEndToEndChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: end-to-end browser test in -short mode")
	}
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite)
	fw, err := indicators.Parse("checks.yaml", []byte(candidatesFramework))
	if err != nil {
		t.Fatal(err)
	}
	runner := cycle.NewRunner(db, nil)
	sb := &StoreBackend{DB: db, PublishCycle: runner.Publish,
		ScoreCycle: func(ctx context.Context, name string) error { _, err := runner.Score(ctx, name); return err }}
	a := zwgk.Agency{Code: "SZ", Name: "深圳市人民政府", Level: zwgk.LevelCity, Region: "440300", Site: "https://www.sz.gov.cn/"}
	if _, err := db.ImportAgencies(ctx, []zwgk.Agency{a}, "test"); err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateCycle(ctx, store.NewCycle{Name: "2026", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
		FrameworkSource: fw.Source, AsOf: zwgk.NewDate(2026, 11, 20), WindowDays: 365, Agencies: []string{"SZ"}})
	if err != nil {
		t.Fatal(err)
	}
	leak := zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: "https://www.sz.gov.cn/tzgg/202611/t20261118_1.html",
		Excerpt: "经审核，王某某（身份证号：440300********9012）符合补助条件", Rule: "privacy.id_card", Note: "疑似公民身份号码"}
	hotline := zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: "https://www.sz.gov.cn/bszn/1.html",
		Excerpt: "咨询：139****0001（窗口值班手机）", Rule: "privacy.mobile", Note: "疑似个人手机号码"}
	ev := zwgk.Evidence{Agency: "SZ", CrawledAt: time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC), Home: zwgk.Home{URL: a.Site}}
	ev.ContentChecks = []zwgk.ContentCheck{leak, hotline}
	ev.Scanned = &zwgk.ContentScan{Checks: []zwgk.CheckKind{zwgk.CheckPrivacy}, Pages: 40}
	if err := db.SaveEvidence(ctx, c.ID, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := runner.Score(ctx, c.Name); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("secret-pw"), bcrypt.MinCost)
	if _, err := db.CreateUser(ctx, store.User{Name: "chen", Role: string(RoleAssessor), PasswordHash: string(hash)}); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	h, err := New(Config{Now: time.Now, InsecureCookies: true, Registerer: reg, Gatherer: reg}, sb)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	p1 := func() zwgk.IndicatorScore {
		cards, err := db.Scorecards(ctx, c.ID)
		if err != nil || len(cards) != 1 {
			t.Fatalf("scorecards: %v %d", err, len(cards))
		}
		return cards[0].Indicators["P1"]
	}
	if got := p1(); got.Outcome != zwgk.Pending {
		t.Fatalf("before any decision P1 is %s, want pending: candidates are not findings", got.Outcome)
	}

	b := startBrowser(t)
	b.call(t, "Page.enable", map[string]any{}, nil)
	b.navigate(t, srv.URL+"/login")
	b.submit(t, `form[action="/login"]`, map[string]string{"name": "chen", "password": "secret-pw"}, "/cycles")
	// The review queue's section of candidates lists them too.
	b.navigate(t, srv.URL+"/cycles/2026/queue")
	if got := b.eval(t, `document.body.innerText`); !strings.Contains(got, "440300********9012") || !strings.Contains(got, "内容检查候选") {
		t.Errorf("review queue lacks the content-check candidates:\n%s", got)
	}
	queue := srv.URL + "/cycles/2026/candidates"
	b.navigate(t, queue)
	if n := b.eval(t, `document.querySelectorAll("section.candidate").length`); n != "2" {
		t.Fatalf("%s candidates in the queue, want 2", n)
	}
	if got := b.eval(t, `document.body.innerText`); !strings.Contains(got, "440300********9012") || !strings.Contains(got, "privacy.id_card") || !strings.Contains(got, leak.URL) {
		t.Errorf("queue lacks the masked excerpt, the rule or the page:\n%s", got)
	}
	shots := os.Getenv("ZWGK_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "zwgk-screenshots")
	}
	b.screenshot(t, filepath.Join(shots, "candidates.png"), 1280)
	t.Logf("screenshot %s", filepath.Join(shots, "candidates.png"))

	b.submit(t, fmt.Sprintf("#cand-%s form.confirm", leak.Key()), map[string]string{"reason": "核实为真实身份证号，应予删除"}, "/cycles/2026/candidates")
	if got := p1(); got.Outcome != zwgk.Pending {
		t.Errorf("with one candidate still undecided P1 is %s, want pending", got.Outcome)
	}
	b.submit(t, fmt.Sprintf("#cand-%s form.dismiss", hotline.Key()), map[string]string{"reason": "窗口公开的值班电话"}, "/cycles/2026/candidates")
	if n := b.eval(t, `document.querySelectorAll("section.candidate").length`); n != "0" {
		t.Errorf("%s candidates still pending after both decisions", n)
	}
	got := p1()
	if got.Outcome != zwgk.Partial || got.Earned != -10 {
		t.Errorf("P1 after confirming one and dismissing the other = %+v, want partial, 10 points deducted (one occurrence)", got)
	}
	b.navigate(t, srv.URL+"/cycles/2026/agencies/SZ")
	if total := b.eval(t, `document.getElementById("total").textContent`); total != "90.00" {
		t.Errorf("scorecard total %s, want 90.00", total)
	}
	b.navigate(t, queue+"?state=all")
	if text := b.eval(t, `document.body.innerText`); !strings.Contains(text, "已确认") || !strings.Contains(text, "已排除") || !strings.Contains(text, "chen") {
		t.Errorf("decided candidates not shown with their decisions:\n%s", text)
	}
	log, err := db.AuditLog(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var audited []string
	for _, e := range log {
		if strings.HasPrefix(e.Action, "candidate.") {
			audited = append(audited, e.Action+" by "+e.Who)
		}
	}
	if len(audited) != 2 {
		t.Errorf("audit entries of decisions: %v, want 2", audited)
	}
}

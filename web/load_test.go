package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
)

// loadAgencies is the size of the load-test cohort: a province's city and
// county governments are a few hundred.
const loadAgencies = 300

// seedLoad fills db with loadAgencies agencies spread over the provinces,
// each with a little evidence, scores and publishes cycle "load", and
// returns a leader's session token valid for a day.
func seedLoad(tb testing.TB, db *store.DB) string {
	tb.Helper()
	ctx := context.Background()
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		tb.Fatal(err)
	}
	var as []zwgk.Agency
	var codes []string
	for i := 0; i < loadAgencies; i++ {
		p := provinceTiles[i%31].Code // the 31 mainland provinces come first… mostly
		a := zwgk.Agency{Code: fmt.Sprintf("L%04d", i), Name: fmt.Sprintf("测试市%d人民政府", i), Level: zwgk.LevelCity,
			Region: zwgk.Region(string(p)[:2] + fmt.Sprintf("%02d00", 1+i/31)), Site: fmt.Sprintf("https://l%d.example.gov.cn/", i)}
		as = append(as, a)
		codes = append(codes, a.Code)
	}
	if _, err := db.ImportAgencies(ctx, as, "load"); err != nil {
		tb.Fatal(err)
	}
	asOf := zwgk.NewDate(2026, 6, 30)
	c, err := db.CreateCycle(ctx, store.NewCycle{Name: "load", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
		FrameworkSource: fw.Source, AsOf: asOf, WindowDays: 365, Agencies: codes})
	if err != nil {
		tb.Fatal(err)
	}
	for i, a := range as {
		var items []zwgk.Item
		for d := 0; d < 1+i%20; d++ {
			items = append(items, zwgk.Item{Title: fmt.Sprintf("通知公告 %d", d), URL: fmt.Sprintf("%sa/%d.html", a.Site, d), Date: asOf.AddDays(-d * (1 + i%9))})
		}
		ev := zwgk.Evidence{Agency: a.Code, CrawledAt: time.Date(2026, 6, 29, 8, 0, 0, 0, time.UTC),
			Home:    zwgk.Home{URL: a.Site, Items: items},
			Pages:   []zwgk.Page{{URL: a.Site, Status: 200, Title: a.Name, FetchedAt: time.Date(2026, 6, 29, 8, 0, 0, 0, time.UTC)}},
			Columns: []zwgk.Column{{Name: "通知公告", URL: a.Site + "tzgg/", Items: items, Pages: 1, Complete: true}, {Name: "政策文件", URL: a.Site + "zcwj/", Items: items[:1+len(items)/2], Pages: 1}},
		}
		if err := db.SaveEvidence(ctx, c.ID, ev); err != nil {
			tb.Fatal(err)
		}
	}
	runner := cycle.NewRunner(db, nil)
	if _, err := runner.Score(ctx, "load"); err != nil {
		tb.Fatal(err)
	}
	if _, err := runner.Publish(ctx, "load", cycle.PublishOptions{Provisional: true}); err != nil {
		tb.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("load-password"), bcrypt.MinCost)
	if _, err := db.CreateUser(ctx, store.User{Name: "leader", Role: string(RoleLeader), PasswordHash: string(hash)}); err != nil {
		tb.Fatal(err)
	}
	tok := newToken()
	if err := db.CreateSession(ctx, "leader", tok, time.Now().Add(24*time.Hour)); err != nil {
		tb.Fatal(err)
	}
	return tok
}

// TestLoadSeed writes the load-test database for load.sh: set
// ZWGK_LOAD_DB to the SQLite file to create; the session token goes to
// $ZWGK_LOAD_DB.token.
func TestLoadSeed(t *testing.T) {
	path := os.Getenv("ZWGK_LOAD_DB")
	if path == "" {
		t.Skip("SKIP: set ZWGK_LOAD_DB to write the load-test database (testdata/load.sh does)")
	}
	os.Remove(path)
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tok := seedLoad(t, db)
	if err := os.WriteFile(path+".token", []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkPortal serves the ranking and a scorecard of a 300-agency
// published cycle from the store on SQLite, against the login page as the
// baseline (same middleware, no data): compare ns/op across the three.
func BenchmarkPortal(b *testing.B) {
	db, err := store.Open(context.Background(), b.TempDir()+"/load.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tok := seedLoad(b, db)
	reg := prometheus.NewRegistry()
	h, err := New(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg}, &StoreBackend{DB: db})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{
		{"baseline-cycles", "/cycles"},
		{"ranking", "/cycles/load/ranking"},
		{"ranking-sorted-region", "/cycles/load/ranking?sort=total&dir=desc&region=440000"},
		{"scorecard", "/cycles/load/agencies/L0007"},
		{"api-ranking", "/api/cycles/load/ranking"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", bc.path, nil)
				req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: tok})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d", bc.path, rec.Code)
				}
			}
		})
	}
}

// TestRankingPages: a tier of 300 shows 100 rows a page with links to the
// pages beside it, keeping the order; the API still returns every row.
func TestRankingPages(t *testing.T) {
	db, err := store.Open(context.Background(), t.TempDir()+"/pages.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tok := seedLoad(t, db)
	reg := prometheus.NewRegistry()
	h, err := New(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg}, &StoreBackend{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) string {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: tok})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		return rec.Body.String()
	}
	rows := func(body string) int { return strings.Count(body, "<tr") - 1 } // minus the header row
	p1 := get("/cycles/load/ranking?tier=city&sort=total&dir=desc")
	if n := rows(p1); n != 100 {
		t.Errorf("page 1 has %d rows, want 100", n)
	}
	if !strings.Contains(p1, "第 1 页 / 共 3 页（300 个单位）") || !strings.Contains(p1, "page=2") || strings.Contains(p1, `rel="prev"`) {
		t.Errorf("page 1 pager wrong")
	}
	if !strings.Contains(p1, "sort=total&amp;dir=desc&amp;page=2") {
		t.Errorf("the next-page link loses the order")
	}
	// The sort links carry their parameters (they were escaped whole once).
	if !strings.Contains(p1, `href="?tier=city&amp;sort=name"`) {
		t.Errorf("sort link escaped: %s", p1[strings.Index(p1, "<thead>"):strings.Index(p1, "</thead>")])
	}
	p3 := get("/cycles/load/ranking?tier=city&page=3")
	if n := rows(p3); n != 100 || !strings.Contains(p3, `rel="prev"`) || strings.Contains(p3, `rel="next"`) {
		t.Errorf("page 3: %d rows, pager wrong", n)
	}
	if n := rows(get("/cycles/load/ranking?tier=city&page=99")); n != 100 {
		t.Errorf("a page past the end shows %d rows, want the last page's 100", n)
	}
	if api := get("/api/cycles/load/ranking?tier=city"); strings.Count(api, `"code":`) != 300 {
		t.Errorf("API returned %d rows, want all 300", strings.Count(api, `"code":`))
	}
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
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

// loadAgencies is the size of the benchmark cohort: a province's city and
// county governments are a few hundred.
const loadAgencies = 300

// seedLoad fills db with loadAgencies city governments spread over the
// provinces, each with a little evidence, scores and publishes cycle
// "load", and returns a leader's session token valid for a day.
func seedLoad(tb testing.TB, db *store.DB) string {
	tb.Helper()
	return seedCohort(tb, db, loadCohort{Agencies: loadAgencies, AllCities: true, Publish: true}).Leader
}

// loadCohort shapes a load-test cohort.
type loadCohort struct {
	Agencies int
	// AllCities makes every agency a city government (one tier);
	// otherwise the cohort is national in shape: a few ministries, the
	// provinces, cities and, most of all, counties.
	AllCities bool
	// Publish publishes the cycle; otherwise it stays in review, where
	// the assessors work for weeks.
	Publish bool
	// Flood creates the flood user, whose password is hashed at the
	// portal's real cost.
	Flood bool
}

// loadSeeded is what a seeded load cohort gives the load test.
type loadSeeded struct {
	Leader, Assessor string // session tokens valid for a day
	County           string // the code of an agency of the largest tier
	// Flood logs in as flood-user with flood-password (bcryptCost).
	FloodUser, FloodPassword string
}

// loadAgency is the i-th agency of a cohort of n.
func loadAgency(i, n int, allCities bool) zwgk.Agency {
	p := string(provinceTiles[i%31].Code) // the 31 mainland provinces come first… mostly
	city := p[:2] + fmt.Sprintf("%02d00", 1+(i/31)%40)
	a := zwgk.Agency{Code: fmt.Sprintf("L%05d", i), Level: zwgk.LevelCity, Region: zwgk.Region(city),
		Site: fmt.Sprintf("https://l%d.example.gov.cn/", i)}
	if allCities {
		a.Code = fmt.Sprintf("L%04d", i)
	}
	switch ministries := n / 200; {
	case allCities:
	case i < ministries:
		a.Level, a.Region = zwgk.LevelMinistry, "110000"
	case i < ministries+31:
		a.Level, a.Region = zwgk.LevelProvince, zwgk.Region(p[:2]+"0000")
	case i%6 == 0:
	default:
		a.Level, a.Region = zwgk.LevelCounty, zwgk.Region(city[:4]+fmt.Sprintf("%02d", 1+(i/1240)%60))
	}
	a.Name = fmt.Sprintf("测试%s%d人民政府", a.Level.Chinese(), i)
	return a
}

// seedCohort fills db with a cohort, each agency with a little evidence,
// scored by the cycle runner (so the findings and cards are real), and
// creates a leader, an assessor and the flood user.
func seedCohort(tb testing.TB, db *store.DB, lc loadCohort) loadSeeded {
	tb.Helper()
	ctx := context.Background()
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		tb.Fatal(err)
	}
	var as []zwgk.Agency
	var codes []string
	var out loadSeeded
	for i := 0; i < lc.Agencies; i++ {
		a := loadAgency(i, lc.Agencies, lc.AllCities)
		as = append(as, a)
		codes = append(codes, a.Code)
		if a.Level == zwgk.LevelCounty || lc.AllCities && out.County == "" {
			out.County = a.Code
		}
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
	if lc.Publish {
		if _, err := runner.Publish(ctx, "load", cycle.PublishOptions{Provisional: true}); err != nil {
			tb.Fatal(err)
		}
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("load-password"), bcrypt.MinCost)
	users := []store.User{{Name: "leader", Role: string(RoleLeader), PasswordHash: string(hash)},
		{Name: "assessor", Role: string(RoleAssessor), PasswordHash: string(hash)}}
	if lc.Flood {
		out.FloodUser, out.FloodPassword = "flood", "flood-password"
		flood, err := HashPassword(out.FloodPassword) // the real cost: the flood is what it measures
		if err != nil {
			tb.Fatal(err)
		}
		users = append(users, store.User{Name: out.FloodUser, Role: string(RoleLeader), PasswordHash: flood})
	}
	for _, u := range users {
		if _, err := db.CreateUser(ctx, u); err != nil {
			tb.Fatal(err)
		}
	}
	for _, u := range []struct {
		name string
		tok  *string
	}{{"leader", &out.Leader}, {"assessor", &out.Assessor}} {
		*u.tok = newToken()
		if err := db.CreateSession(ctx, u.name, *u.tok, time.Now().Add(24*time.Hour)); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// TestLoadSeed writes the load-test database for load.sh: set
// ZWGK_LOAD_DB to the SQLite file (or a postgres:// URL of an empty
// database) to fill, ZWGK_LOAD_AGENCIES to the cohort's size (default
// 14,000) and ZWGK_LOAD_STATE to review or published (default review). It
// writes $ZWGK_LOAD_OUT (a shell file: TOKEN, CARD, FLOOD_USER,
// FLOOD_PASSWORD) for the script.
func TestLoadSeed(t *testing.T) {
	path, out := os.Getenv("ZWGK_LOAD_DB"), os.Getenv("ZWGK_LOAD_OUT")
	if path == "" || out == "" {
		t.Skip("SKIP: set ZWGK_LOAD_DB and ZWGK_LOAD_OUT to write the load-test database (testdata/load.sh does)")
	}
	lc := loadCohort{Agencies: 14000, Flood: true}
	if n := os.Getenv("ZWGK_LOAD_AGENCIES"); n != "" {
		var err error
		if lc.Agencies, err = strconv.Atoi(n); err != nil || lc.Agencies < 100 {
			t.Fatalf("ZWGK_LOAD_AGENCIES=%q: want a number of at least 100", n)
		}
	}
	switch st := os.Getenv("ZWGK_LOAD_STATE"); st {
	case "", "review":
	case "published":
		lc.Publish = true
	default:
		t.Fatalf("ZWGK_LOAD_STATE=%q: want review or published", st)
	}
	if !strings.HasPrefix(path, "postgres") {
		os.Remove(path)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	s := seedCohort(t, db, lc)
	t.Logf("seeded %d agencies in %s", lc.Agencies, time.Since(start).Round(time.Second))
	env := fmt.Sprintf("TOKEN=%s\nCARD=%s\nFLOOD_USER=%s\nFLOOD_PASSWORD=%s\n", s.Assessor, s.County, s.FloodUser, s.FloodPassword)
	if err := os.WriteFile(out, []byte(env), 0o600); err != nil {
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
	// The API pages too (100 rows unless per_page asks for up to 1000),
	// saying how many rows there are.
	apiRows := func(path string) (rows []rankRow, count, pages, page int) {
		var out struct {
			Ranking struct {
				Rows               []rankRow `json:"agencies"`
				Count, Pages, Page int
			} `json:"ranking"`
		}
		if err := json.Unmarshal([]byte(get(path)), &out); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return out.Ranking.Rows, out.Ranking.Count, out.Ranking.Pages, out.Ranking.Page
	}
	if rows, count, pages, _ := apiRows("/api/cycles/load/ranking?tier=city"); len(rows) != 100 || count != 300 || pages != 3 {
		t.Errorf("API page 1: %d rows, count %d, %d pages; want 100, 300, 3", len(rows), count, pages)
	}
	all, _, _, _ := apiRows("/api/cycles/load/ranking?tier=city&sort=total&dir=desc&per_page=5000")
	if len(all) != 300 {
		t.Fatalf("API with per_page=5000 returned %d rows, want all 300 (at most 1000 a page)", len(all))
	}
	for i := 1; i < len(all); i++ {
		if a, b := all[i-1], all[i]; a.Total < b.Total || a.Total == b.Total && a.Agency > b.Agency {
			t.Fatalf("API rows %d and %d out of order: %v %s, %v %s", i-1, i, a.Total, a.Agency, b.Total, b.Agency)
		}
	}
	a3, _, _, page := apiRows("/api/cycles/load/ranking?tier=city&sort=total&dir=desc&per_page=120&page=3")
	if page != 3 || len(a3) != 60 || a3[0].Agency != all[240].Agency {
		t.Errorf("API page 3 of 120: page %d, %d rows; want 3, 60 from %s", page, len(a3), all[240].Agency)
	}
}

// BenchmarkPortalNational serves a national cohort in review from SQLite,
// 16 requests at a time as wrk -c16 would: the database of load.sh when
// ZWGK_LOAD_DB and ZWGK_LOAD_OUT name one (14,000 agencies), else a
// cohort of 2,000 seeded here. The session check alone is the baseline.
func BenchmarkPortalNational(b *testing.B) {
	ctx := context.Background()
	var db *store.DB
	var seeded loadSeeded
	var err error
	if path, out := os.Getenv("ZWGK_LOAD_DB"), os.Getenv("ZWGK_LOAD_OUT"); path != "" && out != "" {
		if db, err = store.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		env, err := os.ReadFile(out)
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.Split(string(env), "\n") {
			k, v, _ := strings.Cut(line, "=")
			switch k {
			case "TOKEN":
				seeded.Assessor = v
			case "CARD":
				seeded.County = v
			}
		}
	} else {
		if db, err = store.Open(ctx, b.TempDir()+"/national.db"); err != nil {
			b.Fatal(err)
		}
		seeded = seedCohort(b, db, loadCohort{Agencies: 2000})
	}
	defer db.Close()
	reg := prometheus.NewRegistry()
	sb := &StoreBackend{DB: db}
	h, err := New(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg, ScorecardPDF: sb.ScorecardPDF, SessionCache: 2 * time.Second}, sb) // as zwgk serve
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{
		{"baseline-me", "/api/me"},
		{"ranking", "/cycles/load/ranking?tier=county"},
		{"api-ranking", "/api/cycles/load/ranking?tier=county"},
		{"scorecard", "/cycles/load/agencies/" + seeded.County},
		{"pdf", "/cycles/load/agencies/" + seeded.County + "/scorecard.pdf"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			warm := httptest.NewRequest("GET", bc.path, nil) // the first request reads the cycle's cards
			warm.AddCookie(&http.Cookie{Name: "zwgk_session", Value: seeded.Assessor})
			h.ServeHTTP(httptest.NewRecorder(), warm)
			b.ResetTimer()
			b.ReportAllocs()
			b.SetParallelism(8) // 16 goroutines on two cores
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest("GET", bc.path, nil)
					req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: seeded.Assessor})
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("%s: %d", bc.path, rec.Code)
					}
				}
			})
		})
	}
}

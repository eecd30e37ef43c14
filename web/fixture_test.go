package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"

	"zwgk"
)

// The fixture: two agencies, one the agency user's own (SZ) and one not
// (HZ, whose name carries markup as a CSV might), a cycle in review and a
// published one, appeals of both agencies, one user per role.
const (
	ownCode    = "SZ"
	otherCode  = "HZ"
	reviewName = "2026-review"
	pubName    = "2025-pub"
	xssTitle   = "<script>alert(1)</script>"
	otherName  = `<b onmouseover="alert(2)">杭州</b>市人民政府`
)

// otherMarkers must never appear in an answer that refuses an agency user,
// nor in anything an agency user sees before publication.
var otherMarkers = []string{"杭州", "OTHERSECRET"}

var testRoles = []Role{RoleAdmin, RoleAssessor, RoleLeader, RoleAgency}

// When the fixture's cycles first showed results to agencies: the review
// cycle's appeal window (10 days) is open at the fixture's clock,
// 2026-07-02 09:00 UTC.
var (
	pubShown    = time.Date(2026, 1, 10, 2, 0, 0, 0, time.UTC)
	reviewShown = time.Date(2026, 7, 1, 6, 3, 0, 0, time.UTC)
)

type seeder interface {
	Backend
	seedAgency(a zwgk.Agency)
	seedCycle(c zwgk.Cycle) int64
	seedResults(id int64, cards []zwgk.Scorecard, fs map[string][]zwgk.Finding, ev map[string]zwgk.Evidence)
	seedUser(u User)
}

type fixture struct {
	b       seeder
	h       http.Handler
	now     *time.Time
	tokens  map[Role]string
	appeals map[string]int64 // "own-review", "other-review", "own-pub", "other-pub"
	// attachments: the one file of each of those appeals, by the same key
	attachments map[string]int64
	source      *testSource
}

var testIndicators = []IndicatorInfo{
	{ID: "A", Name: "信息发布", Points: 60, Depth: 1},
	{ID: "A1", Name: "首页更新", Points: 30, Depth: 2, Leaf: true, Kind: "score"},
	{ID: "A2", Name: "政策文件", Points: 30, Depth: 2, Leaf: true, Kind: "score"},
	{ID: "B", Name: "互动回应", Points: 40, Depth: 1},
	{ID: "B1", Name: "留言答复", Points: 40, Depth: 2, Leaf: true, Kind: "score"},
}

// testPNG is a 1×1 PNG: what an agency attaches as a screenshot.
var testPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// testSource is a QueueSource with one candidate per fixture agency, as
// the content checks will propose them.
type testSource struct {
	mu      sync.Mutex
	decided map[string]string // key → "confirm by" / "dismiss by"
}

func (*testSource) ID() string    { return "test-checks" }
func (*testSource) Title() string { return "测试检测" }

func (t *testSource) Candidates(ctx context.Context, c zwgk.Cycle, f QueueFilter) ([]Candidate, int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Candidate
	for _, code := range []string{ownCode, otherCode} {
		key := "cand-" + code
		if _, done := t.decided[key]; done {
			continue
		}
		out = append(out, Candidate{Key: key, Agency: code, AgencyName: code, Indicator: "A2", Kind: "privacy", KindName: "个人信息",
			Excerpt: "身份证号 4403**********1234 " + xssTitle, URL: "https://www.example.gov.cn/a.html"})
	}
	return out, len(out), nil
}

func (t *testSource) Decide(ctx context.Context, c zwgk.Cycle, key string, confirm bool, by, reason string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if key != "cand-"+ownCode && key != "cand-"+otherCode {
		return ErrNotFound
	}
	if _, done := t.decided[key]; done {
		return ErrCandidateDecided
	}
	t.decided[key] = map[bool]string{true: "confirm ", false: "dismiss "}[confirm] + by
	return nil
}

func seedFixture(t testing.TB, b seeder) *fixture {
	t.Helper()
	return seedFixtureConfig(t, b, nil)
}

// seedFixtureConfig seeds b and builds the portal, letting tune adjust the
// configuration (e.g. plain-HTTP cookies for a real browser).
func seedFixtureConfig(t testing.TB, b seeder, tune func(*Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	own := zwgk.Agency{Code: ownCode, Name: "深圳市人民政府", Level: zwgk.LevelCity, Region: "440300", Site: "https://www.sz.gov.cn/"}
	other := zwgk.Agency{Code: otherCode, Name: otherName, Level: zwgk.LevelCity, Region: "330100", Site: "javascript:alert(3)"}
	b.seedAgency(own)
	b.seedAgency(other)
	ids := map[string]int64{}
	for _, c := range []zwgk.Cycle{
		{Name: pubName, FrameworkID: "gov-2019", FrameworkHash: "h1", AsOf: zwgk.NewDate(2025, 12, 31), WindowDays: 365, State: zwgk.CycleReview, ReviewAt: &pubShown},
		{Name: reviewName, FrameworkID: "gov-2019", FrameworkHash: "h1", AsOf: zwgk.NewDate(2026, 6, 30), WindowDays: 365, State: zwgk.CycleReview, ReviewAt: &reviewShown},
	} {
		id := b.seedCycle(c)
		ids[c.Name] = id
		findings := func(a zwgk.Agency, secret string) []zwgk.Finding {
			return []zwgk.Finding{
				{Agency: a.Code, Indicator: "A1", Outcome: zwgk.Fail, Measure: secret + "首页最新信息 " + xssTitle, Problem: secret + "首页两周未更新",
					Evidence: []string{"https://www.example.gov.cn/index.html", "javascript:alert(5)"}},
				{Agency: a.Code, Indicator: "A2", Outcome: zwgk.Pass, Fraction: 1, Measure: secret + "政策文件齐全"},
				{Agency: a.Code, Indicator: "B1", Outcome: zwgk.Partial, Fraction: 0.5, Measure: secret + "答复率 50%", Problem: secret + "留言答复不及时"},
			}
		}
		card := func(a zwgk.Agency, total float64, rank int) zwgk.Scorecard {
			return zwgk.Scorecard{Agency: a.Code, Name: a.Name, Level: a.Level, Region: a.Region, Base: total, Total: total,
				Grade: "合格", Tier: string(a.Level), Rank: rank, TierSize: 2, Applicable: 100, Scale: 1,
				Subtotals: map[string]float64{"A": 30, "B": 20}}
		}
		ev := func(a zwgk.Agency) zwgk.Evidence {
			return zwgk.Evidence{Agency: a.Code, CrawledAt: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC),
				Pages:   []zwgk.Page{{URL: "https://www.example.gov.cn/index.html", Status: 200, Title: xssTitle}},
				Columns: []zwgk.Column{{Name: `<img src=x onerror=alert(4)>政策文件`, URL: "javascript:alert(6)", Indicators: []string{"A2"}}},
				Probes:  []zwgk.Probe{{At: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC), Status: 200}}}
		}
		b.seedResults(id,
			[]zwgk.Scorecard{card(own, 50, 2), card(other, 60, 1)},
			map[string][]zwgk.Finding{ownCode: findings(own, ""), otherCode: findings(other, "OTHERSECRET")},
			map[string]zwgk.Evidence{ownCode: ev(own), otherCode: ev(other)})
	}
	f := &fixture{b: b, tokens: map[Role]string{}, appeals: map[string]int64{}, attachments: map[string]int64{},
		source: &testSource{decided: map[string]string{}}}
	for key, ap := range map[string]zwgk.Appeal{
		"own-review":   {CycleID: ids[reviewName], Agency: ownCode, Indicator: "A1", Reason: "首页其实已更新", EvidenceURL: "https://www.sz.gov.cn/a.html"},
		"other-review": {CycleID: ids[reviewName], Agency: otherCode, Indicator: "A1", Reason: "OTHERSECRET-appeal", EvidenceURL: "https://hz.example/OTHERSECRET"},
		"own-pub":      {CycleID: ids[pubName], Agency: ownCode, Indicator: "A1", Reason: "旧申诉", EvidenceURL: "https://www.sz.gov.cn/b.html"},
		"other-pub":    {CycleID: ids[pubName], Agency: otherCode, Indicator: "A1", Reason: "OTHERSECRET-old", EvidenceURL: "https://hz.example/x"},
	} {
		ap.State, ap.FiledBy, ap.FiledAt = zwgk.AppealOpen, "seed", time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
		marker := "own"
		if ap.Agency == otherCode {
			marker = "OTHERSECRET"
		}
		id, err := b.FileAppealWith(ctx, ap, []Attachment{{Name: marker + "-回复截图.png", ContentType: "image/png", Data: testPNG}})
		if err != nil {
			t.Fatal(err)
		}
		f.appeals[key] = id
		atts, err := b.Attachments(ctx, ap.CycleID, ap.Agency)
		if err != nil || len(atts[id]) != 1 {
			t.Fatalf("attachment of appeal %d: %v %v", id, atts, err)
		}
		f.attachments[key] = atts[id][0].ID
	}
	// Published provisionally: its appeals stay open, so the matrix can
	// show that a published cycle refuses to decide them.
	if _, err := b.Publish(ctx, pubName, "seed", true); err != nil {
		t.Fatal(err)
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("secret-pw"), bcrypt.MinCost)
	now := time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC)
	f.now = &now
	if c, ok := b.(interface{ setClock(func() time.Time) }); ok {
		c.setClock(func() time.Time { return *f.now })
	}
	for _, r := range testRoles {
		u := User{Name: string(r) + "1", Role: r, PasswordHash: string(hash)}
		if r == RoleAgency {
			u.Agencies = []string{ownCode}
		}
		b.seedUser(u)
		tok := newToken()
		if err := b.CreateSession(ctx, u.Name, tok, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.tokens[r] = tok
	}
	reg := prometheus.NewRegistry()
	cfg := Config{
		Now:        func() time.Time { return *f.now },
		Registerer: reg,
		Gatherer:   reg,
		ScorecardPDF: func(_ context.Context, w io.Writer, in PDFInput) error {
			_, err := w.Write([]byte("%PDF-1.4 test " + in.Agency.Code))
			return err
		},
		QueueSources: []QueueSource{f.source},
	}
	if sb, ok := b.(*storeSeeder); ok {
		cfg.ScorecardPDF = sb.ScorecardPDF // the real PDF on the real store
	}
	if tune != nil {
		tune(&cfg)
	}
	h, err := New(cfg, b)
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	return f
}

// do sends a request as role (no session when role is ""), with the
// session's CSRF token on POSTs.
func (f *fixture) do(role Role, method, target string, form url.Values) *httptest.ResponseRecorder {
	var body *strings.Reader
	if form == nil {
		form = url.Values{}
	}
	tok := f.tokens[role]
	if method == http.MethodPost && form.Get(csrfField) == "" && tok != "" {
		form.Set(csrfField, csrfFor(tok))
	}
	body = strings.NewReader(form.Encode())
	req := httptest.NewRequest(method, target, body)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if tok != "" {
		req.AddCookie(&http.Cookie{Name: "__Host-zwgk_session", Value: tok})
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// doJSON sends a JSON body as role, with the session's bearer token, as
// an office system would.
func (f *fixture) doJSON(role Role, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if tok := f.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

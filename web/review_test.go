package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"zwgk"
)

// Accepting an appeal with a fraction that is not a number in 0..1 is the
// user's error: 400 with a Chinese message, never a 500 (NaN used to reach
// the store: SQLite's NOT NULL, PostgreSQL's audit JSON).
func TestAcceptAppealBadFraction(t *testing.T) { forBackends(t, testAcceptAppealBadFraction) }

func testAcceptAppealBadFraction(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	path := fmt.Sprintf("/cycles/%s/appeals/%d/decision", reviewName, f.appeals["own-review"])
	for _, frac := range []string{"NaN", "nan", "+Inf", "-Inf", "1e999", "-0.1", "1.5", "abc", "", "0", "1"} {
		rec := f.do(RoleAssessor, "POST", path, url.Values{"verdict": {"accept"}, "outcome": {"partial"}, "fraction": {frac}, "decision": {"核实"}})
		if rec.Code != http.StatusBadRequest {
			t.Errorf("fraction %q: status %d, want 400", frac, rec.Code)
			continue
		}
		if !strings.Contains(rec.Body.String(), "得分比例") {
			t.Errorf("fraction %q: no Chinese message about the fraction:\n%.300s", frac, rec.Body.String())
		}
	}
	aps, _ := f.b.Appeals(context.Background(), mustCycle(t, f, reviewName).ID, ownCode)
	for _, ap := range aps {
		if ap.ID == f.appeals["own-review"] && ap.State != zwgk.AppealOpen {
			t.Errorf("a refused decision closed the appeal: %+v", ap)
		}
	}
	// A good one goes through.
	rec := f.do(RoleAssessor, "POST", path, url.Values{"verdict": {"accept"}, "outcome": {"partial"}, "fraction": {"0.75"}, "decision": {"核实"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("fraction 0.75: %d", rec.Code)
	}
}

func mustCycle(t testing.TB, f *fixture, name string) zwgk.Cycle {
	t.Helper()
	c, err := f.b.CycleByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The review API validates every number and field, answering 400 with a
// Chinese message; a good review answers 201 with the stored review.
func TestReviewAPIValidation(t *testing.T) { forBackends(t, testReviewAPIValidation) }

func testReviewAPIValidation(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	path := "/api/cycles/" + reviewName + "/agencies/" + ownCode + "/reviews"
	bad := []struct{ body, want string }{
		{`{"indicator":"B1","outcome":"partial","fraction":1.5,"reason":"r"}`, "得分比例"},
		{`{"indicator":"B1","outcome":"partial","fraction":-0.5,"reason":"r"}`, "得分比例"},
		{`{"indicator":"B1","outcome":"partial","fraction":1e999,"reason":"r"}`, "类型"},
		{`{"indicator":"B1","outcome":"partial","fraction":"NaN","reason":"r"}`, "类型"},
		{`{"indicator":"B1","outcome":"partial","reason":"r"}`, "得分比例"},
		{`{"indicator":"B1","outcome":"pass","fraction":0.5,"reason":"r"}`, "达标"},
		{`{"indicator":"B1","outcome":"maybe","reason":"r"}`, "复核结论"},
		{`{"indicator":"B1","outcome":"pending","reason":"r"}`, "复核结论"},
		{`{"indicator":"B1","outcome":"pass","reason":"  "}`, "理由"},
		{`{"indicator":"B","outcome":"pass","reason":"r"}`, "不是"},
		{`{"indicator":"ZZ","outcome":"pass","reason":"r"}`, "不是"},
		{`{"indicator":"B1","outcome":"pass","reason":"r","evidence":"javascript:alert(1)"}`, "证据链接"},
		{`{"indicator":"B1","outcome":"pass","reason":"r","extra":1}`, "未知字段"},
		{`{"indicator":"B1",`, "JSON"},
	}
	for _, b := range bad {
		rec := f.doJSON(RoleAssessor, "POST", path, b.body)
		var out struct{ Error, Message string }
		json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code != http.StatusBadRequest || !strings.Contains(out.Message, b.want) {
			t.Errorf("%s: %d %q, want 400 mentioning %q", b.body, rec.Code, out.Message, b.want)
		}
	}
	// Not JSON at all: 415.
	req := httptest.NewRequest("POST", path, strings.NewReader("indicator=B1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+f.tokens[RoleAssessor])
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("form body: %d, want 415", rec.Code)
	}
	if rs, _ := f.b.AgencyReviews(context.Background(), mustCycle(t, f, reviewName).ID, ownCode); len(rs) != 0 {
		t.Fatalf("refused reviews stored: %+v", rs)
	}
	rec = f.doJSON(RoleAssessor, "POST", path, `{"indicator":"B1","outcome":"部分达标","fraction":0.25,"reason":"抽查 4 件答复 1 件按期","evidence":"https://www.sz.gov.cn/x"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("good review: %d %s", rec.Code, rec.Body)
	}
	var out struct{ Review zwgk.Review }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if r := out.Review; r.ID == 0 || r.Outcome != zwgk.Partial || r.Fraction != 0.25 || r.By != "assessor1" || r.Evidence != "https://www.sz.gov.cn/x" {
		t.Errorf("201 body %+v", r)
	}
	// The history lists it, and the scorecard shows the override.
	rec = f.do(RoleAgency, "GET", path, nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "抽查 4 件答复 1 件按期") {
		t.Errorf("history: %d %.300s", rec.Code, rec.Body)
	}
}

// The queue lists pending findings, filtered and paged; a reviewed one
// leaves it even before the cycle is re-scored; undo brings it back.
func TestReviewQueue(t *testing.T) { forBackends(t, testReviewQueue) }

func testReviewQueue(t *testing.T, newB func(testing.TB) seeder) {
	b := newB(t)
	f := seedFixture(t, b)
	ctx := context.Background()
	c := mustCycle(t, f, reviewName)
	// 60 pending findings for the own agency would need 60 indicators; use
	// many agencies instead: 70 agencies with B1 pending.
	var codes []string
	for i := 0; i < 70; i++ {
		code := fmt.Sprintf("Q%03d", i)
		region := zwgk.Region("440300")
		if i%2 == 1 {
			region = "330100"
		}
		b.seedAgency(zwgk.Agency{Code: code, Name: "待评单位" + code, Level: zwgk.LevelCity, Region: region, Site: "https://q.example/"})
		codes = append(codes, code)
	}
	if sb, ok := b.(*storeSeeder); ok {
		// No re-scoring from (absent) evidence: the queue must drop a
		// reviewed finding before the cycle is re-scored.
		sb.ScoreCycle = func(context.Context, string) error { return nil }
		sb.ScoreAgencies = nil
		// enrol them (the store refuses findings of agencies not enrolled)
		for _, code := range codes {
			if _, err := sb.DB.X.ExecContext(ctx, sb.DB.X.Rebind("INSERT INTO enrolments (cycle_id, agency, updated_at) VALUES (?, ?, ?)"), c.ID, code, time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
	}
	cards, _ := b.Scorecards(ctx, c.ID)
	fs := map[string][]zwgk.Finding{}
	ev := map[string]zwgk.Evidence{}
	for _, code := range codes {
		fs[code] = []zwgk.Finding{{Agency: code, Indicator: "B1", Outcome: zwgk.Pending, Measure: "人工评分"}, {Agency: code, Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1}}
		cards = append(cards, zwgk.Scorecard{Agency: code, Name: "待评单位" + code, Level: zwgk.LevelCity, Tier: "city", Provisional: true})
	}
	if m, ok := b.(*memBackend); ok {
		for code, f := range fs {
			m.findings[c.ID][code] = f
		}
		m.cards[c.ID] = cards
		_ = ev
	} else {
		for code, f := range fs {
			if err := b.(*storeSeeder).DB.SaveFindings(ctx, c.ID, code, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	get := func(q string) string {
		rec := f.do(RoleAssessor, "GET", "/cycles/"+reviewName+"/queue"+q, nil)
		if rec.Code != 200 {
			t.Fatalf("queue%s: %d", q, rec.Code)
		}
		return rec.Body.String()
	}
	body := get("")
	if !strings.Contains(body, "待人工评分的指标（70）") || !strings.Contains(body, "第 1 页 / 共 2 页") {
		t.Errorf("queue does not count 70 pending over 2 pages:\n%.2000s", body)
	}
	if n := strings.Count(body, `<tr id="q-`); n != queuePageSize {
		t.Errorf("%d rows on page 1, want %d", n, queuePageSize)
	}
	if body := get("?page=2"); strings.Count(body, `<tr id="q-`) != 20 {
		t.Errorf("page 2 rows %d, want 20", strings.Count(body, `<tr id="q-`))
	}
	if body := get("?region=330000"); !strings.Contains(body, "待人工评分的指标（35 / 全部 70）") || strings.Contains(body, "q-Q000-B1") {
		t.Errorf("region filter: %.1500s", body)
	}
	if body := get("?indicator=A1"); !strings.Contains(body, "没有符合条件的待评分指标") {
		t.Errorf("indicator filter A1 (nothing pending) shows rows")
	}
	if body := get("?tier=county"); strings.Contains(body, "q-Q000-B1") {
		t.Errorf("tier filter county shows city agencies")
	}
	// Scoring one from the queue: back to the same filtered page.
	back := "/cycles/" + reviewName + "/queue?region=440000"
	rec := f.do(RoleAssessor, "POST", "/cycles/"+reviewName+"/agencies/Q000/reviews", url.Values{"indicator": {"B1"}, "outcome": {"pass"}, "reason": {"已核实"}, "back": {back}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != back {
		t.Fatalf("review from the queue: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	if body := get(""); strings.Contains(body, "q-Q000-B1") || !strings.Contains(body, "待人工评分的指标（69）") {
		t.Errorf("reviewed finding still in the queue")
	}
	// A bad fraction from the queue re-shows the queue with the message.
	rec = f.do(RoleAssessor, "POST", "/cycles/"+reviewName+"/agencies/Q002/reviews", url.Values{"indicator": {"B1"}, "outcome": {"partial"}, "fraction": {"NaN"}, "reason": {"x"}, "back": {back}})
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "得分比例") || !strings.Contains(rec.Body.String(), "复核工作台") {
		t.Errorf("bad fraction from the queue: %d %.400s", rec.Code, rec.Body)
	}
	// The candidates section renders the source's proposals as text.
	body = get("")
	if !strings.Contains(body, "待确认的检测线索") || !strings.Contains(body, "测试检测（2）") || strings.Contains(body, "<script>alert(1)") {
		t.Errorf("candidates section:\n%.400s", body[strings.Index(body, "candidates"):])
	}
	// Publishing as final is refused, naming what waits.
	rec = f.do(RoleAdmin, "POST", "/cycles/"+reviewName+"/publish", url.Values{"confirm": {reviewName}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "待人工评分") || !strings.Contains(rec.Body.String(), "待处理") {
		t.Errorf("final publish with pending findings: %d %.600s", rec.Code, rec.Body)
	}
}

// One address trying one password on many user names is locked out after
// LoginFailuresPerIP failures, whatever the names; another address is not.
func TestLoginThrottledPerAddress(t *testing.T) {
	f := seedFixtureConfig(t, newMem(), func(c *Config) { c.LoginFailuresPerIP = 8 })
	login := func(ip, name, pw string) *httptest.ResponseRecorder {
		pre := newToken()
		form := url.Values{"name": {name}, "password": {pw}, csrfField: {csrfFor(pre)}}
		req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: preCookie, Value: pre})
		req.RemoteAddr = ip + ":40000"
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		return rec
	}
	for i := 0; i < 8; i++ {
		if rec := login("192.0.2.9", fmt.Sprintf("user%d", i), "Password1"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, rec.Code)
		}
	}
	// The ninth name, and even the right password of a real account, from
	// that address: refused with the address message.
	rec := login("192.0.2.9", "admin1", "secret-pw")
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "此网络地址登录失败次数过多") || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("locked address: %d %q", rec.Code, rec.Body.String())
	}
	if rec := login("198.51.100.4", "admin1", "secret-pw"); rec.Code != http.StatusSeeOther {
		t.Errorf("another address: %d", rec.Code)
	}
	*f.now = f.now.Add(16 * time.Minute)
	if rec := login("192.0.2.9", "admin1", "secret-pw"); rec.Code != http.StatusSeeOther {
		t.Errorf("after the window: %d", rec.Code)
	}
}

// Every crawled or filed string carrying a right-to-left override is
// isolated by a <bdi> ancestor, so it cannot reverse the text around it.
func TestBidiIsolated(t *testing.T) { forBackends(t, testBidiIsolated) }

func testBidiIsolated(t *testing.T, newB func(testing.TB) seeder) {
	b := newB(t)
	const rlo = "\u202e"
	f := seedFixture(t, b)
	ctx := context.Background()
	c := mustCycle(t, f, reviewName)
	evil := zwgk.Evidence{Agency: ownCode, CrawledAt: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC),
		Pages:   []zwgk.Page{{URL: "https://www.sz.gov.cn/" + rlo + "lmth.exe", Status: 200, Title: "通知" + rlo + "告公", FetchedAt: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}},
		Columns: []zwgk.Column{{Name: "栏目" + rlo + "开公", URL: "https://www.sz.gov.cn/" + rlo + "c/", Indicators: []string{"A2"}}}}
	fs := []zwgk.Finding{{Agency: ownCode, Indicator: "A1", Outcome: zwgk.Fail, Measure: "首页最新信息 " + rlo + "题标", Problem: "问题" + rlo + "述描",
		Evidence: []string{"https://www.sz.gov.cn/" + rlo + "x.html"}}}
	switch sb := b.(type) {
	case *memBackend:
		sb.evidence[c.ID][ownCode] = evil
		sb.findings[c.ID][ownCode] = fs
	case *storeSeeder:
		for _, p := range evil.Pages {
			if err := sb.DB.SavePage(ctx, c.ID, ownCode, p, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := sb.DB.SaveEvidence(ctx, c.ID, evil); err != nil {
			t.Fatal(err)
		}
		if err := sb.DB.SaveFindings(ctx, c.ID, ownCode, fs); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.FileAppealWith(ctx, zwgk.Appeal{CycleID: c.ID, Agency: ownCode, Indicator: "A1", Reason: "理由" + rlo + "由理",
		EvidenceURL: "https://www.sz.gov.cn/" + rlo + "y", FiledBy: "agency1", FiledAt: *f.now}, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		role Role
		path string
	}{
		{RoleAgency, "/cycles/" + reviewName + "/agencies/" + ownCode},
		{RoleAgency, "/cycles/" + reviewName + "/agencies/" + ownCode + "/evidence"},
		{RoleAssessor, "/cycles/" + reviewName + "/appeals"},
		{RoleAssessor, "/cycles/" + reviewName + "/queue"},
	} {
		rec := f.do(p.role, "GET", p.path, nil)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", p.path, rec.Code)
		}
		doc, err := html.Parse(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		var walk func(n *html.Node, inBdi bool)
		walk = func(n *html.Node, inBdi bool) {
			if n.Type == html.ElementNode && n.Data == "bdi" {
				inBdi = true
			}
			if n.Type == html.TextNode && strings.Contains(n.Data, rlo) {
				seen++
				if !inBdi {
					t.Errorf("%s: %q not isolated (parent <%s>)", p.path, n.Data, n.Parent.Data)
				}
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch, inBdi)
			}
		}
		walk(doc, false)
		if seen == 0 && !strings.HasSuffix(p.path, "/queue") {
			t.Errorf("%s: no U+202E string shown at all (test seeds nothing?)", p.path)
		}
	}
}

// Appeals take PDF and image attachments by content, size-capped; the
// assessor gets them as downloads of the sniffed type; the window closes.
func TestAppealAttachments(t *testing.T) { forBackends(t, testAppealAttachments) }

func testAppealAttachments(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	post := func(name string, data []byte) *httptest.ResponseRecorder {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField(csrfField, csrfFor(f.tokens[RoleAgency]))
		mw.WriteField("indicator", "B1")
		mw.WriteField("reason", "留言均已答复，见附件")
		mw.WriteField("evidence_url", "https://www.sz.gov.cn/reply.html")
		if data != nil {
			w, _ := mw.CreateFormFile("attachments", name)
			w.Write(data)
		}
		mw.Close()
		req := httptest.NewRequest("POST", "/cycles/"+reviewName+"/agencies/"+ownCode+"/appeals", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: "__Host-zwgk_session", Value: f.tokens[RoleAgency]})
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		return rec
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1000)...)
	for _, bad := range []struct {
		name string
		data []byte
		want string
	}{
		{"reply.pdf", []byte("<html><script>alert(1)</script></html>"), "不是 PDF 或图片"},
		{"page.png", []byte("MZ\x90\x00 an executable"), "不是 PDF 或图片"},
		{"big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, maxAttachmentBytes)...), "超过 5 MB"},
	} {
		rec := post(bad.name, bad.data)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), bad.want) {
			t.Errorf("%s: %d, want 400 with %q: %.300s", bad.name, rec.Code, bad.want, rec.Body)
		}
	}
	rec := post("..\\..\\答复记录\u202e.html", pdf)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("good appeal: %d %.500s", rec.Code, rec.Body)
	}
	ctx := context.Background()
	c := mustCycle(t, f, reviewName)
	atts, _ := f.b.Attachments(ctx, c.ID, ownCode)
	var att Attachment
	for _, as := range atts {
		for _, a := range as {
			if a.ContentType == "application/pdf" {
				att = a
			}
		}
	}
	if att.ID == 0 || att.Name != "答复记录.html" {
		t.Fatalf("stored attachment %+v", att)
	}
	// The assessor's queue shows it beside the finding.
	body := f.do(RoleAssessor, "GET", "/cycles/"+reviewName+"/appeals", nil).Body.String()
	if !strings.Contains(body, fmt.Sprintf("/attachments/%d", att.ID)) || !strings.Contains(body, "被申诉的发现") {
		t.Errorf("attachment or finding not beside the appeal")
	}
	rec = f.do(RoleAssessor, "GET", fmt.Sprintf("/cycles/%s/attachments/%d", reviewName, att.ID), nil)
	h := rec.Header()
	if rec.Code != 200 || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Disposition"), ".pdf") ||
		strings.Contains(h.Get("Content-Disposition"), ".html") || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") ||
		!bytes.Equal(rec.Body.Bytes(), pdf) {
		t.Errorf("download: %d %v", rec.Code, h)
	}
	// The agency sees its deadline in Beijing time; past it, no appeal.
	body = f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode, nil).Body.String()
	if !strings.Contains(body, "2026-07-11 14:03（北京时间）") {
		t.Errorf("deadline (results shown 2026-07-01 14:03 CST + 10 days) not shown:\n%.1500s", body)
	}
	*f.now = time.Date(2026, 7, 11, 6, 3, 0, 0, time.UTC)
	tok := newToken()
	if err := f.b.CreateSession(ctx, "agency1", tok, f.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	f.tokens[RoleAgency] = tok
	rec = post("x.pdf", pdf)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "申诉期已于 2026-07-11 14:03（北京时间） 截止") {
		t.Errorf("appeal after the deadline: %d %.300s", rec.Code, rec.Body)
	}
}

// A region link names no tier: it opens the first tier with an agency in
// that region (ministries, the first tier, have none), and the portal's
// region figures are scoring's, ministries left out.
func TestRegionLinkAndFigures(t *testing.T) {
	m := newMem()
	f := seedFixture(t, m)
	c := mustCycle(t, f, pubName)
	m.agencies["MIN"] = zwgk.Agency{Code: "MIN", Name: "某部", Level: zwgk.LevelMinistry, Region: "110000"}
	m.cards[c.ID] = append(m.cards[c.ID], zwgk.Scorecard{Agency: "MIN", Name: "某部", Level: zwgk.LevelMinistry, Region: "110000",
		Tier: "ministry", Total: 90, Grade: "优秀", Rank: 1, TierSize: 1})
	body := f.do(RoleLeader, "GET", "/cycles/"+pubName+"/regions", nil).Body.String()
	if !strings.Contains(body, `/ranking?region=440000"`) {
		t.Fatalf("regions page has no region link:\n%.500s", body)
	}
	if strings.Contains(body, ">北京</a>") {
		t.Errorf("a ministry counted as Beijing's")
	}
	rec := f.do(RoleLeader, "GET", "/cycles/"+pubName+"/ranking?region=440000", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "深圳市人民政府") {
		t.Errorf("region link opens an empty ranking: %d", rec.Code)
	}
	var api struct {
		Comparison struct {
			Regions []regionStat `json:"regions"`
		} `json:"comparison"`
	}
	json.Unmarshal(f.do(RoleLeader, "GET", "/api/cycles/"+pubName+"/regions", nil).Body.Bytes(), &api)
	co, _ := m.Cohort(context.Background(), c, m.cards[c.ID])
	want := map[zwgk.Region]zwgk.GroupStat{}
	for _, g := range co.Stats.RegionsAt("", 1) {
		want[g.Region] = g
	}
	if len(api.Comparison.Regions) != len(want) || len(want) != 2 {
		t.Fatalf("api regions %+v, scoring %+v", api.Comparison.Regions, want)
	}
	for _, r := range api.Comparison.Regions {
		if g := want[r.Code]; g.Mean != r.Mean || g.Agencies != r.Agencies || g.Passing != r.Passing {
			t.Errorf("%s: portal %+v, scoring %+v", r.Code, r, g)
		}
	}
}

package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Crawled text and CSV names are attacker-controlled: every page and the
// API must render them as text.
func TestXSSEscapedEverywhere(t *testing.T) { forBackends(t, testXSSEscapedEverywhere) }

func testXSSEscapedEverywhere(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	raw := []string{"<script>alert(1)</script>", `<b onmouseover`, "<img src=x onerror", `href="javascript:`, "alert(3)\"", `href="javascript`}
	pages := []struct {
		role Role
		path string
		want string // an escaped form that must be there
	}{
		{RoleAgency, "/cycles/" + reviewName + "/agencies/" + ownCode, "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{RoleAgency, "/cycles/" + reviewName + "/agencies/" + ownCode + "/evidence", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{RoleAdmin, "/cycles/" + reviewName + "/agencies/" + otherCode, "&lt;b onmouseover=&#34;alert(2)&#34;&gt;杭州&lt;/b&gt;"},
		{RoleAdmin, "/cycles/" + reviewName + "/agencies/" + otherCode + "/evidence", "&lt;img src=x onerror=alert(4)&gt;"},
		{RoleLeader, "/cycles/" + pubName + "/ranking", "&lt;b onmouseover=&#34;alert(2)&#34;&gt;杭州&lt;/b&gt;"},
		{RoleLeader, "/cycles/" + pubName + "/regions", "浙江"},
		{RoleAssessor, "/cycles/" + reviewName + "/appeals", "&lt;b onmouseover=&#34;alert(2)&#34;&gt;杭州&lt;/b&gt;"},
	}
	for _, p := range pages {
		rec := f.do(p.role, "GET", p.path, nil)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: %d", p.path, rec.Code)
		}
		for _, r := range raw {
			if strings.Contains(body, r) {
				t.Errorf("%s: raw %q in page", p.path, r)
			}
		}
		if !strings.Contains(body, p.want) {
			t.Errorf("%s: escaped %q missing", p.path, p.want)
		}
		if strings.Contains(body, "<script") {
			t.Errorf("%s: a script element in the page", p.path)
		}
	}
	// Evidence links get rel=noopener noreferrer nofollow.
	body := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode, nil).Body.String()
	if !strings.Contains(body, `<a href="https://www.example.gov.cn/index.html" rel="noopener noreferrer nofollow"`) {
		t.Errorf("evidence link without rel")
	}
	for _, p := range []string{
		"/api/cycles/" + reviewName + "/agencies/" + ownCode,
		"/api/cycles/" + reviewName + "/agencies/" + ownCode + "/evidence",
		"/api/cycles/" + pubName + "/ranking",
	} {
		rec := f.do(RoleAdmin, "GET", p, nil)
		body := rec.Body.String()
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: content type %q", p, ct)
		}
		if strings.ContainsAny(body, "<>") {
			t.Errorf("%s: raw < or > in JSON: %.300s", p, body)
		}
		if !strings.Contains(body, `\u003c`) {
			t.Errorf("%s: no escaped markup in JSON", p)
		}
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestSecurityHeaders(t *testing.T) { forBackends(t, testSecurityHeaders) }

func testSecurityHeaders(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	for _, p := range []string{"/login", "/cycles", "/api/cycles", "/static/style.css", "/nope"} {
		rec := f.do(RoleAdmin, "GET", p, nil)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
	if cc := f.do(RoleAdmin, "GET", "/cycles", nil).Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("page Cache-Control %q", cc)
	}
}

func TestCSRF(t *testing.T) { forBackends(t, testCSRF) }

func testCSRF(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	p := "/cycles/" + reviewName + "/agencies/" + ownCode + "/appeals"
	form := func(tok string) url.Values {
		return url.Values{"indicator": {"B1"}, "reason": {"理由"}, "evidence_url": {"https://a.gov.cn/"}, csrfField: {tok}}
	}
	for name, tok := range map[string]string{
		"missing":         "",
		"wrong":           wrongToken(csrfFor(f.tokens[RoleAgency])),
		"other session's": csrfFor(f.tokens[RoleAdmin]),
		"session token":   f.tokens[RoleAgency],
	} {
		fm := form(tok)
		if tok == "" {
			fm.Set(csrfField, "")
		}
		req := httptest.NewRequest("POST", p, strings.NewReader(fm.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "__Host-zwgk_session", Value: f.tokens[RoleAgency]})
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s token: %d, want 403", name, rec.Code)
		}
	}
	aps, _ := f.b.Appeals(t.Context(), 2, ownCode)
	for _, ap := range aps {
		if ap.Indicator == "B1" {
			t.Errorf("appeal stored despite CSRF failure")
		}
	}
	// A cross-site browser request is refused even with a valid token.
	fm := form(csrfFor(f.tokens[RoleAgency]))
	req := httptest.NewRequest("POST", p, strings.NewReader(fm.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: "__Host-zwgk_session", Value: f.tokens[RoleAgency]})
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", rec.Code)
	}
	// Login needs the pre-login cookie's token.
	rec = postLogin(f, "agency1", "secret-pw", "", "")
	if rec.Code != http.StatusForbidden || len(rec.Result().Cookies()) > 0 && rec.Result().Cookies()[0].Name == "__Host-zwgk_session" {
		t.Errorf("login without CSRF: %d", rec.Code)
	}
}

// loginPage fetches the login form and returns its pre-login cookie and
// CSRF token.
func loginPage(t testing.TB, f *fixture) (pre, csrf string) {
	rec := f.do("", "GET", "/login", nil)
	for _, c := range rec.Result().Cookies() {
		if c.Name == preCookie {
			pre = c.Value
		}
	}
	if pre == "" {
		t.Fatal("no pre-login cookie")
	}
	return pre, csrfFor(pre)
}

func postLogin(f *fixture, name, pw, pre, csrf string) *httptest.ResponseRecorder {
	fm := url.Values{"name": {name}, "password": {pw}, csrfField: {csrf}, "next": {"//evil.example/x"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(fm.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "192.0.2.7:5555"
	if pre != "" {
		req.AddCookie(&http.Cookie{Name: preCookie, Value: pre})
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func TestLoginCookieAndLogout(t *testing.T) { forBackends(t, testLoginCookieAndLogout) }

func testLoginCookieAndLogout(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	pre, csrf := loginPage(t, f)
	rec := postLogin(f, "agency1", "secret-pw", pre, csrf)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/cycles" {
		t.Fatalf("login: %d to %q (an off-site next must be dropped)", rec.Code, rec.Header().Get("Location"))
	}
	var sess *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "__Host-zwgk_session" {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || !sess.Secure || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.MaxAge <= 0 {
		t.Fatalf("session cookie %+v", sess)
	}
	f.tokens["x"] = sess.Value
	if got := f.do("x", "GET", "/cycles", nil); got.Code != 200 {
		t.Fatalf("with new session: %d", got.Code)
	}
	if got := f.do("x", "POST", "/logout", nil); got.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", got.Code)
	}
	if got := f.do("x", "GET", "/cycles", nil); got.Code != http.StatusSeeOther {
		t.Errorf("session alive after logout: %d", got.Code)
	}
	if got := postLogin(f, "agency1", "wrong", pre, csrf); got.Code != http.StatusUnauthorized || !strings.Contains(got.Body.String(), "用户名或密码错误") {
		t.Errorf("bad password: %d", got.Code)
	}
	if got := postLogin(f, "nobody", "secret-pw", pre, csrf); got.Code != http.StatusUnauthorized || !strings.Contains(got.Body.String(), "用户名或密码错误") {
		t.Errorf("unknown user: %d", got.Code)
	}
}

func TestLoginRateLimit(t *testing.T) { forBackends(t, testLoginRateLimit) }

func testLoginRateLimit(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	pre, csrf := loginPage(t, f)
	for i := 0; i < 5; i++ {
		if got := postLogin(f, "admin1", "wrong", pre, csrf); got.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, got.Code)
		}
	}
	got := postLogin(f, "admin1", "secret-pw", pre, csrf)
	if got.Code != http.StatusTooManyRequests || got.Header().Get("Retry-After") == "" {
		t.Fatalf("6th attempt with the right password: %d, want 429", got.Code)
	}
	// Another user from the same address is not locked out.
	if got := postLogin(f, "leader1", "secret-pw", pre, csrf); got.Code != http.StatusSeeOther {
		t.Errorf("other user: %d", got.Code)
	}
	// The API login shares the limit.
	req := httptest.NewRequest("POST", "/api/session", strings.NewReader(`{"name":"admin1","password":"secret-pw"}`))
	req.RemoteAddr = "192.0.2.7:1"
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("api login while locked: %d", rec.Code)
	}
	*f.now = f.now.Add(16 * time.Minute)
	if got := postLogin(f, "admin1", "secret-pw", pre, csrf); got.Code != http.StatusSeeOther {
		t.Errorf("after the window: %d", got.Code)
	}
}

func TestLimiterBounded(t *testing.T) {
	l := newLimiter(3, time.Minute, 100)
	now := time.Unix(0, 0)
	for i := 0; i < 10000; i++ {
		l.fail(strings.Repeat("k", i%7)+itoa(i), now)
	}
	if n := l.size(); n > 100 {
		t.Fatalf("limiter holds %d keys, cap 100", n)
	}
	for i := 0; i < 3; i++ {
		l.fail("victim", now)
	}
	if l.allow("victim", now.Add(30*time.Second)) {
		t.Error("locked key allowed inside the window")
	}
	if !l.allow("victim", now.Add(61*time.Second)) {
		t.Error("locked key still refused after the window")
	}
}

func TestSessionExpiry(t *testing.T) { forBackends(t, testSessionExpiry) }

func testSessionExpiry(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	if got := f.do(RoleLeader, "GET", "/cycles", nil); got.Code != 200 {
		t.Fatalf("fresh session: %d", got.Code)
	}
	*f.now = f.now.Add(time.Hour) // sessions were made to last one hour
	if got := f.do(RoleLeader, "GET", "/cycles", nil); got.Code != http.StatusSeeOther {
		t.Errorf("expired session on a page: %d, want redirect to login", got.Code)
	}
	if got := f.do(RoleLeader, "GET", "/api/cycles", nil); got.Code != http.StatusUnauthorized {
		t.Errorf("expired session on the API: %d", got.Code)
	}
}

func TestAPIBearerLogin(t *testing.T) { forBackends(t, testAPIBearerLogin) }

func testAPIBearerLogin(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	req := httptest.NewRequest("POST", "/api/session", strings.NewReader(`{"name":"leader1","password":"secret-pw"}`))
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	var out struct{ Token string }
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.Token == "" {
		t.Fatalf("api login: %d %s", rec.Code, rec.Body)
	}
	req = httptest.NewRequest("GET", "/api/cycles/"+pubName+"/ranking", nil)
	req.Header.Set("Authorization", "Bearer "+out.Token)
	rec = httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("bearer ranking: %d", rec.Code)
	}
}

func TestAppealValidation(t *testing.T) { forBackends(t, testAppealValidation) }

func testAppealValidation(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	p := "/cycles/" + reviewName + "/agencies/" + ownCode + "/appeals"
	for _, tc := range []struct {
		name, indicator, reason, url string
		want                         int
	}{
		{"javascript url", "B1", "理由", "javascript:alert(1)", 400},
		{"data url", "B1", "理由", "data:text/html,<script>", 400},
		{"relative", "B1", "理由", "/x", 400},
		{"spaces", "B1", "理由", "https://a.gov.cn/a b", 400},
		{"credentials", "B1", "理由", "https://u:p@a.gov.cn/", 400},
		{"empty reason", "B1", "   ", "https://a.gov.cn/", 400},
		{"long reason", "B1", strings.Repeat("长", 2001), "https://a.gov.cn/", 400},
		{"unknown indicator", "Z9", "理由", "https://a.gov.cn/", 400},
		{"open appeal exists", "A1", "理由", "https://a.gov.cn/", 409},
		{"passed indicator", "A2", "理由", "https://a.gov.cn/", 409},
		{"ok", "B1", "理由", "https://a.gov.cn/x?y=1", 303},
	} {
		rec := f.do(RoleAgency, "POST", p, url.Values{"indicator": {tc.indicator}, "reason": {tc.reason}, "evidence_url": {tc.url}})
		if rec.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, rec.Code, tc.want)
		}
	}
}

func TestMetrics(t *testing.T) { forBackends(t, testMetrics) }

func testMetrics(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	f.do(RoleLeader, "GET", "/cycles/"+pubName+"/ranking", nil)
	f.do(RoleLeader, "GET", "/cycles/"+pubName+"/agencies/"+otherCode+"/../../../x", nil)
	if rec := f.do("", "GET", "/metrics", nil); rec.Code != 404 {
		t.Errorf("/metrics from a remote address: %d", rec.Code)
	}
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if !strings.Contains(body, `zwgk_http_requests_total{code="200",route="GET /cycles/{cycle}/ranking"} 1`) {
		t.Errorf("no ranking counter in:\n%s", body)
	}
	if !strings.Contains(body, `zwgk_http_request_duration_seconds_bucket{route="GET /cycles/{cycle}/ranking"`) {
		t.Errorf("no latency histogram")
	}
	if strings.Contains(body, pubName) {
		t.Errorf("raw paths in metric labels")
	}
}

// TestScorecardPDF downloads the real PDF (reports.WriteScorecard on the
// store) as the agency, and checks the other agency's is hidden.
func TestScorecardPDF(t *testing.T) {
	f := seedFixture(t, newStoreBackend(t, "sqlite"))
	rec := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode+"/scorecard.pdf", nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(rec.Body.String(), "%PDF-") {
		t.Fatalf("pdf: %d %q %.20q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="SZ.pdf"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if path, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command(path, "-enc", "UTF-8", "-", "-")
		cmd.Stdin = strings.NewReader(rec.Body.String())
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "深圳市人民政府") {
			t.Errorf("agency name not in the PDF text:\n%.500s", out)
		}
		for _, m := range otherMarkers {
			if strings.Contains(string(out), m) {
				t.Errorf("PDF of the own agency mentions %q", m)
			}
		}
	}
	if rec := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+otherCode+"/scorecard.pdf", nil); rec.Code != 404 {
		t.Errorf("other agency's PDF: %d", rec.Code)
	}
}

// wrongToken changes the first character of a token to another one (a
// fixed "x" equals it once in 64 tokens, and the test then wrongly fails).
func wrongToken(tok string) string {
	c := byte('x')
	if tok != "" && tok[0] == c {
		c = 'y'
	}
	return string(c) + tok[1:]
}

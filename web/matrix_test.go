package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"zwgk"
	"zwgk/store/storetest"
)

// The authorisation matrix: every route × role × own/other agency ×
// review/published cycle. The expectations are written out from the issue,
// not derived from Authorize, so a wrong policy table fails here.

type matrixRoute struct {
	name      string
	method    string
	perAgency bool // the route names an agency (own/other varies)
	path      func(f *fixture, cycle, agency, ownership string) string
	form      func(cycle string) url.Values
	json      string // a JSON body, sent with the bearer token instead of a form
	expect    func(r Role, pub, own bool) int
	ranking   bool // shows every agency of a published cycle by design
}

func pick(pub bool, yes, no int) int {
	if pub {
		return yes
	}
	return no
}

var (
	expAll     = func(Role, bool, bool) int { return 200 }
	expRanking = func(r Role, pub, own bool) int {
		if r == RoleAdmin || r == RoleAssessor {
			return 200
		}
		return pick(pub, 200, 403)
	}
	expScorecard = func(r Role, pub, own bool) int {
		switch r {
		case RoleAdmin, RoleAssessor:
			return 200
		case RoleLeader:
			return pick(pub, 200, 403)
		}
		return pick(own, 200, 404)
	}
	expAgencyAppeals = func(r Role, pub, own bool) int {
		switch r {
		case RoleAdmin, RoleAssessor:
			return 200
		case RoleLeader:
			return 403
		}
		return pick(own, 200, 404)
	}
	expFile = func(r Role, pub, own bool) int {
		if r != RoleAgency {
			return 403
		}
		if !own {
			return 404
		}
		return pick(pub, 403, 303)
	}
	expQueue = func(r Role, pub, own bool) int {
		if r == RoleAdmin || r == RoleAssessor {
			return 200
		}
		return 403
	}
	expDecide = func(r Role, pub, own bool) int {
		switch r {
		case RoleAssessor:
			return pick(pub, 403, 303)
		case RoleAgency:
			return pick(own, 403, 404)
		}
		return 403
	}
	expPublish = func(r Role, pub, own bool) int {
		if r == RoleAdmin {
			return pick(pub, 403, 303)
		}
		return 403
	}
	expAudit = func(r Role, pub, own bool) int {
		if r == RoleAdmin {
			return 200
		}
		return 403
	}
	// A review is written by assessors and admins, in review only.
	expReview = func(ok int) func(r Role, pub, own bool) int {
		return func(r Role, pub, own bool) int {
			switch r {
			case RoleAdmin, RoleAssessor:
				return pick(pub, 403, ok)
			case RoleAgency:
				return pick(own, 403, 404)
			}
			return 403
		}
	}
	expCycleWrite = func(r Role, pub, own bool) int {
		if r == RoleAdmin || r == RoleAssessor {
			return pick(pub, 403, 303)
		}
		return 403
	}
	expAttachment = func(r Role, pub, own bool) int {
		switch r {
		case RoleAdmin, RoleAssessor:
			return 200
		case RoleAgency:
			return pick(own, 200, 404)
		}
		return 403
	}
	// Publishing without --provisional while the review cycle's appeals
	// are open: refused, naming them.
	expPublishFinal = func(r Role, pub, own bool) int {
		if r == RoleAdmin {
			return pick(pub, 403, 409)
		}
		return 403
	}
)

func agencyPath(suffix string) func(f *fixture, c, a, _ string) string {
	return func(f *fixture, c, a, _ string) string { return "/cycles/" + c + "/agencies/" + a + suffix }
}
func cyclePath(suffix string) func(f *fixture, c, a, _ string) string {
	return func(f *fixture, c, a, _ string) string { return "/cycles/" + c + suffix }
}
func apiAgencyPath(suffix string) func(f *fixture, c, a, _ string) string {
	return func(f *fixture, c, a, _ string) string { return "/api/cycles/" + c + "/agencies/" + a + suffix }
}
func fixed(p string) func(f *fixture, c, a, _ string) string {
	return func(*fixture, string, string, string) string { return p }
}

var matrixRoutes = []matrixRoute{
	{name: "cycles", method: "GET", path: fixed("/cycles"), expect: expAll, ranking: true},
	{name: "api cycles", method: "GET", path: fixed("/api/cycles"), expect: expAll},
	{name: "ranking", method: "GET", path: cyclePath("/ranking"), expect: expRanking, ranking: true},
	{name: "ranking tier+region", method: "GET", path: cyclePath("/ranking?tier=city&region=330000&sort=total&dir=desc"), expect: expRanking, ranking: true},
	{name: "regions", method: "GET", path: cyclePath("/regions"), expect: expRanking, ranking: true},
	{name: "api ranking", method: "GET", path: func(f *fixture, c, a, o string) string { return "/api/cycles/" + c + "/ranking" }, expect: expRanking, ranking: true},
	{name: "api regions", method: "GET", path: func(f *fixture, c, a, o string) string { return "/api/cycles/" + c + "/regions" }, expect: expRanking, ranking: true},
	{name: "scorecard", method: "GET", perAgency: true, path: agencyPath(""), expect: expScorecard},
	{name: "evidence", method: "GET", perAgency: true, path: agencyPath("/evidence"), expect: expScorecard},
	{name: "pdf", method: "GET", perAgency: true, path: agencyPath("/scorecard.pdf"), expect: expScorecard},
	{name: "api scorecard", method: "GET", perAgency: true, path: apiAgencyPath(""), expect: expScorecard},
	{name: "api evidence", method: "GET", perAgency: true, path: apiAgencyPath("/evidence"), expect: expScorecard},
	{name: "api agency appeals", method: "GET", perAgency: true, path: apiAgencyPath("/appeals"), expect: expAgencyAppeals},
	{name: "file appeal", method: "POST", perAgency: true, path: agencyPath("/appeals"),
		form: func(string) url.Values {
			return url.Values{"indicator": {"B1"}, "reason": {"已按期答复"}, "evidence_url": {"https://www.sz.gov.cn/reply.html"}}
		}, expect: expFile},
	{name: "appeal queue", method: "GET", path: cyclePath("/appeals"), expect: expQueue},
	{name: "api appeal queue", method: "GET", path: func(f *fixture, c, a, o string) string { return "/api/cycles/" + c + "/appeals" }, expect: expQueue},
	{name: "accept appeal", method: "POST", perAgency: true,
		path: func(f *fixture, c, a, o string) string {
			key := o + "-review"
			if c == pubName {
				key = o + "-pub"
			}
			return fmt.Sprintf("/cycles/%s/appeals/%d/decision", c, f.appeals[key])
		},
		form: func(string) url.Values {
			return url.Values{"verdict": {"accept"}, "outcome": {"pass"}, "decision": {"核实已更新"}}
		}, expect: expDecide},
	{name: "reject appeal", method: "POST", perAgency: true,
		path: func(f *fixture, c, a, o string) string {
			key := o + "-review"
			if c == pubName {
				key = o + "-pub"
			}
			return fmt.Sprintf("/cycles/%s/appeals/%d/decision", c, f.appeals[key])
		},
		form:   func(string) url.Values { return url.Values{"verdict": {"reject"}, "decision": {"证据不足"}} },
		expect: expDecide},
	{name: "publish", method: "POST", path: cyclePath("/publish"),
		form: func(c string) url.Values { return url.Values{"confirm": {c}, "provisional": {"1"}} }, expect: expPublish},
	{name: "publish final", method: "POST", path: cyclePath("/publish"),
		form: func(c string) url.Values { return url.Values{"confirm": {c}} }, expect: expPublishFinal},
	{name: "review queue", method: "GET", path: cyclePath("/queue"), expect: expQueue},
	{name: "review queue filtered", method: "GET", path: cyclePath("/queue?indicator=B1&tier=city&region=440000&page=2"), expect: expQueue},
	{name: "api review queue", method: "GET", path: func(f *fixture, c, a, o string) string { return "/api/cycles/" + c + "/queue" }, expect: expQueue},
	{name: "add review", method: "POST", perAgency: true, path: agencyPath("/reviews"),
		form: func(string) url.Values {
			return url.Values{"indicator": {"B1"}, "outcome": {"partial"}, "fraction": {"0.8"}, "reason": {"抽查留言答复"}, "evidence": {"https://www.sz.gov.cn/hd.html"}}
		}, expect: expReview(303)},
	{name: "api add review", method: "POST", perAgency: true, path: apiAgencyPath("/reviews"),
		json:   `{"indicator":"B1","outcome":"partial","fraction":0.8,"reason":"抽查留言答复","evidence":"https://www.sz.gov.cn/hd.html"}`,
		expect: expReview(201)},
	{name: "api reviews", method: "GET", perAgency: true, path: apiAgencyPath("/reviews"), expect: expScorecard},
	{name: "bulk review", method: "POST", path: cyclePath("/reviews/bulk"),
		form: func(string) url.Values {
			return url.Values{"indicator": {"A2"}, "tier": {"city"}, "outcome": {"na"}, "reason": {"不适用"}, "confirm": {"2"}}
		}, expect: expCycleWrite},
	{name: "decide candidate", method: "POST", path: cyclePath("/candidates/test-checks/cand-SZ"),
		form: func(string) url.Values {
			return url.Values{"verdict": {"dismiss"}, "reason": {"号码为虚构示例"}}
		},
		expect: expCycleWrite},
	{name: "attachment", method: "GET", perAgency: true,
		path: func(f *fixture, c, a, o string) string {
			key := o + "-review"
			if c == pubName {
				key = o + "-pub"
			}
			return fmt.Sprintf("/cycles/%s/attachments/%d", c, f.attachments[key])
		}, expect: expAttachment},
	{name: "notices", method: "GET", path: cyclePath("/notices"), expect: expRanking, ranking: true},
	{name: "notices by region", method: "GET", path: cyclePath("/notices?region=440000"), expect: expRanking, ranking: true},
	{name: "api notices", method: "GET", path: func(f *fixture, c, a, o string) string { return "/api/cycles/" + c + "/notices" }, expect: expRanking, ranking: true},
	{name: "audit", method: "GET", path: fixed("/audit"), expect: expAudit},
	{name: "api audit", method: "GET", path: fixed("/api/audit"), expect: expAudit},
}

func TestAuthorizationMatrix(t *testing.T) { forBackends(t, testAuthorizationMatrix) }

// forBackends runs a test on the store (SQLite, or PostgreSQL with
// ZWGK_TEST_PG) and on the in-memory backend, which keeps the tests of
// this package honest about what they need from a Backend.
func forBackends(t *testing.T, test func(t *testing.T, newB func(testing.TB) seeder)) {
	for _, backend := range storetest.Backends {
		t.Run(backend, func(t *testing.T) {
			test(t, func(tb testing.TB) seeder { return newStoreBackend(tb, backend) })
		})
	}
	t.Run("mem", func(t *testing.T) { test(t, func(testing.TB) seeder { return newMem() }) })
}

func testAuthorizationMatrix(t *testing.T, newBackend func(t testing.TB) seeder) {
	shared := seedFixture(t, newBackend(t))
	for _, rt := range matrixRoutes {
		for _, role := range testRoles {
			for _, pub := range []bool{false, true} {
				owns := []bool{true}
				if rt.perAgency {
					owns = []bool{true, false}
				}
				for _, own := range owns {
					cycle, code, ownership := reviewName, ownCode, "own"
					if pub {
						cycle = pubName
					}
					if !own {
						code, ownership = otherCode, "other"
					}
					name := fmt.Sprintf("%s/%s/%s/%s", rt.name, role, map[bool]string{true: "published", false: "review"}[pub], ownership)
					t.Run(name, func(t *testing.T) {
						f := shared
						if rt.method == http.MethodPost {
							f = seedFixture(t, newBackend(t)) // writes get a fresh world
						}
						var form url.Values
						if rt.form != nil {
							form = rt.form(cycle)
						}
						var rec *httptest.ResponseRecorder
						if rt.json != "" {
							rec = f.doJSON(role, rt.method, rt.path(f, cycle, code, ownership), rt.json)
						} else {
							rec = f.do(role, rt.method, rt.path(f, cycle, code, ownership), form)
						}
						want := rt.expect(role, pub, own)
						if rec.Code != want {
							t.Fatalf("status %d, want %d; body:\n%.400s", rec.Code, want, rec.Body.String())
						}
						body := rec.Body.String()
						leakCheck := rec.Code >= 400 || (role == RoleAgency && !(rt.ranking && pub))
						if leakCheck {
							for _, m := range otherMarkers {
								if strings.Contains(body, m) {
									t.Errorf("answer %d leaks %q:\n%.600s", rec.Code, m, body)
								}
							}
						}
						if rec.Code == 303 || rec.Code == 201 {
							checkWriteDone(t, f, rt.name, cycle)
						}
						if rec.Code == 403 && role == RoleLeader && !pub && rt.ranking {
							// Not a bare refusal: the leader is told why.
							if !strings.Contains(body, "尚未发布") {
								t.Errorf("leader refused an unpublished cycle without saying so:\n%.600s", body)
							}
						}
					})
				}
			}
		}
	}
}

// checkWriteDone asserts an allowed write did what it says.
func checkWriteDone(t *testing.T, f *fixture, route, cycle string) {
	t.Helper()
	ctx := context.Background()
	c, err := f.b.CycleByName(ctx, cycle)
	if err != nil {
		t.Fatal(err)
	}
	switch route {
	case "file appeal":
		aps, _ := f.b.Appeals(ctx, c.ID, ownCode)
		found := false
		for _, ap := range aps {
			found = found || ap.Indicator == "B1" && ap.State == zwgk.AppealOpen && ap.FiledBy == "agency1"
		}
		if !found {
			t.Errorf("appeal on B1 not stored: %+v", aps)
		}
	case "accept appeal", "reject appeal":
		aps, _ := f.b.Appeals(ctx, c.ID, "")
		decided := 0
		for _, ap := range aps {
			if ap.State != zwgk.AppealOpen {
				decided++
			}
		}
		if decided != 1 {
			t.Errorf("%d appeals decided, want 1: %+v", decided, aps)
		}
	case "publish":
		if c.State != zwgk.CyclePublished || !c.Provisional {
			t.Errorf("cycle is %s (provisional %v) after a provisional publish with appeals open", c.State, c.Provisional)
		}
	case "add review", "api add review":
		rs, _ := f.b.AgencyReviews(ctx, c.ID, "")
		if len(rs) == 0 || rs[len(rs)-1].Indicator != "B1" || rs[len(rs)-1].Fraction != 0.8 || rs[len(rs)-1].Evidence != "https://www.sz.gov.cn/hd.html" {
			t.Errorf("review not stored: %+v", rs)
		}
	case "bulk review":
		rs, _ := f.b.AgencyReviews(ctx, c.ID, "")
		n := 0
		for _, r := range rs {
			if r.Indicator == "A2" && r.Outcome == zwgk.NA {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d bulk reviews stored, want 2: %+v", n, rs)
		}
	case "decide candidate":
		if got := f.source.decided["cand-"+ownCode]; !strings.HasPrefix(got, "dismiss ") {
			t.Errorf("candidate decision %q", got)
		}
	}
	log, _ := f.b.AuditLog(ctx, 100)
	if len(log) == 0 {
		t.Errorf("write not audited")
	}
}

// TestHiddenLooksMissing: for an agency user, another agency's scorecard
// and an agency that does not exist answer byte for byte alike.
func TestHiddenLooksMissing(t *testing.T) { forBackends(t, testHiddenLooksMissing) }

func testHiddenLooksMissing(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	for _, p := range []string{"", "/evidence", "/scorecard.pdf"} {
		other := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+otherCode+p, nil)
		missing := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/NOPE"+p, nil)
		if other.Code != 404 || missing.Code != 404 || other.Body.String() != missing.Body.String() {
			t.Errorf("%q: other %d, missing %d; bodies differ: %v", p, other.Code, missing.Code, other.Body.String() != missing.Body.String())
		}
		apiOther := f.do(RoleAgency, "GET", "/api/cycles/"+reviewName+"/agencies/"+otherCode+p, nil)
		apiMissing := f.do(RoleAgency, "GET", "/api/cycles/"+reviewName+"/agencies/NOPE"+p, nil)
		if p != "/scorecard.pdf" && (apiOther.Code != 404 || apiOther.Body.String() != apiMissing.Body.String()) {
			t.Errorf("api %q: other %d %q, missing %q", p, apiOther.Code, apiOther.Body, apiMissing.Body)
		}
	}
}

func TestNotLoggedIn(t *testing.T) { forBackends(t, testNotLoggedIn) }

func testNotLoggedIn(t *testing.T, newB func(testing.TB) seeder) {
	f := seedFixture(t, newB(t))
	for _, rt := range matrixRoutes {
		p := rt.path(f, reviewName, ownCode, "own")
		var form url.Values
		if rt.form != nil {
			form = rt.form(reviewName)
		}
		rec := f.do("", rt.method, p, form)
		if rt.json != "" {
			rec = f.doJSON("", rt.method, p, rt.json)
		}
		want := http.StatusSeeOther
		switch {
		case strings.HasPrefix(p, "/api/"):
			want = http.StatusUnauthorized
		case rt.method == http.MethodPost:
			want = http.StatusUnauthorized
		}
		if rec.Code != want {
			t.Errorf("%s %s: %d, want %d", rt.method, p, rec.Code, want)
		}
		if want == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/login?next=") {
			t.Errorf("%s: redirect to %q", p, rec.Header().Get("Location"))
		}
		for _, m := range append(otherMarkers, "深圳") {
			if strings.Contains(rec.Body.String(), m) {
				t.Errorf("%s: anonymous answer leaks %q", p, m)
			}
		}
	}
}

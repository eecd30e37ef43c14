package web

import (
	"strings"
	"testing"

	"zwgk"
)

func TestAuthorizeEdges(t *testing.T) {
	review := &zwgk.Cycle{Name: "r", State: zwgk.CycleReview}
	scoring := &zwgk.Cycle{Name: "s", State: zwgk.CycleScoring}
	pub := &zwgk.Cycle{Name: "p", State: zwgk.CyclePublished}
	agency := &User{Name: "a", Role: RoleAgency, Agencies: []string{"SZ"}}
	admin := &User{Name: "b", Role: RoleAdmin}
	assessor := &User{Name: "c", Role: RoleAssessor}
	for _, tc := range []struct {
		name string
		u    *User
		act  Action
		obj  Object
		want Decision
	}{
		{"anonymous", nil, ActListCycles, Object{}, NeedLogin},
		{"unknown role", &User{Role: "root"}, ActListCycles, Object{}, Forbid},
		{"unknown action", admin, Action("drop-tables"), Object{}, Forbid},
		{"per-agency action without agency", admin, ActViewScorecard, Object{Cycle: review}, Forbid},
		{"agency bound to nothing", &User{Role: RoleAgency}, ActViewScorecard, Object{Cycle: review, Agency: "SZ"}, Hide},
		{"other agency hidden even where the role has no grant", agency, ActDecideAppeal, Object{Cycle: review, Agency: "HZ"}, Hide},
		{"own agency, action not granted", agency, ActDecideAppeal, Object{Cycle: review, Agency: "SZ"}, Forbid},
		{"appeal outside review", agency, ActFileAppeal, Object{Cycle: scoring, Agency: "SZ"}, Forbid},
		{"appeal on published", agency, ActFileAppeal, Object{Cycle: pub, Agency: "SZ"}, Forbid},
		{"appeal without cycle", agency, ActFileAppeal, Object{Agency: "SZ"}, Forbid},
		{"appeal in review", agency, ActFileAppeal, Object{Cycle: review, Agency: "SZ"}, Allow},
		{"decide outside review", assessor, ActDecideAppeal, Object{Cycle: scoring, Agency: "SZ"}, Forbid},
		{"publish while scoring", admin, ActPublish, Object{Cycle: scoring}, Forbid},
		{"publish twice", admin, ActPublish, Object{Cycle: pub}, Forbid},
		{"publish in review", admin, ActPublish, Object{Cycle: review}, Allow},
		{"leader unpublished ranking", &User{Role: RoleLeader}, ActViewRanking, Object{Cycle: review}, Forbid},
		{"leader published scorecard", &User{Role: RoleLeader}, ActViewScorecard, Object{Cycle: pub, Agency: "HZ"}, Allow},
		{"leader never sees appeals", &User{Role: RoleLeader}, ActViewAppeals, Object{Cycle: pub, Agency: "HZ"}, Forbid},
	} {
		if got := Authorize(tc.u, tc.act, tc.obj); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestPolicyTableComplete: every action is in the table and every write
// is closed on published cycles.
func TestPolicyTableComplete(t *testing.T) {
	for _, act := range []Action{ActListCycles, ActViewRanking, ActViewScorecard, ActViewEvidence, ActViewAppeals,
		ActFileAppeal, ActAppealQueue, ActDecideAppeal, ActPublish, ActViewAudit} {
		p, ok := policies[act]
		if !ok {
			t.Errorf("%s not in the policy table", act)
		}
		if p.write && len(p.published) > 0 {
			t.Errorf("%s is a write with grants on published cycles", act)
		}
	}
}

func TestRankingSortFilterAndHiddenRank(t *testing.T) {
	f := seedFixture(t, newMem())
	body := f.do(RoleLeader, "GET", "/cycles/"+pubName+"/ranking?sort=total&dir=desc", nil).Body.String()
	hz, sz := strings.Index(body, "杭州"), strings.Index(body, "深圳")
	if hz < 0 || sz < 0 || hz > sz {
		t.Errorf("total desc: 杭州 (60) must come before 深圳 (50)")
	}
	body = f.do(RoleLeader, "GET", "/cycles/"+pubName+"/ranking?sort=total", nil).Body.String()
	if strings.Index(body, "深圳") > strings.Index(body, "杭州") {
		t.Errorf("total asc: 深圳 must come first")
	}
	body = f.do(RoleLeader, "GET", "/cycles/"+pubName+"/ranking?region=440000", nil).Body.String()
	if !strings.Contains(body, "深圳") || strings.Contains(body, "330100") {
		t.Errorf("region filter 440000 shows Zhejiang rows")
	}
	// Bad parameters fall back to defaults instead of failing.
	if rec := f.do(RoleLeader, "GET", "/cycles/"+pubName+"/ranking?sort=%3Cx%3E&region=abc&tier=%3Cb%3E", nil); rec.Code != 200 || strings.Contains(rec.Body.String(), "<x>") {
		t.Errorf("bad params: %d", rec.Code)
	}
	// Before publication an agency does not see its rank (it speaks of others).
	body = f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode, nil).Body.String()
	if strings.Contains(body, "第 2 名") || strings.Contains(body, "共 2 家") {
		t.Errorf("rank shown to the agency before publication")
	}
	api := f.do(RoleAgency, "GET", "/api/cycles/"+reviewName+"/agencies/"+ownCode, nil).Body.String()
	if !strings.Contains(api, `"rank":0`) || !strings.Contains(api, `"tier_size":0`) {
		t.Errorf("rank in the API before publication: %.300s", api)
	}
	body = f.do(RoleAgency, "GET", "/cycles/"+pubName+"/agencies/"+ownCode, nil).Body.String()
	if !strings.Contains(body, "第 2 名") {
		t.Errorf("rank not shown after publication")
	}
}

func TestAuditPage(t *testing.T) {
	forBackends(t, func(t *testing.T, newB func(testing.TB) seeder) {
		f := seedFixture(t, newB(t))
		f.do(RoleAgency, "POST", "/cycles/"+reviewName+"/agencies/"+ownCode+"/appeals",
			map[string][]string{"indicator": {"B1"}, "reason": {"审计测试理由"}, "evidence_url": {"https://a.gov.cn/"}})
		pre, csrf := loginPage(t, f)
		postLogin(f, "leader1", "wrong", pre, csrf)
		body := f.do(RoleAdmin, "GET", "/audit", nil).Body.String()
		for _, want := range []string{"appeal.file", "agency1", "login-failed", "leader1"} {
			if !strings.Contains(body, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
	})
}

package web

import (
	"net/url"
	"strings"
	"testing"

	"zwgk/scoring"
)

// TestRectificationInThePortal: the review cycle follows the published
// one; an agency sees what became of its earlier problems and marks one of
// the published cycle's problems 已整改; the claim shows in its ledger; the
// cohort page counts by tier and province. Another agency's ledger is a
// plain 404, and nobody but the agency (and an admin) claims.
func TestRectificationInThePortal(t *testing.T) {
	f := seedFixture(t, newStoreBackend(t, "sqlite"))
	sb := f.b.(*storeSeeder)
	pub, err := sb.DB.CycleByName(sb.ctx, pubName)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := sb.DB.CycleByName(sb.ctx, reviewName)
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.DB.SetPreviousCycle(sb.ctx, rev.ID, pub.ID); err != nil {
		t.Fatal(err)
	}
	fs, err := sb.DB.Findings(sb.ctx, pub.ID, ownCode)
	if err != nil {
		t.Fatal(err)
	}
	problems := scoring.Problems(sb.fw, fs)
	if len(problems) == 0 {
		t.Fatal("the fixture's published cycle has no problems")
	}
	key := problems[0].Key

	page := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode+"/rectification", nil)
	body := page.Body.String()
	if page.Code != 200 || !strings.Contains(body, "上期问题整改情况") || !strings.Contains(body, "未整改") || strings.Contains(body, "标记已整改") {
		t.Fatalf("review cycle's rectification page: %d\n%s", page.Code, body)
	}
	claimPath := "/cycles/" + pubName + "/agencies/" + ownCode + "/rectification/" + key + "/claim"
	form := func(note, link string) url.Values { return url.Values{"note": {note}, "link": {link}} }
	for _, tc := range []struct {
		role Role
		path string
		form url.Values
		want int
	}{
		{RoleAssessor, claimPath, form("已整改", ""), 403},
		{RoleLeader, claimPath, form("已整改", ""), 403},
		{RoleAgency, "/cycles/" + pubName + "/agencies/" + otherCode + "/rectification/" + key + "/claim", form("已整改", ""), 404},
		{RoleAgency, "/cycles/" + reviewName + "/agencies/" + ownCode + "/rectification/" + key + "/claim", form("已整改", ""), 403},
		{RoleAgency, "/cycles/" + pubName + "/agencies/" + ownCode + "/rectification/nope/claim", form("已整改", ""), 404},
		{RoleAgency, claimPath, form("", ""), 400},
		{RoleAgency, claimPath, form("已整改", "javascript:alert(1)"), 400},
		{RoleAgency, claimPath, form("已恢复栏目更新", "https://www.sz.gov.cn/zwgk/"), 303},
	} {
		if rec := f.do(tc.role, "POST", tc.path, tc.form); rec.Code != tc.want {
			t.Errorf("%s POST %s %v: %d, want %d", tc.role, tc.path, tc.form, rec.Code, tc.want)
		}
	}
	ledger := f.do(RoleAgency, "GET", "/cycles/"+pubName+"/agencies/"+ownCode+"/rectification", nil).Body.String()
	if !strings.Contains(ledger, "已恢复栏目更新") || !strings.Contains(ledger, "（下期评估）") || !strings.Contains(ledger, "标记已整改") {
		t.Errorf("the published cycle's ledger does not show the claim:\n%s", ledger)
	}
	if rec := f.do(RoleAgency, "GET", "/cycles/"+pubName+"/agencies/"+otherCode+"/rectification", nil); rec.Code != 404 || strings.Contains(rec.Body.String(), "OTHERSECRET") {
		t.Errorf("another agency's ledger: %d", rec.Code)
	}
	cohort := f.do(RoleAssessor, "GET", "/cycles/"+reviewName+"/rectification", nil)
	if cb := cohort.Body.String(); cohort.Code != 200 || !strings.Contains(cb, "按地区") || !strings.Contains(cb, "广东") || !strings.Contains(cb, "市级") {
		t.Errorf("cohort rectification: %d\n%s", cohort.Code, cb)
	}
	if rec := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/rectification", nil); rec.Code != 403 {
		t.Errorf("an agency opening the unpublished cohort's rectification: %d, want 403", rec.Code)
	}
}

package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestRequestRegisterInThePortal: an assessor logs a request filed with
// an agency and then its reply; bad input is refused naming the field and
// keeps what was typed; the agency sees its own request on its scorecard
// and never another's; only assessors and admins log, with the CSRF
// token; hostile text is escaped.
func TestRequestRegisterInThePortal(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			f := seedFixture(t, newStoreBackend(t, backend))
			reg := "/cycles/" + reviewName + "/requests"
			page := f.do(RoleAssessor, "GET", reg, nil)
			if page.Code != 200 || !strings.Contains(page.Body.String(), "尚无依申请公开测试记录") || !strings.Contains(page.Body.String(), "登记新申请") {
				t.Fatalf("empty register: %d\n%s", page.Code, page.Body.String())
			}
			add := func(agency, sent, content string) url.Values {
				return url.Values{"agency": {agency}, "channel": {"online"}, "sent_on": {sent}, "content": {content}}
			}
			for _, tc := range []struct {
				role Role
				form url.Values
				want int
				msg  string
			}{
				{RoleAgency, add(ownCode, "2026-02-06", "x"), 403, ""},
				{RoleLeader, add(ownCode, "2026-02-06", "x"), 403, ""},
				{RoleAssessor, add("NOPE", "2026-02-06", "申请公开采购清单"), 400, "被测单位（agency）有误"},
				{RoleAssessor, add(ownCode, "2022-02-06", "申请公开采购清单"), 400, "申请日期（sent_on）有误：2022-02-06: the working-day calendar does not cover 2022"},
				{RoleAssessor, add(ownCode, "06/02/2026", "申请公开采购清单"), 400, "申请日期应为 YYYY-MM-DD"},
				{RoleAssessor, add(ownCode, "2026-02-06", ""), 400, "申请内容（content）有误"},
			} {
				rec := f.do(tc.role, "POST", reg, tc.form)
				if rec.Code != tc.want || !strings.Contains(rec.Body.String(), tc.msg) {
					t.Errorf("%s POST %v: %d, want %d with %q\n%s", tc.role, tc.form, rec.Code, tc.want, tc.msg, rec.Body.String())
				}
			}
			// What was typed is shown again with the error.
			if rec := f.do(RoleAssessor, "POST", reg, add(ownCode, "2022-02-06", "保留的申请内容")); !strings.Contains(rec.Body.String(), "保留的申请内容") {
				t.Error("the form lost what the assessor typed")
			}
			// Without the CSRF token: refused.
			noCSRF := add(ownCode, "2026-02-06", "x")
			noCSRF.Set(csrfField, "forged")
			if rec := f.do(RoleAssessor, "POST", reg, noCSRF); rec.Code != 403 {
				t.Errorf("forged CSRF: %d", rec.Code)
			}
			hostile := `<script>alert(1)</script>申请公开2025年度采购清单`
			if rec := f.do(RoleAssessor, "POST", reg, add(ownCode, "2026-02-06", hostile)); rec.Code != 303 {
				t.Fatalf("add: %d\n%s", rec.Code, rec.Body.String())
			}
			body := f.do(RoleAssessor, "GET", reg+"?saved=1", nil).Body.String()
			if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;") || !strings.Contains(body, "2026-03-12") {
				t.Fatalf("register after add:\n%s", body)
			}
			// The reply: before it was sent is refused; a good one saved.
			ans := func(on, form, q string) url.Values {
				return url.Values{"answered_on": {on}, "form": {form}, "quality": {q}, "notes": {"未告知救济途径"}}
			}
			if rec := f.do(RoleAssessor, "POST", reg+"/1", ans("2026-02-01", "disclosed", "good")); rec.Code != 400 || !strings.Contains(rec.Body.String(), "答复日期（answered_on）有误") {
				t.Errorf("answer before sent: %d\n%s", rec.Code, rec.Body.String())
			}
			if rec := f.do(RoleAgency, "POST", reg+"/1", ans("2026-03-13", "disclosed", "good")); rec.Code != 403 {
				t.Errorf("an agency logging its own reply: %d", rec.Code)
			}
			if rec := f.do(RoleAssessor, "POST", reg+"/999", ans("2026-03-13", "disclosed", "good")); rec.Code != 404 {
				t.Errorf("a missing request: %d", rec.Code)
			}
			if rec := f.do(RoleAssessor, "POST", reg+"/1", ans("2026-03-13", "partial", "fair")); rec.Code != 303 {
				t.Fatalf("answer: %d\n%s", rec.Code, rec.Body.String())
			}
			body = f.do(RoleAssessor, "GET", reg, nil).Body.String()
			if !strings.Contains(body, "逾期答复") || !strings.Contains(body, "部分公开") {
				t.Errorf("register after the reply:\n%s", body)
			}
			// The agency: its own scorecard shows the request; the
			// register and another agency's page do not open.
			card := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+ownCode, nil).Body.String()
			if !strings.Contains(card, `id="request-tests"`) || !strings.Contains(card, "逾期答复") || strings.Contains(card, "<script>alert(1)") {
				t.Errorf("agency scorecard lacks its request test:\n%s", card)
			}
			if rec := f.do(RoleAgency, "GET", reg, nil); rec.Code != 403 {
				t.Errorf("agency opening the register: %d", rec.Code)
			}
			if rec := f.do(RoleAgency, "GET", "/cycles/"+reviewName+"/agencies/"+otherCode, nil); rec.Code != 404 || strings.Contains(rec.Body.String(), "request-tests") {
				t.Errorf("another agency's scorecard: %d", rec.Code)
			}
			other := f.do(RoleAssessor, "GET", "/cycles/"+reviewName+"/agencies/"+otherCode, nil).Body.String()
			if strings.Contains(other, `id="request-tests"`) {
				t.Error("another agency's scorecard shows this agency's request")
			}
			// A published cycle's register is read-only.
			if rec := f.do(RoleAssessor, "POST", "/cycles/"+pubName+"/requests", add(ownCode, "2026-02-06", "x")); rec.Code != 403 {
				t.Errorf("log on a published cycle: %d", rec.Code)
			}
		})
	}
}

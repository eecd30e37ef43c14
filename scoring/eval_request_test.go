package scoring

import (
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/workdays"
)

func TestRequestTestRule(t *testing.T) {
	r := &indicators.Rule{Kind: indicators.RuleRequestTest, RequestTest: &indicators.RequestTest{}}
	if errs := indicators.ValidateRuleForTest(r); len(errs) > 0 {
		t.Fatal(errs)
	}
	fw := framework(leaf("R", indicators.KindScore, 2, r))
	a := zwgk.Agency{Code: "a"}
	cal := workdays.Builtin()
	d := func(s string) zwgk.Date {
		v, err := zwgk.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	judge := func(today string, tests ...zwgk.RequestTest) zwgk.Finding {
		ev := zwgk.Evidence{}
		ev.Requests = &zwgk.RequestRegister{Tests: tests, Today: d(today), Calendar: cal}
		return Evaluate(fw, a, ev, asOf)[0]
	}
	// No request on record: pending, never a failure.
	if f := Evaluate(fw, a, zwgk.Evidence{}, asOf)[0]; f.Outcome != zwgk.Pending || !strings.Contains(f.Measure, "no test request on record") || f.Problem != "" {
		t.Errorf("no register: %+v", f)
	}
	if f := judge("2026-03-01"); f.Outcome != zwgk.Pending {
		t.Errorf("empty register: %+v", f)
	}
	// Sent just before 春节 2026: due 12 March. Still within it on 12
	// March: pending.
	sent := zwgk.RequestTest{ID: 1, SentOn: d("2026-02-06"), Content: "申请公开采购清单", Channel: zwgk.ChannelOnline}
	if f := judge("2026-03-12", sent); f.Outcome != zwgk.Pending || !strings.Contains(f.Measure, "尚在答复期限内") {
		t.Errorf("within the deadline: %+v", f)
	}
	// Past it unanswered: fails, and says how.
	if f := judge("2026-03-13", sent); f.Outcome != zwgk.Fail || f.Fraction != 0 || !strings.Contains(f.Problem, "逾期未答复") {
		t.Errorf("overdue: %+v", f)
	}
	answered := func(t0 zwgk.RequestTest, on string, q zwgk.ReplyQuality) zwgk.RequestTest {
		t0.Answer = &zwgk.RequestAnswer{On: d(on), Form: zwgk.ReplyDisclosed, Quality: q, Notes: "未告知救济途径"}
		return t0
	}
	// Answered on time and well: full marks.
	if f := judge("2026-06-01", answered(sent, "2026-03-12", zwgk.QualityGood)); f.Outcome != zwgk.Pass || f.Fraction != 1 {
		t.Errorf("on time, good: %+v", f)
	}
	// Answered but not rated: pending for the assessor.
	if f := judge("2026-06-01", answered(sent, "2026-03-12", "")); f.Outcome != zwgk.Pending || !strings.Contains(f.Measure, "规范性") {
		t.Errorf("unrated: %+v", f)
	}
	// On time but 基本规范 (0.5 + 0.25), and a second request answered
	// late and poorly (0): mean 0.375.
	other := sent
	other.ID, other.SentOn = 2, d("2025-09-26") // due 30 October 2025
	f := judge("2026-06-01", answered(sent, "2026-03-12", zwgk.QualityFair), answered(other, "2025-10-31", zwgk.QualityPoor))
	if f.Outcome != zwgk.Partial || f.Fraction != 0.375 || !strings.Contains(f.Problem, "逾期答复") || !strings.Contains(f.Problem, "未告知救济途径") {
		t.Errorf("mixed: %+v", f)
	}
	// As a deduct, each late or unanswered request is an occurrence.
	dl := leaf("D", indicators.KindDeduct, 2, r)
	dl.Per = 1
	dev := zwgk.Evidence{}
	dev.Requests = &zwgk.RequestRegister{Tests: []zwgk.RequestTest{answered(sent, "2026-03-12", zwgk.QualityFair), answered(other, "2025-10-31", zwgk.QualityPoor)},
		Today: d("2026-06-01"), Calendar: cal}
	if f := Evaluate(framework(dl), a, dev, asOf)[0]; f.Count != 1 {
		t.Errorf("deduct: %+v", f)
	}
	// A deadline in a year the calendar lacks: pending, naming the year.
	late := zwgk.RequestTest{ID: 3, SentOn: d("2027-12-20"), Content: "x"}
	if f := judge("2028-06-01", late); f.Outcome != zwgk.Pending || !strings.Contains(f.Measure, "2028年") {
		t.Errorf("uncovered: %+v", f)
	}
	// Timeliness only (quality_weight 0); a veto breaks on an overdue one.
	zero := 0.0
	v := &indicators.Rule{Kind: indicators.RuleRequestTest, RequestTest: &indicators.RequestTest{QualityWeight: &zero}}
	if errs := indicators.ValidateRuleForTest(v); len(errs) > 0 {
		t.Fatal(errs)
	}
	vfw := framework(leaf("V", indicators.KindVeto, 0, v))
	ev := zwgk.Evidence{}
	ev.Requests = &zwgk.RequestRegister{Tests: []zwgk.RequestTest{answered(sent, "2026-03-10", "")}, Today: d("2026-06-01"), Calendar: cal}
	if f := Evaluate(vfw, a, ev, asOf)[0]; f.Outcome != zwgk.Pass {
		t.Errorf("veto, on time, unrated with quality off: %+v", f)
	}
	ev.Requests.Tests = append(ev.Requests.Tests, other)
	if f := Evaluate(vfw, a, ev, asOf)[0]; f.Outcome != zwgk.Fail {
		t.Errorf("veto, one overdue: %+v", f)
	}
	two := 2.0
	bad := &indicators.Rule{Kind: indicators.RuleRequestTest, RequestTest: &indicators.RequestTest{Days: 90, QualityWeight: &two}}
	if errs := indicators.ValidateRuleForTest(bad); len(errs) != 2 {
		t.Errorf("bad parameters: %v", errs)
	}
}

package scoring

import (
	"fmt"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

func init() {
	registry[indicators.RuleRequestTest] = Evaluator{indicators.RuleRequestTest, "依申请公开测试", nil, false, evalRequestTest}
}

// evalRequestTest judges the requests an assessor filed with the agency
// (the register, laid into the evidence by the scorer): each answered
// within its deadline (条例第33条: 20 working days from receipt, 20 more
// with a notice within the first 20) and how well (第36条 forms, rated by
// the assessor). Nothing is failed on what is not yet known: no request on
// record, a request still within its deadline, a reply not yet rated, a
// deadline in a year the calendar lacks — each leaves the finding pending.
func evalRequestTest(in Input) Result {
	p := in.Rule.RequestTest
	reg := in.Evidence.Requests
	if reg == nil || len(reg.Tests) == 0 {
		return Result{Pending: true, Measure: "尚无依申请公开测试记录（no test request on record），待评估人员提交申请后评估"}
	}
	if reg.Calendar == nil || reg.Today.IsZero() {
		return Result{Pending: true, Measure: fmt.Sprintf("已记录%d件测试申请，但工作日历不可用，无法计算答复期限", len(reg.Tests))}
	}
	if len(reg.Tests) < p.Min {
		return Result{Pending: true, Measure: fmt.Sprintf("已记录%d件测试申请，少于本指标要求的%d件，待补充", len(reg.Tests), p.Min)}
	}
	qw := p.Quality()
	var (
		credit                      float64
		onTime, late, overdue, poor int
		waiting, unrated, uncovered []string
		problems                    []string
	)
	for _, t := range reg.Tests {
		j := zwgk.JudgeRequest(t, reg.Calendar, reg.Today, p.Days, p.Extension)
		label := fmt.Sprintf("%s提交的申请（%s）", t.SentOn.Chinese(), clip(t.Content, 30))
		switch j.Status {
		case zwgk.RequestUncovered:
			uncovered = append(uncovered, label+"："+j.Text)
			continue
		case zwgk.RequestPending:
			waiting = append(waiting, label+"："+j.Text)
			continue
		case zwgk.RequestOverdue:
			overdue++
			problems = append(problems, label+"逾期未答复（"+j.Text+"）")
			continue
		}
		timely := 1.0
		if j.Status == zwgk.RequestLate {
			late++
			timely = p.LateCredit
			problems = append(problems, label+"逾期答复（"+j.Text+"）")
		} else {
			onTime++
		}
		q := t.Answer.Quality
		if qw > 0 && q == "" {
			unrated = append(unrated, label)
			continue
		}
		if qw > 0 && q != zwgk.QualityGood {
			if q == zwgk.QualityPoor {
				poor++
			}
			note := ""
			if t.Answer.Notes != "" {
				note = "：" + clip(t.Answer.Notes, 60)
			}
			problems = append(problems, fmt.Sprintf("%s答复%s%s", label, q.Chinese(), note))
		}
		credit += (1-qw)*timely + qw*q.Credit()
	}
	n := len(reg.Tests)
	measure := fmt.Sprintf("测试申请%d件：按期答复%d件，逾期答复%d件，逾期未答复%d件", n, onTime, late, overdue)
	switch {
	case len(uncovered) > 0:
		return Result{Pending: true, Measure: measure + "；" + strings.Join(uncovered, "；")}
	case len(waiting) > 0:
		return Result{Pending: true, Measure: fmt.Sprintf("%s；%d件尚在答复期限内：%s", measure, len(waiting), listed(waiting, 3))}
	case len(unrated) > 0:
		return Result{Pending: true, Measure: fmt.Sprintf("%s；%d件答复待评估人员评定规范性：%s", measure, len(unrated), listed(unrated, 3))}
	}
	if qw > 0 {
		measure += fmt.Sprintf("；答复不规范%d件", poor)
	}
	r := Result{Fraction: credit / float64(n), Count: late + overdue, Breach: overdue > 0, Measure: measure}
	if len(problems) > 0 {
		r.Problem = fmt.Sprintf("依申请公开测试发现问题：%s。", listed(problems, 5))
	}
	return r
}

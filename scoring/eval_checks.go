package scoring

import (
	"fmt"
	"slices"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// ArtifactContentChecks are the content-check candidates with the
// assessors' decisions laid over them.
const ArtifactContentChecks Artifact = "content_checks"

func init() {
	registry[indicators.RuleContentCheck] = Evaluator{indicators.RuleContentCheck, "内容检查（经人工确认）", []Artifact{ArtifactContentChecks}, true, evalContentCheck}
}

// evalContentCheck counts the candidates of the rule's checks that an
// assessor confirmed: detection proposes, the assessor decides. Dismissed
// candidates never count; undecided ones leave the finding pending (or are
// ignored, Undecided "pass"). Without a content scan the checks did not
// run, and nothing can be said: pending.
func evalContentCheck(in Input) Result {
	p := in.Rule.ContentCheck
	scan := in.Evidence.Scanned
	names := make([]string, len(p.Checks))
	for i, k := range p.Checks {
		names[i] = k.Chinese()
	}
	what := strings.Join(names, "、")
	if scan == nil || !coversAll(scan.Checks, p.Checks) {
		return Result{Pending: true, Measure: "采集时未进行" + what + "检查", Problem: "未进行" + what + "自动检查，待人工核查"}
	}
	var confirmed []zwgk.ContentCheck
	undecided, dismissed := 0, 0
	for _, c := range in.Evidence.ContentChecks {
		if !slices.Contains(p.Checks, c.Kind) || !privacyRuleOn(p, c) {
			continue
		}
		switch c.Decision {
		case zwgk.DecisionConfirmed:
			confirmed = append(confirmed, c)
		case zwgk.DecisionDismissed:
			dismissed++
		default:
			undecided++
		}
	}
	read := fmt.Sprintf("检查页面 %d 个", scan.Pages)
	if scan.Attachments > 0 {
		read += fmt.Sprintf("、附件 %d 个", scan.Attachments)
	}
	measure := fmt.Sprintf("%s：自动检测候选 %d 条，经确认 %d 条，已排除 %d 条", read, len(confirmed)+undecided+dismissed, len(confirmed), dismissed)
	if undecided > 0 {
		measure += fmt.Sprintf("，待确认 %d 条", undecided)
		if p.Undecided != indicators.UndecidedPass {
			return Result{Pending: true, Measure: measure, Problem: fmt.Sprintf("%d条%s候选待评估人员确认", undecided, what)}
		}
	}
	r := Result{Fraction: 1, Count: len(confirmed), Breach: len(confirmed) > 0, Measure: measure}
	if len(confirmed) == 0 {
		if p.AssessorCheck != "" {
			// The checks found nothing confirmed, but they are not the
			// whole indicator: an assessor's review decides the rest.
			return Result{Pending: true, Measure: measure + "；另需人工核实：" + p.AssessorCheck,
				Problem: "自动检查未发现经确认的问题，待评估人员核实：" + p.AssessorCheck}
		}
		return r
	}
	r.Fraction = 0
	var parts []string
	for _, c := range confirmed {
		parts = append(parts, fmt.Sprintf("%s「%s」（%s）", c.Kind.Chinese(), clip(c.Excerpt, 40), clip(c.URL, 120)))
		if len(r.Evidence) < 20 && !slices.Contains(r.Evidence, c.URL) {
			r.Evidence = append(r.Evidence, c.URL)
		}
	}
	r.Problem = fmt.Sprintf("经核实，网站存在%d处问题：%s", len(confirmed), listed(parts, 5))
	return r
}

func coversAll(have, want []zwgk.CheckKind) bool {
	for _, k := range want {
		if !slices.Contains(have, k) {
			return false
		}
	}
	return true
}

// privacyRuleOn: a rule limited to some personal-data detectors counts
// only their candidates.
func privacyRuleOn(p *indicators.ContentCheck, c zwgk.ContentCheck) bool {
	if c.Kind != zwgk.CheckPrivacy || len(p.Privacy) == 0 {
		return true
	}
	return slices.Contains(p.Privacy, strings.TrimPrefix(c.Rule, "privacy."))
}

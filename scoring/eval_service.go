package scoring

import (
	"fmt"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

func init() {
	registry[indicators.RuleServiceUsable] = Evaluator{indicators.RuleServiceUsable, "服务实用性", []Artifact{ArtifactColumns, ArtifactItemPages, ArtifactLinks}, true, evalServiceUsable}
}

// evalServiceUsable judges the 2019 inspection's sixth veto, 服务不实用:
// no service column; or Limit sampled guides each lacking MinMissing
// elements or more; or Limit guide attachments that do not download; or an
// online service system that does not answer. Only what was sampled and
// checked counts; guides that could not be read leave the finding pending.
func evalServiceUsable(in Input) Result {
	p := in.Rule.ServiceUsable
	cols := matchColumns(in.Evidence, in.Indicator.ID, p.Aliases)
	if len(cols) == 0 {
		return Result{Breach: true, Count: 1,
			Measure: fmt.Sprintf("未找到办事服务栏目（别名：%s）", strings.Join(p.Aliases, "、")),
			Problem: "未提供办事服务"}
	}
	links := map[string]zwgk.Link{}
	for _, l := range in.Evidence.Links {
		links[l.URL] = l
	}
	var guides []zwgk.Item
	var cause zwgk.Cause
	for _, c := range cols {
		if indicators.MatchAlias(p.SystemAliases, c.Name) && !indicators.MatchAlias(p.Aliases, c.Name) {
			continue // an online system, judged below
		}
		if c.Cause != zwgk.CauseNone && cause == zwgk.CauseNone {
			cause = c.Cause
		}
		for _, it := range c.Items {
			if it.Opened && (p.Sample <= 0 || len(guides) < p.Sample) {
				guides = append(guides, it)
			}
		}
	}
	var deficient, brokenAtt, checkedAtt []string
	var ev []string
	for _, g := range guides {
		var missing []string
		for _, e := range p.Elements {
			if !hasTerm(g, e) {
				missing = append(missing, e)
			}
		}
		if len(missing) >= p.MinMissing {
			deficient = append(deficient, fmt.Sprintf("《%s》缺少%s", clip(g.Title, 30), strings.Join(missing, "、")))
			if g.URL != "" && len(ev) < 20 {
				ev = append(ev, g.URL)
			}
		}
		for _, a := range g.Attachments {
			l, ok := links[a.URL]
			if !ok {
				continue
			}
			checkedAtt = append(checkedAtt, a.URL)
			if l.Broken() {
				brokenAtt = append(brokenAtt, clip(a.URL, 120))
			}
		}
	}
	var down []string
	for _, c := range matchColumns(in.Evidence, "", p.SystemAliases) {
		switch c.Cause {
		case zwgk.CauseStatus, zwgk.CauseDNS, zwgk.CauseRefused, zwgk.CauseTimeout, zwgk.CauseTLS:
			down = append(down, fmt.Sprintf("「%s」%s", clip(c.Name, 20), c.Cause.Chinese()))
			if c.URL != "" && len(ev) < 20 {
				ev = append(ev, c.URL)
			}
		}
	}
	measure := fmt.Sprintf("抽查办事指南 %d 份，缺少%d类以上要素 %d 份；核查指南附件 %d 个，无法下载 %d 个；在线办事系统无法访问 %d 个",
		len(guides), p.MinMissing, len(deficient), len(checkedAtt), len(brokenAtt), len(down))
	var parts []string
	if p.Limit > 0 && len(deficient) >= p.Limit {
		parts = append(parts, fmt.Sprintf("%d份办事指南缺少%d类以上要素（达到%d份的限值）：%s", len(deficient), p.MinMissing, p.Limit, listed(deficient, 5)))
	}
	if p.Limit > 0 && len(brokenAtt) >= p.Limit {
		parts = append(parts, fmt.Sprintf("%d个办事指南附件无法下载：%s", len(brokenAtt), listed(brokenAtt, 5)))
	}
	if len(down) > 0 {
		parts = append(parts, "在线办事系统无法访问："+strings.Join(down, "、"))
	}
	if len(parts) == 0 && len(guides) == 0 {
		why := "未能打开办事指南页面"
		if cause != zwgk.CauseNone {
			why = "办事指南列表" + cause.Chinese()
		}
		return Result{Pending: true, Measure: why + "；" + measure, Problem: why + "，待人工核查服务实用性"}
	}
	r := Result{Fraction: 1, Count: len(parts), Breach: len(parts) > 0, Measure: measure, Evidence: ev}
	if len(guides) > 0 {
		r.Fraction = 1 - float64(len(deficient))/float64(len(guides))
	}
	r.Problem = strings.Join(parts, "；")
	return r
}

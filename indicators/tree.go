package indicators

import (
	"fmt"
	"io"
	"strings"
)

// kindChinese names the indicator kinds in the printed tree.
var kindChinese = map[Kind]string{
	KindScore:  "评分",
	KindVeto:   "否决",
	KindDeduct: "扣分",
	KindBonus:  "加分",
	KindManual: "人工",
	KindGroup:  "",
}

// ruleChinese names the rule kinds in the printed tree.
var ruleChinese = map[RuleKind]string{
	RuleAvailability:    "网站可用性监测",
	RuleHomepageUpdated: "首页更新",
	RuleColumn:          "栏目",
	RuleStaleColumns:    "栏目更新",
	RuleDocument:        "规定文件",
	RuleInterpretation:  "政策解读比例",
	RuleResponse:        "互动回应",
	RuleLinks:           "链接可用性",
	RuleServiceGuide:    "办事指南要素",
	RuleManual:          "人工评估",
}

// RuleChinese is the Chinese name of a rule kind ("栏目"), for reports.
func RuleChinese(k RuleKind) string { return ruleChinese[k] }

// WriteTree prints the framework as a tree in Chinese: every indicator with
// its points, kind, rule and policy basis, groups showing the sum of their
// children. The points printed add up at every level (Parse checks it).
func (f *Framework) WriteTree(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s（版本 %s）\n", f.ID, f.Title, f.Version)
	var bands []string
	for i, band := range f.Bands {
		if i > 0 && i == len(f.Bands)-1 && band.Min == 0 {
			bands = append(bands, fmt.Sprintf("%s <%s", band.Grade, num(f.Bands[i-1].Min)))
		} else {
			bands = append(bands, fmt.Sprintf("%s ≥%s", band.Grade, num(band.Min)))
		}
	}
	fmt.Fprintf(&b, "满分 %s 分；等级：%s", num(f.Total), strings.Join(bands, "，"))
	if f.VetoGrade != "" {
		fmt.Fprintf(&b, "；否决即%s", f.VetoGrade)
	}
	b.WriteString("\n")
	if f.BonusCap > 0 {
		fmt.Fprintf(&b, "加分：基础分达 %s 分方计，至多 %s 分\n", num(f.BonusGate), num(f.BonusCap))
	}
	na := "按比例折算（不适用指标的分值移出分母）"
	if f.NotApplicable == NAFull {
		na = "视同得分"
	}
	fmt.Fprintf(&b, "不适用指标：%s；绩效考核分值 %s 分；评估期 %d 天\n", na, num(f.AppraisalWeight), f.WindowDays)

	var walk func(list []*Indicator, prefix string)
	walk = func(list []*Indicator, prefix string) {
		for i, ind := range list {
			branch, next := "├─ ", "│  "
			if i == len(list)-1 {
				branch, next = "└─ ", "   "
			}
			b.WriteString(prefix + branch + indicatorLine(ind) + "\n")
			walk(ind.Children, prefix+next)
		}
	}
	walk(f.Indicators, "")

	var base, bonus float64
	vetoes, leaves := 0, 0
	for _, ind := range f.Indicators {
		if ind.Bonus() {
			bonus += ind.Points
		} else {
			base += ind.Points
		}
	}
	for _, l := range f.Leaves() {
		leaves++
		if l.Kind == KindVeto {
			vetoes++
		}
	}
	fmt.Fprintf(&b, "合计：基础分 %s 分，加分 %s 分，末级指标 %d 项（否决项 %d 项）\n", num(base), num(bonus), leaves, vetoes)
	_, err := io.WriteString(w, b.String())
	return err
}

func indicatorLine(ind *Indicator) string {
	parts := []string{ind.ID + " " + ind.Name}
	switch {
	case ind.Kind == KindVeto:
		parts = append(parts, "否决项")
	case ind.Kind == KindGroup && ind.Points == 0 && allVeto(ind):
		parts = append(parts, "否决项，不计分")
	case ind.Kind == KindDeduct:
		parts = append(parts, fmt.Sprintf("%s分（每处扣%s分，扣完为止）", num(ind.Points), num(ind.Per)))
	case ind.Kind == KindGroup && ind.Bonus():
		parts = append(parts, fmt.Sprintf("加分 %s分", num(ind.Points)))
	default:
		parts = append(parts, num(ind.Points)+"分")
	}
	var what []string
	if k := kindChinese[ind.Kind]; k != "" && ind.Kind != KindVeto && ind.Kind != KindDeduct {
		what = append(what, k)
	}
	if ind.Rule != nil && !(ind.Kind == KindManual && ind.Rule.Kind == RuleManual) {
		what = append(what, ruleChinese[ind.Rule.Kind])
	}
	if len(what) > 0 {
		parts = append(parts, strings.Join(what, "·"))
	}
	if ind.Basis != "" {
		parts = append(parts, ind.Basis)
	}
	if len(ind.Levels) > 0 {
		var ls []string
		for _, l := range ind.Levels {
			ls = append(ls, l.Chinese())
		}
		parts = append(parts, "适用："+strings.Join(ls, "、"))
	}
	return strings.Join(parts, "  ")
}

func allVeto(ind *Indicator) bool {
	if len(ind.Children) == 0 {
		return ind.Kind == KindVeto
	}
	for _, c := range ind.Children {
		if !allVeto(c) {
			return false
		}
	}
	return true
}

// WriteSummary prints the framework's header and its first-level
// indicators, in Chinese, with the hash a cycle would freeze.
func (f *Framework) WriteSummary(w io.Writer) error {
	var b strings.Builder
	leaves, vetoes := 0, 0
	for _, l := range f.Leaves() {
		leaves++
		if l.Kind == KindVeto {
			vetoes++
		}
	}
	fmt.Fprintf(&b, "%s %s（版本 %s）\n", f.ID, f.Title, f.Version)
	if f.Description != "" {
		fmt.Fprintf(&b, "%s\n", strings.TrimSpace(f.Description))
	}
	fmt.Fprintf(&b, "满分 %s 分；一级指标 %d 项，末级指标 %d 项（否决项 %d 项）\n", num(f.Total), len(f.Indicators), leaves, vetoes)
	for _, ind := range f.Indicators {
		fmt.Fprintf(&b, "  %s\n", indicatorLine(ind))
	}
	fmt.Fprintf(&b, "sha256 %s\n", f.Hash)
	_, err := io.WriteString(w, b.String())
	return err
}

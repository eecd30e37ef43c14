package scoring

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// An unreachable site: every indicator says the same thing. The list
// folds them into one line with the count, puts the failed veto first,
// never lists the bonus, and takes requirement and days from the framework.
func TestRectificationFoldsIdenticalProblems(t *testing.T) {
	var kids []*indicators.Indicator
	for i := 1; i <= 47; i++ {
		kids = append(kids, leaf(fmt.Sprintf("A%d", i), indicators.KindScore, 2, manual()))
	}
	kids = append(kids, leaf("A48", indicators.KindScore, 6, manual()))
	v := leaf("V1", indicators.KindVeto, 0, manual())
	v.Name, v.Requirement = "网站无法访问", "排查网站故障，确保稳定可访问。"
	a := group("A", kids...)
	a.Requirement = "完善信息发布栏目。"
	fw := framework(group("V", v), a, group("X", leaf("X1", indicators.KindBonus, 5, manual())))
	kids[47].RectifyDays = 10
	fw.Rectification.Days = map[string]int{"veto": 7}

	var found []zwgk.Finding
	found = append(found, zwgk.Finding{Agency: agency.Code, Indicator: "V1", Outcome: zwgk.Fail, Problem: "网站无法访问（失败 30%）"})
	for i := 1; i <= 47; i++ {
		found = append(found, zwgk.Finding{Agency: agency.Code, Indicator: fmt.Sprintf("A%d", i), Outcome: zwgk.Fail, Problem: "访问超时，无法核查"})
	}
	found = append(found,
		zwgk.Finding{Agency: agency.Code, Indicator: "A48", Outcome: zwgk.Partial, Fraction: 0.5},
		zwgk.Finding{Agency: agency.Code, Indicator: "X1", Outcome: zwgk.Fail, Problem: "无创新做法"})
	c := Score(fw, agency, found)
	slices.Reverse(found) // any order
	list := RectificationList(fw, c, found)
	if len(list) != 3 {
		t.Fatalf("%d lines, want 3 (veto, 47 folded, A48): %+v", len(list), list)
	}
	if l := list[0]; !l.Veto || l.Count != 1 || l.Days != 7 || l.Requirement != "排查网站故障，确保稳定可访问。" {
		t.Errorf("veto line %+v", l)
	}
	if l := list[1]; l.Count != 47 || l.Problem != "访问超时，无法核查" || l.Indicators[0] != "A1" || l.Indicators[46] != "A47" ||
		l.Days != 30 || l.Requirement != "完善信息发布栏目。" {
		t.Errorf("folded line %+v", l)
	}
	if l := list[2]; l.Count != 1 || l.Problem != "未达到「指标A48」的要求" || l.Days != 10 {
		t.Errorf("A48 line %+v: a problem statement made from its name, its own days", l)
	}
	if l := list[1]; l.Due(zwgk.NewDate(2026, 12, 20)) != zwgk.NewDate(2027, 1, 19) {
		t.Errorf("due %v", l.Due(zwgk.NewDate(2026, 12, 20)))
	}
	for _, l := range list {
		if slices.Contains(l.Indicators, "X1") {
			t.Errorf("bonus on the list: %+v", l)
		}
	}

	// An assessor's review that passes a finding takes it off the list; a
	// folded line of different requirements asks for each.
	reviewed := ApplyReviews(found, []zwgk.Review{{ID: 1, Agency: agency.Code, Indicator: "V1", Outcome: zwgk.Pass, Fraction: 1, Reason: "复核可访问"}})
	kids[0].Requirement = "另一要求。"
	c = Score(fw, agency, reviewed)
	list = RectificationList(fw, c, reviewed)
	if len(list) != 2 || list[0].Veto || list[0].Count != 47 || !strings.HasPrefix(list[0].Requirement, "对照所涉 47 项指标") {
		t.Errorf("after review %+v", list)
	}
}

// Defaults: veto 15 days, others 30; requirement from the description.
func TestRectifyDefaults(t *testing.T) {
	src := `id: t
version: "1"
title: 测试
bands: [{min: 60, grade: 合格}, {min: 0, grade: 不合格}]
indicators:
  - id: V
    name: 否决
    points: 0
    children:
      - {id: V1, name: 首页不更新, kind: veto, rule: {kind: manual}}
  - id: A
    name: 信息
    points: 100
    children:
      - {id: A1, name: 概况信息, kind: score, points: 100, description: 公开机构职能。, rule: {kind: manual}}
`
	fw, err := indicators.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	found := []zwgk.Finding{{Agency: agency.Code, Indicator: "V1", Outcome: zwgk.Fail, Problem: "首页 30 天未更新"},
		{Agency: agency.Code, Indicator: "A1", Outcome: zwgk.Fail, Problem: "未找到概况信息"}}
	list := RectificationList(fw, Score(fw, agency, found), found)
	if len(list) != 2 || list[0].Days != 15 || list[1].Days != 30 || list[1].Requirement != "对照「概况信息」指标要求整改：公开机构职能。" ||
		list[0].Requirement != "对照「首页不更新」指标要求整改。" {
		t.Errorf("defaults %+v", list)
	}
}

func TestAppraisal(t *testing.T) {
	fw := framework(group("V", leaf("V1", indicators.KindVeto, 0, manual())), group("A", leaf("A1", indicators.KindScore, 100, manual())))
	score := func(veto zwgk.Outcome, frac float64) zwgk.Scorecard {
		return Score(fw, agency, []zwgk.Finding{{Indicator: "V1", Outcome: veto}, {Indicator: "A1", Outcome: zwgk.Partial, Fraction: frac}})
	}
	if c := score(zwgk.Pass, 0.63); c.Appraisal != 2.52 || c.AppraisalFormula != "63.00 ÷ 100 × 4 = 2.52" {
		t.Errorf("appraisal %v %q", c.Appraisal, c.AppraisalFormula)
	}
	// The case: a vetoed city earned 2.64 appraisal points.
	if c := score(zwgk.Fail, 0.66); c.Appraisal != 0 || c.AppraisalFormula != "单项否决，计 0 分" || c.Total != 66 {
		t.Errorf("vetoed appraisal %v %q (total %v still shown)", c.Appraisal, c.AppraisalFormula, c.Total)
	}
	fw.AppraisalVetoed = 0.5
	if c := score(zwgk.Fail, 0.66); c.Appraisal != 0.5 || c.AppraisalFormula != "单项否决，计 0.5 分" {
		t.Errorf("appraisal_vetoed 0.5: %v %q", c.Appraisal, c.AppraisalFormula)
	}
	fw.Total, fw.AppraisalWeight = 1000, 10
	fw.Indicators[1].Points, fw.Indicators[1].Children[0].Points = 1000, 1000
	if c := score(zwgk.Pass, 0.5); c.Appraisal != 5 || c.AppraisalFormula != "500.00 ÷ 1000 × 10 = 5.00" {
		t.Errorf("1000-point framework %v %q", c.Appraisal, c.AppraisalFormula)
	}
}

// The 4.2 / 4.0: a subtotal rescaled after not-applicable
// indicators is shown against its rescaled maximum, and the note says why.
func TestSubtotalAgainstRescaledMaximum(t *testing.T) {
	a := group("A", leaf("A1", indicators.KindScore, 4, manual()))
	b := group("B", leaf("B1", indicators.KindScore, 25, manual()))
	c := group("C", leaf("C1", indicators.KindScore, 71, manual()))
	fw := framework(a, b, c)
	card := Score(fw, agency, []zwgk.Finding{
		{Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1},
		{Indicator: "B1", Outcome: zwgk.NA},
		{Indicator: "C1", Outcome: zwgk.Partial, Fraction: 0.5},
	})
	if card.Subtotals["A"] != 5.33 || card.SubtotalMax["A"] != 5.33 || card.SubtotalMax["B"] != 0 || card.SubtotalMax["C"] != 94.67 {
		t.Errorf("subtotals %v / %v", card.Subtotals, card.SubtotalMax)
	}
	if got, want := RescaleNote(fw, card), "不适用指标 B1 指标B1（共 25 分）不计入满分，其余 75 分按 100 ÷ 75 = 1.3333 折算。"; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	full := Score(fw, agency, []zwgk.Finding{{Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1}, {Indicator: "B1", Outcome: zwgk.Pass, Fraction: 1}, {Indicator: "C1", Outcome: zwgk.Pass, Fraction: 1}})
	if RescaleNote(fw, full) != "" || full.SubtotalMax["A"] != 4 {
		t.Errorf("nothing rescaled: %q %v", RescaleNote(fw, full), full.SubtotalMax)
	}
}

func TestAdvice(t *testing.T) {
	v := group("V", leaf("V1", indicators.KindVeto, 0, manual()))
	a := group("A", leaf("A1", indicators.KindScore, 50, manual()))
	b := group("B", leaf("B1", indicators.KindDeduct, 50, manual()))
	b.Children[0].Per = 10
	x := group("X", leaf("X1", indicators.KindBonus, 5, manual()))
	v.Advice, a.Advice, b.Advice, x.Advice = "加强运维", "完善栏目", "修复链接", "创新"
	fw := framework(v, a, b, x)
	var cards []zwgk.Scorecard
	for i, f := range []struct {
		veto  zwgk.Outcome
		frac  float64
		count int
	}{{zwgk.Pass, 0.9, 3}, {zwgk.Fail, 0.8, 1}, {zwgk.Pass, 1, 0}, {zwgk.Pass, 0.7, 5}} {
		ag := agency
		ag.Code = fmt.Sprint(i)
		cards = append(cards, Score(fw, ag, []zwgk.Finding{{Indicator: "V1", Outcome: f.veto}, {Indicator: "A1", Outcome: zwgk.Partial, Fraction: f.frac},
			{Indicator: "B1", Outcome: zwgk.Partial, Count: f.count}, {Indicator: "X1", Outcome: zwgk.Fail}}))
	}
	got := Advice(fw, cards, 0)
	// A: 170/200 = 0.85; B: (20+40+50+0)/200 = 0.55; V: 3 of 4 = 0.75.
	if len(got) != 3 || got[0].Indicator != "B" || got[0].Share != 0.55 || got[1].Indicator != "V" || got[1].Share != 0.75 ||
		got[2].Indicator != "A" || got[2].Share != 0.85 || got[0].Agencies != 4 || got[0].Advice != "修复链接" {
		t.Errorf("advice %+v", got)
	}
	if two := Advice(fw, cards, 2); len(two) != 2 || two[1].Indicator != "V" {
		t.Errorf("first two %+v", two)
	}
}

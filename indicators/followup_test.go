package indicators_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"zwgk/indicators"
)

// Both built-ins carry the §21 rules the issue asks for, an appeal window,
// rectification days, a requirement for every veto and advice for every
// first-level group that is not bonus.
func TestBuiltinFollowup(t *testing.T) {
	for _, id := range indicators.BuiltinIDs() {
		fw, err := indicators.Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		n := fw.Notices
		if n.Commend.Top != 3 || n.Commend.MinGrade == "" || !n.Criticise.Vetoed || !slices.Equal(n.Criticise.Grades, []string{"不合格"}) || n.Criticise.Bottom != 0 {
			t.Errorf("%s notices %+v", id, n)
		}
		if fw.Appeals.WindowDays != 10 || fw.AppraisalVetoed != 0 || fw.Rectification.Days["veto"] != 15 || fw.Rectification.Days["default"] != 30 {
			t.Errorf("%s appeals %+v appraisal_vetoed %v rectification %+v", id, fw.Appeals, fw.AppraisalVetoed, fw.Rectification)
		}
		for _, top := range fw.Indicators {
			if !top.Bonus() && len([]rune(top.Advice)) < 20 {
				t.Errorf("%s %s %s: no advice", id, top.ID, top.Name)
			}
		}
		for _, l := range fw.Leaves() {
			switch {
			case l.Kind == indicators.KindVeto && (l.Requirement == "" || fw.RectifyDays(l) != 15):
				t.Errorf("%s %s: requirement %q days %d", id, l.ID, l.Requirement, fw.RectifyDays(l))
			case l.Kind != indicators.KindVeto && fw.RectifyDays(l) != 30:
				t.Errorf("%s %s: days %d", id, l.ID, fw.RectifyDays(l))
			}
			if r := fw.Requirement(l); r == "" {
				t.Errorf("%s %s: no requirement", id, l.ID)
			}
		}
	}
}

const followupBase = `id: t
version: "1"
title: 测试
bands: [{min: 75, grade: 良好}, {min: 60, grade: 合格}, {min: 0, grade: 不合格}]
indicators:
  - id: A
    name: 信息发布
    points: 100
    requirement: 完善栏目。
    rectify_days: 20
    children:
      - {id: A1, name: 概况信息, kind: score, points: 60, rule: {kind: manual}}
      - {id: A2, name: 政务动态, kind: score, points: 40, rectify_days: 7, requirement: 每周更新。, rule: {kind: manual}}
`

func TestFollowupInheritanceAndDefaults(t *testing.T) {
	fw, err := indicators.Parse("t.yaml", []byte(followupBase))
	if err != nil {
		t.Fatal(err)
	}
	a1, a2 := fw.Indicator("A1"), fw.Indicator("A2")
	if fw.RectifyDays(a1) != 20 || fw.RectifyDays(a2) != 7 || fw.Requirement(a1) != "完善栏目。" || fw.Requirement(a2) != "每周更新。" {
		t.Errorf("inheritance: %d %d %q %q", fw.RectifyDays(a1), fw.RectifyDays(a2), fw.Requirement(a1), fw.Requirement(a2))
	}
	// No notices given: top three commended, vetoed and the lowest grade criticised.
	if n := fw.Notices; n.Commend.Top != 3 || n.Commend.MinGrade != "" || !n.Criticise.Vetoed || !slices.Equal(n.Criticise.Grades, []string{"不合格"}) {
		t.Errorf("default notices %+v", n)
	}
	if fw.Appeals.WindowDays != indicators.DefaultAppealWindowDays {
		t.Errorf("default appeal window %d", fw.Appeals.WindowDays)
	}
	// Per-tier rules replace the framework's for that tier only.
	src := strings.Replace(followupBase, "indicators:", `notices:
  commend: {top: 5}
  criticise: {vetoed: true}
  tiers:
    county: {commend: {top: 10, min_grade: 良好, per: province}}
indicators:`, 1)
	fw, err = indicators.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, k := fw.Notices.TierRules("county")
	if c.Top != 10 || c.Per != "province" || !k.Vetoed {
		t.Errorf("county rules %+v %+v", c, k)
	}
	if c, _ := fw.Notices.TierRules("city"); c.Top != 5 {
		t.Errorf("city rules %+v", c)
	}
}

// Strict parsing reaches into the notices, their per-tier map included.
func TestFollowupStrict(t *testing.T) {
	src := strings.Replace(followupBase, "indicators:", `notices:
  commend: {top: 3, mingrade: 良好}
  criticise: {vetoed: true}
  tiers:
    county: {commend: {tpo: 3}}
indicators:`, 1)
	_, err := indicators.Parse("t.yaml", []byte(src))
	var verrs indicators.ValidationErrors
	if !errors.As(err, &verrs) || len(verrs) != 2 ||
		!strings.Contains(verrs[0].Error(), `t.yaml:6: unknown field "mingrade" in framework notices commend (known: min_grade, per, top)`) ||
		!strings.Contains(verrs[1].Error(), `t.yaml:9: unknown field "tpo" in framework notices tiers county commend (known: min_grade, per, top)`) {
		t.Errorf("strict: %v", err)
	}
}

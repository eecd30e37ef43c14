package reports

import (
	"bytes"
	"strings"
	"testing"

	"zwgk/scoring"
)

func cohortInput() CohortInput {
	c := cohort()
	var fs = c.Findings
	in := CohortInput{Cycle: c.Cycle, Framework: c.Framework, Cards: c.Cards, Assessor: "某某大学政务公开评估中心"}
	for _, a := range c.Agencies {
		in.Findings = append(in.Findings, fs[a.Code]...)
	}
	return in
}

func TestCohortReport(t *testing.T) {
	in := cohortInput()
	d, err := renderCohort(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.output(&buf); err != nil {
		t.Fatal(err)
	}
	if d.misses != 0 {
		t.Errorf("%d runes drawn without a glyph: %v", d.misses, d.missed)
	}
	writeOut(t, "cohort.pdf", buf.Bytes())
	text := squash(pdfText(t, buf.Bytes(), "-raw"))
	want := []string{"总体报告", "一、总体情况", "图1 总分分布", "二、各层级排名", "三、地区情况", "图2 各省级行政区平均得分",
		"四、主要问题", "失分较多的指标", "五、工作建议", "六、通报表扬与批评", "七、评估方法", "指标体系", "北京", "新疆", "海南",
		in.Assessor, in.Cycle.AsOf.Chinese()}
	for _, c := range in.Cards {
		want = append(want, c.Name) // every agency is ranked by name
	}
	for _, c := range scoring.Commend(in.Cards, 3) {
		want = append(want, "通报表扬") // section present
		_ = c
	}
	for _, w := range want {
		if !strings.Contains(text, squash(w)) {
			t.Errorf("cohort report lacks %q", w)
		}
	}
	// Each tier's rank 1 is commended and listed under 通报表扬, before 通报批评.
	i, j := strings.Index(text, "通报表扬"), strings.LastIndex(text, "通报批评")
	if i < 0 || j < i {
		t.Fatalf("commend/criticise lists missing or out of order")
	}
	commended := text[strings.LastIndex(text[:j], "通报表扬"):j]
	for _, c := range scoring.Commend(in.Cards, 3) {
		if !strings.Contains(commended, squash(c.Name)) {
			t.Errorf("commended %s missing from the list", c.Name)
		}
	}
}

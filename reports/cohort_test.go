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
	// The lists are scoring's (the framework's §21 rules), under their
	// headings: every criticised agency under 通报批评, none of them
	// under 通报表扬.
	commended := text[strings.LastIndex(text[:j], "通报表扬"):j]
	criticised := text[j:]
	if k := strings.Index(criticised, "七、评估方法"); k >= 0 {
		criticised = criticised[:k]
	}
	n := scoring.Notices(in.Framework, in.Cards)
	if len(n.Commend) == 0 || len(n.Criticise) == 0 {
		t.Fatalf("test cohort should have both lists: %d, %d", len(n.Commend), len(n.Criticise))
	}
	names := map[string]string{}
	for _, c := range in.Cards {
		names[c.Agency] = squash(c.Name)
	}
	for _, x := range n.Commend {
		if !strings.Contains(commended, names[x.Agency]) {
			t.Errorf("commended %s missing from the list", names[x.Agency])
		}
	}
	for _, x := range n.Criticise {
		if !strings.Contains(criticised, names[x.Agency]) {
			t.Errorf("criticised %s missing from the list", names[x.Agency])
		}
		inName := false // a commended name that holds this one (市政府 in 市政府办公厅)
		for _, y := range n.Commend {
			inName = inName || strings.Contains(names[y.Agency], names[x.Agency])
		}
		if strings.Contains(commended, names[x.Agency]) && !inName {
			t.Errorf("criticised %s among the commended", names[x.Agency])
		}
	}
}

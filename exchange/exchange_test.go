package exchange_test

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"zwgk"
	"zwgk/exchange"
)

func TestFindingsRoundTrip(t *testing.T) {
	in := []zwgk.Finding{
		{Agency: "A1", Indicator: "A2.3", Outcome: zwgk.Partial, Fraction: 1.0 / 3, Count: 0, Measure: "最新信息 2026-09-02，距评估日 86 天", Problem: "「财政预决算」栏目最新信息为2026年3月2日，超过规定更新周期"},
		{Agency: "A1", Indicator: "B1", Outcome: zwgk.Fail, Fraction: 0.1 + 0.2, Count: 7, Problem: "含\"引号\",逗号\n和换行"},
		{Agency: "A2", Indicator: "A2.3", Outcome: zwgk.Pass, Fraction: 1},
		{Agency: "A2", Indicator: "X", Outcome: zwgk.NA, Fraction: math.SmallestNonzeroFloat64},
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 200; i++ {
		in = append(in, zwgk.Finding{Agency: "R", Indicator: "I" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Outcome: zwgk.Partial, Fraction: rng.Float64(), Count: rng.IntN(100)})
	}
	var buf bytes.Buffer
	if err := exchange.WriteFindingsCSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\ufeffagency,indicator,outcome,fraction,count,measure,problem\n") {
		t.Errorf("header: %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	out, err := exchange.ReadFindingsCSV(&buf, "findings.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		for i := range in {
			if !reflect.DeepEqual(in[i], out[i]) {
				t.Fatalf("row %d: wrote %+v, read %+v", i, in[i], out[i])
			}
		}
		t.Fatalf("read %d findings, wrote %d", len(out), len(in))
	}
}

func TestReadFindingsCSVMinimalAndBOM(t *testing.T) {
	src := "\ufeffindicator,agency,fraction,outcome\nA1,X,,pass\nA2,X,0.25,partial\n"
	got, err := exchange.ReadFindingsCSV(strings.NewReader(src), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []zwgk.Finding{{Agency: "X", Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1}, {Agency: "X", Indicator: "A2", Outcome: zwgk.Partial, Fraction: 0.25}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestReadFindingsCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"empty", "", []string{"f.csv: empty file"}},
		{"missing columns", "agency,indicator\n", []string{`f.csv:1: missing column "outcome"`, `f.csv:1: missing column "fraction"`}},
		{"unknown column", "agency,indicator,outcome,fraction,score\n", []string{`f.csv:1:5: unknown column "score"`}},
		{"every bad row listed", "agency,indicator,outcome,fraction,count\n" +
			"A,I1,pass,1,0\n" +
			"A,I2,great,1,0\n" +
			"A,I3,partial,abc,0\n" +
			"A,I4,partial,1.5,0\n" +
			",I5,fail,0,-1\n" +
			"A,I1,pass,1,0\n" +
			"A,I6,pass\n",
			[]string{
				`f.csv:3:3: outcome "great"`,
				`f.csv:4:4: fraction "abc": not a number`,
				`f.csv:5:4: fraction 1.5: want 0 to 1`,
				`f.csv:6:1: agency: empty`,
				`f.csv:6:5: count "-1"`,
				`f.csv:7:1: agency A indicator I1 already on line 2`,
				`f.csv:8:1: 3 fields, want 5`,
			}},
		{"NaN", "agency,indicator,outcome,fraction\nA,I,pass,NaN\n", []string{"f.csv:2:4: fraction NaN: want 0 to 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := exchange.ReadFindingsCSV(strings.NewReader(tc.src), "f.csv")
			if err == nil {
				t.Fatalf("no error, read %+v", got)
			}
			if got != nil {
				t.Errorf("findings returned along with the error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

func sampleCards() []zwgk.Scorecard {
	d := -3.5
	return []zwgk.Scorecard{
		{Agency: "440300", Name: "深圳市人民政府", Level: zwgk.LevelCity, Region: "440300", Total: 85.37, Base: 85.37, Grade: "优秀",
			Veto: []string{}, Tier: "city", Rank: 1, TierSize: 2, Percentile: 100, Appraisal: 3.41, Delta: &d, Scale: 1, Applicable: 100,
			Subtotals:  map[string]float64{"A": 40, "B": 45.37},
			Indicators: map[string]zwgk.IndicatorScore{"A1": {Points: 40, Earned: 40, Outcome: zwgk.Pass}, "V1": {Outcome: zwgk.Pass}}},
		{Agency: "440100", Name: "=广州市人民政府", Level: zwgk.LevelCity, Region: "440100", Total: 90, Base: 90, Grade: "不合格",
			Vetoed: true, Veto: []string{"V1"}, Tier: "city", Rank: 2, TierSize: 2, Percentile: 50,
			Subtotals:  map[string]float64{"A": 45, "B": 45},
			Indicators: map[string]zwgk.IndicatorScore{"A1": {Points: 40, Earned: 30, Outcome: zwgk.Partial}, "V1": {Outcome: zwgk.Fail}}},
	}
}

func TestWriteScoresJSONSchema(t *testing.T) {
	var buf bytes.Buffer
	doc := exchange.ScoresDoc{Cycle: "2026年度", Framework: exchange.FrameworkRef{ID: "gov-2019", Version: "1.0"}, AsOf: zwgk.NewDate(2026, 11, 27), Agencies: sampleCards(),
		Stats: zwgk.CohortStats{PassMark: 60, Grades: []string{"优秀", "不合格"},
			Tiers:   []zwgk.GroupStat{{Tier: "city", Agencies: 2, Mean: 87.69, Grades: []zwgk.GradeCount{{Grade: "优秀", Count: 1}, {Grade: "不合格", Count: 1}}}},
			Notices: zwgk.Notices{Commend: []zwgk.Notice{{Agency: "440300", Reason: "层级排名第 1 位"}}, Criticise: []zwgk.Notice{{Agency: "440100", Reason: "单项否决"}}}}}
	if err := exchange.WriteScoresJSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var k []string
		for x := range m {
			k = append(k, x)
		}
		slices.Sort(k)
		return k
	}
	if got := keys(raw); !slices.Equal(got, []string{"agencies", "aggregates", "as_of", "cycle", "framework", "notices"}) {
		t.Errorf("top-level keys %v", got)
	}
	if raw["as_of"] != "2026-11-27" || keys(raw["framework"].(map[string]any))[0] != "id" {
		t.Errorf("as_of %v framework %v", raw["as_of"], raw["framework"])
	}
	ags := raw["agencies"].([]any)
	a0 := ags[0].(map[string]any)
	// DESIGN.md's fields, and those this wave adds for an outside checker.
	if got := keys(a0); !slices.Equal(got, []string{"applicable", "appraisal", "appraisal_formula", "base", "bonus", "code", "deductions", "grade",
		"indicators", "level", "name", "provisional", "rank", "region", "scale", "subtotals", "tier", "tier_size", "total", "veto", "vetoed"}) {
		t.Errorf("agency keys %v", got)
	}
	if n := raw["notices"].(map[string]any); !reflect.DeepEqual(n["commend"], []any{"440300"}) || !reflect.DeepEqual(n["criticise"], []any{"440100"}) {
		t.Errorf("notices %v: want codes", n)
	}
	if sub := a0["subtotals"].(map[string]any)["A"].(map[string]any); sub["earned"] != 45.0 || !slices.Equal(keys(sub), []string{"earned", "max"}) {
		t.Errorf("subtotal %v", sub)
	}
	if a0["code"] != "440100" || a0["veto"].([]any)[0] != "V1" {
		t.Errorf("agencies not sorted by code or veto missing: %v", a0)
	}
	a1 := ags[1].(map[string]any)
	if v, ok := a1["veto"].([]any); !ok || len(v) != 0 {
		t.Errorf("veto of a non-vetoed agency must be [], got %#v", a1["veto"])
	}
	ind := a1["indicators"].(map[string]any)["A1"].(map[string]any)
	if got := keys(ind); !slices.Equal(got, []string{"earned", "outcome", "points"}) {
		t.Errorf("indicator keys %v", got)
	}
	if !strings.Contains(buf.String(), `"total": 85.37`) || !strings.Contains(buf.String(), "深圳市人民政府") {
		t.Errorf("numbers or Chinese not written plainly:\n%s", buf.String())
	}
	back, err := exchange.ReadScoresJSON(bytes.NewReader(buf.Bytes()), "scores.json")
	if err != nil || !reflect.DeepEqual(back, exchange.Scores(doc)) {
		t.Errorf("read back %+v, %v", back, err)
	}
}

func TestWriteScoresCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := exchange.WriteScoresCSV(&buf, sampleCards()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.HasPrefix(s, "\ufeffcode,name,level,region,total,grade,vetoed,veto,") {
		t.Errorf("no BOM or header: %q", s[:40])
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], "subtotal_A,subtotal_B,subtotal_max_A,subtotal_max_B,appraisal_formula") {
		t.Fatalf("lines %q", lines)
	}
	if !strings.HasPrefix(lines[1], "440300,深圳市人民政府,city,440300,85.37,优秀,false,,85.37,") || !strings.Contains(lines[1], ",-3.50,3.41,40.00,45.37") {
		t.Errorf("row 1 %q", lines[1])
	}
	if !strings.HasPrefix(lines[2], "440100,'=广州市人民政府,") || !strings.Contains(lines[2], ",true,V1,") {
		t.Errorf("row 2 %q (formula not defused?)", lines[2])
	}
}

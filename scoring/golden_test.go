package scoring

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"zwgk"
	"zwgk/exchange"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCycle scores testdata/evidence/*.json with testdata/framework.yaml
// the way a cycle does: evaluate, apply reviews, score, rank.
func goldenCycle(t *testing.T) (cards []zwgk.Scorecard, findings []zwgk.Finding, agencies []zwgk.Agency) {
	t.Helper()
	fw := loadFramework(t, "testdata/framework.yaml")
	src, err := os.ReadFile("testdata/agencies.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(src, &agencies); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	reviews := []zwgk.Review{
		{ID: 1, Agency: "330102", Indicator: "C4", Outcome: zwgk.Pass, Fraction: 1, Reason: "已制定并公开负面清单", By: "assessor1", At: at},
		{ID: 2, Agency: "330102", Indicator: "X1", Outcome: zwgk.Pass, Fraction: 1, Reason: "政务公开日活动", By: "assessor1", At: at},
		{ID: 3, Agency: "330200", Indicator: "C4", Outcome: zwgk.Partial, Fraction: 0.5, Reason: "负面清单未及时更新", By: "assessor1", At: at},
		{ID: 4, Agency: "100001", Indicator: "C4", Outcome: zwgk.Fail, Fraction: 0, Reason: "未见负面清单", By: "assessor2", At: at},
		{ID: 5, Agency: "100001", Indicator: "X1", Outcome: zwgk.Pass, Fraction: 1, Reason: "政策解读创新", By: "assessor2", At: at},
	}
	s := NewScorer(fw)
	for _, a := range agencies {
		var ev zwgk.Evidence
		src, err := os.ReadFile(filepath.Join("testdata", "evidence", a.Code+".json"))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ev); err != nil {
			t.Fatalf("evidence of %s: %v", a.Code, err)
		}
		found := ApplyReviews(Evaluate(fw, a, ev, asOf), reviews)
		findings = append(findings, found...)
		cards = append(cards, s.Score(a, found))
	}
	Rank(cards, TierByLevel)
	return cards, findings, agencies
}

func TestGolden(t *testing.T) {
	cards, findings, agencies := goldenCycle(t)
	fw := loadFramework(t, "testdata/framework.yaml")

	var scores, csvBuf, full bytes.Buffer
	doc := exchange.ScoresDoc{Cycle: "golden", Framework: exchange.FrameworkRef{ID: fw.ID, Version: fw.Version}, AsOf: asOf, Agencies: cards,
		Stats: Aggregate(fw, cards)}
	if err := exchange.WriteScoresJSON(&scores, doc); err != nil {
		t.Fatal(err)
	}
	if err := exchange.WriteFindingsCSV(&csvBuf, findings); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(&full)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cards); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"scores.json": scores.Bytes(), "findings.csv": csvBuf.Bytes(), "scorecards.json": full.Bytes()} {
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./scoring -run Golden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file; inspect with -update and git diff:\n%s", name, got)
		}
	}

	// Independent recomputation: the exported findings.csv alone reproduces
	// every scorecard.
	back, err := exchange.ReadFindingsCSV(bytes.NewReader(csvBuf.Bytes()), "findings.csv")
	if err != nil {
		t.Fatal(err)
	}
	byAgency := map[string][]zwgk.Finding{}
	for _, f := range back {
		byAgency[f.Agency] = append(byAgency[f.Agency], f)
	}
	var re []zwgk.Scorecard
	for _, a := range agencies {
		re = append(re, Score(fw, a, byAgency[a.Code]))
	}
	Rank(re, TierByLevel)
	if !reflect.DeepEqual(re, cards) {
		for i := range re {
			if !reflect.DeepEqual(re[i], cards[i]) {
				t.Errorf("recomputed %s:\n%+v\nstored:\n%+v", re[i].Agency, re[i], cards[i])
			}
		}
	}
}

// TestGoldenStory checks the golden cycle against what its evidence was
// built to show, so that -update cannot silently bless a wrong mark.
func TestGoldenStory(t *testing.T) {
	cards, findings, _ := goldenCycle(t)
	by := map[string]zwgk.Scorecard{}
	for _, c := range cards {
		by[c.Agency] = c
	}
	fnd := map[string]zwgk.Finding{}
	for _, f := range findings {
		fnd[f.Agency+"/"+f.Indicator] = f
	}
	if c := by["330200"]; !c.Vetoed || !reflect.DeepEqual(c.Veto, []string{"V3"}) || c.Grade != "不合格" {
		t.Errorf("five stale news columns: vetoed %v %v %s", c.Vetoed, c.Veto, c.Grade)
	}
	if f := fnd["330200/A1"]; f.Problem != "未找到「权责清单」栏目" {
		t.Errorf("missing column problem %q", f.Problem)
	}
	if f := fnd["330200/C3"]; f.Count != 4 {
		t.Errorf("links: 2 on the home page + 23 elsewhere / 10 = 4, got %d", f.Count)
	}
	c := by["330000"]
	if !c.Vetoed || c.Indicators["V1"].Outcome != zwgk.Pass || fnd["330000/V2"].Problem != "网站拒绝评估程序访问（403），无法核查" {
		t.Errorf("blocked site: %+v / %q", c, fnd["330000/V2"].Problem)
	}
	if c := by["100001"]; c.Applicable != 75 || c.Indicators["B1"].Outcome != zwgk.NA {
		t.Errorf("ministry: applicable %v, B1 %v; want 75 and na", c.Applicable, c.Indicators["B1"])
	}
	if c := by["330103"]; !c.Provisional || c.Indicators["V1"].Outcome != zwgk.Pending || !c.Vetoed {
		t.Errorf("script site: provisional %v V1 %v vetoed %v (a letter unanswered since June)", c.Provisional, c.Indicators["V1"], c.Vetoed)
	}
	if f := fnd["330103/A2"]; f.Outcome != zwgk.Partial || f.Fraction != 0.2 {
		t.Errorf("script column: %s %v, want partial 1/5", f.Outcome, f.Fraction)
	}
	if c := by["330102"]; c.Vetoed || c.Provisional || c.Bonus == 0 || c.Rank != 1 {
		t.Errorf("good site: %+v", c)
	}
	if f := fnd["330102/C4"]; f.Override == nil || f.Automated == nil || f.Automated.Outcome != zwgk.Pending {
		t.Errorf("review not recorded with the machine's finding: %+v", f)
	}
}

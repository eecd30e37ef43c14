package scoring

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"zwgk"
	"zwgk/exchange"
	"zwgk/indicators"
)

// TestRecomputeFromExportedFindings: for random cohorts, scoring the
// findings read back from the exported findings.csv equals the cycle's own
// scorecards, for every agency.
func TestRecomputeFromExportedFindings(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 50; trial++ {
		fw := randomFramework(rng)
		s := NewScorer(fw)
		var ags []zwgk.Agency
		var all []zwgk.Finding
		var cards []zwgk.Scorecard
		for i := 0; i < 1+rng.IntN(30); i++ {
			a := zwgk.Agency{Code: fmt.Sprintf("A%02d", i), Name: "单位", Level: zwgk.Levels[rng.IntN(4)], Region: "440305"}
			var fs []zwgk.Finding
			for _, ind := range fw.Leaves() {
				f := randomFinding(rng, a, ind)
				f.Measure, f.Problem = "测量，含逗号", "问题\"引号\""
				fs = append(fs, f)
			}
			ags = append(ags, a)
			all = append(all, fs...)
			cards = append(cards, s.Score(a, fs))
		}
		Rank(cards, TierByLevel)
		var buf bytes.Buffer
		if err := exchange.WriteFindingsCSV(&buf, all); err != nil {
			t.Fatal(err)
		}
		back, err := exchange.ReadFindingsCSV(&buf, "findings.csv")
		if err != nil {
			t.Fatal(err)
		}
		rng.Shuffle(len(back), func(i, j int) { back[i], back[j] = back[j], back[i] })
		re, err := Recompute(fw, ags, back)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(re, cards) {
			t.Fatalf("trial %d: recomputation differs", trial)
		}
	}
}

func TestRecomputeErrors(t *testing.T) {
	fw := framework(leaf("A", indicators.KindScore, 100, manual()))
	ags := []zwgk.Agency{{Code: "X", Level: zwgk.LevelCity}, {Code: "Y", Level: zwgk.LevelCity}}
	_, err := Recompute(fw, ags, []zwgk.Finding{{Agency: "X", Indicator: "A", Outcome: zwgk.Pass, Fraction: 1}, {Agency: "Z", Indicator: "B", Outcome: zwgk.Pass}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"indicators not in framework test 1: B", "1 agencies have no findings: Y", "findings of 1 agencies not in the agencies file: Z"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	cards, err := Recompute(fw, nil, []zwgk.Finding{{Agency: "Q", Indicator: "A", Outcome: zwgk.Partial, Fraction: 0.5}, {Agency: "P", Indicator: "A", Outcome: zwgk.Pass, Fraction: 1}})
	if err != nil || len(cards) != 2 || cards[0].Agency != "Q" || cards[0].Rank != 2 || cards[1].Rank != 1 {
		t.Errorf("without agencies: %+v %v", cards, err)
	}
}

// TestBuiltinFrameworksEvaluate runs every built-in framework on empty and
// on failed evidence, for every level: one finding per leaf, no panic, a
// mark in range.
func TestBuiltinFrameworksEvaluate(t *testing.T) {
	fws := indicators.Builtins()
	if len(fws) == 0 {
		t.Skip("no built-in frameworks yet")
	}
	for _, fw := range fws {
		for _, lv := range zwgk.Levels {
			a := zwgk.Agency{Code: "X", Level: lv, Region: "440305"}
			for _, ev := range []zwgk.Evidence{{}, {Failure: &zwgk.Failure{Cause: zwgk.CauseOther, Detail: "未完成采集"}}} {
				found := Evaluate(fw, a, ev, asOf)
				if len(found) != len(fw.Leaves()) {
					t.Fatalf("%s: %d findings for %d leaves", fw.ID, len(found), len(fw.Leaves()))
				}
				c := Score(fw, a, found)
				if c.Total < 0 || c.Total > 100 {
					t.Errorf("%s %s: total %v", fw.ID, lv, c.Total)
				}
				if ev.Failure != nil {
					for _, f := range found {
						if f.Outcome == zwgk.Fail && !strings.Contains(f.Problem, "其他错误（未完成采集），无法核查") && f.Indicator != "" {
							if !strings.Contains(f.Problem, "无法核查") {
								t.Errorf("%s %s: failure not stated: %q", fw.ID, f.Indicator, f.Problem)
							}
						}
					}
				}
			}
		}
	}
}

package scoring_test

import (
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
)

func TestRectify(t *testing.T) {
	fw, err := indicators.Load("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	var score, bonus string
	for _, l := range fw.Leaves() {
		switch {
		case l.Kind == indicators.KindScore && score == "":
			score = l.ID
		case l.Kind == indicators.KindBonus && bonus == "":
			bonus = l.ID
		}
	}
	var veto string
	for _, l := range fw.Leaves() {
		if l.Kind == indicators.KindVeto {
			veto = l.ID
			break
		}
	}
	f := func(agency, ind string, o zwgk.Outcome, ev ...string) zwgk.Finding {
		return zwgk.Finding{Agency: agency, Indicator: ind, Outcome: o, Problem: agency + ind, Evidence: ev}
	}
	prev := []zwgk.Finding{
		f("A", score, zwgk.Fail, "http://a/c1", "http://a/c2"), // c1 fixed, c2 open
		f("A", veto, zwgk.Fail),                                // now passes: fixed
		f("A", bonus, zwgk.Fail),                               // a bonus is no problem
		f("B", score, zwgk.Partial),                            // B is not assessed now
		f("C", score, zwgk.Fail, "http://c/x"),                 // now na
		f("D", score, zwgk.Fail),                               // now pending
		f("E", "Z9.9", zwgk.Fail),                              // indicator gone
	}
	cur := []zwgk.Finding{
		f("A", score, zwgk.Fail, "http://a/c2", "http://a/c3"), // c3 new
		f("A", veto, zwgk.Pass),
		f("C", score, zwgk.NA),
		f("D", score, zwgk.Pending),
		f("E", score, zwgk.Pass),
	}
	items, sum := scoring.Rectify(fw, fw, prev, cur, []string{"A", "C", "D", "E"})
	got := map[string]zwgk.RectState{}
	for _, it := range items {
		got[it.Agency+" "+it.Indicator+" "+it.Subject] = it.State
	}
	want := map[string]zwgk.RectState{
		"A " + score + " http://a/c1": zwgk.RectFixed,
		"A " + score + " http://a/c2": zwgk.RectOpen,
		"A " + score + " http://a/c3": zwgk.RectNew,
		"A " + veto + " ":             zwgk.RectFixed,
		"B " + score + " ":            zwgk.RectNA,
		"C " + score + " http://c/x":  zwgk.RectNA,
		"D " + score + " ":            zwgk.RectPending,
		"E Z9.9 ":                     zwgk.RectNA,
	}
	if len(got) != len(want) {
		t.Errorf("%d items %v, want %d", len(got), got, len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	if s := sum["A"]; s != (zwgk.RectSummary{Previous: 3, Fixed: 2, Open: 1, New: 1}) {
		t.Errorf("A: %+v", s)
	}
	if s := sum["D"]; s != (zwgk.RectSummary{Previous: 1, Pending: 1}) {
		t.Errorf("D: %+v", s)
	}
	// Keys are stable across cycles and differ by subject.
	if scoring.ProblemKey("A", score, "http://a/c1") == scoring.ProblemKey("A", score, "http://a/c2") ||
		scoring.ProblemKey("A", score, "x") != scoring.ProblemKey("A", score, "x") {
		t.Error("problem keys are not an identity")
	}
}

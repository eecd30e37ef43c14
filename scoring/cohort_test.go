package scoring

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"zwgk"
)

func card(code string, level zwgk.Level, region zwgk.Region, total float64, vetoed bool) zwgk.Scorecard {
	return zwgk.Scorecard{Agency: code, Level: level, Region: region, Total: total, Vetoed: vetoed}
}

func TestRankTiesAndPercentile(t *testing.T) {
	cards := []zwgk.Scorecard{
		card("c", zwgk.LevelCity, "440300", 80, false),
		card("a", zwgk.LevelCity, "440400", 90, false),
		card("b", zwgk.LevelCity, "440500", 80, false),
		card("d", zwgk.LevelCity, "440600", 70, false),
		card("v", zwgk.LevelCity, "440700", 95, true), // vetoed ranks below everyone
		card("p", zwgk.LevelProvince, "440000", 60, false),
	}
	Rank(cards, nil)
	want := map[string]struct {
		rank, size int
		pct        float64
	}{"a": {1, 5, 100}, "b": {2, 5, 80}, "c": {2, 5, 80}, "d": {4, 5, 40}, "v": {5, 5, 20}, "p": {1, 1, 100}}
	for _, c := range cards {
		w := want[c.Agency]
		if c.Rank != w.rank || c.TierSize != w.size || c.Percentile != w.pct || c.Tier != string(c.Level) {
			t.Errorf("%s: rank %d/%d pct %v tier %q, want %d/%d %v", c.Agency, c.Rank, c.TierSize, c.Percentile, c.Tier, w.rank, w.size, w.pct)
		}
	}
	if got := codes(Commend(cards, 2)); got != "a,b,c,p" {
		t.Errorf("commend 2 = %s, want a,b,c,p (ties at the boundary included; tiers in name order)", got)
	}
	if got := codes(Criticise(cards, 2)); got != "d,v,p" {
		t.Errorf("criticise 2 = %s, want d,v,p", got)
	}
	if got := codes(Criticise(cards, 3)); got != "b,c,d,v,p" {
		t.Errorf("criticise 3 = %s, want b,c,d,v,p (tie at the boundary included)", got)
	}
	cards[0].Grade, cards[4].Grade = "不合格", "不合格"
	if got := codes(ByGrade(cards, "不合格")); got != "c,v" {
		t.Errorf("by grade = %s", got)
	}
}

func codes(cs []zwgk.Scorecard) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Agency)
	}
	return strings.Join(out, ",")
}

func TestRegions(t *testing.T) {
	cards := []zwgk.Scorecard{
		card("prov", zwgk.LevelProvince, "440000", 90, false),
		card("sz", zwgk.LevelCity, "440300", 70, false),
		card("ft", zwgk.LevelCounty, "440304", 50, false),
		card("ns", zwgk.LevelCounty, "440305", 65, true),
		card("gz", zwgk.LevelCity, "440100", 81, false),
		card("min", zwgk.LevelMinistry, "110000", 99, false),
	}
	var found []zwgk.Finding
	for _, c := range cards {
		o := zwgk.Pass
		if c.Agency == "sz" || c.Agency == "ft" {
			o = zwgk.Fail
		}
		found = append(found, zwgk.Finding{Agency: c.Agency, Indicator: "A1", Outcome: o}, zwgk.Finding{Agency: c.Agency, Indicator: "B1", Outcome: zwgk.Pass}, zwgk.Finding{Agency: c.Agency, Indicator: "C1", Outcome: zwgk.NA})
	}
	got := Regions(cards, found)
	var regs []string
	for _, r := range got {
		regs = append(regs, string(r.Region))
	}
	if strings.Join(regs, ",") != "440000,440100,440300,440304,440305" {
		t.Fatalf("regions %v (ministry must be left out)", regs)
	}
	gd := got[0]
	// totals 50, 65, 70, 81, 90 → mean 71.2, median 70; passing: 70, 81, 90 (65 is vetoed) = 0.6
	if gd.Agencies != 5 || gd.Mean != 71.2 || gd.Median != 70 || gd.Passing != 0.6 || gd.Vetoed != 1 || gd.Worst != "A1" || gd.WorstShare != 0.6 || gd.Depth != 1 {
		t.Errorf("province: %+v", gd)
	}
	sz := got[2]
	// 70, 50, 65: mean 61.67, median 65, passing 70 only
	if sz.Agencies != 3 || sz.Mean != 61.67 || sz.Median != 65 || sz.Passing != 0.3333 || sz.Worst != "A1" || sz.WorstShare != 0.3333 {
		t.Errorf("city: %+v", sz)
	}
	if got := Regions(cards, found, PassMark(80)); got[0].Passing != 0.4 {
		t.Errorf("pass mark 80: passing %v, want 0.4", got[0].Passing)
	}
	even := Regions(cards[:2], nil)
	if even[0].Median != 80 || even[0].Worst != "" {
		t.Errorf("even median %+v, want 80 and no worst", even[0])
	}
}

func TestTrends(t *testing.T) {
	prev := []zwgk.Scorecard{{Agency: "a", Total: 70.1, Grade: "合格", Appraisal: 2.8, Indicators: map[string]zwgk.IndicatorScore{"X": {Earned: 3.3}, "Old": {Earned: 1}}}}
	cur := []zwgk.Scorecard{
		{Agency: "b", Total: 50},
		{Agency: "a", Total: 80.3, Grade: "良好", Appraisal: 3.21, Indicators: map[string]zwgk.IndicatorScore{"X": {Earned: 4.4}, "New": {Earned: 2}}},
	}
	tr := Trends(prev, cur)
	if cur[0].Delta != nil || cur[1].Delta == nil || *cur[1].Delta != 10.2 {
		t.Fatalf("deltas %v %v, want nil and 10.2", cur[0].Delta, cur[1].Delta)
	}
	if len(tr) != 1 || tr[0].Delta != 10.2 || tr[0].AppraisalDelta != 0.41 || tr[0].GradeFrom != "合格" || tr[0].GradeTo != "良好" {
		t.Errorf("trend %+v", tr)
	}
	if len(tr[0].Indicators) != 1 || tr[0].Indicators["X"] != 1.1 {
		t.Errorf("indicator deltas %v, want X 1.1 only", tr[0].Indicators)
	}
}

// TestRankPermutationInvariant: permuting agencies never changes anyone's
// rank, tier size or percentile.
func TestRankPermutationInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(40)
		cards := make([]zwgk.Scorecard, n)
		for i := range cards {
			lv := zwgk.Levels[rng.IntN(4)]
			cards[i] = card(string(rune('A'+i)), lv, "440300", float64(rng.IntN(8))*5, rng.IntN(6) == 0)
		}
		Rank(cards, nil)
		want := map[string]zwgk.Scorecard{}
		for _, c := range cards {
			want[c.Agency] = c
		}
		perm := slices.Clone(cards)
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for i := range perm {
			perm[i].Rank, perm[i].TierSize, perm[i].Percentile = 0, 0, 0
		}
		Rank(perm, nil)
		for _, c := range perm {
			w := want[c.Agency]
			if c.Rank != w.Rank || c.TierSize != w.TierSize || c.Percentile != w.Percentile {
				t.Fatalf("trial %d: %s rank %d/%d %v after permutation, was %d/%d %v", trial, c.Agency, c.Rank, c.TierSize, c.Percentile, w.Rank, w.TierSize, w.Percentile)
			}
		}
		if !slices.EqualFunc(codesOf(Commend(cards, 3)), codesOf(Commend(perm, 3)), func(a, b string) bool { return a == b }) {
			t.Fatalf("trial %d: commend list depends on input order", trial)
		}
	}
}

func codesOf(cs []zwgk.Scorecard) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Agency
	}
	return out
}

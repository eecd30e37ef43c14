package scoring

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// randomFramework builds a framework of 2–5 first-level groups with score,
// deduct, bonus, veto and manual leaves; some leaves apply to some levels
// only. Non-bonus points sum to Total = 100.
func randomFramework(rng *rand.Rand) *indicators.Framework {
	var tops []*indicators.Indicator
	kinds := []indicators.Kind{indicators.KindScore, indicators.KindScore, indicators.KindScore, indicators.KindDeduct, indicators.KindManual}
	var counted []*indicators.Indicator
	for g := 0; g < 2+rng.IntN(4); g++ {
		var kids []*indicators.Indicator
		for l := 0; l < 1+rng.IntN(5); l++ {
			id := fmt.Sprintf("G%d.%d", g, l)
			ind := leaf(id, kinds[rng.IntN(len(kinds))], 0, manual())
			if ind.Kind == indicators.KindDeduct {
				ind.Per = float64(1 + rng.IntN(3))
			}
			if rng.IntN(5) == 0 {
				ind.Levels = []zwgk.Level{zwgk.Levels[rng.IntN(4)]}
			}
			kids = append(kids, ind)
			counted = append(counted, ind)
		}
		if rng.IntN(3) == 0 {
			kids = append(kids, leaf(fmt.Sprintf("G%d.v", g), indicators.KindVeto, 0, manual()))
		}
		if rng.IntN(4) == 0 {
			kids = append(kids, leaf(fmt.Sprintf("G%d.b", g), indicators.KindBonus, float64(1+rng.IntN(20)), manual()))
		}
		tops = append(tops, group(fmt.Sprintf("G%d", g), kids...))
	}
	// Random weights that sum to exactly 100 (in hundredths).
	left := 10000
	for i, ind := range counted {
		w := left
		if i < len(counted)-1 {
			w = rng.IntN(left/(len(counted)-i)*2 + 1)
			w = min(w, left)
		}
		left -= w
		ind.Points = float64(w) / 100
	}
	fw := framework(tops...)
	fw.BonusCap = float64(rng.IntN(30))
	fw.BonusGate = float64(rng.IntN(100))
	if rng.IntN(4) == 0 {
		fw.NotApplicable = "full"
	}
	return fw
}

func randomFinding(rng *rand.Rand, a zwgk.Agency, ind *indicators.Indicator) zwgk.Finding {
	f := zwgk.Finding{Agency: a.Code, Indicator: ind.ID}
	switch rng.IntN(8) {
	case 0:
		f.Outcome = zwgk.Pending
	case 1:
		f.Outcome = zwgk.NA
	default:
		f.Fraction = []float64{0, 1, rng.Float64(), 0.5, 1.0 / 3}[rng.IntN(5)]
		f.Outcome = outcomeOf(f.Fraction)
		f.Count = rng.IntN(12)
		if ind.Kind == indicators.KindVeto {
			f.Outcome = []zwgk.Outcome{zwgk.Pass, zwgk.Fail}[rng.IntN(2)]
		}
	}
	return f
}

// improve makes a finding strictly no worse: more of the rule met, fewer
// occurrences, a pending or failed finding judged passing.
func improve(rng *rand.Rand, f zwgk.Finding) zwgk.Finding {
	switch f.Outcome {
	case zwgk.NA:
		return f
	case zwgk.Pending:
		f.Outcome, f.Fraction, f.Count = zwgk.Pass, 1, 0
		return f
	}
	f.Fraction += (1 - f.Fraction) * rng.Float64()
	f.Count = rng.IntN(f.Count + 1)
	f.Outcome = outcomeOf(f.Fraction)
	return f
}

func TestPropertiesOfMarks(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	for trial := 0; trial < 3000; trial++ {
		fw := randomFramework(rng)
		s := NewScorer(fw)
		a := agency
		a.Level = zwgk.Levels[rng.IntN(4)]
		var found []zwgk.Finding
		for _, ind := range fw.Leaves() {
			found = append(found, randomFinding(rng, a, ind))
		}
		c := s.Score(a, found)
		if c.Total < 0 || c.Total > 100 || c.Base < 0 || c.Base > 100 {
			t.Fatalf("trial %d: total %v base %v outside [0,100]", trial, c.Total, c.Base)
		}
		if c.Vetoed && c.Grade != "不合格" {
			t.Fatalf("trial %d: vetoed but grade %q", trial, c.Grade)
		}
		if !c.Vetoed && len(c.Veto) > 0 {
			t.Fatalf("trial %d: veto ids without veto", trial)
		}
		// A subtotal never exceeds its (rescaled) maximum, and the
		// maxima of the base groups add up to the total (to rounding).
		var maxSum float64
		mixed := false // random frameworks mix bonus leaves into groups, which Parse refuses
		for id, earned := range c.Subtotals {
			mx, ok := c.SubtotalMax[id]
			if !ok || earned > mx || earned < 0 {
				t.Fatalf("trial %d: subtotal %s %v / %v (%v)", trial, id, earned, mx, ok)
			}
			g := fw.Indicator(id)
			mixed = mixed || slices.ContainsFunc(g.Children, (*indicators.Indicator).Bonus)
			maxSum += mx
		}
		if c.Applicable > 0 && !mixed && (maxSum < 100-0.01*float64(len(c.Subtotals)) || maxSum > 100+0.01*float64(len(c.Subtotals))) {
			t.Fatalf("trial %d: subtotal maxima sum to %v, not 100", trial, maxSum)
		}
		if c.Vetoed && (c.Appraisal != 0 || c.AppraisalFormula != "单项否决，计 0 分") {
			t.Fatalf("trial %d: vetoed appraisal %v %q", trial, c.Appraisal, c.AppraisalFormula)
		}
		// Improving any one finding never lowers the mark nor the grade band.
		i := rng.IntN(len(found))
		better := append([]zwgk.Finding(nil), found...)
		better[i] = improve(rng, better[i])
		c2 := s.Score(a, better)
		if c2.Total < c.Total {
			t.Fatalf("trial %d: improving %s %+v → %+v lowered the mark %v → %v", trial, found[i].Indicator, found[i], better[i], c.Total, c2.Total)
		}
		if !c.Vetoed && c2.Vetoed {
			t.Fatalf("trial %d: improving a finding caused a veto", trial)
		}
		// Adding a passing finding for a pending leaf never lowers the mark.
		for j, f := range found {
			if f.Outcome == zwgk.Pending {
				more := append([]zwgk.Finding(nil), found...)
				more[j] = zwgk.Finding{Agency: a.Code, Indicator: f.Indicator, Outcome: zwgk.Pass, Fraction: 1}
				if c3 := s.Score(a, more); c3.Total < c.Total {
					t.Fatalf("trial %d: passing %s lowered the mark %v → %v", trial, f.Indicator, c.Total, c3.Total)
				}
				break
			}
		}
		// Scoring is deterministic and order-independent.
		rng.Shuffle(len(found), func(i, j int) { found[i], found[j] = found[j], found[i] })
		if c4 := s.Score(a, found); c4.Total != c.Total || c4.Grade != c.Grade || c4.Base != c.Base {
			t.Fatalf("trial %d: shuffled findings scored %v, not %v", trial, c4.Total, c.Total)
		}
	}
}

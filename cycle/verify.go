package cycle

import (
	"fmt"
	"math"
	"sort"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
)

// Mismatch is one (agency, indicator) whose finding differs from what the
// ground truth gives.
type Mismatch struct {
	Agency    string
	Indicator string
	Got, Want zwgk.Finding
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s %s: got %s %.3f ×%d (%s), want %s %.3f ×%d (%s)", m.Agency, m.Indicator,
		m.Got.Outcome, m.Got.Fraction, m.Got.Count, m.Got.Measure,
		m.Want.Outcome, m.Want.Fraction, m.Want.Count, m.Want.Measure)
}

// Agreement is how far a cycle's findings agree with ground truth.
type Agreement struct {
	Compared   int
	Matched    int
	Mismatches []Mismatch
}

// Share is Matched / Compared.
func (a Agreement) Share() float64 {
	if a.Compared == 0 {
		return 0
	}
	return float64(a.Matched) / float64(a.Compared)
}

// Agree compares findings with the findings the same framework gives on
// ground-truth evidence (what a perfect crawler would have recorded, e.g.
// the site farm's manifest). Findings agree when outcome, fraction (to 1e-6)
// and count agree. Indicators that are pending in both (manual ones) count
// as agreeing; agencies without truth are skipped.
func Agree(fw *indicators.Framework, agencies []zwgk.Agency, truth map[string]zwgk.Evidence, got []zwgk.Finding, asOf zwgk.Date) Agreement {
	byKey := make(map[[2]string]zwgk.Finding, len(got))
	for _, f := range got {
		byKey[[2]string{f.Agency, f.Indicator}] = f
	}
	var a Agreement
	for _, ag := range agencies {
		ev, ok := truth[ag.Code]
		if !ok {
			continue
		}
		for _, want := range scoring.Evaluate(fw, ag, ev, asOf) {
			g, ok := byKey[[2]string{ag.Code, want.Indicator}]
			a.Compared++
			if ok && g.Outcome == want.Outcome && math.Abs(g.Fraction-want.Fraction) < 1e-6 && g.Count == want.Count {
				a.Matched++
				continue
			}
			a.Mismatches = append(a.Mismatches, Mismatch{Agency: ag.Code, Indicator: want.Indicator, Got: g, Want: want})
		}
	}
	sort.Slice(a.Mismatches, func(i, j int) bool {
		x, y := a.Mismatches[i], a.Mismatches[j]
		if x.Agency != y.Agency {
			return x.Agency < y.Agency
		}
		return x.Indicator < y.Indicator
	})
	return a
}

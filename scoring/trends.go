package scoring

import (
	"slices"
	"strings"

	"zwgk"
)

// Trend compares an agency's scorecards of two cycles.
type Trend struct {
	Agency    string  `json:"agency"`
	Prev      float64 `json:"prev"`
	Cur       float64 `json:"cur"`
	Delta     float64 `json:"delta"`
	GradeFrom string  `json:"grade_from"`
	GradeTo   string  `json:"grade_to"`
	// AppraisalDelta is the change of the appraisal contribution.
	AppraisalDelta float64 `json:"appraisal_delta"`
	// Indicators is the change of earned points per indicator present in
	// both cycles (before rescaling; a deduct indicator's earned points are
	// minus its deductions).
	Indicators map[string]float64 `json:"indicators"`
}

// Trends compares the current cycle's scorecards with the previous
// cycle's, by agency code: it sets Delta on every current card that has a
// predecessor (leaving it nil otherwise) and returns the trends sorted by
// agency code. Deltas are differences of the published, rounded figures,
// so they are exact to the hundredth.
func Trends(prev, cur []zwgk.Scorecard) []Trend {
	before := make(map[string]*zwgk.Scorecard, len(prev))
	for i := range prev {
		before[prev[i].Agency] = &prev[i]
	}
	h := func(x float64) int64 { return hundredths(toMicro(x)) }
	var out []Trend
	for i := range cur {
		c := &cur[i]
		p, ok := before[c.Agency]
		if !ok {
			c.Delta = nil
			continue
		}
		d := float2(h(c.Total) - h(p.Total))
		c.Delta = &d
		t := Trend{
			Agency: c.Agency, Prev: p.Total, Cur: c.Total, Delta: d,
			GradeFrom: p.Grade, GradeTo: c.Grade,
			AppraisalDelta: float2(h(c.Appraisal) - h(p.Appraisal)),
			Indicators:     map[string]float64{},
		}
		for id, is := range c.Indicators {
			if ps, ok := p.Indicators[id]; ok {
				t.Indicators[id] = float2(h(is.Earned) - h(ps.Earned))
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Trend) int { return strings.Compare(a.Agency, b.Agency) })
	return out
}

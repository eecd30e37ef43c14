package scoring

import (
	"slices"
	"strconv"
	"sync"

	"zwgk"
	"zwgk/indicators"
)

// Scorer scores agencies against one framework; it prepares the framework
// once, so scoring a national cohort does not walk the tree per agency.
type Scorer struct {
	fw     *indicators.Framework
	leaves []*indicators.Indicator
	top    []int             // first-level ancestor of each leaf, as an index into tops
	tops   []string          // first-level indicator ids
	bands  []indicators.Band // highest first

	// index (leaf id → position) is only needed when findings come out of
	// tree order; built once, on first need, safely for concurrent use.
	indexOnce sync.Once
	index     map[string]int
}

// NewScorer prepares fw for scoring. fw must not change while the Scorer
// is in use.
func NewScorer(fw *indicators.Framework) *Scorer {
	s := &Scorer{fw: fw}
	cur := -1
	fw.Walk(func(ind *indicators.Indicator, depth int) {
		if depth == 1 {
			s.tops = append(s.tops, ind.ID)
			cur = len(s.tops) - 1
		}
		if len(ind.Children) == 0 {
			s.leaves = append(s.leaves, ind)
			s.top = append(s.top, cur)
		}
	})
	s.bands = slices.Clone(fw.Bands)
	slices.SortStableFunc(s.bands, func(a, b indicators.Band) int {
		switch {
		case a.Min > b.Min:
			return -1
		case a.Min < b.Min:
			return 1
		}
		return 0
	})
	return s
}

// Score computes agency a's scorecard from its findings (one per leaf; a
// leaf without a finding counts as pending). See Scorer.Score.
func Score(fw *indicators.Framework, a zwgk.Agency, findings []zwgk.Finding) zwgk.Scorecard {
	return NewScorer(fw).Score(a, findings)
}

// Score computes a scorecard:
//
//   - score and manual leaves earn fraction × points;
//   - deduct leaves earn points − min(points, count × per);
//   - veto leaves carry no points; a failed one vetoes the agency (Vetoed,
//     Veto, VetoReasons; grade VetoGrade or the lowest band's), the marks
//     are still computed and shown;
//   - not-applicable leaves leave the denominator (NotApplicable
//     "rescale", the default) and the rest is scaled by Total/Applicable,
//     or are granted in full ("full");
//   - pending leaves count as 0 and make the card Provisional;
//   - bonus leaves count only when the rounded base reaches BonusGate,
//     capped at BonusCap, and never lift the total above Total;
//   - the grade comes from the bands, compared with the rounded total.
//
// For score, manual and bonus leaves the fraction gives the points, whatever
// the outcome word says; for deduct leaves the count does. Findings of
// other agencies (by code) are ignored. Cohort fields (rank,
// tier, delta) are left for Rank and Trends.
func (s *Scorer) Score(a zwgk.Agency, findings []zwgk.Finding) zwgk.Scorecard {
	fw := s.fw
	n := len(s.leaves)
	byLeaf := make([]*zwgk.Finding, n)
	for i := range findings {
		f := &findings[i]
		if a.Code != "" && f.Agency != "" && f.Agency != a.Code {
			continue
		}
		j := i
		if j >= n || s.leaves[j].ID != f.Indicator { // fast path: findings in tree order
			var ok bool
			if j, ok = s.leafIndex()[f.Indicator]; !ok {
				continue
			}
		}
		byLeaf[j] = f
	}

	card := zwgk.Scorecard{
		Agency: a.Code, Name: a.Name, Level: a.Level, Region: a.Region,
		Veto:        []string{},
		Subtotals:   make(map[string]float64, len(s.tops)),
		SubtotalMax: make(map[string]float64, len(s.tops)),
		Indicators:  make(map[string]zwgk.IndicatorScore, n),
	}
	full := fw.NotApplicable == "full"
	var earned, applicable, bonus, deducted int64
	sub := make([]int64, len(s.tops))
	subAppl := make([]int64, len(s.tops)) // applicable points per first-level indicator
	subBonus := make([]int64, len(s.tops))
	subBonusPts := make([]int64, len(s.tops)) // bonus points per first-level indicator
	hasScored := make([]bool, len(s.tops))
	for i, ind := range s.leaves {
		f := byLeaf[i]
		outcome := zwgk.Pending
		if f != nil && f.Outcome.Valid() {
			outcome = f.Outcome
		}
		if a.Level.Valid() && !ind.AppliesTo(a.Level) {
			outcome = zwgk.NA
		}
		pts := toMicro(ind.Points)
		is := zwgk.IndicatorScore{Points: ind.Points, Outcome: outcome}
		t := s.top[i]
		switch {
		case ind.Kind == indicators.KindVeto:
			switch outcome {
			case zwgk.Fail:
				card.Vetoed = true
				card.Veto = append(card.Veto, ind.ID)
				reason := "「" + ind.Name + "」未通过"
				if f != nil && f.Problem != "" {
					reason = "「" + ind.Name + "」：" + f.Problem
				}
				card.VetoReasons = append(card.VetoReasons, reason)
			case zwgk.Pending:
				card.Provisional = true
			}
			card.Indicators[ind.ID] = is
			continue
		case outcome == zwgk.NA:
			if full && ind.Kind != indicators.KindBonus {
				applicable += pts
				earned += pts
				sub[t] += pts
				subAppl[t] += pts
				hasScored[t] = true
				is.Earned = ind.Points
			}
			card.Indicators[ind.ID] = is
			continue
		case outcome == zwgk.Pending:
			card.Provisional = true
			if ind.Kind != indicators.KindBonus {
				applicable += pts
				subAppl[t] += pts
				hasScored[t] = true
			} else {
				subBonusPts[t] += pts
			}
			card.Indicators[ind.ID] = is
			continue
		}
		var e int64
		switch ind.Kind {
		case indicators.KindDeduct:
			count := int64(max(f.Count, 0))
			var d int64
			if per := toMicro(ind.Per); per > 0 {
				d = pts // also guards count×per against overflow
				if count <= pts/per {
					d = min(pts, count*per)
				}
			}
			deducted += d
			e = pts - d
			is.Earned = -float2(hundredths(d))
		case indicators.KindBonus:
			b := toMicro(clamp01(f.Fraction) * ind.Points)
			bonus += b
			subBonus[t] += b
			subBonusPts[t] += pts
			is.Earned = float2(hundredths(b))
			card.Indicators[ind.ID] = is
			continue
		default:
			e = toMicro(clamp01(f.Fraction) * ind.Points)
			is.Earned = float2(hundredths(e))
		}
		applicable += pts
		earned += e
		sub[t] += e
		subAppl[t] += pts
		hasScored[t] = true
		card.Indicators[ind.ID] = is
	}

	total := toMicro(fw.Total)
	if total <= 0 {
		total = 100 * micro
	}
	card.Applicable = float64(applicable) / micro
	var baseH, totalH int64
	if applicable > 0 {
		card.Scale = float64(total) / float64(applicable)
		den := applicable * 10_000 // micro-points → hundredths
		baseH = divRound(mul(earned, total), den)
		counted := int64(0)
		if bonus > 0 && baseH >= hundredths(toMicro(fw.BonusGate)) {
			counted = bonus
			if fw.BonusCap > 0 {
				counted = min(counted, toMicro(fw.BonusCap))
			}
		}
		totalH = divRound(mul(earned, total).add(mul(counted, applicable)), den)
		capH := hundredths(total)
		bonusH := hundredths(counted)
		if totalH > capH {
			totalH = capH
			bonusH = capH - baseH
		}
		card.Bonus = float2(bonusH)
		for t, id := range s.tops {
			// Earned and maximum are rescaled alike and sub ≤ subAppl, so
			// the rounded subtotal never exceeds its rounded maximum.
			switch {
			case hasScored[t]:
				card.Subtotals[id] = float2(divRound(mul(sub[t], total), den))
				card.SubtotalMax[id] = float2(divRound(mul(subAppl[t], total), den))
			case subBonusPts[t] > 0:
				card.Subtotals[id] = float2(hundredths(min(subBonus[t], counted)))
				card.SubtotalMax[id] = float2(hundredths(s.bonusMax(subBonusPts[t])))
			default:
				card.Subtotals[id] = 0
				card.SubtotalMax[id] = 0
			}
		}
	} else {
		for t, id := range s.tops {
			card.Subtotals[id] = 0
			card.SubtotalMax[id] = 0
			if subBonusPts[t] > 0 {
				card.SubtotalMax[id] = float2(hundredths(s.bonusMax(subBonusPts[t])))
			}
		}
	}
	card.Base = float2(baseH)
	card.Total = float2(totalH)
	card.Deductions = float2(hundredths(deducted))
	card.Grade = s.grade(totalH, card.Vetoed)
	card.Appraisal, card.AppraisalFormula = s.appraisal(totalH, card.Vetoed)
	return card
}

// bonusMax is the most a bonus group of pts micro-points can count: its
// points, at most the framework's bonus cap.
func (s *Scorer) bonusMax(pts int64) int64 {
	if s.fw.BonusCap > 0 {
		return min(pts, toMicro(s.fw.BonusCap))
	}
	return pts
}

// appraisal is the contribution to the performance appraisal of a total
// (in hundredths) and how it was computed, for print: total ÷ the
// framework's total × appraisal_weight, rounded once, half-up; a vetoed
// agency gets appraisal_vetoed (0 unless the framework says otherwise).
func (s *Scorer) appraisal(totalH int64, vetoed bool) (float64, string) {
	fw := s.fw
	if vetoed {
		v := float2(hundredths(toMicro(fw.AppraisalVetoed)))
		return v, "单项否决，计 " + trimNum(v) + " 分"
	}
	full := toMicro(fw.Total)
	if full <= 0 {
		full = 100 * micro
	}
	// totalH hundredths × weight µ ÷ full µ = hundredths.
	a := divRound(mul(totalH, toMicro(fw.AppraisalWeight)), full)
	return float2(a), fmt2(float2(totalH)) + " ÷ " + trimNum(float2(hundredths(full))) + " × " +
		trimNum(fw.AppraisalWeight) + " = " + fmt2(float2(a))
}

func (s *Scorer) leafIndex() map[string]int {
	s.indexOnce.Do(func() {
		s.index = make(map[string]int, len(s.leaves))
		for i, l := range s.leaves {
			s.index[l.ID] = i
		}
	})
	return s.index
}

// grade is the band of a total in hundredths; a vetoed agency gets the
// veto grade.
func (s *Scorer) grade(totalH int64, vetoed bool) string {
	if len(s.bands) == 0 {
		return ""
	}
	if vetoed {
		if s.fw.VetoGrade != "" {
			return s.fw.VetoGrade
		}
		return s.bands[len(s.bands)-1].Grade
	}
	for _, b := range s.bands {
		if totalH >= hundredths(toMicro(b.Min)) {
			return b.Grade
		}
	}
	return s.bands[len(s.bands)-1].Grade
}

// Leaves is the framework's leaves in tree order, as the Scorer sees them.
func (s *Scorer) Leaves() []*indicators.Indicator { return slices.Clone(s.leaves) }

// fmt2 prints a mark with two decimals, as every report does.
func fmt2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// trimNum prints a framework figure without trailing zeros (4, 0.5, 100).
func trimNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

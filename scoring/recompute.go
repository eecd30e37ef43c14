package scoring

import (
	"fmt"
	"slices"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// Recompute scores a cohort from findings alone — the independent
// recomputation of DESIGN.md (zwgk score) and the same path a cycle takes
// after its findings are settled: Score per agency, then Rank by level.
//
// With agencies nil, the agencies are those of the findings, known by code
// only (no level: every indicator counts as applicable unless its finding
// says na, and all rank in one tier). With agencies given, every agency
// must have findings and every finding an agency. Findings naming an
// indicator that is not a leaf of fw are an error: the file was made with
// another framework. Cards come back in the order of agencies (or of first
// appearance in findings).
func Recompute(fw *indicators.Framework, agencies []zwgk.Agency, findings []zwgk.Finding) ([]zwgk.Scorecard, error) {
	s := NewScorer(fw)
	byAgency := map[string][]zwgk.Finding{}
	var order []string
	var unknownInd []string
	for _, f := range findings {
		if _, ok := s.leafIndex()[f.Indicator]; !ok && !slices.Contains(unknownInd, f.Indicator) {
			unknownInd = append(unknownInd, f.Indicator)
		}
		if _, ok := byAgency[f.Agency]; !ok {
			order = append(order, f.Agency)
		}
		byAgency[f.Agency] = append(byAgency[f.Agency], f)
	}
	var problems []string
	if len(unknownInd) > 0 {
		problems = append(problems, fmt.Sprintf("indicators not in framework %s %s: %s", fw.ID, fw.Version, few(unknownInd)))
	}
	if agencies == nil {
		for _, code := range order {
			agencies = append(agencies, zwgk.Agency{Code: code})
		}
	} else {
		listed := map[string]bool{}
		var without, unlisted []string
		for _, a := range agencies {
			listed[a.Code] = true
			if len(byAgency[a.Code]) == 0 {
				without = append(without, a.Code)
			}
		}
		for _, code := range order {
			if !listed[code] {
				unlisted = append(unlisted, code)
			}
		}
		if len(without) > 0 {
			problems = append(problems, fmt.Sprintf("%d agencies have no findings: %s", len(without), few(without)))
		}
		if len(unlisted) > 0 {
			problems = append(problems, fmt.Sprintf("findings of %d agencies not in the agencies file: %s", len(unlisted), few(unlisted)))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("recompute: %s", strings.Join(problems, "; "))
	}
	cards := make([]zwgk.Scorecard, 0, len(agencies))
	for _, a := range agencies {
		cards = append(cards, s.Score(a, byAgency[a.Code]))
	}
	Rank(cards, TierByLevel)
	return cards, nil
}

func few(ss []string) string {
	if len(ss) <= 10 {
		return strings.Join(ss, ", ")
	}
	return strings.Join(ss[:10], ", ") + fmt.Sprintf(" … (%d in all)", len(ss))
}

// Package truthcheck holds one test: scoring run on the farm's ground truth
// gives every injected veto defect its veto, and healthy sites none. It
// lives apart from sitefarm so that sitefarm's own tests do not depend on
// the scoring package.
package truthcheck

import (
	"slices"
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/sitefarm"
)

func outcomes(t *testing.T, fw *indicators.Framework, s *sitefarm.Site, asOf zwgk.Date) map[string]zwgk.Finding {
	t.Helper()
	out := map[string]zwgk.Finding{}
	for _, f := range scoring.Evaluate(fw, s.Agency, s.Truth(), asOf) {
		out[f.Indicator] = f
	}
	return out
}

func TestVetoesFollowDefects(t *testing.T) {
	fw, err := indicators.ParseFile("../../indicators/builtin/zwgk-2016.yaml")
	if err != nil {
		t.Fatal(err)
	}
	farm := sitefarm.Generate(sitefarm.Config{Sites: 120, Seed: 3, Defects: true})
	for _, s := range farm.Sites {
		got := outcomes(t, fw, s, farm.AsOf)
		facts := s.Facts()
		// What the vetoes must say, from the defects and the measured facts.
		want := map[string]bool{
			"V1": facts.Availability.FailRatio >= 0.05,
			"V4": facts.Letters.Over90Days > 0,
		}
		for _, d := range s.Defects {
			switch d.Kind {
			case sitefarm.DefectStaleHome, sitefarm.DefectUndatedItems:
				want["V2"] = true
			case sitefarm.DefectSlow:
				if !want["V1"] {
					t.Errorf("site %d: slow but the truth's probes do not fail", s.Index)
				}
			case sitefarm.DefectUnanswered:
				if !want["V4"] {
					t.Errorf("site %d: unanswered-letters defect but no letter waits over 90 days", s.Index)
				}
			case sitefarm.DefectPetitionOnly:
				want["V4"] = true // 网上信访 is not a consultation channel
			case sitefarm.DefectStaleColumns:
				if countedStale(fw, s, d.Where) >= 5 {
					want["V3"] = true
				}
			case sitefarm.DefectEmptyColumns:
				if d.Params["class_columns"].(int) >= 5 {
					want["V3"] = true
				}
			}
		}
		for _, id := range []string{"V1", "V2", "V3", "V4"} {
			f, ok := got[id]
			if !ok {
				t.Fatalf("site %d: no finding for %s", s.Index, id)
			}
			failed := f.Outcome == zwgk.Fail
			switch {
			case want[id] && !failed:
				t.Errorf("site %d (%s): %s %s (%s), want fail", s.Index, s.Profile, id, f.Outcome, f.Measure)
			case !want[id] && failed:
				t.Errorf("site %d (%s): %s fails (%s) with no defect asking for it", s.Index, s.Profile, id, f.Measure)
			}
		}
	}
}

// countedStale is how many of the stale columns (by label) V3's rule
// counts against its limit: a class column, and for a class marked
// first_level only a column the home page links to. The farm's lagging
// sites make class columns stale without knowing the framework.
func countedStale(fw *indicators.Framework, s *sitefarm.Site, labels []string) int {
	firstLevelOnly := map[sitefarm.Class]bool{}
	if ind := fw.Indicator("V3"); ind != nil && ind.Rule != nil && ind.Rule.StaleColumns != nil {
		for _, cl := range ind.Rule.StaleColumns.Classes {
			firstLevelOnly[sitefarm.Class(cl.Name)] = cl.FirstLevel
		}
	}
	n := 0
	for _, c := range s.Columns {
		if !slices.Contains(labels, c.Label) || c.Spec.Class == sitefarm.ClassOther {
			continue
		}
		if firstLevelOnly[c.Spec.Class] && c.Spec.Area != sitefarm.AreaHome {
			continue
		}
		n++
	}
	return n
}

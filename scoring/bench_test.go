package scoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// nationalCohort is 15,000 agencies (ministries, provinces, cities,
// counties across 31 provinces) with 80 findings each, on a framework of 8
// groups × 10 leaves mixing every indicator kind.
func nationalCohort() (*indicators.Framework, []zwgk.Agency, [][]zwgk.Finding) {
	rng := rand.New(rand.NewPCG(15000, 80))
	var groups []*indicators.Indicator
	for g := 0; g < 8; g++ {
		var kids []*indicators.Indicator
		for l := 0; l < 10; l++ {
			id := fmt.Sprintf("%c%d", 'A'+g, l+1)
			var ind *indicators.Indicator
			switch {
			case g == 0 && l < 4:
				ind = leaf(id, indicators.KindVeto, 0, manual())
			case g == 7 && l < 2:
				ind = leaf(id, indicators.KindBonus, 5, manual())
			case l == 9:
				ind = leaf(id, indicators.KindDeduct, 1.5, manual())
				ind.Per = 0.5
			case l == 8:
				ind = leaf(id, indicators.KindManual, 1.5, manual())
			default:
				ind = leaf(id, indicators.KindScore, 1.5, manual())
			}
			if g == 5 {
				ind.Levels = []zwgk.Level{zwgk.LevelProvince, zwgk.LevelCity, zwgk.LevelCounty}
			}
			kids = append(kids, ind)
		}
		groups = append(groups, group(string(rune('A'+g)), kids...))
	}
	fw := framework(groups...)
	fw.Total = 100
	leaves := fw.Leaves()
	var ags []zwgk.Agency
	var found [][]zwgk.Finding
	for i := 0; i < 15000; i++ {
		p := 11 + i%31
		city := p*10000 + (1+(i/31)%15)*100
		county := city + 1 + (i/465)%30
		a := zwgk.Agency{Code: fmt.Sprintf("A%05d", i), Name: "单位", Level: zwgk.LevelCounty, Region: zwgk.Region(fmt.Sprint(county))}
		switch m := i % 100; {
		case m < 1:
			a.Level, a.Region = zwgk.LevelMinistry, "110000"
		case m < 5:
			a.Level, a.Region = zwgk.LevelProvince, zwgk.Region(fmt.Sprint(p*10000))
		case m < 25:
			a.Level, a.Region = zwgk.LevelCity, zwgk.Region(fmt.Sprint(city))
		}
		ags = append(ags, a)
		fs := make([]zwgk.Finding, 0, len(leaves))
		for _, ind := range leaves {
			f := zwgk.Finding{Agency: a.Code, Indicator: ind.ID}
			switch {
			case !ind.AppliesTo(a.Level):
				f.Outcome = zwgk.NA
			case ind.Kind == indicators.KindVeto:
				f.Outcome, f.Fraction = zwgk.Pass, 1
				if rng.IntN(50) == 0 {
					f.Outcome, f.Fraction = zwgk.Fail, 0
				}
			case ind.Kind == indicators.KindManual && rng.IntN(20) == 0:
				f.Outcome = zwgk.Pending
			default:
				f.Fraction = float64(rng.IntN(101)) / 100
				f.Outcome = outcomeOf(f.Fraction)
				f.Count = rng.IntN(5)
			}
			fs = append(fs, f)
		}
		found = append(found, fs)
	}
	return fw, ags, found
}

// BenchmarkNationalCohort scores 15,000 agencies × 80 indicators, ranks
// them by level and aggregates the regions — what a national cycle does
// once its findings are settled.
func BenchmarkNationalCohort(b *testing.B) {
	fw, ags, found := nationalCohort()
	var all []zwgk.Finding
	for _, fs := range found {
		all = append(all, fs...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s := NewScorer(fw)
		cards := make([]zwgk.Scorecard, len(ags))
		for i, a := range ags {
			cards[i] = s.Score(a, found[i])
		}
		Rank(cards, TierByLevel)
		if regs := Regions(cards, all); len(regs) == 0 {
			b.Fatal("no regions")
		}
	}
}

// BenchmarkNationalCohortScoreFunc is the same with the convenience
// Score(fw, …) per agency (the framework prepared again each time).
func BenchmarkNationalCohortScoreFunc(b *testing.B) {
	fw, ags, found := nationalCohort()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cards := make([]zwgk.Scorecard, len(ags))
		for i, a := range ags {
			cards[i] = Score(fw, a, found[i])
		}
		Rank(cards, TierByLevel)
	}
}

// BenchmarkNationalCohortBaseline is the floor to compare with: one pass
// over the same 1.2 million findings summing fraction × points in floating
// point, no veto, rescaling, rounding, ranking or regions.
func BenchmarkNationalCohortBaseline(b *testing.B) {
	fw, ags, found := nationalCohort()
	leaves := fw.Leaves()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		totals := make([]float64, len(ags))
		for i := range ags {
			for j, f := range found[i] {
				totals[i] += f.Fraction * leaves[j].Points
			}
		}
		if totals[0] < 0 {
			b.Fatal("negative")
		}
	}
}

func TestNationalCohortShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1.2 million findings")
	}
	fw, ags, found := nationalCohort()
	if len(ags) != 15000 || len(fw.Leaves()) != 80 || len(found[0]) != 80 {
		t.Fatalf("%d agencies × %d leaves", len(ags), len(fw.Leaves()))
	}
	s := NewScorer(fw)
	cards := make([]zwgk.Scorecard, len(ags))
	for i, a := range ags {
		cards[i] = s.Score(a, found[i])
	}
	Rank(cards, nil)
	regs := Regions(cards, nil)
	if len(regs) < 31+31*15 {
		t.Errorf("%d regions", len(regs))
	}
}

// nationalCards are the national cohort scored and ranked.
func nationalCards(b *testing.B) (*indicators.Framework, []zwgk.Scorecard, []zwgk.Finding) {
	fw, ags, found := nationalCohort()
	s := NewScorer(fw)
	cards := make([]zwgk.Scorecard, len(ags))
	var all []zwgk.Finding
	for i, a := range ags {
		cards[i] = s.Score(a, found[i])
		all = append(all, found[i]...)
	}
	Rank(cards, TierByLevel)
	b.ReportAllocs()
	b.ResetTimer()
	return fw, cards, all
}

// BenchmarkNationalAggregate is every aggregate of a national cohort
// (all, tiers, regions per tier and across tiers, indicators, §21 lists),
// what the portal and the reports read; compare with
// BenchmarkNationalRegionsBaseline, the regions alone as they were
// computed before.
func BenchmarkNationalAggregate(b *testing.B) {
	fw, cards, _ := nationalCards(b)
	for b.Loop() {
		if st := Aggregate(fw, cards); len(st.Regions) == 0 || len(st.Notices.Commend) == 0 {
			b.Fatal("no regions or notices")
		}
	}
}

func BenchmarkNationalRegionsBaseline(b *testing.B) {
	_, cards, all := nationalCards(b)
	for b.Loop() {
		if regs := Regions(cards, all); len(regs) == 0 {
			b.Fatal("no regions")
		}
	}
}

func BenchmarkNationalNotices(b *testing.B) {
	fw, cards, _ := nationalCards(b)
	for b.Loop() {
		if n := Notices(fw, cards); len(n.Commend) == 0 {
			b.Fatal("no notices")
		}
	}
}

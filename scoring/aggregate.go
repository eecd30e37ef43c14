package scoring

import (
	"cmp"
	"slices"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// MinistriesRule is the one rule for ministries in every aggregate, in the
// words the reports print (CohortStats.Ministries).
const MinistriesRule = "国务院部门不属于任何地区：计入本层级（国务院部门）和全体的统计，不计入任何地区的统计。"

// Aggregate computes every aggregate of a cohort once (zwgk.CohortStats):
// all agencies, each tier, each region within each tier and across tiers,
// each leaf indicator, and the §21 lists (Notices). cards must have been
// ranked (Rank); their Indicators give the outcomes, so the figures follow
// from scores.json alone. The result does not depend on the order of
// cards.
//
// Rules, the same for every consumer:
//   - ministries belong to no region (MinistriesRule), nor do agencies
//     without a valid region code;
//   - a region counts its agencies and those below it (GB/T 2260
//     prefixes): a province its cities and counties, a city its counties;
//   - an agency passes when it is not vetoed and its published total
//     reaches the pass mark (PassMarkOf);
//   - means and medians are of published totals, rounded once, half-up;
//     shares have four decimals;
//   - an indicator's pass share counts pass among pass, partial and fail
//     (na and pending left out); Worst is the lowest share among the
//     indicators that are not bonus, ties to the lower id.
func Aggregate(fw *indicators.Framework, cards []zwgk.Scorecard) zwgk.CohortStats {
	st := zwgk.CohortStats{PassMark: PassMarkOf(fw), Grades: Grades(fw, cards), Ministries: MinistriesRule}
	passH := hundredths(toMicro(st.PassMark))
	leaves := fw.Leaves()
	gradeIdx := make(map[string]int, len(st.Grades))
	for i, g := range st.Grades {
		gradeIdx[g] = i
	}

	type key struct {
		tier   string
		region zwgk.Region
	}
	accs := map[key]*groupAcc{}
	get := func(k key) *groupAcc {
		a := accs[k]
		if a == nil {
			a = &groupAcc{grades: make([]int, len(st.Grades)), counts: make([]int32, 2*len(leaves))}
			accs[k] = a
		}
		return a
	}
	all := &groupAcc{grades: make([]int, len(st.Grades)), counts: make([]int32, 2*len(leaves))}
	ind := make([]zwgk.IndicatorStat, len(leaves))
	for i, l := range leaves {
		ind[i].ID = l.ID
	}
	var chain [3]zwgk.Region
	targets := make([]*groupAcc, 0, 8)
	for i := range cards {
		c := &cards[i]
		targets = append(targets[:0], all, get(key{tier: c.Tier}))
		if c.Level != zwgk.LevelMinistry && c.Region.Valid() {
			for _, r := range regionChain(c.Region, chain[:0]) {
				targets = append(targets, get(key{"", r}))
				if c.Tier != "" { // tier "" (agencies known by code only): the same group
					targets = append(targets, get(key{c.Tier, r}))
				}
			}
		}
		h := hundredths(toMicro(c.Total))
		g := gradeIdx[c.Grade]
		for _, a := range targets {
			a.add(h, c.Vetoed, c.Provisional, g, passH)
		}
		for k, l := range leaves {
			is, ok := c.Indicators[l.ID]
			if !ok {
				continue
			}
			s := &ind[k]
			switch is.Outcome {
			case zwgk.Pass:
				s.Pass++
			case zwgk.Partial:
				s.Partial++
			case zwgk.Fail:
				s.Fail++
			case zwgk.NA:
				s.NA++
				continue
			default:
				s.Pending++
				continue
			}
			s.Judged++
			if l.Kind == indicators.KindBonus {
				continue // a missed bonus is no weakness: never a group's Worst
			}
			for _, a := range targets {
				a.counts[2*k]++
				if is.Outcome == zwgk.Pass {
					a.counts[2*k+1]++
				}
			}
		}
	}
	st.Indicators = ind
	ids := make([]string, len(leaves))
	for i, l := range leaves {
		ids[i] = l.ID
	}
	st.All = all.stat(st.Grades, ids)
	for k, a := range accs {
		g := a.stat(st.Grades, ids)
		g.Tier, g.Region, g.Depth = k.tier, k.region, k.region.Depth()
		if k.region == "" {
			st.Tiers = append(st.Tiers, g)
		} else {
			st.Regions = append(st.Regions, g)
		}
	}
	slices.SortFunc(st.Tiers, func(a, b zwgk.GroupStat) int { return compareTiers(a.Tier, b.Tier) })
	slices.SortFunc(st.Regions, func(a, b zwgk.GroupStat) int {
		if a.Tier != b.Tier {
			if a.Tier == "" {
				return -1
			}
			if b.Tier == "" {
				return 1
			}
			return compareTiers(a.Tier, b.Tier)
		}
		return strings.Compare(string(a.Region), string(b.Region))
	})
	st.Notices = Notices(fw, cards)
	return st
}

// PassMarkOf is the total from which an agency that is not vetoed passes:
// the lowest positive band of the framework (60 in both built-ins), or 60
// when no band is positive.
func PassMarkOf(fw *indicators.Framework) float64 {
	m := 0.0
	for _, b := range fw.Bands {
		if b.Min > 0 && (m == 0 || b.Min < m) {
			m = b.Min
		}
	}
	if m == 0 {
		return 60
	}
	return m
}

// Grades are the grades of a cohort, best first: the framework's bands,
// then its veto grade if it is no band's, then any other grade a card
// carries (sorted), so that every card's grade is counted.
func Grades(fw *indicators.Framework, cards []zwgk.Scorecard) []string {
	bands := slices.Clone(fw.Bands)
	slices.SortStableFunc(bands, func(a, b indicators.Band) int { return cmp.Compare(b.Min, a.Min) })
	var out []string
	for _, b := range bands {
		if !slices.Contains(out, b.Grade) {
			out = append(out, b.Grade)
		}
	}
	if fw.VetoGrade != "" && !slices.Contains(out, fw.VetoGrade) {
		out = append(out, fw.VetoGrade)
	}
	var extra []string
	for _, c := range cards {
		if !slices.Contains(out, c.Grade) && !slices.Contains(extra, c.Grade) {
			extra = append(extra, c.Grade)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// compareTiers orders tiers by level (ministry, province, city, county),
// then other tiers by name.
func compareTiers(a, b string) int {
	pos := func(t string) int {
		for i, l := range zwgk.Levels {
			if string(l) == t {
				return i
			}
		}
		return len(zwgk.Levels)
	}
	if c := cmp.Compare(pos(a), pos(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// groupAcc accumulates one group's figures.
type groupAcc struct {
	totals      []int64 // hundredths
	passed      int
	vetoed      int
	provisional int
	grades      []int
	counts      []int32 // per leaf: judged, passed
}

func (a *groupAcc) add(totalH int64, vetoed, provisional bool, grade int, passH int64) {
	a.totals = append(a.totals, totalH)
	switch {
	case vetoed:
		a.vetoed++
	case totalH >= passH:
		a.passed++
	}
	if provisional {
		a.provisional++
	}
	a.grades[grade]++
}

func (a *groupAcc) stat(grades, ids []string) zwgk.GroupStat {
	n := len(a.totals)
	g := zwgk.GroupStat{Agencies: n, Passed: a.passed, Vetoed: a.vetoed, Provisional: a.provisional,
		Grades: make([]zwgk.GradeCount, len(grades))}
	for i, gr := range grades {
		g.Grades[i] = zwgk.GradeCount{Grade: gr, Count: a.grades[i]}
	}
	if n == 0 {
		return g
	}
	var sum int64
	for _, t := range a.totals {
		sum += t
	}
	slices.Sort(a.totals)
	g.Mean = float2(divRound(mul(sum, 1), int64(n)))
	if n%2 == 1 {
		g.Median = float2(a.totals[n/2])
	} else {
		g.Median = float2((a.totals[n/2-1] + a.totals[n/2] + 1) / 2)
	}
	g.Min, g.Max = float2(a.totals[0]), float2(a.totals[n-1])
	g.Passing = share(a.passed, n)
	worst, wj, wp := -1, int32(0), int32(0)
	for k := 0; 2*k+1 < len(a.counts); k++ {
		j, p := a.counts[2*k], a.counts[2*k+1]
		if j == 0 {
			continue
		}
		// p/j < wp/wj, compared exactly.
		if worst < 0 || int64(p)*int64(wj) < int64(wp)*int64(j) ||
			(int64(p)*int64(wj) == int64(wp)*int64(j) && ids[k] < ids[worst]) {
			worst, wj, wp = k, j, p
		}
	}
	if worst >= 0 {
		g.Worst = ids[worst]
		g.WorstShare = share(int(wp), int(wj))
	}
	return g
}

// share is a/b with four decimals, half-up (0 when b is 0).
func share(a, b int) float64 {
	if b <= 0 {
		return 0
	}
	return float64(divRound(mul(int64(a), 10_000), int64(b))) / 10_000
}

package scoring

import (
	"cmp"
	"slices"
	"strings"

	"zwgk"
)

// TierByLevel is the default tier: agencies are ranked among those of
// their level.
func TierByLevel(c zwgk.Scorecard) string { return string(c.Level) }

// Rank fills the cohort fields of cards in place (Tier, Rank, TierSize,
// Percentile); the slice keeps its order. Within a tier, agencies that were
// not vetoed come first, then higher totals; equal standing gets equal rank
// (1, 2, 2, 4). Percentile is the share of the tier ranked at or below the
// agency: 100 for the first, 100/TierSize for the last. The result does
// not depend on the order of cards. A nil tier means TierByLevel.
func Rank(cards []zwgk.Scorecard, tier func(zwgk.Scorecard) string) {
	if tier == nil {
		tier = TierByLevel
	}
	idx := make([]int, len(cards))
	for i := range cards {
		idx[i] = i
		cards[i].Tier = tier(cards[i])
	}
	slices.SortFunc(idx, func(a, b int) int { return compareStanding(&cards[a], &cards[b]) })
	for start := 0; start < len(idx); {
		end := start
		for end < len(idx) && cards[idx[end]].Tier == cards[idx[start]].Tier {
			end++
		}
		size := end - start
		rank := 1
		for k := start; k < end; k++ {
			c := &cards[idx[k]]
			if k > start {
				p := &cards[idx[k-1]]
				if p.Vetoed != c.Vetoed || p.Total != c.Total {
					rank = k - start + 1
				}
			}
			c.Rank, c.TierSize = rank, size
			c.Percentile = float2(divRound(mul(int64(size-rank+1), 100*100), int64(size)))
		}
		start = end
	}
}

// compareStanding orders by tier, then best first, then by code so that
// equal standings come out in a stable, input-independent order.
func compareStanding(a, b *zwgk.Scorecard) int {
	if c := strings.Compare(a.Tier, b.Tier); c != 0 {
		return c
	}
	if a.Vetoed != b.Vetoed {
		if a.Vetoed {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(b.Total, a.Total); c != 0 {
		return c
	}
	return strings.Compare(a.Agency, b.Agency)
}

// Commend lists the top n of every tier, ties at the boundary included,
// vetoed agencies never; cards must have been ranked. Sorted by tier,
// rank, code.
//
// Deprecated: the §21 lists follow the framework's rules; use Notices (or
// Aggregate(...).Notices).
func Commend(cards []zwgk.Scorecard, n int) []zwgk.Scorecard {
	var out []zwgk.Scorecard
	for _, c := range cards {
		if !c.Vetoed && c.Rank >= 1 && c.Rank <= n {
			out = append(out, c)
		}
	}
	sortByStanding(out)
	return out
}

// Criticise lists the bottom n of every tier, ties at the boundary
// included; cards must have been ranked. Sorted by tier, rank, code.
//
// Deprecated: it names agencies graded 合格 for their rank and leaves out
// vetoed ones outside the bottom n; use Notices (or Aggregate(...).Notices).
func Criticise(cards []zwgk.Scorecard, n int) []zwgk.Scorecard {
	if n <= 0 {
		return nil
	}
	// An agency is in the bottom n when fewer than n of its tier stand
	// strictly below it; ranks give that count without re-sorting.
	perRank := map[string]map[int]int{} // tier → rank → agencies with that rank
	for _, c := range cards {
		if perRank[c.Tier] == nil {
			perRank[c.Tier] = map[int]int{}
		}
		perRank[c.Tier][c.Rank]++
	}
	below := map[string]map[int]int{} // tier → rank → agencies ranked lower
	for tier, m := range perRank {
		ranks := make([]int, 0, len(m))
		for r := range m {
			ranks = append(ranks, r)
		}
		slices.Sort(ranks)
		b, acc := make(map[int]int, len(ranks)), 0
		for i := len(ranks) - 1; i >= 0; i-- {
			b[ranks[i]] = acc
			acc += m[ranks[i]]
		}
		below[tier] = b
	}
	var out []zwgk.Scorecard
	for _, c := range cards {
		if below[c.Tier][c.Rank] < n {
			out = append(out, c)
		}
	}
	sortByStanding(out)
	return out
}

// ByGrade lists the agencies with one of the grades (e.g. every 不合格
// agency), sorted by tier, rank, code.
func ByGrade(cards []zwgk.Scorecard, grades ...string) []zwgk.Scorecard {
	var out []zwgk.Scorecard
	for _, c := range cards {
		if slices.Contains(grades, c.Grade) {
			out = append(out, c)
		}
	}
	sortByStanding(out)
	return out
}

func sortByStanding(cards []zwgk.Scorecard) {
	slices.SortFunc(cards, func(a, b zwgk.Scorecard) int {
		if c := strings.Compare(a.Tier, b.Tier); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
			return c
		}
		return strings.Compare(a.Agency, b.Agency)
	})
}

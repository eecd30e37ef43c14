package scoring

import (
	"slices"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// RescaleNote explains, in Chinese, how a card's marks were rescaled after
// not-applicable indicators left the denominator, for the line under a
// subtotal table:
//
//	"不适用指标 B1 网上办事、B2 办事指南（共 25 分）不计入满分，其余 75 分按 100 ÷ 75 = 1.3333 折算。"
//
// It is "" when nothing was rescaled (every point applied, or the
// framework grants not-applicable points in full). Up to five indicators
// are named, then "等 N 项".
func RescaleNote(fw *indicators.Framework, card zwgk.Scorecard) string {
	if fw.NotApplicable == indicators.NAFull || card.Applicable <= 0 {
		return ""
	}
	total := toMicro(fw.Total)
	if total <= 0 {
		total = 100 * micro
	}
	appl := toMicro(card.Applicable)
	if appl >= total {
		return ""
	}
	var names []string
	for _, l := range fw.Leaves() {
		if l.Kind == indicators.KindBonus || l.Kind == indicators.KindVeto || l.Points <= 0 {
			continue
		}
		if is, ok := card.Indicators[l.ID]; ok && is.Outcome == zwgk.NA {
			names = append(names, l.ID+" "+l.Name)
		}
	}
	list := strings.Join(names, "、")
	if len(names) > 5 {
		list = strings.Join(names[:5], "、") + " 等 " + strconv.Itoa(len(names)) + " 项"
	}
	if list == "" {
		list = "若干项"
	}
	factor := float64(divRound(mul(total, 10_000), appl)) / 10_000
	return "不适用指标 " + list + "（共 " + trimNum(float2(hundredths(total-appl))) + " 分）不计入满分，其余 " +
		trimNum(float2(hundredths(appl))) + " 分按 " + trimNum(float2(hundredths(total))) + " ÷ " +
		trimNum(float2(hundredths(appl))) + " = " + strconv.FormatFloat(factor, 'f', 4, 64) + " 折算。"
}

// AdviceItem is an indicator (normally a group) with the framework's work
// advice (工作建议) and how well the cohort met it.
type AdviceItem struct {
	Indicator string `json:"indicator"`
	Name      string `json:"name"`
	Advice    string `json:"advice"`
	// Share is how much of the indicator the cohort met (0..1, four
	// decimals): earned ÷ applicable points summed over the agencies to
	// which it applies (before rescaling; deductions count as lost points);
	// for an indicator of vetoes, the share of veto checks passed.
	// Pending and not-applicable leaves are left out.
	Share float64 `json:"share"`
	// Agencies is how many agencies it applied to (a judged leaf).
	Agencies int `json:"agencies"`
}

// Advice lists the indicators that carry advice text, the least met
// first (ties: framework order), at most n (n ≤ 0: all): the cohort
// report's 工作建议 prints them for the groups that most need it. Bonus
// indicators are left out (a missed bonus is no fault), and so are those
// no agency was judged on.
func Advice(fw *indicators.Framework, cards []zwgk.Scorecard, n int) []AdviceItem {
	type acc struct {
		pos                   int
		item                  AdviceItem
		earned, points        int64 // micro-points
		vetoPassed, vetoCheck int
	}
	var list []*acc
	pos := 0
	fw.Walk(func(ind *indicators.Indicator, _ int) {
		pos++
		if strings.TrimSpace(ind.Advice) == "" || ind.Bonus() {
			return
		}
		a := &acc{pos: pos, item: AdviceItem{Indicator: ind.ID, Name: ind.Name, Advice: strings.TrimSpace(ind.Advice)}}
		var leaves []*indicators.Indicator
		var walk func(*indicators.Indicator)
		walk = func(x *indicators.Indicator) {
			if len(x.Children) == 0 {
				leaves = append(leaves, x)
			}
			for _, c := range x.Children {
				walk(c)
			}
		}
		walk(ind)
		for i := range cards {
			judged := false
			for _, l := range leaves {
				is, ok := cards[i].Indicators[l.ID]
				if !ok || is.Outcome == zwgk.NA || is.Outcome == zwgk.Pending {
					continue
				}
				judged = true
				switch l.Kind {
				case indicators.KindVeto:
					a.vetoCheck++
					if is.Outcome != zwgk.Fail {
						a.vetoPassed++
					}
				case indicators.KindDeduct:
					a.points += toMicro(is.Points)
					a.earned += toMicro(is.Points) + toMicro(is.Earned) // Earned is minus the deduction
				case indicators.KindBonus:
				default:
					a.points += toMicro(is.Points)
					a.earned += toMicro(is.Earned)
				}
			}
			if judged {
				a.item.Agencies++
			}
		}
		switch {
		case a.points > 0:
			a.item.Share = float64(divRound(mul(max(a.earned, 0), 10_000), a.points)) / 10_000
		case a.vetoCheck > 0:
			a.item.Share = share(a.vetoPassed, a.vetoCheck)
		default:
			return
		}
		list = append(list, a)
	})
	slices.SortStableFunc(list, func(a, b *acc) int {
		switch {
		case a.item.Share < b.item.Share:
			return -1
		case a.item.Share > b.item.Share:
			return 1
		}
		return a.pos - b.pos
	})
	if n > 0 && len(list) > n {
		list = list[:n]
	}
	out := make([]AdviceItem, len(list))
	for i, a := range list {
		out[i] = a.item
	}
	return out
}

package scoring

import (
	"slices"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// RectificationLine is one line of an agency's rectification list (整改清单)
// in the cycle: a problem, the indicators that found it, what the agency
// must do and by when.
type RectificationLine struct {
	// Indicators are the ids of the indicators that found this problem, in
	// framework order; Names their names. More than one when identical
	// problems were folded into this line (Count = len(Indicators)).
	Indicators []string `json:"indicators"`
	Names      []string `json:"names"`
	Count      int      `json:"count"`
	// Veto is true when a failed veto is among them (the line comes first).
	Veto bool `json:"veto"`
	// Problem is the problem statement of the findings (整改问题).
	Problem string `json:"problem"`
	// Requirement (整改要求) is the framework's text: the indicator's
	// requirement, or its nearest ancestor's, or one made from its name and
	// description; for a folded line of different requirements, one line
	// asking to rectify each indicator concerned.
	Requirement string `json:"requirement"`
	// Days (整改时限) is the time to rectify, in calendar days from the day
	// the results are notified: the framework's days for the indicator
	// (the shortest of a folded line).
	Days int `json:"days"`
}

// Due is the deadline of an item when the results were notified on from.
func (it RectificationLine) Due(from zwgk.Date) zwgk.Date { return from.AddDays(it.Days) }

// Rectifier builds rectification lists for one framework; it resolves
// every leaf's requirement and days once.
type Rectifier struct {
	fw    *indicators.Framework
	order map[string]int // leaf id → position in tree order
	leaf  map[string]*indicators.Indicator
	req   map[string]string
	days  map[string]int
}

// NewRectifier prepares fw for rectification lists.
func NewRectifier(fw *indicators.Framework) *Rectifier {
	r := &Rectifier{fw: fw, order: map[string]int{}, leaf: map[string]*indicators.Indicator{}, req: map[string]string{}, days: map[string]int{}}
	for i, l := range fw.Leaves() {
		r.order[l.ID] = i
		r.leaf[l.ID] = l
		r.req[l.ID] = fw.Requirement(l)
		r.days[l.ID] = fw.RectifyDays(l)
	}
	return r
}

// RectificationList is the rectification list of one agency. See
// Rectifier.List. (Rectify, beside it, follows problems across cycles.)
func RectificationList(fw *indicators.Framework, card zwgk.Scorecard, findings []zwgk.Finding) []RectificationLine {
	return NewRectifier(fw).List(card, findings)
}

// List is the rectification list of the agency of card: one line per
// problem found by a failed or partly met leaf — the outcome is the
// card's (after reviews, and na where the indicator does not apply to the
// agency's level), the text the finding's — never a bonus indicator (a
// missed bonus is no fault), never a passed, not-applicable or pending one.
// Identical problems (the same statement, e.g. 47 indicators that could not
// be checked because the site timed out) fold into one line with their
// count. Lines with a failed veto come first, then in framework order.
// A finding without a problem statement gets "未达到「name」的要求".
func (r *Rectifier) List(card zwgk.Scorecard, findings []zwgk.Finding) []RectificationLine {
	type entry struct {
		pos     int
		leaf    *indicators.Indicator
		problem string
	}
	var entries []entry
	seen := map[string]bool{}
	for i := range findings {
		f := &findings[i]
		if card.Agency != "" && f.Agency != "" && f.Agency != card.Agency {
			continue
		}
		l, ok := r.leaf[f.Indicator]
		if !ok || seen[f.Indicator] || l.Kind == indicators.KindBonus {
			continue
		}
		outcome := f.Outcome
		if is, ok := card.Indicators[f.Indicator]; ok {
			outcome = is.Outcome
		}
		if outcome != zwgk.Fail && outcome != zwgk.Partial {
			continue
		}
		seen[f.Indicator] = true
		p := strings.TrimSpace(f.Problem)
		if p == "" {
			p = "未达到「" + l.Name + "」的要求"
		}
		entries = append(entries, entry{r.order[f.Indicator], l, p})
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.pos - b.pos })

	var out []RectificationLine
	at := map[string]int{} // problem → line
	for _, e := range entries {
		i, ok := at[e.problem]
		if !ok {
			i = len(out)
			at[e.problem] = i
			out = append(out, RectificationLine{Problem: e.problem, Requirement: r.req[e.leaf.ID], Days: r.days[e.leaf.ID]})
		}
		it := &out[i]
		it.Indicators = append(it.Indicators, e.leaf.ID)
		it.Names = append(it.Names, e.leaf.Name)
		it.Count++
		it.Veto = it.Veto || e.leaf.Kind == indicators.KindVeto
		it.Days = min(it.Days, r.days[e.leaf.ID])
		if it.Requirement != r.req[e.leaf.ID] {
			it.Requirement = ""
		}
	}
	for i := range out {
		if out[i].Requirement == "" {
			out[i].Requirement = "对照所涉 " + strconv.Itoa(out[i].Count) + " 项指标的要求逐项整改。"
		}
	}
	slices.SortStableFunc(out, func(a, b RectificationLine) int {
		switch {
		case a.Veto && !b.Veto:
			return -1
		case b.Veto && !a.Veto:
			return 1
		}
		return 0
	})
	return out
}

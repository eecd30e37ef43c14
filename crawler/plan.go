package crawler

import (
	"strings"

	"zwgk/indicators"
)

// target is one indicator's column aliases.
type target struct {
	indicator string
	aliases   []string
	norm      []string // the aliases normalised once (a page of 100,000 links asks 100,000 times)
}

// plan is what a framework asks the crawler to look for.
type plan struct {
	targets   []target
	terms     []string // search terms reported in Item.Terms, in framework order
	normTerms []string // the terms normalised
	// letters maps response indicators to their look-back in days: their
	// columns' letters are all opened.
	letters map[string]int
	// wholeLists are aliases of columns read to ListPages whatever the
	// window: an interpretation may be filed long after, or before, the
	// window of the document it explains.
	wholeLists []string
}

// lookback is the longest look-back of the response indicators among ids.
func (p plan) lookback(ids []string) int {
	days := 0
	for _, id := range ids {
		days = max(days, p.letters[id])
	}
	return days
}

// opennessAreas mark the openness section that columns usually sit under.
var opennessAreas = []string{"政府信息公开", "政务公开", "信息公开", "政府信息公開", "政務公開", "信息公開"}

func planFor(fw *indicators.Framework) plan {
	p := plan{letters: map[string]int{}}
	seenTerm := map[string]bool{}
	addTerms := func(ts ...string) {
		for _, t := range ts {
			if t = strings.TrimSpace(t); t != "" && !seenTerm[t] {
				seenTerm[t] = true
				p.terms = append(p.terms, t)
			}
		}
	}
	add := func(id string, aliases ...string) {
		if len(aliases) > 0 {
			t := target{indicator: id, aliases: aliases}
			for _, a := range aliases {
				if n := normalize(a); n != "" {
					t.norm = append(t.norm, n)
				}
			}
			p.targets = append(p.targets, t)
		}
	}
	for _, ind := range fw.Leaves() {
		r := ind.Rule
		if r == nil {
			continue
		}
		switch {
		case r.Column != nil:
			add(ind.ID, r.Column.Aliases...)
			addTerms(r.Column.Keywords...)
		case r.StaleColumns != nil:
			for _, cl := range r.StaleColumns.Classes {
				add(ind.ID, cl.Aliases...)
			}
		case r.Document != nil:
			add(ind.ID, r.Document.Aliases...)
		case r.Interpretation != nil:
			add(ind.ID, r.Interpretation.PolicyAliases...)
			add(ind.ID, r.Interpretation.Aliases...)
			p.wholeLists = append(p.wholeLists, r.Interpretation.Aliases...)
			markers := r.Interpretation.Markers
			if len(markers) == 0 {
				markers = []string{"解读", "图解", "问答"}
			}
			addTerms(markers...)
		case r.Response != nil:
			add(ind.ID, r.Response.Aliases...)
			days := r.Response.LookbackDays
			if days <= 0 {
				days = max(fw.WindowDays, 365)
			}
			p.letters[ind.ID] = days
		case r.ServiceGuide != nil:
			add(ind.ID, r.ServiceGuide.Aliases...)
			addTerms(r.ServiceGuide.Elements...)
		case r.ServiceUsable != nil:
			add(ind.ID, r.ServiceUsable.Aliases...)
			add(ind.ID, r.ServiceUsable.SystemAliases...)
			addTerms(r.ServiceUsable.Elements...)
		}
	}
	for _, t := range p.terms {
		p.normTerms = append(p.normTerms, normalize(t))
	}
	return p
}

// match returns the indicators whose aliases match an anchor text, in
// framework order without repeats.
func (p plan) match(text string) []string {
	// indicators.MatchAlias, with the aliases normalised beforehand.
	l := normalize(text)
	if l == "" {
		return nil
	}
	var ids []string
	for _, t := range p.targets {
		if containsAny(l, t.norm) && (len(ids) == 0 || ids[len(ids)-1] != t.indicator) {
			dup := false
			for _, id := range ids {
				dup = dup || id == t.indicator
			}
			if !dup {
				ids = append(ids, t.indicator)
			}
		}
	}
	return ids
}

func isOpenness(text string) bool {
	for _, a := range opennessAreas {
		if strings.Contains(text, a) {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

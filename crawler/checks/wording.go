package checks

import "strings"

// Wording and dictionary rules, as candidates name them.
const (
	RuleLeaderTitle = "wording.leader_title" // a title beside a listed leader's name that the list does not give
	RuleFormulation = "wording.formulation"  // a wrong formulation of a name of the Party or state
	RuleTypo        = "typo.list"            // a misused word of the typo list
	RuleSensitive   = "sensitive.list"       // a word of the sensitive list
)

// TitleHit is a title a page gives a listed leader that the list does
// not: 副市长张三 when 张三 is 市长.
type TitleHit struct {
	Start, End int    // byte offsets of the title and name together
	Name       string // the leader
	Shown      string // the title the page gives
	Listed     []string
}

// leaderIndex finds listed leaders' names and the titles around them.
type leaderIndex struct {
	leaders []Leader
	names   *dict
	byEnd   []title // every known title, longest first
}

type title struct{ s string }

func newLeaderIndex(leaders []Leader, extra []string) *leaderIndex {
	if len(leaders) == 0 {
		return nil
	}
	names := make([]string, len(leaders))
	seen := map[string]bool{}
	var all []string
	addTitle := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	for _, t := range extra {
		addTitle(t)
	}
	for i, l := range leaders {
		names[i] = l.Name
		for _, t := range l.Titles {
			addTitle(t)
		}
	}
	li := &leaderIndex{leaders: leaders, names: newDict(names, nil)}
	for _, t := range all {
		li.byEnd = append(li.byEnd, title{t})
	}
	// Longest first, so that 副市长 is read before 市长.
	for i := 1; i < len(li.byEnd); i++ {
		for j := i; j > 0 && len(li.byEnd[j].s) > len(li.byEnd[j-1].s); j-- {
			li.byEnd[j], li.byEnd[j-1] = li.byEnd[j-1], li.byEnd[j]
		}
	}
	return li
}

// titleSeps may stand between a title and a name (市长 张三, 市长：张三).
const titleSeps = " \u3000\t:："

// find returns the wrong titles given to listed leaders in text: the
// titles written right before a name (副市长张三, and the chain before it,
// 市委书记、市长张三) and right after it (张三书记).
func (li *leaderIndex) find(text string, limit int) []TitleHit {
	if li == nil {
		return nil
	}
	var out []TitleHit
	li.names.scan(text, func(start, end, i int) bool {
		l := li.leaders[i]
		// Before the name: titles joined by 、 or 兼, nearest first.
		at := strings.TrimRight(text[:start], titleSeps)
		for n := 0; n < 3; n++ {
			t := li.endingTitle(at)
			if t == "" {
				break
			}
			if !titleFits(t, l.Titles) {
				out = append(out, TitleHit{Start: len(at) - len(t), End: end, Name: l.Name, Shown: t, Listed: l.Titles})
			}
			at = at[:len(at)-len(t)]
			if strings.HasSuffix(at, "、") {
				at = strings.TrimSuffix(at, "、")
			} else if strings.HasSuffix(at, "兼") {
				at = strings.TrimSuffix(at, "兼")
			} else {
				break
			}
		}
		// After the name: 张三市长, 张三副市长.
		if t := li.startingTitle(text[end:]); t != "" && !titleFits(t, l.Titles) {
			out = append(out, TitleHit{Start: start, End: end + len(t), Name: l.Name, Shown: t, Listed: l.Titles})
		}
		return len(out) < limit
	})
	return out
}

func (li *leaderIndex) endingTitle(s string) string {
	for _, t := range li.byEnd {
		if strings.HasSuffix(s, t.s) {
			return t.s
		}
	}
	return ""
}

func (li *leaderIndex) startingTitle(s string) string {
	for _, t := range li.byEnd {
		if strings.HasPrefix(s, t.s) {
			return t.s
		}
	}
	return ""
}

// rankWords change a title's rank when added: 副市长 is not 市长, 常务副市长
// not 副市长, 代市长 not 市长.
var rankWords = []string{"副", "常务", "代"}

// titleFits reports whether a page may write shown for a leader listed
// with titles: the same title; a shorter form of one that drops only
// the organisation (书记 for 市委书记; 副市长 for 常务副市长), never 副
// (市长 for 副市长); or a longer form that adds only the organisation
// (市委书记 for 书记), never a rank (副市长, 常务副市长, 代市长 for 市长).
func titleFits(shown string, titles []string) bool {
	for _, t := range titles {
		switch {
		case shown == t:
			return true
		case strings.HasSuffix(t, shown):
			if !strings.HasSuffix(strings.TrimSuffix(t, shown), "副") {
				return true
			}
		case strings.HasSuffix(shown, t):
			extra := strings.TrimSuffix(shown, t)
			ranked := false
			for _, r := range rankWords {
				if strings.Contains(extra, r) {
					ranked = true
				}
			}
			if !ranked {
				return true
			}
		}
	}
	return false
}

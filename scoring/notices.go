package scoring

import (
	"slices"
	"strconv"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// Notices computes the §21 lists of a ranked cohort from the framework's
// rules (indicators.NoticeRules), tier by tier:
//
//   - criticised (通报批评): every vetoed agency when the rule says vetoed,
//     every agency with one of the rule's grades, and the bottom N of each
//     group (tier, or province or city within the tier) by standing, ties
//     at the boundary included;
//   - commended (通报表扬): the top N of each group by standing, ties at
//     the boundary included, among the agencies graded min_grade or
//     better — never a vetoed or criticised one.
//
// Standing is the ranking's: not vetoed first, then higher totals. A zero
// rule (a framework built in code, not parsed) means Parse's defaults. Each
// notice carries its reason in Chinese. Both lists are sorted by tier
// (levels in order), rank, code. cards must have been ranked (Rank).
func Notices(fw *indicators.Framework, cards []zwgk.Scorecard) zwgk.Notices {
	grades := Grades(fw, cards)
	gradeIdx := make(map[string]int, len(grades))
	for i, g := range grades {
		gradeIdx[g] = i
	}
	names := map[string]string{}
	fw.Walk(func(ind *indicators.Indicator, _ int) { names[ind.ID] = ind.Name })

	byTier := map[string][]*zwgk.Scorecard{}
	for i := range cards {
		byTier[cards[i].Tier] = append(byTier[cards[i].Tier], &cards[i])
	}
	out := zwgk.Notices{Commend: []zwgk.Notice{}, Criticise: []zwgk.Notice{}}
	for tier, list := range byTier {
		commend, criticise := fw.Notices.TierRules(tier)
		// Parse refuses rules naming everyone or no one; a framework built
		// in code without rules gets Parse's defaults.
		if commend.Top == 0 && commend.MinGrade == "" {
			commend = indicators.CommendRule{Top: indicators.DefaultCommendTop, Per: commend.Per}
		}
		if !criticise.Vetoed && len(criticise.Grades) == 0 && criticise.Bottom == 0 {
			criticise = indicators.CriticiseRule{Vetoed: true, Grades: []string{lowest(fw)}}
		}
		criticised := map[string]bool{}
		top, bottom := newStandings(list, commend.Per), newStandings(list, criticise.Per)
		for _, c := range list {
			var why []string
			if criticise.Vetoed && c.Vetoed {
				var ids []string
				for _, id := range c.Veto {
					ids = append(ids, strings.TrimSpace(id+" "+names[id]))
				}
				why = append(why, "单项否决（"+strings.Join(ids, "、")+"）")
			}
			if slices.Contains(criticise.Grades, c.Grade) {
				why = append(why, "等级为"+c.Grade)
			}
			if criticise.Bottom > 0 {
				if pos, size := bottom.fromBottom(c); pos <= criticise.Bottom {
					why = append(why, groupWord(criticise.Per, c)+"排名后 "+strconv.Itoa(criticise.Bottom)+" 位（倒数第 "+strconv.Itoa(pos)+" 位，共 "+strconv.Itoa(size)+" 个）")
				}
			}
			if len(why) > 0 {
				criticised[c.Agency] = true
				out.Criticise = append(out.Criticise, notice(c, strings.Join(why, "；")))
			}
		}
		minIdx := len(grades)
		if commend.MinGrade != "" {
			if i, ok := gradeIdx[commend.MinGrade]; ok {
				minIdx = i
			} else {
				minIdx = -1 // a grade no card can have: nobody qualifies
			}
		}
		for _, c := range list {
			if c.Vetoed || criticised[c.Agency] {
				continue
			}
			if gi, ok := gradeIdx[c.Grade]; !ok || gi > minIdx {
				continue
			}
			why := "等级为" + c.Grade
			if commend.Top > 0 {
				pos, _ := top.fromTop(c)
				if pos > commend.Top {
					continue
				}
				why = groupWord(commend.Per, c) + "排名第 " + strconv.Itoa(pos) + " 位，" + why
			}
			out.Commend = append(out.Commend, notice(c, why))
		}
	}
	sortNotices(out.Commend)
	sortNotices(out.Criticise)
	return out
}

func notice(c *zwgk.Scorecard, reason string) zwgk.Notice {
	return zwgk.Notice{Agency: c.Agency, Name: c.Name, Tier: c.Tier, Region: c.Region, Rank: c.Rank, Total: c.Total,
		Grade: c.Grade, Reason: reason, Provisional: c.Provisional}
}

// standings answers, for a tier, where an agency stands in its group (per:
// tier, province or city): its position from the top or the bottom, ties
// sharing the best position (1 + the agencies standing strictly before it),
// and the group's size. Merit keys are sorted once per group, so a tier of
// tens of thousands is answered by binary search.
type standings struct {
	per    string
	groups map[zwgk.Region][]int64 // merit keys, best (smallest) first
}

// meritKey orders by standing, best first: not vetoed before vetoed, then
// higher published totals.
func meritKey(c *zwgk.Scorecard) int64 {
	k := -hundredths(toMicro(c.Total))
	if c.Vetoed {
		k += 1 << 50 // above any mark in hundredths
	}
	return k
}

func newStandings(tier []*zwgk.Scorecard, per string) *standings {
	s := &standings{per: per, groups: map[zwgk.Region][]int64{}}
	for _, c := range tier {
		g := groupOf(c, per)
		s.groups[g] = append(s.groups[g], meritKey(c))
	}
	for _, keys := range s.groups {
		slices.Sort(keys)
	}
	return s
}

func (s *standings) fromTop(c *zwgk.Scorecard) (pos, size int) {
	keys := s.groups[groupOf(c, s.per)]
	before, _ := slices.BinarySearch(keys, meritKey(c)) // first index with key ≥ c's
	return before + 1, len(keys)
}

func (s *standings) fromBottom(c *zwgk.Scorecard) (pos, size int) {
	keys := s.groups[groupOf(c, s.per)]
	after, _ := slices.BinarySearch(keys, meritKey(c)+1) // first index with key > c's
	return len(keys) - after + 1, len(keys)
}

// groupOf is the group of an agency within its tier for a notice rule's
// per: its province or city, or "" for the whole tier (ministries and
// agencies without a valid region are always taken with the whole tier).
func groupOf(c *zwgk.Scorecard, per string) zwgk.Region {
	if c.Level == zwgk.LevelMinistry || !c.Region.Valid() {
		return ""
	}
	switch per {
	case indicators.PerProvince:
		return c.Region.Province()
	case indicators.PerCity:
		return c.Region.City()
	}
	return ""
}

// groupWord names the group in a reason: "层级" or "本省（区、市）同层级".
func groupWord(per string, c *zwgk.Scorecard) string {
	if groupOf(c, per) == "" {
		return "层级"
	}
	if per == indicators.PerCity {
		return "本市同层级"
	}
	return "本省（区、市）同层级"
}

func sortNotices(list []zwgk.Notice) {
	slices.SortFunc(list, func(a, b zwgk.Notice) int {
		if c := compareTiers(a.Tier, b.Tier); c != 0 {
			return c
		}
		if a.Rank != b.Rank {
			return a.Rank - b.Rank
		}
		return strings.Compare(a.Agency, b.Agency)
	})
}

// lowest is the grade of the lowest band.
func lowest(fw *indicators.Framework) string {
	if len(fw.Bands) == 0 {
		return ""
	}
	low := fw.Bands[0]
	for _, b := range fw.Bands {
		if b.Min < low.Min {
			low = b
		}
	}
	return low.Grade
}

// NoticeRulesChinese states the framework's §21 rules in Chinese, for the
// method paragraph of the cohort report and the portal's notices page:
//
//	commend:   "各层级排名前 3 位且等级为良好及以上的单位（被单项否决或列入通报批评的除外，并列者一并列入）"
//	criticise: "被单项否决的单位；等级为不合格的单位"
//
// Rules a tier replaces follow as "；县级：…".
func NoticeRulesChinese(fw *indicators.Framework) (commend, criticise string) {
	grades := Grades(fw, nil)
	commendText := func(c indicators.CommendRule) string {
		if c.Top == 0 && c.MinGrade == "" {
			c = indicators.CommendRule{Top: indicators.DefaultCommendTop, Per: c.Per}
		}
		var s string
		if c.Top > 0 {
			s = perChinese(c.Per) + "排名前 " + strconv.Itoa(c.Top) + " 位"
			if c.MinGrade != "" {
				s += "且"
			}
		}
		if c.MinGrade != "" {
			s += "等级为" + c.MinGrade
			if len(grades) > 0 && grades[0] != c.MinGrade {
				s += "及以上"
			}
		}
		note := "被单项否决或列入通报批评的除外"
		if c.Top > 0 {
			note += "，并列者一并列入"
		}
		return s + "的单位（" + note + "）"
	}
	criticiseText := func(k indicators.CriticiseRule) string {
		if !k.Vetoed && len(k.Grades) == 0 && k.Bottom == 0 {
			k = indicators.CriticiseRule{Vetoed: true, Grades: []string{lowest(fw)}}
		}
		var parts []string
		if k.Vetoed {
			parts = append(parts, "被单项否决的单位")
		}
		if len(k.Grades) > 0 {
			parts = append(parts, "等级为"+strings.Join(k.Grades, "、")+"的单位")
		}
		if k.Bottom > 0 {
			parts = append(parts, perChinese(k.Per)+"排名后 "+strconv.Itoa(k.Bottom)+" 位的单位（并列者一并列入）")
		}
		return strings.Join(parts, "；")
	}
	commend, criticise = commendText(fw.Notices.Commend), criticiseText(fw.Notices.Criticise)
	for _, l := range zwgk.Levels {
		t, ok := fw.Notices.Tiers[string(l)]
		if !ok {
			continue
		}
		if t.Commend != nil {
			commend += "；" + l.Chinese() + "：" + commendText(*t.Commend)
		}
		if t.Criticise != nil {
			criticise += "；" + l.Chinese() + "：" + criticiseText(*t.Criticise)
		}
	}
	return commend, criticise
}

func perChinese(per string) string {
	switch per {
	case indicators.PerProvince:
		return "各层级在本省（区、市）内"
	case indicators.PerCity:
		return "各层级在本市内"
	}
	return "各层级"
}

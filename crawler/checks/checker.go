package checks

import (
	"fmt"
	"slices"
	"strings"

	"zwgk"
)

// Config says which checks run and with which word lists.
type Config struct {
	// Kinds are the checks to run.
	Kinds []zwgk.CheckKind
	// Privacy limits the personal-data rules (RuleIDCard, RuleBankCard,
	// RuleMobile); empty means all of them.
	Privacy []string
	// Lists are the bureau's word lists, added to the built-in starters.
	Lists Lists
}

// Checker runs the configured checks. It is safe for concurrent use: it
// holds no state but its compiled configuration.
type Checker struct {
	kinds   map[zwgk.CheckKind]bool
	privacy map[string]bool

	lists        Lists // with the starters
	leaders      *leaderIndex
	formulations *dict
	typos        *dict
	sensitive    *dict
	dark         *darkLinks
}

// PrivacyRules lists the personal-data rules.
var PrivacyRules = []string{RuleIDCard, RuleBankCard, RuleMobile}

// New compiles a configuration.
func New(cfg Config) (*Checker, error) {
	c := &Checker{kinds: map[zwgk.CheckKind]bool{}, privacy: map[string]bool{}}
	for _, k := range cfg.Kinds {
		if !k.Valid() {
			return nil, fmt.Errorf("content checks: unknown kind %q", k)
		}
		c.kinds[k] = true
	}
	for _, r := range cfg.Privacy {
		if !slices.Contains(PrivacyRules, r) {
			return nil, fmt.Errorf("content checks: unknown personal-data rule %q (one of %v)", r, PrivacyRules)
		}
		c.privacy[r] = true
	}
	if len(c.privacy) == 0 {
		for _, r := range PrivacyRules {
			c.privacy[r] = true
		}
	}
	l := cfg.Lists.withStarters()
	c.lists = l
	c.leaders = newLeaderIndex(l.Leaders, l.Titles)
	c.formulations = newDict(wrongs(l.Formulations), l.Allow)
	c.typos = newDict(wrongs(l.Typos), l.Allow)
	c.sensitive = newDict(l.Sensitive, l.Allow)
	c.dark = newDarkLinks(l)
	return c, nil
}

func wrongs(ps []Pair) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Wrong
	}
	return out
}

// Leaders is how many leaders the wording check knows: without any, a
// wrong title cannot be seen, and a comparison with a ground truth that
// has some must not count the check as run.
func (c *Checker) Leaders() int { return len(c.lists.Leaders) }

// Implemented are the kinds this package detects. A configured kind that
// is not among them is not reported by Kinds, so the evidence never claims
// a check that did not run (a rule on it stays pending, never passes).
var Implemented = []zwgk.CheckKind{zwgk.CheckPrivacy, zwgk.CheckWording, zwgk.CheckTypo, zwgk.CheckSensitive, zwgk.CheckDarkLink}

// Kinds are the checks the checker runs, in the order of zwgk.CheckKinds.
func (c *Checker) Kinds() []zwgk.CheckKind {
	var out []zwgk.CheckKind
	for _, k := range zwgk.CheckKinds {
		if c.kinds[k] && slices.Contains(Implemented, k) {
			out = append(out, k)
		}
	}
	return out
}

var ruleNotes = map[string]string{
	RuleIDCard:   "疑似公民身份号码（出生日期有效、GB 11643 校验位正确）",
	RuleBankCard: "疑似银行卡号（卡组织号段、Luhn 校验正确）",
	RuleMobile:   "疑似个人手机号码（号段有效，非公开联系电话）",
}

// Text checks the visible text of the page at url and returns its
// candidates, at most MaxPerPage per rule, each once.
func (c *Checker) Text(url, text string) []zwgk.ContentCheck {
	if len(text) > MaxText {
		text = text[:MaxText]
	}
	var out []zwgk.ContentCheck
	perRule := map[string]int{}
	seen := map[string]bool{}
	add := func(cc zwgk.ContentCheck) {
		if perRule[cc.Rule] >= MaxPerPage {
			return
		}
		key := cc.Key()
		if seen[key] {
			return
		}
		seen[key] = true
		perRule[cc.Rule]++
		out = append(out, cc)
	}
	if c.kinds[zwgk.CheckPrivacy] {
		for _, h := range FindPersonal(text) {
			if c.privacy[h.Rule] {
				add(zwgk.ContentCheck{Kind: zwgk.CheckPrivacy, URL: url, Excerpt: Excerpt(text, h.Start, h.End), Rule: h.Rule, Note: ruleNotes[h.Rule]})
			}
		}
	}
	if c.kinds[zwgk.CheckWording] {
		for _, h := range c.leaders.find(text, MaxPerPage) {
			add(zwgk.ContentCheck{Kind: zwgk.CheckWording, URL: url, Excerpt: MarkedExcerpt(text, h.Start, h.End), Rule: RuleLeaderTitle,
				Note: fmt.Sprintf("页面称%s为「%s」，领导名单所列职务为：%s", h.Name, h.Shown, strings.Join(h.Listed, "、"))})
		}
		c.pairs(text, url, zwgk.CheckWording, RuleFormulation, c.formulations, c.lists.Formulations, "规范表述为", add)
	}
	if c.kinds[zwgk.CheckTypo] {
		c.pairs(text, url, zwgk.CheckTypo, RuleTypo, c.typos, c.lists.Typos, "疑为错别字，应为", add)
	}
	if c.kinds[zwgk.CheckSensitive] {
		c.sensitive.scan(text, func(start, end, i int) bool {
			w := c.lists.Sensitive[i]
			add(zwgk.ContentCheck{Kind: zwgk.CheckSensitive, URL: url, Excerpt: MarkedExcerpt(text, start, end), Rule: RuleSensitive,
				Note: fmt.Sprintf("含敏感词「%s」（%s）", w, sensitiveSource(w, c.lists))})
			return perRule[RuleSensitive] < MaxPerPage
		})
	}
	return out
}

// pairs proposes each wrong form of a list found in text, with its right
// form and source; a hit followed in its sentence by one of the entry's
// Unless words is a correct use.
func (c *Checker) pairs(text, url string, kind zwgk.CheckKind, rule string, d *dict, list []Pair, say string, add func(zwgk.ContentCheck)) {
	n := 0
	d.scan(text, func(start, end, i int) bool {
		p := list[i]
		rest := sentenceAfter(text, end)
		for _, u := range p.Unless {
			if strings.Contains(rest, u) {
				return true
			}
		}
		note := fmt.Sprintf("「%s」%s「%s」", p.Wrong, say, p.Right)
		if p.Note != "" {
			note += "（" + p.Note + "）"
		}
		add(zwgk.ContentCheck{Kind: kind, URL: url, Excerpt: MarkedExcerpt(text, start, end), Rule: rule, Note: note})
		n++
		return n < MaxPerPage
	})
}

func sensitiveSource(w string, l Lists) string {
	for _, s := range StarterSensitive {
		if s == w && !l.NoStarters {
			return sensitiveNote(w)
		}
	}
	return "本单位敏感词表"
}

var darkNotes = map[string]string{
	RuleDarkDomain:  "链接指向所列有害网站域名 %s",
	RuleDarkKeyword: "链接文字或地址含「%s」",
	RuleDarkHidden:  "对读者隐藏（%s）的外站链接",
}

// HTML checks the markup of the page at url for dark links and returns
// their candidates, at most MaxPerPage per rule. The excerpt is the
// anchor text and the target.
func (c *Checker) HTML(url, markup string) []zwgk.ContentCheck {
	if !c.kinds[zwgk.CheckDarkLink] {
		return nil
	}
	if len(markup) > MaxText {
		markup = markup[:MaxText]
	}
	var out []zwgk.ContentCheck
	perRule := map[string]int{}
	seen := map[string]bool{}
	for _, h := range c.dark.find(url, markup, 3*MaxPerPage) {
		cc := zwgk.ContentCheck{Kind: zwgk.CheckDarkLink, URL: url, Rule: h.Rule,
			Excerpt: strings.Join(strings.Fields(MaskPersonal(fmt.Sprintf("「%s」→ %s", h.Text, h.Href))), " "),
			Note:    fmt.Sprintf(darkNotes[h.Rule], h.Why)}
		if perRule[cc.Rule] >= MaxPerPage || seen[cc.Key()] {
			continue
		}
		seen[cc.Key()] = true
		perRule[cc.Rule]++
		out = append(out, cc)
	}
	return out
}

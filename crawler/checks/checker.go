package checks

import (
	"fmt"
	"slices"

	"zwgk"
)

// Config says which checks run and with which word lists.
type Config struct {
	// Kinds are the checks to run.
	Kinds []zwgk.CheckKind
	// Privacy limits the personal-data rules (RuleIDCard, RuleBankCard,
	// RuleMobile); empty means all of them.
	Privacy []string
}

// Checker runs the configured checks. It is safe for concurrent use: it
// holds no state but its compiled configuration.
type Checker struct {
	kinds   map[zwgk.CheckKind]bool
	privacy map[string]bool
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
	return c, nil
}

// Implemented are the kinds this package detects. A configured kind that
// is not among them is not reported by Kinds, so the evidence never claims
// a check that did not run (a rule on it stays pending, never passes).
var Implemented = []zwgk.CheckKind{zwgk.CheckPrivacy}

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
	return out
}

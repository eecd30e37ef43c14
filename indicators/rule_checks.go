package indicators

import (
	"slices"

	"zwgk"
)

// Rule kinds of the content, transport and identity checks (issue 19),
// kept apart from the timeliness kinds in rule.go.
const (
	RuleContentCheck RuleKind = "content_check"
)

// Undecided policies of a content_check rule.
const (
	UndecidedPending = "pending" // the finding waits for the assessor's decisions
	UndecidedPass    = "pass"    // undecided candidates are ignored
)

// ContentCheck: candidates of the automated content checks (personal data,
// wording, typos, sensitive words, dark links) that the crawler proposes.
// Only candidates an assessor confirmed count: occurrences are the
// confirmed candidates of the listed checks; a veto breaks on one.
// Candidates still undecided leave the finding pending (Undecided
// "pending") or are ignored ("pass").
type ContentCheck struct {
	Checks []zwgk.CheckKind `yaml:"checks"`
	// Privacy limits the personal-data rules detected (id_card, bank_card,
	// mobile); empty means all three.
	Privacy   []string `yaml:"privacy,omitempty"`
	Undecided string   `yaml:"undecided,omitempty"`
}

// PrivacyRules are the personal-data detectors a content_check rule names.
var PrivacyRules = []string{"id_card", "bank_card", "mobile"}

func (c *ContentCheck) applyDefaults() {
	if c.Undecided == "" {
		c.Undecided = UndecidedPending
	}
}

func (c *ContentCheck) validate(bad func(string, ...any)) {
	if len(c.Checks) == 0 {
		bad("checks: at least one of privacy, wording, typo, sensitive, dark_link")
	}
	for i, k := range c.Checks {
		switch {
		case !k.Valid():
			bad("checks: unknown check %q (one of privacy, wording, typo, sensitive, dark_link)", k)
		case slices.Contains(c.Checks[:i], k):
			bad("checks: %q listed twice", k)
		}
	}
	for _, p := range c.Privacy {
		if !slices.Contains(PrivacyRules, p) {
			bad("privacy: unknown rule %q (one of id_card, bank_card, mobile)", p)
		}
	}
	if len(c.Privacy) > 0 && !slices.Contains(c.Checks, zwgk.CheckPrivacy) {
		bad("privacy: rules given but privacy is not among the checks")
	}
	if c.Undecided != UndecidedPending && c.Undecided != UndecidedPass {
		bad("undecided %q: one of pending, pass", c.Undecided)
	}
}

// ContentChecks is what the framework's content_check rules ask the
// crawler to detect: the union of their checks and personal-data rules
// (nil when the framework has none).
func (f *Framework) ContentChecks() (kinds []zwgk.CheckKind, privacy []string) {
	allPrivacy := false
	for _, ind := range f.Leaves() {
		if ind.Rule == nil || ind.Rule.ContentCheck == nil {
			continue
		}
		c := ind.Rule.ContentCheck
		for _, k := range c.Checks {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
			if k == zwgk.CheckPrivacy && len(c.Privacy) == 0 {
				allPrivacy = true
			}
		}
		for _, p := range c.Privacy {
			if !slices.Contains(privacy, p) {
				privacy = append(privacy, p)
			}
		}
	}
	if allPrivacy {
		privacy = nil
	}
	return kinds, privacy
}

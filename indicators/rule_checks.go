package indicators

import (
	"slices"
	"strings"

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
	// AssessorCheck is what the checks cannot see and an assessor must
	// still verify before the finding can pass (V1 of the 2019 scheme also
	// covers security incidents, known only from the notices of the
	// cyberspace, public-security and secrecy authorities). With it, a
	// scan without a confirmed candidate leaves the finding pending with
	// this guidance instead of passing; a confirmed candidate still
	// decides at once.
	AssessorCheck string `yaml:"assessor_check,omitempty"`
}

// PrivacyRules are the personal-data detectors a content_check rule names.
var PrivacyRules = []string{"id_card", "bank_card", "mobile"}

func init() {
	ruleChinese[RuleContentCheck] = "内容检查（人工确认）"
	ruleChinese[RuleServiceUsable] = "服务实用性"
	ruleChinese[RuleTransport] = "IPv6与HTTPS"
}

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
	if c.AssessorCheck != strings.TrimSpace(c.AssessorCheck) || len([]rune(c.AssessorCheck)) > 500 {
		bad("assessor_check: at most 500 characters, without leading or trailing space")
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

// RuleServiceUsable is the sixth veto of the 2019 inspection, 服务不实用.
const RuleServiceUsable RuleKind = "service_usable"

// ServiceUsable (服务不实用, 2019 veto 6): the site offers no service
// column (Aliases), or at least Limit sampled service guides lack
// MinMissing or more of the Elements, or at least Limit of the guides'
// attachments (forms) do not download, or an online service system
// (SystemAliases) does not answer. Only sampled guides and checked links
// are counted, so the veto can miss a case but never invents one.
type ServiceUsable struct {
	Aliases       []string `yaml:"aliases"`
	Elements      []string `yaml:"elements,omitempty"`
	MinMissing    int      `yaml:"min_missing,omitempty"`
	Limit         int      `yaml:"limit,omitempty"`
	SystemAliases []string `yaml:"system_aliases,omitempty"`
	Sample        int      `yaml:"sample,omitempty"`
}

// Defaults of service_usable (2019 veto 6: 4 element classes, 5 guides).
const (
	DefaultServiceMinMissing = 4
	DefaultServiceLimit      = 5
)

func (s *ServiceUsable) applyDefaults() {
	if len(s.Elements) == 0 {
		s.Elements = append([]string(nil), DefaultGuideElements...)
	}
	setInt(&s.MinMissing, DefaultServiceMinMissing)
	setInt(&s.Limit, DefaultServiceLimit)
	setInt(&s.Sample, DefaultGuideSample)
}

func (s *ServiceUsable) validate(bad func(string, ...any), aliases func(string, []string, bool)) {
	aliases("aliases", s.Aliases, true)
	aliases("elements", s.Elements, true)
	aliases("system_aliases", s.SystemAliases, false)
	if s.MinMissing < 0 || s.MinMissing > len(s.Elements) {
		bad("min_missing %d outside 1–%d (the number of elements)", s.MinMissing, len(s.Elements))
	}
	if s.Limit < 0 {
		bad("limit %d is negative", s.Limit)
	}
	if s.Sample < 0 {
		bad("sample %d is negative", s.Sample)
	}
}

// governmentSuffixes end the name of a people's government of a region, or
// of its general office, which publishes the government's own annual
// report on the portal.
var governmentSuffixes = []string{"人民政府", "人民政府办公厅", "人民政府办公室"}

// IsGovernment reports whether the agency is the people's government of
// a region (or its general office), not one of its departments: 条例
// Art. 49 gives the government's annual report until 31 March, a
// department's until 31 January. Ministries are departments.
func IsGovernment(a zwgk.Agency) bool {
	if a.Level == zwgk.LevelMinistry {
		return false
	}
	for _, s := range governmentSuffixes {
		if strings.HasSuffix(strings.TrimSpace(a.Name), s) {
			return true
		}
	}
	return false
}

// ValidateRuleForTest checks a rule built in Go (defaults applied), as Parse
// would; for tests of other packages.
func ValidateRuleForTest(r *Rule) []string {
	r.applyDefaults()
	return validateRule(r, nil)
}

// RuleTransport judges the site's connections.
const RuleTransport RuleKind = "transport"

// Transport checks, as a transport rule names them.
const (
	TransportIPv6     = "ipv6"          // AAAA record and an HTTP answer over IPv6
	TransportHTTPS    = "https"         // HTTPS with a certificate valid for the host
	TransportHSTS     = "hsts"          // Strict-Transport-Security on the HTTPS answer
	TransportRedirect = "http_redirect" // http:// redirects to https://
)

// TransportChecks lists every transport check.
var TransportChecks = []string{TransportIPv6, TransportHTTPS, TransportHSTS, TransportRedirect}

// Transport: the home page's host offers the listed checks (all four when
// none are listed); fraction = share met, occurrences = checks failed.
type Transport struct {
	Checks []string `yaml:"checks,omitempty"`
}

func (t *Transport) applyDefaults() {
	if len(t.Checks) == 0 {
		t.Checks = append([]string(nil), TransportChecks...)
	}
}

func (t *Transport) validate(bad func(string, ...any)) {
	for i, c := range t.Checks {
		switch {
		case !slices.Contains(TransportChecks, c):
			bad("checks: unknown check %q (one of ipv6, https, hsts, http_redirect)", c)
		case slices.Contains(t.Checks[:i], c):
			bad("checks: %q listed twice", c)
		}
	}
}

// NeedsTransport reports whether a rule of the framework judges transport
// (the crawler then checks the home page's host).
func (f *Framework) NeedsTransport() bool {
	for _, ind := range f.Leaves() {
		if ind.Rule != nil && ind.Rule.Transport != nil {
			return true
		}
	}
	return false
}

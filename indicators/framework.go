// Package indicators defines indicator frameworks (指标体系): the YAML
// language bureaus write them in, loading and validation with errors that
// name file, line and indicator id, the catalogue of rule kinds and their
// parameters, and the built-in frameworks embedded in the binary.
//
// It must not fetch, store or score anything: the crawler reads a framework
// to know what to gather, scoring reads it to judge.
package indicators

import (
	"time"

	"zwgk"
)

// Kind is how an indicator counts towards the mark.
type Kind string

// Indicator kinds.
const (
	KindScore  Kind = "score"  // partial credit: fraction × points
	KindVeto   Kind = "veto"   // 单项否决: a failure makes the agency fail whatever its marks; no points
	KindDeduct Kind = "deduct" // 扣分: Per points per occurrence, capped at Points
	KindBonus  Kind = "bonus"  // 加分: counted only when the base mark reaches the bonus gate
	KindManual Kind = "manual" // scored by an assessor; pending until then
	KindGroup  Kind = "group"  // an inner node: its points are the sum of its children's
)

// Band is a grade band: marks ≥ Min get Grade. Bands are framework data.
type Band struct {
	Min   float64 `yaml:"min" json:"min"`
	Grade string  `yaml:"grade" json:"grade"`
}

// Framework is a whole indicator framework.
type Framework struct {
	ID          string `yaml:"id" json:"id"`
	Version     string `yaml:"version" json:"version"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Total is the points of the base mark (normally 100): the points of
	// the non-bonus indicators sum to it.
	Total float64 `yaml:"total" json:"total"`
	// Bands, highest first; the lowest band must start at 0.
	Bands []Band `yaml:"bands" json:"bands"`
	// VetoGrade is the grade of a vetoed agency (default: the lowest band's).
	VetoGrade string `yaml:"veto_grade,omitempty" json:"veto_grade,omitempty"`
	// BonusGate is the base mark from which bonus counts (e.g. 80).
	BonusGate float64 `yaml:"bonus_gate,omitempty" json:"bonus_gate,omitempty"`
	// BonusCap caps the bonus counted (e.g. 30).
	BonusCap float64 `yaml:"bonus_cap,omitempty" json:"bonus_cap,omitempty"`
	// NotApplicable is the policy for indicators that do not apply to an
	// agency: "rescale" (points leave the denominator, the rest rescales)
	// or "full" (the points are granted).
	NotApplicable string `yaml:"not_applicable" json:"not_applicable"`
	// AppraisalWeight is how many points of the performance appraisal the
	// openness mark carries (§21), e.g. 4: an agency earns
	// Total/total × AppraisalWeight.
	AppraisalWeight float64 `yaml:"appraisal_weight" json:"appraisal_weight"`
	// AppraisalVetoed is what a vetoed agency earns in the appraisal
	// instead (default 0: a failed veto counts nothing, whatever the mark).
	AppraisalVetoed float64 `yaml:"appraisal_vetoed,omitempty" json:"appraisal_vetoed"`
	// Notices are the §21 commend and criticise lists' rules.
	Notices NoticeRules `yaml:"notices,omitempty" json:"notices"`
	// Appeals are the rules for agencies' appeals (the window).
	Appeals Appeals `yaml:"appeals,omitempty" json:"appeals"`
	// Rectification gives the days to rectify per indicator kind.
	Rectification Rectification `yaml:"rectification,omitempty" json:"rectification"`
	// WindowDays is the evidence window ending at the cycle's as-of date.
	WindowDays int `yaml:"window_days" json:"window_days"`
	// Sampling bounds what the crawler may fetch per site.
	Sampling Sampling `yaml:"sampling" json:"sampling"`
	// WordLists are the bureau's lists for the content checks (words.go).
	WordLists WordLists `yaml:"word_lists,omitempty" json:"word_lists,omitzero"`

	Indicators []*Indicator `yaml:"indicators" json:"indicators"`

	// Source is the exact text the framework was loaded from and Hash its
	// sha256 (hex); a cycle freezes both.
	Source []byte `yaml:"-" json:"-"`
	Hash   string `yaml:"-" json:"hash,omitempty"`
}

// Sampling bounds the crawl of one site.
type Sampling struct {
	MaxPages     int `yaml:"max_pages" json:"max_pages"`         // page budget per site
	MaxDepth     int `yaml:"max_depth" json:"max_depth"`         // link depth from the home page
	ItemsOpened  int `yaml:"items_opened" json:"items_opened"`   // item pages opened per column
	ListPages    int `yaml:"list_pages" json:"list_pages"`       // list pages read per column at most
	LinksChecked int `yaml:"links_checked" json:"links_checked"` // links checked beyond the home page
}

// Indicator is a node of the tree. Inner nodes (KindGroup) have Children;
// leaves have a Rule (except manual leaves, whose rule is optional).
type Indicator struct {
	ID     string  `yaml:"id" json:"id"`
	Name   string  `yaml:"name" json:"name"`
	Basis  string  `yaml:"basis,omitempty" json:"basis,omitempty"` // policy section, e.g. "§6"
	Kind   Kind    `yaml:"kind" json:"kind"`
	Points float64 `yaml:"points" json:"points"`
	// Per is the deduction per occurrence for deduct indicators.
	Per float64 `yaml:"per,omitempty" json:"per,omitempty"`
	// Levels the indicator applies to; empty means all.
	Levels      []zwgk.Level `yaml:"levels,omitempty" json:"levels,omitempty"`
	Description string       `yaml:"description,omitempty" json:"description,omitempty"`
	Rule        *Rule        `yaml:"rule,omitempty" json:"rule,omitempty"`
	Children    []*Indicator `yaml:"children,omitempty" json:"children,omitempty"`

	// Advice (工作建议) is what the cohort report advises agencies that
	// lose many points in this indicator (normally a group) to do.
	Advice string `yaml:"advice,omitempty" json:"advice,omitempty"`
	// Requirement (整改要求) is what an agency must do when this indicator
	// (or, on a group, any of its leaves) fails; see Framework.Requirement.
	Requirement string `yaml:"requirement,omitempty" json:"requirement,omitempty"`
	// RectifyDays (整改时限) overrides the framework's days to rectify for
	// this indicator and its descendants; see Framework.RectifyDays.
	RectifyDays int `yaml:"rectify_days,omitempty" json:"rectify_days,omitempty"`

	// Line is the line in the source file, for error messages.
	Line int `yaml:"-" json:"-"`
}

// AppliesTo reports whether the indicator applies to agencies of level l.
func (ind *Indicator) AppliesTo(l zwgk.Level) bool {
	if len(ind.Levels) == 0 {
		return true
	}
	for _, v := range ind.Levels {
		if v == l {
			return true
		}
	}
	return false
}

// Walk calls fn for every indicator of the framework, depth first, parents
// before children; depth is 1 for first-level indicators.
func (f *Framework) Walk(fn func(ind *Indicator, depth int)) {
	var walk func([]*Indicator, int)
	walk = func(list []*Indicator, d int) {
		for _, ind := range list {
			fn(ind, d)
			walk(ind.Children, d+1)
		}
	}
	walk(f.Indicators, 1)
}

// Leaves are the indicators without children, in tree order.
func (f *Framework) Leaves() []*Indicator {
	var out []*Indicator
	f.Walk(func(ind *Indicator, _ int) {
		if len(ind.Children) == 0 {
			out = append(out, ind)
		}
	})
	return out
}

// RuleKind names a rule evaluator.
type RuleKind string

// Rule kinds: what the crawler gathers for and scoring evaluates.
const (
	RuleAvailability    RuleKind = "availability"
	RuleHomepageUpdated RuleKind = "homepage_updated"
	RuleColumn          RuleKind = "column"
	RuleStaleColumns    RuleKind = "stale_columns"
	RuleDocument        RuleKind = "document"
	RuleInterpretation  RuleKind = "interpretation"
	RuleResponse        RuleKind = "response"
	RuleLinks           RuleKind = "links"
	RuleServiceGuide    RuleKind = "service_guide"
	RuleManual          RuleKind = "manual"
)

// Rule is a leaf's rule: its kind and exactly one of the parameter structs,
// the one matching Kind. In YAML the parameters sit beside `kind:`.
type Rule struct {
	Kind RuleKind

	Availability    *Availability
	HomepageUpdated *HomepageUpdated
	Column          *Column
	StaleColumns    *StaleColumns
	Document        *Document
	Interpretation  *Interpretation
	Response        *Response
	Links           *Links
	ServiceGuide    *ServiceGuide
	Manual          *Manual
	ContentCheck    *ContentCheck
	ServiceUsable   *ServiceUsable
	Transport       *Transport
	SiteIdentity    *SiteIdentity
	RequestTest     *RequestTest
}

// Availability: probes of the home page over the window; a probe fails when
// no answer comes within Timeout; fails when failures reach FailRatio of at
// least MinProbes probes.
type Availability struct {
	Timeout   time.Duration `yaml:"timeout"`    // e.g. 15s
	PerDay    int           `yaml:"per_day"`    // probes a day, e.g. 20
	Days      int           `yaml:"days"`       // days probed, e.g. 7
	MinProbes int           `yaml:"min_probes"` // fewer probes: finding is pending, not pass
	FailRatio float64       `yaml:"fail_ratio"` // e.g. 0.05
}

// HomepageUpdated: the newest dated item on the home page is within MaxAge
// days of as_of; undated items count as not updated; a hub home page is
// judged by its second-level pages.
type HomepageUpdated struct {
	MaxAgeDays int `yaml:"max_age_days"` // e.g. 14
}

// Column: a column found by anchor-text aliases within Depth links of the
// home page, with optional sub-checks; each satisfied sub-check earns an
// equal share of the points (existence is the first sub-check).
type Column struct {
	Aliases []string `yaml:"aliases"`
	Depth   int      `yaml:"depth,omitempty"`
	// Class puts the column in a class of the stale_columns rule
	// (news, notice, policy …); optional.
	Class       string   `yaml:"class,omitempty"`
	MaxAgeDays  int      `yaml:"max_age_days,omitempty"` // newest item at most this old
	MinItems    int      `yaml:"min_items,omitempty"`    // items dated within the window
	Keywords    []string `yaml:"keywords,omitempty"`     // each must appear in an item title or opened page
	Attachments []string `yaml:"attachments,omitempty"`  // attachment types any item must carry: pdf, doc, xls …
}

// ColumnClass is a class of columns with its update period.
type ColumnClass struct {
	Name       string   `yaml:"name"` // news, notice, policy …
	Aliases    []string `yaml:"aliases"`
	MaxAgeDays int      `yaml:"max_age_days"`
	// FirstLevel counts only the class's first-level columns (those the
	// home page links to), as the 2019 veto does for notices and policy
	// documents.
	FirstLevel bool `yaml:"first_level,omitempty"`
}

// StaleColumns counts columns not updated within their class's period, long
// stale columns and empty columns; fails (veto) or counts occurrences
// (deduct) against the limits.
type StaleColumns struct {
	Classes        []ColumnClass `yaml:"classes"`
	StaleLimit     int           `yaml:"stale_limit"`      // e.g. 5 stale columns
	LongStaleDays  int           `yaml:"long_stale_days"`  // e.g. 365
	LongStaleLimit int           `yaml:"long_stale_limit"` // e.g. 10
	EmptyLimit     int           `yaml:"empty_limit"`      // e.g. 5 empty columns
}

// Document: a dated item whose title matches Pattern (a regular expression
// after cycle variables are substituted: {year} is the as-of year,
// {prev_year} the year before), found in a column matching Aliases (any
// column when empty), published by Deadline ("MM-DD" of the as-of year).
type Document struct {
	Pattern  string   `yaml:"pattern"`
	Aliases  []string `yaml:"aliases,omitempty"`
	Deadline string   `yaml:"deadline,omitempty"`
	// GovernmentDeadline replaces Deadline for the people's government of
	// a region (条例 Art. 49: departments by 31 January, the government's
	// own report by 31 March); see IsGovernment.
	GovernmentDeadline string `yaml:"government_deadline,omitempty"`
}

// Interpretation: the share of policy documents (columns matching
// PolicyAliases, items dated within WindowDays) that have an interpretation
// item (columns matching Aliases, or titles containing a marker) naming them.
type Interpretation struct {
	PolicyAliases []string `yaml:"policy_aliases"`
	Aliases       []string `yaml:"aliases"`
	Markers       []string `yaml:"markers,omitempty"` // default 解读, 图解, 问答
	WindowDays    int      `yaml:"window_days,omitempty"`
}

// Response: letters (互动交流) in columns matching Aliases. Fraction is the
// share answered within MaxWorkingDays; as a veto it fails when any letter
// within LookbackDays is unanswered after UnansweredDays, or no channel exists.
type Response struct {
	Aliases []string `yaml:"aliases"`
	// Exclude: channels whose label matches are never counted, even when
	// an alias matches too (the 2019 rule leaves out 网上信访 and 纪检举报).
	Exclude        []string `yaml:"exclude,omitempty"`
	MaxWorkingDays int      `yaml:"max_working_days"` // e.g. 15
	UnansweredDays int      `yaml:"unanswered_days"`  // e.g. 90
	LookbackDays   int      `yaml:"lookback_days"`    // e.g. 365
}

// Links: broken links. Occurrences = broken links on the home page +
// ⌊broken links elsewhere / OtherPer⌋.
type Links struct {
	OtherPer int `yaml:"other_per"` // e.g. 10 broken links elsewhere count as one
}

// ServiceGuide: service-guide item pages in columns matching Aliases contain
// the Elements; fraction is the mean share of elements per sampled guide.
type ServiceGuide struct {
	Aliases  []string `yaml:"aliases"`
	Elements []string `yaml:"elements"`
	Sample   int      `yaml:"sample,omitempty"`
}

// Manual: guidance for the assessor.
type Manual struct {
	Guidance string `yaml:"guidance,omitempty"`
}

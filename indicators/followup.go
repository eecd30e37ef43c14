package indicators

import (
	"slices"
	"strings"
	"unicode/utf8"

	"zwgk"
)

// What a framework says about the consequences of a mark (§21 of the 2016
// opinions: commend the good, criticise the poor, weigh openness in the
// performance appraisal) and about what follows the assessment: the
// agencies' rectification (整改) and their appeals (申诉). Scoring computes
// from these rules; reports and the portal only display the results.

// Defaults of the follow-up rules, applied by Parse.
const (
	DefaultCommendTop       = 3  // the top three of each tier are commended
	DefaultAppealWindowDays = 10 // days after results are shown to agencies
	DefaultRectifyDays      = 30 // days to rectify a problem
	DefaultVetoRectifyDays  = 15 // days to rectify a failed veto: the site is broken
)

// Groupings within a tier for the commend and criticise lists (NoticeRule
// Per). Ministries belong to no region and are always taken as one group.
const (
	PerTier     = "tier"     // the whole tier (the default)
	PerProvince = "province" // each province of the tier apart
	PerCity     = "city"     // each city of the tier apart
)

// NoticeRules are the §21 lists (通报表扬, 通报批评): who is commended and
// who is criticised. Commend and Criticise apply to every tier unless
// Tiers replaces them for one (by level name: ministry, province, city,
// county; a tier's entry replaces commend, criticise or both, whichever it
// gives).
//
// Whatever the rules, a vetoed or criticised agency is never commended:
// the two lists never share an agency.
type NoticeRules struct {
	Commend   CommendRule                `yaml:"commend" json:"commend"`
	Criticise CriticiseRule              `yaml:"criticise" json:"criticise"`
	Tiers     map[string]TierNoticeRules `yaml:"tiers,omitempty" json:"tiers,omitempty"`
}

// TierNoticeRules replace the framework's notice rules for one tier.
type TierNoticeRules struct {
	Commend   *CommendRule   `yaml:"commend,omitempty" json:"commend,omitempty"`
	Criticise *CriticiseRule `yaml:"criticise,omitempty" json:"criticise,omitempty"`
}

// CommendRule: the Top agencies of each group by standing (ties at the
// boundary included; 0 = no limit by rank), among those graded MinGrade or
// better ("" = any grade), never a vetoed or criticised one. At least one
// of Top and MinGrade must be set.
type CommendRule struct {
	Top      int    `yaml:"top" json:"top"`
	MinGrade string `yaml:"min_grade,omitempty" json:"min_grade,omitempty"`
	Per      string `yaml:"per,omitempty" json:"per,omitempty"` // tier (default), province, city
}

// CriticiseRule: every vetoed agency (Vetoed), every agency with one of
// Grades, and the Bottom agencies of each group by standing (ties at the
// boundary included; 0 = none by rank). Bottom names agencies for their
// rank alone, whatever their grade; leave it 0 unless the bureau's rules
// say "排名后 N 位予以通报批评".
type CriticiseRule struct {
	Vetoed bool     `yaml:"vetoed" json:"vetoed"`
	Grades []string `yaml:"grades,omitempty" json:"grades,omitempty"`
	Bottom int      `yaml:"bottom,omitempty" json:"bottom,omitempty"`
	Per    string   `yaml:"per,omitempty" json:"per,omitempty"` // tier (default), province, city; for Bottom
}

// TierRules returns the commend and criticise rules of a tier.
func (n NoticeRules) TierRules(tier string) (CommendRule, CriticiseRule) {
	c, k := n.Commend, n.Criticise
	if t, ok := n.Tiers[tier]; ok {
		if t.Commend != nil {
			c = *t.Commend
		}
		if t.Criticise != nil {
			k = *t.Criticise
		}
	}
	return c, k
}

// Appeals are the rules for agencies' appeals (申诉).
type Appeals struct {
	// WindowDays is how many calendar days after the results are shown to
	// an agency it may appeal (default 10).
	WindowDays int `yaml:"window_days" json:"window_days"`
}

// Rectification are the rules of the rectification list (整改清单).
type Rectification struct {
	// Days to rectify, by indicator kind (veto, score, deduct, manual) and
	// "default" for the kinds not listed; an indicator's rectify_days
	// overrides them. Defaults: veto 15, default 30.
	Days map[string]int `yaml:"days,omitempty" json:"days,omitempty"`
}

// RectifyDays is the time to rectify a problem found by leaf ind: its own
// rectify_days, else its nearest ancestor's, else the framework's days
// for its kind, else the default.
func (f *Framework) RectifyDays(ind *Indicator) int {
	for a := ind; a != nil; a = f.Parent(a.ID) {
		if a.RectifyDays > 0 {
			return a.RectifyDays
		}
	}
	if d, ok := f.Rectification.Days[string(ind.Kind)]; ok && d > 0 {
		return d
	}
	if d, ok := f.Rectification.Days["default"]; ok && d > 0 {
		return d
	}
	if ind.Kind == KindVeto {
		return DefaultVetoRectifyDays
	}
	return DefaultRectifyDays
}

// Requirement is the rectification requirement (整改要求) for a problem
// found by leaf ind: its own requirement text, else its nearest
// ancestor's, else one made from its name and description.
func (f *Framework) Requirement(ind *Indicator) string {
	for a := ind; a != nil; a = f.Parent(a.ID) {
		if s := strings.TrimSpace(a.Requirement); s != "" {
			return s
		}
	}
	if d := strings.TrimSpace(ind.Description); d != "" {
		return "对照「" + ind.Name + "」指标要求整改：" + d
	}
	return "对照「" + ind.Name + "」指标要求整改。"
}

// Bounds on the follow-up texts of a framework.
const (
	maxAdvice      = 2000 // characters of an indicator's advice
	maxRequirement = 1000 // characters of an indicator's requirement
	maxListSize    = 100000
)

func applyFollowupDefaults(fw *Framework, set map[string]int) {
	if _, ok := set["notices"]; !ok {
		// No rules given: the top three of each tier are commended, and
		// every vetoed agency and every agency of the lowest grade is
		// criticised (§21), never an agency for its rank alone.
		fw.Notices.Commend = CommendRule{Top: DefaultCommendTop}
		fw.Notices.Criticise = CriticiseRule{Vetoed: true}
		if low := lowestBand(fw.Bands); low != "" {
			fw.Notices.Criticise.Grades = []string{low}
		}
	}
	if fw.Appeals.WindowDays == 0 {
		fw.Appeals.WindowDays = DefaultAppealWindowDays
	}
}

func lowestBand(bands []Band) string {
	if len(bands) == 0 {
		return ""
	}
	low := bands[0]
	for _, b := range bands {
		if b.Min < low.Min {
			low = b
		}
	}
	return low.Grade
}

// validateFollowup checks notices, appeals, rectification and appraisal
// rules; line gives the line of a path of keys below the framework.
func (p *parser) validateFollowup(fw *Framework, line func(path ...string) int) {
	grades := make([]string, 0, len(fw.Bands))
	for _, b := range fw.Bands {
		grades = append(grades, b.Grade)
	}
	known := strings.Join(grades, ", ")
	// An unknown key in the notices (a misspelt top) leaves its field
	// unset; saying the rule names everyone or no one would repeat it.
	misspelt := false
	for _, e := range p.errs {
		misspelt = misspelt || strings.Contains(e.Error(), "in framework notices")
	}
	commend := func(c CommendRule, path ...string) {
		at := func(k string) int { return line(append(slices.Clone(path), k)...) }
		if c.Top < 0 || c.Top > maxListSize {
			p.faultf(at("top"), "", "%s top %d: a number of agencies, 0–%d", strings.Join(path, " "), c.Top, maxListSize)
		}
		if c.MinGrade != "" && len(grades) > 0 && !slices.Contains(grades, c.MinGrade) {
			p.faultf(at("min_grade"), "", "%s min_grade %q is not a grade of the bands (%s)", strings.Join(path, " "), c.MinGrade, known)
		}
		if c.Top == 0 && c.MinGrade == "" && !misspelt {
			p.faultf(line(path...), "", "%s names every agency: set top (the first N of each tier) or min_grade", strings.Join(path, " "))
		}
		p.checkPer(c.Per, at("per"), path)
	}
	criticise := func(c CriticiseRule, path ...string) {
		at := func(k string) int { return line(append(slices.Clone(path), k)...) }
		for i, g := range c.Grades {
			switch {
			case len(grades) > 0 && !slices.Contains(grades, g):
				p.faultf(at("grades"), "", "%s grades: %q is not a grade of the bands (%s)", strings.Join(path, " "), g, known)
			case slices.Contains(c.Grades[:i], g):
				p.faultf(at("grades"), "", "%s grades: %q listed twice", strings.Join(path, " "), g)
			}
		}
		if c.Bottom < 0 || c.Bottom > maxListSize {
			p.faultf(at("bottom"), "", "%s bottom %d: a number of agencies, 0–%d", strings.Join(path, " "), c.Bottom, maxListSize)
		}
		if !c.Vetoed && len(c.Grades) == 0 && c.Bottom == 0 && !misspelt {
			p.faultf(line(path...), "", "%s names no agency: set vetoed, grades or bottom (§21 asks that the poor be criticised)", strings.Join(path, " "))
		}
		p.checkPer(c.Per, at("per"), path)
	}
	commend(fw.Notices.Commend, "notices", "commend")
	criticise(fw.Notices.Criticise, "notices", "criticise")
	tiers := make([]string, 0, len(fw.Notices.Tiers))
	for t := range fw.Notices.Tiers {
		tiers = append(tiers, t)
	}
	slices.Sort(tiers)
	for _, t := range tiers {
		r := fw.Notices.Tiers[t]
		if !zwgk.Level(t).Valid() {
			p.faultf(line("notices", "tiers", t), "", "notices tiers: unknown tier %q (one of ministry, province, city, county)", t)
			continue
		}
		if r.Commend == nil && r.Criticise == nil {
			p.faultf(line("notices", "tiers", t), "", "notices tiers %s: give commend, criticise or both", t)
		}
		if r.Commend != nil {
			commend(*r.Commend, "notices", "tiers", t, "commend")
		}
		if r.Criticise != nil {
			criticise(*r.Criticise, "notices", "tiers", t, "criticise")
		}
	}

	if w := fw.Appeals.WindowDays; w < 1 || w > 365 {
		p.faultf(line("appeals", "window_days"), "", "appeals window_days %d: days after results are shown, 1–365", w)
	}
	keys := make([]string, 0, len(fw.Rectification.Days))
	for k := range fw.Rectification.Days {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		d := fw.Rectification.Days[k]
		switch {
		case k == string(KindBonus) || k == string(KindGroup):
			p.faultf(line("rectification", "days", k), "", "rectification days %s: %s indicators are never on a rectification list", k, k)
		case k != "default" && !slices.Contains(Kinds, Kind(k)):
			p.faultf(line("rectification", "days", k), "", "rectification days: unknown kind %q (veto, score, deduct, manual or default)", k)
		}
		if d < 1 || d > 3660 {
			p.faultf(line("rectification", "days", k), "", "rectification days %s %d: 1–3660", k, d)
		}
	}
	if !finite(fw.AppraisalVetoed) || fw.AppraisalVetoed < 0 || fw.AppraisalVetoed > fw.AppraisalWeight {
		p.faultf(line("appraisal_vetoed"), "", "appraisal_vetoed %s: points a vetoed agency gets, 0–appraisal_weight (%s)", num(fw.AppraisalVetoed), num(fw.AppraisalWeight))
	}
}

func (p *parser) checkPer(per string, line int, path []string) {
	switch per {
	case "", PerTier, PerProvince, PerCity:
	default:
		p.faultf(line, "", "%s per %q: one of tier, province, city", strings.Join(path, " "), per)
	}
}

// validateFollowupIndicator checks an indicator's advice, requirement and
// rectify_days.
func validateFollowupIndicator(ind *Indicator, bad func(format string, a ...any)) {
	if n := utf8.RuneCountInString(ind.Advice); n > maxAdvice {
		bad("advice is %d characters, at most %d", n, maxAdvice)
	}
	if n := utf8.RuneCountInString(ind.Requirement); n > maxRequirement {
		bad("requirement is %d characters, at most %d", n, maxRequirement)
	}
	if ind.RectifyDays < 0 || ind.RectifyDays > 3660 {
		bad("rectify_days %d: 1–3660 (0 or unset: the framework's days for its kind)", ind.RectifyDays)
	}
	if len(ind.Children) == 0 && ind.Kind == KindBonus && (ind.Requirement != "" || ind.RectifyDays != 0) {
		bad("a bonus indicator is never on a rectification list: requirement and rectify_days do not apply")
	}
}

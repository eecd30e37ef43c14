package indicators

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Framework defaults, applied by Parse when a setting is unset.
const (
	DefaultTotal         = 100
	DefaultNotApplicable = "rescale"
	DefaultWindowDays    = 365
)

// DefaultSampling suits a focused crawl: the columns a framework looks for
// sit within a few links of the home page.
var DefaultSampling = Sampling{MaxPages: 300, MaxDepth: 4, ItemsOpened: 5, ListPages: 5, LinksChecked: 100}

// Not-applicable policies.
const (
	NARescale = "rescale" // points leave the denominator, the rest rescales
	NAFull    = "full"    // the points are granted
)

// pointsEpsilon absorbs float noise when sums of points are compared.
const pointsEpsilon = 1e-6

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)

// frameworkIDPattern: ids name built-ins and files on the command line.
var frameworkIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func applyDefaults(fw *Framework) {
	if fw.Total == 0 {
		fw.Total = DefaultTotal
	}
	if fw.NotApplicable == "" {
		fw.NotApplicable = DefaultNotApplicable
	}
	if fw.WindowDays == 0 {
		fw.WindowDays = DefaultWindowDays
	}
	if fw.VetoGrade == "" && len(fw.Bands) > 0 {
		low := fw.Bands[0]
		for _, b := range fw.Bands {
			if b.Min < low.Min {
				low = b
			}
		}
		fw.VetoGrade = low.Grade
	}
	s, d := &fw.Sampling, DefaultSampling
	setInt(&s.MaxPages, d.MaxPages)
	setInt(&s.MaxDepth, d.MaxDepth)
	setInt(&s.ItemsOpened, d.ItemsOpened)
	setInt(&s.ListPages, d.ListPages)
	setInt(&s.LinksChecked, d.LinksChecked)
	bonus := 0.0
	fw.Walk(func(ind *Indicator, _ int) {
		if ind.Kind == "" && len(ind.Children) > 0 {
			ind.Kind = KindGroup
		}
		if len(ind.Children) == 0 && ind.Kind == KindBonus {
			bonus += ind.Points
		}
		if ind.Rule != nil && ind.Rule.Interpretation != nil && ind.Rule.Interpretation.WindowDays == 0 {
			ind.Rule.Interpretation.WindowDays = fw.WindowDays
		}
	})
	if fw.BonusCap == 0 {
		fw.BonusCap = bonus
	}
}

// validate checks a decoded framework with defaults applied.
func (p *parser) validate(fw *Framework) {
	line := func(key string) int { return p.keyLine[key] }
	if fw.ID == "" {
		p.faultf(1, "", "framework has no id")
	} else if !frameworkIDPattern.MatchString(fw.ID) {
		p.faultf(line("id"), "", "framework id %q: use lower-case letters, digits, '.', '-' and '_'", fw.ID)
	}
	if fw.Version == "" {
		p.faultf(1, "", "framework has no version")
	}
	if fw.Title == "" {
		p.faultf(1, "", "framework has no title")
	}
	if !finite(fw.Total) || fw.Total <= 0 {
		p.faultf(line("total"), "", "total must be positive, not %s", num(fw.Total))
	}
	p.validateBands(fw, line("bands"))
	if fw.NotApplicable != NARescale && fw.NotApplicable != NAFull {
		p.faultf(line("not_applicable"), "", "not_applicable %q: one of rescale, full", fw.NotApplicable)
	}
	if !finite(fw.AppraisalWeight) || fw.AppraisalWeight < 0 || fw.AppraisalWeight > 100 {
		p.faultf(line("appraisal_weight"), "", "appraisal_weight %s: points of a 100-point appraisal, 0–100", num(fw.AppraisalWeight))
	}
	if fw.WindowDays < 0 || fw.WindowDays > 3660 {
		p.faultf(line("window_days"), "", "window_days %d: 1–3660", fw.WindowDays)
	}
	if !finite(fw.BonusGate) || fw.BonusGate < 0 || fw.BonusGate > fw.Total {
		p.faultf(line("bonus_gate"), "", "bonus_gate %s outside 0–%s", num(fw.BonusGate), num(fw.Total))
	}
	if !finite(fw.BonusCap) || fw.BonusCap < 0 {
		p.faultf(line("bonus_cap"), "", "bonus_cap %s is negative", num(fw.BonusCap))
	}
	p.validateFollowup(fw, p.line)
	p.validateWords(fw)
	s := fw.Sampling
	for _, v := range []struct {
		name string
		n    int
	}{{"max_pages", s.MaxPages}, {"max_depth", s.MaxDepth}, {"items_opened", s.ItemsOpened}, {"list_pages", s.ListPages}, {"links_checked", s.LinksChecked}} {
		if v.n < 0 || v.n > 100000 {
			p.faultf(line("sampling"), "", "sampling %s %d outside 0–100000", v.name, v.n)
		}
	}
	if len(fw.Indicators) == 0 {
		if _, ok := p.keyLine["indicators"]; ok {
			p.faultf(line("indicators"), "", "no indicators")
		}
		return
	}

	var classes []string // stale_columns classes, for column.class
	fw.Walk(func(ind *Indicator, _ int) {
		if ind.Rule != nil && ind.Rule.StaleColumns != nil {
			for _, c := range ind.Rule.StaleColumns.Classes {
				classes = append(classes, c.Name)
			}
		}
	})
	base := 0.0
	for _, ind := range fw.Indicators {
		p.validateIndicator(fw, ind, nil, classes)
		if !ind.Bonus() {
			base += ind.Points
		}
	}
	if math.Abs(base-fw.Total) > pointsEpsilon && len(p.broken) == 0 {
		p.faultf(line("indicators"), "", "top-level points (bonus excluded) sum to %s, total is %s", num(base), num(fw.Total))
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (p *parser) validateBands(fw *Framework, line int) {
	if len(fw.Bands) == 0 {
		p.faultf(max(line, 1), "", "no grade bands (e.g. {min: 60, grade: 合格} and {min: 0, grade: 不合格})")
		return
	}
	grades := map[string]bool{}
	for i, b := range fw.Bands {
		switch {
		case b.Grade == "":
			p.faultf(line, "", "band %d (min %s) has no grade", i+1, num(b.Min))
		case grades[b.Grade]:
			p.faultf(line, "", "band grade %q appears twice", b.Grade)
		}
		grades[b.Grade] = true
		if !finite(b.Min) || b.Min < 0 || b.Min > fw.Total {
			p.faultf(line, "", "band %q starts at %s, outside 0–%s", b.Grade, num(b.Min), num(fw.Total))
		}
		if i > 0 {
			prev := fw.Bands[i-1]
			switch {
			case b.Min == prev.Min:
				p.faultf(line, "", "bands %q and %q overlap: both start at %s", prev.Grade, b.Grade, num(b.Min))
			case b.Min > prev.Min:
				p.faultf(line, "", "bands out of order: %q (from %s) after %q (from %s); list them highest first", b.Grade, num(b.Min), prev.Grade, num(prev.Min))
			}
		}
	}
	low := slices.MinFunc(fw.Bands, func(a, b Band) int { return cmp.Compare(a.Min, b.Min) })
	if low.Min > 0 {
		p.faultf(line, "", "bands leave a gap below %s: the lowest band must start at 0 so every mark has a grade", num(low.Min))
	}
}

func (p *parser) validateIndicator(fw *Framework, ind, parent *Indicator, classes []string) {
	id := ind.ID
	bad := func(format string, a ...any) { p.faultf(ind.Line, id, format, a...) }
	switch {
	case id == "":
		p.faultf(ind.Line, "", "indicator without id")
	case !idPattern.MatchString(id):
		bad("id: use letters, digits, '.', '-' and '_' (e.g. A2.3)")
	default:
		if first, dup := p.ids[id]; dup {
			bad("duplicate id (first defined at line %d)", first)
		} else {
			p.ids[id] = ind.Line
		}
	}
	if strings.TrimSpace(ind.Name) == "" {
		bad("no name")
	}
	if !finite(ind.Points) || ind.Points < 0 {
		bad("points %s: must be 0 or more", num(ind.Points))
	}
	for i, l := range ind.Levels {
		if !l.Valid() {
			bad("unknown level %q (one of ministry, province, city, county)", l)
		} else if slices.Contains(ind.Levels[:i], l) {
			bad("level %q listed twice", l)
		} else if parent != nil && !parent.AppliesTo(l) {
			bad("level %q is not among its parent %q's levels", l, parent.ID)
		}
	}
	if ind.Kind != "" && !slices.Contains(Kinds, ind.Kind) {
		bad("unknown kind %q (one of score, veto, deduct, bonus, manual, group)", ind.Kind)
	}
	if ind.Per != 0 && ind.Kind != KindDeduct {
		bad("per is only for deduct indicators")
	}
	validateFollowupIndicator(ind, bad)

	if len(ind.Children) > 0 {
		if ind.Kind != KindGroup {
			bad("kind %s has children; an indicator with children is a group", ind.Kind)
		}
		if ind.Rule != nil {
			bad("a group has no rule; put rules on its leaves")
		}
		sum, bonus, nonBonus, broken := 0.0, 0, 0, false
		for _, c := range ind.Children {
			p.validateIndicator(fw, c, ind, classes)
			sum += c.Points
			broken = broken || p.broken[c]
			if c.Bonus() {
				bonus++
			} else {
				nonBonus++
			}
		}
		if broken {
			p.broken[ind] = true // its sum is unknown
		} else if math.Abs(sum-ind.Points) > pointsEpsilon && !p.broken[ind] {
			bad("children points sum to %s, parent has %s", num(sum), num(ind.Points))
		}
		if bonus > 0 && nonBonus > 0 {
			bad("group mixes bonus and non-bonus indicators; keep bonus indicators in a group of their own")
		}
		return
	}

	// A leaf.
	switch ind.Kind {
	case "":
		bad("no kind (one of score, veto, deduct, bonus, manual)")
	case KindGroup:
		bad("group without children")
	case KindVeto:
		if ind.Points != 0 {
			bad("veto indicator has %s points; a veto carries none, it only passes or fails", num(ind.Points))
		}
	case KindDeduct:
		if ind.Per <= 0 || !finite(ind.Per) {
			bad("deduct indicator without per (points deducted per occurrence)")
		} else if ind.Per > ind.Points {
			bad("per %s exceeds the indicator's %s points", num(ind.Per), num(ind.Points))
		}
		if ind.Points <= 0 {
			bad("deduct indicator has no points to deduct from")
		}
	case KindScore, KindBonus, KindManual:
		if ind.Points <= 0 && !p.broken[ind] {
			bad("%s indicator has no points", ind.Kind)
		}
	}
	if ind.Kind == KindBonus && fw.BonusGate == 0 {
		bad("bonus indicator without a gate: set the framework's bonus_gate (the base mark from which bonus counts)")
	}
	switch {
	case ind.Rule == nil && ind.Kind != KindManual && ind.Kind != KindGroup && !p.broken[ind]:
		bad("missing rule (every leaf needs one; only kind manual may omit it)")
	case ind.Rule == nil:
	case ind.Kind == KindManual && ind.Rule.Kind != RuleManual:
		bad("kind manual is scored by an assessor: its rule, if any, is kind manual, not %s", ind.Rule.Kind)
	default:
		for _, m := range validateRule(ind.Rule, classes) {
			bad("rule %s: %s", ind.Rule.Kind, m)
		}
	}
}

// validateRule checks a rule's parameters (defaults applied).
func validateRule(r *Rule, classes []string) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	aliases := func(name string, list []string, required bool) {
		if required && len(list) == 0 {
			bad("%s: at least one", name)
		}
		for _, a := range list {
			if Normalize(a) == "" {
				bad("%s: %q is empty once spaces and punctuation are dropped", name, a)
			}
		}
	}
	nonNeg := func(name string, v int) {
		if v < 0 {
			bad("%s %d is negative", name, v)
		}
	}
	switch {
	case r.Availability != nil:
		a := r.Availability
		if a.Timeout < 0 || a.Timeout > 5*time.Minute {
			bad("timeout %s outside 0–5m", a.Timeout)
		}
		if !finite(a.FailRatio) || a.FailRatio <= 0 || a.FailRatio > 1 {
			bad("fail_ratio %s outside (0, 1]", num(a.FailRatio))
		}
		nonNeg("per_day", a.PerDay)
		nonNeg("days", a.Days)
		nonNeg("min_probes", a.MinProbes)
		if a.PerDay > 0 && a.Days > 0 && a.MinProbes > a.PerDay*a.Days {
			bad("min_probes %d can never be reached with %d probes a day for %d days", a.MinProbes, a.PerDay, a.Days)
		}
	case r.HomepageUpdated != nil:
		nonNeg("max_age_days", r.HomepageUpdated.MaxAgeDays)
	case r.Column != nil:
		c := r.Column
		aliases("aliases", c.Aliases, true)
		nonNeg("depth", c.Depth)
		nonNeg("max_age_days", c.MaxAgeDays)
		nonNeg("min_items", c.MinItems)
		for _, k := range c.Keywords {
			if Normalize(k) == "" {
				bad("keyword %q is empty", k)
			}
		}
		for _, a := range c.Attachments {
			if !attachmentPattern.MatchString(a) {
				bad("attachment type %q: a file extension like pdf, doc, xlsx", a)
			}
		}
		if c.Class != "" && len(classes) > 0 && !slices.Contains(classes, c.Class) {
			bad("class %q is not a class of the stale_columns rule (%s)", c.Class, strings.Join(classes, ", "))
		}
	case r.StaleColumns != nil:
		s := r.StaleColumns
		seen := map[string]bool{}
		for _, c := range s.Classes {
			switch {
			case c.Name == "":
				bad("a column class has no name")
			case seen[c.Name]:
				bad("column class %q defined twice", c.Name)
			}
			seen[c.Name] = true
			aliases("class "+c.Name+" aliases", c.Aliases, false)
			if c.MaxAgeDays <= 0 {
				bad("class %q: max_age_days must be positive", c.Name)
			}
		}
		nonNeg("stale_limit", s.StaleLimit)
		nonNeg("long_stale_days", s.LongStaleDays)
		nonNeg("long_stale_limit", s.LongStaleLimit)
		nonNeg("empty_limit", s.EmptyLimit)
	case r.Document != nil:
		d := r.Document
		aliases("aliases", d.Aliases, false)
		if d.Pattern == "" {
			bad("no pattern")
		} else if _, err := CompilePattern(d.Pattern, 2026); err != nil {
			bad("%v", err)
		}
		for _, dl := range []struct{ name, v string }{{"deadline", d.Deadline}, {"government_deadline", d.GovernmentDeadline}} {
			if dl.v != "" {
				if _, err := time.Parse("01-02", dl.v); err != nil {
					bad("%s %q: a month and day, MM-DD", dl.name, dl.v)
				}
			}
		}
	case r.Interpretation != nil:
		in := r.Interpretation
		aliases("policy_aliases", in.PolicyAliases, true)
		aliases("aliases", in.Aliases, false)
		aliases("markers", in.Markers, false)
		nonNeg("window_days", in.WindowDays)
	case r.Response != nil:
		rs := r.Response
		aliases("aliases", rs.Aliases, true)
		aliases("exclude", rs.Exclude, false)
		nonNeg("max_working_days", rs.MaxWorkingDays)
		nonNeg("unanswered_days", rs.UnansweredDays)
		nonNeg("lookback_days", rs.LookbackDays)
	case r.Links != nil:
		nonNeg("other_per", r.Links.OtherPer)
	case r.ServiceGuide != nil:
		g := r.ServiceGuide
		aliases("aliases", g.Aliases, true)
		aliases("elements", g.Elements, true)
		nonNeg("sample", g.Sample)
	case r.ContentCheck != nil:
		r.ContentCheck.validate(bad)
	case r.ServiceUsable != nil:
		r.ServiceUsable.validate(bad, aliases)
	case r.Transport != nil:
		r.Transport.validate(bad)
	case r.SiteIdentity != nil:
		r.SiteIdentity.validate(bad)
	case r.RequestTest != nil:
		r.RequestTest.validate(bad)
	}
	return errs
}

var attachmentPattern = regexp.MustCompile(`^[a-z0-9]{1,8}$`)

// MaxPattern bounds a document pattern's length.
const MaxPattern = 1000

// CompilePattern substitutes the cycle variables of a document pattern —
// {year} the as-of year, {prev_year} the year before — and compiles it.
func CompilePattern(pattern string, year int) (*regexp.Regexp, error) {
	if len(pattern) > MaxPattern {
		return nil, fmt.Errorf("pattern longer than %d bytes", MaxPattern)
	}
	s := strings.NewReplacer("{year}", strconv.Itoa(year), "{prev_year}", strconv.Itoa(year-1)).Replace(pattern)
	re, err := regexp.Compile(s)
	if err != nil {
		return nil, fmt.Errorf("pattern %q does not compile: %w", pattern, err)
	}
	return re, nil
}

// Bonus reports whether the indicator is a bonus indicator or a group of
// them; bonus points are outside the base mark.
func (ind *Indicator) Bonus() bool {
	if len(ind.Children) == 0 {
		return ind.Kind == KindBonus
	}
	for _, c := range ind.Children {
		if !c.Bonus() {
			return false
		}
	}
	return true
}

// Indicator returns the indicator with the given id, or nil.
func (f *Framework) Indicator(id string) *Indicator {
	var found *Indicator
	f.Walk(func(ind *Indicator, _ int) {
		if found == nil && ind.ID == id {
			found = ind
		}
	})
	return found
}

// Parent returns the parent of the indicator with the given id, or nil for
// a first-level indicator or an unknown id.
func (f *Framework) Parent(id string) *Indicator {
	var parent *Indicator
	var walk func(p *Indicator, list []*Indicator) bool
	walk = func(p *Indicator, list []*Indicator) bool {
		for _, ind := range list {
			if ind.ID == id {
				parent = p
				return true
			}
			if walk(ind, ind.Children) {
				return true
			}
		}
		return false
	}
	walk(nil, f.Indicators)
	return parent
}

// FirstLevel returns the first-level indicator the indicator with the given
// id belongs to (itself if it is first-level), or nil for an unknown id.
func (f *Framework) FirstLevel(id string) *Indicator {
	for _, top := range f.Indicators {
		found := false
		var walk func(*Indicator)
		walk = func(ind *Indicator) {
			if ind.ID == id {
				found = true
			}
			for _, c := range ind.Children {
				walk(c)
			}
		}
		walk(top)
		if found {
			return top
		}
	}
	return nil
}

// Export returns the exact text the framework was parsed from, a starting
// point for a bureau's own version.
func (f *Framework) Export() []byte { return append([]byte(nil), f.Source...) }

// Grade returns the grade of a mark from the bands (highest first).
func (f *Framework) Grade(mark float64) string {
	for _, b := range f.Bands {
		if mark >= b.Min {
			return b.Grade
		}
	}
	return f.VetoGrade
}

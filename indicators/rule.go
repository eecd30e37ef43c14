package indicators

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// RuleKinds lists every rule kind, in the order the README documents them.
var RuleKinds = []RuleKind{
	RuleAvailability, RuleHomepageUpdated, RuleColumn, RuleStaleColumns, RuleDocument,
	RuleInterpretation, RuleResponse, RuleLinks, RuleServiceGuide, RuleManual,
	RuleContentCheck, RuleServiceUsable, RuleTransport, RuleSiteIdentity,
}

// Kinds lists every indicator kind.
var Kinds = []Kind{KindScore, KindVeto, KindDeduct, KindBonus, KindManual, KindGroup}

// NewRule returns a rule of kind k with its (zero) parameter struct, or nil
// for an unknown kind.
func NewRule(k RuleKind) *Rule {
	r := &Rule{Kind: k}
	switch k {
	case RuleAvailability:
		r.Availability = &Availability{}
	case RuleHomepageUpdated:
		r.HomepageUpdated = &HomepageUpdated{}
	case RuleColumn:
		r.Column = &Column{}
	case RuleStaleColumns:
		r.StaleColumns = &StaleColumns{}
	case RuleDocument:
		r.Document = &Document{}
	case RuleInterpretation:
		r.Interpretation = &Interpretation{}
	case RuleResponse:
		r.Response = &Response{}
	case RuleLinks:
		r.Links = &Links{}
	case RuleServiceGuide:
		r.ServiceGuide = &ServiceGuide{}
	case RuleManual:
		r.Manual = &Manual{}
	case RuleContentCheck:
		r.ContentCheck = &ContentCheck{}
	case RuleServiceUsable:
		r.ServiceUsable = &ServiceUsable{}
	case RuleTransport:
		r.Transport = &Transport{}
	case RuleSiteIdentity:
		r.SiteIdentity = &SiteIdentity{}
	case RuleRequestTest:
		r.RequestTest = &RequestTest{}
	default:
		return nil
	}
	return r
}

// Params returns the pointer to the rule's parameter struct (e.g.
// *Column), or nil.
func (r *Rule) Params() any {
	if r == nil {
		return nil
	}
	for _, p := range []any{r.Availability, r.HomepageUpdated, r.Column, r.StaleColumns, r.Document,
		r.Interpretation, r.Response, r.Links, r.ServiceGuide, r.Manual, r.ContentCheck, r.ServiceUsable, r.Transport, r.SiteIdentity, r.RequestTest} {
		if v := reflect.ValueOf(p); !v.IsNil() {
			return p
		}
	}
	return nil
}

// Aliases returns the column aliases the rule looks for (the crawler
// follows links whose anchor text matches them), or nil.
func (r *Rule) Aliases() []string {
	switch {
	case r == nil:
		return nil
	case r.Column != nil:
		return r.Column.Aliases
	case r.Document != nil:
		return r.Document.Aliases
	case r.Interpretation != nil:
		return append(append([]string(nil), r.Interpretation.PolicyAliases...), r.Interpretation.Aliases...)
	case r.Response != nil:
		return r.Response.Aliases
	case r.ServiceGuide != nil:
		return r.ServiceGuide.Aliases
	case r.ServiceUsable != nil:
		return append(append([]string(nil), r.ServiceUsable.Aliases...), r.ServiceUsable.SystemAliases...)
	case r.StaleColumns != nil:
		var out []string
		for _, c := range r.StaleColumns.Classes {
			out = append(out, c.Aliases...)
		}
		return out
	}
	return nil
}

// UnmarshalYAML decodes `{kind: column, aliases: [...], …}`: the kind picks
// the parameter struct, the other keys decode strictly into it (an unknown
// parameter is an error), and defaults fill unset parameters.
func (r *Rule) UnmarshalYAML(n *yaml.Node) error {
	rule, errs := decodeRule(n)
	if len(errs) > 0 {
		te := &yaml.TypeError{}
		for _, e := range errs {
			te.Errors = append(te.Errors, fmt.Sprintf("line %d: %s", e.line, e.msg))
		}
		return te
	}
	*r = *rule
	return nil
}

// MarshalYAML writes the rule back in the shape UnmarshalYAML reads.
func (r Rule) MarshalYAML() (any, error) {
	var n yaml.Node
	if p := r.Params(); p != nil {
		if err := n.Encode(p); err != nil {
			return nil, fmt.Errorf("encode rule %s: %w", r.Kind, err)
		}
	} else {
		n.Kind = yaml.MappingNode
	}
	kind := []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "kind"},
		{Kind: yaml.ScalarNode, Value: string(r.Kind)},
	}
	n.Content = append(kind, n.Content...)
	return &n, nil
}

// MarshalJSON writes the rule as YAML does, `{"kind": …, parameters…}`
// with the YAML parameter names, so JSON exports read like the framework.
func (r Rule) MarshalJSON() ([]byte, error) {
	v, err := r.MarshalYAML()
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := v.(*yaml.Node).Decode(&m); err != nil {
		return nil, fmt.Errorf("rule %s as json: %w", r.Kind, err)
	}
	return json.Marshal(m)
}

// decodeRule decodes a rule node; it returns the rule (nil when the kind is
// missing or unknown) and every problem found, placed by line.
func decodeRule(n *yaml.Node) (*Rule, []posError) {
	if n.Kind != yaml.MappingNode {
		return nil, []posError{{n.Line, "rule is a mapping: {kind: …, parameters …}"}}
	}
	kn, kv := mapValue(n, "kind")
	if kv == nil || kv.Value == "" {
		return nil, []posError{{n.Line, "rule has no kind (one of " + ruleKindList() + ")"}}
	}
	kind := RuleKind(kv.Value)
	r := NewRule(kind)
	if r == nil {
		return nil, []posError{{kn.Line, fmt.Sprintf("unknown rule kind %q (one of %s)", kv.Value, ruleKindList())}}
	}
	params := without(n, "kind")
	t := reflect.TypeOf(r.Params()).Elem()
	var errs []posError
	for _, e := range checkKeys(params, t, "rule kind "+string(kind)) {
		e.msg = strings.Replace(e.msg, "unknown field", "unknown parameter", 1)
		errs = append(errs, e)
	}
	if err := params.Decode(r.Params()); err != nil {
		if te, ok := err.(*yaml.TypeError); ok {
			for _, m := range te.Errors {
				errs = append(errs, splitLine(m))
			}
		} else {
			errs = append(errs, splitLine(err.Error()))
		}
	}
	r.applyDefaults()
	return r, errs
}

func ruleKindList() string {
	s := make([]string, len(RuleKinds))
	for i, k := range RuleKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Defaults of rule parameters, applied when a parameter is unset (zero).
// They follow the State Council website-inspection rules (DESIGN.md).
const (
	DefaultTimeout        = 15 * time.Second
	DefaultPerDay         = 20
	DefaultDays           = 7
	DefaultMinProbes      = 20
	DefaultFailRatio      = 0.05
	DefaultHomeMaxAge     = 14
	DefaultColumnDepth    = 3
	DefaultStaleLimit     = 5
	DefaultLongStaleDays  = 365
	DefaultLongStaleLimit = 10
	DefaultEmptyLimit     = 5
	DefaultMaxWorkingDays = 15
	DefaultUnansweredDays = 90
	DefaultLookbackDays   = 365
	DefaultOtherPer       = 10
	DefaultGuideSample    = 5
)

// DefaultMarkers mark an interpretation item's title.
var DefaultMarkers = []string{"解读", "图解", "问答"}

// DefaultGuideElements are the elements of a service guide (办事指南要素).
var DefaultGuideElements = []string{"事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"}

// DefaultColumnClasses are the stale_columns classes when none are given:
// news columns are updated within 2 weeks, notices and policy documents
// within 6 months.
func DefaultColumnClasses() []ColumnClass {
	return []ColumnClass{
		{Name: "news", Aliases: []string{"工作动态", "政务动态", "要闻", "新闻", "动态"}, MaxAgeDays: 14},
		{Name: "notice", Aliases: []string{"通知公告", "公告公示", "公示公告", "通知", "公告"}, MaxAgeDays: 180},
		{Name: "policy", Aliases: []string{"政策文件", "规范性文件", "政府文件", "文件发布", "政策法规"}, MaxAgeDays: 180},
	}
}

func setInt(p *int, v int) {
	if *p == 0 {
		*p = v
	}
}

// applyDefaults fills unset parameters; it never overrides a set one.
func (r *Rule) applyDefaults() {
	switch {
	case r.Availability != nil:
		a := r.Availability
		if a.Timeout == 0 {
			a.Timeout = DefaultTimeout
		}
		setInt(&a.PerDay, DefaultPerDay)
		setInt(&a.Days, DefaultDays)
		setInt(&a.MinProbes, DefaultMinProbes)
		if a.FailRatio == 0 {
			a.FailRatio = DefaultFailRatio
		}
	case r.HomepageUpdated != nil:
		setInt(&r.HomepageUpdated.MaxAgeDays, DefaultHomeMaxAge)
	case r.Column != nil:
		setInt(&r.Column.Depth, DefaultColumnDepth)
	case r.StaleColumns != nil:
		s := r.StaleColumns
		if len(s.Classes) == 0 {
			s.Classes = DefaultColumnClasses()
		}
		setInt(&s.StaleLimit, DefaultStaleLimit)
		setInt(&s.LongStaleDays, DefaultLongStaleDays)
		setInt(&s.LongStaleLimit, DefaultLongStaleLimit)
		setInt(&s.EmptyLimit, DefaultEmptyLimit)
	case r.Interpretation != nil:
		if len(r.Interpretation.Markers) == 0 {
			r.Interpretation.Markers = append([]string(nil), DefaultMarkers...)
		}
	case r.Response != nil:
		setInt(&r.Response.MaxWorkingDays, DefaultMaxWorkingDays)
		setInt(&r.Response.UnansweredDays, DefaultUnansweredDays)
		setInt(&r.Response.LookbackDays, DefaultLookbackDays)
	case r.Links != nil:
		setInt(&r.Links.OtherPer, DefaultOtherPer)
	case r.ServiceGuide != nil:
		if len(r.ServiceGuide.Elements) == 0 {
			r.ServiceGuide.Elements = append([]string(nil), DefaultGuideElements...)
		}
		setInt(&r.ServiceGuide.Sample, DefaultGuideSample)
	case r.ContentCheck != nil:
		r.ContentCheck.applyDefaults()
	case r.ServiceUsable != nil:
		r.ServiceUsable.applyDefaults()
	case r.Transport != nil:
		r.Transport.applyDefaults()
	case r.SiteIdentity != nil:
		r.SiteIdentity.applyDefaults()
	case r.RequestTest != nil:
		r.RequestTest.applyDefaults()
	}
}

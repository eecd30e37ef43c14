package indicators

// RuleRequestTest judges the request-test register (依申请公开测试): the
// information requests an assessor filed with the agency and how they
// were answered (政府信息公开条例 (2019) 第33条, 第36条).
const RuleRequestTest RuleKind = "request_test"

// Defaults of a request_test rule (条例第33条).
const (
	DefaultRequestDays      = 20  // 自收到申请之日起20个工作日内予以答复
	DefaultRequestExtension = 20  // 延长的期限最长不得超过20个工作日
	DefaultRequestMin       = 1   // requests on record before the rule judges
	DefaultQualityWeight    = 0.5 // share of a request's credit for the reply's 规范性
)

// RequestTest: each request on record earns credit — on time, the
// timeliness share (1 − quality_weight); a late answer earns late_credit
// of it; unanswered past the deadline nothing — plus quality_weight times
// the assessor's rating of the reply (规范 1, 基本规范 0.5, 不规范 0).
// Fraction = mean credit; occurrences (deduct) = requests late or
// unanswered; a veto breaks on a request unanswered past its deadline.
// The finding is pending while a request is still within its deadline, a
// reply is not yet rated, a deadline falls in a year the calendar lacks,
// or fewer than min requests are on record (none: "no test request on
// record", never a failure).
type RequestTest struct {
	Days      int `yaml:"days"`      // working days to answer, from receipt
	Extension int `yaml:"extension"` // working days an extension notice adds
	Min       int `yaml:"min"`       // requests on record needed to judge
	// QualityWeight is 0..1 (0: timeliness only); nil is the default 0.5.
	QualityWeight *float64 `yaml:"quality_weight,omitempty"`
	LateCredit    float64  `yaml:"late_credit"` // 0..1 of the timeliness share for a late answer
}

// Quality is the quality weight that applies.
func (t *RequestTest) Quality() float64 {
	if t.QualityWeight == nil {
		return DefaultQualityWeight
	}
	return *t.QualityWeight
}

func init() {
	ruleChinese[RuleRequestTest] = "依申请公开测试"
	RuleKinds = append(RuleKinds, RuleRequestTest)
}

func (t *RequestTest) applyDefaults() {
	setInt(&t.Days, DefaultRequestDays)
	setInt(&t.Extension, DefaultRequestExtension)
	setInt(&t.Min, DefaultRequestMin)
}

func (t *RequestTest) validate(bad func(string, ...any)) {
	if t.Days < 1 || t.Days > 60 {
		bad("days %d outside 1–60 working days", t.Days)
	}
	if t.Extension < 0 || t.Extension > 60 {
		bad("extension %d outside 0–60 working days", t.Extension)
	}
	if t.Min < 1 || t.Min > 50 {
		bad("min %d outside 1–50 requests", t.Min)
	}
	if q := t.Quality(); !finite(q) || q < 0 || q > 1 {
		bad("quality_weight %s outside 0–1", num(q))
	}
	if !finite(t.LateCredit) || t.LateCredit < 0 || t.LateCredit > 1 {
		bad("late_credit %s outside 0–1", num(t.LateCredit))
	}
}

// NeedsRequestTests reports whether a rule of the framework judges the
// request-test register (the scorer then reads it from the store).
func (f *Framework) NeedsRequestTests() bool {
	for _, ind := range f.Leaves() {
		if ind.Rule != nil && ind.Rule.RequestTest != nil {
			return true
		}
	}
	return false
}

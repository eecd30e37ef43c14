package zwgk

import "time"

// Outcome is the verdict of one indicator for one agency.
type Outcome string

// Outcomes.
const (
	Pass    Outcome = "pass"
	Partial Outcome = "partial"
	Fail    Outcome = "fail"
	NA      Outcome = "na"      // not applicable: leaves the denominator
	Pending Outcome = "pending" // manual indicator not yet scored by an assessor
)

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	switch o {
	case Pass, Partial, Fail, NA, Pending:
		return true
	}
	return false
}

// Chinese is the outcome as reports print it.
func (o Outcome) Chinese() string {
	switch o {
	case Pass:
		return "达标"
	case Partial:
		return "部分达标"
	case Fail:
		return "未达标"
	case NA:
		return "不适用"
	case Pending:
		return "待人工评分"
	}
	return string(o)
}

// Finding (发现) is the judgement of one indicator for one agency.
//
// For score, manual and bonus indicators Fraction in [0,1] is the share of
// the points earned. For deduct indicators Count is the number of
// occurrences (points are deducted per occurrence, capped). For veto
// indicators Outcome fail means vetoed.
type Finding struct {
	Agency    string  `json:"agency"`
	Indicator string  `json:"indicator"`
	Outcome   Outcome `json:"outcome"`
	Fraction  float64 `json:"fraction"`
	Count     int     `json:"count,omitempty"`
	// Measure states what was measured, in Chinese
	// (e.g. "最新信息 2026-09-02，距评估日 86 天").
	Measure string `json:"measure,omitempty"`
	// Problem is the rectification-list (整改清单) statement; empty on pass.
	Problem string `json:"problem,omitempty"`
	// Evidence lists the URLs that support the finding.
	Evidence []string `json:"evidence,omitempty"`
	// Override is set when a review or an accepted appeal replaced the
	// automated finding; Automated then keeps what the machine found.
	Override  *Override `json:"override,omitempty"`
	Automated *Finding  `json:"automated,omitempty"`
}

// Override is an assessor's decision that replaces an automated finding.
type Override struct {
	Outcome  Outcome   `json:"outcome"`
	Fraction float64   `json:"fraction"`
	Count    int       `json:"count,omitempty"`
	Reason   string    `json:"reason"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Appeal   int64     `json:"appeal,omitempty"` // the appeal it decides, if any
}

// Review (复核) is an assessor's override of one finding, as stored.
type Review struct {
	ID        int64     `json:"id" db:"id"`
	CycleID   int64     `json:"cycle_id" db:"cycle_id"`
	Agency    string    `json:"agency" db:"agency"`
	Indicator string    `json:"indicator" db:"indicator"`
	Outcome   Outcome   `json:"outcome" db:"outcome"`
	Fraction  float64   `json:"fraction" db:"fraction"`
	Count     int       `json:"count" db:"count"`
	Reason    string    `json:"reason" db:"reason"`
	By        string    `json:"by" db:"by_user"`
	At        time.Time `json:"at" db:"at"`
	Appeal    *int64    `json:"appeal,omitempty" db:"appeal_id"`
	// Evidence is the link the assessor relied on (a page of the agency's
	// site, a document), empty when the reason says it all.
	Evidence string `json:"evidence,omitempty" db:"evidence"`
}

// AppealState is where an appeal stands.
type AppealState string

// Appeal states.
const (
	AppealOpen     AppealState = "open"
	AppealAccepted AppealState = "accepted"
	AppealRejected AppealState = "rejected"
)

// Appeal (申诉) is an agency's objection to a finding.
type Appeal struct {
	ID          int64       `json:"id" db:"id"`
	CycleID     int64       `json:"cycle_id" db:"cycle_id"`
	Agency      string      `json:"agency" db:"agency"`
	Indicator   string      `json:"indicator" db:"indicator"`
	Reason      string      `json:"reason" db:"reason"`
	EvidenceURL string      `json:"evidence_url" db:"evidence_url"`
	State       AppealState `json:"state" db:"state"`
	FiledBy     string      `json:"filed_by" db:"filed_by"`
	FiledAt     time.Time   `json:"filed_at" db:"filed_at"`
	DecidedBy   *string     `json:"decided_by,omitempty" db:"decided_by"`
	DecidedAt   *time.Time  `json:"decided_at,omitempty" db:"decided_at"`
	Decision    *string     `json:"decision,omitempty" db:"decision"`
}

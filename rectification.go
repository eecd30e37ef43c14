package zwgk

// Rectification (整改跟踪): each problem an assessment published is an
// identity that the next cycle of the same framework lineage checks again.

// RectState is what became of an earlier problem.
type RectState string

// What became of a problem, and the mark of one found only now.
const (
	RectFixed   RectState = "fixed"          // 已整改: the indicator passes, or this subject no longer fails
	RectOpen    RectState = "open"           // 未整改: still there
	RectNA      RectState = "not_applicable" // 不再适用: indicator gone, not applicable, or agency not assessed
	RectPending RectState = "pending"        // 待核查: the indicator awaits an assessor
	RectNew     RectState = "new"            // 新发现: a problem the earlier cycle did not have
)

// Chinese is the state as reports print it.
func (s RectState) Chinese() string {
	switch s {
	case RectFixed:
		return "已整改"
	case RectOpen:
		return "未整改"
	case RectNA:
		return "不再适用"
	case RectPending:
		return "待核查"
	case RectNew:
		return "新发现问题"
	}
	return string(s)
}

// Problem is one non-passing finding's subject: an agency, an indicator
// and what failed (a column, a page, a link; empty when the indicator as a
// whole failed). Key is stable across cycles: the same agency, indicator
// and subject give the same key.
type Problem struct {
	Key       string `json:"key"`
	Agency    string `json:"agency"`
	Indicator string `json:"indicator"`
	Subject   string `json:"subject,omitempty"`
	Statement string `json:"statement,omitempty"` // the rectification-list statement when it was found
}

// RectItem is an earlier problem with what became of it (or a new one).
type RectItem struct {
	Problem
	State RectState `json:"state"`
	// Now is the current finding's statement when the problem is open.
	Now string `json:"now,omitempty"`
}

// RectSummary counts an agency's earlier problems by what became of them,
// and its new ones: scores.json's "rectification".
type RectSummary struct {
	Previous      int `json:"previous"`
	Fixed         int `json:"fixed"`
	Open          int `json:"open"`
	New           int `json:"new"`
	NotApplicable int `json:"not_applicable"`
	Pending       int `json:"pending"`
}

package zwgk

import (
	"fmt"
	"time"
)

// CycleState is where an assessment cycle stands. States only move forward,
// except that review may go back to scoring (a re-score after an accepted
// appeal) and collecting may be re-entered from scoring or review for a
// re-crawl. A published cycle never changes.
type CycleState string

// The states of a cycle, in order.
const (
	CycleDraft      CycleState = "draft"
	CycleCollecting CycleState = "collecting"
	CycleScoring    CycleState = "scoring"
	CycleReview     CycleState = "review"
	CyclePublished  CycleState = "published"
)

// Chinese is the state's name in the portal and reports.
func (s CycleState) Chinese() string {
	switch s {
	case CycleDraft:
		return "草稿"
	case CycleCollecting:
		return "采集中"
	case CycleScoring:
		return "评分中"
	case CycleReview:
		return "复核中"
	case CyclePublished:
		return "已发布"
	}
	return string(s)
}

var cycleMoves = map[CycleState][]CycleState{
	CycleDraft:      {CycleCollecting},
	CycleCollecting: {CycleScoring},
	CycleScoring:    {CycleReview, CycleCollecting},
	CycleReview:     {CycleScoring, CycleCollecting, CyclePublished},
}

// ErrPublished is returned when anything tries to change a published cycle.
var ErrPublished = fmt.Errorf("cycle is published and cannot be changed")

// CanMove reports whether a cycle may go from s to next; the error says why
// not, in words an operator understands.
func (s CycleState) CanMove(next CycleState) error {
	if s == CyclePublished {
		return ErrPublished
	}
	if s == next {
		return nil
	}
	for _, n := range cycleMoves[s] {
		if n == next {
			return nil
		}
	}
	return fmt.Errorf("cycle cannot go from %s to %s (allowed: %v)", s, next, cycleMoves[s])
}

// Cycle is one assessment cycle (评估周期): a frozen framework applied to a
// set of agencies as of a date.
type Cycle struct {
	ID            int64      `json:"id" db:"id"`
	Name          string     `json:"name" db:"name"`
	FrameworkID   string     `json:"framework_id" db:"framework_id"`
	FrameworkHash string     `json:"framework_hash" db:"framework_hash"` // sha256 of the frozen framework text
	AsOf          Date       `json:"as_of" db:"-"`
	WindowDays    int        `json:"window_days" db:"window_days"` // evidence window ending at AsOf
	State         CycleState `json:"state" db:"state"`
	CreatedAt     time.Time  `json:"created_at" db:"created_at"`
	PublishedAt   *time.Time `json:"published_at,omitempty" db:"published_at"`
	// Provisional is set when the cycle was published while manual
	// indicators were still pending or appeals open (cycle publish
	// --provisional): every output of it must say 暂定.
	Provisional bool `json:"provisional" db:"provisional"`
	// ReviewAt is when results were first shown to agencies (the cycle
	// first entered review): the appeal window runs from it.
	ReviewAt *time.Time `json:"review_at,omitempty" db:"review_at"`
}

// WindowStart is the first day of the cycle's evidence window.
func (c Cycle) WindowStart() Date { return c.AsOf.AddDays(-c.WindowDays) }

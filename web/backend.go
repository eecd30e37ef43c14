package web

import (
	"context"
	"errors"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/store"
)

// Role is what a portal user may do.
type Role string

// The roles of the portal.
const (
	RoleAdmin    Role = "admin"    // bureau: users, cycles, publication
	RoleAssessor Role = "assessor" // reviews findings, decides appeals
	RoleAgency   Role = "agency"   // bound to agency codes: its own scorecards and appeals
	RoleLeader   Role = "leader"   // read-only: published rankings, regions, trends
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleAssessor, RoleAgency, RoleLeader}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Chinese is the role's name in the portal.
func (r Role) Chinese() string {
	switch r {
	case RoleAdmin:
		return "管理员"
	case RoleAssessor:
		return "评估人员"
	case RoleAgency:
		return "被评估单位"
	case RoleLeader:
		return "领导"
	}
	return string(r)
}

// User is a portal account.
type User struct {
	ID           int64
	Name         string
	Role         Role
	PasswordHash string
	// Agencies are the agency codes an agency user speaks for.
	Agencies []string
}

// Owns reports whether u is an agency user bound to code.
func (u *User) Owns(code string) bool {
	if u == nil || u.Role != RoleAgency {
		return false
	}
	for _, c := range u.Agencies {
		if c == code {
			return true
		}
	}
	return false
}

// AuditEntry is one line of the audit log: who did what to which object,
// with the state before and after where there is one.
type AuditEntry struct {
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Action string    `json:"action"`
	Object string    `json:"object"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
}

// ErrNotFound is what a Backend returns (or wraps) for a missing object.
var ErrNotFound = errors.New("not found")

// Backend is everything the portal reads and writes. *store.DB together with
// *cycle.Runner provide it (see StoreBackend); tests use the same.
type Backend interface {
	Cycles(ctx context.Context) ([]zwgk.Cycle, error)
	CycleByName(ctx context.Context, name string) (zwgk.Cycle, error)
	Agency(ctx context.Context, code string) (zwgk.Agency, error)
	Scorecards(ctx context.Context, cycleID int64) ([]zwgk.Scorecard, error)
	// CardsSince is what changed in a cycle's scorecards after version
	// since (0: all of them), with the version they are as of
	// (store.DB.CardsSince): the portal keeps each cycle's cards in memory
	// keyed by zwgk.Cycle.Version, which every write to the cycle's
	// results bumps, and reads only what changed.
	CardsSince(ctx context.Context, cycleID, since int64) (CardChanges, error)
	// Scorecard is one agency's card; ok is false when it has none.
	Scorecard(ctx context.Context, cycleID int64, agency string) (zwgk.Scorecard, bool, error)
	Findings(ctx context.Context, cycleID int64, agency string) ([]zwgk.Finding, error)
	// Evidence reports ok=false when the agency was never crawled.
	Evidence(ctx context.Context, cycleID int64, agency string) (zwgk.Evidence, bool, error)
	// Indicators lists the indicators of the cycle's frozen framework in
	// tree order, groups included.
	Indicators(ctx context.Context, c zwgk.Cycle) ([]IndicatorInfo, error)

	// Appeals of a cycle; agency "" means every agency.
	Appeals(ctx context.Context, cycleID int64, agency string) ([]zwgk.Appeal, error)
	Appeal(ctx context.Context, id int64) (zwgk.Appeal, error)

	// The writes below refuse a published cycle (zwgk.ErrPublished) and
	// audit themselves, with the state before and after.
	FileAppeal(ctx context.Context, a zwgk.Appeal) (int64, error)
	// DecideAppeal closes an open appeal; it fails when it is not open.
	DecideAppeal(ctx context.Context, id int64, accepted bool, by, decision string) error
	AddReview(ctx context.Context, r zwgk.Review) (int64, error)
	// AcceptAppeal closes an open appeal as accepted and adds the review
	// overriding its finding, both or neither.
	AcceptAppeal(ctx context.Context, id int64, r zwgk.Review, decision string) (int64, error)
	// Rescore re-scores the cycle from stored evidence and reviews, on
	// behalf of user by. Agencies, when given, are the only ones a change
	// touched: the backend may re-score just them (and re-rank their
	// tiers) instead of the whole cohort.
	Rescore(ctx context.Context, cycle, by string, agencies ...string) error
	// Publish freezes the cycle, on behalf of user by. It refuses with an
	// *UnfinishedError while findings are pending or appeals open, unless
	// provisional; the Unfinished returned is what still waited.
	Publish(ctx context.Context, cycle, by string, provisional bool) (Unfinished, error)

	// The review workflow. PendingFindings pages the findings waiting for
	// an assessor (reviewed ones excluded) with the number passing f;
	// PendingByIndicator counts them per indicator.
	PendingFindings(ctx context.Context, cycleID int64, f QueueFilter) ([]PendingFinding, int, error)
	PendingByIndicator(ctx context.Context, cycleID int64) (map[string]int, error)
	// Unfinished is what blocks a final publication.
	Unfinished(ctx context.Context, cycleID int64) (Unfinished, error)
	// AgencyReviews is an agency's review history, oldest first.
	AgencyReviews(ctx context.Context, cycleID int64, agency string) ([]zwgk.Review, error)
	// AddReviews stores reviews all or none, audited as one batch named
	// what; every review needs a finding to review.
	AddReviews(ctx context.Context, rs []zwgk.Review, what string) ([]int64, error)
	// FindingAgencies lists the agencies with a finding on f.Indicator
	// (required) that pass f's level and region (bulk review targets).
	FindingAgencies(ctx context.Context, cycleID int64, f QueueFilter) ([]string, error)

	// Appeals with attachments: FileAppealWith files both or neither;
	// Attachments lists them (without bytes) by appeal; Attachment has
	// the bytes.
	FileAppealWith(ctx context.Context, a zwgk.Appeal, files []Attachment) (int64, error)
	Attachments(ctx context.Context, cycleID int64, agency string) (map[int64][]Attachment, error)
	Attachment(ctx context.Context, id int64) (Attachment, error)
	// Cohort is every aggregate of the cycle's cohort and the §21 lists,
	// computed once by scoring.Aggregate from its scorecards, with the
	// framework's rules in words: the portal shows these figures and
	// never computes its own, so it agrees with the PDF and the exports.
	Cohort(ctx context.Context, c zwgk.Cycle, cards []zwgk.Scorecard) (Cohort, error)
	// AppealWindowDays is how many days after results are shown to
	// agencies (Cycle.ReviewAt) they may appeal.
	AppealWindowDays(ctx context.Context, c zwgk.Cycle) (int, error)
	// Framework is the cycle's frozen framework, for the aggregates and
	// §21 lists scoring computes from it (server.cohortStats).
	Framework(ctx context.Context, c zwgk.Cycle) (*indicators.Framework, error)

	UserByName(ctx context.Context, name string) (User, error)
	// CreateSession stores a session for the user; the backend keeps only
	// a hash of token.
	CreateSession(ctx context.Context, user string, token string, expires time.Time) error
	// SessionUser returns the user of a session and when it expires.
	SessionUser(ctx context.Context, token string) (User, time.Time, error)
	DeleteSession(ctx context.Context, token string) error

	// Audit records what only the portal sees: logins and logouts.
	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
}

// The store's types of the review workflow, used as they are.
type (
	QueueFilter     = store.QueueFilter
	PendingFinding  = store.PendingFinding
	Unfinished      = store.Unfinished
	UnfinishedError = store.UnfinishedError
	Attachment      = store.Attachment
	CardChanges     = store.CardChanges
)

// Cohort is a cycle's aggregates with the §21 rules in words.
type Cohort struct {
	Stats                      zwgk.CohortStats
	CommendRule, CriticiseRule string
}

// IndicatorInfo is what the portal shows of an indicator.
type IndicatorInfo struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Points float64 `json:"points"` // for groups, the sum of their leaves' unless set
	Depth  int     `json:"depth"`  // 1 for first-level indicators
	// Leaf is set for indicators that are scored (not groups); Kind is
	// the framework's kind (score, veto, deduct, bonus, manual).
	Leaf bool   `json:"leaf"`
	Kind string `json:"kind,omitempty"`
}

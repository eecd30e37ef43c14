package web

import (
	"net/http"

	"zwgk"
)

// Action is something a user may try to do in the portal.
type Action string

// The actions of the portal. Views of one agency's objects take an Object
// with Agency set; cycle-wide actions leave it empty.
const (
	ActListCycles    Action = "list-cycles"
	ActViewRanking   Action = "view-ranking" // ranking and region comparison
	ActViewScorecard Action = "view-scorecard"
	ActViewEvidence  Action = "view-evidence"
	ActViewAppeals   Action = "view-appeals" // one agency's appeals and their decisions
	ActFileAppeal    Action = "file-appeal"
	ActAppealQueue   Action = "appeal-queue" // every appeal of a cycle
	ActDecideAppeal  Action = "decide-appeal"
	ActPublish       Action = "publish"
	ActViewAudit     Action = "view-audit"
	// The review workflow (issue 14).
	ActReviewQueue     Action = "review-queue"     // pending findings, open appeals, candidates of a cycle
	ActReview          Action = "review"           // score or override one finding of an agency
	ActBulkReview      Action = "bulk-review"      // one decision for many agencies
	ActDecideCandidate Action = "decide-candidate" // confirm or dismiss a content-check candidate
	ActViewAttachment  Action = "view-attachment"  // a file attached to an appeal
	ActViewNotices     Action = "view-notices"     // the §21 commend/criticise lists
	// Rectification between cycles (issue 16).
	ActClaimRectification Action = "claim-rectification" // an agency marks a published problem 已整改
)

// Object is what an action is done to.
type Object struct {
	Cycle  *zwgk.Cycle // nil for actions outside a cycle
	Agency string      // agency code, for per-agency objects
}

// Decision is the answer of Authorize, as an HTTP status: 200 allowed,
// 401 not logged in, 403 refused, 404 hidden.
type Decision int

// Decisions.
const (
	Allow     Decision = http.StatusOK
	NeedLogin Decision = http.StatusUnauthorized
	Forbid    Decision = http.StatusForbidden
	Hide      Decision = http.StatusNotFound
)

// grant is how far a role may act: not at all, on its own agencies only, or
// on every object.
type grant int

const (
	none grant = iota
	own
	all
)

// policy is one row of the table: per role, the grant before and after
// publication. A write is refused on a published cycle whatever the grant.
type policy struct {
	write       bool
	perAgency   bool
	unpublished map[Role]grant
	published   map[Role]grant
	// states, when set, are the only cycle states the action is open in.
	states []zwgk.CycleState
}

// policies is the whole authorisation model of the portal. Reading it is
// reading who may do what; the tests walk it against every route.
var policies = map[Action]policy{
	// A claim is made after publication and changes nothing of the cycle:
	// it is recorded beside it, so it is not a "write" the published
	// state refuses.
	ActClaimRectification: {
		perAgency: true,
		published: map[Role]grant{RoleAdmin: all, RoleAgency: own},
		states:    []zwgk.CycleState{zwgk.CyclePublished},
	},
	ActListCycles: {
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: all},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: all},
	},
	ActViewRanking: {
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: all},
	},
	ActViewScorecard: {
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: own},
	},
	ActViewEvidence: {
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: own},
	},
	ActViewAppeals: {
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
	},
	ActFileAppeal: {
		write:       true,
		perAgency:   true,
		unpublished: map[Role]grant{RoleAgency: own},
		states:      []zwgk.CycleState{zwgk.CycleReview},
	},
	ActAppealQueue: {
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all},
	},
	ActDecideAppeal: {
		write:       true,
		perAgency:   true,
		unpublished: map[Role]grant{RoleAssessor: all},
		states:      []zwgk.CycleState{zwgk.CycleReview},
	},
	ActPublish: {
		write:       true,
		unpublished: map[Role]grant{RoleAdmin: all},
		states:      []zwgk.CycleState{zwgk.CycleReview},
	},
	ActViewAudit: {
		unpublished: map[Role]grant{RoleAdmin: all},
		published:   map[Role]grant{RoleAdmin: all},
	},
	ActReviewQueue: {
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all},
	},
	ActReview: {
		write:       true,
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		states:      []zwgk.CycleState{zwgk.CycleReview},
	},
	ActBulkReview: {
		write:       true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		states:      []zwgk.CycleState{zwgk.CycleReview},
	},
	ActDecideCandidate: {
		write:       true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		states:      []zwgk.CycleState{zwgk.CycleReview},
	},
	// An agency sees the files it filed; assessors see them beside the
	// finding. Leaders read published results, not the appeal files.
	ActViewAttachment: {
		perAgency:   true,
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleAgency: own},
	},
	// The lists are public criticism: published, they are for everyone;
	// before, only the bureau's staff see the draft.
	ActViewNotices: {
		unpublished: map[Role]grant{RoleAdmin: all, RoleAssessor: all},
		published:   map[Role]grant{RoleAdmin: all, RoleAssessor: all, RoleLeader: all, RoleAgency: all},
	},
}

// OnlyOncePublished reports whether u is refused act on obj only because
// the cycle is not published yet: the portal then says so instead of a
// bare refusal.
func OnlyOncePublished(u *User, act Action, obj Object) bool {
	if obj.Cycle == nil || obj.Cycle.State == zwgk.CyclePublished || Authorize(u, act, obj) == Allow {
		return false
	}
	pub := *obj.Cycle
	pub.State = zwgk.CyclePublished
	obj.Cycle = &pub
	return Authorize(u, act, obj) == Allow
}

// Authorize decides whether u may do act on obj. It is the only place the
// portal decides this; handlers of pages and API call it before they read
// anything of the object.
//
// An agency user asking about an agency that is not its own gets Hide —
// whatever the action and the cycle's state — so the answer is the same
// whether or not the other agency, its findings or its appeals exist.
func Authorize(u *User, act Action, obj Object) Decision {
	if u == nil {
		return NeedLogin
	}
	p, ok := policies[act]
	if !ok || !u.Role.Valid() {
		return Forbid
	}
	if p.perAgency && obj.Agency == "" {
		return Forbid // a per-agency action needs its agency: a handler bug, refuse
	}
	if p.perAgency && u.Role == RoleAgency && !u.Owns(obj.Agency) {
		return Hide
	}
	published := obj.Cycle != nil && obj.Cycle.State == zwgk.CyclePublished
	if p.write && published {
		return Forbid
	}
	grants := p.unpublished
	if published {
		grants = p.published
	}
	switch grants[u.Role] {
	case all:
	case own:
		if !u.Owns(obj.Agency) {
			return Hide
		}
	default:
		return Forbid
	}
	if len(p.states) > 0 {
		if obj.Cycle == nil {
			return Forbid
		}
		open := false
		for _, s := range p.states {
			open = open || obj.Cycle.State == s
		}
		if !open {
			return Forbid
		}
	}
	return Allow
}

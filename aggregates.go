package zwgk

// CohortStats is every aggregate figure of one cycle's cohort: per tier,
// per region (within a tier and across tiers), per indicator, and the §21
// commend and criticise lists. scoring.Aggregate computes it once from the
// ranked scorecards and the findings; the cohort PDF, the charts, the
// portal's pages and API, the XLSX and scores.json all read this one value,
// so they can never disagree about a mean or a count.
//
// The rule for ministries (国务院部门), stated in Ministries: they belong
// to no region. They count in their own tier and in All, and in no region
// aggregate (a ministry sits in Beijing, but it is not Beijing's agency).
// Agencies without a valid region code are likewise left out of regions.
type CohortStats struct {
	// PassMark is the total from which an agency that is not vetoed passes
	// (合格): the lowest positive band of the framework.
	PassMark float64 `json:"pass_mark"`
	// Grades are the framework's grades, best first: the order of every
	// GroupStat's Grades.
	Grades []string `json:"grades"`
	// Ministries states the rule for ministries in words (Chinese), for the
	// method section of reports.
	Ministries string `json:"ministries"`

	All     GroupStat   `json:"all"`     // every agency of the cycle
	Tiers   []GroupStat `json:"tiers"`   // one per tier: levels in order, then other tiers by name
	Regions []GroupStat `json:"regions"` // per tier and region; Tier "" = all tiers; by tier, then region code
	// Indicators are the outcome counts per leaf indicator, in framework
	// order.
	Indicators []IndicatorStat `json:"indicators"`
	// Notices are the §21 lists.
	Notices Notices `json:"notices"`
}

// GroupStat aggregates the scorecards of one group of agencies: all of
// them, a tier, or the agencies of a region (a province counts its own
// agencies and those of its cities and counties, a city its own and its
// counties', by GB/T 2260 prefix) within a tier or across tiers.
//
// Figures are computed from the published, rounded totals: Mean and Median
// are rounded once, half-up, to two decimals; shares have four decimals.
type GroupStat struct {
	Tier   string `json:"tier,omitempty"`   // "" = every tier
	Region Region `json:"region,omitempty"` // "" = not a region group
	Depth  int    `json:"depth,omitempty"`  // of Region: 1 province, 2 city, 3 county

	Agencies int     `json:"agencies"`
	Mean     float64 `json:"mean"`
	Median   float64 `json:"median"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	// Passed counts agencies not vetoed with a total at or above the pass
	// mark; Passing is Passed/Agencies (0..1).
	Passed  int     `json:"passed"`
	Passing float64 `json:"passing"`
	Vetoed  int     `json:"vetoed"`
	// Provisional counts cards with manual indicators still pending.
	Provisional int `json:"provisional"`
	// Grades counts agencies per grade, in the order of CohortStats.Grades
	// (every grade present, zero or not).
	Grades []GradeCount `json:"grades"`
	// Worst is the indicator the fewest agencies of the group pass (ties:
	// the lower id), with that share; na and pending findings are left out.
	// Empty when no findings were given.
	Worst      string  `json:"worst,omitempty"`
	WorstShare float64 `json:"worst_share"`
}

// GradeCount is how many agencies of a group got a grade.
type GradeCount struct {
	Grade string `json:"grade"`
	Count int    `json:"count"`
}

// Count returns how many agencies of the group got grade g.
func (g GroupStat) Count(grade string) int {
	for _, c := range g.Grades {
		if c.Grade == grade {
			return c.Count
		}
	}
	return 0
}

// IndicatorStat counts one leaf indicator's outcomes over the cohort.
type IndicatorStat struct {
	ID      string `json:"id"`
	Judged  int    `json:"judged"` // pass + partial + fail
	Pass    int    `json:"pass"`
	Partial int    `json:"partial"`
	Fail    int    `json:"fail"`
	NA      int    `json:"na"`
	Pending int    `json:"pending"`
}

// Tier returns the aggregate of a tier.
func (s *CohortStats) Tier(tier string) (GroupStat, bool) {
	for _, g := range s.Tiers {
		if g.Tier == tier {
			return g, true
		}
	}
	return GroupStat{}, false
}

// Region returns the aggregate of a region within a tier ("" = across all
// tiers).
func (s *CohortStats) Region(tier string, r Region) (GroupStat, bool) {
	for _, g := range s.Regions {
		if g.Tier == tier && g.Region == r {
			return g, true
		}
	}
	return GroupStat{}, false
}

// RegionsAt returns the aggregates of the regions at a depth (1 provinces,
// 2 cities, 3 counties) within a tier ("" = across all tiers), by region
// code.
func (s *CohortStats) RegionsAt(tier string, depth int) []GroupStat {
	var out []GroupStat
	for _, g := range s.Regions {
		if g.Tier == tier && g.Depth == depth {
			out = append(out, g)
		}
	}
	return out
}

// Notices are the §21 lists of a cycle: the agencies commended (通报表扬)
// and criticised (通报批评), each sorted by tier (levels in order), rank and
// code. No agency is on both; a vetoed agency is never commended.
type Notices struct {
	Commend   []Notice `json:"commend"`
	Criticise []Notice `json:"criticise"`
}

// Notice is one agency on a §21 list, with why it is there.
type Notice struct {
	Agency string  `json:"code"`
	Name   string  `json:"name"`
	Tier   string  `json:"tier"`
	Region Region  `json:"region,omitempty"`
	Rank   int     `json:"rank"`
	Total  float64 `json:"total"`
	Grade  string  `json:"grade"`
	// Reason says in Chinese why the agency is listed ("单项否决：V1 网站无法访问",
	// "等级为不合格", "层级排名第 2 位，等级为优秀").
	Reason string `json:"reason"`
	// Provisional is true when the card still has manual indicators
	// pending: the listing may change when they are scored.
	Provisional bool `json:"provisional,omitempty"`
}

// Codes returns the agency codes of a list, in its order.
func Codes(list []Notice) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = n.Agency
	}
	return out
}

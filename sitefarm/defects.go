package sitefarm

// Defect is a fault injected into a site, as the manifest records it.
type Defect struct {
	Kind   string         `json:"kind"`
	Where  []string       `json:"where,omitempty"` // paths or column labels
	Params map[string]any `json:"params,omitempty"`
}

// Defect kinds.
const (
	DefectMissingColumns   = "missing_columns"
	DefectStaleColumns     = "stale_columns"
	DefectEmptyColumns     = "empty_columns"
	DefectStaleHome        = "stale_home"
	DefectUndatedItems     = "undated_items"
	DefectBroken404        = "broken_link_404"
	DefectBroken500        = "broken_link_500"
	DefectDeadHost         = "broken_link_dead_host"
	DefectSlow             = "slow"
	DefectIntermittent     = "intermittent"
	DefectRedirectLoop     = "redirect_loop"
	DefectURLTrap          = "url_trap"
	DefectHugePage         = "huge_page"
	DefectGzipBomb         = "gzip_bomb"
	DefectMalformedHTML    = "malformed_html"
	DefectUABlock          = "ua_block"
	DefectUnanswered       = "unanswered_letters"
	DefectRobotsDisallow   = "robots_disallow"
	DefectAnnualReportLate = "annual_report_late"
	DefectAnnualReportGone = "annual_report_missing"
	DefectIncompleteGuides = "incomplete_guides"
)

// DefectKinds lists every kind a default farm of at least
// MinSitesForAllDefects sites contains.
var DefectKinds = []string{DefectMissingColumns, DefectStaleColumns, DefectEmptyColumns, DefectStaleHome,
	DefectUndatedItems, DefectBroken404, DefectBroken500, DefectDeadHost, DefectSlow, DefectIntermittent,
	DefectRedirectLoop, DefectURLTrap, DefectHugePage, DefectGzipBomb, DefectMalformedHTML, DefectUABlock,
	DefectUnanswered, DefectRobotsDisallow, DefectAnnualReportLate, DefectAnnualReportGone, DefectIncompleteGuides}

// MinSitesForAllDefects is the farm size from which every defect kind and
// every style variety occurs.
const MinSitesForAllDefects = 50

// Profiles, assigned in a fixed rotation of twelve so that every profile
// (and, alternating, every variant of it) occurs in any 50 consecutive
// sites.
const (
	ProfileGood       = "good"
	ProfileLagging    = "lagging"    // stale and empty columns
	ProfileSloppy     = "sloppy"     // undated items, broken links, malformed HTML
	ProfileIncomplete = "incomplete" // missing columns, unanswered letters, annual report late or missing, incomplete guides
	ProfileFragile    = "fragile"    // intermittent failures, or slow beyond the probe timeout
	ProfileGuarded    = "guarded"    // a WAF answering 403 to unknown user agents
	ProfileAbandoned  = "abandoned"  // stopped updating: stale home page
	ProfileHeavy      = "heavy"      // a huge page and a gzip bomb
	ProfileMaze       = "maze"       // redirect loop and an infinite calendar
	ProfileRobots     = "robots"     // robots.txt disallows a path; otherwise good
)

var rotation = []string{ProfileGood, ProfileLagging, ProfileSloppy, ProfileIncomplete, ProfileGood, ProfileFragile,
	ProfileGuarded, ProfileAbandoned, ProfileHeavy, ProfileMaze, ProfileRobots, ProfileGood}

func profileFor(k int, defects bool) string {
	if !defects {
		return ProfileGood
	}
	return rotation[k%len(rotation)]
}

package crawler

import "zwgk/indicators"

// matchAlias and normalize are the framework's own matching, so the crawler
// finds exactly the columns scoring looks for.
var (
	matchAlias = indicators.MatchAlias
	normalize  = indicators.Normalize
)

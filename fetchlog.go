package zwgk

// Evidence of how the crawl protected itself and the assessment: which
// links were checked of how many, where the home page redirected, which
// URLs were refused and why. Owned by the hostile-site work (issue 13).

// LinkSample says how many links the crawled pages carried and how many
// were checked: a site with 100,000 links gets a sample, and the evidence
// says so.
type LinkSample struct {
	Found   int `json:"found"`   // distinct links seen on the pages read
	Checked int `json:"checked"` // links checked
	OnHome  int `json:"on_home"` // distinct links on the home page
	// More is true when counting stopped: Found is then a lower bound.
	More bool `json:"more,omitempty"`
	// Rule says, in Chinese for the agency, which links were checked.
	Rule string `json:"rule,omitempty"`
}

// Sampled reports whether fewer links were checked than found.
func (s *LinkSample) Sampled() bool { return s != nil && (s.Checked < s.Found || s.More) }

// Redirect is where a URL led.
type Redirect struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Offsite bool   `json:"offsite,omitempty"` // another registrable domain than the agency's roots
}

// Refusal counts URLs not fetched for one reason and pattern.
type Refusal struct {
	Cause   Cause  `json:"cause"`
	Pattern string `json:"pattern,omitempty"`
	Count   int    `json:"count"`
	Example string `json:"example,omitempty"`
}

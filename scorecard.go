package zwgk

// IndicatorScore is one indicator's line on a scorecard.
type IndicatorScore struct {
	Points  float64 `json:"points"` // the indicator's points in the framework
	Earned  float64 `json:"earned"` // before rescaling; deductions count as negative for deduct indicators
	Outcome Outcome `json:"outcome"`
}

// Scorecard is an agency's mark in a cycle.
type Scorecard struct {
	Agency string `json:"code"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Region Region `json:"region"`

	// Base is the mark before bonus, after not-applicable rescaling.
	Base float64 `json:"base"`
	// Bonus counted (0 below the framework's gate).
	Bonus float64 `json:"bonus"`
	// Deductions is the sum of capped deductions.
	Deductions float64 `json:"deductions"`
	// Total is the final mark, rounded once, half-up, to two decimals.
	Total  float64  `json:"total"`
	Grade  string   `json:"grade"`
	Vetoed bool     `json:"vetoed"`
	Veto   []string `json:"veto"` // ids of the veto indicators that failed
	// VetoReasons are the problem statements of the failed vetoes.
	VetoReasons []string `json:"veto_reasons,omitempty"`
	// Applicable is the sum of points that applied; Scale = 100/Applicable.
	Applicable float64 `json:"applicable"`
	Scale      float64 `json:"scale"`
	// Provisional is true while manual indicators are pending.
	Provisional bool `json:"provisional"`

	// Subtotals are the first-level indicators' earned points, rescaled
	// like the base mark (Scale); SubtotalMax their maxima rescaled the
	// same way (the applicable points of the group × Scale; bonus groups:
	// the bonus cap), so that a subtotal is always shown against its own
	// maximum and never exceeds it. A group none of whose points apply has
	// maximum 0.
	Subtotals   map[string]float64        `json:"subtotals"`
	SubtotalMax map[string]float64        `json:"subtotal_max"`
	Indicators  map[string]IndicatorScore `json:"indicators"`

	// Cohort fields, filled by ranking.
	Tier       string   `json:"tier"`
	Rank       int      `json:"rank"`
	TierSize   int      `json:"tier_size"`
	Percentile float64  `json:"percentile"`
	Delta      *float64 `json:"delta,omitempty"` // against the previous cycle
	// Appraisal is the contribution to the performance appraisal (§21):
	// Total ÷ the framework's total × its appraisal_weight, or, for a
	// vetoed agency, the framework's appraisal_vetoed (default 0).
	// AppraisalFormula shows the computation for print
	// ("63.00 ÷ 100 × 4 = 2.52", "单项否决，计 0 分").
	Appraisal        float64 `json:"appraisal"`
	AppraisalFormula string  `json:"appraisal_formula"`
}

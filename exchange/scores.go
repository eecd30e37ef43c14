package exchange

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"zwgk"
)

// FrameworkRef names the framework a set of scores was computed with.
type FrameworkRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// ScoresDoc is what WriteScoresJSON writes: a cycle's scorecards and its
// aggregates.
type ScoresDoc struct {
	Cycle     string
	Framework FrameworkRef
	AsOf      zwgk.Date
	Agencies  []zwgk.Scorecard
	// Stats are the cohort's aggregates and §21 lists, from
	// scoring.Aggregate over Agencies (the zero value writes empty lists).
	Stats zwgk.CohortStats
	// Rectification is, per agency code, what became of the problems of
	// the cycle's previous cycle (nil when it has none).
	Rectification map[string]zwgk.RectSummary
}

// ScoresFile is scores.json as DESIGN.md defines it, with what an outside
// checker needs to reproduce every figure: per agency the marks before and
// after rescaling and the subtotals against their maxima, and the
// aggregates with the rules they were computed by.
type ScoresFile struct {
	Cycle     string       `json:"cycle"`
	Framework FrameworkRef `json:"framework"`
	AsOf      string       `json:"as_of"`
	Agencies  []ScoreEntry `json:"agencies"`
	// Notices are the §21 lists by agency code, in standing order (tier,
	// rank, code).
	Notices    NoticesEntry    `json:"notices"`
	Aggregates AggregatesEntry `json:"aggregates"`
}

// NoticesEntry is the §21 lists in scores.json.
type NoticesEntry struct {
	Commend   []string `json:"commend"`
	Criticise []string `json:"criticise"`
}

// AggregatesEntry is zwgk.CohortStats in scores.json, its lists by code
// being in NoticesEntry.
type AggregatesEntry struct {
	PassMark   float64              `json:"pass_mark"`
	Grades     []string             `json:"grades"`
	Ministries string               `json:"ministries"`
	All        zwgk.GroupStat       `json:"all"`
	Tiers      []zwgk.GroupStat     `json:"tiers"`
	Regions    []zwgk.GroupStat     `json:"regions"`
	Indicators []zwgk.IndicatorStat `json:"indicators"`
}

// ScoreEntry is one agency in scores.json.
type ScoreEntry struct {
	Code       string                    `json:"code"`
	Name       string                    `json:"name"`
	Level      zwgk.Level                `json:"level"`
	Region     zwgk.Region               `json:"region"`
	Total      float64                   `json:"total"`
	Grade      string                    `json:"grade"`
	Vetoed     bool                      `json:"vetoed"`
	Veto       []string                  `json:"veto"`
	Rank       int                       `json:"rank"`
	Tier       string                    `json:"tier"`
	Indicators map[string]IndicatorEntry `json:"indicators"`

	TierSize    int     `json:"tier_size"`
	Provisional bool    `json:"provisional"`
	Base        float64 `json:"base"`       // before bonus, after rescaling
	Bonus       float64 `json:"bonus"`      // counted
	Deductions  float64 `json:"deductions"` // capped, summed
	Applicable  float64 `json:"applicable"` // points that applied
	Scale       float64 `json:"scale"`      // total ÷ applicable
	// Subtotals per first-level indicator: earned and maximum, both
	// rescaled (earned ≤ max).
	Subtotals        map[string]SubtotalEntry `json:"subtotals"`
	Appraisal        float64                  `json:"appraisal"`
	AppraisalFormula string                   `json:"appraisal_formula"`
	// Rectification counts the previous cycle's problems of the agency by
	// what became of them, and its new ones; absent without a previous cycle.
	Rectification *zwgk.RectSummary `json:"rectification,omitempty"`
}

// SubtotalEntry is a first-level indicator's subtotal in scores.json.
type SubtotalEntry struct {
	Earned float64 `json:"earned"`
	Max    float64 `json:"max"`
}

// IndicatorEntry is one indicator of an agency in scores.json.
type IndicatorEntry struct {
	Points  float64      `json:"points"`
	Earned  float64      `json:"earned"`
	Outcome zwgk.Outcome `json:"outcome"`
}

// Scores converts a ScoresDoc to the scores.json schema, agencies sorted
// by code so that the file diffs cleanly between runs.
func Scores(doc ScoresDoc) ScoresFile {
	st := doc.Stats
	f := ScoresFile{Cycle: doc.Cycle, Framework: doc.Framework, AsOf: doc.AsOf.String(), Agencies: make([]ScoreEntry, 0, len(doc.Agencies)),
		Notices: NoticesEntry{Commend: zwgk.Codes(st.Notices.Commend), Criticise: zwgk.Codes(st.Notices.Criticise)},
		Aggregates: AggregatesEntry{PassMark: st.PassMark, Grades: nonNil(st.Grades), Ministries: st.Ministries, All: st.All,
			Tiers: nonNil(st.Tiers), Regions: nonNil(st.Regions), Indicators: nonNil(st.Indicators)}}
	if f.Aggregates.All.Grades == nil {
		f.Aggregates.All.Grades = []zwgk.GradeCount{}
	}
	for _, c := range doc.Agencies {
		e := ScoreEntry{Code: c.Agency, Name: c.Name, Level: c.Level, Region: c.Region, Total: c.Total,
			Grade: c.Grade, Vetoed: c.Vetoed, Veto: slices.Clone(c.Veto), Rank: c.Rank, Tier: c.Tier,
			Indicators: make(map[string]IndicatorEntry, len(c.Indicators)),
			TierSize:   c.TierSize, Provisional: c.Provisional, Base: c.Base, Bonus: c.Bonus, Deductions: c.Deductions,
			Applicable: c.Applicable, Scale: c.Scale, Subtotals: make(map[string]SubtotalEntry, len(c.Subtotals)),
			Appraisal: c.Appraisal, AppraisalFormula: c.AppraisalFormula}
		for id, v := range c.Subtotals {
			e.Subtotals[id] = SubtotalEntry{Earned: v, Max: c.SubtotalMax[id]}
		}
		if e.Veto == nil {
			e.Veto = []string{}
		}
		for id, is := range c.Indicators {
			e.Indicators[id] = IndicatorEntry{Points: is.Points, Earned: is.Earned, Outcome: is.Outcome}
		}
		if doc.Rectification != nil {
			r := doc.Rectification[c.Agency]
			e.Rectification = &r
		}
		f.Agencies = append(f.Agencies, e)
	}
	slices.SortFunc(f.Agencies, func(a, b ScoreEntry) int { return strings.Compare(a.Code, b.Code) })
	return f
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// WriteScoresJSON writes scores.json (indented, UTF-8, Chinese unescaped).
func WriteScoresJSON(w io.Writer, doc ScoresDoc) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Scores(doc)); err != nil {
		return fmt.Errorf("write scores.json: %w", err)
	}
	return nil
}

// ReadScoresJSON reads scores.json strictly (unknown fields are errors),
// e.g. to compare a recomputation with a published file.
func ReadScoresJSON(r io.Reader, name string) (ScoresFile, error) {
	var f ScoresFile
	dec := json.NewDecoder(io.LimitReader(r, 1<<30))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return ScoresFile{}, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// WriteScoresCSV writes scores.csv for people: UTF-8 with a byte-order
// mark, because Excel (the tool the bureaus open it in) reads a CSV without
// one in the local ANSI code page (GBK) and garbles every Chinese name.
// Agencies sorted by tier, rank, code; one subtotal column per first-level
// indicator, then one column of its (rescaled) maximum, then the appraisal
// formula. Text cells that Excel would take for a formula are prefixed
// with an apostrophe.
func WriteScoresCSV(w io.Writer, cards []zwgk.Scorecard) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write scores.csv: %w", err)
	}
	var subs []string
	for _, c := range cards {
		for id := range c.Subtotals {
			if !slices.Contains(subs, id) {
				subs = append(subs, id)
			}
		}
	}
	slices.Sort(subs)
	header := []string{"code", "name", "level", "region", "total", "grade", "vetoed", "veto", "base", "bonus",
		"deductions", "applicable", "provisional", "tier", "rank", "tier_size", "percentile", "delta", "appraisal"}
	for _, id := range subs {
		header = append(header, "subtotal_"+id)
	}
	for _, id := range subs {
		header = append(header, "subtotal_max_"+id)
	}
	header = append(header, "appraisal_formula")
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write scores.csv: %w", err)
	}
	sorted := slices.Clone(cards)
	slices.SortFunc(sorted, func(a, b zwgk.Scorecard) int {
		if c := strings.Compare(a.Tier, b.Tier); c != 0 {
			return c
		}
		if a.Rank != b.Rank {
			return a.Rank - b.Rank
		}
		return strings.Compare(a.Agency, b.Agency)
	})
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	for _, c := range sorted {
		delta := ""
		if c.Delta != nil {
			delta = num(*c.Delta)
		}
		rec := []string{text(c.Agency), text(c.Name), string(c.Level), string(c.Region), num(c.Total), text(c.Grade),
			strconv.FormatBool(c.Vetoed), text(strings.Join(c.Veto, ";")), num(c.Base), num(c.Bonus), num(c.Deductions),
			num(c.Applicable), strconv.FormatBool(c.Provisional), text(c.Tier), strconv.Itoa(c.Rank), strconv.Itoa(c.TierSize),
			num(c.Percentile), delta, num(c.Appraisal)}
		for _, id := range subs {
			rec = append(rec, num(c.Subtotals[id]))
		}
		for _, id := range subs {
			rec = append(rec, num(c.SubtotalMax[id]))
		}
		rec = append(rec, text(c.AppraisalFormula))
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write scores.csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write scores.csv: %w", err)
	}
	return nil
}

// text defuses CSV formula injection: an agency name from an imported file
// must not run as a formula when a bureau opens the sheet.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

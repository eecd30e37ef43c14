package reports

import (
	"bytes"
	"testing"

	"zwgk"
	"zwgk/reports/reportstest"
)

func scorecardInput(c *reportstest.Cohort, i int) ScorecardInput {
	card := c.Cards[i]
	a := c.Agencies[i]
	return ScorecardInput{Cycle: c.Cycle, Framework: c.Framework, Agency: a, Card: card,
		Findings: c.Findings[a.Code], Pages: c.Evidence[a.Code].Pages, Tier: TiersOf(c.Cards)[card.Tier],
		Assessor: "某某大学政务公开评估中心", RegionName: ProvinceName(a.Region)}
}

func render(t testing.TB, in ScorecardInput) ([]byte, *doc) {
	t.Helper()
	d, err := renderScorecard(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), d
}

func TestScorecardSmoke(t *testing.T) {
	c := cohort()
	for i := range 3 {
		pdf, d := render(t, scorecardInput(c, i))
		if d.misses != 0 {
			t.Errorf("%d runes drawn without a glyph", d.misses)
		}
		writeOut(t, c.Agencies[i].Code+".pdf", pdf)
		t.Logf("%s: %d bytes, %d pages", c.Agencies[i].Code, len(pdf), d.pdf.PageCount())
		_ = zwgk.Pass
	}
}

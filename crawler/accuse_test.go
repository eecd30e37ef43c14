package crawler

// Never accuse on a guess: every finding that tells an agency a list is
// script-generated and unreadable, undated, empty or missing is held to
// what a person reads on the page (the corpus's truth files, the farm's
// Truth()).

import (
	"fmt"
	"html"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
)

// accusation is a finding's claim about one column.
type accusation struct {
	indicator, column, claim string
}

// Claims a finding makes about a column a reader could check.
var (
	reClaimColumn = regexp.MustCompile(`「([^」]+)」`)
	claims        = []struct{ marker, claim string }{
		{zwgk.CauseScript.Chinese(), "script"},
		{"未能识别发布日期", "undated"},
		{"无标注日期", "undated"},
		{"无任何信息", "empty"},
		{"未找到", "missing"},
	}
)

// accusations lists the claims of findings about columns.
func accusations(fs []zwgk.Finding) []accusation {
	var out []accusation
	for _, f := range fs {
		if f.Outcome == zwgk.Pass {
			continue
		}
		for _, part := range strings.Split(f.Problem, "；") {
			for _, c := range claims {
				if !strings.Contains(part, c.marker) {
					continue
				}
				for _, m := range reClaimColumn.FindAllStringSubmatch(part, -1) {
					out = append(out, accusation{f.Indicator, m[1], c.claim})
				}
			}
		}
	}
	return out
}

// readable says whether a reader finds, for claim, that the accusation is
// false: items to read (script, empty, missing) or dated items (undated).
func readable(claim string, items []zwgk.Item) bool {
	for _, it := range items {
		if claim != "undated" || !it.Date.IsZero() {
			return true
		}
	}
	return false
}

// TestNoAccusationOnRealSites crawls each corpus site from a scaffold
// home page (written here, served at /?scaffold=1, not filed as real)
// that links to every list page by its label, scores the evidence with column rules for those
// labels, and holds each claim to the truth: a column called unreadable,
// undated, empty or missing must be one a reader could not read either.
// The corpus holds such a column (jyt-gansu's list inside a comment), so
// the test sees at least one claim.
func TestNoAccusationOnRealSites(t *testing.T) {
	sites := loadRealSites(t)
	keys := make([]string, 0, len(sites))
	for k := range sites {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	claimsSeen := 0
	for _, key := range keys {
		tr := sites[key]
		truth := map[string][]zwgk.Item{} // label → what a reader sees
		var home strings.Builder
		home.WriteString("<html><body><div class=\"nav\">")
		for _, p := range tr.Pages {
			if p.Kind != "list" {
				continue
			}
			label := p.Note
			var items []zwgk.Item
			for _, l := range p.Lists {
				label = l.Label
				for _, r := range l.Rows {
					items = append(items, zwgk.Item{Title: r.Title, URL: r.URL, Date: mustDate(r.Date)})
				}
			}
			if p.Unreadable || len(p.Lists) == 0 {
				label = "列表" + key
			}
			truth[label] = items
			fmt.Fprintf(&home, `<p><a href="%s">%s</a></p>`, html.EscapeString(p.Path), html.EscapeString(label))
		}
		if len(truth) == 0 {
			continue
		}
		home.WriteString("</div></body></html>")
		srv := serveRealSite(t, filepath.Join("testdata/realsites", key), tr, map[string]string{"/?scaffold=1": home.String()})
		var labels []string
		for l := range truth {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		fw := accuseFramework(labels)
		ev := realCrawlWith(t, srv.URL+"/?scaffold=1", fw)
		fs := scoring.Evaluate(fw, zwgk.Agency{Code: "R"}, ev, zwgk.NewDate(2026, 11, 20))
		for _, a := range accusations(fs) {
			claimsSeen++
			items, ok := truth[a.column]
			if !ok {
				t.Errorf("%s %s: a claim (%s) about %q, which is not a list of the corpus", key, a.indicator, a.claim, a.column)
				continue
			}
			if readable(a.claim, items) {
				t.Errorf("%s %s: the finding calls %q %s, but a reader reads %d items there", key, a.indicator, a.column, a.claim, len(items))
			}
		}
	}
	if claimsSeen == 0 {
		t.Fatal("no claim about a column was made: the test cannot fail")
	}
	t.Logf("%d claims about columns, each against what a reader sees", claimsSeen)
}

// accuseFramework has a column rule per label that asks for a recent
// update, so that undated and stale claims are made where they would be.
func accuseFramework(labels []string) *indicators.Framework {
	fw := realFramework(labels)
	fw.Indicators = nil
	for i, l := range labels {
		fw.Indicators = append(fw.Indicators, &indicators.Indicator{ID: fmt.Sprintf("R%d", i+1), Kind: indicators.KindScore, Points: 1,
			Rule: &indicators.Rule{Kind: indicators.RuleColumn, Column: &indicators.Column{Aliases: []string{l}, MaxAgeDays: 30}}})
	}
	return fw
}

// farmAccusations holds every farm finding's claims about columns to the
// site's Truth() (called by TestAgainstSiteFarm on its crawl): a claim the
// truth's own findings do not make, about a column a reader reads there,
// is an accusation on a guess.
func farmAccusations(t *testing.T, fw *indicators.Framework, a zwgk.Agency, got, truth zwgk.Evidence, asOf zwgk.Date) (claims int) {
	t.Helper()
	byName := map[string][]zwgk.Item{}
	for _, c := range truth.Columns {
		byName[c.Name] = c.Items
	}
	fair := map[accusation]bool{}
	for _, ac := range accusations(scoring.Evaluate(fw, a, truth, asOf)) {
		fair[ac] = true
	}
	for _, ac := range accusations(scoring.Evaluate(fw, a, got, asOf)) {
		claims++
		if fair[ac] {
			continue // a reader of the site makes the same claim
		}
		if items, ok := byName[ac.column]; ok && readable(ac.claim, items) {
			t.Errorf("%s %s: the finding calls %q %s, but a reader reads %d items there", a.Code, ac.indicator, ac.column, ac.claim, len(items))
		}
	}
	return claims
}

func mustDate(s string) zwgk.Date {
	if s == "" {
		return zwgk.Date{}
	}
	d, err := zwgk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

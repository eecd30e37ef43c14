package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestReportCommand writes the report folder of a cycle scored straight
// into the store (every leaf passes but one, whose problem must reach the
// folder's findings.csv).
func TestReportCommand(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		if code, _, stderr := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(stderr)
		}
		if code, _, stderr := run(t, dsn, "cycle", "create", "r", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
			t.Fatal(stderr)
		}
		if code, _, stderr := run(t, dsn, "report", "r", "--out", t.TempDir()); code != 1 || !strings.Contains(stderr, "no scorecards yet") {
			t.Fatalf("unscored cycle: exit %d %s", code, stderr)
		}
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		c, err := db.CycleByName(t.Context(), "r")
		if err != nil {
			t.Fatal(err)
		}
		fw, err := indicators.Builtin("zwgk-2016")
		if err != nil {
			t.Fatal(err)
		}
		agencies, err := db.Agencies(t.Context(), store.AgencyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var cards []zwgk.Scorecard
		for _, a := range agencies {
			var fs []zwgk.Finding
			for i, l := range fw.Leaves() {
				f := zwgk.Finding{Agency: a.Code, Indicator: l.ID, Outcome: zwgk.Pass, Fraction: 1}
				if i == 5 {
					f = zwgk.Finding{Agency: a.Code, Indicator: l.ID, Outcome: zwgk.Fail, Problem: "栏目长期未更新，最新信息距评估日超过一年。"}
				}
				fs = append(fs, f)
			}
			if err := db.SaveFindings(t.Context(), c.ID, a.Code, fs); err != nil {
				t.Fatal(err)
			}
			cards = append(cards, scoring.Score(fw, a, fs))
		}
		scoring.Rank(cards, nil)
		if err := db.SaveScorecards(t.Context(), c.ID, cards); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		code, stdout, stderr := run(t, dsn, "report", "r", "--out", out, "--assessor", "评估中心")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "4 scorecards") {
			t.Errorf("stdout %q", stdout)
		}
		want := []string{"cohort.pdf", "charts/index.html", "charts/echarts.min.js", "scores.csv", "scores.json", "findings.csv", "scores.xlsx"}
		for _, a := range agencies {
			want = append(want, "scorecards/"+a.Code+".pdf", "evidence/"+a.Code+".json")
		}
		for _, w := range want {
			if st, err := os.Stat(filepath.Join(out, w)); err != nil || st.Size() == 0 {
				t.Errorf("%s: %v", w, err)
			}
		}
		b, _ := os.ReadFile(filepath.Join(out, "findings.csv"))
		if !strings.Contains(string(b), "栏目长期未更新") {
			t.Error("findings.csv lacks the problem statement")
		}
		if code, _, stderr := run(t, dsn, "report", "r"); code != 2 || !strings.Contains(stderr, "--out") {
			t.Errorf("no --out: exit %d %s", code, stderr)
		}
		if code, _, stderr := run(t, dsn, "report", "r", "--out", t.TempDir(), "--agency", "NOPE"); code != 1 || !strings.Contains(stderr, "NOPE") {
			t.Errorf("unknown agency: exit %d %s", code, stderr)
		}
	})
}

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"zwgk"
	"zwgk/exchange"
	"zwgk/indicators"
	"zwgk/scoring"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestRectificationAcrossCycles: cycle 2026 follows the published cycle
// 2025 by default; what became of each 2025 problem reaches scores.json and
// the scorecard.
func TestRectificationAcrossCycles(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		if code, _, stderr := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(stderr)
		}
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		fw, err := indicators.Builtin("zwgk-2016")
		if err != nil {
			t.Fatal(err)
		}
		agencies, err := db.Agencies(t.Context(), store.AgencyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var scoreLeaf string
		for _, l := range fw.Leaves() {
			if l.Kind == indicators.KindScore {
				scoreLeaf = l.ID
				break
			}
		}
		// 2025: every agency fails scoreLeaf on two columns. 2026: the
		// first agency fixed one of them, the others fixed nothing.
		fill := func(name string, fixed bool) {
			c, err := db.CycleByName(t.Context(), name)
			if err != nil {
				t.Fatal(err)
			}
			var cards []zwgk.Scorecard
			for k, a := range agencies {
				var fs []zwgk.Finding
				for _, l := range fw.Leaves() {
					f := zwgk.Finding{Agency: a.Code, Indicator: l.ID, Outcome: zwgk.Pass, Fraction: 1}
					if l.ID == scoreLeaf {
						f = zwgk.Finding{Agency: a.Code, Indicator: l.ID, Outcome: zwgk.Partial, Fraction: 0.5, Problem: "“政策文件”等栏目未按期更新。",
							Evidence: []string{"https://x.gov.cn/" + a.Code + "/zcwj/", "https://x.gov.cn/" + a.Code + "/tzgg/"}}
						if fixed && k == 0 {
							f.Evidence = f.Evidence[1:]
						}
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
			for _, s := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview} {
				if err := db.SetCycleState(t.Context(), c.ID, s); err != nil {
					t.Fatal(err)
				}
			}
		}
		if code, _, stderr := run(t, dsn, "cycle", "create", "2025", "--framework", "zwgk-2016", "--as-of", "2025-11-01"); code != 0 {
			t.Fatal(stderr)
		}
		fill("2025", false)
		if err := db.SetCycleState(t.Context(), mustCycleID(t, db, "2025"), zwgk.CyclePublished); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run(t, dsn, "cycle", "create", "2026", "--framework", "zwgk-2016", "--as-of", "2026-11-01", "--previous", "nope"); code != 1 || !strings.Contains(stderr, "nope") {
			t.Fatalf("--previous nope: exit %d %s", code, stderr)
		}
		code, stdout, stderr := run(t, dsn, "cycle", "create", "2026", "--framework", "zwgk-2016", "--as-of", "2026-11-01")
		if code != 0 || !strings.Contains(stdout, "rectification of cycle 2025") {
			t.Fatalf("create 2026: exit %d %s %s", code, stdout, stderr)
		}
		fill("2026", true)
		out := filepath.Join(t.TempDir(), "r")
		if code, _, stderr := run(t, dsn, "report", "2026", "--out", out); code != 0 {
			t.Fatal(stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "scores.json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc exchange.ScoresFile
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range doc.Agencies {
			want := zwgk.RectSummary{Previous: 2, Open: 2}
			if e.Code == agencies[0].Code {
				want = zwgk.RectSummary{Previous: 2, Fixed: 1, Open: 1}
			}
			if e.Rectification == nil || *e.Rectification != want {
				t.Errorf("%s: rectification %+v, want %+v", e.Code, e.Rectification, want)
			}
		}
		// The ledger of 2025: the problems with their keys, a claim, and
		// what 2026 found.
		code0 := agencies[0].Code
		code, stdout, stderr = run(t, dsn, "rectification", "problems", "2025", "--agency", code0)
		if code != 0 || strings.Count(stdout, "\n") != 2 {
			t.Fatalf("problems: exit %d %q %s", code, stdout, stderr)
		}
		key := strings.Fields(stdout)[0]
		if code, _, stderr := run(t, dsn, "rectification", "claim", "2025", "--agency", code0, "--problem", "nope", "--note", "x"); code != 1 || !strings.Contains(stderr, "no problem nope") {
			t.Fatalf("claim of an unknown problem: exit %d %s", code, stderr)
		}
		if code, _, stderr := run(t, dsn, "rectification", "claim", "2025", "--agency", code0, "--problem", key, "--note", "栏目已恢复更新", "--link", "https://x.gov.cn/zcwj/t1.html"); code != 0 {
			t.Fatalf("claim: %s", stderr)
		}
		ledger := t.TempDir()
		if code, stdout, stderr := run(t, dsn, "rectification", "ledger", "2025", "--out", ledger, "--agency", code0); code != 0 || !strings.Contains(stdout, "2 problems") {
			t.Fatalf("ledger: exit %d %s %s", code, stdout, stderr)
		}
		csvb, err := os.ReadFile(filepath.Join(ledger, code0+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"\ufeff单位代码", key, "栏目已恢复更新", "2026：已整改", "2026：未整改", "已整改（下期评估）"} {
			if !strings.Contains(string(csvb), w) {
				t.Errorf("ledger CSV lacks %q:\n%s", w, csvb)
			}
		}
		if keep := os.Getenv("ZWGK_KEEP_LEDGER"); keep != "" {
			exec.Command("cp", filepath.Join(ledger, code0+".pdf"), keep+"-"+backend+".pdf").Run()
		}
		if st, err := os.Stat(filepath.Join(ledger, code0+".pdf")); err != nil || st.Size() < 1000 || st.Mode().Perm() != 0o644 {
			t.Errorf("ledger PDF: %v %v", st, err)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("pdftotext is needed to read the scorecard")
			}
			t.Skip("pdftotext not installed: the scorecard's text is not checked")
		}
		txt, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(out, "scorecards", agencies[0].Code+".pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(txt)), "")
		for _, w := range []string{"上期问题整改情况", "本单位上期共有问题2个：已整改1个，未整改1个", "已整改", "未整改"} {
			if !strings.Contains(flat, w) {
				t.Errorf("scorecard lacks %q", w)
			}
		}
	})
}

func mustCycleID(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	c, err := db.CycleByName(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

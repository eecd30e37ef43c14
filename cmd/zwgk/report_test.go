package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports"
	"zwgk/scoring"
	"zwgk/store"
	"zwgk/store/storetest"
	"zwgk/web"
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

// scoredCycle imports n county agencies, creates cycle "k" and stores
// findings and scorecards for them straight into the store.
func scoredCycle(t *testing.T, dsn string, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("code,name,level,region,site,parent\n")
	for i := range n {
		fmt.Fprintf(&b, "K%04d,测试县%04d人民政府,county,4403%02d,https://k%04d.gov.cn,\n", i, i, 4+i%6, i)
	}
	path := filepath.Join(t.TempDir(), "agencies.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dsn, "agencies", "import", path); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run(t, dsn, "cycle", "create", "k", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
		t.Fatal(stderr)
	}
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.CycleByName(t.Context(), "k")
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
	for k, a := range agencies {
		var fs []zwgk.Finding
		for i, l := range fw.Leaves() {
			f := zwgk.Finding{Agency: a.Code, Indicator: l.ID, Outcome: zwgk.Pass, Fraction: 1}
			if (i+k)%7 == 0 && l.Kind != indicators.KindVeto {
				f = zwgk.Finding{Agency: a.Code, Indicator: l.ID, Outcome: zwgk.Fail, Problem: "“" + l.Name + "”栏目长期未更新。"}
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
}

// TestReportKilledChild is the child half of TestReportKilled: it runs
// zwgk report with the arguments of ZWGK_REPORT_CHILD (tab-separated).
func TestReportKilledChild(t *testing.T) {
	args := os.Getenv("ZWGK_REPORT_CHILD")
	if args == "" {
		t.Skip("run by TestReportKilled only")
	}
	os.Exit(Main(context.Background(), strings.Split(args, "\t"), os.Stdout, os.Stderr))
}

// folderState is every file under dir with its content hash.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReportKilled: `zwgk report` killed with SIGKILL while writing
// scorecards leaves the previous report folder exactly as it was (or no
// folder when there was none), and the next run writes a complete folder
// and removes everything the killed run left.
func TestReportKilled(t *testing.T) {
	if os.Getenv("ZWGK_REPORT_CHILD") != "" {
		t.Skip("child")
	}
	dsn := storetest.DSN(t, "sqlite")
	const n = 120
	scoredCycle(t, dsn, n)
	root := t.TempDir()
	out := filepath.Join(root, "report")
	args := []string{"--db", dsn, "report", "k", "--out", out, "--workers", "1", "--assessor", "评估中心"}

	// kill starts the command in a child process and kills it with SIGKILL
	// once its build folder holds a few scorecards.
	kill := func() {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestReportKilledChild$")
		cmd.Env = append(os.Environ(), "ZWGK_REPORT_CHILD="+strings.Join(args, "\t"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		deadline := time.Now().Add(60 * time.Second)
		for {
			pdfs, _ := filepath.Glob(filepath.Join(root, ".report*", "scorecards", "*.pdf"))
			if len(pdfs) >= 3 {
				break
			}
			select {
			case err := <-exited:
				t.Fatalf("report finished before it could be killed (%v): %s", err, stderr.String())
			case <-time.After(5 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("no scorecards written within a minute: %s", stderr.String())
			}
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		<-exited
	}
	complete := func() {
		t.Helper()
		if _, err := reports.ReadCompletion(out); err != nil {
			t.Fatal(err)
		}
		pdfs, _ := filepath.Glob(filepath.Join(out, "scorecards", "*.pdf"))
		if len(pdfs) != n {
			t.Fatalf("%d scorecards, want %d", len(pdfs), n)
		}
		entries, _ := os.ReadDir(root)
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("left beside the report: %v", names)
		}
		hidden := 0
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), ".") {
				hidden++
			}
			return nil
		})
		if hidden > 0 {
			t.Fatalf("%d hidden files in the report", hidden)
		}
	}

	// No previous folder: killed, nothing is at the target.
	kill()
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("after a killed first run the target exists: %v", err)
	}
	if code, _, stderr := run(t, dsn, args[2:]...); code != 0 {
		t.Fatal(stderr)
	}
	complete()

	// A previous folder: killed, it is exactly as it was.
	before := folderState(t, out)
	kill()
	if after := folderState(t, out); !maps.Equal(before, after) {
		t.Fatalf("a killed run changed the previous report (%d files before, %d after)", len(before), len(after))
	}
	if code, _, stderr := run(t, dsn, args[2:]...); code != 0 {
		t.Fatal(stderr)
	}
	complete()
}

// TestPortalScorecardIsTheFolders: the scorecard the portal serves for
// download is the report folder's document — same text, region by name,
// the assessor zwgk report stored — but for the folder's manifest roots,
// which only the folder has.
func TestPortalScorecardIsTheFolders(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext missing under CI")
		}
		t.Skip("SKIPPED: pdftotext not installed")
	}
	dsn := storetest.DSN(t, "sqlite")
	scoredCycle(t, dsn, 6)
	out := filepath.Join(t.TempDir(), "report")
	if code, _, stderr := run(t, dsn, "report", "k", "--out", out, "--assessor", "某某大学第三方评估中心"); code != 0 {
		t.Fatal(stderr)
	}
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.CycleByName(t.Context(), "k")
	if err != nil {
		t.Fatal(err)
	}
	cards, err := db.Scorecards(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	card := cards[2]
	a, err := db.Agency(t.Context(), card.Agency)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := db.Findings(t.Context(), c.ID, a.Code)
	if err != nil {
		t.Fatal(err)
	}
	var portal bytes.Buffer
	backend := &web.StoreBackend{DB: db}
	if err := backend.ScorecardPDF(t.Context(), &portal, web.PDFInput{Cycle: c, Agency: a, Card: card, Findings: fs, Cohort: true}); err != nil {
		t.Fatal(err)
	}
	folder, err := os.ReadFile(filepath.Join(out, "scorecards", a.Code+".pdf"))
	if err != nil {
		t.Fatal(err)
	}
	text := func(pdf []byte) []string {
		cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		b, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		// The folder's sentences with the manifest roots: from the line
		// with 根哈希 to the end of the sentence naming zwgk evidence, which
		// wraps where the hash's digits put it (short lines between without
		// a full stop are the watermark's, which both documents carry).
		var lines []string
		skipping := false
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.Join(strings.Fields(l), " ")
			switch {
			case l == "":
			case strings.Contains(l, "根哈希"):
				skipping = !strings.HasSuffix(l, "。")
			case skipping && (strings.Contains(l, "。") || strings.Contains(l, "zwgk") || len([]rune(l)) > 3):
				skipping = !strings.HasSuffix(l, "。")
			case strings.Contains(l, "zwgk evidence verify"):
			default:
				lines = append(lines, l)
			}
		}
		return lines
	}
	p, f := text(portal.Bytes()), text(folder)
	joined := strings.Join(p, "\n")
	for _, want := range []string{"某某大学第三方评估中心", "广东省深圳市"} {
		if !strings.Contains(joined, want) {
			t.Errorf("portal scorecard lacks %q", want)
		}
	}
	if strings.Join(p, "\n") != strings.Join(f, "\n") {
		for i := range min(len(p), len(f)) {
			if p[i] != f[i] {
				t.Fatalf("portal and folder scorecards differ at line %d:\nportal %q\nfolder %q", i+1, p[i], f[i])
			}
		}
		t.Fatalf("portal scorecard has %d lines, the folder's %d", len(p), len(f))
	}
}

package reports

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk"
	"zwgk/exchange"
	"zwgk/reports/reportstest"
)

type evidenceMap map[string]zwgk.Evidence

func (m evidenceMap) Evidence(_ context.Context, _ int64, code string) (zwgk.Evidence, bool, error) {
	ev, ok := m[code]
	return ev, ok, nil
}

func folderInput(c *reportstest.Cohort) FolderInput {
	in := FolderInput{Cycle: c.Cycle, Framework: c.Framework, Agencies: c.Agencies, Cards: c.Cards,
		Evidence: evidenceMap(c.Evidence), History: []CycleCards{{Name: c.Prev.Name, Cards: c.PrevCards}}, Assessor: "评估中心"}
	for _, a := range c.Agencies {
		in.Findings = append(in.Findings, c.Findings[a.Code]...)
	}
	return in
}

func TestWriteFolder(t *testing.T) {
	c := reportstest.New(12, 3)
	dir := t.TempDir()
	var mu sync.Mutex
	var seen []int
	last := 0
	err := WriteFolder(context.Background(), dir, folderInput(c), func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, done)
		last = total
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(seen)
	if len(seen) != last || seen[len(seen)-1] != last {
		t.Errorf("progress %v of %d", seen, last)
	}
	want := []string{"cohort.pdf", "charts/index.html", "charts/echarts.min.js", "scores.csv", "scores.json", "findings.csv", "scores.xlsx"}
	for _, a := range c.Agencies {
		want = append(want, "scorecards/"+a.Code+".pdf", "evidence/"+a.Code+".json")
	}
	for _, w := range want {
		st, err := os.Stat(filepath.Join(dir, w))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", w, err)
		}
	}
	var stray []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if strings.HasPrefix(info.Name(), ".") && p != dir {
			stray = append(stray, p)
		}
		return nil
	})
	if len(stray) > 0 {
		t.Errorf("temporary files left: %v", stray)
	}
	f, err := os.Open(filepath.Join(dir, "scores.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sf, err := exchange.ReadScoresJSON(f, "scores.json")
	if err != nil || len(sf.Agencies) != len(c.Agencies) || sf.Framework.ID != "zwgk-2016" {
		t.Errorf("scores.json: %v, %d agencies", err, len(sf.Agencies))
	}
	// evidence/<code>.json has exactly DESIGN.md's keys.
	b, err := os.ReadFile(filepath.Join(dir, "evidence", c.Agencies[0].Code+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range ev {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if got := strings.Join(keys, ","); got != "agency,as_of,columns,content_checks,crawled_at,cycle,failure_cause,page_counts,pages,probes,transport" {
		t.Errorf("evidence keys %s", got)
	}
	if ev["cycle"] != c.Cycle.Name || ev["as_of"] != "2026-11-15" {
		t.Errorf("evidence cycle %v as_of %v", ev["cycle"], ev["as_of"])
	}
	pages := ev["pages"].([]any)
	if want := c.Evidence[c.Agencies[0].Code].Pages; len(pages) != len(want) {
		t.Errorf("evidence lists %d pages, want %d", len(pages), len(want))
	} else {
		p0 := pages[1].(map[string]any)
		if p0["url"] != want[1].URL || p0["sha256"] != want[1].SHA256 || p0["status"].(float64) != float64(want[1].Status) ||
			p0["fetched_at"] != want[1].FetchedAt.UTC().Format(time.RFC3339) {
			t.Errorf("evidence page %v, want %+v", p0, want[1])
		}
	}
	counts := ev["page_counts"].(map[string]any)
	if counts["fetched"].(float64)+counts["failed"].(float64) != float64(len(pages)) {
		t.Errorf("page_counts %v for %d pages", counts, len(pages))
	}
	col := ev["columns"].([]any)[0].(map[string]any)
	if col["name"] != "通知公告" || col["newest"] != "2026-11-01" || col["items"].(float64) != 1 {
		t.Errorf("evidence column %v", col)
	}
	if ev["columns"].([]any)[1].(map[string]any)["newest"] != nil {
		t.Error("an empty column's newest must be null")
	}
	if p := ev["probes"].(map[string]any); p["total"].(float64) != 2 || p["failed"].(float64) != 1 {
		t.Errorf("probes %v", p)
	}
}

func TestWriteFolderOnlyAndBadCode(t *testing.T) {
	c := reportstest.New(6, 4)
	in := folderInput(c)
	in.Only = []string{c.Agencies[2].Code}
	dir := t.TempDir()
	if err := WriteFolder(context.Background(), dir, in, nil); err != nil {
		t.Fatal(err)
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "scorecards", "*.pdf"))
	if len(pdfs) != 1 || filepath.Base(pdfs[0]) != c.Agencies[2].Code+".pdf" {
		t.Errorf("scorecards %v", pdfs)
	}
	in.Only = []string{"NOPE"}
	if err := WriteFolder(context.Background(), t.TempDir(), in, nil); err == nil || !strings.Contains(err.Error(), "NOPE") {
		t.Errorf("unknown --agency: %v", err)
	}
	in.Only = nil
	in.Agencies = append(slices.Clone(in.Agencies), zwgk.Agency{Code: "../x"})
	in.Cards = append(slices.Clone(in.Cards), zwgk.Scorecard{Agency: "../x"})
	if err := WriteFolder(context.Background(), t.TempDir(), in, nil); err == nil || !strings.Contains(err.Error(), "cannot name a file") {
		t.Errorf("code ../x: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteFolder(ctx, t.TempDir(), folderInput(c), nil); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestFolderModesAndBOM: every file of the folder is 0644 and every folder
// 0755 whatever the umask (a web server publishes the open data), 0600 and
// 0700 with Private; every CSV starts with a UTF-8 byte-order mark (Excel
// on Chinese Windows reads a CSV without one as GBK).
func TestFolderModesAndBOM(t *testing.T) {
	c := reportstest.New(5, 9)
	for _, private := range []bool{false, true} {
		in := folderInput(c)
		in.Private = private
		dir := filepath.Join(t.TempDir(), "out")
		if err := WriteFolder(context.Background(), dir, in, nil); err != nil {
			t.Fatal(err)
		}
		wantFile, wantDir := os.FileMode(0o644), os.FileMode(0o755)
		if private {
			wantFile, wantDir = 0o600, 0o700
		}
		files, csvs := 0, 0
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			st, err := d.Info()
			if err != nil {
				return err
			}
			want := wantFile
			if d.IsDir() {
				want = wantDir
			} else {
				files++
			}
			if st.Mode().Perm() != want {
				t.Errorf("private=%v: %s has mode %v, want %v", private, p, st.Mode().Perm(), want)
			}
			if strings.HasSuffix(p, ".csv") {
				csvs++
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if !strings.HasPrefix(string(b), "\ufeff") {
					t.Errorf("%s does not start with a byte-order mark", p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if csvs != 2 || files < 2*len(c.Agencies)+8 {
			t.Errorf("walked %d files, %d CSVs", files, csvs)
		}
		done, err := ReadCompletion(dir)
		if err != nil || done.Cycle != c.Cycle.Name || done.Files != files || done.Private != private {
			t.Errorf("completion %+v (%d files): %v", done, files, err)
		}
	}
}

// TestFolderReplace: a finished report is replaced whole, an empty folder
// is used, a folder that is not a report is refused untouched, a run
// limited to one agency keeps the others' files, and what a dead run left
// beside the target is removed.
func TestFolderReplace(t *testing.T) {
	c := reportstest.New(4, 5)
	root := t.TempDir()
	dir := filepath.Join(root, "report")
	if err := WriteFolder(context.Background(), dir, folderInput(c), nil); err != nil {
		t.Fatal(err)
	}
	// A stray file in the old report must be gone after a full rerun.
	if err := os.WriteFile(filepath.Join(dir, "stray.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Leftovers of a dead run (pid 2^22+1 is above Linux's pid_max).
	dead := filepath.Join(root, ".report"+buildMark+"4194305-123")
	if err := os.MkdirAll(filepath.Join(dead, "scorecards"), 0o755); err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(root, ".report"+buildMark+strconv.Itoa(os.Getppid())+"-9")
	if err := os.MkdirAll(live, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFolder(context.Background(), dir, folderInput(c), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "stray.txt")); err == nil {
		t.Error("the previous folder's stray file survived a full rerun")
	}
	if _, err := os.Stat(dead); err == nil {
		t.Error("a dead run's build folder was not removed")
	}
	if _, err := os.Stat(live); err != nil {
		t.Error("a live process's build folder was removed")
	}
	os.RemoveAll(live)

	in := folderInput(c)
	in.Only = []string{c.Agencies[1].Code}
	if err := WriteFolder(context.Background(), dir, in, nil); err != nil {
		t.Fatal(err)
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "scorecards", "*.pdf"))
	evs, _ := filepath.Glob(filepath.Join(dir, "evidence", "*.json"))
	if len(pdfs) != len(c.Agencies) || len(evs) != len(c.Agencies) {
		t.Errorf("--agency run kept %d scorecards and %d evidence files of %d", len(pdfs), len(evs), len(c.Agencies))
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the report: %v", names)
	}

	other := filepath.Join(root, "mine")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFolder(context.Background(), other, folderInput(c), nil); err == nil || !strings.Contains(err.Error(), "not a zwgk report") {
		t.Errorf("a folder that is not a report: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "keep me" {
		t.Error("a refused folder was changed")
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 {
		t.Errorf("refused folder holds %d entries", len(entries))
	}
}

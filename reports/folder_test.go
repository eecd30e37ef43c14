package reports

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

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
	if got := strings.Join(keys, ","); got != "agency,columns,crawled_at,failure_cause,pages,probes" {
		t.Errorf("evidence keys %s", got)
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

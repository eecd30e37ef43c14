package manifest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/exchange"
	"zwgk/indicators"
	"zwgk/manifest"
	"zwgk/scoring"
)

// folder writes a small report folder the way the report command does
// (framework.yaml, findings.csv, scores.json, evidence/<code>.json with
// its page list, manifest.json) and returns its path and root.
func folder(t *testing.T) (string, string) {
	t.Helper()
	fw, err := indicators.Load("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	agencies := []zwgk.Agency{
		{Code: "110101", Name: "东城区人民政府", Level: zwgk.LevelCounty, Region: "110101"},
		{Code: "110102", Name: "西城区人民政府", Level: zwgk.LevelCounty, Region: "110102"},
		{Code: "440305", Name: "南山区人民政府", Level: zwgk.LevelCounty, Region: "440305"},
	}
	var findings []zwgk.Finding
	for i, a := range agencies {
		for j, leaf := range fw.Leaves() {
			f := zwgk.Finding{Agency: a.Code, Indicator: leaf.ID, Outcome: zwgk.Pass, Fraction: 1}
			switch {
			case leaf.Kind == indicators.KindVeto:
				f.Fraction = 0
			case (i+j)%3 == 0:
				f.Outcome, f.Fraction, f.Measure, f.Problem = zwgk.Partial, 0.5, "最新信息 2026-09-02", "栏目更新不及时"
			}
			findings = append(findings, f)
		}
	}
	cards, err := scoring.Recompute(fw, agencies, findings)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var m manifest.Manifest
	m.Cycle, m.AsOf = "2026", "2026-11-20"
	m.Framework = manifest.Framework{ID: fw.ID, Version: fw.Version}
	write := func(name string, b []byte, cohort bool) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if cohort {
			m.AddFile(name, b)
		}
	}
	write("framework.yaml", fw.Source, true)
	var fb, sb bytes.Buffer
	if err := exchange.WriteFindingsCSV(&fb, findings); err != nil {
		t.Fatal(err)
	}
	write("findings.csv", fb.Bytes(), true)
	if err := exchange.WriteScoresJSON(&sb, exchange.ScoresDoc{Cycle: "2026", Framework: exchange.FrameworkRef{ID: fw.ID, Version: fw.Version},
		AsOf: zwgk.NewDate(2026, 11, 20), Agencies: cards}); err != nil {
		t.Fatal(err)
	}
	write("scores.json", sb.Bytes(), true)
	entries, err := manifest.ScoreEntries(sb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 18, 2, 0, 0, 0, time.UTC)
	for i, a := range agencies {
		var pages []manifest.PageRecord
		for k := range 4 {
			pages = append(pages, manifest.PageRecord{URL: fmt.Sprintf("https://%s.gov.cn/p%d.html", a.Code, k), Status: 200,
				FetchedAt: t0.Add(time.Duration(i*10+k) * time.Second), SHA256: manifest.FileDigest([]byte(a.Code + fmt.Sprint(k)))})
		}
		ev, _ := json.MarshalIndent(map[string]any{"agency": a.Code, "pages": pages}, "", "  ")
		write("evidence/"+a.Code+".json", ev, false)
		var mine []zwgk.Finding
		for _, f := range findings {
			if f.Agency == a.Code {
				mine = append(mine, f)
			}
		}
		probes := []zwgk.Probe{{At: t0, Status: 200, Latency: 80 * time.Millisecond}, {At: t0.Add(time.Hour), Cause: zwgk.CauseTimeout}}
		if err := m.AddAgency(a.Code, ev, mine, entries[a.Code], probes); err != nil {
			t.Fatal(err)
		}
	}
	root, err := m.Seal()
	if err != nil {
		t.Fatal(err)
	}
	var mb bytes.Buffer
	if err := m.Write(&mb); err != nil {
		t.Fatal(err)
	}
	write("manifest.json", mb.Bytes(), false)
	return dir, root
}

func TestVerifyGoodFolder(t *testing.T) {
	dir, root := folder(t)
	rep, err := manifest.Verify(os.DirFS(dir), root)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Root != root || rep.Agencies != 3 || rep.Pages != 12 || rep.Files != 3 {
		t.Fatalf("report %+v, want root %s, 3 agencies, 12 pages, 3 files", rep, root)
	}
	if _, err := manifest.Verify(os.DirFS(dir), strings.Repeat("0", 64)); !manifest.IsMismatch(err) || !strings.Contains(err.Error(), "published root") {
		t.Fatalf("another published root: %v, want a mismatch of the root", err)
	}
}

// Any one change anywhere is caught and named: the file, and the item.
func TestVerifyCatchesEveryChange(t *testing.T) {
	cases := []struct {
		name     string
		change   func(t *testing.T, dir string)
		file     string // the mismatch names this file
		item     string // and this item (substring)
		resealed bool   // the manifest was rebuilt to hide the change
	}{
		{"a byte of an evidence file", func(t *testing.T, dir string) {
			flipByte(t, filepath.Join(dir, "evidence/110102.json"), "https://110102")
		}, "evidence/110102.json", "", false},
		{"a page removed from an evidence file", func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "evidence/440305.json"), func(doc map[string]any) {
				l := doc["pages"].([]any)
				doc["pages"] = l[1:]
			})
		}, "evidence/440305.json", "", false},
		{"a finding changed", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "findings.csv"))
			line := strings.Split(string(b), "\n")[2] // the second finding of 110101
			f := strings.SplitN(line, ",", 5)
			replaceIn(t, filepath.Join(dir, "findings.csv"), line, strings.Join([]string{f[0], f[1], "partial", "0.25", f[4]}, ","))
		}, "findings.csv", "", false},
		{"a score changed", func(t *testing.T, dir string) {
			editScores(t, dir, func(e map[string]any) { e["total"] = e["total"].(float64) + 1 })
		}, "scores.json", "", false},
		{"the framework changed", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, "framework.yaml"), "title:", "title: x")
		}, "framework.yaml", "", false},
		{"the manifest's page count", func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "manifest.json"), func(doc map[string]any) {
				doc["agencies"].([]any)[0].(map[string]any)["pages"] = 3.0
			})
		}, "manifest.json", "agency 110101", false},
		{"a score changed and the manifest rebuilt around it", func(t *testing.T, dir string) {
			editScores(t, dir, func(e map[string]any) { e["grade"] = "特优" })
			reseal(t, dir)
		}, "scores.json", "agency 110101 grade", true},
		{"an evidence file removed", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "evidence/110102.json"))
		}, "evidence/110102.json", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, root := folder(t)
			tc.change(t, dir)
			want := root
			if tc.resealed {
				want = "" // the folder is self-consistent but its marks are not
			}
			_, err := manifest.Verify(os.DirFS(dir), want)
			var m *manifest.Mismatch
			if !manifest.IsMismatch(err) {
				t.Fatalf("verify: %v, want a mismatch", err)
			}
			m = err.(*manifest.Mismatch)
			if m.File != tc.file || !strings.Contains(m.Item, tc.item) {
				t.Fatalf("mismatch %q, want file %s item ~%q", err, tc.file, tc.item)
			}
		})
	}
}

func flipByte(t *testing.T, path, near string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(near))
	if i < 0 {
		t.Fatalf("%s has no %q", path, near)
	}
	b[i+len(near)+3] ^= 1
	os.WriteFile(path, b, 0o644)
}

func replaceIn(t *testing.T, path, old, new string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", path, old)
	}
	os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
}

func editJSON(t *testing.T, path string, edit func(map[string]any)) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, _ = json.MarshalIndent(doc, "", "  ")
	os.WriteFile(path, b, 0o644)
}

func editScores(t *testing.T, dir string, edit func(map[string]any)) {
	editJSON(t, filepath.Join(dir, "scores.json"), func(doc map[string]any) {
		edit(doc["agencies"].([]any)[0].(map[string]any))
	})
}

// reseal rebuilds manifest.json from the folder as it now is: what a
// forger with the folder but not the published root would do.
func reseal(t *testing.T, dir string) {
	mb, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	m, err := manifest.Read(bytes.NewReader(mb), "manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range m.Files {
		b, _ := os.ReadFile(filepath.Join(dir, f.Path))
		m.Files[i].SHA256 = manifest.FileDigest(b)
	}
	sb, _ := os.ReadFile(filepath.Join(dir, "scores.json"))
	entries, err := manifest.ScoreEntries(sb)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Agencies {
		a := &m.Agencies[i]
		a.Score, _ = manifest.ScoreDigest(entries[a.Code])
		ev, _ := os.ReadFile(filepath.Join(dir, "evidence", a.Code+".json"))
		pages, _ := manifest.EvidencePages(ev)
		manifest.AgencyRoot(a, pages)
	}
	if _, err := m.Seal(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	m.Write(&out)
	os.WriteFile(filepath.Join(dir, "manifest.json"), out.Bytes(), 0o644)
}

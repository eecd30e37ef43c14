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
	"zwgk/manifest"
)

// bundle exports agency 440305 of the fixture folder as zwgk evidence
// export does: its files from the folder, its bodies and probes as stored.
func bundle(t *testing.T) (string, string) {
	t.Helper()
	dir, root := folder(t)
	mb, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	m, err := manifest.Read(bytes.NewReader(mb), "manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := manifest.BundleFor(m, "440305")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	put := func(name string, data []byte) {
		os.MkdirAll(filepath.Dir(filepath.Join(out, name)), 0o755)
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ev, _ := os.ReadFile(filepath.Join(dir, "evidence/440305.json"))
	put(manifest.BundleEvidenceFile, ev)
	pages, _ := manifest.EvidencePages(ev)
	for k := range pages {
		name := fmt.Sprintf("pages/%05d.bin", k)
		put(name, []byte("440305"+fmt.Sprint(k)))
		b.Bodies = append(b.Bodies, manifest.Body{File: name})
	}
	fb, _ := os.ReadFile(filepath.Join(dir, "findings.csv"))
	all, err := exchange.ReadFindingsCSV(bytes.NewReader(fb), "findings.csv")
	if err != nil {
		t.Fatal(err)
	}
	var mine []zwgk.Finding
	for _, f := range all {
		if f.Agency == "440305" {
			mine = append(mine, f)
		}
	}
	var w bytes.Buffer
	exchange.WriteFindingsCSV(&w, mine)
	put(manifest.BundleFindingsFile, w.Bytes())
	sb, _ := os.ReadFile(filepath.Join(dir, "scores.json"))
	entries, _ := manifest.ScoreEntries(sb)
	put(manifest.BundleScoreFile, entries["440305"])
	t0 := time.Date(2026, 11, 18, 2, 0, 0, 0, time.UTC)
	probes, _ := json.Marshal([]zwgk.Probe{{At: t0, Status: 200, Latency: 80 * time.Millisecond}, {At: t0.Add(time.Hour), Cause: zwgk.CauseTimeout}})
	put(manifest.BundleProbesFile, probes)
	var bj bytes.Buffer
	if err := b.Write(&bj); err != nil {
		t.Fatal(err)
	}
	put(manifest.BundleFile, bj.Bytes())
	return out, root
}

func TestBundleVerifies(t *testing.T) {
	out, root := bundle(t)
	rep, err := manifest.VerifyBundle(os.DirFS(out), root)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Agency != "440305" || rep.Pages != 4 || rep.Bodies != 4 || rep.Probes != 2 || rep.Root != root {
		t.Fatalf("report %+v", rep)
	}
}

func TestBundleCatchesChanges(t *testing.T) {
	cases := []struct {
		name, file string
		change     func(dir string)
	}{
		{"a body byte", "pages/00002.bin", func(dir string) { os.WriteFile(filepath.Join(dir, "pages/00002.bin"), []byte("4403052x"), 0o644) }},
		{"a probe", manifest.BundleProbesFile, func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, manifest.BundleProbesFile))
			os.WriteFile(filepath.Join(dir, manifest.BundleProbesFile), bytes.Replace(b, []byte(`"status":200`), []byte(`"status":500`), 1), 0o644)
		}},
		{"the proof", manifest.BundleFile, func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, manifest.BundleFile))
			var doc map[string]any
			json.Unmarshal(b, &doc)
			p := doc["proof"].([]any)
			p[0] = strings.Repeat("ab", 32)
			b, _ = json.Marshal(doc)
			os.WriteFile(filepath.Join(dir, manifest.BundleFile), b, 0o644)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, root := bundle(t)
			tc.change(out)
			_, err := manifest.VerifyBundle(os.DirFS(out), root)
			if !manifest.IsMismatch(err) || err.(*manifest.Mismatch).File != tc.file {
				t.Fatalf("verify: %v, want a mismatch in %s", err, tc.file)
			}
		})
	}
}

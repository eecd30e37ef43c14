package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestEvidenceVerifyAndExport: a cycle with pages and probes stored is
// reported; the folder verifies against the root it prints; any one change
// (an evidence byte, a finding, a score, a page removed) fails with the
// file and item named; an agency's bundle with its page bodies verifies
// against the published root, and a changed body is caught.
func TestEvidenceVerifyAndExport(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		scoredCycle(t, dsn, 4)
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		c, err := db.CycleByName(t.Context(), "k")
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 10, 30, 1, 2, 3, 0, time.UTC)
		bodies := map[string][]byte{}
		for i := range 4 {
			code := fmt.Sprintf("K%04d", i)
			ev := zwgk.Evidence{Agency: code, CrawledAt: t0, Columns: []zwgk.Column{}, Links: []zwgk.Link{}}
			for k := range 3 {
				u := fmt.Sprintf("https://k%04d.gov.cn/p%d.html", i, k)
				body := []byte(fmt.Sprintf("<html><title>页%d</title>%s</html>", k, strings.Repeat("政务公开", 10*(k+1))))
				sum := sha256.Sum256(body)
				p := zwgk.Page{URL: u, Status: 200, FetchedAt: t0.Add(time.Duration(k) * time.Second), Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}
				if err := db.SavePage(t.Context(), c.ID, code, p, body); err != nil {
					t.Fatal(err)
				}
				bodies[code+u] = body
			}
			for k := range 5 {
				if err := db.SaveProbe(t.Context(), c.ID, code, zwgk.Probe{At: t0.Add(time.Duration(k) * time.Hour), Status: 200, Latency: time.Duration(k+1) * time.Millisecond}); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.SaveEvidence(t.Context(), c.ID, ev); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()

		out := filepath.Join(t.TempDir(), "report")
		if code, _, stderr := run(t, dsn, "report", "k", "--out", out); code != 0 {
			t.Fatalf("report: %s", stderr)
		}
		code, stdout, stderr := run(t, dsn, "evidence", "verify", out)
		if code != 0 || !strings.Contains(stdout, "4 agencies, 12 pages") {
			t.Fatalf("verify: exit %d %s %s", code, stdout, stderr)
		}
		root := stdout[strings.Index(stdout, "root ")+5:][:64]
		if code, _, stderr := run(t, dsn, "evidence", "verify", out, "--root", root); code != 0 {
			t.Fatalf("verify --root: %s", stderr)
		}
		if code, _, stderr := run(t, dsn, "evidence", "verify", out, "--root", strings.Repeat("1", 64)); code != 1 || !strings.Contains(stderr, "published root") {
			t.Fatalf("verify with another root: exit %d %s", code, stderr)
		}

		bundle := filepath.Join(t.TempDir(), "bundle")
		code, stdout, stderr = run(t, dsn, "evidence", "export", "k", "--agency", "K0002", "--report", out, "--out", bundle)
		if code != 0 || !strings.Contains(stdout, "3 pages (3 bodies") || !strings.Contains(stdout, "5 probes") {
			t.Fatalf("export: exit %d %s %s", code, stdout, stderr)
		}
		if code, stdout, stderr := run(t, dsn, "evidence", "verify", bundle, "--root", root); code != 0 || !strings.Contains(stdout, "bundle of K0002") {
			t.Fatalf("verify bundle: exit %d %s %s", code, stdout, stderr)
		}
		// The bodies are the pages as fetched.
		if b, _ := os.ReadFile(filepath.Join(bundle, "pages/00001.bin")); string(b) != string(bodies["K0002https://k0002.gov.cn/p1.html"]) {
			t.Fatalf("body 1 of the bundle differs from the stored page")
		}
		os.WriteFile(filepath.Join(bundle, "pages/00001.bin"), []byte("<html>篡改</html>"), 0o644)
		if code, _, stderr := run(t, dsn, "evidence", "verify", bundle); code != 1 || !strings.Contains(stderr, "pages/00001.bin") || !strings.Contains(stderr, "p1.html") {
			t.Fatalf("tampered body: exit %d %s", code, stderr)
		}

		// One change at a time, each in a fresh copy of the folder.
		changes := []struct {
			name, want string
			change     func(dir string)
		}{
			{"evidence byte", "evidence/K0001.json", func(dir string) {
				p := filepath.Join(dir, "evidence/K0001.json")
				b, _ := os.ReadFile(p)
				os.WriteFile(p, []byte(strings.Replace(string(b), "p2.html", "p3.html", 1)), 0o644)
			}},
			{"finding", "findings.csv", func(dir string) {
				p := filepath.Join(dir, "findings.csv")
				b, _ := os.ReadFile(p)
				os.WriteFile(p, []byte(strings.Replace(string(b), ",fail,", ",pass,", 1)), 0o644)
			}},
			{"score", "scores.json", func(dir string) {
				p := filepath.Join(dir, "scores.json")
				b, _ := os.ReadFile(p)
				os.WriteFile(p, []byte(strings.Replace(string(b), `"grade": "`, `"grade": "X`, 1)), 0o644)
			}},
			{"page removed", "evidence/K0003.json", func(dir string) {
				p := filepath.Join(dir, "evidence/K0003.json")
				b, _ := os.ReadFile(p)
				s := string(b)
				i := strings.Index(s, `"url": "https://k0003.gov.cn/p1.html"`)
				j := strings.Index(s[i:], "}") + i
				k := strings.LastIndex(s[:i], "{")
				os.WriteFile(p, []byte(s[:k]+s[j+2:]), 0o644)
			}},
		}
		for _, ch := range changes {
			dir := filepath.Join(t.TempDir(), "copy")
			if err := os.CopyFS(dir, os.DirFS(out)); err != nil {
				t.Fatal(err)
			}
			ch.change(dir)
			code, _, stderr := run(t, dsn, "evidence", "verify", dir)
			if code != 1 || !strings.Contains(stderr, ch.want) {
				t.Errorf("%s: exit %d %q, want 1 naming %s", ch.name, code, stderr, ch.want)
			}
		}
	})
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goldenAgencies = `code,name,level,region,site,parent
330102,杭州市上城区人民政府,county,330102,http://www.good.gov.test/,
330200,宁波市人民政府,city,330200,http://www.stale.gov.test/,
330000,浙江省人民政府,province,330000,http://www.blocked.gov.test/,
100001,某部,ministry,110000,http://www.ministry.gov.test/,
330103,杭州市下城区人民政府,county,330103,http://www.script.gov.test/,
`

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// TestScoreReproducesPublishedMarks: the golden cycle's published
// findings.csv, recomputed by the command, gives the published scores.json
// byte for byte.
func TestScoreReproducesPublishedMarks(t *testing.T) {
	dir := t.TempDir()
	ag := filepath.Join(dir, "agencies.csv")
	if err := os.WriteFile(ag, []byte(goldenAgencies), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runMain(t, "score",
		"--framework", "../../scoring/testdata/framework.yaml",
		"--findings", "../../scoring/testdata/golden/findings.csv",
		"--agencies", ag, "--cycle", "golden", "--as-of", "2026-11-27", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "scored 5 agencies with golden 2026.1") {
		t.Errorf("stdout %q", stdout)
	}
	got, err := os.ReadFile(filepath.Join(out, "scores.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../scoring/testdata/golden/scores.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("recomputed scores.json differs from the published one:\n%s", got)
	}
	csv, err := os.ReadFile(filepath.Join(out, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(csv, []byte("\ufeffcode,name,")) || !bytes.Contains(csv, []byte("330102,杭州市上城区人民政府,county,330102,86.25,优秀,")) {
		t.Errorf("scores.csv:\n%s", csv)
	}
	if st, err := os.Stat(filepath.Join(out, "scores.csv")); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("scores.csv mode %v %v", st.Mode(), err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("output folder holds %d entries, want scores.csv and scores.json only", len(entries))
	}
}

func TestScoreErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("agency,indicator,outcome,fraction\nA,A1,pass,2\nA,A2,maybe,1\n"), 0o644)
	alien := filepath.Join(dir, "alien.csv")
	os.WriteFile(alien, []byte("agency,indicator,outcome,fraction\nA,ZZ9,pass,1\n"), 0o644)
	fw := "../../scoring/testdata/framework.yaml"
	for _, tc := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no out", []string{"score", "--framework", fw, "--findings", bad}, 2, "--framework, --findings and --out are required"},
		{"bad date", []string{"score", "--framework", fw, "--findings", bad, "--out", dir, "--as-of", "27.11.2026"}, 2, "--as-of"},
		{"stray argument", []string{"score", "x", "--framework", fw, "--findings", bad, "--out", dir}, 2, "unexpected arguments: x"},
		{"bad rows all named", []string{"score", "--framework", fw, "--findings", bad, "--out", dir}, 1, "bad.csv:2:4: fraction 2: want 0 to 1"},
		{"bad rows all named 2", []string{"score", "--framework", fw, "--findings", bad, "--out", dir}, 1, `bad.csv:3:3: outcome "maybe"`},
		{"other framework", []string{"score", "--framework", fw, "--findings", alien, "--out", dir}, 1, "indicators not in framework golden 2026.1: ZZ9"},
		{"unknown framework", []string{"score", "--framework", "no-such-framework", "--findings", bad, "--out", dir}, 1, "neither a file nor a built-in framework"},
		{"missing findings file", []string{"score", "--framework", fw, "--findings", filepath.Join(dir, "none.csv"), "--out", dir}, 1, "none.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runMain(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.err)
			}
		})
	}
	if code, stdout, _ := runMain(t, "score", "--help"); code != 0 || !strings.Contains(stdout, "--findings") {
		t.Errorf("--help: exit %d, %q", code, stdout)
	}
}

func TestScoreWithoutAgencies(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runMain(t, "score", "--framework", "../../scoring/testdata/framework.yaml",
		"--findings", "../../scoring/testdata/golden/findings.csv", "--out", out)
	if code != 0 || !strings.Contains(stdout, "scored 5 agencies") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
}

// README step 9 in its own scenario: the agencies file lists more agencies
// than the cycle enrolled (they are left out with a note), and a filtered
// file names a parent it does not hold (fine: there is no database here,
// and the message never speaks of imports). The marks are those of the
// five agencies alone.
func TestScoreAgenciesFileWiderThanCycle(t *testing.T) {
	dir := t.TempDir()
	ag := filepath.Join(dir, "agencies.csv")
	wider := goldenAgencies +
		"330104,杭州市江干区人民政府,county,330104,http://www.x.gov.test/,330100\n" +
		"330105,杭州市拱墅区人民政府,county,330105,http://www.y.gov.test/,330100\n"
	if err := os.WriteFile(ag, []byte(wider), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runMain(t, "score",
		"--framework", "../../scoring/testdata/framework.yaml",
		"--findings", "../../scoring/testdata/golden/findings.csv",
		"--agencies", ag, "--cycle", "golden", "--as-of", "2026-11-27", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "scored 5 agencies") || !strings.Contains(stderr, "note: 2 agencies of "+ag+" have no findings and are left out") ||
		!strings.Contains(stderr, "330104, 330105") || strings.Contains(stderr, "imported") {
		t.Errorf("stdout %q\nstderr %q", stdout, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(out, "scores.json"))
	want, _ := os.ReadFile("../../scoring/testdata/golden/scores.json")
	if !bytes.Equal(got, want) {
		t.Errorf("scores of the five differ once the file lists more agencies:\n%s", got)
	}
	// A file naming none of the agencies with findings is still an error.
	other := filepath.Join(dir, "other.csv")
	os.WriteFile(other, []byte("code,name,level,region,site,parent\nX1,某县,county,330104,http://x.gov.test/,\n"), 0o644)
	code, _, stderr = runMain(t, "score", "--framework", "../../scoring/testdata/framework.yaml",
		"--findings", "../../scoring/testdata/golden/findings.csv", "--agencies", other, "--out", out)
	if code != 1 || !strings.Contains(stderr, "not in the agencies file") {
		t.Errorf("disjoint agencies file: exit %d, %q", code, stderr)
	}
}

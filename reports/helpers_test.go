package reports

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"zwgk/reports/reportstest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// needTool skips when a command-line tool is missing, except under CI
// (CI=true), where .ci/run installs it and a skip would hide a failure.
func needTool(t testing.TB, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s missing under CI: apt-get install -y %s", name, pkg)
		}
		t.Skipf("SKIPPED: %s not installed (apt-get install -y %s)", name, pkg)
	}
}

// pdfText is the PDF's text layer; mode is "-raw" (content-stream order:
// a wrapped cell's lines come out together) or "-layout".
func pdfText(t testing.TB, pdf []byte, mode string) string {
	t.Helper()
	needTool(t, "pdftotext", "poppler-utils")
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", mode, "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftotext: %v %s", err, stderr.String())
	}
	return string(out)
}

// squash removes all white space, so text compares across line breaks.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

var cohort = sync.OnceValue(func() *reportstest.Cohort { return reportstest.New(60, 7) })

func writeOut(t testing.TB, name string, b []byte) string {
	dir := os.Getenv("REPORTS_OUT")
	if dir == "" {
		return ""
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

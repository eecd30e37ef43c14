package attachtext_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"zwgk/crawler/attachtext"
)

var blanks = regexp.MustCompile(`\s+`)

// TestRealAttachment reads a real government PDF (testdata/README.md)
// and holds the text to what poppler's pdftotext read from it: every line
// of pdftotext's text (blanks aside) occurs in ours, so every number and
// every Chinese phrase came out right.
func TestRealAttachment(t *testing.T) {
	data, err := os.ReadFile("testdata/putuo-2025-budget.pdf")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := os.ReadFile("testdata/putuo-2025-budget.pdftotext.txt")
	if err != nil {
		t.Fatal(err)
	}
	txt, err := attachtext.Extract(data, "pdf", attachtext.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if txt.Parts != 22 || txt.Truncated {
		t.Errorf("read %d pages (truncated %v), want all 22", txt.Parts, txt.Truncated)
	}
	ours := blanks.ReplaceAllString(txt.Text, "")
	lines, missing := 0, []string{}
	for _, l := range strings.Split(string(ref), "\n") {
		l = blanks.ReplaceAllString(l, "")
		if len([]rune(l)) < 4 {
			continue
		}
		lines++
		if !strings.Contains(ours, l) {
			missing = append(missing, l)
		}
	}
	if lines < 400 || len(missing) > 0 {
		t.Errorf("%d of %d reference lines missing, e.g. %q", len(missing), lines, missing[:min(len(missing), 5)])
	}
	// Lines stay lines: the title is a line of its own.
	if !strings.Contains(txt.Text, "上海市普陀区 2025 年区级部门预算\n") {
		t.Errorf("title line not kept: %.200q", txt.Text)
	}
}

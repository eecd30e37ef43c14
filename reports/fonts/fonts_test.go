package fonts

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

const sample = "北京市人民政府办公厅 政府信息公开工作年度报告 第3名 / 共31个 ABCxyz 0123456789 （）《》，。：；□"

func TestDefaultParsesOnceAndCovers(t *testing.T) {
	f1, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := Default()
	if f1 != f2 {
		t.Fatal("Default parsed the font twice")
	}
	for _, r := range sample {
		if r != ' ' && !f1.Has(r) {
			t.Errorf("font lacks %q", r)
		}
	}
	for _, r := range []rune{0x1F600, -1, 0xFFFF, 0x10000} {
		if f1.Has(r) {
			t.Errorf("Has(%U) = true", r)
		}
	}
	if !strings.Contains(License, "Apache License") {
		t.Error("licence text missing")
	}
}

func TestSubsetKeepsMetricsAndText(t *testing.T) {
	full, _ := Default()
	sub := full.Subset([]rune(sample))
	if len(sub) > 64<<10 {
		t.Errorf("subset of %d runes is %d bytes", len([]rune(sample)), len(sub))
	}
	sf, err := Parse(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	for _, r := range sample {
		if r == ' ' {
			continue
		}
		if !sf.Has(r) || sf.Advance(r) != full.Advance(r) {
			t.Errorf("%q: has %v advance %d, want %d", r, sf.Has(r), sf.Advance(r), full.Advance(r))
		}
	}
	if sf.Has('龘') {
		t.Error("subset has a rune it was not asked for")
	}

	widths := map[string]float64{}
	var out bytes.Buffer
	for name, font := range map[string][]byte{"full": wqyMicroHei, "subset": sub} {
		p := fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes("f", "", font)
		p.SetFont("f", "", 12)
		p.AddPage()
		widths[name] = p.GetStringWidth(sample)
		p.Cell(0, 10, sample)
		out.Reset()
		if err := p.Output(&out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if widths["full"] != widths["subset"] {
		t.Errorf("width full %v != subset %v", widths["full"], widths["subset"])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = &out
	txt, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(txt)); got != sample {
		t.Errorf("pdftotext = %q, want %q", got, sample)
	}
}

// The two benchmarks compare one small PDF with the whole font registered
// (what fpdf does by default) against a per-document subset cut from the
// font parsed once: go test ./reports/fonts -bench Doc
func benchDoc(b *testing.B, font func() []byte) {
	for b.Loop() {
		p := fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes("f", "", font())
		p.SetFont("f", "", 12)
		p.AddPage()
		p.Cell(0, 10, sample)
		var out bytes.Buffer
		if err := p.Output(&out); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(out.Len()), "pdf-bytes")
	}
}

func BenchmarkDocFullFont(b *testing.B) { benchDoc(b, func() []byte { return wqyMicroHei }) }

func BenchmarkDocSubsetFont(b *testing.B) {
	f, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	rs := []rune(sample)
	benchDoc(b, func() []byte { return f.Subset(rs) })
}

package attachtext_test

import (
	"testing"
	"time"
	"unicode/utf8"

	"zwgk/crawler/attachtext"
)

// fuzzLimits are small, so that each input is read quickly.
var fuzzLimits = attachtext.Limits{MaxText: 64 << 10, MaxPages: 10, MaxRows: 1000, MaxUnzip: 4 << 20, MaxStream: 1 << 20, Timeout: 2 * time.Second}

// fuzzOne: whatever the bytes, Extract returns (no panic, no hang), and
// what it returns is bounded, valid text.
func fuzzOne(t *testing.T, data []byte, ext string) {
	start := time.Now()
	txt, err := attachtext.Extract(data, ext, fuzzLimits)
	if el := time.Since(start); el > 2*fuzzLimits.Timeout {
		t.Fatalf("took %v, over twice the budget", el)
	}
	if err != nil {
		if txt.Text != "" {
			t.Fatalf("error %v with text", err)
		}
		return
	}
	if !utf8.ValidString(txt.Text) {
		t.Fatalf("invalid UTF-8: %q", txt.Text)
	}
	if len(txt.Text) > fuzzLimits.MaxText {
		t.Fatalf("%d bytes of text over %d", len(txt.Text), fuzzLimits.MaxText)
	}
}

func FuzzPDF(f *testing.F) {
	f.Add(cjkPDF(f, []string{leak}))
	f.Add(latinPDF(f, "ID 11010519491231002X"))
	f.Add(handPDF("<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (13812345678) Tj ET\nendstream", true))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, data, "pdf") })
}

func FuzzDOCX(f *testing.F) {
	f.Add(docx(f, para("张三 11010519491231002X"), map[string]string{"word/footer1.xml": "<w:ftr>" + para("13812345678") + "</w:ftr>"}))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, data, "docx") })
}

func FuzzXLSX(f *testing.F) {
	f.Add(xlsx(f, map[string][][]any{"名单": {{"张三", "11010519491231002X", 13812345678}}}))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, data, "xlsx") })
}

package indicators

import (
	"strings"
	"testing"
	"unicode"
)

// TestFoldTableIsFoldRune: the table Normalize looks characters up in
// says what foldRune says, for every character of the plane, and
// Normalize over all of them is foldRune applied one by one.
func TestFoldTableIsFoldRune(t *testing.T) {
	table := bmpFolds()
	var all strings.Builder
	var want strings.Builder
	for r := rune(0); r < 0x10000; r++ {
		if got := table[r]; got != foldRune(r) {
			t.Fatalf("table[%U] = %U, foldRune %U", r, got, foldRune(r))
		}
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not encodable
		}
		all.WriteRune(r)
		if f := foldRune(r); f >= 0 {
			want.WriteRune(f)
		}
	}
	for _, r := range []rune{0x1F600, 0x20000, 0x2A6D6, unicode.MaxRune} {
		all.WriteRune(r)
		if f := foldRune(r); f >= 0 {
			want.WriteRune(f)
		}
	}
	got := Normalize(all.String())
	w := want.String()
	for _, f := range wordFolds {
		w = strings.ReplaceAll(w, f[0], f[1])
	}
	if got != w {
		t.Fatal("Normalize over every character differs from foldRune applied one by one")
	}
	if Normalize("權責\u3000清單") != "权责清单" || Normalize("ＡＢ\xff") != "ab" {
		t.Fatalf("Normalize lost its mapping: %q %q", Normalize("權責\u3000清單"), Normalize("ＡＢ\xff"))
	}
}

// BenchmarkNormalizePage folds an item page's worth of text with the table
// and, as the baseline in the same run, with foldRune per character (the
// code before the table).
func BenchmarkNormalizePage(b *testing.B) {
	text := strings.Repeat("关于印发《2024年政务公开工作要点》的通知 發布時間：2024-03-15 来源：办公室 浏览次数：123\n", 200)
	b.SetBytes(int64(len(text)))
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			Normalize(text)
		}
	})
	b.Run("baseline-per-rune", func(b *testing.B) {
		for b.Loop() {
			var sb strings.Builder
			sb.Grow(len(text))
			for _, r := range text {
				if f := foldRune(r); f >= 0 {
					sb.WriteRune(f)
				}
			}
			_ = sb.String()
		}
	})
}

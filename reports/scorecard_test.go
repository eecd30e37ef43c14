package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/reports/fonts"
	"zwgk/reports/reportstest"
)

func scorecardInput(c *reportstest.Cohort, i int) ScorecardInput {
	card := c.Cards[i]
	a := c.Agencies[i]
	return ScorecardInput{Cycle: c.Cycle, Framework: c.Framework, Agency: a, Card: card,
		Findings: c.Findings[a.Code], Pages: c.Evidence[a.Code].Pages, Tier: TiersOf(c.Cards)[card.Tier],
		Assessor: "某某大学政务公开评估中心", RegionName: ProvinceName(a.Region)}
}

func render(t testing.TB, in ScorecardInput) ([]byte, *doc) {
	t.Helper()
	d, err := renderScorecard(in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.output(&buf); err != nil {
		t.Fatal(err)
	}
	if d.misses != 0 {
		t.Errorf("%d runes drawn without a glyph in the document's font subset: %v", d.misses, d.missed)
	}
	return buf.Bytes(), d
}

// TestScorecardTextComplete is the first "must show": the text
// layer holds, exactly, the agency's name, every indicator name and every
// problem statement, long wrapped ones included (fpdf's own wrapping drops
// a character at each break).
func TestScorecardTextComplete(t *testing.T) {
	c := cohort()
	f, _ := fonts.Default()
	checked, wrapped := 0, 0
	for i := range c.Agencies {
		in := scorecardInput(c, i)
		if i > 8 && !in.Card.Vetoed {
			continue
		}
		pdf, _ := render(t, in)
		writeOut(t, in.Agency.Code+".pdf", pdf)
		text := squash(pdfText(t, pdf, "-raw"))
		want := []string{in.Agency.Name}
		bonus := map[string]bool{}
		in.Framework.Walk(func(ind *indicators.Indicator, _ int) {
			want = append(want, ind.Name)
			bonus[ind.ID] = ind.Kind == indicators.KindBonus
		})
		for _, fd := range in.Findings {
			if fd.Problem != "" && !bonus[fd.Indicator] { // bonus items are not rectified
				want = append(want, fd.Problem)
				if len([]rune(fd.Problem)) > 40 {
					wrapped++
				}
			}
		}
		for _, r := range in.Card.VetoReasons {
			want = append(want, clean(f, r, maxProblem)) // 「」 print as “”
		}
		for _, w := range want {
			if clean(f, w, 1<<20) != w {
				t.Fatalf("test data %q is not clean", w)
			}
			if !strings.Contains(text, squash(w)) {
				t.Errorf("%s: text layer lacks %q", in.Agency.Code, w)
			}
		}
		checked++
	}
	if checked < 5 || wrapped == 0 {
		t.Fatalf("checked %d scorecards, %d wrapped problems: test data too thin", checked, wrapped)
	}
}

// TestScorecardGolden compares the text layer (layout mode) of one
// scorecard with testdata/scorecard.golden.txt; go test ./reports -update
// rewrites it after an intended change.
func TestScorecardGolden(t *testing.T) {
	c := cohort()
	pdf, d := render(t, scorecardInput(c, 1))
	if n := d.pdf.PageCount(); n < 3 {
		t.Errorf("%d pages", n)
	}
	got := pdfText(t, pdf, "-layout")
	golden := filepath.Join("testdata", "scorecard.golden.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run Golden -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("text layer differs from %s at line %d:\n got %q\nwant %q", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("text layer differs from %s: %d lines, want %d", golden, len(gl), len(wl))
	}
}

func TestScorecardFurniture(t *testing.T) {
	c := cohort()
	in := scorecardInput(c, 2)
	pdf, d := render(t, in)
	text := pdfText(t, pdf, "-raw")
	pages := d.pdf.PageCount()
	for _, s := range []string{
		"第 1 页 共 " + itoa(pages) + " 页", "第 " + itoa(pages) + " 页 共 " + itoa(pages) + " 页",
		"整改清单", "附录：评估证据", "同层级排名",
		"第" + itoa(in.Card.Rank) + "名 / 共" + itoa(in.Card.TierSize) + "个",
		in.Pages[1].SHA256, "某某大学政务公开评估中心", "2026年11月15日",
	} {
		// A page hash may wrap in its table cell: compare across breaks.
		if !strings.Contains(text, s) && !strings.Contains(squash(text), squash(s)) {
			t.Errorf("text layer lacks %q", s)
		}
	}
	// The diagonal watermark comes out of pdftotext one rotated character
	// per line: one 征 per page.
	if n := countLines(text, "征"); n != pages {
		t.Errorf("watermark on %d pages of %d", n, pages)
	}
	// A published cycle carries no watermark.
	in.Cycle.State = zwgk.CyclePublished
	pdf, _ = render(t, in)
	if text := pdfText(t, pdf, "-raw"); strings.Contains(text, "征求意见稿") || countLines(text, "征") != 0 {
		t.Error("published scorecard still carries the provisional watermark")
	}
	// Table heads repeat on every page the indicator table runs onto.
	if n := strings.Count(text, "指标名称"); n < 2 {
		t.Errorf("indicator table head printed %d times, want it repeated after the page break", n)
	}
}

// TestScorecardWithoutCohort: an agency that may not see others' results
// gets a scorecard with no rank, tier average or tier best.
func TestScorecardWithoutCohort(t *testing.T) {
	in := scorecardInput(cohort(), 4)
	in.Tier = TierStats{}
	in.Card.Rank, in.Card.TierSize, in.Card.Percentile = 0, 0, 0
	pdf, _ := render(t, in)
	text := pdfText(t, pdf, "-raw")
	for _, s := range []string{"同层级平均", "同层级最高", "同层级比较", "名 / 共"} {
		if strings.Contains(text, s) {
			t.Errorf("scorecard without cohort shows %q", s)
		}
	}
	if !strings.Contains(text, "未公布") {
		t.Error("rank not marked 未公布")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func countLines(text, line string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == line {
			n++
		}
	}
	return n
}

// TestScorecardHostile: control characters, markup, 4-byte emoji, bidi
// overrides, invalid UTF-8 and 10,000-character strings neither crash the
// writer nor come out unbounded.
func TestScorecardHostile(t *testing.T) {
	c := cohort()
	long := strings.Repeat("长", 10_000)
	longURL := "http://x.gov.cn/" + strings.Repeat("a", 10_000)
	cases := []struct {
		name  string
		edit  func(*ScorecardInput)
		want  []string // in the text layer
		never []string
	}{
		{"controls", func(in *ScorecardInput) { in.Agency.Name = "测试\x00单位\x1b[31m\u202e\u200b政府\r\n办公厅" },
			[]string{"测试单位[31m政府 办公厅"}, []string{"\x00", "\x1b", "\u202e"}},
		{"markup", func(in *ScorecardInput) { in.Agency.Name = "<script>alert('x')</script>人民政府" },
			[]string{"<script>alert('x')</script>人民政府"}, nil},
		{"emoji", func(in *ScorecardInput) { in.Agency.Name = "笑脸😀单位𠀀" }, []string{"笑脸□单位□"}, []string{"😀"}},
		{"invalid utf8", func(in *ScorecardInput) { in.Agency.Name = "坏\xff\xfe编码" }, []string{"坏□□编码"}, nil},
		{"long title", func(in *ScorecardInput) {
			in.Agency.Name = long
			in.Pages[0].Title = long
			in.Pages[0].URL = longURL
			in.Findings[0].Problem = long
			in.Findings[0].Outcome = zwgk.Fail
			in.Findings[0].Evidence = []string{longURL}
			in.Cycle.Name = long
			in.Assessor = long
		}, []string{strings.Repeat("长", maxName) + "…"}, []string{strings.Repeat("长", maxProblem+1), strings.Repeat("a", maxURL)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := scorecardInput(c, 3)
			in.Pages = append([]zwgk.Page(nil), in.Pages...)
			in.Findings = append([]zwgk.Finding(nil), in.Findings...)
			tc.edit(&in)
			pdf, d := render(t, in)
			if len(pdf) > 400<<10 || d.pdf.PageCount() > 20 {
				t.Errorf("%d bytes, %d pages: hostile input not bounded", len(pdf), d.pdf.PageCount())
			}
			text := squash(pdfText(t, pdf, "-raw"))
			for _, w := range tc.want {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("text layer lacks %q", w)
				}
			}
			for _, n := range tc.never {
				if strings.Contains(text, n) {
					t.Errorf("text layer has %q", n)
				}
			}
		})
	}
}

func TestWrapKeepsEveryRune(t *testing.T) {
	f, _ := fonts.Default()
	width := func(s string) float64 { // 10 pt in mm
		w := 0.0
		for _, r := range s {
			w += float64(f.Advance(r)) * 10 / 1000 * 0.3528
		}
		return w
	}
	cases := []struct {
		name  string
		in    string
		width float64
	}{
		{"chinese", "评估期内政务动态栏目发布的信息未标注发布日期，无法判断是否按时公开；部分条目链接失效，点击后返回404错误页面。", 40},
		{"url", "http://www.example.gov.cn/col/col123/art/2026/art_0123456789abcdef0123456789abcdef.html?a=1&b=2", 30},
		{"hash", strings.Repeat("0123456789abcdef", 4), 25},
		{"latin words", "The quick brown fox jumps over the lazy dog and keeps running", 20},
		{"punctuation at break", "一二三四五六七八九十，。一二三四五六七八九十》", 20},
		{"opening at break", "一二三四五六七八（九十）一二三四五六七八“九十”", 20},
		{"share in brackets", "A1 重大决策预公开（50.0%）", 25},
		{"narrow", "政务公开", 1},
		{"empty", "", 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines := wrap(tc.in, tc.width, width)
			if got := squash(strings.Join(lines, "")); got != squash(tc.in) {
				t.Fatalf("runes lost:\n got %q\nwant %q", got, squash(tc.in))
			}
			for _, l := range lines {
				rs := []rune(l)
				trimmed := strings.TrimRight(l, closing)
				if len(rs) > 1 && width(trimmed) > tc.width+1e-9 {
					t.Errorf("line %q is %.1f wide, limit %.1f", l, width(l), tc.width)
				}
				if len(rs) > 0 && strings.ContainsRune(closing, rs[0]) && tc.name != "narrow" {
					t.Errorf("line %q starts with closing punctuation", l)
				}
				if len(rs) > 1 && strings.ContainsRune(opening, rs[len(rs)-1]) {
					t.Errorf("line %q ends with opening punctuation", l)
				}
				if tc.name == "hash" && len(rs)%8 != 0 && l != lines[len(lines)-1] {
					t.Errorf("hash line %q does not end at a group of 8", l)
				}
				hexTail := len(rs) - len(strings.TrimRight(l, "0123456789abcdef"))
				if tc.name == "url" && l != lines[len(lines)-1] && !strings.ContainsRune("/?&=#.-_", rs[len(rs)-1]) && hexTail%8 != 0 {
					t.Errorf("url line %q does not end at a separator", l)
				}
			}
		})
	}
}

func TestClean(t *testing.T) {
	f, _ := fonts.Default()
	cases := []struct{ in, want string }{
		{"  a\tb\n\nc  ", "a b c"},
		{"x\x00y\x7f\u200dz", "xyz"},
		{"😀", "□"},
		{"\xff", "□"},
		{strings.Repeat("字", 15), strings.Repeat("字", 10) + "…"},
		{strings.Repeat("字", 10) + "   ", strings.Repeat("字", 10)},
	}
	for _, tc := range cases {
		if got := clean(f, tc.in, 10); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

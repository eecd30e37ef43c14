package dates

import (
	"math/rand"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"zwgk"
)

// referenceNormaliser is the strings.Replacer normalise replaced.
var referenceNormaliser = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"－", "-", "／", "/", "．", ".", "：", ":", "\u00a0", " ", "&nbsp;", " ",
)

// randomTexts mixes the characters the fast paths look at (numerals,
// 年月日, full-width digits and separators, the full-width comma beside
// them, whitespace, &nbsp; pieces, broken UTF-8) so that every boundary
// is crossed.
func randomTexts(n int) []string {
	alphabet := []string{"二", "〇", "零", "○", "o", "O", "一", "九", "十", "三", "年", "月", "日", " ", "\t", "\n",
		"２", "０", "－", "／", "．", "：", "，", "。", "\u00a0", "&nbsp;", "&nb", "&", "2", "0", "4", "1", "-", "/", ".",
		"发布时间", "：", "a", "\xef", "\xef\xbc", "\xc2", "\xbc\x91"}
	r := rand.New(rand.NewSource(1))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := r.Intn(40); k >= 0; k-- {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		out[i] = b.String()
	}
	return append(out, "二〇二四年三月十五日", "二〇二四 年 三 月 十五 日，二〇二三年十二月三十一日", "一二三四五年三月一日",
		"二〇二四年二〇二四年三月一日", "２０２４－０３－１５", "&nbsp;2024&nbsp;年", "\u00a0\u00a0")
}

func TestNormaliseMatchesReplacer(t *testing.T) {
	for _, s := range randomTexts(20000) {
		if got, want := normalise(s), referenceNormaliser.Replace(s); got != want {
			t.Fatalf("normalise(%q) = %q, want %q", s, got, want)
		}
	}
}

// hanTexts are near-dates in Chinese numerals, pieces dropped, doubled
// or glued, in random company.
func hanTexts(n int) []string {
	r := rand.New(rand.NewSource(2))
	pick := func(set []string, k int) string {
		var b strings.Builder
		for ; k > 0; k-- {
			b.WriteString(set[r.Intn(len(set))])
		}
		return b.String()
	}
	num := []string{"〇", "零", "○", "o", "O", "一", "二", "九", "十", "三"}
	ws := []string{"", "", " ", "\t", "  ", "\u3000"}
	noise := []string{"", "发布", "二", "年", "月", "，", " ", "a", "2024"}
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := r.Intn(3) + 1; k > 0; k-- {
			b.WriteString(pick(noise, r.Intn(3)))
			b.WriteString(pick(num, 3+r.Intn(3)))
			b.WriteString(pick(ws, 1))
			if r.Intn(8) > 0 {
				b.WriteString("年")
			}
			b.WriteString(pick(ws, 1))
			b.WriteString(pick(num, 1+r.Intn(3)))
			b.WriteString(pick(ws, 1) + "月" + pick(ws, 1))
			b.WriteString(pick(num, 1+r.Intn(3)))
			b.WriteString(pick(ws, 1))
			if r.Intn(6) > 0 {
				b.WriteString("日")
			}
		}
		out[i] = b.String()
	}
	return out
}

func TestHanMatchesMatchesRegexp(t *testing.T) {
	hits := 0
	for _, s := range append(randomTexts(20000), hanTexts(50000)...) {
		got, want := hanMatches(s), reHan.FindAllStringSubmatchIndex(s, -1)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		hits++
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("hanMatches(%q) = %v, want %v", s, got, want)
		}
	}
	if hits < 1000 {
		t.Fatalf("only %d texts with a Chinese-numeral date: the test does not exercise hanMatches", hits)
	}
}

// numericTexts are near-dates in digits: every separator, spaces, too
// many or too few digits, 日 or not, cut anywhere.
func numericTexts(n int) []string {
	r := rand.New(rand.NewSource(4))
	parts := []string{"2024", "202", "20245", "1", "12", "123", "0", "年", "月", "日", "-", "/", ".", " ", "\t", "  ", "\u3000", "号", "a", "：", "１"}
	pick := func(set ...string) string { return set[r.Intn(len(set))] }
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		b.WriteString("2024")
		if i%2 == 0 { // shaped like a date, with a piece off now and then
			ws := func() string { return pick("", "", " ", "\t", "  ", "\u3000") }
			b.WriteString(ws() + pick("年", "-", "/", ".", "月") + ws() + pick("1", "12", "123", "", "03") + ws())
			b.WriteString(pick("月", "-", "/", ".", "日") + ws() + pick("5", "15", "150", "", "x") + ws() + pick("日", "", "", "号"))
		}
		for k := r.Intn(4); k >= 0; k-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		out[i] = b.String()
	}
	return append(out, "2024年3月15日", "2024 年 3 月 15 日", "2024-03-15", "2024.3.5.", "2024/03/15 日", "2024-03-15日",
		"2024年3月15", "2024年 03 月 1", "2024-123-1", strings.Repeat(" ", 40)+"2024")
}

func TestNumericAtMatchesRegexp(t *testing.T) {
	hits := 0
	for _, s := range append(numericTexts(100000), randomTexts(5000)...) {
		for _, w := range []string{s, s[:min(len(s), 48)], s[:len(s)/2]} {
			want := reNumericAt.FindStringSubmatchIndex(w)
			got, ok := numericAt(w)
			if ok != (want != nil) || (ok && !reflect.DeepEqual(got[:], want)) {
				t.Fatalf("numericAt(%q) = %v %v, want %v", w, got, ok, want)
			}
			if ok {
				hits++
			}
		}
	}
	if hits < 1000 {
		t.Fatalf("only %d dates among the texts", hits)
	}
}

// The expressions YearFromURL and FromURL were read with.
var (
	refURLDay   = regexp.MustCompile(`t((?:19|20)\d{2})(\d{2})(\d{2})_`)
	refURLMonth = regexp.MustCompile(`/((?:19|20)\d{2})(\d{2})/`)
	refURLYMD   = regexp.MustCompile(`/((?:19|20)\d{2})-?(\d{2})-?(\d{2})/`)
)

func refYearFromURL(u string) int {
	if m := refURLDay.FindStringSubmatch(u); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if m := refURLYMD.FindStringSubmatch(u); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if m := refURLMonth.FindStringSubmatch(u); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return y
		}
	}
	return 0
}

func refFromURL(u string) zwgk.Date {
	if m := refURLDay.FindStringSubmatch(u); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		dt, _ := mk(y, mo, d)
		return dt
	}
	return zwgk.Date{}
}

// TestURLDatesMatchExpressions checks the hand-read URL dates against
// the expressions on URLs built of the pieces they look at: years of 19
// and 20 and others, hyphens, slashes, t and _, digits glued on.
func TestURLDatesMatchExpressions(t *testing.T) {
	pieces := []string{"/", "t", "_", "-", "19", "20", "21", "2026", "1999", "11", "12", "13", "00", "1", "0", "9",
		"x", ".html", "http://a.gov.cn", "?id=", "T", "tt", "//"}
	r := rand.New(rand.NewSource(3))
	urls := []string{"http://a/zwgk/202611/t20261112_123.html", "http://a/t20261332_1.html", "http://a/zwgk/201913/x.html",
		"/2026-11-12/", "/20261112/", "/2026-1112/", "/202611-12/", "/2026--11/", "t2026111_", "/201913/202611/", "t19991231_"}
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := r.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		urls = append(urls, b.String())
	}
	for _, u := range urls {
		if got, want := YearFromURL(u), refYearFromURL(u); got != want {
			t.Fatalf("YearFromURL(%q) = %d, the expressions give %d", u, got, want)
		}
		if got, want := FromURL(u), refFromURL(u); got != want {
			t.Fatalf("FromURL(%q) = %v, the expressions give %v", u, got, want)
		}
	}
}

// TestOtherLabelsOrderless checks what labelBefore's reading of
// otherLabels in any order rests on: no label ends another, so at most
// one can end the text before a date.
func TestOtherLabelsOrderless(t *testing.T) {
	for a := range otherLabels {
		for b := range otherLabels {
			if a != b && strings.HasSuffix(a, b) {
				t.Errorf("label %q ends label %q: which one names a date would depend on order", b, a)
			}
		}
	}
	if len(otherLabelList) != len(otherLabels) {
		t.Errorf("otherLabelList has %d labels, otherLabels %d", len(otherLabelList), len(otherLabels))
	}
}

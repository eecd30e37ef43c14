// Package dates finds publication dates in Chinese government web pages:
// 2024年3月15日, 二〇二四年三月十五日, 2023-12-01, 2022/7/5, 2021.11.30,
// month-day list dates ([11-12]) whose year comes from the item's URL, and
// dates next to labels such as 发布时间/發布時間/发布日期.
//
// It must not guess: text without a readable, valid calendar date yields the
// zero (undated) Date. It does no I/O and reads no clock.
package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zwgk"
)

// Match is one date found in a text.
type Match struct {
	Date  zwgk.Date
	Start int // byte offsets in the normalised text
	End   int
	// Label is the (simplified) label right before the date, e.g. "发布时间";
	// empty when the date stands alone.
	Label string
	// Footer is true when the date sits in a copyright line, record number
	// or similar boilerplate that is not a publication date.
	Footer bool
}

// Year bounds: government web pages carry nothing older than the PRC, and a
// year past 2099 is a number, not a date.
const (
	minYear = 1949
	maxYear = 2099
)

var (
	// Numeric dates with one separator style, e.g. 2024-03-15, 2024/3/5,
	// 2024.03.15, 2024年3月15日 (spaces allowed around 年月日).
	reNumericAt = regexp.MustCompile(`^(\d{4})\s*(年|-|/|\.)\s*(\d{1,2})\s*(月|-|/|\.)\s*(\d{1,2})(\s*日)?`)
	// Chinese numerals: 二〇二四年三月十五日.
	reHan = regexp.MustCompile(`([〇零○oO一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日`)
	// reHan where it starts (hanMatches finds where).
	reHanAt = regexp.MustCompile(`^` + reHan.String())
	// Month-day only, as in list lines: [11-12], 11-12, 11/12, 11月12日.
	reMonthDay = regexp.MustCompile(`(\d{1,2})\s*(-|/|\.|月)\s*(\d{1,2})(\s*日)?`)
	// Year and month in URL paths: /202611/t20261112_123.html.
)

// Labels that introduce the publication date (traditional forms included).
var pubLabels = []string{
	"发布时间", "發布時間", "發佈時間", "发布日期", "發布日期", "發佈日期",
	"公开日期", "公開日期", "公开时间", "发布于", "發布於", "更新时间", "更新時間",
}

// Labels of dates that are not the publication date.
var otherLabels = map[string]string{
	"成文日期": "成文日期", "成文時間": "成文日期", "成文时间": "成文日期",
	"印发日期": "印发日期", "印發日期": "印发日期",
	"实施日期": "实施日期", "實施日期": "实施日期", "施行日期": "实施日期",
	"来信时间": "来信时间", "來信時間": "来信时间", "提交时间": "提交时间", "提交時間": "提交时间",
	"留言时间": "来信时间", "留言時間": "来信时间",
	"回复时间": "回复时间", "回覆時間": "回复时间", "回復時間": "回复时间",
	"答复时间": "答复时间", "答覆時間": "答复时间", "答復時間": "答复时间",
	"办理时间": "回复时间", "辦理時間": "回复时间",
}

// genericLabels name a date without saying which.
var genericLabels = []string{"日期", "时间", "時間"}

// otherLabelList is otherLabels as label, name pairs; labelEnds the last
// characters of every label.
var otherLabelList, labelEnds = func() ([][2]string, map[rune]bool) {
	var list [][2]string
	ends := map[rune]bool{}
	for l, norm := range otherLabels {
		list = append(list, [2]string{l, norm})
	}
	for _, ls := range [][]string{pubLabels, genericLabels} {
		for _, l := range ls {
			r, _ := utf8.DecodeLastRuneInString(l)
			ends[r] = true
		}
	}
	for _, l := range list {
		r, _ := utf8.DecodeLastRuneInString(l[0])
		ends[r] = true
	}
	return list, ends
}()

// Markers of boilerplate whose numbers look like dates.
var footerMarkers = []string{"©", "copyright", "版权", "版權", "icp", "备案", "備案", "网站标识码", "網站標識碼", "公网安备", "主办", "主辦", "承办", "技术支持"}

// normalise maps full-width digits and separators to ASCII so one set of
// expressions covers both: ０-９ － ／ ． ： (U+FF10-FF1A, FF0D-FF0F), the
// no-break space and a literal &nbsp;. It returns s itself when nothing
// needs mapping (most pages): a strings.Replacer of these patterns cost
// more than the page's date search.
func normalise(s string) string {
	i := nextMapped(s, 0)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	from := 0
	for ; i >= 0; i = nextMapped(s, from) {
		b.WriteString(s[from:i])
		switch s[i] {
		case 0xEF: // U+FF0D-FF1A: ASCII '-' to ':' at U+FF0D-U+FEE0
			b.WriteByte(s[i+2] - 0x8D + '-')
			from = i + 3
		case 0xC2: // U+00A0
			b.WriteByte(' ')
			from = i + 2
		default: // &nbsp;
			b.WriteByte(' ')
			from = i + len("&nbsp;")
		}
	}
	b.WriteString(s[from:])
	return b.String()
}

// nextMapped is the byte offset of the next sequence normalise maps at or
// after from, or -1.
func nextMapped(s string, from int) int {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case 0xEF:
			// ０-９ (EF BC 90-99), － ． ／ (EF BC 8D-8F), ： (EF BC 9A);
			// not the full-width comma EF BC 8C that Chinese text is full of.
			if i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x8D && s[i+2] <= 0x9A {
				return i
			}
		case 0xC2:
			if i+1 < len(s) && s[i+1] == 0xA0 {
				return i
			}
		case '&':
			if strings.HasPrefix(s[i:], "&nbsp;") {
				return i
			}
		}
	}
	return -1
}

// Valid reports whether y-m-d is a real calendar date within the years a
// government page can mean.
func Valid(y, m, d int) bool {
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

func mk(y, m, d int) (zwgk.Date, bool) {
	if !Valid(y, m, d) {
		return zwgk.Date{}, false
	}
	return zwgk.Date{Year: y, Month: time.Month(m), Day: d}, true
}

// digitAt reports whether s has an ASCII digit at byte i.
func digitAt(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }

// All returns every full date (with a year) in s, in text order, each with
// the label before it and whether it sits in boilerplate.
func All(s string) []Match {
	_, ms := AllNormalised(s)
	return ms
}

// AllNormalised is All and the normalised text its offsets index, for a
// caller that reads around the matches (one normalising pass, not two).
func AllNormalised(s string) (string, []Match) {
	s = normalise(s)
	var out []Match
	// The expression runs only where a four-digit year starts: running
	// it over a whole page costs more than the page's parse.
	for i := 0; i+4 <= len(s); i++ {
		if !digitAt(s, i) || digitAt(s, i-1) || !digitAt(s, i+1) || !digitAt(s, i+2) || !digitAt(s, i+3) {
			continue
		}
		ixa, ok := numericAt(s[i:min(len(s), i+48)])
		if !ok {
			continue
		}
		ix := ixa[:]
		for k := range ix {
			if ix[k] >= 0 {
				ix[k] += i
			}
		}
		// Digits glued on either side mean a longer number (an ICP record
		// such as 12024031501, a phone number), not a date.
		if digitAt(s, ix[0]-1) || digitAt(s, ix[1]) {
			continue
		}
		sep1, sep2 := s[ix[4]:ix[5]], s[ix[8]:ix[9]]
		hasDay := ix[12] >= 0
		if sep1 == "年" {
			if sep2 != "月" {
				continue
			}
		} else if sep1 != sep2 || hasDay {
			continue // 2024-03/15 or 2024-03-15日 are not dates we trust
		}
		y, _ := strconv.Atoi(s[ix[2]:ix[3]])
		m, _ := strconv.Atoi(s[ix[6]:ix[7]])
		d, _ := strconv.Atoi(s[ix[10]:ix[11]])
		// A dotted date followed by ".digit" is a version number.
		if sep1 == "." && ix[1] < len(s) && s[ix[1]] == '.' && digitAt(s, ix[1]+1) {
			continue
		}
		if dt, ok := mk(y, m, d); ok {
			out = append(out, match(s, dt, ix[0], ix[1]))
		}
	}
	if !strings.Contains(s, "年") {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
		return s, out
	}
	for _, ix := range hanMatches(s) {
		y, ok1 := hanYear(s[ix[2]:ix[3]])
		m, ok2 := hanNumber(s[ix[4]:ix[5]])
		d, ok3 := hanNumber(s[ix[6]:ix[7]])
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		if dt, ok := mk(y, m, d); ok {
			out = append(out, match(s, dt, ix[0], ix[1]))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return s, out
}

// hanMatches is reHan.FindAllStringSubmatchIndex(s, -1), run only where
// a 年 follows four numerals: the expression's leading character class
// over a whole page was most of the page's date search.
func hanMatches(s string) [][]int {
	var out [][]int
	end := 0 // matches do not overlap: the next starts at or after end
	for off := 0; ; {
		k := strings.Index(s[off:], "年")
		if k < 0 {
			return out
		}
		p := off + k
		off = p + len("年")
		j := p
		for j > 0 && strings.IndexByte("\t\n\f\r ", s[j-1]) >= 0 {
			j--
		}
		start := j
		for n := 0; n < 4; n++ {
			r, size := utf8.DecodeLastRuneInString(s[:start])
			if size == 0 || !strings.ContainsRune("〇零○oO一二三四五六七八九", r) {
				start = -1
				break
			}
			start -= size
		}
		if start < end {
			continue
		}
		ix := reHanAt.FindStringSubmatchIndex(s[start:])
		if ix == nil {
			continue
		}
		for i := range ix {
			if ix[i] >= 0 {
				ix[i] += start
			}
		}
		out = append(out, ix)
		end, off = ix[1], max(off, ix[1])
	}
}

// numericAt is reNumericAt.FindStringSubmatchIndex(w) written out (the
// expression was most of a page's date search, run at every four-digit
// number), without allocating: the same groups, in the same positions.
func numericAt(w string) (ix [14]int, ok bool) {
	for k := range ix {
		ix[k] = -1
	}
	digits := func(i, most int) int { // end of up to most digits from i
		j := i
		for j < len(w) && j-i < most && w[j] >= '0' && w[j] <= '9' {
			j++
		}
		return j
	}
	space := func(i int) int {
		for i < len(w) && (w[i] == ' ' || w[i] == '\t' || w[i] == '\n' || w[i] == '\f' || w[i] == '\r') {
			i++
		}
		return i
	}
	sep := func(i int, han string) int { // end of the separator at i, or -1
		if i < len(w) && (w[i] == '-' || w[i] == '/' || w[i] == '.') {
			return i + 1
		}
		if strings.HasPrefix(w[i:], han) {
			return i + len(han)
		}
		return -1
	}
	if digits(0, 4) != 4 {
		return ix, false
	}
	ix[2], ix[3] = 0, 4
	i := space(4)
	e := sep(i, "年")
	if e < 0 {
		return ix, false
	}
	ix[4], ix[5] = i, e
	i = space(e)
	e = digits(i, 2)
	if e == i {
		return ix, false
	}
	ix[6], ix[7] = i, e
	i = space(e)
	e = sep(i, "月")
	if e < 0 {
		return ix, false
	}
	ix[8], ix[9] = i, e
	i = space(e)
	e = digits(i, 2)
	if e == i {
		return ix, false
	}
	ix[10], ix[11] = i, e
	ix[0], ix[1] = 0, e
	if j := space(e); strings.HasPrefix(w[j:], "日") {
		ix[12], ix[13] = e, j+len("日")
		ix[1] = ix[13]
	}
	return ix, true
}

func match(s string, d zwgk.Date, start, end int) Match {
	return Match{Date: d, Start: start, End: end, Label: labelBefore(s, start), Footer: inFooter(s, start)}
}

// labelBefore finds a known label ending right before pos, allowing the
// punctuation and spaces that sites put between label and date.
func labelBefore(s string, pos int) string {
	i := pos
	for steps := 0; i > 0 && steps < 12; steps++ {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !strings.ContainsRune(" \t\r\n:：]】)）>|/", r) {
			break
		}
		i -= n
	}
	head := s[:i]
	// Every label ends in one of a few characters (期, 间, 於 …): a date
	// with anything else before it has none, and most have none.
	if r, _ := utf8.DecodeLastRuneInString(head); !labelEnds[r] {
		return ""
	}
	for _, l := range pubLabels {
		if strings.HasSuffix(head, l) {
			return "发布时间"
		}
	}
	// A slice, not the map: ranging over a map cost more than the rest of
	// the search (no label is the end of another, so order is moot).
	for _, l := range otherLabelList {
		if strings.HasSuffix(head, l[0]) {
			return l[1]
		}
	}
	for _, l := range genericLabels {
		if strings.HasSuffix(head, l) {
			return "时间"
		}
	}
	return ""
}

// inFooter reports whether a boilerplate marker occurs shortly before pos
// on the same line.
func inFooter(s string, pos int) bool {
	start := pos
	for steps := 0; start > 0 && steps < 40; steps++ {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if r == '\n' {
			break
		}
		start -= n
	}
	window := strings.ToLower(s[start:pos])
	for _, m := range footerMarkers {
		if strings.Contains(window, m) {
			return true
		}
	}
	return false
}

var hanDigits = map[rune]int{'〇': 0, '零': 0, '○': 0, 'o': 0, 'O': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func hanYear(s string) (int, bool) {
	y := 0
	for _, r := range s {
		v, ok := hanDigits[r]
		if !ok {
			return 0, false
		}
		y = y*10 + v
	}
	return y, true
}

// hanNumber reads 1..39 written in Chinese numerals: 三, 十, 十二, 二十, 二十一.
func hanNumber(s string) (int, bool) {
	rs := []rune(s)
	val := func(r rune) (int, bool) {
		v, ok := hanDigits[r]
		return v, ok && v > 0
	}
	switch len(rs) {
	case 1:
		if rs[0] == '十' {
			return 10, true
		}
		return val(rs[0])
	case 2:
		if rs[0] == '十' {
			v, ok := val(rs[1])
			return 10 + v, ok
		}
		if rs[1] == '十' {
			v, ok := val(rs[0])
			return v * 10, ok
		}
	case 3:
		if rs[1] == '十' {
			a, ok1 := val(rs[0])
			b, ok2 := val(rs[2])
			return a*10 + b, ok1 && ok2
		}
	}
	return 0, false
}

// Parse reads text that is a date and nothing else (after trimming), such
// as a meta PubDate "2024-03-15 10:20:00" (a time after the date is allowed).
func Parse(s string) (zwgk.Date, bool) {
	ms := All(s)
	if len(ms) == 0 {
		return zwgk.Date{}, false
	}
	n := normalise(s)
	if strings.TrimSpace(n[:ms[0].Start]) != "" {
		return zwgk.Date{}, false
	}
	return ms[0].Date, true
}

// Publication is the date next to a publication label (发布时间, 发布日期,
// traditional forms, or a bare 时间/日期 label), the first such; a date
// labelled 成文日期 or in boilerplate is never taken. Zero when none.
func Publication(text string) zwgk.Date { return PublicationIn(All(text)) }

// PublicationIn is Publication over matches already found by All, so a
// page is scanned once for all its dates.
func PublicationIn(ms []Match) zwgk.Date {
	var generic zwgk.Date
	for _, m := range ms {
		if m.Footer {
			continue
		}
		switch m.Label {
		case "发布时间":
			return m.Date
		case "时间":
			if generic.IsZero() {
				generic = m.Date
			}
		}
	}
	return generic
}

// Labelled is the first date whose label is one of labels (simplified
// forms: 来信时间, 提交时间, 回复时间, 答复时间, 成文日期 …).
func Labelled(text string, labels ...string) zwgk.Date { return LabelledIn(All(text), labels...) }

// LabelledIn is Labelled over matches already found by All.
func LabelledIn(ms []Match, labels ...string) zwgk.Date {
	for _, m := range ms {
		for _, l := range labels {
			if m.Label == l {
				return m.Date
			}
		}
	}
	return zwgk.Date{}
}

// Line is the date of a list line (the text of one <li> or table row):
// a publication-labelled date first, then any full date not in
// boilerplate, then a month-day date whose year the item URL gives
// (/202611/t20261112_123.html). Zero when none can be read.
func Line(text, itemURL string) zwgk.Date {
	d, _ := LineContext(text, itemURL)
	return d
}

// LineContext is Line, and whether the year came from the URL (a
// month-day on the line): such a date is stated as of lower standing.
func LineContext(text, itemURL string) (zwgk.Date, bool) {
	ms := All(text)
	if d := PublicationIn(ms); !d.IsZero() {
		return d, false
	}
	for _, m := range ms {
		if !m.Footer && m.Label != "成文日期" {
			return m.Date, false
		}
	}
	y := YearFromURL(itemURL)
	if y == 0 {
		return zwgk.Date{}, false
	}
	s := normalise(text)
	for _, ix := range reMonthDay.FindAllStringSubmatchIndex(s, -1) {
		if digitAt(s, ix[0]-1) || digitAt(s, ix[1]) {
			continue
		}
		sep := s[ix[4]:ix[5]]
		if (sep == "月") != (ix[8] >= 0) {
			continue
		}
		m, _ := strconv.Atoi(s[ix[2]:ix[3]])
		d, _ := strconv.Atoi(s[ix[6]:ix[7]])
		if dt, ok := mk(y, m, d); ok {
			return dt, true
		}
	}
	return zwgk.Date{}, false
}

// YearFromURL is the year a TRS-style item URL is filed under
// (/202611/t20261112_123.html → 2026); 0 when the URL says none.
// It is read by hand, not by expression: it runs for every list line
// without a full date. fast_test.go holds the expressions it replaced
// and checks the two agree.
func YearFromURL(u string) int {
	if y, _, _, ok := urlDay(u); ok {
		return y
	}
	if y, ok := urlYMD(u); ok {
		return y
	}
	if y, mo, ok := urlMonth(u); ok && mo >= 1 && mo <= 12 {
		return y
	}
	return 0
}

// FromURL is the full date a TRS-style item URL carries
// (t20261112_123.html → 2026-11-12); zero when none.
func FromURL(u string) zwgk.Date {
	if y, mo, d, ok := urlDay(u); ok {
		dt, _ := mk(y, mo, d)
		return dt
	}
	return zwgk.Date{}
}

// urlYear reads a year of 19xx or 20xx at s[i:i+4].
func urlYear(s string, i int) (int, bool) {
	if i+4 > len(s) || !(s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') || !digitAt(s, i+2) || !digitAt(s, i+3) {
		return 0, false
	}
	return num(s[i : i+4]), true
}

// two reads two digits at s[i:i+2].
func two(s string, i int) (int, bool) {
	if !digitAt(s, i) || !digitAt(s, i+1) {
		return 0, false
	}
	return num(s[i : i+2]), true
}

func num(digits string) int {
	n := 0
	for i := 0; i < len(digits); i++ {
		n = n*10 + int(digits[i]-'0')
	}
	return n
}

// urlDay is the first t(19|20)YYMMDD_ of u: t20261112_123.html.
func urlDay(u string) (y, mo, d int, ok bool) {
	for i := strings.IndexByte(u, 't'); i >= 0 && i < len(u); {
		var okY, okM, okD bool
		y, okY = urlYear(u, i+1)
		mo, okM = two(u, i+5)
		d, okD = two(u, i+7)
		if okY && okM && okD && i+9 < len(u) && u[i+9] == '_' {
			return y, mo, d, true
		}
		next := strings.IndexByte(u[i+1:], 't')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return 0, 0, 0, false
}

// urlYMD is the year of the first /YYYY-?MM-?DD/ of u: /2026-11-12/.
func urlYMD(u string) (int, bool) {
	for i := strings.IndexByte(u, '/'); i >= 0; {
		if y, ok := urlYear(u, i+1); ok {
			// Each hyphen may be there or not.
			for _, h1 := range [2]int{1, 0} {
				j := i + 5
				if h1 == 1 && (j >= len(u) || u[j] != '-') {
					continue
				}
				j += h1
				if _, ok := two(u, j); !ok {
					continue
				}
				for _, h2 := range [2]int{1, 0} {
					k := j + 2
					if h2 == 1 && (k >= len(u) || u[k] != '-') {
						continue
					}
					k += h2
					if _, ok := two(u, k); ok && k+2 < len(u) && u[k+2] == '/' {
						return y, true
					}
				}
			}
		}
		next := strings.IndexByte(u[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return 0, false
}

// urlMonth is the first /YYYYMM/ of u: /202611/.
func urlMonth(u string) (y, mo int, ok bool) {
	for i := strings.IndexByte(u, '/'); i >= 0; {
		var okY, okM bool
		y, okY = urlYear(u, i+1)
		mo, okM = two(u, i+5)
		if okY && okM && i+7 < len(u) && u[i+7] == '/' {
			return y, mo, true
		}
		next := strings.IndexByte(u[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return 0, 0, false
}

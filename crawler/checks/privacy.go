package checks

import (
	"strings"
	"unicode/utf8"
)

// Personal-data rules, as candidates name them.
const (
	RuleIDCard   = "privacy.id_card"   // 18-character citizen ID number, GB 11643 check digit valid
	RuleBankCard = "privacy.bank_card" // 16–19-digit card number, Luhn valid, a card-scheme prefix
	RuleMobile   = "privacy.mobile"    // 11-digit mobile number with an allocated prefix
)

// PersonalHit is one personal-data number found in a text.
type PersonalHit struct {
	Rule   string
	Start  int // byte offsets of the number in the text
	End    int
	Masked string // the number as it may be shown: 110105********002X
}

// idWeights are the GB 11643-1999 (ISO 7064 MOD 11-2) weights of the
// first 17 digits; checkChars maps the weighted sum mod 11 to the check
// character.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// provinces are the first two digits of GB/T 2260 codes a citizen ID can
// start with (the 31 provinces, Taiwan 71, Hong Kong 81, Macao 82, and 83
// of the residence permits for Taiwan residents).
var provinces = map[string]bool{}

func init() {
	for _, p := range strings.Fields("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83") {
		provinces[p] = true
	}
}

// ValidID reports whether s is an 18-character citizen ID number: a
// province prefix, a real birth date (1900–2099), and the check character
// GB 11643 computes from the other 17 digits. A document number, index
// number (索引号) or unified social credit code of the same length fails
// one of these almost always (the check digit alone passes one in eleven).
func ValidID(s string) bool {
	if len(s) != 18 || !provinces[s[:2]] {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		sum += int(c-'0') * idWeights[i]
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
	}
	if checkChars[sum%11] != last {
		return false
	}
	return validDate(s[6:14])
}

func validDate(ymd string) bool {
	y := atoi(ymd[:4])
	m := atoi(ymd[4:6])
	d := atoi(ymd[6:8])
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		days = 29
	}
	return d <= days
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Luhn reports whether the digits pass the Luhn check (ISO/IEC 7812).
func Luhn(digits string) bool {
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return len(digits) > 0 && sum%10 == 0
}

// cardPrefix reports a card-scheme prefix: UnionPay 62 (and the domestic
// 60, 9558 ranges of the big banks), Visa 4, Mastercard 51–55 and
// 2221–2720, JCB 35.
func cardPrefix(d string) bool {
	switch {
	case strings.HasPrefix(d, "62"), strings.HasPrefix(d, "60"), strings.HasPrefix(d, "9558"), strings.HasPrefix(d, "4"), strings.HasPrefix(d, "35"):
		return true
	case d[0] == '5' && d[1] >= '1' && d[1] <= '5':
		return true
	case d[0] == '2':
		p := atoi(d[:4])
		return p >= 2221 && p <= 2720
	}
	return false
}

// mobilePrefixes are the three-digit prefixes MIIT has allocated to mobile
// networks (China Mobile, Unicom, Telecom, Broadnet and virtual operators);
// 11-digit numbers starting otherwise are not mobile numbers.
var mobilePrefixes = map[string]bool{}

func init() {
	for _, p := range strings.Fields("130 131 132 133 134 135 136 137 138 139 145 147 149 150 151 152 153 155 156 157 158 159 162 165 166 167 170 171 172 173 174 175 176 177 178 180 181 182 183 184 185 186 187 188 189 190 191 192 193 195 196 197 198 199") {
		mobilePrefixes[p] = true
	}
}

// contactLabels introduce a number an agency publishes on purpose (its
// hotline, a contact person for a notice): a mobile number right after one
// is not personal data published by mistake.
var contactLabels = []string{"联系电话", "咨询电话", "服务电话", "监督电话", "投诉电话", "举报电话", "值班电话", "热线", "联系人", "联系方式", "传真", "办公电话"}

// FindPersonal returns the personal-data numbers of text in order. A
// number counts only as a whole token: digits or Latin letters right
// before or after it make it part of a longer code (a credit code, an
// order number), which is not a citizen's.
func FindPersonal(text string) []PersonalHit {
	if len(text) > MaxText {
		text = text[:MaxText]
	}
	var out []PersonalHit
	for i := 0; i < len(text); {
		if !digit(text[i]) || (i > 0 && alnum(text[i-1])) {
			i++
			continue
		}
		e := i
		for e < len(text) && digit(text[e]) {
			e++
		}
		d := text[i:e]
		if e < len(text) && (text[e] == 'X' || text[e] == 'x') && len(d) == 17 {
			d, e = d+"X", e+1
		}
		if h, ok := classify(text, i, e, d, false); ok && !(e < len(text) && alnum(text[e])) {
			out = append(out, h)
			i = e
			continue
		}
		if len(d) == 3 || len(d) == 4 {
			if g, ge, ok := grouped(text, i); ok && !(ge < len(text) && alnum(text[ge])) {
				if h, ok := classify(text, i, ge, g, true); ok {
					out = append(out, h)
					i = ge
					continue
				}
			}
		}
		i = e
		for i < len(text) && alnum(text[i]) {
			i++
		}
	}
	return out
}

// grouped reads digits in groups of 3 or 4 split by one space or hyphen,
// the same throughout (6222 0212 3456 7890, 138-0013-8000); it returns the
// digits and where they end.
func grouped(s string, i int) (string, int, bool) {
	var b strings.Builder
	var sep byte
	groups := 0
	for {
		j := i
		for j < len(s) && digit(s[j]) {
			j++
		}
		if n := j - i; n < 3 || n > 4 {
			return "", 0, false
		}
		b.WriteString(s[i:j])
		groups++
		if groups < 5 && j+1 < len(s) && (s[j] == ' ' || s[j] == '-') && (sep == 0 || s[j] == sep) && digit(s[j+1]) {
			sep, i = s[j], j+1
			continue
		}
		return b.String(), j, groups >= 3
	}
}

func digit(c byte) bool { return c >= '0' && c <= '9' }

func alnum(c byte) bool {
	return digit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

func classify(text string, start, end int, d string, isGrouped bool) (PersonalHit, bool) {
	switch n := len(d); {
	case n == 18 && !isGrouped && ValidID(d):
		return PersonalHit{RuleIDCard, start, end, d[:6] + strings.Repeat("*", 8) + d[14:]}, true
	case n == 11 && mobilePrefixes[d[:3]] && (!isGrouped || mobileGrouping(text[start:end])):
		if !afterContactLabel(text, start) {
			return PersonalHit{RuleMobile, start, end, d[:3] + "****" + d[7:]}, true
		}
	case n >= 16 && n <= 19 && allDigits(d) && cardPrefix(d) && Luhn(d):
		return PersonalHit{RuleBankCard, start, end, d[:4] + strings.Repeat("*", n-8) + d[n-4:]}, true
	}
	return PersonalHit{}, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !digit(s[i]) {
			return false
		}
	}
	return true
}

// mobileGrouping accepts 138 0013 8000 and 138-0013-8000.
func mobileGrouping(raw string) bool {
	return len(raw) == 13 && (raw[3] == ' ' || raw[3] == '-') && raw[8] == raw[3]
}

func afterContactLabel(text string, start int) bool {
	from := start
	for n := 0; n < 14 && from > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	before := text[from:start]
	for _, l := range contactLabels {
		if strings.Contains(before, l) {
			return true
		}
	}
	return false
}

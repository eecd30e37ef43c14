package sitefarm

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
)

var (
	s2tOnce sync.Once
	s2t     map[rune]rune
)

// hant writes s in traditional characters (as far as the table goes).
func hant(s string) string {
	s2tOnce.Do(func() {
		p := []rune(s2tPairs)
		s2t = make(map[rune]rune, len(p)/2)
		for i := 0; i+1 < len(p); i += 2 {
			s2t[p[i]] = p[i+1]
		}
	})
	return strings.Map(func(r rune) rune {
		if t, ok := s2t[r]; ok {
			return t
		}
		return r
	}, s)
}

// text is s as the site writes it.
func (s *Site) text(v string) string {
	if s.Style.Traditional {
		return hant(v)
	}
	return v
}

// encode turns a rendered UTF-8 page into the bytes the site serves.
func (s *Site) encode(page string) []byte {
	if s.Style.Traditional {
		page = hant(page)
	}
	if s.Style.Charset == "gbk" {
		b, err := encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder()).String(page)
		if err == nil {
			return []byte(b)
		}
	}
	return []byte(page)
}

var cnDigits = []rune("〇一二三四五六七八九")

func cnNumber(n int) string {
	switch {
	case n < 10:
		return string(cnDigits[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(cnDigits[n-10])
	case n%10 == 0:
		return string(cnDigits[n/10]) + "十"
	}
	return string(cnDigits[n/10]) + "十" + string(cnDigits[n%10])
}

// formatDate writes d in one of the formats real sites use.
func formatDate(d zwgk.Date, f string) string {
	switch f {
	case "cn":
		return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
	case "slash":
		return fmt.Sprintf("%d/%02d/%02d", d.Year, int(d.Month), d.Day)
	case "dot":
		return fmt.Sprintf("%d.%02d.%02d", d.Year, int(d.Month), d.Day)
	case "cnnum":
		var b strings.Builder
		for _, c := range fmt.Sprint(d.Year) {
			b.WriteRune(cnDigits[c-'0'])
		}
		return b.String() + "年" + cnNumber(int(d.Month)) + "月" + cnNumber(d.Day) + "日"
	case "md":
		return fmt.Sprintf("[%02d-%02d]", int(d.Month), d.Day)
	}
	return d.String()
}

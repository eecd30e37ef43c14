package dates

import (
	"testing"

	"zwgk"
)

func d(s string) zwgk.Date {
	if s == "" {
		return zwgk.Date{}
	}
	v, err := zwgk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"2024年3月15日", "2024-03-15"},
		{"2024 年 3 月 15 日", "2024-03-15"},
		{"二〇二四年三月十五日", "2024-03-15"},
		{"二零二三年十二月三十一日", "2023-12-31"},
		{"二〇二四年十月二十日", "2024-10-20"},
		{"2023-12-01", "2023-12-01"},
		{"2022/7/5", "2022-07-05"},
		{"2021.11.30", "2021-11-30"},
		{"２０２４－０３－１５", "2024-03-15"},
		{"2024-03-15 10:20:33", "2024-03-15"},
		{"2023-02-29", ""}, // not a leap year
		{"2024-02-29", "2024-02-29"},
		{"2024-13-01", ""},
		{"2024-04-31", ""},
		{"1900-01-01", ""},
		{"2024-03/15", ""},
		{"v2024.03.15.1", ""},
		{"发布于 2024-03-15", ""}, // Parse wants only a date
		{"", ""},
		{"二〇二四年十三月一日", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in)
			if got != d(tt.want) || ok != (tt.want != "") {
				t.Errorf("Parse(%q) = %v, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestPublication(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"label", "来源：本站 发布时间：2024-03-15 10:00", "2024-03-15"},
		{"traditional", "發布時間:2024年3月5日", "2024-03-05"},
		{"label in brackets", "[发布日期] 2023/7/5", "2023-07-05"},
		{"publication not written", "成文日期：2024-01-02 发布日期：2024-01-09", "2024-01-09"},
		{"written only", "成文日期：2024-01-02", ""},
		{"footer ignored", "正文 ... 版权所有 © 2003-2024 2024-01-01 京ICP备05070218号", ""},
		{"unlabelled is not publication", "会议于2024年3月1日召开", ""},
		{"generic label", "时间：2024-05-06", "2024-05-06"},
		{"pub beats generic", "时间：2024-05-06 发布时间：2024-05-07", "2024-05-07"},
		{"han", "发布日期：二〇二四年三月十五日", "2024-03-15"},
		{"nbsp", "发布时间：&nbsp;2024-03-15", "2024-03-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Publication(tt.in); got != d(tt.want) {
				t.Errorf("Publication(%q) = %v; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		name, text, url, want string
	}{
		{"trs span", "关于印发某某办法的通知 2026-11-12", "./202611/t20261112_123.html", "2026-11-12"},
		{"month-day year from url", "关于开展检查的通知 [11-12]", "/202611/t20261112_123.html", "2026-11-12"},
		{"month-day year from month dir", "通知 11-12", "http://x.gov.cn/zwgk/202611/abc.html", "2026-11-12"},
		{"month-day no year", "通知 [11-12]", "/art/123.html", ""},
		{"month-day invalid", "通知 [02-30]", "/202602/t20260201_1.html", ""},
		{"chinese month-day", "通知 11月12日", "/202611/t20261112_1.html", "2026-11-12"},
		{"title digits not date", "2024年第3号公告", "/202401/t20240105_1.html", ""},
		{"dotted", "公示 2021.11.30", "/a.html", "2021-11-30"},
		{"written date skipped", "成文日期：2024-01-02", "/a.html", ""},
		{"icp not date", "京ICP备2024031501号", "/a.html", ""},
		{"copyright range", "Copyright 2010-2026 某某市人民政府", "/a.html", ""},
		{"slash", "2022/7/5 公告", "/a.html", "2022-07-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.text, tt.url); got != d(tt.want) {
				t.Errorf("Line(%q, %q) = %v; want %q", tt.text, tt.url, got, tt.want)
			}
		})
	}
}

func TestLabelled(t *testing.T) {
	text := "来信时间：2026-01-05 回复时间：2026-01-20"
	if got := Labelled(text, "来信时间", "提交时间"); got != d("2026-01-05") {
		t.Errorf("submitted = %v", got)
	}
	if got := Labelled(text, "回复时间", "答复时间"); got != d("2026-01-20") {
		t.Errorf("replied = %v", got)
	}
	if got := Labelled("答覆時間：2026年2月1日", "答复时间"); got != d("2026-02-01") {
		t.Errorf("traditional replied = %v", got)
	}
	if got := Labelled("来信时间：2026-01-05", "回复时间"); !got.IsZero() {
		t.Errorf("unanswered letter got reply date %v", got)
	}
}

func TestFromURL(t *testing.T) {
	if got := FromURL("http://a/zwgk/202611/t20261112_123.html"); got != d("2026-11-12") {
		t.Errorf("FromURL = %v", got)
	}
	if got := FromURL("http://a/t20261332_1.html"); !got.IsZero() {
		t.Errorf("invalid url date %v", got)
	}
	if y := YearFromURL("http://a/zwgk/201913/x.html"); y != 0 {
		t.Errorf("month 13 gave year %d", y)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"发布时间：2024-03-15", "二〇二四年三月十五日", "[11-12]", "2021.11.30", "©2003-2024", "２０２４－０３－１５", "二十一", "2024年2月30日"} {
		f.Add(s, "/202611/t20261112_1.html")
	}
	f.Fuzz(func(t *testing.T, text, u string) {
		check := func(what string, v zwgk.Date) {
			if !v.IsZero() && !Valid(v.Year, int(v.Month), v.Day) {
				t.Fatalf("%s(%q) returned invalid date %+v", what, text, v)
			}
		}
		for _, m := range All(text) {
			check("All", m.Date)
		}
		v, _ := Parse(text)
		check("Parse", v)
		check("Publication", Publication(text))
		check("Line", Line(text, u))
		check("Labelled", Labelled(text, "回复时间"))
		check("FromURL", FromURL(u))
	})
}

package requests

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
)

func TestReadCSV(t *testing.T) {
	text := "agency,channel,sent_on,content,answered_on,form,quality\n" +
		"GD,letter,2026-02-06,申请公开甲,2026-03-01,予以公开,规范\n" +
		"GD,信函,2026/02/07,申请公开乙,,,\n" +
		",online,2026-02-08,申请公开丙,,,\n" + // line 4: no agency
		"GD,online,2026-02-31,申请公开丁,,,\n" + // line 5: no such day
		"GD,online,2026-02-09,申请公开戊,,部分公开,\n" + // line 6: a form without a date
		"GD,online,2026-02-09,申请公开己,2026-03-01,maybe,great\n" + // line 7: two bad fields
		"\n" +
		"GD,email,2026-02-10,申请公开庚,,,\n"
	rows, probs := ReadCSV(strings.NewReader(text), "r.csv")
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	want := []string{
		"r.csv:4: column agency: required",
		`r.csv:5: column sent_on: "2026-02-31" is not a date YYYY-MM-DD`,
		"r.csv:6: column answered_on: a reply form or rating without the date of the answer",
		`r.csv:7: column form: "maybe" is not a reply form`,
		`r.csv:7: column quality: "great" is not a rating`,
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: %s, want %s…", i, got[i], want[i])
		}
	}
	if len(rows) != 3 || rows[0].Line != 2 || rows[1].Line != 3 || rows[2].Line != 9 {
		t.Fatalf("rows: %+v", rows)
	}
	if a := rows[0].Test.Answer; a == nil || a.Form != zwgk.ReplyDisclosed || a.Quality != zwgk.QualityGood {
		t.Errorf("answer: %+v", a)
	}
	if rows[1].Test.Channel != zwgk.ChannelLetter || rows[1].Test.SentOn.String() != "2026-02-07" || rows[1].Test.Answer != nil {
		t.Errorf("row 3: %+v", rows[1].Test)
	}

	// GBK, as Excel saves it, with Chinese headers.
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("单位代码,渠道,申请日期,申请内容\nGD,在线申请,2026-02-06,申请公开财政预算\n")
	if err != nil {
		t.Fatal(err)
	}
	rows, probs = ReadCSV(strings.NewReader(gbk), "g.csv")
	if len(probs) != 0 || len(rows) != 1 || rows[0].Test.Content != "申请公开财政预算" {
		t.Fatalf("GBK: %+v %v", rows, probs)
	}
	// A header missing a required column, and an unknown one.
	if _, probs := ReadCSV(strings.NewReader("agency,channel,content,colour\n"), "h.csv"); len(probs) != 2 ||
		!strings.Contains(probs[0].Error(), "colour") || !strings.Contains(probs[1].Error(), "sent_on") {
		t.Errorf("header: %v", probs)
	}
	same := zwgk.RequestTest{Agency: "GD", SentOn: rows[0].Test.SentOn, Content: " 申请公开财政预算 "}
	if !Same(rows[0].Test, same) {
		t.Error("the same request with other spacing is not Same")
	}
}

package reviews_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
	"zwgk/agencies"
	"zwgk/reviews"
)

func ptr(f float64) *float64 { return &f }

func TestFraction(t *testing.T) {
	for _, tt := range []struct {
		o    zwgk.Outcome
		f    *float64
		want float64
		err  bool
	}{
		{zwgk.Pass, nil, 1, false}, {zwgk.Pass, ptr(1), 1, false}, {zwgk.Pass, ptr(0.5), 0, true},
		{zwgk.Fail, nil, 0, false}, {zwgk.NA, ptr(0), 0, false}, {zwgk.NA, ptr(1), 0, true},
		{zwgk.Partial, ptr(0.5), 0.5, false}, {zwgk.Partial, nil, 0, true}, {zwgk.Partial, ptr(0), 0, true}, {zwgk.Partial, ptr(1), 0, true},
		{zwgk.Partial, ptr(math.NaN()), 0, true}, {zwgk.Partial, ptr(math.Inf(1)), 0, true}, {zwgk.Pass, ptr(math.NaN()), 0, true},
		{zwgk.Pending, nil, 0, true},
	} {
		got, err := reviews.Fraction(tt.o, tt.f)
		if (err != nil) != tt.err || err == nil && got != tt.want {
			t.Errorf("Fraction(%s, %v) = %v, %v", tt.o, tt.f, got, err)
		}
	}
	for _, s := range []string{"NaN", "nan", "Inf", "-inf", "1e999", "2", "-0.1", "x", "0x1p-2"} {
		if f, err := reviews.ParseFraction(s); err == nil && s != "0x1p-2" {
			t.Errorf("ParseFraction(%q) = %v, want an error", s, *f)
		}
	}
	if f, err := reviews.ParseFraction(" 50% "); err != nil || *f != 0.5 {
		t.Errorf("50%%: %v %v", f, err)
	}
}

func TestReadCSV(t *testing.T) {
	known := func(agency, indicator string) (string, string) {
		switch {
		case agency != "440305" && agency != "440306":
			return "agency", "单位未参加本周期评估"
		case indicator != "C4" && indicator != "B3":
			return "indicator", "指标不存在"
		}
		return "", ""
	}
	good := "\ufeffagency,indicator,outcome,fraction,reason,evidence\r\n" +
		"440305,C4,partial,0.5,抽查 4 件 2 件超期,https://www.ft.gov.cn/x\r\n" +
		"440306,C4,达标,,均按期\r\n" +
		"\r\n" +
		"440306,B3,na,,不适用\r\n"
	ds, err := reviews.ReadCSV(strings.NewReader(good), "r.csv", known)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 || ds[0].Fraction != 0.5 || ds[0].Evidence != "https://www.ft.gov.cn/x" || ds[1].Outcome != zwgk.Pass || ds[1].Fraction != 1 || ds[2].Outcome != zwgk.NA || ds[2].Line != 5 {
		t.Errorf("decisions %+v", ds)
	}
	// GBK as Excel writes it.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("agency,indicator,outcome,fraction,reason\n440305,C4,部分达标,0.25,抽查超期\n")
	ds, err = reviews.ReadCSV(strings.NewReader(gbk), "gbk.csv", known)
	if err != nil || len(ds) != 1 || ds[0].Outcome != zwgk.Partial || ds[0].Reason != "抽查超期" {
		t.Errorf("GBK: %+v %v", ds, err)
	}
	// Every bad line named, nothing returned.
	bad := "agency,indicator,outcome,fraction,reason,evidence\n" +
		"440305,C4,partial,NaN,理由\n" + // 2 fraction
		"999999,C4,pass,,理由\n" + // 3 agency
		"440305,ZZ,pass,,理由\n" + // 4 indicator
		"440306,C4,maybe,,理由\n" + // 5 outcome
		"440306,B3,pass,,\n" + // 6 reason
		"440305,C4,pass,,again\n" + // 7 duplicate of line 2
		"440305,B3,partial,1.5,理由,ftp://x\n" // 8 fraction, evidence
	_, err = reviews.ReadCSV(strings.NewReader(bad), "bad.csv", known)
	var e *agencies.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *agencies.Error, got %v", err)
	}
	want := []string{"bad.csv:2: column fraction", "bad.csv:3: column agency", "bad.csv:4: column indicator", "bad.csv:5: column outcome",
		"bad.csv:6: column reason", "bad.csv:7: column indicator", "bad.csv:8: column fraction", "bad.csv:8: column evidence"}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
	if e.BadRows != 7 {
		t.Errorf("bad rows %d, want 7", e.BadRows)
	}
	for _, in := range []string{"", "agency,indicator,outcome\n1,2,3\n", "agency,indicator,outcome,fraction,reason\n"} {
		if _, err := reviews.ReadCSV(strings.NewReader(in), "x.csv", known); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

package zwgk_test

import (
	"errors"
	"strings"
	"testing"

	"zwgk"
	"zwgk/workdays"
)

func day(t *testing.T, s string) zwgk.Date {
	t.Helper()
	d, err := zwgk.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRequestDeadlinesAcrossHolidays holds the 20-working-day deadline of
// 条例第33条 to the State Council's arrangements, counted by hand from the
// notices: 国庆/中秋 2025 (1–8 October off, Sunday 28 September and
// Saturday 11 October worked), 春节 2026 (15–23 February off, Saturdays
// 14 and 28 February worked), 国庆 2026 (1–7 October off, Sunday 20
// September and Saturday 10 October worked).
func TestRequestDeadlinesAcrossHolidays(t *testing.T) {
	cal := workdays.Builtin()
	for _, tt := range []struct {
		start     string
		base, ext string // 20 working days, and 20 more after an extension notice
		mondayFri string // what a Monday-to-Friday count would wrongly say
		why       string
	}{
		{"2025-09-26", "2025-10-30", "2025-11-27", "2025-10-24", "just before 国庆 2025: Sunday 28 September and Saturday 11 October count"},
		{"2026-02-06", "2026-03-12", "2026-04-10", "2026-03-06", "just before 春节 2026: Saturdays 14 and 28 February count, 15–23 February do not"},
		{"2026-09-18", "2026-10-22", "2026-11-19", "2026-10-16", "国庆 2026"},
		{"2024-04-30", "2024-05-30", "2024-06-28", "2024-05-28", "劳动节 2024: 1–5 May off, Saturday 11 May worked; 端午 10 June off"},
	} {
		base, err := zwgk.Deadline(cal, day(t, tt.start), 20)
		if err != nil || base.String() != tt.base {
			t.Errorf("%s: 20 working days after %s = %s (%v), want %s", tt.why, tt.start, base, err, tt.base)
		}
		ext, err := zwgk.Deadline(cal, base, 20)
		if err != nil || ext.String() != tt.ext {
			t.Errorf("%s: extended deadline %s (%v), want %s", tt.why, ext, err, tt.ext)
		}
		if tt.mondayFri == tt.base {
			t.Errorf("%s: the case does not tell the holiday calendar from Monday to Friday", tt.why)
		}
		// The same request through JudgeRequest: an extension notice on
		// the base deadline itself still extends.
		rt := zwgk.RequestTest{SentOn: day(t, tt.start), ExtendedOn: base}
		j := zwgk.JudgeRequest(rt, cal, base, 20, 20)
		if !j.Extended || j.Due.String() != tt.ext || j.Status != zwgk.RequestPending {
			t.Errorf("%s: extension on the last day: %+v", tt.why, j)
		}
	}
	// The 调休 Saturday is a working day: a reply on Saturday 11 October
	// 2025 to a request received Friday 10 October took one working day.
	rt := zwgk.RequestTest{SentOn: day(t, "2025-10-10"), Answer: &zwgk.RequestAnswer{On: day(t, "2025-10-11"), Form: zwgk.ReplyDisclosed}}
	if j := zwgk.JudgeRequest(rt, cal, day(t, "2025-12-01"), 20, 20); j.Took != 1 || j.Status != zwgk.RequestOnTime {
		t.Errorf("reply on the 调休 Saturday: %+v", j)
	}
}

func TestJudgeRequest(t *testing.T) {
	cal := workdays.Builtin()
	sent := day(t, "2026-02-06") // base deadline 2026-03-12, extended 2026-04-10
	answer := func(on string) *zwgk.RequestAnswer {
		return &zwgk.RequestAnswer{On: day(t, on), Form: zwgk.ReplyPartial, Quality: zwgk.QualityGood}
	}
	for _, tt := range []struct {
		name     string
		rt       zwgk.RequestTest
		today    string
		want     zwgk.RequestStatus
		due      string
		contains string
	}{
		{"unanswered within the deadline is pending, not failed", zwgk.RequestTest{SentOn: sent}, "2026-03-12", zwgk.RequestPending, "2026-03-12", "尚在期限内"},
		{"unanswered the day after is overdue", zwgk.RequestTest{SentOn: sent}, "2026-03-13", zwgk.RequestOverdue, "2026-03-12", "未答复"},
		{"answered on the last day", zwgk.RequestTest{SentOn: sent, Answer: answer("2026-03-12")}, "2026-06-01", zwgk.RequestOnTime, "2026-03-12", "用时20个工作日"},
		{"answered a working day late", zwgk.RequestTest{SentOn: sent, Answer: answer("2026-03-13")}, "2026-06-01", zwgk.RequestLate, "2026-03-12", "逾期1个工作日"},
		{"extension notice in time extends", zwgk.RequestTest{SentOn: sent, ExtendedOn: day(t, "2026-03-02"), Answer: answer("2026-04-10")}, "2026-06-01", zwgk.RequestOnTime, "2026-04-10", "告知延期"},
		{"extension notice after the first period extends nothing", zwgk.RequestTest{SentOn: sent, ExtendedOn: day(t, "2026-03-13"), Answer: answer("2026-03-20")}, "2026-06-01", zwgk.RequestLate, "2026-03-12", "不产生延期"},
		{"a letter's period runs from its signing-for", zwgk.RequestTest{SentOn: day(t, "2026-02-03"), ReceivedOn: sent, Answer: answer("2026-03-12")}, "2026-06-01", zwgk.RequestOnTime, "2026-03-12", ""},
		{"pending within an extended deadline", zwgk.RequestTest{SentOn: sent, ExtendedOn: day(t, "2026-03-10")}, "2026-04-01", zwgk.RequestPending, "2026-04-10", ""},
	} {
		j := zwgk.JudgeRequest(tt.rt, cal, day(t, tt.today), 20, 20)
		if j.Status != tt.want || j.Due.String() != tt.due || !strings.Contains(j.Text, tt.contains) {
			t.Errorf("%s: %s due %s %q, want %s due %s with %q", tt.name, j.Status, j.Due, j.Text, tt.want, tt.due, tt.contains)
		}
	}
}

// TestUncoveredYear: a deadline running into a year the calendar lacks is
// an explicit unknown, never counted Monday to Friday; loading the year
// from a file settles it.
func TestUncoveredYear(t *testing.T) {
	cal := workdays.Builtin()
	_, err := zwgk.Deadline(cal, day(t, "2027-12-20"), 20)
	var u *zwgk.UncoveredYearError
	if !errors.As(err, &u) || u.Year != 2028 {
		t.Fatalf("deadline into 2028: %v", err)
	}
	j := zwgk.JudgeRequest(zwgk.RequestTest{SentOn: day(t, "2027-12-20")}, cal, day(t, "2028-03-01"), 20, 20)
	if j.Status != zwgk.RequestUncovered || j.Missing != 2028 || !j.Due.IsZero() || !strings.Contains(j.Text, "2028年") {
		t.Fatalf("judged into 2028: %+v", j)
	}
	if _, err := zwgk.Deadline(cal, day(t, "2022-12-01"), 1); !errors.As(err, &u) || u.Year != 2022 {
		t.Fatalf("a start in 2022: %v", err)
	}
	// A bureau loads 2028 (a made-up arrangement: 1–3 January off).
	if err := cal.Load("2028.yaml", []byte("year: 2028\nsource: 国办发明电〔2027〕测试\nholidays: [2028-01-03]\nworkdays: []\n")); err != nil {
		t.Fatal(err)
	}
	due, err := zwgk.Deadline(cal, day(t, "2027-12-20"), 20)
	// 21–24, 27–31 Dec 2027 (9; 2027's own arrangement has no holiday
	// then), 3 January 2028 off, 4–7 (13), 10–14 (18), 17–18 (20).
	if err != nil || due.String() != "2028-01-18" {
		t.Fatalf("deadline with 2028 loaded: %s %v", due, err)
	}
}

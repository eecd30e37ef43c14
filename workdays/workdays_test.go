package workdays

import (
	"strings"
	"testing"
	"time"

	"zwgk"
)

func d(s string) zwgk.Date {
	x, err := zwgk.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

// notices are the State Council's arrangements as its notices word them
// (国务院办公厅关于2024年、2025年、2026年部分节假日安排的通知): the days off
// ("放假") and the weekend days worked ("上班"), written out independently
// of lunar-go so that a transcription error there fails here.
var notices = map[int]struct{ off, work []string }{
	2024: {
		off: []string{"2024-01-01", "2024-02-10:2024-02-17", "2024-04-04:2024-04-06", "2024-05-01:2024-05-05",
			"2024-06-08:2024-06-10", "2024-09-15:2024-09-17", "2024-10-01:2024-10-07"},
		work: []string{"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"},
	},
	2025: {
		off: []string{"2025-01-01", "2025-01-28:2025-02-04", "2025-04-04:2025-04-06", "2025-05-01:2025-05-05",
			"2025-05-31:2025-06-02", "2025-10-01:2025-10-08"},
		work: []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"},
	},
	2026: {
		off: []string{"2026-01-01:2026-01-03", "2026-02-15:2026-02-23", "2026-04-04:2026-04-06", "2026-05-01:2026-05-05",
			"2026-06-19:2026-06-21", "2026-09-25:2026-09-27", "2026-10-01:2026-10-07"},
		work: []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"},
	},
}

func expand(spans []string) map[zwgk.Date]bool {
	out := map[zwgk.Date]bool{}
	for _, s := range spans {
		from, to, ok := strings.Cut(s, ":")
		if !ok {
			to = from
		}
		for x := d(from); !x.After(d(to)); x = x.AddDays(1) {
			out[x] = true
		}
	}
	return out
}

// TestBuiltinAgainstNotices walks every day of 2024–2026.
func TestBuiltinAgainstNotices(t *testing.T) {
	c := Builtin()
	for year, n := range notices {
		if !c.Covers(year) {
			t.Fatalf("%d not covered", year)
		}
		off, work := expand(n.off), expand(n.work)
		for x := d(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")); x.Year == year; x = x.AddDays(1) {
			wd := x.Time().Weekday()
			want := wd != time.Saturday && wd != time.Sunday
			if off[x] {
				want = false
			}
			if work[x] {
				want = true
			}
			if got := c.IsWorkday(x); got != want {
				t.Errorf("%s (%s): workday %v, want %v", x, wd, got, want)
			}
		}
	}
}

func TestDeadlines(t *testing.T) {
	c := Builtin()
	for _, tt := range []struct {
		from string
		n    int
		want string
	}{
		// Received Friday 18 September 2026: Sunday 20 September is worked,
		// 25–27 September (中秋) and 1–7 October (国庆) are off, Saturday 10
		// October is worked.
		{"2026-09-18", 20, "2026-10-22"},
		{"2026-09-18", 40, "2026-11-19"}, // extended by 20 working days with a notice
		// Spring Festival 2025: 28 January–4 February off, 26 January and
		// 8 February worked.
		{"2025-01-20", 20, "2025-02-21"},
		// Spring Festival 2024 with 4 and 18 February worked.
		{"2024-02-01", 20, "2024-03-05"},
		{"2026-11-20", 0, "2026-11-20"},
	} {
		got := c.Add(d(tt.from), tt.n)
		if got.String() != tt.want {
			t.Errorf("%d working days after %s = %s, want %s", tt.n, tt.from, got, tt.want)
		}
		if n := c.Between(d(tt.from), got); n != tt.n {
			t.Errorf("Between(%s, %s) = %d, want %d", tt.from, got, n, tt.n)
		}
	}
	// A year without an arrangement: Monday to Friday, and it says so.
	if c.Covers(2031) {
		t.Error("2031 covered")
	}
	if !c.IsWorkday(d("2031-01-01")) { // a Wednesday; no notice known
		t.Error("2031-01-01 without an arrangement should count as a weekday")
	}
}

func TestLoad(t *testing.T) {
	c := Builtin()
	good := `year: 2031
source: 国办发明电〔2030〕1号
holidays: [2031-01-01, 2031-01-22, 2031-01-23]
workdays: [2031-01-19]
`
	if err := c.Load("2031.yaml", []byte(good)); err != nil {
		t.Fatal(err)
	}
	if !c.Covers(2031) || c.IsWorkday(d("2031-01-01")) || !c.IsWorkday(d("2031-01-19")) || c.Source(2031) != "国办发明电〔2030〕1号" {
		t.Error("loaded year not applied")
	}
	bad := `year: 2032
source: x
holidays:
  - 2032-01-01
  - 2031-12-31
  - 2032-01-01
  - nonsense
workdays:
  - 2032-01-05
  - 2032-01-01
`
	err := c.Load("2032.yaml", []byte(bad))
	if err == nil {
		t.Fatal("bad file accepted")
	}
	for _, want := range []string{"2032.yaml:5: holidays: 2031-12-31 is outside 2032", "2032.yaml:6: holidays: 2032-01-01 listed twice",
		`2032.yaml:7: holidays: "nonsense" is not a date`, "2032.yaml:9: workdays: 2032-01-05 is a Monday", "2032.yaml:10: 2032-01-01 is both"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if c.Covers(2032) {
		t.Error("a faulty file changed the calendar")
	}
	if err := c.Load("x.yaml", []byte("year: 2033\nsource: s\nholidays: [2033-01-01]\nextra: 1\n")); err == nil {
		t.Error("unknown field accepted")
	}
}

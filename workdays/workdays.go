// Package workdays counts working days (工作日) the way the 政府信息公开
// 条例 counts its deadlines: Monday to Friday, less the public holidays,
// plus the weekend days worked in exchange (调休), as the State Council's
// annual notices arrange them.
//
// The built-in calendar takes the arrangements 2023–2027 from
// github.com/6tail/lunar-go (HolidayUtil), which transcribes the notices;
// the tests hold 2024–2026 to the notices' own text. A later year the
// State Council publishes is loaded from a file (Load), validated, without
// a new release. Pure: no clock, no network.
package workdays

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
	"gopkg.in/yaml.v3"

	"zwgk"
)

// Calendar knows which days are working days.
type Calendar struct {
	adjust map[zwgk.Date]bool // true: a weekend day worked; false: a weekday off
	years  map[int]string     // years covered → source
}

// Builtin years: those whose arrangement lunar-go v1.4.7 carries.
var builtinYears = []int{2023, 2024, 2025, 2026, 2027}

// Builtin is the calendar of the State Council's arrangements 2023–2027.
func Builtin() *Calendar {
	c := &Calendar{adjust: map[zwgk.Date]bool{}, years: map[int]string{}}
	for _, y := range builtinYears {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := zwgk.ParseDate(h.GetDay())
			if err != nil || d.Year != y {
				continue
			}
			c.adjust[d] = h.IsWork()
		}
		c.years[y] = "国务院办公厅关于" + fmt.Sprint(y) + "年部分节假日安排的通知（lunar-go v1.4.7 HolidayUtil）"
	}
	return c
}

// Covers reports whether the calendar has the year's arrangement; a year
// it lacks is counted Monday to Friday by IsWorkday, so a deadline must go
// through Deadline, which refuses it.
func (c *Calendar) Covers(year int) bool { _, ok := c.years[year]; return ok }

// Source names where the year's arrangement comes from ("" when none).
func (c *Calendar) Source(year int) string { return c.years[year] }

// Years lists the years covered, in order.
func (c *Calendar) Years() []int {
	var out []int
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d zwgk.Date) bool {
	if w, ok := c.adjust[d]; ok {
		return w
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Between counts the working days after from up to and including to (0
// when to is not after from): the days a request has waited.
func (c *Calendar) Between(from, to zwgk.Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

// Add is the nth working day after d: the last day of a deadline of n
// working days counted from the day after d (n ≤ 0 gives d).
func (c *Calendar) Add(d zwgk.Date, n int) zwgk.Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Deadline is the nth working day after d, or a *zwgk.UncoveredYearError
// when a day on the way falls in a year the calendar lacks: a deadline is
// never guessed Monday to Friday.
func (c *Calendar) Deadline(d zwgk.Date, n int) (zwgk.Date, error) { return zwgk.Deadline(c, d, n) }

// YearFile is a year's arrangement as a bureau writes it:
//
//	year: 2028
//	source: 国办发明电〔2027〕X号
//	holidays: [2028-01-01, …]   # days off (weekdays and the weekend days inside a holiday)
//	workdays: [2028-01-29, …]   # weekend days worked in exchange (调休)
type YearFile struct {
	Year     int      `yaml:"year"`
	Source   string   `yaml:"source"`
	Holidays []string `yaml:"holidays"`
	Workdays []string `yaml:"workdays"`
}

// Load adds a year's arrangement from a file's text (name is for errors),
// replacing what the calendar had for that year. Every fault is reported,
// each with its line: a date outside the year, a worked day that is not a
// weekend day, a day both off and worked, a day listed twice.
func (c *Calendar) Load(name string, src []byte) error {
	y, err := Parse(name, src)
	if err != nil {
		return err
	}
	c.Set(y)
	return nil
}

// Year is one year's validated arrangement.
type Year struct {
	Number int
	Source string
	adjust map[zwgk.Date]bool
}

// Set adds the year to the calendar, replacing what it had for that year.
func (c *Calendar) Set(y *Year) {
	for d := range c.adjust {
		if d.Year == y.Number {
			delete(c.adjust, d)
		}
	}
	for d, w := range y.adjust {
		c.adjust[d] = w
	}
	c.years[y.Number] = y.Source
}

// Parse reads and validates a year's arrangement (a YearFile) without
// adding it to a calendar; faults are reported as Load reports them.
func Parse(name string, src []byte) (*Year, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var yf YearFile
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&yf); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var errs []string
	bad := func(line int, format string, a ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, a...)))
	}
	lines := map[string][]int{}
	if len(doc.Content) == 1 {
		for i := 0; i+1 < len(doc.Content[0].Content); i += 2 {
			k, v := doc.Content[0].Content[i], doc.Content[0].Content[i+1]
			lines[k.Value] = []int{k.Line}
			for _, e := range v.Content {
				lines[k.Value] = append(lines[k.Value], e.Line)
			}
		}
	}
	at := func(key string, i int) int {
		if l := lines[key]; i+1 < len(l) {
			return l[i+1]
		} else if len(l) > 0 {
			return l[0]
		}
		return 1
	}
	if yf.Year < 2000 || yf.Year > 2200 {
		bad(at("year", -1), "year %d: 2000–2200", yf.Year)
	}
	if strings.TrimSpace(yf.Source) == "" {
		bad(1, "source: name the State Council notice the arrangement comes from")
	}
	if len(yf.Holidays) == 0 {
		bad(1, "holidays: at least one day off (New Year's Day)")
	}
	adj := map[zwgk.Date]bool{}
	seen := map[zwgk.Date]string{}
	for _, list := range []struct {
		key  string
		days []string
		work bool
	}{{"holidays", yf.Holidays, false}, {"workdays", yf.Workdays, true}} {
		for i, s := range list.days {
			line := at(list.key, i)
			d, err := zwgk.ParseDate(strings.TrimSpace(s))
			if err != nil {
				bad(line, "%s: %q is not a date YYYY-MM-DD", list.key, s)
				continue
			}
			if d.Year != yf.Year {
				bad(line, "%s: %s is outside %d", list.key, d, yf.Year)
				continue
			}
			if prev, dup := seen[d]; dup {
				if prev == list.key {
					bad(line, "%s: %s listed twice", list.key, d)
				} else {
					bad(line, "%s is both a holiday and a working day", d)
				}
				continue
			}
			seen[d] = list.key
			wd := d.Time().Weekday()
			if list.work && wd != time.Saturday && wd != time.Sunday {
				bad(line, "workdays: %s is a %s, already a working day (list only the weekend days worked)", d, wd)
				continue
			}
			adj[d] = list.work
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return &Year{Number: yf.Year, Source: strings.TrimSpace(yf.Source), adjust: adj}, nil
}

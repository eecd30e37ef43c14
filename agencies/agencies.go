// Package agencies reads the agencies file (被评估单位清单): a CSV with the
// header code,name,level,region,site,parent[,roots], in UTF-8 (with or without a
// byte-order mark) or GBK as Excel saves it in China.
//
// It validates every row and reports every bad one at once, naming file,
// line and column, so an operator fixes the file in one pass. It must not
// touch the database: the caller decides what to do with the rows (the
// store imports them all or none).
package agencies

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
)

// MaxFileBytes bounds the file read: a national list of 85,000 agencies is
// under 20 MB, so anything past this is not an agencies file.
const MaxFileBytes = 64 << 20

// maxListed bounds how many problems one error spells out; the count of
// the rest is still given.
const maxListed = 1000

// Columns of the file, in the documented order. parent and roots are
// optional. roots lists an agency's further roots besides its site,
// separated by spaces: a disclosure platform on another host of the same
// government, or a wider root than the site's folder (a site at
// https://www.city.gov.cn/county/ is limited to that folder of the shared
// host unless roots says otherwise).
var Columns = []string{"code", "name", "level", "region", "site", "parent", "roots"}

// Options tune ReadCSVWith.
type Options struct {
	// Known reports whether an agency code exists outside the file (e.g.
	// already in the database), so a row may name it as parent.
	Known func(code string) bool
	// AnyParent accepts a parent that is not in the file: a file cut from
	// a larger list, read where there is no database to know the rest
	// (zwgk score). A parent is context, never scored.
	AnyParent bool
}

// Problem is one fault of the file.
type Problem struct {
	File   string
	Line   int    // 1-based line in the file; 0 for the file as a whole
	Column string // column name, "" when the row as a whole is wrong
	Msg    string
}

func (p Problem) Error() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Column == "":
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: column %s: %s", p.File, p.Line, p.Column, p.Msg)
}

// Error lists every problem of a file; it is what ReadCSV returns when
// any row is bad.
type Error struct {
	Problems []Problem
	BadRows  int // number of distinct bad lines
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d bad row(s), nothing imported:", e.BadRows)
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n… and %d more problem(s)", len(e.Problems)-maxListed)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Lines returns the distinct line numbers with problems, in order.
func (e *Error) Lines() []int {
	var out []int
	for _, p := range e.Problems {
		if len(out) == 0 || out[len(out)-1] != p.Line {
			out = append(out, p.Line)
		}
	}
	return out
}

// ReadCSV reads and validates an agencies file; name is used in errors.
// Parents must be agencies of the same file.
func ReadCSV(r io.Reader, name string) ([]zwgk.Agency, error) {
	return ReadCSVWith(r, name, Options{})
}

// ReadCSVWith is ReadCSV with options. On any bad row it returns no
// agencies and an *Error listing every problem.
func ReadCSVWith(r io.Reader, name string, opt Options) ([]zwgk.Agency, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(raw) > MaxFileBytes {
		return nil, &Error{Problems: []Problem{{File: name, Msg: fmt.Sprintf("larger than %d MiB; not an agencies file", MaxFileBytes>>20)}}}
	}
	text, err := decode(raw)
	if err != nil {
		return nil, &Error{Problems: []Problem{{File: name, Msg: err.Error()}}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1 // counted below, with a better message
	cr.TrimLeadingSpace = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Problems: []Problem{{File: name, Msg: "empty file: want a header " + strings.Join(Columns, ",")}}}
	}
	if err != nil {
		return nil, &Error{Problems: []Problem{csvProblem(name, err)}}
	}
	index, probs := readHeader(name, header)
	if len(probs) > 0 {
		return nil, &Error{Problems: probs, BadRows: 1}
	}
	need := 0 // fields a row needs to reach every known column
	for _, i := range index {
		need = max(need, i+1)
	}

	type row struct {
		line int
		a    zwgk.Agency
	}
	var (
		rows     []row
		problems []Problem
		bad      = map[int]bool{}
		seen     = map[string]int{} // code → first line
	)
	add := func(p Problem) {
		problems = append(problems, p)
		bad[p.Line] = true
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Err != csv.ErrFieldCount {
				// A broken quote ruins the rest of the file: stop here.
				add(csvProblem(name, err))
				break
			}
			add(csvProblem(name, err))
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) < need {
			add(Problem{File: name, Line: line, Msg: fmt.Sprintf("%d field(s), want %d", len(rec), len(header))})
			continue
		}
		field := func(col string) string {
			i, ok := index[col]
			if !ok {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		a := zwgk.Agency{
			Code:   field("code"),
			Name:   field("name"),
			Level:  ParseLevel(field("level")),
			Region: zwgk.Region(field("region")),
			Site:   field("site"),
			Parent: field("parent"),
			Roots:  strings.Join(strings.Fields(field("roots")), " "),
		}
		for _, err := range a.Validate() {
			col, msg, ok := strings.Cut(err.Error(), ": ")
			if !ok {
				col, msg = "", err.Error()
			}
			add(Problem{File: name, Line: line, Column: col, Msg: msg})
		}
		if a.Code != "" {
			if first, dup := seen[a.Code]; dup {
				add(Problem{File: name, Line: line, Column: "code", Msg: fmt.Sprintf("%q repeats line %d", a.Code, first)})
			} else {
				seen[a.Code] = line
			}
		}
		if a.Parent != "" && a.Parent == a.Code {
			add(Problem{File: name, Line: line, Column: "parent", Msg: "an agency cannot be its own parent"})
		}
		rows = append(rows, row{line, a})
	}
	// Parents may come later in the file, so they are checked last.
	for _, r := range rows {
		p := r.a.Parent
		if p == "" || p == r.a.Code {
			continue
		}
		if _, ok := seen[p]; ok {
			continue
		}
		if opt.AnyParent || opt.Known != nil && opt.Known(p) {
			continue
		}
		add(Problem{File: name, Line: r.line, Column: "parent", Msg: fmt.Sprintf("%q is neither in the file nor already imported", p)})
	}
	if len(problems) > 0 {
		sortProblems(problems)
		return nil, &Error{Problems: problems, BadRows: len(bad)}
	}
	if len(rows) == 0 {
		return nil, &Error{Problems: []Problem{{File: name, Msg: "no agencies after the header"}}}
	}
	out := make([]zwgk.Agency, len(rows))
	for i, r := range rows {
		out[i] = r.a
	}
	return out, nil
}

// ParseLevel reads a level in English or in the Chinese reports use
// (县级 → county); anything else is returned as is for Validate to refuse.
func ParseLevel(s string) zwgk.Level {
	l := zwgk.Level(strings.ToLower(strings.TrimSpace(s)))
	if l.Valid() {
		return l
	}
	for _, v := range zwgk.Levels {
		if s == v.Chinese() {
			return v
		}
	}
	return zwgk.Level(s)
}

// decode turns the file into UTF-8 text: a UTF-8 byte-order mark is
// dropped; bytes that are not valid UTF-8 are read as GB18030, the
// superset of GBK that Excel writes for Chinese locales.
func decode(raw []byte) (string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		return "", errors.New("neither UTF-8 nor GBK text; save the file as CSV UTF-8")
	}
	return string(out), nil
}

func readHeader(name string, header []string) (map[string]int, []Problem) {
	index := map[string]int{}
	var probs []Problem
	known := map[string]bool{}
	for _, c := range Columns {
		known[c] = true
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "":
			continue // Excel adds empty trailing columns
		case !known[h]:
			probs = append(probs, Problem{File: name, Line: 1, Column: h, Msg: "unknown column; want " + strings.Join(Columns, ",")})
		case hasKey(index, h):
			probs = append(probs, Problem{File: name, Line: 1, Column: h, Msg: "column appears twice"})
		default:
			index[h] = i
		}
	}
	for _, c := range Columns[:5] {
		if !hasKey(index, c) {
			probs = append(probs, Problem{File: name, Line: 1, Column: c, Msg: "missing from the header"})
		}
	}
	return index, probs
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvProblem(name string, err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{File: name, Line: pe.StartLine, Msg: pe.Err.Error()}
	}
	return Problem{File: name, Msg: err.Error()}
}

// sortProblems orders by line, keeping the order within a line (insertion
// sort: the slice is almost sorted, only late parent checks move).
func sortProblems(ps []Problem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Line < ps[j-1].Line; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

package exchange

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"zwgk"
)

// FindingsHeader is the header WriteFindingsCSV writes. ReadFindingsCSV
// needs agency, indicator, outcome and fraction; count, measure and problem
// are optional; the columns may come in any order.
var FindingsHeader = []string{"agency", "indicator", "outcome", "fraction", "count", "measure", "problem"}

// Bounds on untrusted input.
const (
	maxIDLen   = 64   // agency code, indicator id
	maxTextLen = 4000 // measure, problem (characters)
	maxCount   = 1_000_000
	maxErrors  = 100 // faults listed before "and N more"
)

// WriteFindingsCSV writes findings as CSV, UTF-8 with a byte-order mark:
// the file is read by programs (ReadFindingsCSV and csv readers skip the
// mark) and by people in Excel, which takes a CSV without one for the
// local ANSI code page (GBK on Chinese Windows) and garbles every problem
// statement. Fractions are printed with the fewest digits that read back
// as the same float64, so a recomputation reproduces the marks exactly.
func WriteFindingsCSV(w io.Writer, findings []zwgk.Finding) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write findings: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(FindingsHeader); err != nil {
		return fmt.Errorf("write findings: %w", err)
	}
	for _, f := range findings {
		rec := []string{f.Agency, f.Indicator, string(f.Outcome),
			strconv.FormatFloat(f.Fraction, 'f', -1, 64), strconv.Itoa(f.Count), f.Measure, f.Problem}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write findings: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write findings: %w", err)
	}
	return nil
}

// ReadFindingsCSV reads findings written by WriteFindingsCSV or by hand
// (a UTF-8 BOM is accepted). name is used in error messages
// ("findings.csv:3:4: fraction "x": not a number"). Every bad row is
// reported, joined into one error; no findings are returned then.
func ReadFindingsCSV(r io.Reader, name string) ([]zwgk.Finding, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file, want a header %s", name, strings.Join(FindingsHeader, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	var errs []error
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, k := range FindingsHeader {
			known = known || h == k
		}
		switch {
		case !known:
			errs = append(errs, fmt.Errorf("%s:1:%d: unknown column %q (want %s)", name, i+1, clip(h), strings.Join(FindingsHeader, ",")))
		case col[h] > 0:
			errs = append(errs, fmt.Errorf("%s:1:%d: column %q repeated", name, i+1, h))
		default:
			col[h] = i + 1 // 1-based; 0 means absent
		}
	}
	for _, k := range FindingsHeader[:4] {
		if col[k] == 0 {
			errs = append(errs, fmt.Errorf("%s:1: missing column %q", name, k))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	cr.FieldsPerRecord = len(header)

	type key struct{ agency, indicator string }
	seen := map[key]int{}
	var out []zwgk.Finding
	more := 0
	fault := func(line, c int, format string, a ...any) {
		if len(errs) >= maxErrors {
			more++
			return
		}
		errs = append(errs, fmt.Errorf("%s:%d:%d: %s", name, line, c, fmt.Sprintf(format, a...)))
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			fault(pe.Line, 1, "%d fields, want %d as in the header", len(rec), len(header))
			continue
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable.
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			break
		}
		get := func(k string) (string, int) {
			i := col[k]
			if i == 0 {
				return "", 0
			}
			return strings.TrimSpace(rec[i-1]), i
		}
		var f zwgk.Finding
		ok := true
		for _, k := range []string{"agency", "indicator"} {
			v, c := get(k)
			switch {
			case v == "":
				fault(line, c, "%s: empty", k)
				ok = false
			case len(v) > maxIDLen || !utf8.ValidString(v):
				fault(line, c, "%s %q: longer than %d bytes or not UTF-8", k, clip(v), maxIDLen)
				ok = false
			}
			if k == "agency" {
				f.Agency = v
			} else {
				f.Indicator = v
			}
		}
		v, c := get("outcome")
		f.Outcome = zwgk.Outcome(strings.ToLower(v))
		if !f.Outcome.Valid() {
			fault(line, c, "outcome %q: want pass, partial, fail, na or pending", clip(v))
			ok = false
		}
		v, c = get("fraction")
		switch x, err := strconv.ParseFloat(v, 64); {
		case v == "":
			if f.Outcome == zwgk.Pass {
				f.Fraction = 1
			}
		case err != nil:
			fault(line, c, "fraction %q: not a number", clip(v))
			ok = false
		case math.IsNaN(x) || x < 0 || x > 1:
			fault(line, c, "fraction %s: want 0 to 1", clip(v))
			ok = false
		default:
			f.Fraction = x
		}
		if v, c = get("count"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > maxCount {
				fault(line, c, "count %q: want a whole number from 0 to %d", clip(v), maxCount)
				ok = false
			}
			f.Count = n
		}
		for _, k := range []string{"measure", "problem"} {
			v, c := get(k)
			if utf8.RuneCountInString(v) > maxTextLen || !utf8.ValidString(v) {
				fault(line, c, "%s: longer than %d characters or not UTF-8", k, maxTextLen)
				ok = false
			}
			if k == "measure" {
				f.Measure = v
			} else {
				f.Problem = v
			}
		}
		if !ok {
			continue
		}
		k := key{f.Agency, f.Indicator}
		if first, dup := seen[k]; dup {
			fault(line, 1, "agency %s indicator %s already on line %d", f.Agency, f.Indicator, first)
			continue
		}
		seen[k] = line
		out = append(out, f)
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("%s: and %d more faults", name, more))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// clip bounds untrusted text quoted in error messages.
func clip(s string) string {
	const n = 40
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Package reviews checks assessors' reviews (复核) before they are stored:
// the outcome and fraction of one review, from a portal form, the JSON API
// or a line of a reviews file, and the reviews file itself — a CSV
// agency,indicator,outcome,fraction,reason[,evidence] in UTF-8 (with or
// without a byte-order mark) or GBK as Excel saves it.
//
// Messages are Chinese: they are shown to assessors in the portal and on
// the command line. The package does no I/O beyond reading the file it is
// handed; whether an agency or indicator exists is the caller's question
// (Check).
package reviews

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"zwgk"
	"zwgk/agencies"
)

// MaxReason bounds a reason, in characters.
const MaxReason = 2000

// MaxEvidence bounds an evidence link, in bytes.
const MaxEvidence = 2048

// ParseOutcome reads an outcome in English or as reports print it
// (达标 部分达标 未达标 不适用). Pending is not a decision and is refused.
func ParseOutcome(s string) (zwgk.Outcome, error) {
	s = strings.TrimSpace(s)
	for _, o := range []zwgk.Outcome{zwgk.Pass, zwgk.Partial, zwgk.Fail, zwgk.NA} {
		if strings.EqualFold(s, string(o)) || s == o.Chinese() {
			return o, nil
		}
	}
	if s == "" {
		return "", errors.New("复核结论不能为空（pass 达标、partial 部分达标、fail 未达标、na 不适用）")
	}
	return "", fmt.Errorf("复核结论 %q 无效，应为 pass（达标）、partial（部分达标）、fail（未达标）或 na（不适用）", s)
}

// ParseFraction reads a fraction as typed ("0.5", "50%"); "" is nil.
// NaN, infinities and anything outside 0..1 are refused.
func ParseFraction(s string) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	scale := 1.0
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = strings.TrimSpace(t), 100
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("得分比例 %q 不是有效的数，应为 0 到 1 之间的小数（如 0.5）", s)
	}
	f /= scale
	if f < 0 || f > 1 {
		return nil, fmt.Errorf("得分比例 %v 超出范围，应在 0 到 1 之间", f)
	}
	return &f, nil
}

// Fraction settles the fraction of a decision: pass is 1, fail and na 0
// (a fraction given with them must agree), partial needs one strictly
// between 0 and 1. f may be nil (not given); a non-finite f is refused.
func Fraction(o zwgk.Outcome, f *float64) (float64, error) {
	if f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0) || *f < 0 || *f > 1) {
		return 0, fmt.Errorf("得分比例 %v 无效，应为 0 到 1 之间的有限数", *f)
	}
	switch o {
	case zwgk.Pass:
		if f != nil && *f != 1 {
			return 0, fmt.Errorf("结论为达标时得分比例应为 1（或留空），而不是 %v；部分得分请选部分达标", *f)
		}
		return 1, nil
	case zwgk.Fail, zwgk.NA:
		if f != nil && *f != 0 {
			return 0, fmt.Errorf("结论为%s时得分比例应为 0（或留空），而不是 %v", o.Chinese(), *f)
		}
		return 0, nil
	case zwgk.Partial:
		if f == nil {
			return 0, errors.New("部分达标须填写得分比例（大于 0、小于 1，如 0.5）")
		}
		if *f <= 0 || *f >= 1 {
			return 0, fmt.Errorf("部分达标的得分比例应大于 0、小于 1，而不是 %v", *f)
		}
		return *f, nil
	}
	return 0, fmt.Errorf("复核结论 %q 无效", o)
}

// Reason trims and checks a reason.
func Reason(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return s, errors.New("复核理由不能为空")
	case !utf8.ValidString(s):
		return s, errors.New("复核理由含有无效字符")
	case utf8.RuneCountInString(s) > MaxReason:
		return s, fmt.Errorf("复核理由不超过 %d 个字", MaxReason)
	}
	for _, r := range s {
		if r < ' ' && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return s, errors.New("复核理由不能包含控制字符")
		}
	}
	return s, nil
}

// Evidence checks an optional evidence link: empty, or an absolute
// http(s) URL with a host, without spaces or control characters.
func Evidence(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return s, nil
	}
	if len(s) > MaxEvidence {
		return s, fmt.Errorf("证据链接不超过 %d 个字符", MaxEvidence)
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return s, errors.New("证据链接不能包含空格或控制字符")
		}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return s, errors.New("证据链接必须是以 http:// 或 https:// 开头的网址")
	}
	return s, nil
}

// Decision is a checked review, without who and when.
type Decision struct {
	Agency    string
	Indicator string
	Outcome   zwgk.Outcome
	Fraction  float64
	Reason    string
	Evidence  string
	Line      int // line in the file it came from, 0 otherwise
}

// Review is the decision as a review of cycleID by by.
func (d Decision) Review(cycleID int64, by string) zwgk.Review {
	return zwgk.Review{CycleID: cycleID, Agency: d.Agency, Indicator: d.Indicator, Outcome: d.Outcome,
		Fraction: d.Fraction, Reason: d.Reason, Evidence: d.Evidence, By: by}
}

// MaxFileBytes bounds a reviews file: 14,000 agencies × a few manual
// indicators with reasons is well under it.
const MaxFileBytes = 32 << 20

// Columns of the file; evidence is optional.
var Columns = []string{"agency", "indicator", "outcome", "fraction", "reason", "evidence"}

// Check says whether a line's agency and indicator can be reviewed
// (enrolled, an indicator of the cycle's framework with a finding); it
// returns the column at fault ("agency" or "indicator") and why, or "".
type Check func(agency, indicator string) (column, msg string)

// ReadCSV reads and checks a reviews file. On any bad line it returns no
// decisions and an *agencies.Error listing every problem by line and
// column; a line repeating an earlier (agency, indicator) is a problem
// too, since which one should win would be a guess.
func ReadCSV(r io.Reader, name string, check Check) ([]Decision, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	fail := func(p ...agencies.Problem) error {
		return &agencies.Error{Problems: p, BadRows: countLines(p)}
	}
	if len(raw) > MaxFileBytes {
		return nil, fail(agencies.Problem{File: name, Msg: fmt.Sprintf("文件超过 %d MB，不是复核清单", MaxFileBytes>>20)})
	}
	text, err := decode(raw)
	if err != nil {
		return nil, fail(agencies.Problem{File: name, Msg: err.Error()})
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fail(agencies.Problem{File: name, Msg: "文件为空，应有表头 " + strings.Join(Columns[:5], ",")})
	}
	if err != nil {
		return nil, fail(agencies.Problem{File: name, Line: 1, Msg: "无法读取表头：" + err.Error()})
	}
	col := map[string]int{}
	var probs []agencies.Problem
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup && h != "" {
			probs = append(probs, agencies.Problem{File: name, Line: 1, Column: h, Msg: "表头重复"})
		}
		col[h] = i
	}
	for _, c := range Columns[:5] {
		if _, ok := col[c]; !ok {
			probs = append(probs, agencies.Problem{File: name, Line: 1, Column: c, Msg: "表头缺少此列（应为 " + strings.Join(Columns[:5], ",") + "[,evidence]）"})
		}
	}
	if len(probs) > 0 {
		return nil, fail(probs...)
	}
	field := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	type key struct{ agency, indicator string }
	seen := map[key]int{}
	var out []Decision
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			probs = append(probs, agencies.Problem{File: name, Line: line, Msg: "CSV 格式错误：" + err.Error()})
			if errors.As(err, &pe) && pe.Err == csv.ErrQuote {
				break // the rest of the file is inside a quote
			}
			continue
		}
		if blank(rec) {
			continue
		}
		bad := func(c, msg string) {
			probs = append(probs, agencies.Problem{File: name, Line: line, Column: c, Msg: msg})
		}
		d := Decision{Agency: field(rec, "agency"), Indicator: field(rec, "indicator"), Line: line}
		switch {
		case d.Agency == "":
			bad("agency", "单位代码不能为空")
		case d.Indicator == "":
			bad("indicator", "指标编号不能为空")
		case check != nil:
			if c, msg := check(d.Agency, d.Indicator); c != "" {
				bad(c, msg)
			}
		}
		if d.Agency != "" && d.Indicator != "" {
			k := key{d.Agency, d.Indicator}
			if first, dup := seen[k]; dup {
				bad("indicator", fmt.Sprintf("与第 %d 行重复（同一单位同一指标只能有一条复核）", first))
			} else {
				seen[k] = line
			}
		}
		o, err := ParseOutcome(field(rec, "outcome"))
		if err != nil {
			bad("outcome", err.Error())
		}
		frac, ferr := ParseFraction(field(rec, "fraction"))
		if ferr != nil {
			bad("fraction", ferr.Error())
		} else if err == nil {
			if d.Fraction, err = Fraction(o, frac); err != nil {
				bad("fraction", err.Error())
			}
		}
		d.Outcome = o
		if d.Reason, err = Reason(field(rec, "reason")); err != nil {
			bad("reason", err.Error())
		}
		if d.Evidence, err = Evidence(field(rec, "evidence")); err != nil {
			bad("evidence", err.Error())
		}
		out = append(out, d)
	}
	if len(probs) > 0 {
		return nil, fail(probs...)
	}
	if len(out) == 0 {
		return nil, fail(agencies.Problem{File: name, Msg: "文件中没有复核记录"})
	}
	return out, nil
}

func countLines(ps []agencies.Problem) int {
	seen := map[int]bool{}
	for _, p := range ps {
		seen[p.Line] = true
	}
	return len(seen)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// decode turns the file into UTF-8 text: a UTF-8 byte-order mark is
// dropped; bytes that are not valid UTF-8 are read as GB18030 (the
// superset of GBK Excel writes for Chinese locales).
func decode(raw []byte) (string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		return "", errors.New("文件既不是 UTF-8 也不是 GBK 编码；请另存为“CSV UTF-8”")
	}
	return string(out), nil
}

// Package requests reads the request-test register (依申请公开测试) a
// bureau keeps in a spreadsheet: one request a row, its answer in the
// same row once it came. Every bad field is named by line and column;
// the good rows are returned beside the problems, so one wrong row does
// not lose the rest.
package requests

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
	"zwgk/agencies"
)

// Columns of the file; agency, channel, sent_on and content are required,
// the answer columns are filled in when the answer comes. Chinese headers
// are read too (单位代码, 渠道, 申请日期, …).
var Columns = []string{"agency", "channel", "sent_on", "received_on", "content", "reference", "assessor",
	"extended_on", "answered_on", "form", "quality", "notes"}

var chineseHeader = map[string]string{
	"单位代码": "agency", "单位": "agency", "渠道": "channel", "申请渠道": "channel", "申请日期": "sent_on", "提交日期": "sent_on",
	"收到日期": "received_on", "签收日期": "received_on", "申请内容": "content", "内容": "content", "编号": "reference",
	"回执号": "reference", "快递单号": "reference", "评估人员": "assessor", "申请人": "assessor", "延期告知日期": "extended_on",
	"答复日期": "answered_on", "答复形式": "form", "答复规范性": "quality", "规范性": "quality", "备注": "notes", "答复备注": "notes",
}

// MaxFileBytes bounds the file.
const MaxFileBytes = 8 << 20

// Row is one good row and its line.
type Row struct {
	Line int
	Test zwgk.RequestTest
}

// ReadCSV reads the file (UTF-8, with or without a BOM, or GBK as Excel
// saves it). It returns the rows that parsed and every problem found;
// checks a store makes (a known agency, a covered year) come after.
func ReadCSV(r io.Reader, name string) ([]Row, []agencies.Problem) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, []agencies.Problem{{File: name, Msg: err.Error()}}
	}
	if len(raw) > MaxFileBytes {
		return nil, []agencies.Problem{{File: name, Msg: fmt.Sprintf("larger than %d MiB", MaxFileBytes>>20)}}
	}
	text, err := decode(raw)
	if err != nil {
		return nil, []agencies.Problem{{File: name, Msg: err.Error()}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, []agencies.Problem{{File: name, Msg: "empty file: want a header " + strings.Join(Columns, ",")}}
	}
	if err != nil {
		return nil, []agencies.Problem{{File: name, Line: 1, Msg: err.Error()}}
	}
	index := map[string]int{}
	var probs []agencies.Problem
	for i, h := range header {
		h = strings.TrimSpace(h)
		if c, ok := chineseHeader[h]; ok {
			h = c
		}
		h = strings.ToLower(h)
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			probs = append(probs, agencies.Problem{File: name, Line: 1, Column: h, Msg: "unknown column (want " + strings.Join(Columns, ", ") + ")"})
			continue
		}
		if _, dup := index[h]; dup {
			probs = append(probs, agencies.Problem{File: name, Line: 1, Column: h, Msg: "column given twice"})
			continue
		}
		index[h] = i
	}
	for _, c := range []string{"agency", "channel", "sent_on", "content"} {
		if _, ok := index[c]; !ok {
			probs = append(probs, agencies.Problem{File: name, Line: 1, Column: c, Msg: "required column missing"})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	var rows []Row
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
			probs = append(probs, agencies.Problem{File: name, Line: line, Msg: err.Error()})
			if errors.As(err, &pe) && pe.Err != csv.ErrFieldCount {
				break // a broken quote ruins the rest of the file
			}
			continue
		}
		if blank(rec) {
			continue
		}
		field := func(c string) string {
			if i, ok := index[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var rowProbs []agencies.Problem
		bad := func(col, format string, a ...any) {
			rowProbs = append(rowProbs, agencies.Problem{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, a...)})
		}
		date := func(col string) zwgk.Date {
			s := strings.ReplaceAll(field(col), "/", "-")
			if s == "" {
				return zwgk.Date{}
			}
			d, err := zwgk.ParseDate(s)
			if err != nil {
				bad(col, "%q is not a date YYYY-MM-DD", field(col))
			}
			return d
		}
		t := zwgk.RequestTest{Agency: field("agency"), Content: field("content"), Reference: field("reference"), Assessor: field("assessor")}
		if t.Agency == "" {
			bad("agency", "required")
		}
		ch, ok := zwgk.ParseChannel(field("channel"))
		if !ok {
			bad("channel", "%q is not a channel (online/在线申请, letter/信函, email, fax, in_person, phone)", field("channel"))
		}
		t.Channel = ch
		if t.SentOn = date("sent_on"); field("sent_on") == "" {
			bad("sent_on", "required")
		}
		t.ReceivedOn, t.ExtendedOn = date("received_on"), date("extended_on")
		if t.Content == "" {
			bad("content", "required: what information was requested")
		}
		if on := date("answered_on"); !on.IsZero() {
			form, ok := zwgk.ParseReplyForm(field("form"))
			if !ok {
				bad("form", "%q is not a reply form (予以公开, 部分公开, 已主动公开, 不予公开, 信息不存在, 非本机关负责公开, 不予处理, 其他告知)", field("form"))
			}
			q, ok := zwgk.ParseQuality(field("quality"))
			if !ok {
				bad("quality", "%q is not a rating (规范/good, 基本规范/fair, 不规范/poor, or empty)", field("quality"))
			}
			t.Answer = &zwgk.RequestAnswer{On: on, Form: form, Quality: q, Notes: field("notes")}
		} else if field("form") != "" || field("quality") != "" {
			bad("answered_on", "a reply form or rating without the date of the answer")
		}
		if len(rowProbs) > 0 {
			probs = append(probs, rowProbs...)
			continue
		}
		rows = append(rows, Row{Line: line, Test: t})
	}
	return rows, probs
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

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

// Same reports whether two logged requests are the same request (a
// spreadsheet imported again with answers filled in): same agency, day
// sent and content.
func Same(a, b zwgk.RequestTest) bool {
	return a.Agency == b.Agency && a.SentOn == b.SentOn && strings.Join(strings.Fields(a.Content), " ") == strings.Join(strings.Fields(b.Content), " ")
}

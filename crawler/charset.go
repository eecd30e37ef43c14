package crawler

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// decode turns a raw body into UTF-8 text. The charset comes from the
// Content-Type header, then from <meta> (colly ignores it), then from the
// content itself: valid UTF-8 stays UTF-8 and anything else is read as
// GB18030 (a superset of GBK and GB2312), since a Chinese government page
// without a declared charset is GBK far more often than Latin-1 — which is
// what charset.DetermineEncoding would otherwise guess, as colly's detector
// does for short GBK pages. known is the charset name to record; decoding
// a stored body with known gives the same text again.
func decode(body []byte, contentType, known string) (text, name string) {
	if known != "" {
		if e := lookup(known); e != nil {
			return convert(body, e), known
		}
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs := strings.ToLower(strings.TrimSpace(params["charset"])); cs != "" {
			if e := lookup(cs); e != nil {
				return convert(body, e), cs
			}
		}
	}
	// DetermineEncoding reports a <meta> charset as "not certain"; its
	// fallbacks are utf-8 (valid UTF-8) and windows-1252 (anything else).
	if e, n, _ := charset.DetermineEncoding(body, "text/html"); n != "windows-1252" && n != "utf-8" && n != "" {
		if n == "gbk" || n == "gb2312" || n == "gb18030" {
			e = simplifiedchinese.GB18030
		}
		return convert(body, e), n
	}
	if utf8.Valid(body) {
		return string(body), "utf-8"
	}
	return convert(body, simplifiedchinese.GB18030), "gb18030"
}

func lookup(name string) encoding.Encoding {
	switch strings.ToLower(name) {
	case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn":
		return simplifiedchinese.GB18030
	case "utf-8", "utf8":
		return encoding.Nop
	}
	e, err := htmlindex.Get(name)
	if err != nil {
		return nil
	}
	return e
}

func convert(body []byte, e encoding.Encoding) string {
	if e == encoding.Nop {
		return string(body)
	}
	out, _, err := transform.Bytes(e.NewDecoder(), bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if err != nil {
		return string(body)
	}
	return string(out)
}

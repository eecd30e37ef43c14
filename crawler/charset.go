package crawler

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
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
	src := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	// Sized for GBK's two bytes a character becoming UTF-8's three at
	// once, not grown from the body's size as transform.Bytes does (each
	// page's copies were a tenth of what reading it allocated).
	dst := make([]byte, len(src)+len(src)/2+16)
	dec := e.NewDecoder()
	n := 0
	for {
		nDst, nSrc, err := dec.Transform(dst[n:], src, true)
		n, src = n+nDst, src[nSrc:]
		if err == nil {
			return string(dst[:n])
		}
		if !errors.Is(err, transform.ErrShortDst) {
			return string(body)
		}
		dst = append(dst, make([]byte, len(dst))...)
	}
}

// binaryAsHTML reports a body served as HTML (or with no type) that is
// binary: an image, an archive, a PDF, noise. kind is what it sniffs as.
// A body served as something else is not HTML and not pretending to be.
func binaryAsHTML(body []byte, contentType string) (kind string, bad bool) {
	switch declared(contentType) {
	case "text/html", "application/xhtml+xml", "(no content type)":
	default:
		return "", false
	}
	if len(body) == 0 {
		return "", false
	}
	sniff := http.DetectContentType(body)
	if strings.HasPrefix(sniff, "text/") {
		return "", false
	}
	if mt, _, err := mime.ParseMediaType(sniff); err == nil {
		sniff = mt
	}
	return sniff, true
}

// declared is the media type of a Content-Type header.
func declared(contentType string) string {
	if strings.TrimSpace(contentType) == "" {
		return "(no content type)"
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(contentType))
	}
	return mt
}

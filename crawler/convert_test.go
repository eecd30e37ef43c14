package crawler

import (
	"bytes"
	"math/rand"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// TestConvertMatchesTransform checks convert against transform.Bytes,
// which it replaced, on random bytes in GBK, Big5 and a stateful
// encoding (ISO-2022-JP) — invalid bytes each become a three-byte
// U+FFFD, so bodies of them outgrow the first buffer and take the
// growing path.
func TestConvertMatchesTransform(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	for _, e := range []encoding.Encoding{simplifiedchinese.GB18030, simplifiedchinese.GBK, traditionalchinese.Big5, japanese.ISO2022JP} {
		for i := 0; i < 3000; i++ {
			body := make([]byte, r.Intn(300))
			for k := range body {
				switch r.Intn(4) {
				case 0:
					body[k] = byte(r.Intn(128))
				default:
					body[k] = byte(0x80 + r.Intn(128))
				}
			}
			if i%7 == 0 {
				body = append([]byte("\xef\xbb\xbf"), body...)
			}
			var want string
			if out, _, err := transform.Bytes(e.NewDecoder(), bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))); err != nil {
				want = string(body)
			} else {
				want = string(out)
			}
			if got := convert(body, e); got != want {
				t.Fatalf("%v: convert(%q) = %q, transform.Bytes gives %q", e, body, got, want)
			}
		}
	}
}

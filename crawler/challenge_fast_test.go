package crawler

import (
	"bytes"
	"math/rand"
	"testing"
)

// referenceIsChallenge is isChallenge before its pre-filters.
func referenceIsChallenge(status int, body []byte) bool {
	switch status {
	case 200, 202, 403, 412, 429, 503, 521:
	default:
		return false
	}
	if len(body) == 0 || len(body) > 256<<10 {
		return false
	}
	low := bytes.ToLower(body)
	if !bytes.Contains(low, []byte("<script")) {
		return false
	}
	rs := bytes.Contains(body, []byte("$_ts"))
	setsCookie := bytes.Contains(low, []byte("document.cookie")) || rs
	reloads := rs
	for _, m := range []string{"location.reload", "location.href", "location.replace", "location.assign", "window.location", "location=", "location =", "document.location"} {
		reloads = reloads || bytes.Contains(low, []byte(m))
	}
	if !setsCookie || !reloads {
		return false
	}
	return bytes.Count(low, []byte("<a ")) < 3 && visibleLen(low) < 400
}

// TestIsChallengeMatchesReference: the pre-filters change no answer,
// including for the two runes whose lower case is ASCII (İ, K).
func TestIsChallengeMatchesReference(t *testing.T) {
	pieces := []string{"<script>", "<SCRIPT>", "<scr\u0130pt>", "<ScRiPt ", "</script>", "document.cookie='a=1';", "DOCUMENT.COO\u212aIE=",
		"document.cookie", "$_ts=1;", "location.reload()", "Location.Href='/';", "window.location", "<a href=/>x</a>", "<A HREF=/>",
		"正文内容", "text ", "<p>", "\x1cscript", "\xff", "<style>p{}</style>"}
	r := rand.New(rand.NewSource(3))
	yes := 0
	for i := 0; i < 30000; i++ {
		var b bytes.Buffer
		for k := r.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		body := b.Bytes()
		want := referenceIsChallenge(200, body)
		if got := isChallenge(200, body); got != want {
			t.Fatalf("isChallenge(%q) = %v, reference %v", body, got, want)
		}
		if want {
			yes++
		}
	}
	if yes < 100 {
		t.Fatalf("only %d challenges among the random bodies: the test does not exercise the slow path", yes)
	}
}

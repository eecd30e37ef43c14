package extract

import (
	"math/rand"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// scriptPieces are what reFeed's alternatives are made of, and what
// sits beside them in real scripts, so random scripts cross every edge.
var scriptPieces = []string{"fetch", "getJSON", ".get", ".ajax", "open", "url", ".json", "/api/", "(", ")", "'", `"`,
	" ", "\t", "\n", ":", ",", "GET", "?", "x", "/a", "http:", "https:", "//h", "fetc", "ur", ".js", "ajax", "a.json",
	"$", "data", "=", "{", "}", "\\", "你好", ";", `fetch("`, `url: '`, `'/api/x'`, `"b.json?p=1"`, `open("GET",`}

func randomScripts(n int) []string {
	r := rand.New(rand.NewSource(4))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := r.Intn(30); k >= 0; k-- {
			b.WriteString(scriptPieces[r.Intn(len(scriptPieces))])
		}
		out[i] = b.String()
	}
	return append(out, `$.ajax({url: "/gkmlpt/api/all/123?page=1", type: "GET"})`, `fetch('data/list.json').then(r=>r.json())`,
		`var api = "https://x.gov.cn/api/v1/list"; xhr.open("GET", api);`, `xhr.open('GET' , 'a.json?x=1')`, `"a.json""b.json"`)
}

// corpusScripts are the inline scripts of the real-site corpus.
func corpusScripts(t *testing.T) []string {
	var out []string
	err := filepath.Walk("../testdata/realsites", func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")) {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pg, err := Parse(string(body), nil, Options{Resolve: func(_ *url.URL, s string) (string, bool) { return s, true }})
		if err == nil {
			out = append(out, pg.Scripts...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFeedMatchesExpression checks that trying reFeed only where it can
// start finds what the expression finds over the whole script.
func TestFeedMatchesExpression(t *testing.T) {
	scripts := append(randomScripts(30000), corpusScripts(t)...)
	found := 0
	for _, s := range scripts {
		got, want := feedMatches(s), reFeed.FindAllStringSubmatch(s, -1)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("feedMatches(%q) = %q, reFeed finds %q", s, got, want)
		}
		found += len(want)
	}
	if found < 1000 {
		t.Fatalf("only %d matches in all the scripts: the test does not exercise the expression", found)
	}
}

// TestDatastoreCountsFromFirstWord checks that the per-page and total
// expressions, run from where their words first stand, read what they
// read over the whole page.
func TestDatastoreCountsFromFirstWord(t *testing.T) {
	pieces := []string{"per", "page", "_", "Per", "PAGE", "perPage", "per_page", "total", "record", "Total", "_record",
		"totalRecord", "'", `"`, ":", "=", ">", " ", "15", "3", "p", "P", "t", "<", "x"}
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		for k := r.Intn(20); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		for _, c := range []struct {
			words []string
			want  []string
		}{
			{[]string{"perpage", "per_page"}, rePerPage.FindStringSubmatch(s)},
			{[]string{"totalrecord", "total_record"}, reTotal.FindStringSubmatch(s)},
		} {
			var got []string
			if i := indexWordFold(s, c.words...); i >= 0 {
				if c.words[0] == "perpage" {
					got = rePerPage.FindStringSubmatch(s[i:])
				} else {
					got = reTotal.FindStringSubmatch(s[i:])
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("%q from %v: %q, over the whole text %q", s, c.words, got, c.want)
			}
		}
	}
}

// TestPartsMatchContains checks the one-pass word search against a
// Contains per word, on class names built of the words' pieces.
func TestPartsMatchContains(t *testing.T) {
	words := []string{"nav", "menu", "header", "footer", "crumb", "bread", "pagination", "pager", "pagebar", "page-bar", "banner", "toolbar", "friend"}
	p := newParts(words...)
	pieces := []string{"na", "v", "nav", "me", "nu", "head", "er", "foot", "crumb", "brea", "d", "pag", "ination", "page", "r", "-", "bar",
		"ban", "ner", "tool", "friend", " ", "_", "x", "list", "新闻"}
	r := rand.New(rand.NewSource(7))
	hits := 0
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for k := r.Intn(6); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		want := false
		for _, w := range words {
			want = want || strings.Contains(s, w)
		}
		if got := p.in(s); got != want {
			t.Fatalf("parts.in(%q) = %v, Contains says %v", s, got, want)
		}
		if want {
			hits++
		}
	}
	if hits < 5000 {
		t.Fatalf("only %d of the names held a word", hits)
	}
}

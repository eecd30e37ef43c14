package extract

import (
	"math/rand"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// refDatastoreRows is datastoreRows as it was before records were
// parsed together: one parse per record (the records found as there).
func (w *walker) refDatastoreRows(raw string) {
	box := &html.Node{Type: html.ElementNode, DataAtom: atom.Ul, Data: "datastore"}
	n := 0
	for rest := raw; n < maxRecords; {
		frag, after, ok := nextRecord(rest)
		if !ok {
			break
		}
		rest = after
		for _, r := range w.fragmentRows(frag, box) {
			w.p.Rows = append(w.p.Rows, r)
			n++
		}
	}
}

type plainRow struct {
	Title, URL string
	Date       string
	Source     string
	Script     bool
}

func datastoreRowsOf(raw string, ref bool) []plainRow {
	base, _ := url.Parse("http://www.example.gov.cn/col/col1/index.html")
	w := &walker{p: &Page{}, base: base, o: Options{Resolve: resolve, Intern: func(s string) string { return s }}}
	if ref {
		w.refDatastoreRows(raw)
	} else {
		w.datastoreRows(raw)
	}
	var out []plainRow
	for _, r := range w.p.Rows {
		out = append(out, plainRow{r.Title, r.URL, r.Date.String(), string(r.DateSource), r.Script})
	}
	return out
}

// recordPieces make records that are simple lines and records that
// only look like them: unclosed and misnested elements, links in links,
// quotes out of place, comments, tables, second lines, stray "<".
var recordPieces = []string{"<li>", "</li>", "<LI class=\"x\">", "<a href=\"t20261112_1.html\" title=\"通知\">", "<a href='./a.html'>",
	"<a href=b.html>", "</a>", "</A>", "<span>", "</span>", "<span class=\"date\">2026-11-12</span>", "[11-12]", "2026年11月12日",
	"<font color=red>", "</font>", "<b>", "</b>", "<em>", "</em>", "<br>", "<br/>", "<img src=\"x.png\">", "<p>", "</p>",
	"<div>", "</div>", "<tr><td>", "</td></tr>", "<table>", "<!-- c -->", "<!-->", "关于印发", "通知", " ", "\n", "<", ">", "\"",
	"'", "title=x\"y", "<a title=\"a>b\" href=\"c.html\">", "&amp;", "&lt;li&gt;", "<script>", "</script>", "<i>", "</i>"}

func randomRecords(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString("<script type=\"text/xml\"><datastore><recordset>\n")
	for k := r.Intn(12); k >= 0; k-- {
		var rec strings.Builder
		switch r.Intn(3) {
		case 0: // a well-formed line
			rec.WriteString(`<li><a href="t2026111` + string(rune('0'+r.Intn(10))) + `_1.html" title="关于印发的通知">关于印发的通知</a><span>2026-11-1` + string(rune('0'+r.Intn(10))) + `</span></li>`)
		default:
			for p := r.Intn(10); p >= 0; p-- {
				rec.WriteString(recordPieces[r.Intn(len(recordPieces))])
			}
		}
		b.WriteString("<record><![CDATA[" + rec.String() + "]]></record>\n")
	}
	b.WriteString("</recordset></datastore></script>")
	return b.String()
}

// TestDatastoreBatchMatchesOneByOne checks that parsing the simple
// records together reads the same rows, in the same order, as parsing
// every record alone — on random records of every kind and on the
// datastore pages of the real-site corpus.
func TestDatastoreBatchMatchesOneByOne(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	pages := []string{}
	for i := 0; i < 20000; i++ {
		pages = append(pages, randomRecords(r))
	}
	filepath.Walk("../testdata/realsites", func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			if body, err := os.ReadFile(p); err == nil && strings.Contains(string(body), "<record") {
				pages = append(pages, string(body))
			}
		}
		return nil
	})
	simple, rows := 0, 0
	for _, raw := range pages {
		got, want := datastoreRowsOf(raw, false), datastoreRowsOf(raw, true)
		if len(got) != len(want) {
			t.Fatalf("%q:\nbatched %d rows %v\none by one %d rows %v", raw, len(got), got, len(want), want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: row %d batched %+v, one by one %+v", raw, i, got[i], want[i])
			}
		}
		rows += len(want)
		for rest := raw; ; {
			i := strings.Index(rest, "<![CDATA[")
			if i < 0 {
				break
			}
			rest = rest[i+9:]
			if e := strings.Index(rest, "]]>"); e >= 0 && simpleRecord(rest[:e]) {
				simple++
			}
		}
	}
	if simple < 10000 || rows < 10000 {
		t.Fatalf("%d simple records, %d rows: the test does not exercise the batch", simple, rows)
	}
}

func TestSimpleRecord(t *testing.T) {
	for _, c := range []struct {
		frag string
		want bool
	}{
		{`<li><a href="a.html" title="t">t</a><span>2026-11-12</span></li>`, true},
		{"  \n<LI><A HREF=a.html>t</A> [11-12]</LI>\n ", true},
		{`<li><a href="a.html">t</a></li><li><a href="b.html">u</a></li>`, false}, // two lines
		{`<li><a href="a.html">t</li>`, false},                                    // unclosed link
		{`<li><a href="a.html"><a href="b.html">t</a></a></li>`, false},           // link in a link
		{`<li><b><a href="a.html">t</b></a></li>`, false},                         // misnested
		{`<li><a title=x"y href="a.html">t</a></li>`, false},                      // quote in an unquoted value
		{`<li><a title="a>b" href="a.html">t</a></li>`, true},                     // > in a quoted value
		{`<li><!-- c --><a href="a.html">t</a></li>`, false},
		{`<tr><td><a href="a.html">t</a></td></tr>`, false},
		{`<li><a href="a.html">t</a></li>tail`, false},
		{`<li><a href="a.html">1 < 2</a></li>`, false},
		{`<li><br/><a href="a.html">t</a></li>`, false},
		{`<li><img src="x.png"><a href="a.html">t</a><br></li>`, true},
	} {
		if got := simpleRecord(c.frag); got != c.want {
			t.Errorf("simpleRecord(%q) = %v, want %v", c.frag, got, c.want)
		}
	}
}

package extract

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"zwgk"
	"zwgk/crawler/dates"
)

// Bounds on what a page's scripts may make us parse.
const (
	maxRecords    = 2000 // datastore records read from one page
	maxArrays     = 16   // JSON arrays tried per page
	maxArrayBytes = 4 << 20
)

// scriptRows reads the lines a page holds for its scripts to show: the
// records of a Hanweb JCMS datastore (<script type="text/xml"><datastore>
// <record><![CDATA[<li>…</li>]]></record>, and the same XML as a
// dataproxy.jsp answer), JSON arrays of items in a script's data, and
// lines written by document.write. A person with a browser sees them.
func (w *walker) scriptRows(raw string) {
	if strings.Contains(raw, "<datastore") || strings.Contains(raw, "<DATASTORE") {
		w.datastoreRows(raw)
	}
	arrays := 0
	for _, sc := range w.p.Scripts {
		if arrays < maxArrays && strings.Contains(sc, `[{"`) {
			arrays += w.jsonRows(sc, maxArrays-arrays)
		}
		if strings.Contains(sc, "document.write") && strings.Contains(sc, "href") {
			w.writtenRows(sc)
		}
	}
}

// datastoreRows reads every <record><![CDATA[…]]></record> of the page.
func (w *walker) datastoreRows(raw string) {
	box := &html.Node{Type: html.ElementNode, DataAtom: atom.Ul, Data: "datastore"}
	n := 0
	// Records that are one well-formed line each (simpleRecord: nearly
	// all) are parsed together, one parser for the lot instead of one
	// each: a line that closes everything it opens leaves the parser as
	// it found it, so together they read as they read apart, a row at
	// most each. Any other record is parsed alone, in its place.
	var batch []string
	flush := func() {
		if len(batch) == 0 {
			return
		}
		rows := w.fragmentRows(strings.Join(batch, ""), box)
		if len(rows) > maxRecords-n {
			rows = rows[:maxRecords-n]
		}
		w.p.Rows = append(w.p.Rows, rows...)
		n += len(rows)
		batch = batch[:0]
	}
	for rest := raw; n+len(batch) < maxRecords; {
		frag, after, ok := nextRecord(rest)
		if !ok {
			break
		}
		rest = after
		if simpleRecord(frag) {
			batch = append(batch, frag)
			if n+len(batch) >= maxRecords {
				flush()
			}
			continue
		}
		flush()
		for _, r := range w.fragmentRows(frag, box) {
			w.p.Rows = append(w.p.Rows, r)
			n++
		}
	}
	flush()
	if n > 0 {
		w.datastore = true
		w.datastoreNext(raw, n)
	}
}

// nextRecord is the HTML of the first <record> of rest (its CDATA, else
// what follows the tag) and the text after it; ok is false when rest
// holds no whole record.
func nextRecord(rest string) (frag, after string, ok bool) {
	i := strings.Index(rest, "<record")
	if i < 0 {
		return "", "", false
	}
	rest = rest[i:]
	end := strings.Index(rest, "</record>")
	if end < 0 {
		return "", "", false
	}
	rec := rest[:end]
	frag = rec
	if c := strings.Index(rec, "<![CDATA["); c >= 0 {
		frag = rec[c+len("<![CDATA["):]
		if e := strings.LastIndex(frag, "]]>"); e >= 0 {
			frag = frag[:e]
		}
	} else if gt := strings.IndexByte(rec, '>'); gt >= 0 {
		frag = rec[gt+1:]
	}
	return frag, rest[end:], true
}

// simpleRecord reports a datastore record that is one list line and
// nothing else, closing every element it opens, in order: <li>, then
// text and the inline elements of a line (a, span, font, em,
// b, i, strong, small, time; img and br), no link in a link, then </li>
// and at most white space. Anything else — another tag, a comment, a
// stray "<", a quote outside a quoted value, an unclosed or misnested
// element, a second line — is not simple, and is parsed alone.
func simpleRecord(frag string) bool {
	s := strings.TrimLeft(frag, " \t\r\n\f")
	if len(s) < 4 || !strings.EqualFold(s[:3], "<li") || (s[3] != '>' && !isTagSpace(s[3])) {
		return false
	}
	var stack []string
	for i := 0; i < len(s); {
		if s[i] == 0 {
			return false
		}
		if s[i] != '<' {
			if len(stack) == 0 && !isTagSpace(s[i]) {
				return false // text after the line
			}
			i++
			continue
		}
		end := i+1 < len(s) && s[i+1] == '/'
		j := i + 1
		if end {
			j++
		}
		k := j
		for k < len(s) && ('a' <= s[k]|0x20 && s[k]|0x20 <= 'z' || '0' <= s[k] && s[k] <= '9') {
			k++
		}
		if k == j {
			return false // "<" not opening a tag
		}
		name := strings.ToLower(s[j:k])
		gt, ok := tagEnd(s, k)
		if !ok {
			return false
		}
		if end {
			if gt != k || len(stack) == 0 || stack[len(stack)-1] != name {
				return false
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				// The line is closed: only white space may follow.
				return strings.TrimLeft(s[gt+1:], " \t\r\n\f") == ""
			}
			i = gt + 1
			continue
		}
		if s[gt-1] == '/' && gt > k {
			return false // self-closing syntax: leave it to the parser
		}
		switch name {
		case "li":
			if len(stack) > 0 {
				return false
			}
		case "a":
			for _, open := range stack {
				if open == "a" {
					return false
				}
			}
		case "span", "font", "em", "b", "i", "strong", "small", "time":
		case "img", "br":
			if len(stack) == 0 {
				return false
			}
			i = gt + 1
			continue // void: nothing to close
		default:
			return false
		}
		if len(stack) == 0 && name != "li" {
			return false
		}
		stack = append(stack, name)
		i = gt + 1
	}
	return false // the line was never closed
}

// tagEnd is the offset of the ">" closing a tag whose name ends at k,
// past its attributes and their quoted values; ok is false for a tag
// that does not close or holds a "<".
func tagEnd(s string, k int) (int, bool) {
	afterEq := false // a value may open with a quote only right after =
	for i := k; i < len(s); i++ {
		switch c := s[i]; c {
		case '>':
			return i, true
		case '<', '`':
			return 0, false
		case '=':
			afterEq = true
			continue
		case '"', '\'':
			if !afterEq {
				return 0, false
			}
			e := strings.IndexByte(s[i+1:], c)
			if e < 0 {
				return 0, false
			}
			i += 1 + e
		default:
			if isTagSpace(c) {
				continue // white space keeps an = waiting for its value
			}
		}
		afterEq = false
	}
	return 0, false
}

func isTagSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
}

// fragmentRows reads the list lines of an HTML fragment.
func (w *walker) fragmentRows(frag string, box *html.Node) []Row {
	ctx := &html.Node{Type: html.ElementNode, DataAtom: atom.Ul, Data: "ul"}
	nodes, err := html.ParseFragment(strings.NewReader(frag), ctx)
	if err != nil {
		return nil
	}
	var out []Row
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Li, atom.Tr, atom.Dt, atom.Dd, atom.P, atom.Div:
				if r, ok := readRow(n, w.base, w.o.Resolve); ok {
					r.box, r.Script = box, true
					r.URL, r.Title = w.o.Intern(r.URL), w.o.Intern(r.Title)
					out = append(out, r)
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	for _, n := range nodes {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			// A record that is a bare link: the record is the line.
			wrap := &html.Node{Type: html.ElementNode, DataAtom: atom.Li, Data: "li"}
			for _, m := range nodes {
				m.Parent, m.PrevSibling, m.NextSibling = nil, nil, nil
				wrap.AppendChild(m)
			}
			nodes = []*html.Node{wrap}
			break
		}
	}
	for _, n := range nodes {
		f(n)
	}
	return out
}

// jsonRows reads JSON arrays of items written into a script
// (var listData = {articleList: [{"title":…,"pubDate":…,"urls":…}]}).
// It returns how many arrays it tried.
func (w *walker) jsonRows(sc string, budget int) int {
	tried := 0
	for off := 0; tried < budget; {
		i := strings.Index(sc[off:], `[{"`)
		if i < 0 {
			break
		}
		start := off + i
		tried++ // every attempt counts: a hostile script may hold many
		end := matchBracket(sc[:min(len(sc), start+maxArrayBytes)], start)
		if end < 0 {
			off = start + 3
			continue
		}
		off = end + 1
		var arr []any
		if json.Unmarshal([]byte(sc[start:end+1]), &arr) != nil {
			continue
		}
		rows := objectRows(arr, w.base, w.o.Resolve)
		if len(rows) < 2 {
			continue
		}
		box := &html.Node{Type: html.ElementNode, DataAtom: atom.Ul, Data: "json"} // each array a list of its own
		for _, r := range rows {
			r.box, r.Script = box, true
			r.URL, r.Title = w.o.Intern(r.URL), w.o.Intern(r.Title)
			w.p.Rows = append(w.p.Rows, r)
		}
	}
	return tried
}

// matchBracket is the index of the ] closing the [ at start, skipping
// strings; -1 when unbalanced.
func matchBracket(s string, start int) int {
	depth, inStr, esc := 0, byte(0), false
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == inStr:
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// writtenRows reads the lines a script writes with document.write out of
// string literals in the page (the data is in the page).
func (w *walker) writtenRows(sc string) {
	var sb strings.Builder
	for off, calls := 0, 0; calls < maxArrays*8 && sb.Len() < maxArrayBytes; calls++ {
		i := strings.Index(sc[off:], "document.write")
		if i < 0 {
			break
		}
		off += i + len("document.write")
		j := strings.IndexByte(sc[off:], '(')
		if j < 0 {
			break
		}
		open := off + j
		end := matchParen(sc[:min(len(sc), open+maxArrayBytes)], open)
		if end < 0 {
			break
		}
		for _, lit := range literals(sc[open+1 : end]) {
			sb.WriteString(lit)
		}
		off = end + 1
	}
	frag := sb.String()
	if !strings.Contains(frag, "<a") || !strings.Contains(frag, "href") {
		return
	}
	box := &html.Node{Type: html.ElementNode, DataAtom: atom.Ul, Data: "written"}
	for _, r := range w.fragmentRows(frag, box) {
		if !r.Date.IsZero() {
			w.p.Rows = append(w.p.Rows, r)
		}
	}
}

func matchParen(s string, open int) int {
	depth, inStr, esc := 0, byte(0), false
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == inStr:
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// literals are the quoted strings of a JavaScript expression, unescaped.
func literals(expr string) []string {
	var out []string
	for i := 0; i < len(expr); i++ {
		q := expr[i]
		if q != '"' && q != '\'' {
			continue
		}
		var sb strings.Builder
		j := i + 1
		for ; j < len(expr) && expr[j] != q; j++ {
			if expr[j] == '\\' && j+1 < len(expr) {
				j++
			}
			sb.WriteByte(expr[j])
		}
		out = append(out, sb.String())
		i = j
	}
	return out
}

// Field names of list items in JSON.
var (
	titleKeys = []string{"title", "doctitle", "bt", "subject", "name", "showTitle"}
	urlKeys   = []string{"url", "link", "href", "docpuburl", "pcUrl", "urls", "path"}
	dateKeys  = []string{"date", "pubdate", "pub_date", "publishtime", "publish_time", "time", "fbrq", "docreltime", "created", "releasedate", "fbsj"}
)

// objectRows reads an array of item objects: each needs a title and a
// link; the date is optional.
func objectRows(arr []any, base *url.URL, resolve func(*url.URL, string) (string, bool)) []Row {
	var rows []Row
	for _, e := range arr {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil
		}
		title := stripTags(pick(obj, titleKeys...))
		href := linkOf(pick(obj, urlKeys...))
		if title == "" || href == "" {
			continue
		}
		u, ok := resolve(base, href)
		if !ok {
			continue
		}
		d, _ := dates.Parse(pick(obj, dateKeys...))
		r := Row{Title: title, URL: u, Date: d}
		if !d.IsZero() {
			r.DateSource = zwgk.DateList
		}
		rows = append(rows, r)
	}
	return rows
}

// linkOf reads a link field that may itself hold JSON ({"pc":"/a.html"}).
func linkOf(v string) string {
	if !strings.HasPrefix(v, "{") {
		return v
	}
	var m map[string]any
	if json.Unmarshal([]byte(v), &m) != nil {
		return ""
	}
	return pick(m, "pc", "url", "href", "link")
}

func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return strings.TrimSpace(s)
	}
	var sb strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			sb.WriteRune(r)
		}
	}
	return strings.TrimSpace(sb.String())
}

func pick(obj map[string]any, keys ...string) string {
	for _, k := range keys {
		for ok, v := range obj {
			if strings.EqualFold(ok, k) {
				switch x := v.(type) {
				case string:
					return strings.TrimSpace(x)
				case float64:
					return strconv.FormatFloat(x, 'f', -1, 64)
				}
			}
		}
	}
	return ""
}

// ParseFeed reads a JSON list endpoint (a gkmlpt-like platform's API, a
// CMS's list service): the first array of item objects, anywhere in the
// document; an empty array is an empty list. ok is false for a body that
// is not JSON or holds no such array. resolveURL may be nil.
func ParseFeed(body []byte, base *url.URL, resolveURL func(*url.URL, string) (string, bool)) ([]Row, bool) {
	if resolveURL == nil {
		resolveURL = resolve
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, false
	}
	var found []Row
	ok := false
	var walk func(any, int)
	walk = func(v any, depth int) {
		if ok || depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			objects := len(x) > 0
			for _, e := range x {
				if _, isObj := e.(map[string]any); !isObj {
					objects = false
				}
			}
			if objects {
				if rows := objectRows(x, base, resolveURL); len(rows) > 0 {
					found, ok = rows, true
					return
				}
			}
			if len(x) == 0 && depth > 0 {
				ok = true
				return
			}
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(x[k], depth+1)
			}
		}
	}
	walk(v, 0)
	return found, ok
}

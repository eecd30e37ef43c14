package sitefarm

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"zwgk/indicators"
)

// pagesOf lists the paths of a site worth hashing: fixed pages, every list
// page and feed, and the first items of every column.
func pagesOf(s *Site, itemsPerColumn int) []string {
	paths := []string{"/", "/robots.txt", "/zwgk/", "/bsfw/", "/hdjl/", "/wzdt/"}
	for _, c := range s.Columns {
		for n := 0; n < c.listPages(); n++ {
			paths = append(paths, "/"+c.Spec.Slug+"/"+pageName(n))
		}
		if c.Script {
			paths = append(paths, "/"+c.Spec.Slug+"/list.js")
		}
		if c.JSON {
			paths = append(paths, "/"+c.Spec.Slug+"/list.json")
		}
		for i, it := range c.Items() {
			if i >= itemsPerColumn {
				break
			}
			paths = append(paths, it.path(c, c.shownDate(it)))
			for _, a := range it.Attachments {
				paths = append(paths, a.URL)
			}
		}
	}
	return paths
}

func farmHash(t *testing.T, f *Farm, itemsPerColumn int) ([]byte, map[int][32]byte) {
	t.Helper()
	h := sha256.New()
	perSite := map[int][32]byte{}
	for _, s := range f.Sites {
		sh := sha256.New()
		for _, p := range pagesOf(s, itemsPerColumn) {
			pg := s.Render(p)
			if pg.Status != 200 {
				t.Fatalf("site %d %s: status %d", s.Index, p, pg.Status)
			}
			sh.Write([]byte(p))
			sh.Write(pg.Body)
		}
		var sum [32]byte
		copy(sum[:], sh.Sum(nil))
		perSite[s.Index] = sum
		h.Write(sum[:])
	}
	var m bytes.Buffer
	if err := f.WriteManifest(&m); err != nil {
		t.Fatal(err)
	}
	h.Write(m.Bytes())
	return h.Sum(nil), perSite
}

func TestDeterminism(t *testing.T) {
	cfg := Config{Sites: 60, Seed: 42, Defects: true}
	a, perA := farmHash(t, Generate(cfg), 1000)
	b, _ := farmHash(t, Generate(cfg), 1000)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different pages or manifest")
	}
	// Site k is the same whatever the farm size.
	_, perSmall := farmHash(t, Generate(Config{Sites: 17, Seed: 42, Defects: true}), 1000)
	_ = perSmall
	for k, sum := range perSmall {
		if perA[k] != sum {
			t.Errorf("site %d differs between a farm of 17 and one of 60", k)
		}
	}
	c, _ := farmHash(t, Generate(Config{Sites: 60, Seed: 43, Defects: true}), 1)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same farm")
	}
}

func TestDefectCoverage(t *testing.T) {
	f := Generate(Config{Sites: MinSitesForAllDefects, Seed: 7, Defects: true})
	var m bytes.Buffer
	if err := f.WriteManifest(&m); err != nil {
		t.Fatal(err)
	}
	for _, k := range DefectKinds {
		if !bytes.Contains(m.Bytes(), []byte(`"kind":"`+k+`"`)) {
			t.Errorf("defect %s missing from a default farm of %d sites (manifest)", k, MinSitesForAllDefects)
		}
	}
	styles := map[string]bool{}
	for _, s := range f.Sites {
		st := s.Style
		styles["charset:"+st.Charset] = true
		styles["list:"+st.ListDate] = true
		styles["page:"+st.PageDate] = true
		styles["pagination:"+st.Pagination] = true
		if st.Traditional {
			styles["traditional"] = true
		}
		if st.Hub {
			styles["hub"] = true
		}
		if st.Meta {
			styles["meta"] = true
		}
		for _, c := range s.Columns {
			if c.JSON {
				styles["json"] = true
			}
		}
	}
	for _, want := range []string{"charset:gbk", "charset:utf-8", "traditional", "hub", "meta", "json", "list:md", "list:cnnum",
		"list:iso", "list:cn", "page:cnnum", "pagination:script", "pagination:links"} {
		if !styles[want] {
			t.Errorf("style %s missing from a default farm of %d sites", want, MinSitesForAllDefects)
		}
	}
	// Without defects every site is good.
	for _, s := range Generate(Config{Sites: 30, Seed: 7}).Sites {
		if s.Profile != ProfileGood || len(s.Defects) > 0 {
			t.Errorf("site %d: profile %s with %d defects in a farm without defects", s.Index, s.Profile, len(s.Defects))
		}
	}
}

func TestAgenciesValid(t *testing.T) {
	f := Generate(Config{Sites: 14000, Seed: 1})
	codes := map[string]bool{}
	levels := map[string]int{}
	for _, s := range f.Sites {
		a := s.Agency
		if errs := a.Validate(); len(errs) > 0 {
			t.Fatalf("site %d: %v", s.Index, errs)
		}
		if codes[a.Code] {
			t.Fatalf("site %d: duplicate code %s", s.Index, a.Code)
		}
		codes[a.Code] = true
		levels[string(a.Level)]++
	}
	for _, s := range f.Sites {
		if p := s.Agency.Parent; p != "" && !codes[p] {
			t.Fatalf("site %d: parent %s not in the farm", s.Index, p)
		}
	}
	if len(levels) != 4 {
		t.Errorf("levels %v, want all four", levels)
	}
	if n := len(regionData().provinces); n != 31 {
		t.Errorf("%d provinces, want 31", n)
	}
}

func builtin(t *testing.T) *indicators.Framework {
	t.Helper()
	fw, err := indicators.ParseFile("../indicators/builtin/zwgk-2016.yaml")
	if err != nil {
		t.Fatalf("load zwgk-2016: %v", err)
	}
	return fw
}

func TestVariantsMatchIndicators(t *testing.T) {
	fw := builtin(t)
	classes := map[string][]string{}
	for _, c := range fw.Indicator("V3").Rule.StaleColumns.Classes {
		classes[c.Name] = c.Aliases
	}
	heads := []string{"领导信箱", "厅长信箱", "局长信箱", "区长信箱", "县长信箱", "市长信箱"}
	for _, spec := range Catalogue {
		variants := spec.Variants
		if slices.ContainsFunc(variants, func(v string) bool { return strings.Contains(v, "{head}") }) {
			variants = append(slices.DeleteFunc(slices.Clone(variants), func(v string) bool { return strings.Contains(v, "{head}") }), heads...)
		}
		if spec.Variants[0] != spec.Canonical && spec.Slug != "sxml" {
			t.Errorf("%s: first variant %q is not the canonical name %q", spec.Slug, spec.Variants[0], spec.Canonical)
		}
		for _, v := range variants {
			for _, label := range []string{v, hant(v)} {
				for _, id := range spec.Indicators {
					ind := fw.Indicator(id)
					if ind == nil {
						t.Fatalf("%s: indicator %s not in zwgk-2016", spec.Slug, id)
					}
					if id == "V3" {
						continue
					}
					if !indicators.MatchAlias(ind.Rule.Aliases(), label) {
						t.Errorf("%s: label %q not matched by the aliases of %s", spec.Slug, label, id)
					}
				}
				for name, al := range classes {
					got := indicators.MatchAlias(al, label)
					if want := string(spec.Class) == name; got != want {
						t.Errorf("%s (class %s): label %q matched by V3 class %s: %v", spec.Slug, spec.Class, label, name, got)
					}
				}
			}
		}
	}
}

func TestTermsMatchFramework(t *testing.T) {
	var want []string
	for _, ind := range builtin(t).Leaves() {
		r := ind.Rule
		switch {
		case r == nil:
		case r.Column != nil:
			want = append(want, r.Column.Keywords...)
		case r.Interpretation != nil:
			want = append(want, r.Interpretation.Markers...)
		case r.ServiceGuide != nil:
			want = append(want, r.ServiceGuide.Elements...)
		}
	}
	got := slices.Clone(Terms)
	slices.Sort(got)
	slices.Sort(want)
	want = slices.Compact(want)
	if !slices.Equal(got, want) {
		t.Errorf("Terms = %v\nframework asks for %v", got, want)
	}
}

// hrefs are the link targets of a page, resolved against base.
func hrefs(t *testing.T, body []byte, base string) []string {
	t.Helper()
	b, _ := url.Parse(base)
	z := html.NewTokenizer(bytes.NewReader(body))
	var out []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken {
			continue
		}
		name, more := z.TagName()
		if string(name) != "a" {
			continue
		}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if string(k) == "href" {
				u, err := b.Parse(string(v))
				if err != nil {
					t.Fatalf("bad href %q: %v", v, err)
				}
				out = append(out, u.String())
			}
		}
	}
}

func TestHomeLinksMatchPage(t *testing.T) {
	f := Generate(Config{Sites: 60, Seed: 3, Defects: true})
	for _, s := range f.Sites {
		base := strings.TrimSuffix(s.URL(), "/")
		var got []string
		for _, h := range hrefs(t, s.relocate(s.Render("/"), false).Body, s.URL()) {
			if !slices.Contains(got, h) && !slices.ContainsFunc(s.robots, func(d string) bool { return strings.HasPrefix(h, base+d) }) {
				got = append(got, h)
			}
		}
		var want []string
		for _, l := range s.Truth().Links {
			want = append(want, l.URL)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("site %d (%s): home links\n got %v\nwant %v", s.Index, s.Profile, got, want)
		}
	}
}

// balanced reports whether every element of an HTML page is closed in
// order (void elements aside) and the page ends with </html>.
func balanced(body string) bool {
	void := map[string]bool{"meta": true, "link": true, "img": true, "br": true, "input": true, "hr": true}
	z := html.NewTokenizer(strings.NewReader(body))
	var stack []string
	closedHTML := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return len(stack) == 0 && closedHTML
		case html.StartTagToken:
			n, _ := z.TagName()
			if !void[string(n)] {
				stack = append(stack, string(n))
			}
		case html.EndTagToken:
			n, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(n) {
				return false
			}
			stack = stack[:len(stack)-1]
			closedHTML = closedHTML || string(n) == "html"
		}
	}
}

func TestWellFormedExceptMalformed(t *testing.T) {
	f := Generate(Config{Sites: 60, Seed: 5, Defects: true})
	malformedSeen := false
	for _, s := range f.Sites {
		if s.Style.Charset == "gbk" {
			continue // the tokenizer reads bytes; GBK is covered by the GBK test
		}
		for _, p := range pagesOf(s, 2) {
			if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".js") || p == "/robots.txt" || strings.Contains(p, "/P0") {
				continue
			}
			ok := balanced(string(s.Render(p).Body))
			isList := p == "/" || strings.HasSuffix(p, "/") || strings.Contains(p, "/index")
			switch {
			case s.malformed && (p == "/" || isList && strings.Count(p, "/") == 2 && !strings.HasPrefix(p, "/zwgk") && !strings.HasPrefix(p, "/bsfw") && !strings.HasPrefix(p, "/hdjl") && !strings.HasPrefix(p, "/wzdt")):
				if ok {
					t.Errorf("site %d %s: malformed-HTML site serves a well-formed page", s.Index, p)
				}
				malformedSeen = true
			case !s.malformed && !ok:
				t.Errorf("site %d (%s) %s: page is not well-formed", s.Index, s.Profile, p)
			}
		}
	}
	if !malformedSeen {
		t.Error("no malformed page seen")
	}
}

func TestLinksStayOnLoopback(t *testing.T) {
	f := Generate(Config{Sites: 60, Seed: 9, Defects: true})
	for _, s := range f.Sites {
		for _, p := range pagesOf(s, 2) {
			pg := s.Render(p)
			if !strings.HasPrefix(pg.ContentType, "text/html") {
				continue
			}
			for _, h := range hrefs(t, pg.Body, s.URL()) {
				u, _ := url.Parse(h)
				if !isLoopback(u.Hostname()) {
					t.Errorf("site %d %s links off loopback: %s", s.Index, p, h)
				}
			}
		}
	}
}

func isLoopback(host string) bool {
	return strings.HasPrefix(host, "127.")
}

// Area and furniture labels must not read as columns: a perfect crawler
// would otherwise have to record them, and Truth does not.
func TestFurnitureIsNoColumn(t *testing.T) {
	fw := builtin(t)
	var all []string
	for _, ind := range fw.Leaves() {
		all = append(all, ind.Rule.Aliases()...)
	}
	for _, label := range []string{"首页", "政务公开", "服务", "互动", "网站地图", "往期专题", "站内搜索", "旧版网站", "旧版入口", "活动日历", "历史档案", "资料下载", "我要留言", "更多>>"} {
		if indicators.MatchAlias(all, label) {
			t.Errorf("furniture label %q matches a zwgk-2016 alias", label)
		}
	}
}

// Every item of Truth is listed on its column's list pages (or its JSON
// feed), and nothing else that looks like an item is.
func TestListsHoldTruthItems(t *testing.T) {
	f := Generate(Config{Sites: 60, Seed: 12, Defects: true})
	for _, s := range f.Sites {
		ev := s.Truth()
		for i, col := range ev.Columns {
			c := s.Columns[i]
			listed := map[string]bool{}
			if c.JSON {
				var feed struct {
					Data []feedItem `json:"data"`
				}
				if err := json.Unmarshal(s.Render("/"+c.Spec.Slug+"/list.json").Body, &feed); err != nil {
					t.Fatal(err)
				}
				base, _ := url.Parse(col.URL + "list.json")
				for _, d := range feed.Data {
					u, _ := base.Parse(d.URL)
					listed[u.String()] = true
				}
			} else if c.Script {
				// The list is in the script, packed: unpack it as the
				// browser would.
				js := string(s.Render("/" + c.Spec.Slug + "/list.js").Body)
				_, packed, _ := strings.Cut(js, `var p="`)
				packed, _, _ = strings.Cut(packed, `"`)
				markup, err := base64.StdEncoding.DecodeString(packed)
				if err != nil {
					t.Fatalf("site %d: list.js: %v", s.Index, err)
				}
				for _, h := range hrefs(t, markup, col.URL) {
					listed[h] = true
				}
				if page := s.Render("/" + c.Spec.Slug + "/").Body; bytes.Contains(page, []byte("/t20")) {
					t.Errorf("site %d column %q: a script-only list page shows items", s.Index, col.Name)
				}
			} else {
				for n := 0; n < c.pages(); n++ {
					for _, h := range hrefs(t, s.relocate(s.Render("/"+c.Spec.Slug+"/"+pageName(n)), s.onPlatform("/"+c.Spec.Slug+"/")).Body, col.URL+pageName(n)) {
						if strings.Contains(h, "/t20") || strings.Contains(h, "/art_") {
							listed[h] = true
						}
					}
				}
			}
			if len(listed) != len(col.Items) {
				t.Errorf("site %d column %q: %d items listed, truth has %d", s.Index, col.Name, len(listed), len(col.Items))
			}
			for _, it := range col.Items {
				if !listed[it.URL] {
					t.Errorf("site %d column %q: item %s not listed", s.Index, col.Name, it.URL)
					break
				}
			}
		}
	}
}

func TestTruthForBlockedAgent(t *testing.T) {
	f := Generate(Config{Sites: 12, Seed: 1, Defects: true})
	var guarded *Site
	for _, s := range f.Sites {
		if s.Profile == ProfileGuarded {
			guarded = s
		}
	}
	ev := guarded.TruthFor(Visitor{UserAgent: "Go-http-client/1.1"})
	if ev.Failure == nil || ev.Failure.Cause != "blocked" || len(ev.Columns) != 0 || len(ev.Probes) != ProbeDays*ProbesADay || ev.Probes[0].OK() {
		t.Errorf("blocked agent: %+v", ev.Failure)
	}
	a, _ := json.Marshal(guarded.TruthFor(Visitor{UserAgent: "Mozilla/5.0"}))
	b, _ := json.Marshal(guarded.Truth())
	if !bytes.Equal(a, b) {
		t.Error("admitted agent: TruthFor differs from Truth")
	}
	if ev := f.Sites[0].TruthFor(Visitor{UserAgent: "curl/8"}); ev.Failure != nil {
		t.Error("unguarded site blocks curl in truth")
	}
	// A slow site outlasts a crawler that waits less than it delays.
	for _, s := range f.Sites {
		if !s.slowDelay {
			continue
		}
		if ev := s.TruthFor(Visitor{UserAgent: "Mozilla/5.0", Timeout: 10 * time.Second}); ev.Failure == nil || ev.Failure.Cause != "timeout" {
			t.Errorf("slow site, impatient crawler: failure %+v", ev.Failure)
		}
		if ev := s.TruthFor(Visitor{UserAgent: "Mozilla/5.0", Timeout: time.Minute}); ev.Failure != nil {
			t.Errorf("slow site, patient crawler: failure %+v", ev.Failure)
		}
	}
}

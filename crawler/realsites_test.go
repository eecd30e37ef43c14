package crawler

// The real-site corpus (testdata/realsites, after Mozilla Readability's
// test-pages): pages of real government websites stored as found, each
// beside a truth file read off the page by a person. The test serves each
// site on loopback, crawls every page as an agency's home, and measures
// how much of what a person reads the crawler reads too.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
)

// realMinAgreement is the agreement the corpus must reach (the reader
// before crawler/extract read 73.9 %).
const realMinAgreement = 0.98

// realTruth is a site's truth.json.
type realTruth struct {
	Name   string      `json:"name"`
	Host   string      `json:"host"`
	Family string      `json:"family"`
	Pages  []realPage  `json:"pages"`
	Crawls []realCrawl `json:"crawls"`
}

type realPage struct {
	File       string       `json:"file"`
	Path       string       `json:"path"`
	Kind       string       `json:"kind"` // home, list, article
	Lists      []realList   `json:"lists"`
	Article    *realArticle `json:"article"`
	Pages      int          `json:"pages"`      // list pages the pager names, this one included
	Unreadable bool         `json:"unreadable"` // a reader of the page sees no rows
	Note       string       `json:"note"`
}

type realList struct {
	Label  string    `json:"label"`
	Hidden bool      `json:"hidden"`
	Newest string    `json:"newest"`
	Rows   []realRow `json:"rows"`
	Via    string    `json:"via"` // "" markup, "script" data in the page
}

type realRow struct {
	Title string `json:"title"`
	Full  string `json:"full"` // the link's title attribute, when it differs
	URL   string `json:"url"`
	Date  string `json:"date"`
}

type realArticle struct {
	Date   string `json:"date"`   // "" when the page shows none
	Source string `json:"source"` // zwgk.DateSource of the date shown
	Meta   string `json:"meta"`   // the PubDate meta, when the page has one
	Shown  string `json:"shown"`
}

// realCrawl is a whole-site crawl from an entry page: the columns a
// person finds by their labels, with the newest date each shows.
type realCrawl struct {
	Entry   string `json:"entry"`
	Columns []struct {
		Label  string `json:"label"`
		Path   string `json:"path"`
		Newest string `json:"newest"`
	} `json:"columns"`
}

// tally counts checks, keeping the failures to print.
type tally struct {
	pass, total int
	fails       []string
}

func (t *tally) check(ok bool, format string, args ...any) {
	t.total++
	if ok {
		t.pass++
		return
	}
	t.fails = append(t.fails, fmt.Sprintf(format, args...))
}

func loadRealSites(t *testing.T) map[string]realTruth {
	t.Helper()
	dirs, err := filepath.Glob("testdata/realsites/*/truth.json")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	out := map[string]realTruth{}
	for _, f := range dirs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tr realTruth
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(filepath.Dir(f))] = tr
	}
	return out
}

// reAbsLink finds absolute and protocol-relative links in a page.
var reAbsLink = regexp.MustCompile(`(?i)(?:https?:)?//([a-z0-9][a-z0-9.-]*\.[a-z]{2,})(:\d+)?`)

// serveRealSite serves a site's pages at their paths. Links to the site's
// own host go to the test server; links to any other host go to a sink on
// it (/__offsite/host/…) that answers 404, so that nothing leaves the
// machine. The files on disk stay as found.
func serveRealSite(t *testing.T, dir string, tr realTruth, extra map[string]string) *httptest.Server {
	t.Helper()
	bodies := map[string][]byte{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.RequestURI()]
		if !ok {
			b, ok = bodies[r.URL.Path]
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	for _, p := range tr.Pages {
		raw, err := os.ReadFile(filepath.Join(dir, p.File))
		if err != nil {
			t.Fatal(err)
		}
		bodies[p.Path] = rewriteHosts(raw, tr.Host, srv.URL)
	}
	for path, b := range extra {
		bodies[path] = []byte(b)
	}
	return srv
}

func rewriteHosts(b []byte, host, srvURL string) []byte {
	return reAbsLink.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := reAbsLink.FindSubmatch(m)
		h := strings.ToLower(string(sub[1]))
		if h == strings.ToLower(host) {
			return []byte(srvURL)
		}
		return []byte(srvURL + "/__offsite/" + h)
	})
}

// truthURL maps a URL of the site's own host to the test server.
func truthURL(u, host, srvURL string) string {
	for _, pre := range []string{"http://" + host, "https://" + host} {
		if strings.HasPrefix(u, pre) {
			return srvURL + strings.TrimPrefix(u, pre)
		}
	}
	return u
}

func realFramework(labels []string) *indicators.Framework {
	if len(labels) == 0 {
		labels = []string{"通知公告"}
	}
	return &indicators.Framework{
		ID: "realsites", WindowDays: 365 * 30,
		Sampling: indicators.Sampling{MaxPages: 20, MaxDepth: 2, ItemsOpened: 1, ListPages: 1, LinksChecked: 0},
		Indicators: []*indicators.Indicator{
			{ID: "R1", Kind: indicators.KindScore, Rule: &indicators.Rule{Kind: indicators.RuleColumn, Column: &indicators.Column{Aliases: labels}}},
		},
	}
}

func realCrawlOne(t *testing.T, agencyURL string, labels []string) zwgk.Evidence {
	t.Helper()
	return realCrawlWith(t, agencyURL, realFramework(labels))
}

func realCrawlWith(t *testing.T, agencyURL string, fw *indicators.Framework) zwgk.Evidence {
	t.Helper()
	c := New(Options{Delay: -1, Retries: -1, PerHost: 2, Timeout: 5 * time.Second, UserAgent: "zwgk-assessor/test (+mailto:t@example.org)"})
	defer c.Close()
	ev, err := c.Crawl(context.Background(), 1, zwgk.Agency{Code: "R", Site: agencyURL}, fw, zwgk.NewDate(2026, 11, 20), memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func normTitle(s string) string { return strings.Join(strings.Fields(s), "") }

// TestRealSites crawls every page of the corpus and compares what the
// crawler read with what a person reads: every list row (its link, date
// and title), every list's newest date, every row the crawler read that
// a person does not see, and every article's date, where it is shown and
// the PubDate meta when it disagrees. It logs the agreement and fails
// below realMinAgreement.
func TestRealSites(t *testing.T) {
	sites := loadRealSites(t)
	keys := make([]string, 0, len(sites))
	for k := range sites {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var all tally
	for _, key := range keys {
		tr := sites[key]
		var st tally
		srv := serveRealSite(t, filepath.Join("testdata/realsites", key), tr, nil)
		for _, p := range tr.Pages {
			var labels []string
			for _, l := range p.Lists {
				labels = append(labels, l.Label)
			}
			ev := realCrawlOne(t, srv.URL+p.Path, labels)
			checkRealPage(&st, key, p, ev, tr.Host, srv.URL)
		}
		for _, cr := range tr.Crawls {
			var labels []string
			for _, c := range cr.Columns {
				labels = append(labels, c.Label)
			}
			ev := realCrawlOne(t, srv.URL+cr.Entry, labels)
			for _, want := range cr.Columns {
				var got *zwgk.Column
				for i := range ev.Columns {
					if ev.Columns[i].Name == want.Label {
						got = &ev.Columns[i]
					}
				}
				st.check(got != nil && got.URL == srv.URL+want.Path, "%s crawl %s: column %q not found at %s", key, cr.Entry, want.Label, want.Path)
				if got != nil {
					st.check(got.Newest().String() == want.Newest, "%s crawl: column %q newest %s, a reader sees %s", key, want.Label, got.Newest(), want.Newest)
				}
			}
		}
		t.Logf("%-14s %-22s %3d/%3d", key, tr.Family, st.pass, st.total)
		for _, f := range st.fails {
			t.Logf("    %s", f)
		}
		all.pass += st.pass
		all.total += st.total
	}
	agreement := float64(all.pass) / float64(all.total)
	t.Logf("real-site corpus agreement: %.1f %% (%d of %d checks, %d sites)", 100*agreement, all.pass, all.total, len(sites))
	if agreement < realMinAgreement {
		t.Errorf("agreement %.1f %% is below %.0f %%", 100*agreement, 100*realMinAgreement)
	}
}

func checkRealPage(st *tally, key string, p realPage, ev zwgk.Evidence, host, srvURL string) {
	where := key + " " + p.Path
	if ev.Failure != nil {
		st.check(false, "%s: crawl failed: %s %s", where, ev.Failure.Cause, ev.Failure.Detail)
		return
	}
	items := map[string]zwgk.Item{}
	for _, it := range ev.Home.Items {
		items[it.URL] = it
	}
	switch p.Kind {
	case "home", "list":
		if p.Unreadable {
			st.check(len(ev.Home.Items) == 0, "%s: a reader sees no rows, the crawler read %d", where, len(ev.Home.Items))
			return
		}
		seen := map[string]bool{}
		for _, l := range p.Lists {
			newest := zwgk.Date{}
			for _, r := range l.Rows {
				u := truthURL(r.URL, host, srvURL)
				seen[u] = true
				it, ok := items[u]
				st.check(ok, "%s [%s]: row %q not read", where, l.Label, r.Title)
				if !ok {
					continue
				}
				st.check(it.Date.String() == r.Date, "%s [%s]: row %q dated %q, a reader sees %q", where, l.Label, r.Title, it.Date, r.Date)
				tt := normTitle(it.Title)
				st.check(tt == normTitle(r.Title) || (r.Full != "" && tt == normTitle(r.Full)), "%s [%s]: title %q, a reader sees %q", where, l.Label, it.Title, r.Title)
				if it.Date.After(newest) {
					newest = it.Date
				}
			}
			st.check(newest.String() == l.Newest, "%s [%s]: newest %s, a reader sees %s", where, l.Label, newest, l.Newest)
		}
		for _, it := range ev.Home.Items {
			if !seen[it.URL] {
				st.check(false, "%s: read %q (%s) as a list row, which a reader does not see as one", where, it.Title, it.Date)
			}
		}
	case "article":
		var pg zwgk.Page
		for _, x := range ev.Pages {
			if x.URL == srvURL+p.Path {
				pg = x
			}
		}
		a := p.Article
		st.check(pg.Date.String() == a.Date, "%s: page dated %q, a reader sees %q (%s)", where, pg.Date, a.Date, a.Shown)
		if a.Source != "" {
			st.check(string(pg.DateSource) == a.Source, "%s: date source %q, the date is shown as %q", where, pg.DateSource, a.Source)
		}
		if a.Meta != "" && a.Meta != a.Date {
			st.check(pg.MetaDate.String() == a.Meta, "%s: meta date %q not kept beside the shown date (meta %s)", where, pg.MetaDate, a.Meta)
		}
	}
}

package crawler

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"zwgk"
	"zwgk/crawler/memstore"
)

// A county inside its city's site cluster (a folder of the city's host)
// with its disclosure platform on another host: the county's columns on
// both hosts are its own, the city's columns on the shared host are not,
// and robots.txt of the platform's host is honoured on that host.
func TestCrawlSeveralRoots(t *testing.T) {
	platform := newSite(t, map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /county/private/\n",
		"/county/zcwj/": `<ul class="list"><li><a href="./202611/t20261110_5.html">县政府关于某某的通知</a><span>2026-11-10</span></li>
<li><a href="/county/private/x.html">内部</a><span>2026-11-09</span></li></ul>`,
		"/county/zcwj/202611/t20261110_5.html": `<p>发布时间：2026-11-10</p>`,
	})
	city := newSite(t, map[string]string{
		"/": `<ul><li><a href="/tzgg/">通知公告</a></li></ul>`,
		"/county/": `<html><body><div class="nav"><ul>
<li><a href="/county/tzgg/">通知公告</a></li>
<li><a href="` + platform.srv.URL + `/county/zcwj/">政策文件</a></li>
<li><a href="/tzgg/">动态新闻</a></li>
</ul></div><ul><li><a href="/county/dt/202611/t20261115_1.html">县长调研</a><span>2026-11-15</span></li></ul></body></html>`,
		"/county/tzgg/":                        `<ul class="list"><li><a href="./202611/t20261118_2.html">县停水通知</a><span>2026-11-18</span></li></ul>`,
		"/county/tzgg/202611/t20261118_2.html": `<p>发布时间：2026-11-18</p>`,
		"/county/dt/202611/t20261115_1.html":   `<p>发布时间：2026-11-15</p>`,
		// The city's own column: linked from the county's navigation, not the county's.
		"/tzgg/": `<ul class="list"><li><a href="./202611/t20261119_3.html">市停电通知</a><span>2026-11-19</span></li></ul>`,
	})
	a := zwgk.Agency{Code: "NS", Site: city.srv.URL + "/county/", Roots: platform.srv.URL + "/county/"}
	c := New(testOptions())
	defer c.Close()
	ev, err := c.Crawl(context.Background(), 1, a, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if ev.Failure != nil {
		t.Fatalf("failure: %+v", ev.Failure)
	}
	want := []string{city.srv.URL + "/county/", platform.srv.URL + "/county/"}
	if strings.Join(ev.Roots, " ") != strings.Join(want, " ") {
		t.Errorf("roots %v, want %v", ev.Roots, want)
	}
	if col := columnNamed(ev, "通知公告"); col == nil || col.URL != city.srv.URL+"/county/tzgg/" || col.Newest() != zwgk.NewDate(2026, 11, 18) {
		t.Errorf("the county's notices: %+v", col)
	}
	col := columnNamed(ev, "政策文件")
	if col == nil || len(col.Items) != 2 || col.Newest() != zwgk.NewDate(2026, 11, 10) {
		t.Fatalf("the platform's column on another host: %+v", col)
	}
	if !col.Items[0].Opened {
		t.Errorf("an item on the platform's host was not opened: %+v", col.Items[0])
	}
	if columnNamed(ev, "动态新闻") != nil {
		t.Errorf("the city's column at /tzgg/ was credited to the county: %+v", columnNamed(ev, "动态新闻"))
	}
	if n := city.hits["/tzgg/"]; n != 0 {
		t.Errorf("the city's column was fetched %d times", n)
	}
	if n := platform.hits["/county/private/x.html"]; n != 0 {
		t.Errorf("robots.txt of the platform's host ignored: %d fetches", n)
	}
	if platform.hits["/robots.txt"] != 1 {
		t.Errorf("platform robots.txt fetched %d times, want 1", platform.hits["/robots.txt"])
	}
}

// A city whose host carries a county's site as a folder leaves it out
// when the crawler knows the county: the county's columns are not the
// city's.
func TestClusterHostLeavesCountyOut(t *testing.T) {
	city := newSite(t, map[string]string{
		"/":          `<ul><li><a href="/tzgg/">通知公告</a></li><li><a href="/nsq/">南山区</a></li><li><a href="/nsq/zcwj/">政策文件</a></li></ul>`,
		"/tzgg/":     `<ul class="list"><li><a href="./202611/t20261119_3.html">市停电通知</a><span>2026-11-19</span></li></ul>`,
		"/nsq/":      `<ul><li><a href="/nsq/zcwj/">政策文件</a></li></ul>`,
		"/nsq/zcwj/": `<ul class="list"><li><a href="./202611/t20261110_5.html">区政府文件</a><span>2026-11-10</span></li></ul>`,
	})
	cityA := zwgk.Agency{Code: "SZ", Site: city.srv.URL + "/"}
	county := zwgk.Agency{Code: "NS", Site: city.srv.URL + "/nsq/"}
	c := New(testOptions())
	defer c.Close()
	ev, err := c.Crawl(context.Background(), 1, cityA, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if columnNamed(ev, "政策文件") == nil {
		t.Fatal("without knowing the county, the folder is the city's (the test would prove nothing)")
	}
	c.KnownSites([]zwgk.Agency{cityA, county})
	ev, err = c.Crawl(context.Background(), 2, cityA, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if col := columnNamed(ev, "政策文件"); col != nil {
		t.Errorf("the county's column credited to the city: %+v", col)
	}
	if columnNamed(ev, "通知公告") == nil {
		t.Error("the city's own column lost")
	}
	ev, err = c.Crawl(context.Background(), 3, county, testFramework(), asOf, memstore.New())
	if err != nil || columnNamed(ev, "政策文件") == nil {
		t.Errorf("the county's own crawl: %v, %+v", err, ev.Columns)
	}
}

// A home page that redirects to another host the agency has not enrolled
// is not followed: on loopback (as for any non-public address) it is
// refused at its address and recorded with its target, and nothing of the
// target reaches the evidence (issue 13). Enrolled as one of the
// agency's roots, the same target is followed and read.
func TestHomeRedirectAdoptsRoot(t *testing.T) {
	target := standardSite(t)
	front := newSite(t, nil)
	front.handle("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.srv.URL+"/", http.StatusFound)
	})
	c := New(testOptions())
	defer c.Close()
	ev, err := c.Crawl(context.Background(), 1, zwgk.Agency{Code: "A", Site: front.srv.URL + "/"}, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if ev.Failure == nil || ev.Failure.Cause != zwgk.CauseAddress || ev.HomeRedirect == nil || ev.HomeRedirect.To != target.srv.URL+"/" || target.hits["/"] != 0 {
		t.Fatalf("failure %+v, redirect %+v, %d requests to the target: want refused and recorded", ev.Failure, ev.HomeRedirect, target.hits["/"])
	}
	ev, err = c.Crawl(context.Background(), 1, zwgk.Agency{Code: "A", Site: front.srv.URL + "/", Roots: target.srv.URL + "/"}, testFramework(), asOf, memstore.New())
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Roots) != 2 || ev.Roots[1] != target.srv.URL+"/" || ev.HomeRedirect == nil || ev.HomeRedirect.To != target.srv.URL+"/" {
		t.Errorf("roots %v, redirect %+v: want the enrolled target followed", ev.Roots, ev.HomeRedirect)
	}
	if columnNamed(ev, "政策文件") == nil {
		t.Errorf("columns of the redirected home page not read: %+v", ev.Columns)
	}
}

package extract

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zwgk"
)

// corpus is the real-site corpus: each rule below names the page that
// taught it (crawler/testdata/realsites/<site>/<file>, SOURCES.md says
// where it came from). Rules from markup no real page of which could be
// found are tested on the markup the farm serves, and say so.
const corpus = "../testdata/realsites"

func page(t *testing.T, file, pageURL string) *Page {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, file))
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, string(b), pageURL)
}

func parse(t *testing.T, text, pageURL string) *Page {
	t.Helper()
	base, _ := url.Parse(pageURL)
	p, err := Parse(text, base, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rowByURL(p *Page, suffix string) (Row, bool) {
	for _, r := range p.Rows {
		if strings.HasSuffix(r.URL, suffix) {
			return r, true
		}
	}
	return Row{}, false
}

func TestRules(t *testing.T) {
	for _, tt := range []struct {
		rule string
		page string // corpus file, or "" for markup in src
		url  string
		src  string
		want func(t *testing.T, p *Page)
	}{
		{
			rule: "a dated list in a hidden tab pane is content (a reader clicks the tab)",
			page: "hd/index.jsp", url: "http://hdzfxxgk.hd.gov.cn/",
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "/201810/t20181011_879739.html") // 市政府令, third tab, display:none
				if !ok || r.Date != zwgk.NewDate(2018, 10, 8) {
					t.Errorf("hidden pane row %+v, %v", r, ok)
				}
			},
		},
		{
			rule: "navigation beside dated lists is not a list, whatever its class",
			page: "hd/index.jsp", url: "http://hdzfxxgk.hd.gov.cn/",
			want: func(t *testing.T, p *Page) {
				if r, ok := rowByURL(p, "/zfxxgkzn/"); ok {
					t.Errorf("read the side menu's 政府信息公开指南 as a row: %+v", r)
				}
				if len(p.Rows) != 61 {
					t.Errorf("%d rows, the page shows 61 in five dated lists", len(p.Rows))
				}
			},
		},
		{
			rule: "a date inside the link is the date, not part of the title",
			page: "hzzy/huizhou.html", url: "http://www.hzzy.gov.cn/courtweb/front/gzxxList/JD0-qbcx-2",
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "/viewAjxxGz/26430060000311073-JD0-")
				if !ok || r.Title != "（2016）粤13执587号" || r.Date != zwgk.NewDate(2016, 7, 28) || r.DateSource != zwgk.DateList {
					t.Errorf("row %+v, %v", r, ok)
				}
			},
		},
		{
			rule: "a table list with 索引号/发布机构/发布日期 columns",
			page: "hd/list.jsp", url: "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/",
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "/202008/t20200805_1353179.html")
				if !ok || r.Date != zwgk.NewDate(2020, 8, 5) {
					t.Errorf("row %+v, %v", r, ok)
				}
			},
		},
		{
			rule: "a TRS pager written from countPage/currentPage names every page",
			page: "hd/list.jsp", url: "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/",
			want: func(t *testing.T, p *Page) {
				if !p.PagesKnown || len(p.Pages) != 55 || p.Pages[0] != "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html" {
					t.Errorf("pages %d known=%v %v", len(p.Pages), p.PagesKnown, p.Pages[:min(2, len(p.Pages))])
				}
			},
		},
		{
			rule: "a list inside an HTML comment is not read: a reader does not see it",
			page: "jyt-gansu/1.html", url: "http://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml",
			want: func(t *testing.T, p *Page) {
				if len(p.Rows) != 0 || !p.EmptyList {
					t.Errorf("rows %d, empty list %v", len(p.Rows), p.EmptyList)
				}
			},
		},
		{
			rule: "createPageHTML with the pager's element first (the call of jyt-gansu/1.html, there commented out)",
			url:  "http://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml",
			src:  `<ul class="jytxxgklist"><li><a href="/jyt/c110634/202511/1.shtml">通知</a><b>2025-11-17</b></li></ul><div id="page_div"></div><script>createPageHTML('page_div',10, 1,'zwgklist','shtml',200);</script>`,
			want: func(t *testing.T, p *Page) {
				if !p.PagesKnown || len(p.Pages) != 8 || p.Pages[0] != "http://jyt.gansu.gov.cn/jyt/c110634/zwgklist_2.shtml" {
					t.Errorf("pages %v", p.Pages)
				}
			},
		},
		{
			rule: "a script's JSON item array is the list a reader sees; undated navigation arrays are not",
			page: "sthjt-jiangxi/debug_page_1.html", url: "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html",
			want: func(t *testing.T, p *Page) {
				if len(p.Rows) != 50 {
					t.Fatalf("%d rows, the page's listData holds 50", len(p.Rows))
				}
				r := p.Rows[0]
				if !r.Script || r.Date != zwgk.NewDate(2025, 7, 29) || !strings.HasSuffix(r.URL, "/content/content_1951206363677671424.html") {
					t.Errorf("first row %+v", r)
				}
			},
		},
		{
			rule: "the date shown beside 日期 beats a PubDate meta that disagrees; the meta is kept",
			page: "fzgg-gansu/1.html", url: "http://fzgg.gansu.gov.cn/fzgg/tzgg/article.shtml",
			want: func(t *testing.T, p *Page) {
				if p.Date != zwgk.NewDate(2025, 2, 26) || p.DateSource != zwgk.DateLabel || p.MetaDate != zwgk.NewDate(2025, 3, 27) {
					t.Errorf("date %s (%s) meta %s", p.Date, p.DateSource, p.MetaDate)
				}
			},
		},
		{
			rule: "a disclosure table's 发布日期 (a 成文日期 commented out is not seen)",
			page: "hd/details.jsp", url: "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
			want: func(t *testing.T, p *Page) {
				if p.Date != zwgk.NewDate(2020, 8, 2) || p.DateSource != zwgk.DateTable || !p.MetaDate.IsZero() {
					t.Errorf("date %s (%s) meta %s", p.Date, p.DateSource, p.MetaDate)
				}
			},
		},
		{
			rule: "a label and its date in separate elements",
			page: "cmse/tests-cmse-1.html", url: "http://www.cmse.gov.cn/xwzx/fbh/a.html",
			want: func(t *testing.T, p *Page) {
				if p.Date != zwgk.NewDate(2012, 6, 24) || p.DateSource != zwgk.DateLabel {
					t.Errorf("date %s (%s)", p.Date, p.DateSource)
				}
			},
		},
		{
			rule: "an unlabelled date in the info line beside 来源/作者",
			page: "kepu/4e55eac4.html", url: "http://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html",
			want: func(t *testing.T, p *Page) {
				if p.Date != zwgk.NewDate(2023, 12, 1) || p.DateSource != zwgk.DateText {
					t.Errorf("date %s (%s)", p.Date, p.DateSource)
				}
			},
		},
		{
			rule: "an attribute is not what a reader sees (alt=\"时间：2017-11-08\" over 时间：2019-09-18)",
			page: "shanxi/shanxi-1.html", url: "http://www.shanxi.gov.cn/yw/sxyw/article.shtml",
			want: func(t *testing.T, p *Page) {
				if p.Date != zwgk.NewDate(2019, 9, 18) || p.DateSource != zwgk.DateLabel {
					t.Errorf("date %s (%s)", p.Date, p.DateSource)
				}
			},
		},
		{
			rule: "no date shown, none invented: not an adoption date in the text nor a page-generation meta",
			page: "gov-cn/other-1.html", url: "http://www.gov.cn/gongbao/content/article.htm",
			want: func(t *testing.T, p *Page) {
				if !p.Date.IsZero() {
					t.Errorf("date %s (%s)", p.Date, p.DateSource)
				}
			},
		},
		{
			rule: "a Hanweb article's info line: 发布日期 beside 浏览次数 and 信息来源",
			page: "deqing/gzggw-1.html", url: "http://www.deqing.gov.cn/art/article.html",
			want: func(t *testing.T, p *Page) {
				if p.Date != zwgk.NewDate(2016, 11, 22) || p.DateSource != zwgk.DateLabel {
					t.Errorf("date %s (%s)", p.Date, p.DateSource)
				}
			},
		},
		{
			rule: "a Hanweb datastore's records are rows; its nextgroup and total name the dataproxy pages (farm markup: no real page found)",
			url:  "http://www.example.gov.cn/col/col33718/index.html",
			src: `<div id="212860"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=33718&unitid=212860&permissiontype=0"></a>]]></nextgroup><recordset>
<record><![CDATA[<li><a href='/art/2026/9/11/art_33718_1.html' title='连云港跨里海班列运输提质提速'>连云港跨里海班列运输提质提速</a><span>2026-09-11</span></li>]]></record>
<record><![CDATA[<li><a href='/art/2025/12/15/art_33718_2.html' title='徐州以产业集群培育赋能中小企业高质量发展'>徐州以产业集群培育赋能中小企业高质量发展</a><span>2025-12-15</span></li>]]></record>
</recordset></datastore></script><script language="javascript" src="/module/web/jpage/jpage.js"></script><script>$('#212860').jpage({dataStore:'', proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:2, totalRecord:9});</script></div>`,
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "/art_33718_1.html")
				if len(p.Rows) != 2 || !ok || !r.Script || r.Date != zwgk.NewDate(2026, 9, 11) {
					t.Errorf("rows %+v", p.Rows)
				}
				want := "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?appid=1&columnid=33718&endrecord=8&path=%2F&permissiontype=0&perpage=2&startrecord=3&unitid=212860&webid=1"
				if !p.PagesKnown || len(p.Pages) != 2 || p.Pages[0] != want {
					t.Errorf("pages %v", p.Pages)
				}
			},
		},
		{
			rule: "a dataproxy.jsp answer is read as a list and names no further page (farm markup)",
			url:  "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=8&perpage=2",
			src:  `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>9</totalrecord><totalpage>5</totalpage><recordset><record><![CDATA[<li><a href="/art/2025/3/1/art_1_3.html">第三条</a><span>2025-03-01</span></li>]]></record></recordset></datastore>`,
			want: func(t *testing.T, p *Page) {
				if len(p.Rows) != 1 || len(p.Pages) != 0 {
					t.Errorf("rows %+v pages %v", p.Rows, p.Pages)
				}
			},
		},
		{
			rule: "a definition list: title in the term, date in the definition (farm markup)",
			url:  "http://www.example.gov.cn/tzgg/",
			src:  `<dl class="news"><dt><a href="/tzgg/202611/t20261105_1.html">关于开展检查的通知</a></dt><dd>2026-11-05</dd><dt><a href="/tzgg/202610/t20261020_2.html">关于调整的公告</a></dt><dd>2026-10-20</dd></dl>`,
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "t20261020_2.html")
				if len(p.Rows) != 2 || !ok || r.Date != zwgk.NewDate(2026, 10, 20) {
					t.Errorf("rows %+v", p.Rows)
				}
			},
		},
		{
			rule: "title and date blocks repeated without a list element (farm markup)",
			url:  "http://www.example.gov.cn/zcwj/",
			src:  `<div class="list"><div class="item"><div class="t"><a href="/zcwj/a1.html">办法一</a></div><div class="d">[2026-03-01]</div></div><div class="item"><div class="t"><a href="/zcwj/a2.html">办法二</a></div><div class="d">[2026-02-01]</div></div></div>`,
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "/zcwj/a2.html")
				if len(p.Rows) != 2 || !ok || r.Date != zwgk.NewDate(2026, 2, 1) {
					t.Errorf("rows %+v", p.Rows)
				}
			},
		},
		{
			rule: "a month-day date takes its year from the item URL, and says so (farm markup)",
			url:  "http://www.example.gov.cn/dt/",
			src:  `<ul><li><a href="/dt/202611/t20261101_2.html">市长调研</a><em>11-01</em></li><li><a href="/dt/202610/t20261003_3.html">会议</a><em>10-03</em></li></ul>`,
			want: func(t *testing.T, p *Page) {
				r, ok := rowByURL(p, "t20261101_2.html")
				if !ok || r.Date != zwgk.NewDate(2026, 11, 1) || r.DateSource != zwgk.DateContext {
					t.Errorf("row %+v", r)
				}
			},
		},
		{
			rule: "lines written with document.write from data in the page (farm markup)",
			url:  "http://www.example.gov.cn/gsgg/",
			src:  `<ul id="l"></ul><script>document.write('<li><a href="/gsgg/1.html">公示一</a><span>2026-05-06</span></li>');document.write("<li><a href='/gsgg/2.html'>公示二</a><span>2026-04-01</span></li>");</script>`,
			want: func(t *testing.T, p *Page) {
				if len(p.Rows) != 2 || !p.Rows[0].Script || p.Rows[0].Date != zwgk.NewDate(2026, 5, 6) {
					t.Errorf("rows %+v", p.Rows)
				}
			},
		},
		{
			rule: "a platform's list API kept in a script variable is a feed (farm markup, gkmlpt family)",
			url:  "http://www.example.gov.cn/qzqd/",
			src:  `<div class="gkmlpt-list" id="gkml"></div><script>var api = "/gkmlpt/api/qzqd?page=1";$.ajax({url: api, dataType: "json", success: function(d){}});</script>`,
			want: func(t *testing.T, p *Page) {
				if len(p.Feeds) != 1 || p.Feeds[0] != "http://www.example.gov.cn/gkmlpt/api/qzqd?page=1" || !p.EmptyList {
					t.Errorf("feeds %v empty %v", p.Feeds, p.EmptyList)
				}
			},
		},
		{
			rule: "undated articles in a box named tabs are a list; its tab labels and a named menu are not (farm markup, tabs family; the menu of jyt-gansu/1.html)",
			url:  "http://www.example.gov.cn/",
			src:  `<div class="tabs"><ul class="tab-hd"><li><a href="/ywdt/">工作动态</a></li><li><a href="/tzgg/">通知公告</a></li></ul><div class="tab-bd"><div class="tab-pane"><ul><li><a href="/ywdt/art_1.html">市政府召开全市安全生产工作会议</a></li><li><a href="/ywdt/art_2.html">市长到重点项目现场调研督导</a></li></ul></div></div></div><div class="sideMenu"><ul><li><a href="/a/list.shtml">政策法规</a></li><li><a href="/b/list.shtml">重大建设项目批准和实施领域信息公开</a></li><li><a href="/c/list.shtml">人事信息</a></li></ul></div>`,
			want: func(t *testing.T, p *Page) {
				if len(p.Rows) != 2 || !strings.HasSuffix(p.Rows[0].URL, "/ywdt/art_1.html") {
					t.Errorf("rows %+v", p.Rows)
				}
			},
		},
	} {
		t.Run(tt.rule, func(t *testing.T) {
			var p *Page
			if tt.page != "" {
				p = page(t, tt.page, tt.url)
			} else {
				p = parse(t, tt.src, tt.url)
			}
			tt.want(t, p)
		})
	}
}

// TestTooDeep: markup nested past the parser's open-element stack is an
// error, never a page read as empty.
func TestTooDeep(t *testing.T) {
	src := "<html><body>" + strings.Repeat("<div>", 600) + "<a href='/x.html'>x</a>" + strings.Repeat("</div>", 600)
	base, _ := url.Parse("http://www.example.gov.cn/")
	p, err := Parse(src, base, Options{})
	if !errors.Is(err, ErrTooDeep) || p != nil {
		t.Fatalf("got %v, %v; want ErrTooDeep", p, err)
	}
}

// TestFeed: a gkmlpt-like platform's JSON list (farm markup: no real
// platform answer found).
func TestFeed(t *testing.T) {
	base, _ := url.Parse("http://www.example.gov.cn/gkmlpt/api/all/0?page=1")
	rows, ok := ParseFeed([]byte(`{"total":2,"articles":[{"title":"关于印发规划的通知","url":"/gkmlpt/content/1/1/post_11.html","display_publish_time":"2026-10-08","date":"2026-10-08"},{"title":"公告","url":"/gkmlpt/content/1/1/post_12.html","date":"2026-09-01"}]}`), base, nil)
	if !ok || len(rows) != 2 || rows[0].Date != zwgk.NewDate(2026, 10, 8) || rows[0].URL != "http://www.example.gov.cn/gkmlpt/content/1/1/post_11.html" {
		t.Fatalf("rows %+v, %v", rows, ok)
	}
	if rows, ok := ParseFeed([]byte(`{"articles":[]}`), base, nil); !ok || len(rows) != 0 {
		t.Fatalf("an empty list is a list: %v %v", rows, ok)
	}
}

package sitefarm

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"

	"zwgk"
)

// Page is a rendered response.
type Page struct {
	Status      int
	ContentType string
	Location    string // redirects
	Body        []byte
}

const (
	ctHTML = "text/html; charset=utf-8"
	ctGBK  = "text/html" // GBK sites declare the charset only in <meta>
)

func (s *Site) html(status int, b *strings.Builder) Page {
	ct := ctHTML
	if s.Style.Charset == "gbk" {
		ct = ctGBK
	}
	return Page{Status: status, ContentType: ct, Body: s.encode(b.String())}
}

// Render renders the page at path (with its query) from the model. It
// covers every page but the streamed defects (huge page, gzip bomb), which
// the server writes itself.
func (s *Site) Render(path string) Page {
	p, query, _ := strings.Cut(path, "?")
	switch {
	case p == "/robots.txt":
		var b strings.Builder
		b.WriteString("User-agent: *\n")
		if len(s.robots) == 0 {
			b.WriteString("Disallow:\n")
		}
		for _, d := range s.robots {
			b.WriteString("Disallow: " + d + "\n")
		}
		return Page{Status: 200, ContentType: "text/plain; charset=utf-8", Body: []byte(b.String())}
	case p == "/" || p == "/index.html" || p == "/index.htm":
		return s.home()
	case p == "/zwgk/" || p == "/zwgk/index.html":
		return s.area(AreaOpenness, "政务公开")
	case p == "/bsfw/" || p == "/bsfw/index.html":
		return s.area(AreaService, "服务")
	case p == "/hdjl/" || p == "/hdjl/index.html":
		return s.area(AreaInteract, "互动")
	case p == "/wzdt/" || p == "/wzdt/index.html":
		return s.area("", "网站地图")
	}
	switch {
	case p == dataproxyPath:
		return s.dataproxy(query)
	case strings.HasPrefix(p, gkmlptAPI) && s.Style.Markup == MarkupGkmlpt:
		return s.gkmlpt(strings.TrimPrefix(p, gkmlptAPI))
	}
	if pg, ok := s.renderDefect(p, query); ok {
		return pg
	}
	seg := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if c := s.Column(seg[0]); c != nil {
		switch {
		case len(seg) == 2 && (seg[1] == "" || seg[1] == "index.html"):
			return s.list(c, 0)
		case len(seg) == 2 && seg[1] == "list.json" && c.JSON:
			return s.feed(c)
		case len(seg) == 2 && seg[1] == "list.js" && c.Script:
			return s.scriptListJS(c)
		case len(seg) == 2 && strings.HasPrefix(seg[1], "index_") && strings.HasSuffix(seg[1], ".html"):
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(seg[1], "index_"), ".html"))
			if err == nil && n > 0 && n < c.listPages() {
				return s.list(c, n)
			}
		case len(seg) == 2 && strings.HasPrefix(seg[1], "art_"):
			if id, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(seg[1], "art_"), ".html")); err == nil && c.Undated {
				if it, ok := c.itemAt(id); ok {
					return s.article(c, it)
				}
			}
		case len(seg) == 3:
			if pg, ok := s.itemOrFile(c, seg[1], seg[2]); ok {
				return pg
			}
		}
	}
	return s.notFound()
}

func (s *Site) itemOrFile(c *Column, ym, name string) (Page, bool) {
	if strings.HasPrefix(name, "t") && strings.HasSuffix(name, ".html") {
		_, idStr, ok := strings.Cut(strings.TrimSuffix(name, ".html"), "_")
		id, err := strconv.Atoi(idStr)
		if !ok || err != nil || c.Undated {
			return Page{}, false
		}
		it, found := c.itemAt(id)
		if !found || it.path(c, it.Date) != "/"+c.Spec.Slug+"/"+ym+"/"+name {
			return Page{}, false
		}
		return s.article(c, it), true
	}
	if strings.HasPrefix(name, "P0") {
		if pg, ok := s.attachLeakFile("/" + c.Spec.Slug + "/" + ym + "/" + name); ok {
			return pg, true // attachleaks.go
		}
		for _, it := range c.Items() {
			for _, a := range it.Attachments {
				if a.URL == "/"+c.Spec.Slug+"/"+ym+"/"+name {
					return attachment(a), true
				}
			}
		}
	}
	return Page{}, false
}

// attachment is a small file of the right type: a PDF header, an OLE or
// ZIP signature; enough for a HEAD or a type check.
func attachment(a zwgk.Attachment) Page {
	types := map[string]string{"pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	body := "%PDF-1.4\n% sitefarm\n%%EOF\n"
	switch a.Ext {
	case "doc", "xls":
		body = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 sitefarm"
	case "xlsx":
		body = "PK\x03\x04 sitefarm"
	}
	return Page{Status: 200, ContentType: types[a.Ext], Body: []byte(body)}
}

func (c *Column) pages() int {
	n := c.count()
	per := c.site.Style.PerPage
	return max(1, (n+per-1)/per)
}

// shownDate is the date the site shows for an item (zero when the column
// is undated).
func (c *Column) shownDate(it Item) zwgk.Date {
	if c.Undated {
		return zwgk.Date{}
	}
	return it.Date
}

func esc(s string) string { return html.EscapeString(s) }

func (s *Site) head(b *strings.Builder, title string, meta [][2]string) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n")
	if s.Style.Charset == "gbk" {
		if s.Index%2 == 0 {
			b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + "\n")
		} else {
			b.WriteString(`<meta charset="gbk">` + "\n")
		}
	} else {
		b.WriteString(`<meta charset="utf-8">` + "\n")
	}
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	fmt.Fprintf(b, "<title>%s</title>\n", esc(title))
	if s.Style.Meta {
		base := [][2]string{{"SiteName", s.Agency.Name}, {"SiteDomain", hostOf(s.URL())}, {"SiteIDCode", s.siteID()}}
		for _, m := range append(base, meta...) {
			fmt.Fprintf(b, "<meta name=\"%s\" content=\"%s\">\n", m[0], esc(m[1]))
		}
	}
	b.WriteString(`<link rel="stylesheet" href="/images/style.css">` + "\n</head>\n<body>\n")
	fmt.Fprintf(b, "<div class=\"header\"><div class=\"logo\"><a href=\"/\">%s</a></div>", esc(s.Agency.Name))
	if s.Index%3 == 0 {
		// Server-side "today" banner: a date on every page that is not a
		// publication date.
		fmt.Fprintf(b, "<div class=\"today\">今天是%s 星期%s</div>", formatDate(s.farm.AsOf, "cn"), weekday(s.farm.AsOf))
	}
	b.WriteString("</div>\n")
}

func weekday(d zwgk.Date) string {
	return []string{"日", "一", "二", "三", "四", "五", "六"}[d.Time().Weekday()]
}

func hostOf(u string) string {
	u = strings.TrimPrefix(u, "http://")
	h, _, _ := strings.Cut(u, "/")
	return h
}

func (s *Site) siteID() string {
	return fmt.Sprintf("%s%04d", strings.TrimLeft(string(s.Agency.Region), "0")[:min(6, len(s.Agency.Region))], s.Index%10000)
}

// provinceAbbr are the one-character province names ICP and public
// security record numbers start with.
var provinceAbbr = map[string]string{"11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉",
	"23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫", "42": "鄂",
	"43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "蜀", "52": "黔", "53": "滇", "54": "藏", "61": "陕",
	"62": "甘", "63": "青", "64": "宁", "65": "新"}

// recordNumbers are the site's ICP and public-security record numbers, as its
// footer shows them.
func (s *Site) recordNumbers() (icp, psb string) {
	abbr := provinceAbbr[string(s.Agency.Region[:2])]
	n := 5000000 + int(mix(s.seed)%4000000)
	return fmt.Sprintf("%sICP备%08d号-1", abbr, n), fmt.Sprintf("%s公网安备 %s%08d号", abbr, s.Agency.Region, n)
}

func (s *Site) footer(b *strings.Builder) {
	icp, psb := s.recordNumbers()
	fmt.Fprintf(b, "<div class=\"footer\">\n<p>主办单位：%s　承办单位：%s办公室</p>\n", esc(s.Agency.Name), esc(s.Agency.Name))
	fmt.Fprintf(b, "<p>版权所有 © 2003-%d %s　<a href=\"/wzdt/\">网站地图</a></p>\n", s.farm.AsOf.Year, esc(s.Agency.Name))
	code := "　政府网站标识码：" + s.siteID()
	if s.noSiteCode {
		code = ""
	}
	fmt.Fprintf(b, "<p>%s%s　%s</p>\n</div>\n", icp, code, psb)
	if !s.malformed {
		b.WriteString("</body>\n</html>\n")
	}
}

// homeLists are the columns the home page shows items of, with how many.
func (s *Site) homeLists() []struct {
	c *Column
	n int
} {
	var out []struct {
		c *Column
		n int
	}
	for _, slug := range []string{"ywdt", "tzgg"} {
		if c := s.Column(slug); c != nil {
			out = append(out, struct {
				c *Column
				n int
			}{c, map[string]int{"ywdt": 8, "tzgg": 6}[slug]})
		}
	}
	return out
}

func (s *Site) nav(b *strings.Builder) {
	b.WriteString("<div class=\"nav\"><ul>\n<li><a href=\"/\">首页</a></li>\n")
	for _, c := range s.Columns {
		if c.Spec.Area == AreaHome {
			fmt.Fprintf(b, "<li><a href=\"/%s/\">%s</a></li>\n", c.Spec.Slug, esc(c.Label))
		}
	}
	b.WriteString("<li><a href=\"/zwgk/\">政务公开</a></li>\n<li><a href=\"/bsfw/\">服务</a></li>\n<li><a href=\"/hdjl/\">互动</a></li>\n</ul></div>\n")
}

func (s *Site) home() Page {
	var b strings.Builder
	b.Grow(16 << 10)
	s.head(&b, s.Agency.Name, nil)
	s.nav(&b)
	b.WriteString("<div class=\"main\">\n")
	if s.Style.Hub {
		b.WriteString("<div class=\"portal\"><ul>\n")
		for _, slug := range []string{"ywdt", "tzgg", "zcwj"} {
			if c := s.Column(slug); c != nil {
				fmt.Fprintf(&b, "<li class=\"entry\"><a href=\"/%s/\"><img src=\"/images/%s.png\" alt=\"\"><span>%s</span></a></li>\n", slug, slug, esc(c.Label))
			}
		}
		b.WriteString("</ul></div>\n")
	} else if s.Style.Markup == MarkupTabs {
		s.homeTabs(&b)
	} else {
		for _, hl := range s.homeLists() {
			c := hl.c
			fmt.Fprintf(&b, "<div class=\"box\" id=\"%s\">\n<div class=\"hd\"><h3><a href=\"/%s/\">%s</a></h3><a class=\"more\" href=\"/%s/\">更多&gt;&gt;</a></div>\n<ul>\n",
				c.Spec.Slug, c.Spec.Slug, esc(c.Label), c.Spec.Slug)
			items := c.Items()
			for _, it := range items[:min(hl.n, len(items))] {
				d := c.shownDate(it)
				fmt.Fprintf(&b, "<li><a href=\".%s\" target=\"_blank\" title=\"%s\">%s</a>", it.path(c, d), esc(it.Title), esc(clip(it.Title, 28)))
				if !d.IsZero() && !s.homeUndated {
					fmt.Fprintf(&b, "<span>%s</span>", formatDate(d, s.Style.ListDate))
				}
				if s.malformed {
					b.WriteString("\n")
				} else {
					b.WriteString("</li>\n")
				}
			}
			b.WriteString("</ul>\n</div>\n")
		}
	}
	b.WriteString("<div class=\"box gk\"><h3>政府信息公开</h3><ul>\n")
	for _, slug := range []string{"xxgkzn", "xxgkml", "xxgknb", "ysqgk"} {
		if c := s.Column(slug); c != nil {
			fmt.Fprintf(&b, "<li><a href=\"/%s/\">%s</a></li>\n", slug, esc(c.Label))
		}
	}
	// The letter box and the service guides are linked from every home
	// page, as on real portals; the other service and interaction columns
	// only from their areas.
	b.WriteString("</ul></div>\n<div class=\"quick\"><ul>\n")
	for _, slug := range quickSlugs {
		if c := s.Column(slug); c != nil {
			fmt.Fprintf(&b, "<li><a href=\"/%s/\">%s</a></li>\n", slug, esc(c.Label))
		}
	}
	b.WriteString("</ul></div>\n<div class=\"links\"><ul>\n")
	for _, l := range s.extraLinks {
		if l.Hidden != "" {
			fmt.Fprintf(&b, "<li style=\"%s\"><a href=\"%s\">%s</a></li>\n", esc(l.Hidden), esc(s.linkURL(l)), esc(l.Text))
			continue
		}
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", esc(s.linkURL(l)), esc(l.Text))
	}
	b.WriteString("</ul></div>\n")
	if s.malformed {
		b.WriteString("<div class=\"float\"><table><tr><td><a href=/hdjl/ class=float-link>我要留言</a></div></td>\n")
	}
	b.WriteString("</div>\n")
	s.footer(&b)
	return s.html(200, &b)
}

var quickSlugs = []string{"ldxx", "bszn"}

func (s *Site) linkURL(l extraLink) string {
	if l.Dead {
		return s.farm.deadHost + l.Path
	}
	return l.Path
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func (s *Site) area(a Area, name string) Page {
	var b strings.Builder
	s.head(&b, name+"_"+s.Agency.Name, [][2]string{{"ColumnName", name}})
	s.nav(&b)
	fmt.Fprintf(&b, "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <span>%s</span></div>\n", name)
	fmt.Fprintf(&b, "<div class=\"area\"><h2>%s</h2>\n<ul class=\"columns\">\n", name)
	for _, c := range s.Columns {
		if a == "" || c.Spec.Area == a {
			fmt.Fprintf(&b, "<li><a href=\"/%s/\">%s</a></li>\n", c.Spec.Slug, esc(c.Label))
		}
	}
	b.WriteString("</ul></div>\n")
	s.footer(&b)
	return s.html(200, &b)
}

func (s *Site) crumb(b *strings.Builder, c *Column) {
	b.WriteString("<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; ")
	if c.Spec.Area != AreaHome {
		fmt.Fprintf(b, "<a href=\"/%s/\">%s</a> &gt; ", c.Spec.Area, map[Area]string{AreaOpenness: "政务公开", AreaService: "服务", AreaInteract: "互动"}[c.Spec.Area])
	}
	fmt.Fprintf(b, "<a href=\"/%s/\">%s</a></div>\n", c.Spec.Slug, esc(c.Label))
}

const createPageJS = `<script>
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
 if(_nPageCount == null || _nPageCount<=1){ return; }
 var nCurrIndex = _nCurrIndex || 0;
 if(nCurrIndex == 0) document.write("首页 上一页 ");
 else {
  document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\">首页</a> ");
  if(nCurrIndex == 1) document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\">上一页</a> ");
  else document.write("<a href=\"" + _sPageName + "_" + (nCurrIndex-1) + "." + _sPageExt + "\">上一页</a> ");
 }
 if(nCurrIndex == (_nPageCount-1)) document.write("下一页 尾页");
 else document.write("<a href=\"" + _sPageName + "_" + (nCurrIndex+1) + "." + _sPageExt + "\">下一页</a> <a href=\"" + _sPageName + "_" + (_nPageCount-1) + "." + _sPageExt + "\">尾页</a>");
}
</script>
`

func pageName(n int) string {
	if n == 0 {
		return "index.html"
	}
	return "index_" + itoa(n) + ".html"
}

func (s *Site) list(c *Column, n int) Page {
	var b strings.Builder
	b.Grow(12 << 10)
	s.head(&b, c.Label+"_"+s.Agency.Name, [][2]string{{"ColumnName", c.Label}})
	s.nav(&b)
	s.crumb(&b, c)
	fmt.Fprintf(&b, "<div class=\"list\">\n<h2>%s</h2>\n", esc(c.Label))
	items := c.Items()
	switch {
	case c.Script && len(items) > 0:
		b.WriteString(scriptListBox)
	case c.JSON && s.Style.Markup == MarkupGkmlpt:
		s.gkmlptList(&b, c)
	case c.Spec.Kind != KindLetter && len(items) > 0 && s.Style.Markup == MarkupDatastore:
		s.datastoreList(&b, c, items)
	case c.JSON:
		b.WriteString("<ul id=\"list\"></ul>\n<script>\nfetch(\"list.json\").then(function(r){return r.json();}).then(function(d){\n var h=\"\";\n d.data.forEach(function(x){h+='<li><a href=\"'+x.url+'\">'+x.title+'</a><span>'+x.pubdate+'</span></li>';});\n document.getElementById(\"list\").innerHTML=h;\n});\n</script>\n")
	case len(items) == 0:
		b.WriteString("<ul></ul>\n<p class=\"nodata\">暂无信息</p>\n")
	default:
		per := s.Style.PerPage
		lo, hi := n*per, min(len(items), (n+1)*per)
		if c.Spec.Kind == KindLetter {
			b.WriteString("<table class=\"letters\">\n<tr><th>标题</th><th>来信时间</th><th>状态</th></tr>\n")
			for _, it := range items[lo:hi] {
				st := "已回复"
				if it.Letter.Replied.IsZero() {
					st = "办理中"
				}
				fmt.Fprintf(&b, "<tr><td><a href=\".%s\">%s</a></td><td>%s</td><td>%s</td></tr>\n",
					strings.TrimPrefix(it.path(c, it.Date), "/"+c.Spec.Slug), esc(it.Title), formatDate(it.Date, s.Style.ListDate), st)
			}
			b.WriteString("</table>\n")
		} else if !s.listFamily(&b, c, items, lo, hi) {
			b.WriteString("<ul class=\"list-ul\">\n")
			for _, it := range items[lo:hi] {
				d := c.shownDate(it)
				fmt.Fprintf(&b, "<li><a href=\".%s\" target=\"_blank\" title=\"%s\">%s</a>",
					strings.TrimPrefix(it.path(c, d), "/"+c.Spec.Slug), esc(it.Title), esc(it.Title))
				if !d.IsZero() {
					fmt.Fprintf(&b, "<span class=\"date\">%s</span>", formatDate(d, s.Style.ListDate))
				}
				if s.malformed {
					b.WriteString("\n")
				} else {
					b.WriteString("</li>\n")
				}
			}
			b.WriteString("</ul>\n")
		}
		if np := c.pages(); np > 1 {
			b.WriteString("<div class=\"page\">")
			if s.Style.Pagination == "script" {
				b.WriteString(createPageJS)
				fmt.Fprintf(&b, "<script>createPageHTML(%d, %d, \"index\", \"html\");</script>", np, n)
			} else {
				fmt.Fprintf(&b, "<a href=\"index.html\">首页</a> ")
				if n > 0 {
					fmt.Fprintf(&b, "<a href=\"%s\">上一页</a> ", pageName(n-1))
				}
				if n < np-1 {
					fmt.Fprintf(&b, "<a href=\"%s\">下一页</a> ", pageName(n+1))
				}
				fmt.Fprintf(&b, "<a href=\"%s\">尾页</a> 共%d页", pageName(np-1), np)
			}
			b.WriteString("</div>\n")
		}
	}
	b.WriteString("</div>\n")
	if s.malformed {
		b.WriteString("</div></span>\n<div class=side><ul><li>热点<li>专题</ul>\n")
	}
	s.footer(&b)
	return s.html(200, &b)
}

type feedItem struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	PubDate string `json:"pubdate"`
}

func (s *Site) feed(c *Column) Page {
	items := c.Items()
	out := struct {
		Total int        `json:"total"`
		Data  []feedItem `json:"data"`
	}{Total: len(items), Data: make([]feedItem, 0, len(items))}
	for _, it := range items {
		d := c.shownDate(it)
		out.Data = append(out.Data, feedItem{Title: s.text(it.Title), URL: "." + strings.TrimPrefix(it.path(c, d), "/"+c.Spec.Slug), PubDate: d.String()})
	}
	body, _ := json.Marshal(out)
	return Page{Status: 200, ContentType: "application/json; charset=utf-8", Body: body}
}

func (s *Site) notFound() Page {
	var b strings.Builder
	s.head(&b, "页面不存在", nil)
	b.WriteString("<div class=\"error\"><h2>抱歉，您访问的页面不存在或已被删除！</h2><p><a href=\"/\">返回首页</a></p></div>\n")
	s.footer(&b)
	return s.html(http.StatusNotFound, &b)
}

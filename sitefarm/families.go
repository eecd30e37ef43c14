package sitefarm

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"zwgk"
)

// Markup families: how a site marks up its lists and articles, after the
// CMSs real government sites run (crawler/testdata/realsites holds the
// real pages; the Hanweb datastore and the gkmlpt platform are modelled
// on their documented markup, no whole real page of either having been
// found). A family changes the markup only, never the content: the
// truth is the same whatever the family.
const (
	MarkupPlain     = ""          // <ul><li><a>title</a><span>date</span></li></ul>
	MarkupTabs      = "tabs"      // home lists in a tab widget, every pane but the first display:none
	MarkupDL        = "dl"        // lists as definition lists: <dt><a>title</a></dt><dd>date</dd>
	MarkupTable     = "table"     // lists as tables: 序号 | 名称 | 索引号 | 发布日期
	MarkupBlocks    = "blocks"    // title/date <div> blocks; articles date an unlabelled info line, PubDate a regeneration time
	MarkupDatastore = "datastore" // Hanweb JCMS: records in <script type="text/xml"><datastore>, paged by dataproxy.jsp
	MarkupGkmlpt    = "gkmlpt"    // a disclosure platform: JSON-loaded lists answer from /gkmlpt/api/
)

var markups = []string{MarkupPlain, MarkupTabs, MarkupDL, MarkupTable, MarkupBlocks, MarkupDatastore, MarkupGkmlpt}

// markupFor spreads the families over the farm by index (coprime with the
// profile rotation of twelve, so every family meets every profile), with
// no draw from the site's random stream: adding it changed no other site
// fact.
func markupFor(k int) string { return markups[k%len(markups)] }

// Hanweb's list proxy and the platform's API, as the server routes them.
const (
	dataproxyPath = "/module/web/jpage/dataproxy.jsp"
	gkmlptAPI     = "/gkmlpt/api/"
)

// datastoreGroup is how many pages of records one dataproxy answer holds
// (jpage asks for a group of three pages at a time).
const datastoreGroup = 3

// homeTabs writes the home page's lists as a tab widget: the tab labels
// link to the columns, the panes hold the lists, all but the first
// hidden until a reader clicks its tab. The box is named "tabs", which a
// reader of class names would take for navigation.
func (s *Site) homeTabs(b *strings.Builder) {
	lists := s.homeLists()
	b.WriteString("<div class=\"tabs\">\n<ul class=\"tab-hd\">\n")
	for i, hl := range lists {
		cls := ""
		if i == 0 {
			cls = " class=\"on\""
		}
		fmt.Fprintf(b, "<li%s><a href=\"/%s/\">%s</a></li>\n", cls, hl.c.Spec.Slug, esc(hl.c.Label))
	}
	b.WriteString("</ul>\n<div class=\"tab-bd\">\n")
	for i, hl := range lists {
		style := ""
		if i > 0 {
			style = " style=\"display:none\""
		}
		fmt.Fprintf(b, "<div class=\"tab-pane\"%s>\n<ul>\n", style)
		items := hl.c.Items()
		for _, it := range items[:min(hl.n, len(items))] {
			d := hl.c.shownDate(it)
			fmt.Fprintf(b, "<li><a href=\".%s\" title=\"%s\">%s</a>", it.path(hl.c, d), esc(it.Title), esc(clip(it.Title, 28)))
			if !d.IsZero() && !s.homeUndated {
				fmt.Fprintf(b, "<em>%s</em>", formatDate(d, s.Style.ListDate))
			}
			b.WriteString("</li>\n")
		}
		fmt.Fprintf(b, "</ul>\n<a class=\"more\" href=\"/%s/\">更多</a>\n</div>\n", hl.c.Spec.Slug)
	}
	b.WriteString("</div>\n</div>\n")
	b.WriteString("<script>$('.tab-hd li').hover(function(){var i=$(this).index();$(this).addClass('on').siblings().removeClass('on');$('.tab-pane').hide().eq(i).show();});</script>\n")
}

// listFamily writes one list page's lines in the site's family; false
// when the family keeps the plain markup.
func (s *Site) listFamily(b *strings.Builder, c *Column, items []Item, lo, hi int) bool {
	rel := func(it Item) (string, string) {
		d := c.shownDate(it)
		date := ""
		if !d.IsZero() {
			date = formatDate(d, s.Style.ListDate)
		}
		return "." + strings.TrimPrefix(it.path(c, d), "/"+c.Spec.Slug), date
	}
	switch s.Style.Markup {
	case MarkupDL:
		b.WriteString("<dl class=\"news-dl\">\n")
		for _, it := range items[lo:hi] {
			href, date := rel(it)
			fmt.Fprintf(b, "<dt><a href=\"%s\" title=\"%s\">%s</a></dt><dd>%s</dd>\n", href, esc(it.Title), esc(it.Title), date)
		}
		b.WriteString("</dl>\n")
	case MarkupTable:
		b.WriteString("<table class=\"zfxxgk-list\">\n<tr><th>序号</th><th>名称</th><th>索引号</th><th>发布日期</th></tr>\n")
		for k, it := range items[lo:hi] {
			href, date := rel(it)
			fmt.Fprintf(b, "<tr><td>%d</td><td><a href=\"%s\">%s</a></td><td>%s/%d-%05d</td><td>%s</td></tr>\n",
				lo+k+1, href, esc(it.Title), s.siteID(), s.farm.AsOf.Year, it.ID%100000, date)
		}
		b.WriteString("</table>\n")
	case MarkupBlocks:
		b.WriteString("<div class=\"news-blocks\">\n")
		for _, it := range items[lo:hi] {
			href, date := rel(it)
			if date != "" {
				date = "[" + date + "]"
			}
			fmt.Fprintf(b, "<div class=\"nb\"><div class=\"nb-t\"><a href=\"%s\">%s</a></div><div class=\"nb-d\">%s</div></div>\n", href, esc(it.Title), date)
		}
		b.WriteString("</div>\n")
	default:
		return false
	}
	return true
}

// datastoreList writes a Hanweb JCMS list page: the first group of
// records in the page's datastore, the rest behind dataproxy.jsp.
func (s *Site) datastoreList(b *strings.Builder, c *Column, items []Item) {
	per := s.Style.PerPage
	unit := 200000 + c.index
	fmt.Fprintf(b, "<div id=\"%d\"><script type=\"text/xml\"><datastore>\n", unit)
	fmt.Fprintf(b, "<nextgroup><![CDATA[<a href=\"%s?page=1&appid=1&webid=%d&path=/&columnid=%s&unitid=%d&permissiontype=0\"></a>]]></nextgroup>\n<recordset>\n",
		dataproxyPath, 1+s.Index, c.Spec.Slug, unit)
	s.records(b, c, items[:min(len(items), per*datastoreGroup)])
	b.WriteString("</recordset></datastore></script>\n")
	fmt.Fprintf(b, "<script language=\"javascript\" src=\"/module/web/jpage/jpage.js\"></script>\n<script>$('#%d').jpage({proxyUrl:'%s', perPage:%d, totalRecord:%d, groupSize:%d});</script></div>\n",
		unit, dataproxyPath, per, len(items), datastoreGroup)
}

func (s *Site) records(b *strings.Builder, c *Column, items []Item) {
	for _, it := range items {
		d := c.shownDate(it)
		date := ""
		if !d.IsZero() {
			date = "<span>" + formatDate(d, s.Style.ListDate) + "</span>"
		}
		fmt.Fprintf(b, "<record><![CDATA[<li><a href=\"%s\" title=\"%s\" target=\"_blank\">%s</a>%s</li>]]></record>\n",
			it.path(c, d), esc(it.Title), esc(it.Title), date)
	}
}

// dataproxy answers jpage's request for records startrecord…endrecord of
// a column, as XML.
func (s *Site) dataproxy(query string) Page {
	q, _ := url.ParseQuery(query)
	c := s.Column(q.Get("columnid"))
	start, err1 := strconv.Atoi(q.Get("startrecord"))
	end, err2 := strconv.Atoi(q.Get("endrecord"))
	if c == nil || c.Spec.Kind == KindLetter || err1 != nil || err2 != nil || start < 1 || end < start {
		return s.notFound()
	}
	items := c.Items()
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>%d</totalrecord>\n<recordset>\n", len(items))
	if start <= len(items) {
		s.records(&b, c, items[start-1:min(end, len(items))])
	}
	b.WriteString("</recordset>\n</datastore>\n")
	return Page{Status: 200, ContentType: "text/xml; charset=utf-8", Body: []byte(s.text(b.String()))}
}

// gkmlptList writes a platform list page: an empty box the platform's
// script fills from its JSON API.
func (s *Site) gkmlptList(b *strings.Builder, c *Column) {
	fmt.Fprintf(b, "<div class=\"gkmlpt-list\" id=\"gkml\"></div>\n<script>\nvar api = \"%s%s?page=1\";\n$.ajax({url: api, dataType: \"json\", success: function(d){var h=\"\";$.each(d.articles,function(i,x){h+='<li><a href=\"'+x.url+'\">'+x.title+'</a><span>'+x.date+'</span></li>';});$(\"#gkml\").html('<ul>'+h+'</ul>');}});\n</script>\n",
		gkmlptAPI, c.Spec.Slug)
}

type gkmlptItem struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  string `json:"date"`
	// The platform shows the publication time; the 成文日期 travels too.
	Written string `json:"written_date,omitempty"`
}

// gkmlpt answers the platform's list API: every item of the column.
func (s *Site) gkmlpt(slug string) Page {
	c := s.Column(slug)
	if c == nil || !c.JSON {
		return s.notFound()
	}
	items := c.Items()
	out := struct {
		Total    int          `json:"total"`
		Articles []gkmlptItem `json:"articles"`
	}{Total: len(items), Articles: make([]gkmlptItem, 0, len(items))}
	for _, it := range items {
		d := c.shownDate(it)
		gi := gkmlptItem{Title: s.text(it.Title), URL: it.path(c, d)}
		if !d.IsZero() {
			gi.Date = d.String()
			if !it.Written.IsZero() {
				gi.Written = it.Written.String()
			}
		}
		out.Articles = append(out.Articles, gi)
	}
	body, _ := json.Marshal(out)
	return Page{Status: 200, ContentType: "application/json; charset=utf-8", Body: body}
}

// regenerated is the PubDate meta of a blocks-family article: the day the
// CMS last regenerated the page, which real sites' metas often carry
// instead of the publication date (crawler/testdata/realsites/fzgg-gansu).
func regenerated(s *Site, it Item) zwgk.Date {
	return s.farm.AsOf.AddDays(-(it.ID % 20))
}

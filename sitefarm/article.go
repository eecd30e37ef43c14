package sitefarm

import (
	"fmt"
	"strings"
)

var sources = []string{"办公室", "本网", "政务公开办", "信息中心"}

func (s *Site) article(c *Column, it Item) Page {
	var b strings.Builder
	b.WriteString(s.articleHTML(c, it))
	return s.html(200, &b)
}

// articleHTML is the article page in UTF-8 and simplified characters,
// before the site's conversions.
func (s *Site) articleHTML(c *Column, it Item) string {
	var b strings.Builder
	b.Grow(8 << 10)
	d := c.shownDate(it)
	var meta [][2]string
	source := s.Agency.Name + sources[it.ID%len(sources)]
	if d.IsZero() {
		meta = [][2]string{{"ColumnName", c.Label}, {"ArticleTitle", it.Title}, {"ContentSource", source}}
	} else {
		pub := d
		if s.Style.Markup == MarkupBlocks {
			pub = regenerated(s, it) // a regeneration time, not the date shown
		}
		meta = [][2]string{{"ColumnName", c.Label}, {"ArticleTitle", it.Title},
			{"PubDate", fmt.Sprintf("%s %02d:%02d", pub, 8+it.ID%10, it.ID%60)}, {"ContentSource", source}}
	}
	s.head(&b, it.Title+"_"+s.Agency.Name, meta)
	s.crumb(&b, c)
	b.WriteString("<div class=\"article\">\n")
	if s.Style.InfoTable && !d.IsZero() && c.Spec.Kind != KindLetter {
		// The disclosure metadata table: 成文日期 (written) precedes
		// 发布日期 (published); only the latter is the publication date.
		fmt.Fprintf(&b, "<table class=\"xxgk\">\n<tr><th>索引号</th><td>%s/%d-%05d</td><th>发布机构</th><td>%s</td></tr>\n",
			s.siteID(), d.Year, it.ID%100000, esc(s.Agency.Name))
		fmt.Fprintf(&b, "<tr><th>成文日期</th><td>%s</td><th>发布日期</th><td>%s</td></tr>\n", it.Written, d)
		if it.DocNo != "" {
			fmt.Fprintf(&b, "<tr><th>文号</th><td>%s</td><th>主题分类</th><td>%s</td></tr>\n", esc(it.DocNo), esc(it.Topic))
		}
		b.WriteString("</table>\n")
	}
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(it.Title))
	if c.Spec.Kind != KindLetter {
		b.WriteString("<div class=\"info\">")
		switch {
		case d.IsZero():
		case s.Style.Markup == MarkupBlocks:
			// An unlabelled date in the info line, as many CMSs show it.
			fmt.Fprintf(&b, "<span>%s</span>　", formatDate(d, s.Style.PageDate))
		default:
			fmt.Fprintf(&b, "发布时间：%s　", formatDate(d, s.Style.PageDate))
		}
		fmt.Fprintf(&b, "来源：%s　浏览次数：<span id=\"hits\">%d</span></div>\n", esc(source), 37+it.ID%900)
	}
	b.WriteString("<div class=\"content\">\n")
	s.body(&b, c, it)
	s.leakBody(&b, c, it)
	s.attachLeakLinks(&b, c, it) // attachleaks.go
	b.WriteString("</div>\n")
	if len(it.Attachments) > 0 {
		b.WriteString("<div class=\"fj\">附件：<ul>\n")
		for _, a := range it.Attachments {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", a.URL, esc(a.Name))
		}
		b.WriteString("</ul></div>\n")
	}
	b.WriteString("</div>\n")
	s.footer(&b)
	return b.String()
}

func p(b *strings.Builder, format string, a ...any) {
	b.WriteString("<p>")
	b.WriteString(esc(fmt.Sprintf(format, a...)))
	b.WriteString("</p>\n")
}

func (s *Site) body(b *strings.Builder, c *Column, it Item) {
	switch c.Spec.Kind {
	case KindPolicy:
		p(b, "%s", it.DocNo)
		p(b, "各有关单位：")
		p(b, "现将%s印发给你们，请结合实际认真贯彻执行。", strings.TrimSuffix(strings.TrimPrefix(it.Title, "关于印发"), "的通知"))
		p(b, "%s", s.Agency.Name)
		p(b, "%d年%d月%d日", it.Written.Year, int(it.Written.Month), it.Written.Day)
		p(b, "（此件公开发布）")
	case KindInterp:
		p(b, "一、起草背景")
		p(b, "为进一步做好%s工作，%s组织起草了该文件，现就有关内容说明如下。", it.Topic, s.place)
		p(b, "二、主要内容")
		p(b, "文件共分为总体要求、重点任务和保障措施三个部分。")
	case KindBudget:
		p(b, "根据《中华人民共和国预算法》和有关规定，现将%s公开如下。", it.Title)
		p(b, "一、部门基本情况；二、收支预算总表；三、“三公”经费预算安排情况；四、决算说明。")
	case KindLetter:
		l := it.Letter
		fmt.Fprintf(b, "<table class=\"letter\">\n<tr><th>信件标题</th><td>%s</td></tr>\n<tr><th>来信人</th><td>%s**</td></tr>\n<tr><th>来信时间</th><td>%s</td></tr>\n",
			esc(it.Title), []string{"张", "王", "李", "刘", "陈"}[it.ID%5], formatDate(l.Submitted, s.Style.PageDate))
		fmt.Fprintf(b, "<tr><th>来信内容</th><td>本人反映%s方面的问题，希望有关部门尽快核实处理。</td></tr>\n", esc(it.Topic))
		if l.Replied.IsZero() {
			b.WriteString("<tr><th>办理状态</th><td>办理中</td></tr>\n")
		} else {
			fmt.Fprintf(b, "<tr><th>回复单位</th><td>%s</td></tr>\n<tr><th>回复时间</th><td>%s</td></tr>\n<tr><th>回复内容</th><td>您好！来信收悉。经核实，相关情况已转有关单位办理，感谢您的关注。</td></tr>\n",
				esc(s.Agency.Name), formatDate(l.Replied, s.Style.PageDate))
		}
		b.WriteString("</table>\n")
	case KindGuide:
		svc := strings.TrimSuffix(it.Title, "办事指南")
		values := map[string]string{
			"事项名称": svc,
			"设定依据": "《中华人民共和国行政许可法》及相关法规",
			"申请条件": "符合法定条件的自然人、法人或者其他组织",
			"办理材料": "申请表原件1份；身份证明复印件1份",
			"办理地点": s.place + "政务服务中心一楼综合窗口",
			"办理时间": "工作日上午9:00-12:00，下午14:00-17:30",
			"联系电话": fmt.Sprintf("0%03d-%08d", 100+it.ID%800, 80000000+it.ID),
			"办理流程": "申请—受理—审查—决定—送达",
		}
		b.WriteString("<table class=\"bszn\">\n")
		for _, e := range it.Elements {
			fmt.Fprintf(b, "<tr><th>%s</th><td>%s</td></tr>\n", e, esc(values[e]))
		}
		b.WriteString("</table>\n")
	case KindAnnual:
		p(b, "本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。")
	default:
		p(b, "为进一步做好%s工作，%s结合实际，研究制定了相关工作安排，现将有关情况公布如下。", it.Topic, s.place)
		p(b, "一、工作目标。二、主要措施。三、保障机制。")
	}
}

// renderDefect renders the defect pages that are plain responses: the
// server error behind a broken link, the redirect loop and the calendar
// trap. The streamed ones (huge page, gzip bomb) belong to the server.
func (s *Site) renderDefect(path, query string) (Page, bool) {
	has := func(kind string) bool {
		for _, d := range s.Defects {
			if d.Kind == kind {
				return true
			}
		}
		return false
	}
	switch {
	case path == "/cms/search.jsp" && has(DefectBroken500):
		return Page{Status: 500, ContentType: "text/html; charset=utf-8",
			Body: []byte("<html><head><title>500 Internal Server Error</title></head><body><h1>HTTP Status 500 - java.lang.NullPointerException</h1></body></html>\n")}, true
	case path == "/old/index.jsp" && has(DefectRedirectLoop):
		return Page{Status: 302, Location: "/old/index.html"}, true
	case path == "/old/index.html" && has(DefectRedirectLoop):
		return Page{Status: 302, Location: "/old/index.jsp"}, true
	case strings.HasPrefix(path, "/rl/") && has(DefectURLTrap):
		var y, m int
		if _, err := fmt.Sscanf(path, "/rl/%4d%2d.html", &y, &m); err != nil || m < 1 || m > 12 || y < 1 || y > 9999 {
			return Page{}, false
		}
		return s.calendar(y, m, query), true
	}
	return Page{}, false
}

// calendar is an events calendar with previous/next month links that go on
// forever, and a link per day with a query string: an infinite URL space.
func (s *Site) calendar(y, m int, query string) Page {
	var b strings.Builder
	s.head(&b, fmt.Sprintf("活动日历 %d年%d月", y, m), nil)
	py, pm, ny, nm := y, m-1, y, m+1
	if pm == 0 {
		py, pm = y-1, 12
	}
	if nm == 13 {
		ny, nm = y+1, 1
	}
	fmt.Fprintf(&b, "<div class=\"calendar\"><h2>%d年%d月</h2>\n<a href=\"%s\">上个月</a> <a href=\"%s\">下个月</a>\n<ul>\n", y, m, calendarPath(py, pm), calendarPath(ny, nm))
	for d := 1; d <= 28; d++ {
		fmt.Fprintf(&b, "<li><a href=\"%s?day=%d&amp;view=list\">%d日</a></li>\n", calendarPath(y, m), d, d)
	}
	b.WriteString("</ul></div>\n")
	s.footer(&b)
	return s.html(200, &b)
}

package sitefarm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zwgk"
)

var policyForms = []string{"管理办法", "实施细则", "若干措施", "实施方案", "工作方案", "实施意见"}

// Items derives the column's items from its model, newest first. The same
// column always yields the same items.
func (c *Column) Items() []Item {
	switch c.Spec.Kind {
	case KindInterp:
		return c.interpretations()
	case KindAnnual:
		return c.annualReports()
	}
	return c.dated(c.Spec.Kind, c.Count, c.Newest, c.Gap, c.base, c.seed)
}

func (c *Column) dated(kind Kind, n int, newest zwgk.Date, gap, base int, seed uint64) []Item {
	s := c.site
	r := rng(seed, 2)
	items := make([]Item, 0, n)
	d := newest
	for k := 0; k < n; k++ {
		if k > 0 {
			d = d.AddDays(-(1 + r.IntN(2*gap)))
		}
		it := Item{ID: base + k, Date: d, Topic: topics[r.IntN(len(topics))]}
		it.Written = d.AddDays(-(1 + r.IntN(9)))
		num := 1 + r.IntN(40)
		switch kind {
		case KindPolicy:
			form := policyForms[r.IntN(len(policyForms))]
			it.Title = fmt.Sprintf("关于印发《%s%s%s》的通知", s.place, it.Topic, form)
			it.DocNo = fmt.Sprintf("%s规〔%d〕%d号", docAbbr(s), d.Year, num)
			it.Attachments = []zwgk.Attachment{{Ext: "pdf", Name: s.place + it.Topic + form + ".pdf"}}
		case KindBudget:
			switch k % 3 {
			case 0:
				it.Title = fmt.Sprintf("%s%d年部门预算公开", s.Agency.Name, d.Year)
			case 1:
				it.Title = fmt.Sprintf("%s%d年部门决算公开", s.Agency.Name, d.Year-1)
			default:
				it.Title = fmt.Sprintf("%s%d年“三公”经费预算情况说明", s.Agency.Name, d.Year)
			}
			it.Attachments = []zwgk.Attachment{{Ext: "xls", Name: "报表.xls"}, {Ext: "pdf", Name: "说明.pdf"}}
			if k%3 == 2 {
				it.Attachments = it.Attachments[1:]
			}
		case KindLetter:
			kinds := []string{"咨询", "建议", "投诉", "求助"}
			it.Title = fmt.Sprintf("关于%s问题的%s", it.Topic, kinds[r.IntN(len(kinds))])
			reply := d.AddDays(1 + r.IntN(8))
			l := &Letter{Submitted: d}
			if !reply.After(s.LastUpdate) {
				l.Replied = reply
			}
			it.Letter = l
		case KindGuide:
			svc := services[(k+int(seed%7))%len(services)]
			it.Title = svc + "办事指南"
			it.Elements = guideElements
			if len(c.Drop) > 0 && (k%2 == 0 || c.DropAll) {
				it.Elements = slices.DeleteFunc(slices.Clone(guideElements), func(e string) bool { return slices.Contains(c.Drop, e) })
			}
			it.Attachments = []zwgk.Attachment{{Ext: "doc", Name: "申请表.doc"}}
		case KindSolicit:
			form := policyForms[r.IntN(len(policyForms))]
			if k%2 == 0 {
				it.Title = fmt.Sprintf("关于《%s%s%s（征求意见稿）》公开征求意见的公告", s.place, it.Topic, form)
			} else {
				it.Title = fmt.Sprintf("关于《%s%s%s（征求意见稿）》意见采纳情况的反馈", s.place, it.Topic, form)
			}
		case KindEnforced:
			switch k % 3 {
			case 0:
				it.Title = fmt.Sprintf("%s行政处罚裁量基准（%d年修订）", s.place, d.Year)
			case 1:
				it.Title = fmt.Sprintf("%s%d年第%d批双随机抽查结果", s.place, d.Year, num)
			default:
				it.Title = fmt.Sprintf("%s行政执法事项清单", s.place)
			}
		default:
			t := c.Spec.Titles[r.IntN(len(c.Spec.Titles))]
			it.Title = expand(t, s.place, it.Topic, d.Year, num)
			if c.Spec.Slug == "xczx" || c.Spec.Slug == "tjxx" && k%4 == 0 {
				it.Attachments = []zwgk.Attachment{{Ext: "xlsx", Name: "明细表.xlsx"}}
			}
		}
		for i := range it.Attachments {
			it.Attachments[i].URL = fmt.Sprintf("/%s/%s/P0%s%d_%d.%s", c.Spec.Slug, d.Time().Format("200601"),
				d.Time().Format("20060102"), it.ID, i+1, it.Attachments[i].Ext)
		}
		items = append(items, it)
	}
	if kind == KindLetter && c.unanswered() {
		// The oldest letters of the past year that fall 90 days back or more
		// stay unanswered: a veto under the response rule.
		left := 2 + int(seed%3)
		for i := range items {
			age := items[i].Date.DaysUntil(s.farm.AsOf)
			if left > 0 && age >= 100 && age < 330 && i%2 == 1 {
				items[i].Letter.Replied = zwgk.Date{}
				left--
			}
		}
	}
	return items
}

func (c *Column) unanswered() bool {
	for _, d := range c.site.Defects {
		if d.Kind == DefectUnanswered {
			return true
		}
	}
	return false
}

// policySource is the model of the policy documents an interpretation
// column interprets: the site's policy column, or, when that is missing,
// a hidden one built the same way.
func (c *Column) policySource() *Column {
	if p := c.site.Column("zcwj"); p != nil {
		return p
	}
	spec := &Catalogue[slices.IndexFunc(Catalogue, func(s ColumnSpec) bool { return s.Slug == "zcwj" })]
	return &Column{Spec: spec, site: c.site, Count: 20, Newest: c.site.LastUpdate.AddDays(-10), Gap: spec.Every, base: c.base + 5000, seed: c.seed ^ 0xabc}
}

// interpretations interpret most policy documents, a few days after each,
// with titles that name the document (《…》政策解读).
func (c *Column) interpretations() []Item {
	if c.Count == 0 {
		return nil
	}
	pol := c.policySource()
	docs := pol.Items()
	r := rng(c.seed, 3)
	share := 6 + r.IntN(5) // in tenths
	var items []Item
	for k, p := range docs {
		if int(mix(uint64(p.ID))%10) >= share {
			continue
		}
		name := p.Title
		if i, j := strings.Index(name, "《"), strings.LastIndex(name, "》"); i >= 0 && j > i {
			name = name[i : j+len("》")]
		}
		forms := []string{"%s政策解读", "图解：%s", "%s政策问答", "一图读懂%s"}
		d := p.Date.AddDays(int(mix(uint64(p.ID)+1) % 4))
		if d.After(c.site.LastUpdate) {
			d = c.site.LastUpdate
		}
		items = append(items, Item{ID: c.base + k, Date: d, Written: d, Topic: p.Topic,
			Title: fmt.Sprintf(forms[int(mix(uint64(p.ID)+2)%4)], name)})
	}
	slices.SortStableFunc(items, func(a, b Item) int { return b.Date.Time().Compare(a.Date.Time()) })
	return items
}

// annualReports are the annual reports on government information
// disclosure of the past five years, each due by 31 January of the next.
func (c *Column) annualReports() []Item {
	if c.Count == 0 {
		return nil
	}
	s := c.site
	var late, gone, march bool
	for _, d := range s.Defects {
		late = late || d.Kind == DefectAnnualReportLate
		gone = gone || d.Kind == DefectAnnualReportGone
		march = march || d.Kind == DefectReportMarch
	}
	var items []Item
	for i := 0; i < c.Count; i++ {
		y := s.farm.AsOf.Year - 1 - i
		if i == 0 && gone {
			continue
		}
		d := zwgk.NewDate(y+1, 1, 10+int(mix(c.seed+uint64(y))%20))
		it := Item{ID: c.base + i, Title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", s.Agency.Name, y)}
		if i == 0 && late {
			d = zwgk.NewDate(y+1, 3, 5+int(mix(c.seed)%60))
			it.Late = true
		}
		if i == 0 && march {
			d = zwgk.NewDate(y+1, 3, 15) // on time for a government, late for a department
			it.Late = !IsGovernmentSite(s)
		}
		if d.After(s.LastUpdate) {
			continue
		}
		it.Date, it.Written = d, d
		it.Attachments = []zwgk.Attachment{{Ext: "pdf", Name: it.Title + ".pdf",
			URL: fmt.Sprintf("/%s/%s/P0%s%d_1.pdf", c.Spec.Slug, d.Time().Format("200601"), d.Time().Format("20060102"), it.ID)}}
		items = append(items, it)
	}
	return items
}

func docAbbr(s *Site) string {
	r := []rune(s.place)
	if len(r) == 0 {
		return "政"
	}
	if s.dept {
		return string(r[0]) + "政"
	}
	return string(r[0]) + "府"
}

// itemAt finds the item with the id, and its index.
func (c *Column) itemAt(id int) (Item, bool) {
	for _, it := range c.Items() {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

func itoa(n int) string { return strconv.Itoa(n) }

// expand fills a title template: {p} place, {t} topic, {y} year, {n} number.
func expand(t, place, topic string, year, num int) string {
	var b strings.Builder
	b.Grow(len(t) + len(place) + len(topic))
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 || i+2 >= len(t) || t[i+2] != '}' {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch t[i+1] {
		case 'p':
			b.WriteString(place)
		case 't':
			b.WriteString(topic)
		case 'y':
			b.WriteString(strconv.Itoa(year))
		case 'n':
			b.WriteString(strconv.Itoa(num))
		default:
			b.WriteString(t[i : i+3])
		}
		t = t[i+3:]
	}
}

// count is the number of items without deriving them when the model says.
func (c *Column) count() int {
	switch c.Spec.Kind {
	case KindInterp, KindAnnual:
		return len(c.Items())
	}
	return c.Count
}

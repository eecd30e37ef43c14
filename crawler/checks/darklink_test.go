package checks

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"zwgk"
	"zwgk/crawler/extract"
)

const page = "http://www.example.gov.cn/index.html"

func darkCandidates(t testing.TB, lists Lists, markup string) []zwgk.ContentCheck {
	t.Helper()
	return mustChecker(t, Config{Kinds: []zwgk.CheckKind{zwgk.CheckDarkLink}, Lists: lists}).HTML(page, markup)
}

func TestDarkLinks(t *testing.T) {
	tests := []struct {
		name, markup string
		rules        string
		target       string // in the excerpt of the first
	}{
		{"gambling anchor text", `<div class="yqlj"><a href="http://www.js8899.com/">澳门百家乐 真人娱乐</a></div>`, RuleDarkKeyword, "js8899.com"},
		{"keyword in the host", `<a href="https://best-casino-online.net/">友情链接</a>`, RuleDarkKeyword, "casino"},
		{"listed host", `<a href="http://m.bad.example.com/x">市民服务</a>`, RuleDarkDomain, "bad.example.com"},
		{"inline display none", `<div style="display: none"><a href="http://www.sjzsh.cn/">seo</a></div><a href="/xxgk/">信息公开</a>`, RuleDarkHidden, "sjzsh.cn"},
		{"off screen", `<div style="position:absolute;top:-999px;left:-999px"><p><a href="http://a.example.net/">电子</a></p></div>`, RuleDarkHidden, "a.example.net"},
		{"font size zero", `<span style="font-size:0px"><a href="http://b.example.org/">x</a></span>`, RuleDarkHidden, "b.example.org"},
		{"hidden by a stylesheet class", `<style>.hd{position:absolute;left:-3000px}</style><div class="box hd"><a href="http://c.example.org/">c</a></div>`, RuleDarkHidden, "c.example.org"},
		{"hidden attribute", `<p hidden><a href="http://d.example.org/">d</a></p>`, RuleDarkHidden, "d.example.org"},
		{"hidden and gambling", `<div style="display:none"><a href="http://e.example.org/">六合彩</a></div>`, RuleDarkKeyword, "e.example.org"},
		{"encoded keyword in the target", `<a href="http://f.example.org/%E5%8D%9A%E5%BD%A9/">more</a>`, RuleDarkKeyword, "f.example.org"},

		{"hidden own-site menu", `<ul style="display:none"><li><a href="/zwgk/">政务公开</a></li><li><a href="http://zwfw.example.gov.cn/">政务服务</a></li></ul>`, "", ""},
		{"hidden government links", `<div style="display:none"><a href="http://www.gov.cn/">中国政府网</a><a href="https://www.beijing.gov.cn/">北京</a></div>`, "", ""},
		{"stylesheet display none is a menu", `<style>.sub{display:none}</style><ul class="sub"><li><a href="http://www.people.com.cn/">人民网</a></li></ul>`, "", ""},
		{"visible external link", `<a href="http://www.people.com.cn/">人民网</a><a href="http://www.xinhuanet.com/">新华网</a>`, "", ""},
		{"lottery of the state", `<a href="http://www.cwl.gov.cn/">中国福利彩票</a><a href="https://www.lottery.gov.cn/">体育彩票</a>`, "", ""},
		{"closed hidden block", `<div style="display:none"><a href="/a">a</a></div><p><a href="http://g.example.org/">合作</a></p>`, "", ""},
		{"li closes li", `<ul><li style="display:none"><a href="/a">a</a><li><a href="http://h.example.org/">h</a></ul>`, "", ""},
		{"anti-gambling campaign", `<a href="http://www.example.gov.cn/a.html">打击六合彩专项行动</a><a href="/b.html">严厉打击网络色情</a>`, "", ""},
		{"an address", `<div style="display:none"><a href="http://127.0.0.1:81/">x</a></div>`, RuleDarkHidden, "127.0.0.1:81"},
		{"residence permit guide", `<a href="http://zwfw.example.com/jzz">居住证办证指南</a><a href="http://www.example.com/">互联网投资</a>`, "", ""},
		{"javascript link", `<div style="display:none"><a href="javascript:void(0)">x</a><a href="mailto:a@b.org">m</a></div>`, "", ""},
		{"sussex is no sex", `<a href="http://www.sussex.ac.uk/">University of Sussex</a>`, "", ""},
	}
	lists := Lists{DarkDomains: []string{"bad.example.com"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := darkCandidates(t, lists, tt.markup)
			if rules(got) != tt.rules {
				t.Fatalf("rules %q (%v), want %q", rules(got), got, tt.rules)
			}
			if len(got) > 0 {
				if !strings.Contains(got[0].Excerpt, tt.target) || got[0].Kind != zwgk.CheckDarkLink || got[0].URL != page || got[0].Note == "" {
					t.Errorf("candidate %+v: want %s in the excerpt", got[0], tt.target)
				}
			}
		})
	}
}

func TestSameSite(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"www.example.gov.cn", "zwgk.example.gov.cn", true},
		{"www.example.gov.cn", "www.other.gov.cn", false},
		{"www.example.com", "news.example.com:8080", true},
		{"127.0.0.5:8080", "127.0.0.5:8080", true},
		{"127.0.0.5:8080", "127.0.0.5:9090", false},
		{"127.0.0.5:8080", "127.0.0.6:8080", false},
	} {
		if got := sameSite(tt.a, tt.b); got != tt.want {
			t.Errorf("sameSite(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}

func TestDarkLinkNotesSayHow(t *testing.T) {
	got := darkCandidates(t, Lists{}, `<div style="display:none"><a href="http://x.example.org/">百家乐</a></div>`)
	if len(got) != 1 || !strings.Contains(got[0].Note, "百家乐") || !strings.Contains(got[0].Note, "display:none") {
		t.Errorf("%v: the note should name the keyword and the hiding", got)
	}
}

func TestDarkLinksHostile(t *testing.T) {
	// 100,000 hidden links to other sites: at most MaxPerPage candidates.
	var b strings.Builder
	b.WriteString(`<div style="display:none">`)
	for i := range 100000 {
		fmt.Fprintf(&b, `<a href="http://s%d.example.org/">站%d</a>`, i, i)
	}
	if got := darkCandidates(t, Lists{}, b.String()); len(got) != MaxPerPage {
		t.Errorf("%d candidates, want the cap %d", len(got), MaxPerPage)
	}
	// Nesting far past the stack bound keeps the hidden state.
	deep := `<div style="display:none">` + strings.Repeat("<div>", 2000) + `<a href="http://deep.example.org/">x</a>`
	if got := darkCandidates(t, Lists{}, deep); rules(got) != RuleDarkHidden {
		t.Errorf("deep nesting: %v", got)
	}
	// Unclosed tags, a broken stylesheet, a 1 MB attribute.
	junk := `<style>.a{left:-9999px` + `<a href="http://j.example.org/" title="` + strings.Repeat("x", 1<<20) + `">j</a><div class="a"><a href="`
	darkCandidates(t, Lists{}, junk) // must not panic or hang
}

func BenchmarkDarkLinks(b *testing.B) {
	c := mustChecker(b, Config{Kinds: []zwgk.CheckKind{zwgk.CheckDarkLink}})
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, `<li><a href="/xxgk/2026/t%d.html">关于做好第%d项工作的通知</a><span>2026-11-12</span></li>`, i, i)
	}
	markup := sb.String()
	b.SetBytes(int64(len(markup)))
	for b.Loop() {
		c.HTML(page, markup)
	}
}

func TestIdentity(t *testing.T) {
	footer := `主办单位：北京市东城区人民政府办公室　承办单位：东城区政务服务和数据管理局
版权所有 © 2003-2026　联系电话：010-12345678
京ICP备05060933号-1　政府网站标识码：1101010001　京公网安备 11010102000001号`
	id := Identity(page, footer, []string{"https://bszs.conac.cn/sitename?method=show&id=ABCDEF"}, `<meta name="SiteIDCode" content="1101010001">`)
	want := zwgk.SiteIdentity{URL: page, Footer: true, SiteCode: "1101010001", SiteCodeMeta: "1101010001", ICP: "京ICP备05060933号-1",
		PSB: "京公网安备 11010102000001号", Conac: true, Sponsor: "北京市东城区人民政府办公室", Contact: true}
	if id != want {
		t.Errorf("Identity =\n%+v\nwant\n%+v", id, want)
	}

	ministry := Identity(page, "主办：中华人民共和国某某部 网站标识码bm16000001 京ICP备10000001号", nil, `<script src="//dcs.conac.cn/js/33/000/0000/40672185/CA330000000406721850001.js"></script>`)
	if ministry.SiteCode != "bm16000001" || !ministry.Conac || ministry.Sponsor != "中华人民共和国某某部" || ministry.PSB != "" || ministry.Contact {
		t.Errorf("ministry: %+v", ministry)
	}

	bad := Identity(page, "版权所有：某县人民政府 网站标识码：511321000 蜀ICP备12345678号", nil, "")
	if bad.SiteCode != "" || bad.SiteCodeBad != "511321000" || bad.ICP != "蜀ICP备12345678号" {
		t.Errorf("nine digits: %+v", bad)
	}

	// A footer a script writes: no item, and no footer seen.
	none := Identity(page, "首页 政务公开 政务服务 互动交流", []string{"http://www.conac.cn.example.org/"}, "")
	if none.Footer || none.Conac || none.SiteCode != "" || none.ICP != "" {
		t.Errorf("no footer: %+v", none)
	}
	// A document number near the words is not a site code.
	doc := Identity(page, "关于网站标识码管理的通知（国办发〔2019〕1号）", nil, "")
	if doc.SiteCode != "" {
		t.Errorf("document: %+v", doc)
	}
}

// benchPage is a list page of a government site, 1,000 rows in a page of
// navigation, a footer and a hidden block.
func benchPage() string {
	var sb strings.Builder
	sb.WriteString(`<html><head><meta name="SiteIDCode" content="1101010001"><style>.nav li{float:left}</style></head><body><ul class="nav">`)
	for i := range 40 {
		fmt.Fprintf(&sb, `<li><a href="/col%d/">栏目%d</a></li>`, i, i)
	}
	sb.WriteString(`</ul><div class="list"><ul>`)
	for i := range 1000 {
		fmt.Fprintf(&sb, `<li><a href="./202611/t20261112_%d.html">关于做好第%d项安全生产工作部署的通知</a><span>2026-11-12</span></li>`, i, i)
	}
	sb.WriteString(`</ul></div><div style="display:none"><a href="http://www.people.com.cn/">人民网</a></div>`)
	sb.WriteString(`<div class="footer">主办单位：某区人民政府 京ICP备05060933号-1 政府网站标识码：1101010001</div></body></html>`)
	return sb.String()
}

// BenchmarkChecksVsParse: the content checks of one page (text and
// markup) against parsing it (the baseline every page pays already).
func BenchmarkChecksVsParse(b *testing.B) {
	markup := benchPage()
	base, _ := url.Parse(page)
	ep, err := extract.Parse(markup, base, extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	c := mustChecker(b, Config{Kinds: zwgk.CheckKinds, Lists: Lists{Leaders: testLeaders}})
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			extract.Parse(markup, base, extract.Options{})
		}
	})
	b.Run("checks", func(b *testing.B) {
		for b.Loop() {
			c.Text(page, ep.Title+"\n"+ep.Text)
			c.HTML(page, markup)
		}
	})
}

package checks

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"zwgk"
)

// provinceChars start ICP and public-security record numbers (京ICP备…,
// 京公网安备…): one character per province, 川 and 蜀, 贵 and 黔, 云 and
// 滇 both in use.
const provinceChars = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕甘青宁新"

var (
	siteCodeRe = regexp.MustCompile(`(?:网站标识码|網站標識碼|网站识别码)\s*[:：]?\s*([A-Za-z0-9]{1,20})`)
	siteCodeOK = regexp.MustCompile(`^(?:\d{10}|[bB][mM]\d{8})$`)
	icpRe      = regexp.MustCompile(`[` + provinceChars + `]\s*(?i:icp)\s*[备備]\s*\d{5,12}\s*[号號](?:\s*-\s*\d{1,3})?`)
	psbRe      = regexp.MustCompile(`[` + provinceChars + `]\s*公[网網]安[备備]\s*\d{8,16}\s*[号號]?`)
	sponsorRe  = regexp.MustCompile(`主\s*[办辦](?:[单單]位)?\s*[:：]\s*([^\s　|｜，,；;]{2,40})`)
	contactRe  = regexp.MustCompile(`联系电话|联系方式|联系我们|咨询电话|电话\s*[:：]\s*[\d(（]|(?i:e-?mail|邮箱)\s*[:：]|@[a-z0-9-]+\.[a-z]`)
	footerRe   = regexp.MustCompile(`(?i)©|copyright|版权所有|版權所有|主\s*[办辦]|承\s*[办辦]|icp|备案|網站標識碼|网站标识码|技术支持`)
)

// Identity reads what a home page shows of the site's identification:
// its visible text, the targets of its links and scripts, and its markup
// (for the SiteIDCode meta tag). It reads the whole page, since a footer
// has no fixed markup; the first occurrence of each item counts.
func Identity(pageURL, text string, links []string, markup string) zwgk.SiteIdentity {
	if len(text) > MaxText {
		text = text[:MaxText]
	}
	id := zwgk.SiteIdentity{URL: pageURL, Footer: footerRe.MatchString(text)}
	if m := siteCodeRe.FindStringSubmatch(text); m != nil {
		if siteCodeOK.MatchString(m[1]) {
			id.SiteCode = m[1]
		} else {
			id.SiteCodeBad = m[1]
		}
	}
	if m := icpRe.FindString(text); m != "" {
		id.ICP = strings.Join(strings.Fields(m), "")
	}
	if m := psbRe.FindString(text); m != "" {
		id.PSB = strings.Join(strings.Fields(m), " ")
	}
	if m := sponsorRe.FindStringSubmatch(text); m != nil {
		id.Sponsor = m[1]
	}
	id.Contact = contactRe.MatchString(text)
	for _, l := range links {
		if conacURL(l) {
			id.Conac = true
			break
		}
	}
	meta, conac := headFacts(markup)
	id.SiteCodeMeta = meta
	id.Conac = id.Conac || conac
	return id
}

// conacURL: the 党政机关网站标识 links to, or is served by, conac.cn
// (bszs.conac.cn/sitename?method=show&id=…, dcs.conac.cn/js/…).
func conacURL(u string) bool {
	u = strings.ToLower(u)
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https:"), "http:")
	u = strings.TrimPrefix(u, "//")
	host, _, _ := strings.Cut(u, "/")
	host, _, _ = strings.Cut(host, "?")
	return host == "conac.cn" || strings.HasSuffix(host, ".conac.cn")
}

// headFacts reads the SiteIDCode meta tag and whether a script or image
// of conac.cn is on the page, within MaxTokens tokens.
func headFacts(markup string) (siteIDCode string, conac bool) {
	z := html.NewTokenizer(strings.NewReader(markup))
	z.SetMaxBuf(4 << 20)
	for n := 0; n < MaxTokens; n++ {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			name, has := z.TagName()
			if !has {
				continue
			}
			tag := string(name)
			if tag != "meta" && tag != "script" && tag != "img" {
				continue
			}
			var metaName, content string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "name":
					metaName = string(v)
				case "content":
					content = string(v)
				case "src":
					if conacURL(string(v)) {
						conac = true
					}
				}
			}
			if tag == "meta" && strings.EqualFold(metaName, "SiteIDCode") && siteIDCode == "" {
				siteIDCode = clipBytes(strings.TrimSpace(content), 40)
			}
		}
	}
	return
}

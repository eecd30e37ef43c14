package sitefarm

import (
	"fmt"
	"strings"

	"zwgk"
)

// Content-check defects (issue 19): personal data published by mistake,
// each beside a decoy that only looks like it, so that the ground truth
// says both what must be proposed to the assessor and what must not.
const (
	DefectLeakedID     = "leaked_id_number" // a valid citizen ID number, beside a document number of the same shape
	DefectLeakedMobile = "leaked_mobile"    // a citizen's mobile number, beside the agency's published hotline
	DefectLeakedCard   = "leaked_bank_card" // a bank card number, beside a Luhn-failing account reference

	DefectWrongTitle = "wrong_leader_title" // a listed leader given another's title (副市长 for the 市长), beside right mentions
	DefectTypo       = "typo"               // a misused word (工作部属), beside correct uses (部属院校, 决策部署)
	DefectDarkLinks  = "dark_links"         // a gambling link and a hidden link to another site on the home page
	DefectNoSiteCode = "missing_site_code"  // the footer lacks the 网站标识码

	DefectReportMarch   = "annual_report_15_march"  // last year's annual report published on 15 March
	DefectPetitionOnly  = "petition_channel_only"   // the only letters channel is 网上信访, which the 2019 rule does not count
	DefectGuidesUseless = "guides_missing_elements" // every service guide lacks five of its eight elements (2019 veto 6)
)

// Leaders is the farm's list of current leaders (every site's region
// shares it): a framework that carries it (LeadersYAML) lets the wording
// check see the wrong titles the farm plants.
var Leaders = []struct{ Name, Title string }{{"王建国", "市长"}, {"李卫东", "副市长"}, {"陈晓明", "市委书记"}}

// LeadersYAML is Leaders as a framework's word_lists entry.
func LeadersYAML() string {
	var b strings.Builder
	b.WriteString("word_lists:\n  leaders:\n")
	for _, l := range Leaders {
		fmt.Fprintf(&b, "    - {name: %s, titles: [%s]}\n", l.Name, l.Title)
	}
	return b.String()
}

// IsGovernmentSite reports whether the site is a people's government's
// (its annual report is due by 31 March), not a department's.
func IsGovernmentSite(s *Site) bool {
	return !s.dept && s.Agency.Level != zwgk.LevelMinistry
}

var (
	checksEvery = len(rotation)     // sites between two content-check overlays
	checksSlot  = len(rotation) - 1 // k % checksEvery of the overlaid sites (a good profile)
)

// leak is personal data rendered in one article of a site.
type leak struct {
	slug  string // column
	item  int    // item ID
	paras []string
	truth []zwgk.ContentCheck // URL filled by the truth
}

// applyChecks overlays content-check defects on every twelfth good site,
// in three alternating variants, so that each occurs in any 50
// consecutive sites; the other findings of the site do not change.
func (s *Site) applyChecks(k int) {
	if k%checksEvery != checksSlot || s.Profile != ProfileGood {
		return
	}
	c := s.Column("tzgg")
	if c == nil || c.Count == 0 {
		return
	}
	it := c.Items()[0] // the newest: every crawl opens it
	name := []string{"张", "王", "李", "刘", "陈"}[k%5] + "某某"
	var l leak
	switch (k / checksEvery) % 3 {
	case 0:
		id := fakeID(s.Agency.Region, k)
		decoy := decoyID(s.Agency.Region, k)
		l = leak{paras: []string{
			fmt.Sprintf("经审核，%s（身份证号：%s）符合补助条件，现予公示。", name, id),
			fmt.Sprintf("索引号：%s；文件编号：%s", decoy, s.siteID()),
		}, truth: []zwgk.ContentCheck{{Kind: zwgk.CheckPrivacy, Rule: "privacy.id_card", Excerpt: id[:6] + "********" + id[14:]}}}
		s.addDefect(DefectLeakedID, []string{c.Label}, map[string]any{"masked": id[:6] + "********" + id[14:], "decoy": decoy})
	case 1:
		mob := fmt.Sprintf("139%08d", 10000000+k%89999999)
		l = leak{paras: []string{
			fmt.Sprintf("申请人：%s，手机%s，申请事项已受理。", name, mob),
			"联系电话：13800138000（政务服务热线）",
		}, truth: []zwgk.ContentCheck{{Kind: zwgk.CheckPrivacy, Rule: "privacy.mobile", Excerpt: mob[:3] + "****" + mob[7:]}}}
		s.addDefect(DefectLeakedMobile, []string{c.Label}, map[string]any{"masked": mob[:3] + "****" + mob[7:]})
	default:
		card := luhnComplete(fmt.Sprintf("621700%012d", 100000000+k))
		bad := card[:len(card)-1] + string('0'+(card[len(card)-1]-'0'+1)%10)
		l = leak{paras: []string{
			fmt.Sprintf("补贴资金已发放至%s的银行账户%s。", name, card),
			fmt.Sprintf("业务流水号%s。", bad),
		}, truth: []zwgk.ContentCheck{{Kind: zwgk.CheckPrivacy, Rule: "privacy.bank_card", Excerpt: card[:4] + strings.Repeat("*", len(card)-8) + card[len(card)-4:]}}}
		s.addDefect(DefectLeakedCard, []string{c.Label}, map[string]any{"masked": l.truth[0].Excerpt})
	}
	l.slug, l.item = c.Spec.Slug, it.ID
	s.leaks = append(s.leaks, l)

	// The dictionary and identity overlays, in three alternating variants;
	// traditional-character sites get the two the lists do not depend on.
	v := (k / checksEvery) % 3
	if v == 0 && s.Style.Traditional {
		v = 1 + (k/checksEvery/3)%2
	}
	switch v {
	case 0:
		mayor, secretary := Leaders[0], Leaders[2]
		s.leaks = append(s.leaks, leak{slug: c.Spec.Slug, item: it.ID, paras: []string{
			fmt.Sprintf("会上，副%s%s对下一阶段工作部属提出明确要求。", mayor.Title, mayor.Name),
			fmt.Sprintf("%s%s出席会议并讲话，要求部属院校和驻地单位认真落实党中央决策部署。", secretary.Title, secretary.Name),
			fmt.Sprintf("%s%s强调，要对照京政办发〔%d〕12号文件逐项抓好落实。", mayor.Title, mayor.Name, s.farm.AsOf.Year),
		}, truth: []zwgk.ContentCheck{
			{Kind: zwgk.CheckWording, Rule: "wording.leader_title", Excerpt: "【副" + mayor.Title + mayor.Name + "】"},
			{Kind: zwgk.CheckTypo, Rule: "typo.list", Excerpt: "【工作部属】"},
		}})
		s.addDefect(DefectWrongTitle, []string{c.Label}, map[string]any{"name": mayor.Name, "listed": mayor.Title, "shown": "副" + mayor.Title})
		s.addDefect(DefectTypo, []string{c.Label}, map[string]any{"wrong": "工作部属", "right": "工作部署"})
	case 1:
		s.extraLinks = append(s.extraLinks,
			extraLink{Text: "澳门百家乐", Path: "/casino/", Dead: true, Cause: zwgk.CauseRefused},
			extraLink{Text: "友情链接", Path: "/yqlj/", Dead: true, Cause: zwgk.CauseRefused, Hidden: "display:none"})
		s.darkLinks = []zwgk.ContentCheck{
			{Kind: zwgk.CheckDarkLink, Rule: "dark_link.keyword"},
			{Kind: zwgk.CheckDarkLink, Rule: "dark_link.hidden"},
		}
		if !s.Style.Traditional {
			// The gambling link's text is on the page: a sensitive word
			// (the lists are in simplified characters: 百家樂 is not read).
			s.darkLinks = append(s.darkLinks, zwgk.ContentCheck{Kind: zwgk.CheckSensitive, Rule: "sensitive.list"})
		}
		s.addDefect(DefectDarkLinks, []string{"/"}, map[string]any{"visible": "/casino/", "hidden": "/yqlj/"})
	case 2:
		s.noSiteCode = true
		s.addDefect(DefectNoSiteCode, []string{"footer"}, nil)
	}

	// The 2019-rule overlays, in four alternating variants.
	switch (k / checksEvery) % 4 {
	case 0:
		if c := s.Column("xxgknb"); c != nil {
			s.addDefect(DefectReportMarch, []string{c.Label}, map[string]any{"date": fmt.Sprintf("%d-03-15", s.farm.AsOf.Year), "government": IsGovernmentSite(s)})
		}
	case 1:
		if c := s.Column("ldxx"); c != nil {
			c.Label = "网上信访"
			s.addDefect(DefectPetitionOnly, []string{c.Label}, nil)
		}
	case 2:
		if c := s.Column("bszn"); c != nil {
			c.Drop, c.DropAll = guideElements[1:6], true
			c.Count = max(c.Count, 8)
			s.addDefect(DefectGuidesUseless, []string{c.Label}, map[string]any{"missing": c.Drop, "guides": "every"})
		}
	}
}

// leakBody renders the leaked paragraphs of an article, if any.
func (s *Site) leakBody(b *strings.Builder, c *Column, it Item) {
	for _, l := range s.leaks {
		if l.slug == c.Spec.Slug && l.item == it.ID {
			for _, t := range l.paras {
				p(b, "%s", t)
			}
		}
	}
}

// truthChecks adds the content-check candidates a perfect detector
// proposes, and the scan that says the checks ran.
func (s *Site) truthChecks(ev *zwgk.Evidence, base string) {
	for _, c := range s.Columns {
		if c.Spec.Area == AreaHome {
			ev.FirstLevel = append(ev.FirstLevel, base+"/"+c.Spec.Slug+"/")
		}
	}
	ev.Scanned = &zwgk.ContentScan{Checks: zwgk.CheckKinds, Leaders: len(Leaders)}
	for _, d := range s.darkLinks {
		d.URL = base + "/"
		ev.ContentChecks = append(ev.ContentChecks, d)
	}
	icp, psb := s.recordNumbers()
	ev.Identity = &zwgk.SiteIdentity{URL: base + "/", Footer: true, ICP: strings.Join(strings.Fields(s.text(icp)), ""),
		PSB: strings.Join(strings.Fields(s.text(psb)), " "), Sponsor: s.text(s.Agency.Name)}
	if !s.noSiteCode {
		ev.Identity.SiteCode = s.siteID()
	}
	if s.Style.Meta {
		ev.Identity.SiteCodeMeta = s.siteID()
	}
	for _, l := range s.leaks {
		c := s.Column(l.slug)
		for _, it := range c.Items() {
			if it.ID != l.item {
				continue
			}
			u := base + it.path(c, c.shownDate(it))
			for _, t := range l.truth {
				t.URL = u
				ev.ContentChecks = append(ev.ContentChecks, t)
			}
		}
	}
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// fakeID is a citizen ID number that is valid in every respect (the
// site's region, a birth date, a check character by GB 11643) and belongs
// to nobody: the sequence 9xx is not issued to the region in the farm.
func fakeID(region zwgk.Region, k int) string {
	d17 := fmt.Sprintf("%s%04d%02d%02d9%02d", region, 1960+k%40, 1+k%12, 1+k%28, k%100)
	return d17 + string(idCheck(d17))
}

// decoyID has the shape of an ID number (region, date, 18 characters) but
// the wrong check character, as an index number or a document number may.
func decoyID(region zwgk.Region, k int) string {
	d17 := fmt.Sprintf("%s%04d%02d%02d%03d", region, 2020+k%6, 1+k%12, 1+(k+3)%28, 100+k%900)
	right := idCheck(d17)
	for _, c := range "0123456789X" {
		if byte(c) != right {
			return d17 + string(c)
		}
	}
	return d17
}

func idCheck(d17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

func luhnComplete(d string) string {
	for c := byte('0'); c <= '9'; c++ {
		x := d + string(c)
		sum, dbl := 0, false
		for i := len(x) - 1; i >= 0; i-- {
			v := int(x[i] - '0')
			if dbl {
				v *= 2
				if v > 9 {
					v -= 9
				}
			}
			sum += v
			dbl = !dbl
		}
		if sum%10 == 0 {
			return x
		}
	}
	return d
}

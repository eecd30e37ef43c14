package indicators

import "slices"

// RuleSiteIdentity judges the identification a site's home page shows.
const RuleSiteIdentity RuleKind = "site_identity"

// Site-identity items, as a site_identity rule names them.
const (
	IdentitySiteCode = "site_code" // 网站标识码 (ten digits, or bm and eight digits)
	IdentityICP      = "icp"       // ICP 备案编号
	IdentityPSB      = "psb"       // 公安机关备案编号
	IdentityConac    = "conac"     // 党政机关网站标识
	IdentitySponsor  = "sponsor"   // 主办单位
	IdentityContact  = "contact"   // 联系方式
)

// IdentityItems lists every site-identity item.
var IdentityItems = []string{IdentitySiteCode, IdentityICP, IdentityPSB, IdentityConac, IdentitySponsor, IdentityContact}

// IdentityChinese names an item for assessors and agencies.
var IdentityChinese = map[string]string{
	IdentitySiteCode: "网站标识码",
	IdentityICP:      "ICP备案编号",
	IdentityPSB:      "公安机关备案标识",
	IdentityConac:    "党政机关网站标识",
	IdentitySponsor:  "主办单位",
	IdentityContact:  "联系方式",
}

// SiteIdentity: the home page shows each of Items (all six when none
// are listed); occurrences = items missing, fraction = share shown. A
// 网站标识码 of the wrong form counts as missing. A home page without any
// footer (its footer may be written by a script the crawl did not run)
// leaves the finding pending: a missing item is then not known to be
// missing.
type SiteIdentity struct {
	Items []string `yaml:"items,omitempty"`
}

func init() {
	ruleChinese[RuleSiteIdentity] = "网站标识"
}

func (s *SiteIdentity) applyDefaults() {
	if len(s.Items) == 0 {
		s.Items = append([]string(nil), IdentityItems...)
	}
}

func (s *SiteIdentity) validate(bad func(string, ...any)) {
	for i, it := range s.Items {
		switch {
		case !slices.Contains(IdentityItems, it):
			bad("items: unknown item %q (one of site_code, icp, psb, conac, sponsor, contact)", it)
		case slices.Contains(s.Items[:i], it):
			bad("items: %q listed twice", it)
		}
	}
}

// NeedsIdentity reports whether a rule of the framework judges the site's
// identification (the crawler then reads it off the home page).
func (f *Framework) NeedsIdentity() bool {
	for _, ind := range f.Leaves() {
		if ind.Rule != nil && ind.Rule.SiteIdentity != nil {
			return true
		}
	}
	return false
}

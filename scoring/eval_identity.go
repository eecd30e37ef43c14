package scoring

import (
	"fmt"
	"strings"

	"zwgk/indicators"
)

// ArtifactIdentity is the identification the home page shows.
const ArtifactIdentity Artifact = "identity"

func init() {
	registry[indicators.RuleSiteIdentity] = Evaluator{indicators.RuleSiteIdentity, "网站标识", []Artifact{ArtifactIdentity}, true, evalSiteIdentity}
}

// evalSiteIdentity: the share of the listed items the home page shows;
// each missing item is one occurrence. Nothing read, or a home page
// without any footer (one a script writes, which the crawl did not run),
// says nothing of what is missing: pending, never a failure.
func evalSiteIdentity(in Input) Result {
	id := in.Evidence.Identity
	if id == nil {
		return Result{Pending: true, Measure: "采集时未读取网站标识", Problem: "未读取首页页脚的网站标识，待人工核查"}
	}
	if !id.Footer {
		return Result{Pending: true, Measure: "首页未读到页脚（可能由脚本生成）", Problem: "首页未读到页脚信息，网站标识待人工核查", Evidence: nonEmpty(id.URL)}
	}
	shown := map[string]bool{
		indicators.IdentitySiteCode: id.SiteCode != "",
		indicators.IdentityICP:      id.ICP != "",
		indicators.IdentityPSB:      id.PSB != "",
		indicators.IdentityConac:    id.Conac,
		indicators.IdentitySponsor:  id.Sponsor != "",
		indicators.IdentityContact:  id.Contact,
	}
	items := in.Rule.SiteIdentity.Items
	var ok, missing []string
	for _, it := range items {
		name := indicators.IdentityChinese[it]
		switch {
		case shown[it]:
			ok = append(ok, name)
		case it == indicators.IdentitySiteCode && id.SiteCodeBad != "":
			missing = append(missing, fmt.Sprintf("%s（「%s」不是10位数字或bm加8位数字）", name, clip(id.SiteCodeBad, 20)))
		default:
			missing = append(missing, name)
		}
	}
	r := Result{Fraction: 1, Count: len(missing), Breach: len(missing) > 0, Evidence: nonEmpty(id.URL),
		Measure: fmt.Sprintf("首页页脚：%d 项标识展示 %d 项", len(items), len(ok))}
	if len(items) > 0 {
		r.Fraction = float64(len(ok)) / float64(len(items))
	}
	if len(missing) > 0 {
		r.Problem = "首页页脚缺少" + strings.Join(missing, "、")
	}
	return r
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

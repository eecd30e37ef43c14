package scoring

import (
	"fmt"
	"strings"

	"zwgk"
	"zwgk/indicators"
)

// ArtifactTransport is the transport check of the home page's host.
const ArtifactTransport Artifact = "transport"

func init() {
	registry[indicators.RuleTransport] = Evaluator{indicators.RuleTransport, "IPv6与HTTPS", []Artifact{ArtifactTransport}, true, evalTransport}
}

var transportChinese = map[string]string{
	indicators.TransportIPv6:     "支持IPv6访问（AAAA记录且可经IPv6连接）",
	indicators.TransportHTTPS:    "支持HTTPS（证书有效）",
	indicators.TransportHSTS:     "启用HSTS",
	indicators.TransportRedirect: "HTTP访问跳转至HTTPS",
}

// evalTransport: the share of the listed checks the host met; without a
// transport check in the evidence nothing is known (pending).
func evalTransport(in Input) Result {
	t := in.Evidence.Transport
	if t == nil {
		return Result{Pending: true, Measure: "采集时未检测IPv6与HTTPS", Problem: "未检测网站IPv6与HTTPS支持情况，待补测"}
	}
	met := map[string]bool{
		indicators.TransportIPv6: t.IPv6, indicators.TransportHTTPS: t.HTTPS,
		indicators.TransportHSTS: t.HSTS, indicators.TransportRedirect: t.HTTPRedirect,
	}
	var ok, failed []string
	for _, c := range in.Rule.Transport.Checks {
		if met[c] {
			ok = append(ok, transportChinese[c])
		} else {
			why := transportChinese[c]
			switch {
			case c == indicators.TransportIPv6 && t.IPv6Error != "":
				why += "（" + clip(t.IPv6Error, 80) + "）"
			case c == indicators.TransportHTTPS && t.HTTPSError != "":
				why += "（" + clip(t.HTTPSError, 80) + "）"
			}
			failed = append(failed, why)
		}
	}
	n := len(in.Rule.Transport.Checks)
	r := Result{Fraction: 1, Count: len(failed), Breach: len(failed) > 0,
		Measure: fmt.Sprintf("主机 %s：%d 项检测达标 %d 项", clip(t.Host, 80), n, len(ok))}
	if in.Evidence.Home.URL != "" {
		r.Evidence = []string{in.Evidence.Home.URL}
	}
	if n > 0 {
		r.Fraction = float64(len(ok)) / float64(n)
	}
	if len(failed) > 0 {
		r.Problem = "网站未" + strings.Join(failed, "；未")
	}
	return r
}

var _ = zwgk.Transport{}

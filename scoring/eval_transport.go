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

// transportFaultChinese says why a check failed, for the finding.
var transportFaultChinese = map[string]string{
	zwgk.TransportFaultNoAAAA:      "域名无AAAA记录",
	zwgk.TransportFaultIPv4Literal: "网站以IPv4地址访问",
	zwgk.TransportFaultRefused:     "连接被拒绝",
	zwgk.TransportFaultCertHost:    "证书与网站域名不符",
	zwgk.TransportFaultCertExpired: "证书已过期或尚未生效",
	zwgk.TransportFaultCertUnknown: "证书签发机构不受信任",
	zwgk.TransportFaultTLS:         "TLS握手失败",
	zwgk.TransportFaultTimeout:     "连接超时",
}

// evalTransport: the share of the listed checks the host met; without a
// transport check in the evidence nothing is known (pending), and a listed
// check the assessor's side could not run (no IPv6 route, a resolver
// timeout, a host silent on every port) leaves the finding pending too:
// an agency is never failed on a check that did not run.
func evalTransport(in Input) Result {
	t := in.Evidence.Transport
	if t == nil {
		return Result{Pending: true, Measure: "采集时未检测IPv6与HTTPS", Problem: "未检测网站IPv6与HTTPS支持情况，待补测"}
	}
	met := map[string]bool{
		indicators.TransportIPv6: t.IPv6, indicators.TransportHTTPS: t.HTTPS,
		indicators.TransportHSTS: t.HSTS, indicators.TransportRedirect: t.HTTPRedirect,
	}
	var ok, failed, undecided []string
	for _, c := range in.Rule.Transport.Checks {
		switch {
		case met[c]:
			ok = append(ok, transportChinese[c])
		case t.IsUndecided(c):
			undecided = append(undecided, transportChinese[c])
		default:
			why := transportChinese[c]
			fault, detail := "", ""
			switch c {
			case indicators.TransportIPv6:
				fault, detail = t.IPv6Fault, t.IPv6Error
			case indicators.TransportHTTPS:
				fault, detail = t.HTTPSFault, t.HTTPSError
			}
			if zh, known := transportFaultChinese[fault]; known {
				why += "（" + zh + "）"
			} else if detail != "" {
				why += "（" + clip(detail, 80) + "）"
			}
			failed = append(failed, why)
		}
	}
	n := len(in.Rule.Transport.Checks)
	measure := fmt.Sprintf("主机 %s：%d 项检测达标 %d 项", clip(t.Host, 80), n, len(ok))
	if len(undecided) > 0 {
		r := Result{Pending: true, Measure: measure + fmt.Sprintf("，%d 项未能完成检测", len(undecided)),
			Problem: "未能完成检测（评估方网络无IPv6路由、域名解析超时或网站无响应）：" + strings.Join(undecided, "、") + "，待重新检测"}
		if len(failed) > 0 {
			r.Problem += "；已检测未达标：" + strings.Join(failed, "；")
		}
		return r
	}
	r := Result{Fraction: 1, Count: len(failed), Breach: len(failed) > 0, Measure: measure}
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

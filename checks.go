package zwgk

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Evidence of the automated content checks, transport and site identity
// (issue 19). Detection proposes, the assessor decides: a ContentCheck is
// a candidate for the review queue, and only a confirmed one counts.

// CheckKind is the kind of a content-check candidate.
type CheckKind string

// Content-check kinds, as evidence/<code>.json names them.
const (
	CheckPrivacy   CheckKind = "privacy"   // personal data published (ID, mobile, bank card numbers)
	CheckWording   CheckKind = "wording"   // serious wording error (names, titles, formulations)
	CheckTypo      CheckKind = "typo"      // 错别字
	CheckSensitive CheckKind = "sensitive" // 敏感词
	CheckDarkLink  CheckKind = "dark_link" // link to a harmful or changed-hands domain
)

// CheckKinds lists every content-check kind.
var CheckKinds = []CheckKind{CheckPrivacy, CheckWording, CheckTypo, CheckSensitive, CheckDarkLink}

// Valid reports whether k is one of CheckKinds.
func (k CheckKind) Valid() bool {
	for _, v := range CheckKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Chinese names the kind for assessors and agencies.
func (k CheckKind) Chinese() string {
	switch k {
	case CheckPrivacy:
		return "个人信息泄露"
	case CheckWording:
		return "严重表述错误"
	case CheckTypo:
		return "错别字"
	case CheckSensitive:
		return "敏感词"
	case CheckDarkLink:
		return "暗链或有害链接"
	}
	return string(k)
}

// CheckDecision is an assessor's decision on a candidate.
type CheckDecision string

// Decisions. An undecided candidate has none ("").
const (
	DecisionConfirmed CheckDecision = "confirmed" // a real problem: counts against the agency
	DecisionDismissed CheckDecision = "dismissed" // a false alarm: never counts
)

// Valid reports whether d is confirmed or dismissed.
func (d CheckDecision) Valid() bool { return d == DecisionConfirmed || d == DecisionDismissed }

// ContentCheck is one candidate: where, what (masked when personal data),
// and which rule fired.
type ContentCheck struct {
	Kind CheckKind `json:"kind"`
	// URL is the page (or attachment) the text was found in.
	URL string `json:"url"`
	// Excerpt is the text around the hit, personal data masked
	// (110105********002X, 138****5678).
	Excerpt string `json:"excerpt"`
	// Rule names the detector that fired (privacy.id_card,
	// typo.list, wording.leader_title …).
	Rule string `json:"rule"`
	// Note says what the rule saw, for the assessor ("校验位正确的身份证号码",
	// "应为「安装」").
	Note string `json:"note,omitempty"`
	// Page is the page that links an attachment the hit was found in.
	Page string `json:"page,omitempty"`
	// Decision is set from the assessors' stored decisions when a cycle is
	// scored; the crawler never sets it.
	Decision CheckDecision `json:"decision,omitempty"`
}

// Key identifies a candidate within an agency's evidence, so that a
// decision taken on it finds it again after a re-score (and a re-crawl
// that sees the same text).
func (c ContentCheck) Key() string {
	h := sha256.New()
	for _, s := range []string{string(c.Kind), c.URL, c.Rule, c.Excerpt} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// ContentScan says what the content checks read: without it the checks did
// not run (the framework asked for none when the site was crawled), and no
// content-check rule may pass the agency.
type ContentScan struct {
	Checks      []CheckKind `json:"checks"`
	Pages       int         `json:"pages"`
	Attachments int         `json:"attachments,omitempty"`
	// Capped is true when a cap on candidates stopped the scan early.
	Capped bool `json:"capped,omitempty"`
	// Leaders is how many leaders the wording check knew (the framework's
	// list): without any, no wrong title could be seen.
	Leaders int `json:"leaders,omitempty"`
}

// Transport is what the site's connections offer, checked on the host of
// its home page.
type Transport struct {
	// IPv6: the host has an AAAA record and answered HTTP over IPv6.
	IPv6 bool `json:"ipv6"`
	// HTTPS: it answered over TLS with a certificate valid for the host.
	HTTPS bool `json:"https"`
	// HSTS: the HTTPS answer carries Strict-Transport-Security (max-age > 0).
	HSTS bool `json:"hsts"`
	// HTTPRedirect: http:// answers with a redirect to https://.
	HTTPRedirect bool     `json:"http_redirect"`
	Host         string   `json:"host,omitempty"`
	AAAA         []string `json:"aaaa,omitempty"`
	// Why a check failed, in English (DNS, connection, certificate …).
	IPv6Error  string `json:"ipv6_error,omitempty"`
	HTTPSError string `json:"https_error,omitempty"`
	// IPv6Fault and HTTPSFault classify the failure (TransportFault…), so
	// that a report and the farm's truth can say why without parsing
	// error text.
	IPv6Fault  string `json:"ipv6_fault,omitempty"`
	HTTPSFault string `json:"https_fault,omitempty"`
	// Undecided lists the checks ("ipv6", "https", "hsts",
	// "http_redirect") that could not be run to a verdict: the assessor's
	// own network has no IPv6 route, the resolver timed out, the host did
	// not answer at all. Their value above is false but not known; a rule
	// over them waits for a re-check, it never fails the agency.
	Undecided []string `json:"undecided,omitempty"`
}

// Transport faults: why a transport check failed.
const (
	TransportFaultNoAAAA      = "no_aaaa"        // the name has no AAAA record (definite)
	TransportFaultIPv4Literal = "ipv4_literal"   // the site is addressed by an IPv4 address
	TransportFaultRefused     = "refused"        // the host refused the connection (definite)
	TransportFaultCertHost    = "cert_host"      // the certificate is not valid for the host name
	TransportFaultCertExpired = "cert_expired"   // the certificate expired or is not yet valid
	TransportFaultCertUnknown = "cert_authority" // the certificate's issuer is not trusted
	TransportFaultTLS         = "tls"            // another TLS handshake failure
	TransportFaultNoRoute     = "no_route"       // the assessor's network has no route there (undecided)
	TransportFaultResolver    = "resolver"       // the lookup timed out or failed temporarily (undecided)
	TransportFaultPolicy      = "policy"         // the crawl's address policy forbade the connection: a non-public address (undecided)
	TransportFaultTimeout     = "timeout"        // no answer in time
	TransportFaultOther       = "other"          // any other connection or HTTP failure
)

// IsUndecided reports whether check (an indicators.Transport… name) could
// not be run to a verdict.
func (t *Transport) IsUndecided(check string) bool {
	for _, c := range t.Undecided {
		if c == check {
			return true
		}
	}
	return false
}

// SiteIdentity is what the site's home page shows of its identification
// (国办发〔2017〕47号: the footer carries the 党政机关网站标识, 主办单位,
// 网站标识码, ICP 备案编号, 公安机关备案标识 and a contact).
type SiteIdentity struct {
	URL string `json:"url,omitempty"` // the page read (the home page)
	// Footer is true when the page showed a footer at all (a copyright,
	// 主办 or record line): without one the footer may be written by a
	// script, and a missing item is not known to be missing.
	Footer bool `json:"footer"`
	// SiteCode is the 网站标识码 shown: ten digits, or bm and eight digits
	// for a State Council department.
	SiteCode string `json:"site_code,omitempty"`
	// SiteCodeBad is what follows 网站标识码 when it is not of that form.
	SiteCodeBad string `json:"site_code_bad,omitempty"`
	// SiteCodeMeta is the SiteIDCode meta tag's value.
	SiteCodeMeta string `json:"site_code_meta,omitempty"`
	ICP          string `json:"icp,omitempty"`     // ICP 备案编号: 京ICP备05070218号-1
	PSB          string `json:"psb,omitempty"`     // 公安机关备案: 京公网安备 11010502030000号
	Conac        bool   `json:"conac"`             // the 党政机关网站标识 (a link or script of conac.cn)
	Sponsor      string `json:"sponsor,omitempty"` // 主办单位
	Contact      bool   `json:"contact"`           // a telephone, e-mail or 联系我们
}

// AttachmentRead is an attachment whose text was extracted for the checks,
// or that could not be (Error says why: the assessment's blind spot, never
// a finding against the agency).
type AttachmentRead struct {
	URL   string `json:"url"`
	Ext   string `json:"ext"` // as the link declared it
	Bytes int64  `json:"bytes"`
	Error string `json:"error,omitempty"`
	// Page is the item page that links the attachment.
	Page string `json:"page,omitempty"`
	// Format is what the bytes were (pdf, docx, xlsx), when read.
	Format string `json:"format,omitempty"`
	// Truncated: a bound (pages, rows, text) ended the reading early.
	Truncated bool `json:"truncated,omitempty"`
}

// ApplyDecisions sets each candidate's decision from decisions (by Key);
// candidates without one are left undecided. It modifies ev in place.
func (ev *Evidence) ApplyDecisions(decisions map[string]CheckDecision) {
	for i := range ev.ContentChecks {
		c := &ev.ContentChecks[i]
		c.Decision = decisions[c.Key()]
	}
}

// Candidate is a content-check candidate as the review queue shows it:
// the candidate, whose evidence it is, and the decision taken on it.
type Candidate struct {
	CycleID int64  `json:"cycle_id"`
	Agency  string `json:"agency"`
	Key     string `json:"key"`
	ContentCheck
	Reason string     `json:"reason,omitempty"`
	By     string     `json:"by,omitempty"`
	At     *time.Time `json:"at,omitempty"`
}

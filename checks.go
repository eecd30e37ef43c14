package zwgk

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

// ContentCheck is one candidate: where, what (masked when personal data),
// and which rule fired.
type ContentCheck struct {
	Kind    CheckKind `json:"kind"`
	URL     string    `json:"url"`
	Excerpt string    `json:"excerpt"`
	Rule    string    `json:"rule"`
}

// Transport is what the site's connections offer.
type Transport struct {
	IPv6  bool `json:"ipv6"`
	HTTPS bool `json:"https"`
	HSTS  bool `json:"hsts"`
}

// SiteIdentity is what the site shows of its identification.
type SiteIdentity struct {
	SiteCode string `json:"site_code,omitempty"` // 网站标识码
}

// AttachmentRead is an attachment whose text was extracted for the checks.
type AttachmentRead struct {
	URL   string `json:"url"`
	Ext   string `json:"ext"`
	Bytes int64  `json:"bytes"`
	Error string `json:"error,omitempty"`
}

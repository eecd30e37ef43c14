package zwgk

import "time"

// Cause classifies why something could not be fetched. Assessed agencies ask
// "why did you fail us" first; the cause is the answer.
type Cause string

// Failure causes, after colly's sentinel errors.
const (
	CauseNone      Cause = ""
	CauseDNS       Cause = "dns"       // host name does not resolve
	CauseRefused   Cause = "refused"   // connection refused or reset
	CauseTimeout   Cause = "timeout"   // no answer within the time limit
	CauseTLS       Cause = "tls"       // certificate or handshake error
	CauseStatus    Cause = "status"    // HTTP status ≥ 400 (the status says which)
	CauseBlocked   Cause = "blocked"   // 403 to our crawler: the site refuses assessment
	CauseRobots    Cause = "robots"    // disallowed by robots.txt
	CauseRedirects Cause = "redirects" // redirect loop or too many redirects
	CauseTooLarge  Cause = "too_large" // body or decompressed body over the cap
	CauseScript    Cause = "script"    // list rendered by script, not read
	CauseTrap      Cause = "trap"      // URL refused by trap defence
	CauseBudget    Cause = "budget"    // page budget for the site exhausted
	CauseOther     Cause = "other"

	// Added with the hostile-site and real-site work.
	CauseTooDeep   Cause = "too_deep"   // markup nested past the parser's depth limit: not read
	CauseAddress   Cause = "address"    // refused to connect: loopback, private, link-local or multicast address not enrolled
	CauseOffsite   Cause = "offsite"    // redirected off the agency's own roots
	CauseChallenge Cause = "challenge"  // a script cookie challenge stands before the page and could not be passed
	CauseNotHTML   Cause = "not_html"   // served as HTML, but the body is binary or not a document
	CauseNoBrowser Cause = "no_browser" // the list needs a browser to read and none was available
	// CauseIncomplete: the assessment's own crawl did not finish (its jobs
	// gave up, the machine ran out of space): nothing is known of the site.
	CauseIncomplete Cause = "incomplete"
)

// OnAssessor reports whether a failure with cause c says more about the
// assessment than about the site: no browser where one was needed, a
// script challenge the crawler could not pass, a crawl that did not finish.
// Findings resting on it are left to an assessor, never failed.
func (c Cause) OnAssessor() bool {
	return c == CauseNoBrowser || c == CauseChallenge || c == CauseIncomplete
}

// Chinese explains a cause to an agency.
func (c Cause) Chinese() string {
	switch c {
	case CauseDNS:
		return "域名无法解析"
	case CauseRefused:
		return "连接被拒绝"
	case CauseTimeout:
		return "访问超时"
	case CauseTLS:
		return "证书或加密连接错误"
	case CauseStatus:
		return "服务器返回错误状态"
	case CauseBlocked:
		return "网站拒绝评估程序访问（403）"
	case CauseRobots:
		return "robots.txt 禁止抓取"
	case CauseRedirects:
		return "重定向循环或次数过多"
	case CauseTooLarge:
		return "页面过大"
	case CauseScript:
		return "列表由脚本生成，未能读取"
	case CauseTrap:
		return "疑似无限链接陷阱，已跳过"
	case CauseBudget:
		return "超出抽样页面预算"
	case CauseTooDeep:
		return "页面标签嵌套过深，无法解析"
	case CauseAddress:
		return "目标地址为内网或保留地址，已拒绝连接"
	case CauseOffsite:
		return "跳转至本单位网站以外的域名"
	case CauseChallenge:
		return "页面前有脚本验证（Cookie 挑战），未能通过"
	case CauseNotHTML:
		return "返回内容不是网页"
	case CauseNoBrowser:
		return "列表需浏览器渲染，本次评估环境无浏览器，未能读取"
	case CauseIncomplete:
		return "评估程序未完成采集"
	case CauseNone:
		return ""
	}
	return "其他错误"
}

// Page is one fetched page.
type Page struct {
	URL       string    `json:"url"`
	FinalURL  string    `json:"final_url,omitempty"`
	Status    int       `json:"status"`
	FetchedAt time.Time `json:"fetched_at"`
	Bytes     int64     `json:"bytes"`
	Charset   string    `json:"charset,omitempty"`
	SHA256    string    `json:"sha256,omitempty"`
	Title     string    `json:"title,omitempty"`
	Date      Date      `json:"date,omitzero"` // publication date of the page, if it has one
	// DateSource says where Date was read (a label shown to readers, a
	// disclosure table, a meta tag, the URL alone …). MetaDate keeps the
	// PubDate meta when it disagrees with the date shown to readers.
	DateSource DateSource `json:"date_source,omitempty"`
	MetaDate   Date       `json:"meta_date,omitzero"`
	// Rendered is why the page was read after running its scripts in a
	// browser ("" when it was read as fetched).
	Rendered string `json:"rendered,omitempty"`
	Cause    Cause  `json:"cause,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Attachment is a linked file on an item page.
type Attachment struct {
	URL  string `json:"url"`
	Ext  string `json:"ext"` // lower case, no dot: pdf, doc, xls …
	Name string `json:"name,omitempty"`
}

// Item is one entry of a column list: a document, a notice, a letter.
type Item struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  Date   `json:"date,omitzero"` // zero when undated
	// DateSource says where Date came from (the list line, the item's
	// page, its URL only …); a weak source is stated, never accused on.
	DateSource DateSource `json:"date_source,omitempty"`
	// Opened is true when the crawler fetched the item's page; the fields
	// below are only meaningful then.
	Opened      bool         `json:"opened,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// Terms are the framework's search terms (keywords, service-guide
	// elements) that the item's page contains.
	Terms []string `json:"terms,omitempty"`
	// Letters (互动交流) carry the dates a message was sent and answered.
	Submitted Date `json:"submitted,omitzero"`
	Replied   Date `json:"replied,omitzero"`
}

// Column is a column (栏目) of a site as the site labels it.
type Column struct {
	Name string `json:"name"` // anchor text as the site labels it
	URL  string `json:"url"`
	// Indicators lists the framework indicators whose aliases matched.
	Indicators []string `json:"indicators,omitempty"`
	Items      []Item   `json:"items"`
	// Pages is the number of list pages read; Complete is false when the
	// list went on past what was read (the window or the budget ended it).
	Pages    int  `json:"pages"`
	Complete bool `json:"complete"`
	// Cause is set when the list could not be read (e.g. CauseScript).
	Cause Cause `json:"cause,omitempty"`
	// Source says how the list was read: "" or "html" (static markup),
	// "datastore" (records embedded in a script), "feed" (a JSON
	// endpoint), "rendered" (after running the page's scripts).
	Source string `json:"source,omitempty"`
}

// Newest is the newest dated item of the column; zero when none is dated.
func (c Column) Newest() Date {
	var n Date
	for _, it := range c.Items {
		if !it.Date.IsZero() && (n.IsZero() || it.Date.After(n)) {
			n = it.Date
		}
	}
	return n
}

// Link is a checked link.
type Link struct {
	URL       string    `json:"url"`
	From      string    `json:"from"`    // page the link is on
	OnHome    bool      `json:"on_home"` // the link is on the home page
	Status    int       `json:"status"`
	Cause     Cause     `json:"cause,omitempty"`
	CheckedAt time.Time `json:"checked_at"`
}

// Broken reports whether the link failed.
func (l Link) Broken() bool { return l.Cause != CauseNone || l.Status >= 400 || l.Status == 0 }

// Probe is one availability probe of a home page.
type Probe struct {
	At      time.Time     `json:"at"`
	Status  int           `json:"status"`
	Latency time.Duration `json:"latency"`
	Cause   Cause         `json:"cause,omitempty"`
}

// OK reports whether the probe got an answer below 400 with no error, or
// a script cookie challenge (CauseChallenge on a probe: the server
// answered with what a visitor's browser passes at once, whatever the
// status, e.g. 412 or 521).
func (p Probe) OK() bool {
	return p.Cause == CauseChallenge || (p.Cause == CauseNone && p.Status > 0 && p.Status < 400)
}

// Home is what the home page showed.
type Home struct {
	URL   string `json:"url"`
	Items []Item `json:"items"` // dated or not, every list item on the home page
	// Hub is true for a navigation-only home page; freshness is then
	// judged by the second-level pages it links to (SecondLevel).
	Hub         bool   `json:"hub,omitempty"`
	SecondLevel []Item `json:"second_level,omitempty"`
}

// Evidence is everything the crawler saw of one agency's site in one cycle.
// It is the only input of scoring besides the framework and reviews.
type Evidence struct {
	Agency    string    `json:"agency"`
	CrawledAt time.Time `json:"crawled_at"`
	// Failure is set when the site as a whole could not be assessed (home
	// page unreachable, blocked); findings that need pages then fail with it.
	Failure *Failure `json:"failure,omitempty"`
	Home    Home     `json:"home"`
	Pages   []Page   `json:"pages"`
	Columns []Column `json:"columns"`
	Links   []Link   `json:"links"`
	Probes  []Probe  `json:"probes"`
	// ProbeOutages are the probe times at which most of the cohort's
	// sites failed at once: the assessor's own network, not the sites.
	// Scoring leaves those probes out (scoring.Outages, set at score time,
	// not stored with the crawl).
	ProbeOutages []time.Time `json:"probe_outages,omitempty"`

	EvidenceExtra
}

// ProbeRound is one probe time of a cycle across its agencies: how many
// were probed and how many of those probes failed.
type ProbeRound struct {
	At     time.Time `json:"at"`
	Total  int       `json:"total"`
	Failed int       `json:"failed"`
}

// EvidenceExtra is the evidence added in the wave after the first: the
// store keeps it as one JSON document beside the relational rest, so each
// part can grow without a migration. Each part is a type in a file of its
// own (fetchlog.go, render.go, checks.go).
type EvidenceExtra struct {
	// Roots are the root URLs the crawl treated as the agency's own site,
	// the home page first (several for a site inside a cluster, or a
	// disclosure platform on another host).
	Roots []string `json:"roots,omitempty"`
	// LinkSample says how many links the pages had and how many, chosen
	// how, were checked.
	LinkSample *LinkSample `json:"link_sample,omitempty"`
	// HomeRedirect is set when the home page redirected; Offsite marks a
	// redirect to another registrable domain.
	HomeRedirect *Redirect `json:"home_redirect,omitempty"`
	// Refused counts URLs the crawl would not fetch, by reason and pattern
	// (trap patterns, forbidden addresses, off-site redirects).
	Refused []Refusal `json:"refused,omitempty"`
	// Render says which pages were rendered in a browser and why, and
	// which could not be.
	Render *RenderLog `json:"render,omitempty"`
	// ContentChecks are candidates of the automated content checks:
	// proposals for an assessor, never findings by themselves.
	ContentChecks []ContentCheck `json:"content_checks,omitempty"`
	// Scanned says what the content checks read (nil: they did not run).
	Scanned *ContentScan `json:"content_scan,omitempty"`
	// FirstLevel lists the URLs of the columns the home page links to
	// (一级栏目), for rules that judge first-level columns only.
	FirstLevel []string `json:"first_level,omitempty"`
	// Transport is what the site's connection offers (IPv6, HTTPS, HSTS).
	Transport *Transport `json:"transport,omitempty"`
	// Identity is the site's identification (网站标识码, ICP and 公安备案,
	// 主办单位, the guideline's meta tags).
	Identity *SiteIdentity `json:"identity,omitempty"`
	// AttachmentsRead lists the attachments whose text was extracted.
	AttachmentsRead []AttachmentRead `json:"attachments_read,omitempty"`
	// Requests is the request-test register (依申请公开测试) of the
	// agency in the cycle, laid in by the scorer from the store (never
	// crawled; requesttest.go).
	Requests *RequestRegister `json:"request_tests,omitempty"`
}

// Failure says why a site could not be assessed.
type Failure struct {
	Cause  Cause  `json:"cause"`
	Status int    `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
	URL    string `json:"url,omitempty"`
}

package sitefarm

import (
	"math/rand/v2"
	"time"

	"zwgk"
)

// Config says which farm to generate.
type Config struct {
	Sites int
	Seed  int64
	// AsOf is the assessment date the site content is relative to
	// (default 2026-11-20).
	AsOf zwgk.Date
	// Defects turns on the default profile mix; off, every site is "good".
	Defects bool
	// Clock drives time-dependent behaviour (intermittent failures);
	// default time.Now.
	Clock func() time.Time
	// Repaired names the sites (by index) whose agencies rectified every
	// defect since an earlier assessment: the same agency, style and
	// columns as without it, none of its profile's defects. A farm of the
	// same seed served later with Repaired is the next cycle of a
	// rectification test.
	Repaired func(index int) bool
}

// DefaultAsOf is the assessment date used when Config.AsOf is zero.
var DefaultAsOf = zwgk.NewDate(2026, 11, 20)

// Farm is a generated population of sites.
type Farm struct {
	Sites []*Site
	Seed  int64
	AsOf  zwgk.Date
	clock func() time.Time
	// deadHost is the base URL of a loopback address nobody listens on.
	deadHost string
	opts     *Options // set by Start
}

// Style is how a site looks: the varieties real sites show.
type Style struct {
	Charset     string `json:"charset"`               // utf-8 or gbk (GBK sites declare it only in <meta>)
	Traditional bool   `json:"traditional,omitempty"` // traditional characters
	Hub         bool   `json:"hub,omitempty"`         // navigation-only home page
	ListDate    string `json:"list_date"`             // date format of list lines (see formatDate)
	PageDate    string `json:"page_date"`             // date format of 发布时间 on article pages
	Pagination  string `json:"pagination"`            // "script" (createPageHTML) or "links"
	Meta        bool   `json:"meta,omitempty"`        // the 2017 guideline meta tags (PubDate …)
	InfoTable   bool   `json:"info_table,omitempty"`  // 索引号/发布机构/成文日期/发布日期 table
	PerPage     int    `json:"per_page"`
	Markup      string `json:"markup,omitempty"` // the list and article markup family (families.go)
}

// Site is one modelled website.
type Site struct {
	Index   int         `json:"index"`
	Agency  zwgk.Agency `json:"agency"`
	Profile string      `json:"profile"`
	// TransportProfile is what the site's connections offer (IPv6, HTTPS,
	// HSTS; transport.go).
	TransportProfile string `json:"transport"`
	// Repaired is set when the site's profile was repaired (Config.Repaired):
	// Profile names what it was, and none of its defects are present.
	Repaired bool      `json:"repaired,omitempty"`
	Defects  []Defect  `json:"defects"`
	Style    Style     `json:"style"`
	Columns  []*Column `json:"-"`
	// Families are the fetching families of the site (FamilyKinds).
	Families []string `json:"families,omitempty"`
	// LastUpdate is the last day the site was updated (AsOf unless the
	// home page is stale).
	LastUpdate zwgk.Date `json:"last_update"`

	farm        *Farm
	seed        uint64
	dept        bool
	place       string // short place name for titles
	failRatio   float64
	slowDelay   bool
	uaBlock     bool
	homeUndated bool
	malformed   bool
	robots      []string // disallowed paths
	extraLinks  []extraLink

	// Fetching families (fetchfamilies.go).
	challenge   bool                // a script cookie challenge before every page
	clusterHost *Site               // the site this one is a folder of
	clusterPath string              // that folder, "/c16/"
	hosted      []*Site             // sites served as folders of this one
	platform    bool                // openness columns on a second host
	platformURL string              // that host's base URL once served
	leaks       []leak              // personal data in articles (checks.go)
	darkLinks   []zwgk.ContentCheck // dark links on the home page (checks.go)
	noSiteCode  bool                // the footer lacks the 网站标识码
	attachLeaks []attachLeak        // attachments leaking ID numbers (attachleaks.go)
	attachFiles *attachFiles        // their bytes, built on first request
}

// extraLink is a home-page link that is not a column (defect or furniture).
type extraLink struct {
	Text, Path string
	Status     int        // true status a checker sees (0 = no answer)
	Cause      zwgk.Cause // true failure cause
	Dead       bool       // points at the dead host
	Hidden     string     // inline style hiding it from readers (a dark link)
}

// Column is one column of a site.
type Column struct {
	Spec   *ColumnSpec
	Label  string    // as the site labels it
	Count  int       // number of items
	Newest zwgk.Date // date of the newest item
	Gap    int       // mean days between items
	JSON   bool      // list loaded by a JSON endpoint
	Script bool      // list written by a script file only (FamilyScriptList)
	// Undated: list lines and articles carry no date.
	Undated bool
	// Drop lists service-guide elements this site's guides leave out
	// (every other guide, or every guide with DropAll).
	Drop    []string
	DropAll bool

	site  *Site
	index int
	base  int // first item id
	seed  uint64
}

// Item is one item of a column, derived from the column model.
type Item struct {
	ID          int
	Title       string
	Date        zwgk.Date // publication date (zero when the site leaves it undated)
	Written     zwgk.Date // 成文日期, before the publication date
	DocNo       string    // 文号 of policy documents
	Topic       string
	Attachments []zwgk.Attachment
	Letter      *Letter
	Elements    []string // service-guide elements present
	Late        bool     // annual report published after 31 January
}

// Letter is a message of a letters column.
type Letter struct {
	Submitted, Replied zwgk.Date
}

// Path is the item's page path.
func (it Item) path(c *Column, d zwgk.Date) string {
	if d.IsZero() {
		return "/" + c.Spec.Slug + "/art_" + itoa(it.ID) + ".html"
	}
	ym := d.Time().Format("200601")
	return "/" + c.Spec.Slug + "/" + ym + "/t" + d.Time().Format("20060102") + "_" + itoa(it.ID) + ".html"
}

// rng returns a generator seeded from the farm seed and a stream of values,
// so that site k (and column c of it) is the same whatever the farm size.
func rng(seed uint64, stream ...uint64) *rand.Rand {
	s2 := uint64(0x9e3779b97f4a7c15)
	for _, v := range stream {
		s2 = mix(s2 ^ v)
	}
	return rand.New(rand.NewPCG(seed, s2))
}

// mix is splitmix64's finaliser: a cheap, well-spread hash of a word.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

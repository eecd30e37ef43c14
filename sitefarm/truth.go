package sitefarm

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"

	"zwgk"
	"zwgk/indicators"
)

// Probe schedule of the truth: the State Council rule's week of probes,
// twenty a day, ending at the as-of date.
const (
	ProbeDays    = 7
	ProbesADay   = 20
	probeSpacing = 24 * time.Hour / ProbesADay
)

// ProbeTimes are the times at which Truth's availability probes are taken.
// A crawler test that probes the farm with its clock set to these times
// sees exactly Truth's probe outcomes.
func (f *Farm) ProbeTimes() []time.Time {
	end := f.AsOf.Time()
	start := end.Add(-ProbeDays * 24 * time.Hour)
	out := make([]time.Time, 0, ProbeDays*ProbesADay)
	for t := start; t.Before(end); t = t.Add(probeSpacing) {
		out = append(out, t)
	}
	return out
}

// Truth is what a perfect crawler admitted by the site (see Server.Admits)
// would record: the home page's items (or, for a navigation-only home page,
// the newest item of each page it links to), every column as the site
// labels it with every item opened, the home page's links with their true
// status, and the week of availability probes at ProbeTimes. Pages is
// left empty: which pages a crawler fetches is its own choice.
func (s *Site) Truth() zwgk.Evidence {
	base := strings.TrimSuffix(s.URL(), "/")
	ev := zwgk.Evidence{Agency: s.Agency.Code, CrawledAt: s.farm.AsOf.Time(), Pages: []zwgk.Page{},
		Home: zwgk.Home{URL: base + "/", Items: []zwgk.Item{}}, Columns: []zwgk.Column{}}
	ev.Roots = s.Agency.RootURLs()
	if s.Style.Hub {
		ev.Home.Hub = true
		for _, slug := range []string{"ywdt", "tzgg", "zcwj"} {
			if c := s.Column(slug); c != nil {
				if items := c.Items(); len(items) > 0 {
					it := items[0]
					ev.Home.SecondLevel = append(ev.Home.SecondLevel, zwgk.Item{Title: s.text(it.Title), URL: s.abs(it.path(c, c.shownDate(it))), Date: c.shownDate(it)})
				}
			}
		}
	} else {
		for _, hl := range s.homeLists() {
			items := hl.c.Items()
			for _, it := range items[:min(hl.n, len(items))] {
				d := hl.c.shownDate(it)
				zi := zwgk.Item{Title: s.text(it.Title), URL: s.abs(it.path(hl.c, d))}
				if !s.homeUndated {
					zi.Date = d
				}
				ev.Home.Items = append(ev.Home.Items, zi)
			}
		}
	}
	for _, c := range s.Columns {
		col := zwgk.Column{Name: s.text(c.Label), URL: s.abs("/" + c.Spec.Slug + "/"), Indicators: c.Spec.Indicators,
			Items: []zwgk.Item{}, Pages: c.listPages(), Complete: true}
		if c.Script {
			col.Source = "rendered"
		}
		for _, it := range c.Items() {
			d := c.shownDate(it)
			zi := zwgk.Item{Title: s.text(it.Title), URL: s.abs(it.path(c, d)), Date: d, Opened: true, Terms: s.terms(c, it)}
			for _, a := range it.Attachments {
				zi.Attachments = append(zi.Attachments, zwgk.Attachment{URL: s.abs(a.URL), Ext: a.Ext, Name: s.text(a.Name)})
			}
			if it.Letter != nil {
				zi.Submitted, zi.Replied = it.Letter.Submitted, it.Letter.Replied
			}
			col.Items = append(col.Items, zi)
		}
		ev.Columns = append(ev.Columns, col)
	}
	for _, l := range s.homeLinks() {
		u := l.Path
		if !l.Dead {
			u = s.abs(l.Path)
		}
		ev.Links = append(ev.Links, zwgk.Link{URL: u, From: base + "/", OnHome: true, Status: l.Status, Cause: l.Cause, CheckedAt: s.farm.AsOf.Time()})
	}
	for _, t := range s.farm.ProbeTimes() {
		ev.Probes = append(ev.Probes, s.probeAt(t))
	}
	s.truthChecks(&ev, base)
	tt := s.TransportTruth()
	ev.Transport = &tt
	s.truthAttachLeaks(&ev, base) // attachleaks.go
	return ev
}

// Admits reports whether a guarded site lets a User-Agent through: browsers
// (every browser UA contains "Mozilla") and the tokens configured in
// Options.AdmitTokens. This is how web application firewalls in front of
// government sites behave: scripted clients (Go-http-client, curl,
// python-requests, an empty UA) get a 403 page, and an assessor's crawler
// does too unless the site operator allow-lists it.
func (f *Farm) Admits(ua string) bool {
	if strings.Contains(ua, "Mozilla") {
		return true
	}
	if f.opts != nil {
		for _, t := range f.opts.AdmitTokens {
			if t != "" && strings.Contains(ua, t) {
				return true
			}
		}
	}
	return false
}

func (s *Site) probeAt(t time.Time) zwgk.Probe {
	p := zwgk.Probe{At: t, Status: 200}
	switch {
	case s.slowDelay:
		p.Status, p.Cause = 0, zwgk.CauseTimeout
		if s.farm.opts != nil {
			p.Latency = s.farm.opts.SlowDelay
		}
	case s.failRatio > 0:
		if fail, hard := s.failsAt(t); fail {
			p.Status = 503
			if hard {
				p.Status, p.Cause = 0, zwgk.CauseRefused
			}
		}
	}
	return p
}

// homeLinks are the links of the home page in page order, without repeats
// and without paths robots.txt disallows, each with its true status.
// TestHomeLinksMatchPage holds it to the rendered page.
func (s *Site) homeLinks() []extraLink {
	var out []extraLink
	seen := map[string]bool{}
	add := func(l extraLink) {
		key := l.Path
		if l.Dead {
			key = s.farm.deadHost + l.Path
			l.Path = key
		}
		if seen[key] {
			return
		}
		for _, d := range s.robots {
			if strings.HasPrefix(l.Path, d) {
				return
			}
		}
		seen[key] = true
		if l.Status == 0 && !l.Dead {
			l.Status = 200
		}
		out = append(out, l)
	}
	add(extraLink{Path: "/"})
	for _, c := range s.Columns {
		if c.Spec.Area == AreaHome {
			add(extraLink{Path: "/" + c.Spec.Slug + "/"})
		}
	}
	add(extraLink{Path: "/zwgk/"})
	add(extraLink{Path: "/bsfw/"})
	add(extraLink{Path: "/hdjl/"})
	if s.Style.Hub {
		for _, slug := range []string{"ywdt", "tzgg", "zcwj"} {
			if s.Column(slug) != nil {
				add(extraLink{Path: "/" + slug + "/"})
			}
		}
	} else {
		for _, hl := range s.homeLists() {
			add(extraLink{Path: "/" + hl.c.Spec.Slug + "/"})
			items := hl.c.Items()
			for _, it := range items[:min(hl.n, len(items))] {
				add(extraLink{Path: it.path(hl.c, hl.c.shownDate(it))})
			}
		}
	}
	for _, slug := range []string{"xxgkzn", "xxgkml", "xxgknb", "ysqgk"} {
		if s.Column(slug) != nil {
			add(extraLink{Path: "/" + slug + "/"})
		}
	}
	for _, slug := range quickSlugs {
		if s.Column(slug) != nil {
			add(extraLink{Path: "/" + slug + "/"})
		}
	}
	for _, l := range s.extraLinks {
		add(l)
	}
	if s.malformed {
		add(extraLink{Path: "/hdjl/"})
	}
	add(extraLink{Path: "/wzdt/"})
	return out
}

// terms are the framework's search terms the item's page contains.
func (s *Site) terms(c *Column, it Item) []string {
	text := indicators.Normalize(pageText(s.text(s.articleHTML(c, it))))
	var out []string
	for _, t := range Terms {
		if strings.Contains(text, indicators.Normalize(t)) {
			out = append(out, t)
		}
	}
	return out
}

// pageText is the visible text of an HTML page (scripts and styles left
// out), a line per text node.
func pageText(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if n, _ := z.TagName(); string(n) == "script" || string(n) == "style" {
				skip++
			}
		case html.EndTagToken:
			if n, _ := z.TagName(); (string(n) == "script" || string(n) == "style") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				b.WriteByte('\n')
			}
		}
	}
}

// WriteAgenciesCSV writes the agencies file (code,name,level,region,site,parent,roots).
func (f *Farm) WriteAgenciesCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"code", "name", "level", "region", "site", "parent", "roots"})
	for _, s := range f.Sites {
		a := s.Agency
		cw.Write([]string{a.Code, a.Name, string(a.Level), string(a.Region), s.URL(), a.Parent, a.Roots})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write agencies csv: %w", err)
	}
	return nil
}

// Manifest is the farm's ground truth in JSON.
type Manifest struct {
	Generator string         `json:"generator"`
	Seed      int64          `json:"seed"`
	AsOf      zwgk.Date      `json:"as_of"`
	Serving   *ServingFacts  `json:"serving,omitempty"`
	Sites     []SiteManifest `json:"sites"`
}

// ServingFacts are the serving parameters that defects depend on.
type ServingFacts struct {
	PortMode    bool     `json:"port_mode"`
	DeadHost    string   `json:"dead_host"`
	SlowDelayMS int64    `json:"slow_delay_ms"`
	HugeBytes   int64    `json:"huge_bytes"`
	BombBytes   int64    `json:"gzip_bomb_bytes"`
	SlotSeconds int      `json:"slot_seconds"`
	AdmitTokens []string `json:"admit_tokens"`
}

// SiteManifest is one site in the manifest.
type SiteManifest struct {
	Agency  zwgk.Agency `json:"agency"`
	Profile string      `json:"profile"`
	// Transport is the site's transport profile (its truth is Truth.Transport).
	Transport string   `json:"transport"`
	Style     Style    `json:"style"`
	Defects   []Defect `json:"defects"`
	// Families are the fetching families of the site (FamilyKinds).
	Families []string   `json:"families,omitempty"`
	Truth    TruthFacts `json:"truth"`
}

// TruthFacts are the measured facts a perfect assessor would find.
type TruthFacts struct {
	LastUpdate   zwgk.Date     `json:"last_update"`
	Home         HomeFacts     `json:"home"`
	Columns      []ColumnFacts `json:"columns"`
	Letters      LetterFacts   `json:"letters"`
	AnnualReport *AnnualFacts  `json:"annual_report"`
	Availability AvailFacts    `json:"availability"`
	Links        LinkFacts     `json:"links"`
	Robots       []string      `json:"robots_disallow,omitempty"`
	// Transport is what a transport check of the site's host finds.
	Transport *zwgk.Transport `json:"transport,omitempty"`
}

// HomeFacts describe the home page.
type HomeFacts struct {
	Hub     bool      `json:"hub"`
	Items   int       `json:"items"`
	Undated int       `json:"undated"`
	Newest  zwgk.Date `json:"newest"`
}

// ColumnFacts describe one column.
type ColumnFacts struct {
	Name       string    `json:"name"`
	Canonical  string    `json:"canonical"`
	Class      Class     `json:"class"`
	Indicators []string  `json:"indicators"`
	URL        string    `json:"url"`
	Items      int       `json:"items"`
	Newest     zwgk.Date `json:"newest"`
	Undated    bool      `json:"undated,omitempty"`
	JSON       bool      `json:"json,omitempty"`
	Script     bool      `json:"script,omitempty"` // the list exists only after script (FamilyScriptList)
	Pages      int       `json:"pages"`
}

// LetterFacts count the letters of the past year.
type LetterFacts struct {
	Total      int `json:"total"`
	Unanswered int `json:"unanswered"`
	Over90Days int `json:"unanswered_over_90_days"`
}

// AnnualFacts describe the previous year's annual report.
type AnnualFacts struct {
	Year      int       `json:"year"`
	Published zwgk.Date `json:"published"`
	Late      bool      `json:"late"`
}

// AvailFacts are the availability probes' outcome.
type AvailFacts struct {
	Probes    int     `json:"probes"`
	Failed    int     `json:"failed"`
	FailRatio float64 `json:"fail_ratio"`
	Ratio     float64 `json:"configured_ratio,omitempty"`
}

// LinkFacts count the home page's links.
type LinkFacts struct {
	Checked int `json:"checked"`
	Broken  int `json:"broken"`
}

// Facts computes a site's truth facts from the model.
func (s *Site) Facts() TruthFacts {
	asOf := s.farm.AsOf
	tt := s.TransportTruth()
	tf := TruthFacts{LastUpdate: s.LastUpdate, Home: HomeFacts{Hub: s.Style.Hub}, Columns: []ColumnFacts{}, Robots: s.robots, Transport: &tt}
	cache := make(map[*Column][]Item, len(s.Columns))
	itemsOf := func(c *Column) []Item {
		if v, ok := cache[c]; ok {
			return v
		}
		v := c.Items()
		cache[c] = v
		return v
	}
	if !s.Style.Hub {
		for _, hl := range s.homeLists() {
			items := itemsOf(hl.c)
			for _, it := range items[:min(hl.n, len(items))] {
				tf.Home.Items++
				d := hl.c.shownDate(it)
				if s.homeUndated || d.IsZero() {
					tf.Home.Undated++
				} else if d.After(tf.Home.Newest) {
					tf.Home.Newest = d
				}
			}
		}
	}
	for _, c := range s.Columns {
		items := itemsOf(c)
		cf := ColumnFacts{Name: s.text(c.Label), Canonical: c.Spec.Canonical, Class: c.Spec.Class, Indicators: c.Spec.Indicators,
			URL: s.abs("/" + c.Spec.Slug + "/"), Items: len(items), Undated: c.Undated, JSON: c.JSON, Script: c.Script,
			Pages: max(1, (len(items)+s.Style.PerPage-1)/s.Style.PerPage)}
		if c.Script {
			cf.Pages = 1
		}
		for _, it := range items {
			if d := c.shownDate(it); !d.IsZero() && d.After(cf.Newest) {
				cf.Newest = d
			}
			if it.Letter != nil && it.Letter.Submitted.DaysUntil(asOf) <= 365 {
				tf.Letters.Total++
				if it.Letter.Replied.IsZero() {
					tf.Letters.Unanswered++
					if it.Letter.Submitted.DaysUntil(asOf) > 90 {
						tf.Letters.Over90Days++
					}
				}
			}
		}
		if c.Spec.Kind == KindAnnual {
			af := &AnnualFacts{Year: asOf.Year - 1}
			for _, it := range items {
				if strings.Contains(it.Title, fmt.Sprintf("%d年", asOf.Year-1)) {
					af.Published, af.Late = it.Date, it.Late
				}
			}
			tf.AnnualReport = af
		}
		tf.Columns = append(tf.Columns, cf)
	}
	for _, l := range s.homeLinks() {
		tf.Links.Checked++
		if l.Status >= 400 || l.Status == 0 || l.Cause != zwgk.CauseNone {
			tf.Links.Broken++
		}
	}
	for _, t := range s.farm.ProbeTimes() {
		tf.Availability.Probes++
		if !s.probeAt(t).OK() {
			tf.Availability.Failed++
		}
	}
	tf.Availability.FailRatio = float64(tf.Availability.Failed) / float64(tf.Availability.Probes)
	tf.Availability.Ratio = s.failRatio
	return tf
}

// WriteManifest writes the manifest: a JSON object whose "sites" array
// has one site per line, computed in parallel and written in order, so a
// national farm's manifest streams out without being held whole.
func (f *Farm) WriteManifest(w io.Writer) error {
	head := struct {
		Generator string        `json:"generator"`
		Seed      int64         `json:"seed"`
		AsOf      zwgk.Date     `json:"as_of"`
		Serving   *ServingFacts `json:"serving,omitempty"`
	}{"zwgk sitefarm", f.Seed, f.AsOf, nil}
	if o := f.opts; o != nil {
		head.Serving = &ServingFacts{PortMode: o.PortMode, DeadHost: f.deadHost, SlowDelayMS: o.SlowDelay.Milliseconds(),
			HugeBytes: o.HugeBytes, BombBytes: o.BombBytes, SlotSeconds: int(Slot / time.Second), AdmitTokens: append([]string{"Mozilla"}, o.AdmitTokens...)}
	}
	hb, err := json.Marshal(head)
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.Write(hb[:len(hb)-1])
	bw.WriteString(`,"sites":[` + "\n")
	const batch = 256
	workers := runtime.GOMAXPROCS(0)
	lines := make([][]byte, batch)
	for lo := 0; lo < len(f.Sites); lo += batch {
		hi := min(lo+batch, len(f.Sites))
		var wg sync.WaitGroup
		for k := 0; k < workers; k++ {
			wg.Add(1)
			go func(k int) {
				defer wg.Done()
				for i := lo + k; i < hi; i += workers {
					lines[i-lo] = f.Sites[i].manifestLine()
				}
			}(k)
		}
		wg.Wait()
		for i := lo; i < hi; i++ {
			bw.Write(lines[i-lo])
			if i < len(f.Sites)-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

func (s *Site) manifestLine() []byte {
	a := s.Agency
	a.Site = s.URL()
	defects := s.Defects
	if defects == nil {
		defects = []Defect{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(SiteManifest{Agency: a, Profile: s.Profile, Transport: s.transportSite().TransportProfile, Style: s.Style, Defects: defects, Families: s.Families, Truth: s.Facts()})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

package sitefarm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"zwgk"
)

// Generate models a farm. It is cheap (items are derived from each column's
// model when asked for), deterministic, and site k depends only on the seed
// and k.
func Generate(cfg Config) *Farm {
	if cfg.AsOf.IsZero() {
		cfg.AsOf = DefaultAsOf
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	f := &Farm{Seed: cfg.Seed, AsOf: cfg.AsOf, clock: cfg.Clock, deadHost: "http://127.255.255.254:1"}
	f.Sites = make([]*Site, cfg.Sites)
	codes := make(map[string]bool, cfg.Sites)
	for k := range f.Sites {
		s := newSite(f, k, cfg.Defects, cfg.Repaired != nil && cfg.Repaired(k))
		f.Sites[k] = s
		codes[s.Agency.Code] = true
	}
	if cfg.Defects {
		f.applyFamilies()
		f.placeFamilies()
	}
	// Parents are named only when they are in the farm: the agencies file
	// must be importable on its own.
	for _, s := range f.Sites {
		if p := parentCode(s.Agency); p != "" && codes[p] {
			s.Agency.Parent = p
		}
	}
	return f
}

func newSite(f *Farm, k int, defects, repaired bool) *Site {
	a, dept := agencyFor(k)
	s := &Site{Index: k, Agency: a, farm: f, dept: dept, seed: mix(uint64(f.Seed)) ^ mix(uint64(k)+1), LastUpdate: f.AsOf}
	a.Site = s.URL()
	s.Agency = a
	s.place = shortPlace(a)
	r := rng(s.seed, 1)
	s.Profile = profileFor(k, defects)
	s.TransportProfile = transportFor(k, defects && !repaired)
	s.Style = pickStyle(k, r)
	s.Style.Markup = markupFor(k)
	s.buildColumns(r)
	if repaired && s.Profile != ProfileGood {
		// Everything drawn before the profile stays as it was; the
		// profile's defects are simply not applied.
		s.Repaired = true
		s.extraLinks = append([]extraLink{{Text: "网站地图", Path: "/wzdt/", Status: 200}}, s.extraLinks...)
		return s
	}
	s.applyProfile(k, r)
	if defects {
		s.applyChecks(k)
		s.applyAttachLeaks(k) // attachleaks.go
	}
	return s
}

// shortPlace is the name titles use for the agency ("深圳市", "教育部").
func shortPlace(a zwgk.Agency) string {
	if a.Level == zwgk.LevelMinistry {
		return a.Name
	}
	return strings.TrimSuffix(a.Name, "人民政府")
}

var dateFormats = []string{"iso", "cn", "slash", "dot", "cnnum", "md"}

func pickStyle(k int, r *rand.Rand) Style {
	st := Style{Charset: "utf-8", ListDate: dateFormats[r.IntN(4)], PageDate: dateFormats[r.IntN(3)],
		Pagination: "script", Meta: r.IntN(2) == 0, InfoTable: r.IntN(3) > 0, PerPage: 15 + 5*r.IntN(2)}
	if r.IntN(10) < 3 {
		st.Pagination = "links"
	}
	// Rarer varieties are pinned to residues of k so that every one of them
	// occurs in any 50 consecutive sites, and drawn at random beyond that.
	switch {
	case k%7 == 3 || r.IntN(20) == 0:
		st.Charset = "gbk"
	case k%13 == 5 || r.IntN(30) == 0:
		st.Traditional = true
	}
	if k%11 == 4 || r.IntN(20) == 0 {
		st.Hub = true
	}
	switch k % 9 {
	case 2:
		st.ListDate = "cnnum"
	case 6:
		st.ListDate = "md"
	}
	if k%5 == 1 {
		st.PageDate = "cnnum"
	}
	return st
}

// URL is the site's home page address: the farm's serving address once
// started, a placeholder before.
func (s *Site) URL() string {
	if s.Agency.Site != "" {
		return s.Agency.Site
	}
	return fmt.Sprintf("http://%s/", loopbackAddr(s.Index))
}

// loopbackAddr is the address of site i in multi-address mode, without
// the port: 127.0.0.2 onwards.
func loopbackAddr(i int) string {
	n := i + 2
	return fmt.Sprintf("127.%d.%d.%d", (n>>16)&255, (n>>8)&255, n&255)
}

func (s *Site) applies(spec *ColumnSpec) bool {
	return len(spec.Levels) == 0 || slices.Contains(spec.Levels, string(s.Agency.Level))
}

func (s *Site) buildColumns(r *rand.Rand) {
	for i := range Catalogue {
		spec := &Catalogue[i]
		if !s.applies(spec) {
			continue
		}
		if !spec.Core && r.IntN(10) < 3 {
			continue
		}
		c := &Column{Spec: spec, site: s, index: i, Gap: spec.Every, seed: mix(s.seed ^ uint64(i+1)*0x51ed27)}
		c.Label = spec.Variants[r.IntN(len(spec.Variants))]
		if strings.Contains(c.Label, "{head}") {
			c.Label = s.letterBox()
		}
		c.base = (i+1)*10000 + r.IntN(5000)
		c.Newest = s.farm.AsOf.AddDays(-freshLag(spec, r))
		c.Count = countFor(spec, r)
		s.Columns = append(s.Columns, c)
	}
	if !s.Style.Hub && r.IntN(6) == 0 || s.Index%6 == 2 {
		// One or two columns load their list by a JSON endpoint.
		for n := 1 + r.IntN(2); n > 0; n-- {
			s.Columns[r.IntN(len(s.Columns))].JSON = true
		}
	}
}

func (s *Site) letterBox() string {
	name := s.Agency.Name
	switch {
	case s.Agency.Level == zwgk.LevelMinistry || s.Agency.Level == zwgk.LevelProvince && !s.dept:
		return "领导信箱"
	case s.dept && s.Agency.Level == zwgk.LevelProvince:
		return "厅长信箱"
	case s.dept:
		return "局长信箱"
	case strings.HasPrefix(name, RegionName(s.Agency.Region)) && strings.HasSuffix(RegionName(s.Agency.Region), "区"):
		return "区长信箱"
	case s.Agency.Level == zwgk.LevelCounty && strings.HasSuffix(RegionName(s.Agency.Region), "县"):
		return "县长信箱"
	}
	return "市长信箱"
}

// freshLag is how many days before the as-of date a healthy site last
// posted to a column: well within every freshness limit of its class and
// indicator.
func freshLag(spec *ColumnSpec, r *rand.Rand) int {
	switch spec.Class {
	case ClassNews:
		return r.IntN(4)
	case ClassNotice:
		return r.IntN(20)
	case ClassPolicy:
		return r.IntN(40)
	}
	switch spec.Kind {
	case KindStatic:
		return 30 + r.IntN(200)
	case KindAnnual, KindInterp:
		return 0 // derived from other dates
	}
	return r.IntN(min(spec.Every, 45))
}

func countFor(spec *ColumnSpec, r *rand.Rand) int {
	switch spec.Kind {
	case KindStatic:
		return 1 + r.IntN(3)
	case KindAnnual:
		return 5
	}
	n := 420/spec.Every + r.IntN(6)
	return max(4, min(n, 48))
}

// Column returns the site's column with the slug, or nil.
func (s *Site) Column(slug string) *Column {
	for _, c := range s.Columns {
		if c.Spec.Slug == slug {
			return c
		}
	}
	return nil
}

func (s *Site) addDefect(kind string, where []string, params map[string]any) {
	s.Defects = append(s.Defects, Defect{Kind: kind, Where: where, Params: params})
}

func (s *Site) applyProfile(k int, r *rand.Rand) {
	j := k / len(rotation) // occurrence of the profile: alternates variants
	asOf := s.farm.AsOf
	switch s.Profile {
	case ProfileLagging:
		// Class columns (news, notices, policy documents) are what the
		// stale-columns veto counts; the home page lists stay fresh.
		cands := s.columnsWhere(func(c *Column) bool {
			return c.Spec.Class != ClassOther && c.Spec.Slug != "ywdt" && c.Spec.Slug != "tzgg"
		})
		others := s.columnsWhere(func(c *Column) bool {
			return c.Spec.Class == ClassOther && c.Spec.Kind != KindInterp && c.Spec.Kind != KindAnnual && c.Spec.Kind != KindLetter
		})
		shuffle := func(cs []*Column) {
			r.Shuffle(len(cs), func(a, b int) { cs[a], cs[b] = cs[b], cs[a] })
		}
		shuffle(cands)
		shuffle(others)
		var stale, empty []*Column
		switch j % 3 {
		case 0: // five or more stale class columns: over the 2016 veto; a
			// framework counting notices and policies on first-level columns
			// only (class first_level) may count fewer (truthcheck says which)
			stale = cands[:min(len(cands), 5+r.IntN(2))]
			empty = others[:1]
		case 1: // below it: a few stale, a few empty
			stale = append(cands[:2], others[:1+r.IntN(2)]...)
			empty = others[2 : 3+r.IntN(2)]
		default: // over the veto: five or more empty class columns
			empty = cands[:min(len(cands), 5)]
			stale = others[:2]
		}
		var staleL, emptyL []string
		staleClass, emptyClass := 0, 0
		for _, c := range stale {
			c.Newest = asOf.AddDays(-(limitDays(c) + 15 + r.IntN(150)))
			staleL = append(staleL, c.Label)
			if c.Spec.Class != ClassOther {
				staleClass++
			}
		}
		for _, c := range empty {
			c.Count = 0
			emptyL = append(emptyL, c.Label)
			if c.Spec.Class != ClassOther {
				emptyClass++
			}
		}
		s.addDefect(DefectStaleColumns, staleL, map[string]any{"count": len(staleL), "class_columns": staleClass})
		s.addDefect(DefectEmptyColumns, emptyL, map[string]any{"count": len(emptyL), "class_columns": emptyClass})
	case ProfileSloppy:
		s.Style.Hub = false // undated items need a home page with lists
		s.homeUndated = true
		where := []string{"/"}
		if c := s.Column("tzgg"); c != nil {
			c.Undated = true
			where = append(where, c.Label)
		}
		s.addDefect(DefectUndatedItems, where, nil)
		s.extraLinks = append(s.extraLinks,
			extraLink{Text: "往期专题", Path: "/zt/2019/index.html", Status: 404, Cause: zwgk.CauseStatus},
			extraLink{Text: "站内搜索", Path: "/cms/search.jsp?channelid=1", Status: 500, Cause: zwgk.CauseStatus},
			extraLink{Text: "旧版网站", Path: "/", Dead: true, Cause: zwgk.CauseRefused})
		s.addDefect(DefectBroken404, []string{"/zt/2019/index.html"}, map[string]any{"status": 404})
		s.addDefect(DefectBroken500, []string{"/cms/search.jsp?channelid=1"}, map[string]any{"status": 500})
		s.addDefect(DefectDeadHost, []string{s.farm.deadHost + "/"}, nil)
		s.malformed = true
		s.addDefect(DefectMalformedHTML, []string{"/", "list pages"}, nil)
	case ProfileIncomplete:
		cands := s.columnsWhere(func(c *Column) bool {
			return c.Spec.Class == ClassOther && c.Spec.Kind != KindLetter && c.Spec.Kind != KindInterp && c.Spec.Kind != KindAnnual && c.Spec.Kind != KindGuide
		})
		r.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
		var gone []string
		for _, c := range cands[:2+r.IntN(3)] {
			gone = append(gone, c.Spec.Canonical)
			s.Columns = slices.DeleteFunc(s.Columns, func(x *Column) bool { return x == c })
		}
		s.addDefect(DefectMissingColumns, gone, map[string]any{"count": len(gone)})
		if c := s.Column("ldxx"); c != nil {
			c.Gap = 12
			s.addDefect(DefectUnanswered, []string{c.Label}, map[string]any{"older_than_days": 90})
		}
		if c := s.Column("xxgknb"); c != nil {
			if j%2 == 0 {
				s.addDefect(DefectAnnualReportLate, []string{c.Label}, map[string]any{"year": asOf.Year - 1, "deadline": fmt.Sprintf("%d-01-31", asOf.Year)})
			} else {
				s.addDefect(DefectAnnualReportGone, []string{c.Label}, map[string]any{"year": asOf.Year - 1})
			}
		}
		if c := s.Column("bszn"); c != nil {
			c.Drop = []string{guideElements[1+r.IntN(3)], guideElements[4+r.IntN(4)]}
			s.addDefect(DefectIncompleteGuides, []string{c.Label}, map[string]any{"missing": c.Drop, "guides": "every other"})
		}
	case ProfileFragile:
		if j%2 == 0 {
			s.failRatio = []float64{0.01, 0.08, 0.15, 0.3}[(j/2)%4]
			s.addDefect(DefectIntermittent, []string{"*"}, map[string]any{"ratio": s.failRatio, "slot_seconds": int(Slot / time.Second)})
		} else {
			s.slowDelay = true
			s.addDefect(DefectSlow, []string{"*"}, nil)
		}
	case ProfileGuarded:
		s.uaBlock = true
		s.addDefect(DefectUABlock, []string{"*"}, map[string]any{"admits": "user agents containing Mozilla or a configured token"})
	case ProfileAbandoned:
		days := 20 + r.IntN(120)
		s.LastUpdate = asOf.AddDays(-days)
		for _, c := range s.Columns {
			if c.Newest.After(s.LastUpdate) {
				c.Newest = s.LastUpdate.AddDays(-r.IntN(3))
			}
		}
		s.addDefect(DefectStaleHome, []string{"/"}, map[string]any{"last_update": s.LastUpdate.String(), "days": days})
	case ProfileHeavy:
		s.extraLinks = append(s.extraLinks,
			extraLink{Text: "历史档案", Path: "/zlk/huge.html", Status: 200},
			extraLink{Text: "资料下载", Path: "/download/data.html", Status: 200})
		s.addDefect(DefectHugePage, []string{"/zlk/huge.html"}, nil)
		s.addDefect(DefectGzipBomb, []string{"/download/data.html"}, nil)
	case ProfileMaze:
		s.extraLinks = append(s.extraLinks,
			extraLink{Text: "旧版入口", Path: "/old/index.jsp", Status: 302, Cause: zwgk.CauseRedirects},
			extraLink{Text: "活动日历", Path: calendarPath(asOf.Year, int(asOf.Month)), Status: 200})
		s.addDefect(DefectRedirectLoop, []string{"/old/index.jsp", "/old/index.html"}, nil)
		s.addDefect(DefectURLTrap, []string{"/rl/"}, map[string]any{"pattern": "/rl/YYYYMM.html, prev/next month forever"})
	case ProfileRobots:
		s.robots = []string{"/wzdt/", "/search/"}
		s.addDefect(DefectRobotsDisallow, s.robots, nil)
	}
	// Every site has a site map; every site but the robots profile may be
	// crawled everywhere.
	s.extraLinks = append([]extraLink{{Text: "网站地图", Path: "/wzdt/", Status: 200}}, s.extraLinks...)
}

func (s *Site) columnsWhere(ok func(*Column) bool) []*Column {
	var out []*Column
	for _, c := range s.Columns {
		if ok(c) {
			out = append(out, c)
		}
	}
	return out
}

// limitDays is the freshness limit of a column's class (stale-columns rule).
func limitDays(c *Column) int {
	switch c.Spec.Class {
	case ClassNews:
		return 14
	case ClassNotice, ClassPolicy:
		return 180
	}
	return 180
}

func calendarPath(y, m int) string { return fmt.Sprintf("/rl/%04d%02d.html", y, m) }

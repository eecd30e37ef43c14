package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
)

// TargetKind is what a re-check reads of a page.
type TargetKind string

// What a re-check reads.
const (
	TargetHome   TargetKind = "home"   // the home page and its dated items
	TargetColumn TargetKind = "column" // a column's list pages, as a crawl reads them
	TargetLink   TargetKind = "link"   // whether a link works
)

// Target is one page a re-check reads again.
type Target struct {
	Kind TargetKind
	URL  string
	Name string // a column's label as the site shows it
	// From is the page a link was found on: a link taken off its page is
	// as fixed as a link that works again.
	From string
}

// Rechecked is what a re-check read.
type Rechecked struct {
	// Evidence holds only what was read: Home when the home page was a
	// target, the columns, the links still on their pages.
	zwgk.Evidence
	// Unlinked are the link targets no longer on the page they were on.
	Unlinked []string
}

// Recheck reads again only the targets of agency a's site — its home
// page, the list pages of the columns named, the links named — under the
// same politeness, robots.txt, address and redirect policies as a crawl,
// and returns evidence holding only what it read (Home when the home page
// was a target, the columns, the links) and the pages fetched. It writes
// nothing to the cycle's store: a re-check between cycles must not change
// a published cycle's evidence. w keeps the pages fetched (with bodies);
// nil takes a fresh memstore. Whatever w already holds is not fetched
// again, so give a fresh one.
func (c *Crawler) Recheck(ctx context.Context, a zwgk.Agency, fw *indicators.Framework, asOf zwgk.Date, targets []Target, w zwgk.EvidenceWriter) (Rechecked, error) {
	var out Rechecked
	ev, err := c.recheck(ctx, a, fw, asOf, targets, w, &out.Unlinked)
	out.Evidence = ev
	return out, err
}

func (c *Crawler) recheck(ctx context.Context, a zwgk.Agency, fw *indicators.Framework, asOf zwgk.Date, targets []Target, w zwgk.EvidenceWriter, unlinked *[]string) (zwgk.Evidence, error) {
	if w == nil {
		w = memstore.New()
	}
	s := c.open(ctx, 0, a, fw, w)
	defer func() { s.f.wait() }()
	ev := zwgk.Evidence{Agency: a.Code, CrawledAt: c.opts.Now().UTC(), Columns: []zwgk.Column{}, Links: []zwgk.Link{}, Probes: []zwgk.Probe{}}
	s.homeURL = Normalize(a.Site)
	ev.Roots = s.roots.Strings()
	var unreachable *result
	s.allowed, unreachable = s.loadRootsRobots(s.homeURL)
	if unreachable != nil {
		ev.Failure = &zwgk.Failure{Cause: unreachable.Cause, Status: unreachable.Status,
			Detail: "robots.txt: " + errText(unreachable.Err), URL: s.homeURL}
		return s.collect(ev)
	}
	var cols []*column
	var links []string
	// The pages the link targets were found on, read first: a link no
	// longer there needs no check.
	onPage := map[string]map[string]bool{}
	for _, t := range targets {
		if t.Kind != TargetLink || t.From == "" {
			continue
		}
		from := Normalize(t.From)
		if _, ok := onPage[from]; ok || from == "" {
			continue
		}
		r := s.get([]string{from})[0]
		if !r.ok() || r.doc == nil {
			onPage[from] = nil // unreadable: check the link itself
			continue
		}
		set := map[string]bool{}
		for _, l := range r.doc.Links {
			set[l.URL] = true
		}
		onPage[from] = set
	}
	for _, t := range targets {
		switch t.Kind {
		case TargetHome:
			home := s.get([]string{s.homeURL})[0]
			if !home.ok() || home.doc == nil {
				ev.Failure = &zwgk.Failure{Cause: home.page.Cause, Status: home.page.Status, Detail: home.page.Error, URL: home.page.URL}
				if ev.Failure.Cause == zwgk.CauseNone {
					ev.Failure.Cause = zwgk.CauseNotHTML
				}
				continue
			}
			u := home.page.FinalURL
			if u == "" {
				u = home.page.URL
			}
			ev.Home.URL, ev.Home.Items = u, items(home.doc.Rows)
			if hu, err := url.Parse(u); err == nil {
				s.hub(&ev.Home, home, hu.Host)
			}
		case TargetColumn:
			u := Normalize(t.URL)
			if u == "" {
				return ev, fmt.Errorf("recheck %s: column %q: not a URL", a.Code, t.URL)
			}
			col := &column{Column: zwgk.Column{Name: t.Name, URL: u, Items: []zwgk.Item{}}}
			col.Indicators = s.match(t.Name)
			col.first = s.get([]string{u})[0]
			cols = append(cols, col)
		case TargetLink:
			if set := onPage[Normalize(t.From)]; set != nil && !set[t.URL] && !set[Normalize(t.URL)] {
				*unlinked = append(*unlinked, t.URL)
				continue
			}
			links = append(links, t.URL)
		default:
			return ev, fmt.Errorf("recheck %s: unknown target kind %q", a.Code, t.Kind)
		}
	}
	if len(cols) > 0 {
		s.readLists(cols, s.plan, fw.Sampling.ListPages, asOf.AddDays(-fw.WindowDays))
		for _, col := range cols {
			ev.Columns = append(ev.Columns, col.Column)
		}
	}
	if len(links) > 0 {
		s.f.wait()
		lf := c.newFetcher(s.linkCtx, false, &s.waited)
		for i, r := range lf.fetchAll(http.MethodHead, links) {
			if r.Status == http.StatusMethodNotAllowed || r.Status == http.StatusNotImplemented {
				r = lf.fetchAll(http.MethodGet, []string{links[i]})[0]
			}
			ev.Links = append(ev.Links, zwgk.Link{URL: links[i], Status: r.Status, Cause: r.Cause, CheckedAt: r.FetchedAt.UTC()})
		}
		lf.wait()
	}
	return s.collect(ev)
}

// collect is finish without the store: the pages read and the refusals.
func (s *site) collect(ev zwgk.Evidence) (zwgk.Evidence, error) {
	s.f.wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	ev.Pages = append([]zwgk.Page(nil), s.pages...)
	ev.Refused = s.refused.list()
	return ev, s.err
}

package crawler

import (
	"net/url"
	"sort"

	"zwgk"
	"zwgk/crawler/dates"
)

// listState is a column's list being read page by page.
type listState struct {
	col   *column
	whole bool     // read to listPages whatever the window
	known bool     // the first page named every page (script pagination)
	next  []string // list pages still to read, in order
	dated bool     // whether we know the next page is still in the window
	done  bool
	seen  map[string]bool
}

// readLists reads every column's list: the first page (fetched during
// discovery), then further pages — script pagination (createPageHTML) or
// a next-page link — until a page ends before the window start or
// listPages pages are read. Columns advance together one page per wave.
func (s *site) readLists(cols []*column, p plan, listPages int, windowStart zwgk.Date) {
	if listPages <= 0 {
		listPages = 3
	}
	states := make([]*listState, len(cols))
	for i, c := range cols {
		st := &listState{col: c, seen: map[string]bool{}, whole: matchAlias(p.wholeLists, c.Name), dated: true}
		states[i] = st
		r := c.first
		if !r.ok() || r.doc == nil {
			c.Cause = r.page.Cause
			if c.Cause == zwgk.CauseNone {
				c.Cause = zwgk.CauseOther
			}
			st.done = true
			continue
		}
		s.addRows(st, r, windowStart)
		if len(r.doc.Rows) == 0 {
			s.scriptList(c, r)
			st.done = true
			continue
		}
		st.next, st.known = r.doc.Pages, r.doc.PagesKnown
		c.Pages = 1
		s.advance(st, listPages)
	}
	for {
		// One wave reads, for every column still going, its next page —
		// or, when the script pagination named all pages, every page up
		// to listPages at once: fewer waves keep a polite crawl's slots
		// busy, at the cost of a page or two past the window.
		type span struct {
			st *listState
			n  int
		}
		var urls []string
		var spans []span
		for _, st := range states {
			if st.done {
				continue
			}
			take := 1
			if st.known {
				take = max(1, listPages-st.col.Pages)
			}
			n := 0
			for n < take && len(st.next) > 0 {
				u := st.next[0]
				st.next = st.next[1:]
				if st.seen["page:"+u] {
					continue
				}
				st.seen["page:"+u] = true
				urls = append(urls, u)
				n++
			}
			if n == 0 {
				st.col.Complete, st.done = true, true
				continue
			}
			spans = append(spans, span{st, n})
		}
		if len(urls) == 0 || s.ctx.Err() != nil {
			return
		}
		recs := s.get(urls)
		k := 0
		for _, sp := range spans {
			st := sp.st
			for j := 0; j < sp.n; j++ {
				r := recs[k]
				k++
				if st.done {
					continue
				}
				if !r.ok() || r.doc == nil {
					st.done = true // Complete stays false: the list went on
					continue
				}
				st.col.Pages++
				s.addRows(st, r, windowStart)
				if !st.known && len(r.doc.Pages) > 0 && len(st.next) == 0 {
					// next-link pagination: each page names the one after it
					st.next = r.doc.Pages[:1]
				}
			}
			if !st.done {
				s.advance(st, listPages)
			}
		}
	}
}

// addRows appends a list page's rows and notes whether it reached back
// past the window start.
func (s *site) addRows(st *listState, r *pageRec, windowStart zwgk.Date) {
	oldest := zwgk.Date{}
	for _, row := range r.doc.Rows {
		if st.seen[row.URL] {
			continue
		}
		st.seen[row.URL] = true
		st.col.Items = append(st.col.Items, zwgk.Item{Title: row.Title, URL: row.URL, Date: row.Date, DateSource: row.DateSource})
		switch {
		case row.Script && st.col.Source != "feed":
			st.col.Source = "datastore"
		case st.col.Source == "":
			st.col.Source = "html"
		}
		if !row.Date.IsZero() && (oldest.IsZero() || row.Date.Before(oldest)) {
			oldest = row.Date
		}
	}
	if !oldest.IsZero() && oldest.Before(windowStart) {
		st.dated = false // this page already reaches before the window
	}
}

// advance decides whether the column's list goes on.
func (s *site) advance(st *listState, listPages int) {
	for len(st.next) > 0 && st.seen["page:"+st.next[0]] {
		st.next = st.next[1:]
	}
	switch {
	case len(st.next) == 0:
		st.col.Complete = true
		st.done = true
	case (!st.dated && !st.whole) || st.col.Pages >= listPages:
		st.col.Complete = false
		st.done = true
	}
}

// scriptList handles a list page with no rows: a list filled by script
// from a JSON endpoint named in the page is read from the endpoint, else
// the page is rendered (noRows); only when neither finds a row does the
// column say the list could not be read (CauseScript), naming the page,
// rather than "empty".
func (s *site) scriptList(c *column, r *pageRec) {
	d := r.doc
	c.Pages = 1
	scripted := len(d.Feeds) > 0 || (d.EmptyList && d.ScriptFilled)
	if !scripted {
		c.Complete = true
		return
	}
	for _, feed := range d.Feeds {
		r := s.get([]string{feed})[0]
		if !r.ok() || len(r.body) == 0 {
			continue
		}
		base, _ := url.Parse(feed)
		rows, ok := parseFeed(r.body, base)
		if !ok {
			continue
		}
		for _, row := range rows {
			c.Items = append(c.Items, zwgk.Item{Title: row.Title, URL: row.URL, Date: row.Date, DateSource: row.DateSource})
		}
		c.Complete, c.Source = true, "feed"
		return
	}
	if rows, ok := s.noRows(r); ok && len(rows) > 0 {
		for _, row := range rows {
			c.Items = append(c.Items, zwgk.Item{Title: row.Title, URL: row.URL, Date: row.Date, DateSource: row.DateSource})
		}
		c.Complete, c.Source = true, "rendered"
		return
	}
	// Static reading found nothing where a list should be: run the page's
	// scripts. Only when the browser finds no rows either is the list
	// called script-generated; without a browser it is CauseNoBrowser.
	if s.renderList(c, r) {
		return
	}
	if c.Cause == zwgk.CauseNone {
		c.Cause = zwgk.CauseScript
	}
}

// noRows is called where a list should be on page r but static reading
// found no rows. The renderer (a headless browser, when the crawl has
// one: site.renderRows) reads the page after its scripts ran; ok is false
// when there is none, and the caller says the list could not be read.
func (s *site) noRows(r *pageRec) (rows []row, ok bool) {
	if s.renderRows == nil || s.ctx.Err() != nil {
		return nil, false
	}
	return s.renderRows(s.ctx, r.page.URL)
}

// openItems opens the newest itemsOpened items of each column (undated
// last), confirming dates — the page's own publication date wins over
// the list's — and collecting attachments, search terms and letter dates.
func (s *site) openItems(cols []*column, p plan, host string, itemsOpened int, asOf zwgk.Date) {
	type pick struct {
		col *column
		i   int
	}
	var picks []pick
	var urls []string
	opened := map[string]bool{}
	add := func(c *column, i int) {
		u := c.Items[i].URL
		if opened[u] || !s.own(u) || attachmentExt(u) != "" {
			return
		}
		opened[u] = true
		picks = append(picks, pick{c, i})
		urls = append(urls, u)
	}
	order := func(c *column) []int {
		idx := make([]int, len(c.Items))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool {
			da, db := c.Items[idx[a]].Date, c.Items[idx[b]].Date
			if da.IsZero() != db.IsZero() {
				return !da.IsZero()
			}
			return da.After(db)
		})
		return idx
	}
	// First the newest itemsOpened of every column, so a tight budget
	// still samples each column ...
	for _, c := range cols {
		for k, i := range order(c) {
			if k >= itemsOpened {
				break
			}
			add(c, i)
		}
	}
	// ... then every letter of the look-back period: a response rule
	// judges each letter by its reply date, which only its page shows.
	for _, c := range cols {
		days := p.lookback(c.Indicators)
		if days == 0 {
			continue
		}
		start := asOf.AddDays(-days)
		for _, i := range order(c) {
			if d := c.Items[i].Date; d.IsZero() || !d.Before(start) {
				add(c, i)
			}
		}
	}
	s.items = true
	recs := s.get(urls)
	s.items = false
	for k, pk := range picks {
		r := recs[k]
		if !r.ok() || r.doc == nil {
			continue
		}
		it := &pk.col.Items[pk.i]
		it.Opened = true
		switch {
		case !r.doc.Date.IsZero() && (!r.doc.DateSource.Weak() || it.Date.IsZero()):
			// The page's own date wins over the list's; a date from its
			// meta alone only where the list showed none.
			it.Date, it.DateSource = r.doc.Date, r.doc.DateSource
		case it.Date.IsZero():
			// never a guess: only a full URL date, stated as such
			if it.Date = dates.FromURL(it.URL); !it.Date.IsZero() {
				it.DateSource = zwgk.DateFromURL
			}
		}
		seen := map[string]bool{}
		for _, l := range r.doc.Links {
			if ext := attachmentExt(l.URL); ext != "" && !seen[l.URL] {
				seen[l.URL] = true
				it.Attachments = append(it.Attachments, zwgk.Attachment{URL: l.URL, Ext: ext, Name: l.Text})
			}
		}
		it.Terms = append([]string(nil), r.doc.terms...)
		it.Submitted, it.Replied = r.doc.submitted, r.doc.replied
	}
}

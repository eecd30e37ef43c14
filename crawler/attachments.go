package crawler

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"zwgk"
	"zwgk/crawler/attachtext"
)

// Attachments of the sampled item pages are read for the content checks
// (issue 19: personal data is most often leaked in a PDF or spreadsheet
// attached to a notice). They are fetched like pages — the site's fetcher,
// so its address and redirect policy, robots.txt, retries and body caps
// apply — within a budget of their own, stored like pages (raw bytes; a
// resumed crawl reads them back, or fetches again one whose stored body
// the store cut), and their text goes through the same checks as a page's.
// An attachment that cannot be fetched or read is listed with its error in
// Evidence.AttachmentsRead: it is the assessment's blind spot, never a
// finding against the agency.

// Attachment budget defaults, per site.
const (
	DefaultAttachments     = 20
	DefaultAttachmentBytes = 40 << 20
)

// attachmentLimits bound the reading of one attachment. The text kept is
// what the checks read; their candidates are capped per site anyway.
var attachmentLimits = attachtext.Limits{MaxText: 512 << 10, MaxPages: 50, MaxSheets: 10, MaxRows: 20000, Timeout: 5 * time.Second}

// attachmentPick is one attachment to read, with the item page linking it.
type attachmentPick struct {
	zwgk.Attachment
	page string
}

// listWords mark an attachment that lists people (名单, 明细, 花名册 …):
// where personal data is published by mistake, so read first when the
// budget cannot take every attachment.
var listWords = []string{"名单", "名册", "明细", "一览表", "汇总表", "统计表", "登记表", "花名册", "人员", "对象", "公示"}

func listLike(name string) bool {
	for _, w := range listWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// pickAttachments lists the readable attachments of the opened items,
// each once, on the agency's own site: those whose name says they list
// people first, then the others, each group in the columns' order.
func (s *site) pickAttachments(cols []*column) []attachmentPick {
	var out []attachmentPick
	seen := map[string]bool{}
	for _, c := range cols {
		for _, it := range c.Items {
			if !it.Opened {
				continue
			}
			for _, a := range it.Attachments {
				if seen[a.URL] || !attachtext.Readable(a.Ext) || !s.own(a.URL) {
					continue
				}
				seen[a.URL] = true
				out = append(out, attachmentPick{Attachment: a, page: it.URL})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return listLike(out[i].Name) && !listLike(out[j].Name) })
	return out
}

// readAttachments fetches (or reads back) and checks the attachments of
// the opened items, within the site's attachment budget; it runs only
// when the framework has content checks. It returns what was read.
func (s *site) readAttachments(cols []*column) []zwgk.AttachmentRead {
	if s.scan == nil || len(s.scan.kinds) == 0 || s.c.opts.Attachments < 0 {
		return nil
	}
	picks := s.pickAttachments(cols)
	if len(picks) > s.c.opts.Attachments {
		picks = picks[:s.c.opts.Attachments]
	}
	var out []zwgk.AttachmentRead
	var spent int64
	batch := max(s.c.opts.PerHost*2, 2)
	for start := 0; start < len(picks) && s.ctx.Err() == nil; start += batch {
		if spent >= s.c.opts.AttachmentBytes {
			break // the site's bytes for attachments are spent
		}
		group := picks[start:min(start+batch, len(picks))]
		for i, r := range s.fetchAttachments(group) {
			a := group[i]
			read := zwgk.AttachmentRead{URL: a.URL, Ext: a.Ext, Bytes: r.page.Bytes, Page: a.page}
			spent += r.page.Bytes
			switch {
			case !r.ok():
				read.Error = fmt.Sprintf("not fetched: %s", pageProblem(r.page))
			default:
				txt, err := attachtext.Extract(r.body, a.Ext, attachmentLimits)
				if err != nil {
					read.Error = err.Error()
					break
				}
				s.scan.attachment(a.URL, a.page, txt.Text)
				read.Format, read.Truncated = txt.Format, txt.Truncated
			}
			r.body = nil
			out = append(out, read)
		}
	}
	return out
}

// fetchAttachments returns the attachments' records: read back from the
// store when a previous run kept them whole, else fetched now and saved.
func (s *site) fetchAttachments(group []attachmentPick) []*pageRec {
	out := make([]*pageRec, len(group))
	var net []string
	var netIdx []int
	for i, a := range group {
		r := &pageRec{page: zwgk.Page{URL: a.URL}}
		out[i] = r
		if !s.allowed(a.URL) {
			r.page.Cause, r.page.Error = zwgk.CauseRobots, "disallowed by robots.txt"
			continue
		}
		pg, body, ok, err := s.w.StoredPage(s.ctx, s.cycle, s.agency, a.URL)
		if err != nil {
			s.fail(fmt.Errorf("crawl %s: stored attachment %s: %w", s.agency, a.URL, err))
			r.page.Cause = zwgk.CauseOther
			continue
		}
		// A stored failure stays a failure, as for pages; a stored body
		// the store cut (it bounds what it keeps) is fetched again, so the
		// resumed crawl reads the same whole file.
		if ok && (pg.Cause != zwgk.CauseNone || int64(len(body)) == pg.Bytes) {
			r.page, r.body = pg, body
			continue
		}
		net = append(net, a.URL)
		netIdx = append(netIdx, i)
	}
	if len(net) > 0 {
		for k, res := range s.f.fetchAll(http.MethodGet, net) {
			r := out[netIdx[k]]
			s.refused.noteFetch(res)
			r.page, r.body = pageOf(res), res.Body
			if err := s.w.SavePage(s.ctx, s.cycle, s.agency, r.page, r.body); err != nil {
				s.fail(fmt.Errorf("crawl %s: save attachment %s: %w", s.agency, r.page.URL, err))
			}
		}
	}
	s.mu.Lock()
	for _, r := range out {
		if r.page.Cause != zwgk.CauseRobots {
			s.pages = append(s.pages, r.page)
		}
	}
	s.mu.Unlock()
	return out
}

// pageProblem says why a fetch gave nothing to read.
func pageProblem(p zwgk.Page) string {
	parts := []string{}
	if p.Status > 0 {
		parts = append(parts, fmt.Sprintf("HTTP %d", p.Status))
	}
	if p.Cause != zwgk.CauseNone {
		parts = append(parts, string(p.Cause))
	}
	if p.Error != "" {
		parts = append(parts, p.Error)
	}
	if len(parts) == 0 {
		return "no answer"
	}
	return strings.Join(parts, ": ")
}

// attachment checks an attachment's text; a hit's URL is the attachment,
// its Page the item page that links it.
func (cs *contentScan) attachment(url, page, text string) {
	if cs == nil || len(cs.kinds) == 0 {
		return
	}
	found := cs.checker.Text(url, text)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.attachments++
	for _, c := range found {
		c.Page = page
		k := c.Key()
		if cs.seen[k] {
			continue
		}
		if len(cs.cands) >= MaxCandidates {
			cs.capped = true
			return
		}
		cs.seen[k] = true
		cs.cands = append(cs.cands, c)
	}
}

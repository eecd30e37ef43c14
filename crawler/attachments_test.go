package crawler

import (
	"context"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
)

// TestAttachmentCandidates crawls the farm's content-check site whose
// newest notice attaches a PDF, a DOCX and an XLSX, each listing a valid
// ID number beside a decoy of the same shape: each file's ID number is a
// candidate with the file's URL (and the page linking it), no decoy is,
// every attachment tried is in AttachmentsRead (the farm's stub files
// with their error, not as findings), and a resumed crawl reads the
// stored files back and proposes the same candidates.
func TestAttachmentCandidates(t *testing.T) {
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 12, Seed: 3, Defects: true}, sitefarm.Options{})
	fw, err := indicators.Parse("checks.yaml", []byte(checksFramework))
	if err != nil {
		t.Fatal(err)
	}
	var site *sitefarm.Site
	for _, s := range farm.Sites {
		for _, d := range s.Defects {
			if d.Kind == sitefarm.DefectAttachmentLeak {
				site = s
			}
		}
	}
	if site == nil {
		t.Fatal("no site of the farm leaks in attachments")
	}
	truth := site.Truth()
	want := map[string]zwgk.ContentCheck{}
	for _, cc := range truth.ContentChecks {
		if attachmentExt(cc.URL) != "" {
			want[cc.URL] = cc
		}
	}
	if len(want) != 3 {
		t.Fatalf("truth lists %d attachment candidates, want 3", len(want))
	}
	c := New(Options{Delay: -1, PerHost: 4, Retries: -1, UserAgent: "zwgk-assessor/1.0 (+mailto:test@example.org)", Timeout: 5 * time.Second})
	defer c.Close()
	st := memstore.New()
	crawl := func() zwgk.Evidence {
		ev, err := c.Crawl(context.Background(), 1, site.Agency, fw, farm.AsOf, st)
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	first := crawl()
	check := func(run string, ev zwgk.Evidence) {
		got := map[string]zwgk.ContentCheck{}
		for _, cc := range ev.ContentChecks {
			if attachmentExt(cc.URL) != "" {
				if _, dup := got[cc.URL]; dup {
					t.Errorf("%s: two candidates in %s", run, cc.URL)
				}
				got[cc.URL] = cc
			}
		}
		for u, w := range want {
			g, ok := got[u]
			switch {
			case !ok:
				t.Errorf("%s: no candidate in %s", run, u)
			case g.Rule != w.Rule || !strings.Contains(g.Excerpt, w.Excerpt) || g.Page != w.Page:
				t.Errorf("%s: candidate %+v\nwant rule %s, excerpt with %s, page %s", run, g, w.Rule, w.Excerpt, w.Page)
			}
		}
		for u, g := range got {
			if _, ok := want[u]; !ok {
				t.Errorf("%s: candidate in %s the truth has not (a decoy?): %+v", run, u, g)
			}
		}
		read := map[string]zwgk.AttachmentRead{}
		for _, a := range ev.AttachmentsRead {
			read[a.URL] = a
		}
		for u := range want {
			a, ok := read[u]
			if !ok || a.Error != "" || a.Format != a.Ext || a.Bytes == 0 {
				t.Errorf("%s: attachment %s read as %+v", run, u, a)
			}
		}
		unreadable := 0
		for _, a := range ev.AttachmentsRead {
			if a.Error != "" {
				unreadable++
			}
		}
		if unreadable == 0 {
			t.Errorf("%s: the farm's stub attachments should be listed as unreadable: %+v", run, ev.AttachmentsRead)
		}
		if ev.Scanned == nil || ev.Scanned.Attachments < 3 {
			t.Errorf("%s: scan %+v: want at least 3 attachments checked", run, ev.Scanned)
		}
	}
	check("first crawl", first)

	// Resumed: every attachment comes from the store.
	second := crawl()
	check("resumed crawl", second)
	for u := range want {
		if n := st.Saves[u]; n != 1 {
			t.Errorf("%s saved %d times, want 1 (read back on resume)", u, n)
		}
	}
	if len(first.AttachmentsRead) != len(second.AttachmentsRead) {
		t.Errorf("resumed crawl read %d attachments, first %d", len(second.AttachmentsRead), len(first.AttachmentsRead))
	}
}

// TestAttachmentsNeedContentChecks: a framework without content checks
// downloads no attachment.
func TestAttachmentsNeedContentChecks(t *testing.T) {
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 12, Seed: 3, Defects: true}, sitefarm.Options{})
	fw, err := indicators.Parse("plain.yaml", []byte(`
id: plain
version: "1"
title: 栏目
bands: [{min: 0, grade: 合格}]
indicators:
  - id: C1
    name: 通知公告
    kind: score
    points: 100
    rule: {kind: column, aliases: [通知公告, 通知通告, 公告通知]}
`))
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{Delay: -1, PerHost: 4, Retries: -1, Timeout: 5 * time.Second})
	defer c.Close()
	site := farm.Sites[11]
	st := memstore.New()
	ev, err := c.Crawl(context.Background(), 1, site.Agency, fw, farm.AsOf, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.AttachmentsRead) != 0 {
		t.Errorf("attachments read without content checks: %+v", ev.AttachmentsRead)
	}
	for u := range st.Saves {
		if attachmentExt(u) != "" {
			t.Errorf("attachment %s fetched without content checks", u)
		}
	}
}

package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/store"
	"zwgk/store/storetest"
)

var ctx = context.Background()

func agency(code string, level zwgk.Level, region, parent string) zwgk.Agency {
	return zwgk.Agency{Code: code, Name: "单位" + code, Level: level, Region: zwgk.Region(region), Site: "https://" + strings.ToLower(code) + ".gov.cn", Parent: parent}
}

var fixture = []zwgk.Agency{
	agency("GD", zwgk.LevelProvince, "440000", ""),
	agency("SZ", zwgk.LevelCity, "440300", "GD"),
	agency("FT", zwgk.LevelCounty, "440304", "SZ"),
	agency("HZ", zwgk.LevelCity, "330100", ""),
}

func mustImport(t *testing.T, db *store.DB, as []zwgk.Agency) store.ImportSummary {
	t.Helper()
	s, err := db.ImportAgencies(ctx, as, "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const fwText = "id: test\nversion: '1'\n"

func mustCycle(t *testing.T, db *store.DB, name string, codes ...string) zwgk.Cycle {
	t.Helper()
	c, err := db.CreateCycle(ctx, store.NewCycle{Name: name, FrameworkID: "test", FrameworkVersion: "1",
		FrameworkSource: []byte(fwText), AsOf: zwgk.NewDate(2026, 11, 1), WindowDays: 365, Agencies: codes})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func codes(as []zwgk.Agency) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Code)
	}
	return out
}

func TestImportAndHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if got := mustImport(t, db, fixture); got != (store.ImportSummary{Added: 4}) {
			t.Errorf("first import %+v", got)
		}
		changed := append([]zwgk.Agency(nil), fixture...)
		changed[1].Name = "深圳市人民政府"
		changed[1].Site = "https://www.sz.gov.cn"
		changed = append(changed, agency("NS", zwgk.LevelCounty, "440305", "SZ"))
		if got := mustImport(t, db, changed); got != (store.ImportSummary{Added: 1, Updated: 1, Unchanged: 3}) {
			t.Errorf("re-import %+v", got)
		}
		a, err := db.Agency(ctx, "SZ")
		if err != nil || a != changed[1] {
			t.Errorf("SZ = %+v, %v", a, err)
		}
		h, err := db.AgencyHistory(ctx, "SZ")
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || h[0].Change != "added" || h[1].Change != "updated" || h[1].Before == nil ||
			h[1].Before.Name != "单位SZ" || h[1].After.Name != "深圳市人民政府" || h[1].Source != "test.csv" {
			t.Errorf("history %+v", h)
		}
		if _, err := db.Agency(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing agency: %v", err)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture[:1])
		bad := append(append([]zwgk.Agency(nil), fixture...), fixture[2]) // FT twice
		bad[0].Name = "changed"
		if _, err := db.ImportAgencies(ctx, bad, "bad.csv"); err == nil {
			t.Fatal("import with a repeated code succeeded")
		}
		all, err := db.Agencies(ctx, store.AgencyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0] != fixture[0] {
			t.Errorf("after failed import: %+v", all)
		}
	})
}

// An import whose context is cancelled in the middle of its transaction
// leaves the database as it was, and a second run succeeds.
func TestImportCancelledMidway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture[:2])
		many := bulk(2000)
		cctx, cancel := context.WithCancel(ctx)
		store.SetImportHook(func(n int) {
			if n == 1000 {
				cancel()
			}
		})
		_, err := db.ImportAgencies(cctx, many, "big.csv")
		store.SetImportHook(nil)
		if err == nil {
			t.Fatal("cancelled import reported success")
		}
		all, _ := db.Agencies(ctx, store.AgencyFilter{})
		if len(all) != 2 {
			t.Errorf("%d agencies after a cancelled import, want 2", len(all))
		}
		if s := mustImport(t, db, many); s.Added != 2000 {
			t.Errorf("rerun %+v", s)
		}
	})
}

func bulk(n int) []zwgk.Agency {
	out := make([]zwgk.Agency, n)
	for i := range out {
		out[i] = agency(fmt.Sprintf("C%05d", i), zwgk.LevelCounty, fmt.Sprintf("44%02d%02d", 1+i%99, 1+i/99%99), "")
	}
	return out
}

func TestAgencyFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		for _, tt := range []struct {
			f    store.AgencyFilter
			want []string
		}{
			{store.AgencyFilter{}, []string{"HZ", "GD", "SZ", "FT"}},
			{store.AgencyFilter{Level: zwgk.LevelCity}, []string{"HZ", "SZ"}},
			{store.AgencyFilter{Region: "44"}, []string{"GD", "SZ", "FT"}},
			{store.AgencyFilter{Region: "440000"}, []string{"GD", "SZ", "FT"}},
			{store.AgencyFilter{Region: "440300"}, []string{"SZ", "FT"}},
			{store.AgencyFilter{Region: "44", Level: zwgk.LevelCounty}, []string{"FT"}},
			{store.AgencyFilter{Codes: []string{"FT", "HZ", "XX"}}, []string{"HZ", "FT"}},
			{store.AgencyFilter{Region: "11"}, nil},
		} {
			got, err := db.Agencies(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(codes(got), tt.want) {
				t.Errorf("%+v: got %v, want %v", tt.f, codes(got), tt.want)
			}
		}
	})
}

func TestCycleCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "2026", "GD", "SZ")
		if c.State != zwgk.CycleDraft || c.ID == 0 || c.AsOf != zwgk.NewDate(2026, 11, 1) || len(c.FrameworkHash) != 64 {
			t.Errorf("cycle %+v", c)
		}
		got, err := db.CycleByName(ctx, "2026")
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Errorf("CycleByName = %+v, %v\nwant %+v", got, err, c)
		}
		if byID, _ := db.CycleByID(ctx, c.ID); !reflect.DeepEqual(byID, c) {
			t.Errorf("CycleByID = %+v", byID)
		}
		src, err := db.FrameworkSource(ctx, c.FrameworkHash)
		if err != nil || string(src) != fwText {
			t.Errorf("framework source %q, %v", src, err)
		}
		counts, _ := db.CycleCounts(ctx, c.ID)
		if !reflect.DeepEqual(counts, map[string]int{"pending": 2, "running": 0, "done": 0, "failed": 0}) {
			t.Errorf("counts %v", counts)
		}
		for _, bad := range []store.NewCycle{
			{Name: "2026", FrameworkID: "t", FrameworkSource: []byte("x"), AsOf: c.AsOf, Agencies: []string{"GD"}},
			{Name: "b", FrameworkID: "t", FrameworkSource: []byte("x"), AsOf: c.AsOf, Agencies: []string{"GD", "NOPE"}},
			{Name: "c", FrameworkID: "t", FrameworkSource: []byte("x"), AsOf: c.AsOf, Agencies: []string{"GD"}, FrameworkHash: "abc"},
			{Name: "d", FrameworkID: "t", FrameworkSource: []byte("x"), Agencies: []string{"GD"}},
			{Name: "e", FrameworkID: "t", FrameworkSource: []byte("x"), AsOf: c.AsOf},
		} {
			if _, err := db.CreateCycle(ctx, bad); err == nil {
				t.Errorf("CreateCycle(%+v) succeeded", bad)
			}
		}
		all, _ := db.Cycles(ctx)
		if len(all) != 1 {
			t.Errorf("%d cycles after failed creations", len(all))
		}
		if _, err := db.CycleByName(ctx, "b"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing cycle: %v", err)
		}
	})
}

func TestCycleStateMachine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "s", "GD")
		steps := []struct {
			to zwgk.CycleState
			ok bool
		}{
			{zwgk.CycleScoring, false},
			{zwgk.CyclePublished, false},
			{zwgk.CycleCollecting, true},
			{zwgk.CycleScoring, true},
			{zwgk.CycleCollecting, true}, // a re-crawl
			{zwgk.CycleScoring, true},
			{zwgk.CycleReview, true},
			{zwgk.CycleScoring, true}, // re-score after an appeal
			{zwgk.CycleReview, true},
			{zwgk.CycleDraft, false},
			{zwgk.CyclePublished, true},
			{zwgk.CycleReview, false},
			{zwgk.CyclePublished, false},
		}
		for i, s := range steps {
			err := db.SetCycleState(ctx, c.ID, s.to)
			if (err == nil) != s.ok {
				t.Fatalf("step %d → %s: err %v, want ok=%v", i, s.to, err, s.ok)
			}
		}
		got, _ := db.CycleByID(ctx, c.ID)
		if got.State != zwgk.CyclePublished || got.PublishedAt == nil {
			t.Errorf("final %+v", got)
		}
		if err := db.SetCycleState(ctx, c.ID, zwgk.CycleReview); !errors.Is(err, zwgk.ErrPublished) {
			t.Errorf("published move: %v", err)
		}
		log, _ := db.AuditLog(ctx, 0)
		moves := 0
		for _, e := range log {
			if e.Action == "cycle.state" {
				moves++
			}
		}
		if moves != 8 {
			t.Errorf("%d state moves audited, want 8", moves)
		}
	})
}

func TestCrawlState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "c", "GD", "SZ", "FT")
		must(t, db.SetCrawlState(ctx, c.ID, "GD", store.CrawlRunning, ""))
		must(t, db.SetCrawlState(ctx, c.ID, "GD", store.CrawlFailed, "timeout"))
		must(t, db.SetCrawlState(ctx, c.ID, "GD", store.CrawlRunning, ""))
		must(t, db.SetCrawlState(ctx, c.ID, "SZ", store.CrawlDone, ""))
		if err := db.SetCrawlState(ctx, c.ID, "HZ", store.CrawlDone, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("not enrolled: %v", err)
		}
		if err := db.SetCrawlState(ctx, c.ID, "GD", "bogus", ""); err == nil {
			t.Error("bogus state accepted")
		}
		ens, _ := db.Enrolments(ctx, c.ID)
		if len(ens) != 3 || ens[1].Agency != "GD" || ens[1].Attempts != 2 || ens[1].CrawlState != "running" {
			t.Errorf("enrolments %+v", ens)
		}
		counts, _ := db.CycleCounts(ctx, c.ID)
		if !reflect.DeepEqual(counts, map[string]int{"pending": 1, "running": 1, "done": 1, "failed": 0}) {
			t.Errorf("counts %v", counts)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var t0 = time.Date(2026, 11, 2, 8, 30, 0, 123456000, time.UTC)

func sampleEvidence(agency string) zwgk.Evidence {
	return zwgk.Evidence{
		Agency:    agency,
		CrawledAt: t0,
		Home: zwgk.Home{URL: "https://gd.gov.cn/", Hub: true,
			Items:       []zwgk.Item{{Title: "通知", URL: "https://gd.gov.cn/a.html", Date: zwgk.NewDate(2026, 10, 30)}},
			SecondLevel: []zwgk.Item{{Title: "二级", URL: "https://gd.gov.cn/b/"}}},
		Pages: []zwgk.Page{},
		Columns: []zwgk.Column{
			{Name: "政策文件", URL: "https://gd.gov.cn/zcwj/", Indicators: []string{"A1", "A2.3"}, Pages: 2, Complete: true,
				Items: []zwgk.Item{
					{Title: "关于印发…的通知", URL: "https://gd.gov.cn/zcwj/t1.html", Date: zwgk.NewDate(2026, 9, 1), DateSource: zwgk.DateLabel, Opened: true,
						Attachments: []zwgk.Attachment{{URL: "https://gd.gov.cn/f.pdf", Ext: "pdf", Name: "附件1"}}, Terms: []string{"解读"}},
					{Title: "无日期", URL: "https://gd.gov.cn/zcwj/t2.html"},
					{Title: "留言", URL: "https://gd.gov.cn/l/1.html", Submitted: zwgk.NewDate(2026, 8, 1), Replied: zwgk.NewDate(2026, 8, 20)},
				}},
			{Name: "空栏目", URL: "https://gd.gov.cn/empty/", Items: []zwgk.Item{}, Cause: zwgk.CauseScript, Source: "rendered"},
		},
		Links: []zwgk.Link{
			{URL: "https://gd.gov.cn/x", From: "https://gd.gov.cn/", OnHome: true, Status: 404, CheckedAt: t0},
			{URL: "https://gd.gov.cn/y", From: "https://gd.gov.cn/zcwj/", Status: 0, Cause: zwgk.CauseTimeout, CheckedAt: t0.Add(time.Second)},
		},
		Probes: []zwgk.Probe{},
		EvidenceExtra: zwgk.EvidenceExtra{
			Roots:         []string{"https://gd.gov.cn/", "https://xxgk.gd.gov.cn/"},
			LinkSample:    &zwgk.LinkSample{Found: 120, Checked: 30, OnHome: 80, Rule: "all on home, 1 in 4 elsewhere"},
			HomeRedirect:  &zwgk.Redirect{From: "https://gd.gov.cn/", To: "https://www.gd.gov.cn/"},
			Refused:       []zwgk.Refusal{{Cause: zwgk.CauseTrap, Pattern: "/cal/*", Count: 311, Example: "https://gd.gov.cn/cal/1999"}},
			Render:        &zwgk.RenderLog{Available: false, Unrendered: []zwgk.Unrendered{{URL: "https://gd.gov.cn/empty/", Reason: "no browser"}}},
			ContentChecks: []zwgk.ContentCheck{{Kind: zwgk.CheckPrivacy, URL: "https://gd.gov.cn/zcwj/t1.html", Excerpt: "110105********002X", Rule: "id_number"}},
			Transport:     &zwgk.Transport{HTTPS: true},
		},
	}
}

func TestEvidenceRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "e", "GD", "SZ")
		if _, ok, err := db.Evidence(ctx, c.ID, "GD"); ok || err != nil {
			t.Fatalf("evidence before crawl: ok=%v err=%v", ok, err)
		}
		want := sampleEvidence("GD")
		body := []byte("<html><title>广东</title></html>")
		for i := range 2 { // the second round is a retried job: nothing doubles
			p1 := zwgk.Page{URL: "https://gd.gov.cn/", FinalURL: "https://www.gd.gov.cn/", Status: 200, FetchedAt: t0, Bytes: int64(len(body)),
				Charset: "gbk", SHA256: "ab12", Title: "广东省人民政府", Date: zwgk.NewDate(2026, 10, 30),
				DateSource: zwgk.DateLabel, MetaDate: zwgk.NewDate(2021, 3, 1), Rendered: "empty list"}
			p2 := zwgk.Page{URL: "https://gd.gov.cn/gone", Status: 404, FetchedAt: t0.Add(time.Minute), Cause: zwgk.CauseStatus, Error: "404 Not Found"}
			must(t, db.SavePage(ctx, c.ID, "GD", p1, body))
			must(t, db.SavePage(ctx, c.ID, "GD", p2, nil))
			pr := zwgk.Probe{At: t0.Add(time.Hour), Status: 200, Latency: 150 * time.Millisecond}
			must(t, db.SaveProbe(ctx, c.ID, "GD", pr))
			must(t, db.SaveProbe(ctx, c.ID, "GD", zwgk.Probe{At: t0, Cause: zwgk.CauseTimeout, Latency: 15 * time.Second}))
			must(t, db.SaveEvidence(ctx, c.ID, want))
			if i == 0 {
				want.Pages = []zwgk.Page{p1, p2}
				want.Probes = []zwgk.Probe{{At: t0, Cause: zwgk.CauseTimeout, Latency: 15 * time.Second}, pr}
			}
			got, ok, err := db.Evidence(ctx, c.ID, "GD")
			if err != nil || !ok {
				t.Fatalf("round %d: ok=%v err=%v", i, ok, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round %d: evidence differs\n got %+v\nwant %+v", i, got, want)
			}
		}
		p, b, ok, err := db.StoredPage(ctx, c.ID, "GD", "https://gd.gov.cn/")
		if err != nil || !ok || !bytes.Equal(b, body) || p.Title != "广东省人民政府" {
			t.Errorf("stored page %+v %q %v %v", p, b, ok, err)
		}
		if _, b, ok, _ := db.StoredPage(ctx, c.ID, "GD", "https://gd.gov.cn/gone"); !ok || b != nil {
			t.Errorf("page without body: ok=%v body=%q", ok, b)
		}
		if _, _, ok, err := db.StoredPage(ctx, c.ID, "GD", "https://gd.gov.cn/never"); ok || err != nil {
			t.Errorf("never fetched: ok=%v err=%v", ok, err)
		}
		counts, _ := db.CycleCounts(ctx, c.ID)
		if counts["done"] != 1 || counts["pending"] != 1 {
			t.Errorf("counts %v", counts)
		}

		// A failed site: the failure comes back and the enrolment says why.
		failed := zwgk.Evidence{Agency: "SZ", CrawledAt: t0, Failure: &zwgk.Failure{Cause: zwgk.CauseBlocked, Status: 403, URL: "https://sz.gov.cn/"},
			Pages: []zwgk.Page{}, Columns: []zwgk.Column{}, Links: []zwgk.Link{}, Probes: []zwgk.Probe{}}
		must(t, db.SaveEvidence(ctx, c.ID, failed))
		got, _, _ := db.Evidence(ctx, c.ID, "SZ")
		if !reflect.DeepEqual(got, failed) {
			t.Errorf("failed evidence\n got %+v\nwant %+v", got, failed)
		}
		ens, _ := db.Enrolments(ctx, c.ID)
		if ens[1].Agency != "SZ" || ens[1].CrawlState != "done" || ens[1].Cause != "blocked" {
			t.Errorf("enrolment %+v", ens[1])
		}

		// A re-check starts from nothing but keeps the monitor's probes.
		must(t, db.ResetEvidence(ctx, c.ID, "GD"))
		if _, ok, _ := db.Evidence(ctx, c.ID, "GD"); ok {
			t.Error("evidence survived a reset")
		}
		if _, _, ok, _ := db.StoredPage(ctx, c.ID, "GD", "https://gd.gov.cn/"); ok {
			t.Error("page survived a reset")
		}
		if ps, _ := db.Probes(ctx, c.ID, "GD"); len(ps) != 2 {
			t.Errorf("%d probes after reset, want 2", len(ps))
		}
	})
}

func TestPageBodyCapAndUntrustedText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "p", "GD")
		db.BodyCap = 1000
		big := bytes.Repeat([]byte("政"), 1000) // 3000 bytes
		p := zwgk.Page{URL: "https://gd.gov.cn/big", Status: 200, FetchedAt: t0, Bytes: 3000, Title: "bad \xff\xfe title\x00 end"}
		must(t, db.SavePage(ctx, c.ID, "GD", p, big))
		got, body, ok, err := db.StoredPage(ctx, c.ID, "GD", p.URL)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if !bytes.Equal(body, big[:1000]) || got.Bytes != 3000 {
			t.Errorf("body %d bytes (want the first 1000), Bytes %d", len(body), got.Bytes)
		}
		if got.Title != "bad \ufffd title end" {
			t.Errorf("title %q", got.Title)
		}
	})
}

func TestPublishedIsImmutable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "pub", "GD", "SZ")
		must(t, db.SaveEvidence(ctx, c.ID, sampleEvidence("GD")))
		must(t, db.SaveFindings(ctx, c.ID, "GD", []zwgk.Finding{{Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1}}))
		aid, err := db.FileAppeal(ctx, zwgk.Appeal{CycleID: c.ID, Agency: "GD", Indicator: "A1", Reason: "r", FiledBy: "gd"})
		must(t, err)
		for _, s := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview, zwgk.CyclePublished} {
			must(t, db.SetCycleState(ctx, c.ID, s))
		}
		writes := map[string]func() error{
			"SavePage":       func() error { return db.SavePage(ctx, c.ID, "GD", zwgk.Page{URL: "u", FetchedAt: t0}, nil) },
			"SaveProbe":      func() error { return db.SaveProbe(ctx, c.ID, "GD", zwgk.Probe{At: t0}) },
			"SaveEvidence":   func() error { return db.SaveEvidence(ctx, c.ID, sampleEvidence("SZ")) },
			"ResetEvidence":  func() error { return db.ResetEvidence(ctx, c.ID, "GD") },
			"SetCrawlState":  func() error { return db.SetCrawlState(ctx, c.ID, "GD", store.CrawlPending, "") },
			"SaveFindings":   func() error { return db.SaveFindings(ctx, c.ID, "GD", nil) },
			"SaveScorecards": func() error { return db.SaveScorecards(ctx, c.ID, nil) },
			"AddReview": func() error {
				_, err := db.AddReview(ctx, zwgk.Review{CycleID: c.ID, Agency: "GD", Indicator: "A1", Outcome: zwgk.Fail, Reason: "r", By: "x"})
				return err
			},
			"FileAppeal": func() error {
				_, err := db.FileAppeal(ctx, zwgk.Appeal{CycleID: c.ID, Agency: "GD", Indicator: "A1", Reason: "r", FiledBy: "gd"})
				return err
			},
			"DecideAppeal":  func() error { return db.DecideAppeal(ctx, aid, true, "x", "ok") },
			"SetCycleState": func() error { return db.SetCycleState(ctx, c.ID, zwgk.CycleScoring) },
		}
		for name, w := range writes {
			if err := w(); !errors.Is(err, zwgk.ErrPublished) {
				t.Errorf("%s on a published cycle: %v, want ErrPublished", name, err)
			}
		}
		if fs, _ := db.Findings(ctx, c.ID, "GD"); len(fs) != 1 {
			t.Errorf("findings changed: %+v", fs)
		}
		if _, ok, _ := db.Evidence(ctx, c.ID, "GD"); !ok {
			t.Error("evidence gone")
		}
	})
}

func TestFindingsAndScorecards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "f", "GD", "SZ")
		at := t0
		gd := []zwgk.Finding{
			{Agency: "GD", Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1, Measure: "最新信息 2026-10-30", Evidence: []string{"https://gd.gov.cn/"}},
			{Agency: "GD", Indicator: "B2", Outcome: zwgk.Partial, Fraction: 0.5, Count: 3, Problem: "栏目不更新",
				Override:  &zwgk.Override{Outcome: zwgk.Pass, Fraction: 1, Reason: "复核", By: "a", At: at, Appeal: 7},
				Automated: &zwgk.Finding{Agency: "GD", Indicator: "B2", Outcome: zwgk.Fail}},
		}
		must(t, db.SaveFindings(ctx, c.ID, "GD", gd))
		must(t, db.SaveFindings(ctx, c.ID, "GD", gd)) // replaced, not doubled
		must(t, db.SaveFindings(ctx, c.ID, "SZ", []zwgk.Finding{{Indicator: "A1", Outcome: zwgk.NA}}))
		got, _ := db.Findings(ctx, c.ID, "GD")
		if !reflect.DeepEqual(got, gd) {
			t.Errorf("findings\n got %+v\nwant %+v", got, gd)
		}
		if all, _ := db.Findings(ctx, c.ID, ""); len(all) != 3 || all[2].Agency != "SZ" {
			t.Errorf("all findings %+v", all)
		}
		if err := db.SaveFindings(ctx, c.ID, "GD", []zwgk.Finding{{Agency: "SZ", Indicator: "A1", Outcome: zwgk.Pass}}); err == nil {
			t.Error("finding of another agency accepted")
		}
		d := 1.5
		cards := []zwgk.Scorecard{
			{Agency: "GD", Name: "广东", Level: zwgk.LevelProvince, Region: "440000", Total: 88.5, Grade: "优秀", Rank: 1, Delta: &d,
				Veto: []string{}, Subtotals: map[string]float64{"A": 40}, Indicators: map[string]zwgk.IndicatorScore{"A1": {Points: 10, Earned: 10, Outcome: zwgk.Pass}}},
			{Agency: "SZ", Total: 50, Grade: "不合格", Vetoed: true, Veto: []string{"V1"}, Rank: 2},
		}
		must(t, db.SaveScorecards(ctx, c.ID, cards))
		must(t, db.SaveScorecards(ctx, c.ID, cards))
		sc, _ := db.Scorecards(ctx, c.ID)
		if !reflect.DeepEqual(sc, cards) {
			t.Errorf("scorecards\n got %+v\nwant %+v", sc, cards)
		}
	})
}

func TestReviewsAppealsAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "r", "GD")
		must(t, db.SaveFindings(ctx, c.ID, "GD", []zwgk.Finding{{Indicator: "A1", Outcome: zwgk.Fail}}))
		aid, err := db.FileAppeal(ctx, zwgk.Appeal{CycleID: c.ID, Agency: "GD", Indicator: "A1", Reason: "栏目已更新", EvidenceURL: "https://gd.gov.cn/x", FiledBy: "gd-user"})
		must(t, err)
		if _, err := db.FileAppeal(ctx, zwgk.Appeal{CycleID: c.ID, Agency: "HZ", Indicator: "A1", Reason: "r", FiledBy: "x"}); err == nil {
			t.Error("appeal of an agency not enrolled accepted")
		}
		must(t, db.DecideAppeal(ctx, aid, true, "assessor", "属实"))
		if err := db.DecideAppeal(ctx, aid, false, "assessor", "again"); err == nil {
			t.Error("deciding a decided appeal succeeded")
		}
		aps, _ := db.Appeals(ctx, c.ID, "GD")
		if len(aps) != 1 || aps[0].State != zwgk.AppealAccepted || aps[0].DecidedBy == nil || *aps[0].DecidedBy != "assessor" || aps[0].DecidedAt == nil {
			t.Errorf("appeals %+v", aps)
		}
		rid, err := db.AddReview(ctx, zwgk.Review{CycleID: c.ID, Agency: "GD", Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1, Reason: "申诉属实", By: "assessor", At: t0, Appeal: &aid})
		must(t, err)
		if _, err := db.AddReview(ctx, zwgk.Review{CycleID: c.ID, Agency: "GD", Indicator: "A1", Outcome: "maybe", Reason: "r", By: "x"}); err == nil {
			t.Error("review with a bad outcome accepted")
		}
		rs, _ := db.Reviews(ctx, c.ID)
		want := zwgk.Review{ID: rid, CycleID: c.ID, Agency: "GD", Indicator: "A1", Outcome: zwgk.Pass, Fraction: 1, Reason: "申诉属实", By: "assessor", At: t0, Appeal: &aid}
		if len(rs) != 1 || !reflect.DeepEqual(rs[0], want) {
			t.Errorf("reviews %+v", rs)
		}
		log, err := db.AuditLog(ctx, 3)
		must(t, err)
		if len(log) != 3 || log[0].Action != "review.add" || log[1].Action != "appeal.decide" || log[2].Action != "appeal.file" {
			t.Fatalf("audit log %+v", log)
		}
		if !strings.Contains(raw(log[0].Before), `"outcome":"fail"`) || !strings.Contains(raw(log[0].After), `"outcome":"pass"`) {
			t.Errorf("review audit before %s after %s", log[0].Before, log[0].After)
		}
		if !strings.Contains(raw(log[1].Before), `"state":"open"`) || !strings.Contains(raw(log[1].After), `"state":"accepted"`) {
			t.Errorf("appeal audit before %s after %s", log[1].Before, log[1].After)
		}
		// The log is append-only even for raw SQL.
		if _, err := db.X.ExecContext(ctx, "UPDATE audit_log SET who = 'me'"); err == nil {
			t.Error("audit_log accepted an UPDATE")
		}
		if _, err := db.X.ExecContext(ctx, "DELETE FROM audit_log"); err == nil {
			t.Error("audit_log accepted a DELETE")
		}
		must(t, db.Audit(store.WithActor(ctx, "op"), store.AuditEntry{Who: "op", Action: "x.test", Object: "o"}))
		if l, _ := db.AuditLog(ctx, 1); l[0].Before != nil || l[0].After != nil || l[0].Who != "op" {
			t.Errorf("bare entry %+v", l[0])
		}
	})
}

func raw(v any) string {
	r, _ := v.(json.RawMessage)
	return string(r)
}

func TestUsersAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		now := t0
		db.SetClock(func() time.Time { return now })
		id, err := db.CreateUser(ctx, store.User{Name: "gd", Role: "agency", PasswordHash: "h", Agencies: []string{"SZ", "GD"}})
		must(t, err)
		if _, err := db.CreateUser(ctx, store.User{Name: "gd", Role: "agency", PasswordHash: "h"}); err == nil {
			t.Error("duplicate user name accepted")
		}
		u, err := db.UserByName(ctx, "gd")
		if err != nil || u.ID != id || !reflect.DeepEqual(u.Agencies, []string{"GD", "SZ"}) || u.PasswordHash != "h" {
			t.Errorf("user %+v %v", u, err)
		}
		tok := "0123456789abcdef0123456789abcdef"
		must(t, db.CreateSession(ctx, "gd", tok, now.Add(time.Hour)))
		var stored int
		must(t, db.X.GetContext(ctx, &stored, db.X.Rebind("SELECT COUNT(*) FROM sessions WHERE token_hash = ?"), tok))
		if stored != 0 {
			t.Error("session token stored in clear")
		}
		su, exp, err := db.SessionUser(ctx, tok)
		if err != nil || su.Name != "gd" || !exp.Equal(now.Add(time.Hour)) {
			t.Errorf("session user %+v %v %v", su, exp, err)
		}
		now = now.Add(2 * time.Hour)
		if _, _, err := db.SessionUser(ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		now = t0
		must(t, db.CreateSession(ctx, "gd", tok+"x", now.Add(time.Hour)))
		must(t, db.DeleteSession(ctx, tok+"x"))
		if _, _, err := db.SessionUser(ctx, tok+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted session: %v", err)
		}
	})
}

func TestAcceptAppealAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "acc", "GD")
		must(t, db.SaveFindings(ctx, c.ID, "GD", []zwgk.Finding{{Indicator: "A1", Outcome: zwgk.Fail}}))
		aid, err := db.FileAppeal(ctx, zwgk.Appeal{CycleID: c.ID, Agency: "GD", Indicator: "A1", Reason: "已更新", FiledBy: "gd-user"})
		must(t, err)
		// A review that fails validation leaves the appeal open.
		if _, err := db.AcceptAppeal(ctx, aid, zwgk.Review{Outcome: "maybe", By: "assessor", Reason: "r"}, "属实"); err == nil {
			t.Fatal("accepting with a bad review succeeded")
		}
		if a, _ := db.Appeal(ctx, aid); a.State != zwgk.AppealOpen {
			t.Fatalf("appeal %s after a failed accept, want open", a.State)
		}
		rid, err := db.AcceptAppeal(ctx, aid, zwgk.Review{Outcome: zwgk.Pass, Fraction: 1, By: "assessor", Reason: "申诉属实", At: t0}, "属实")
		must(t, err)
		// The second of two assessors accepting the same appeal changes nothing.
		if _, err := db.AcceptAppeal(ctx, aid, zwgk.Review{Outcome: zwgk.Pass, Fraction: 1, By: "other", Reason: "r", At: t0}, "属实"); err == nil {
			t.Fatal("accepting an accepted appeal succeeded")
		}
		rs, _ := db.Reviews(ctx, c.ID)
		if len(rs) != 1 || rs[0].ID != rid || rs[0].Appeal == nil || *rs[0].Appeal != aid || rs[0].Agency != "GD" || rs[0].Indicator != "A1" {
			t.Fatalf("reviews %+v, want the one review of appeal %d", rs, aid)
		}
		if a, _ := db.Appeal(ctx, aid); a.State != zwgk.AppealAccepted {
			t.Fatalf("appeal %s, want accepted", a.State)
		}
	})
}

func TestFrozenFrameworkParsedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		fw, err := indicators.Builtin("zwgk-2016")
		must(t, err)
		c, err := db.CreateCycle(ctx, store.NewCycle{Name: "fz", FrameworkID: fw.ID, FrameworkVersion: fw.Version,
			FrameworkSource: fw.Source, AsOf: zwgk.NewDate(2026, 11, 1), WindowDays: 365, Agencies: []string{"GD"}})
		must(t, err)
		a, err := db.Framework(ctx, c)
		must(t, err)
		b, err := db.Framework(ctx, c)
		must(t, err)
		if a != b || a.Hash != fw.Hash || len(a.Leaves()) != len(fw.Leaves()) {
			t.Errorf("frozen framework: %p %p, hash %s want %s", a, b, a.Hash, fw.Hash)
		}
		c.FrameworkHash = strings.Repeat("0", 64)
		if _, err := db.Framework(ctx, c); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown hash: %v, want ErrNotFound", err)
		}
	})
}

// ProbeRounds counts per probe time, on both backends, with a challenge
// answered counted up and an error or a 5xx counted down.
func TestProbeRounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "p", "GD", "SZ")
		t1 := t0.Add(time.Hour)
		must(t, db.SaveProbe(ctx, c.ID, "GD", zwgk.Probe{At: t0, Status: 200}))
		must(t, db.SaveProbe(ctx, c.ID, "SZ", zwgk.Probe{At: t0, Status: 521, Cause: zwgk.CauseChallenge}))
		must(t, db.SaveProbe(ctx, c.ID, "GD", zwgk.Probe{At: t1, Cause: zwgk.CauseTimeout}))
		must(t, db.SaveProbe(ctx, c.ID, "SZ", zwgk.Probe{At: t1, Status: 503, Cause: zwgk.CauseStatus}))
		got, err := db.ProbeRounds(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []zwgk.ProbeRound{{At: t0.UTC(), Total: 2, Failed: 0}, {At: t1.UTC(), Total: 2, Failed: 2}}
		if len(got) != 2 || !got[0].At.Equal(want[0].At) || got[0].Total != 2 || got[0].Failed != 0 ||
			!got[1].At.Equal(want[1].At) || got[1].Total != 2 || got[1].Failed != 2 {
			t.Errorf("probe rounds %+v, want %+v", got, want)
		}
	})
}

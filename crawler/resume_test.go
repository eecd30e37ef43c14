package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/sitefarm"
	"zwgk/store"
)

// resumeFramework is zwgk-2016 with a smaller page budget, so three
// crawls of 200 sites stay quick; the budget still ends some lists, which
// a resumed crawl must end at the same place.
func resumeFramework(tb testing.TB) *indicators.Framework {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		tb.Fatal(err)
	}
	fw.Sampling.MaxPages, fw.Sampling.ItemsOpened, fw.Sampling.ListPages = 60, 2, 2
	return fw
}

const resumeCycleName = "resume-test"

// TestKillResume crawls 200 farm sites in a child process writing to the
// store (SQLite), kills it with SIGKILL midway, reruns it on the same
// database and compares every agency's stored evidence with that of an
// uninterrupted crawl into a second database. The farm is served by this
// (parent) process so all runs see the same sites.
func TestKillResume(t *testing.T) {
	if os.Getenv("ZWGK_RESUME_DSN") != "" {
		resumeChild(t)
		return
	}
	if testing.Short() {
		t.Skip("crawls 200 sites three times in subprocesses")
	}
	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	farm := sitefarm.Generate(sitefarm.Config{Sites: 200, Seed: 3, Defects: true})
	srv, err := sitefarm.Start(context.Background(), farm, sitefarm.Options{SlowDelay: 30 * time.Millisecond,
		HugeBytes: 3 << 20, BombBytes: 64 << 20, AdmitTokens: []string{"zwgk-assessor"}, Clock: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var sites []string
	var agencies []zwgk.Agency
	for _, s := range farm.Sites {
		agencies = append(agencies, s.Agency)
		sites = append(sites, s.Agency.Code+"="+s.Agency.Site)
	}
	dir := t.TempDir()
	setup := func(name string) (string, int64) {
		dsn := filepath.Join(dir, name+".db")
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ImportAgencies(context.Background(), agencies, "farm"); err != nil {
			t.Fatal(err)
		}
		fw := resumeFramework(t)
		codes := make([]string, len(agencies))
		for i, a := range agencies {
			codes[i] = a.Code
		}
		c, err := db.CreateCycle(context.Background(), store.NewCycle{Name: resumeCycleName, FrameworkID: fw.ID, FrameworkVersion: fw.Version,
			FrameworkSource: fw.Source, AsOf: farm.AsOf, WindowDays: fw.WindowDays, Agencies: codes})
		if err != nil {
			t.Fatal(err)
		}
		return dsn, c.ID
	}
	run := func(dsn string, cycle int64, kill time.Duration) (killed bool) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillResume$")
		cmd.Env = append(os.Environ(), "ZWGK_RESUME_DSN="+dsn, "ZWGK_RESUME_CYCLE="+strconv.FormatInt(cycle, 10),
			"ZWGK_RESUME_SITES="+strings.Join(sites, ","))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if kill > 0 {
			select {
			case err := <-done:
				t.Fatalf("child finished before the kill: %v", err)
			case <-time.After(kill):
				cmd.Process.Kill() // SIGKILL: nothing of the child runs after this
				<-done
				return true
			}
		}
		if err := <-done; err != nil {
			t.Fatalf("crawl child: %v", err)
		}
		return false
	}

	resumedDSN, resumedCycle := setup("resumed")
	r0 := srv.Stats().Requests
	run(resumedDSN, resumedCycle, 4*time.Second)
	done := countDone(t, resumedDSN, resumedCycle, agencies)
	t.Logf("killed with %d of %d sites done", done, len(agencies))
	if done == 0 || done == len(agencies) {
		t.Fatalf("the kill was not midway (%d of %d done); adjust its delay", done, len(agencies))
	}
	run(resumedDSN, resumedCycle, 0)
	r1 := srv.Stats().Requests
	freshDSN, freshCycle := setup("fresh")
	run(freshDSN, freshCycle, 0)
	r2 := srv.Stats().Requests
	// Killed run + rerun against one uninterrupted run: a rerun fetches
	// no stored page again; it only repeats robots.txt, link checks (not
	// stored) and the requests in flight at the kill.
	t.Logf("requests: killed run + rerun %d, uninterrupted %d", r1-r0, r2-r1)
	if r1-r0 > (r2-r1)*115/100 {
		t.Errorf("resumed crawl made %d requests, an uninterrupted one %d: stored pages fetched again?", r1-r0, r2-r1)
	}

	resumed, fresh := openStore(t, resumedDSN), openStore(t, freshDSN)
	diffs := 0
	for _, a := range agencies {
		got, ok1, err1 := resumed.Evidence(context.Background(), resumedCycle, a.Code)
		want, ok2, err2 := fresh.Evidence(context.Background(), freshCycle, a.Code)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			t.Errorf("%s: evidence missing (%v %v %v %v)", a.Code, ok1, err1, ok2, err2)
			continue
		}
		if g, w := canonical(got), canonical(want); g != w {
			diffs++
			if diffs <= 3 {
				t.Errorf("%s: resumed evidence differs from an uninterrupted crawl:\n%s\n%s", a.Code, g, w)
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d agencies differ", diffs, len(agencies))
	}
	cols, pages := 0, 0
	for _, a := range agencies {
		ev, _, _ := resumed.Evidence(context.Background(), resumedCycle, a.Code)
		cols += len(ev.Columns)
		pages += len(ev.Pages)
	}
	t.Logf("compared %d agencies: %d columns, %d pages", len(agencies), cols, pages)
	if cols < len(agencies) || pages < len(agencies) {
		t.Errorf("evidence too thin to compare: %d columns, %d pages", cols, pages)
	}
}

func openStore(t *testing.T, dsn string) *store.DB {
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countDone(t *testing.T, dsn string, cycle int64, as []zwgk.Agency) int {
	db := openStore(t, dsn)
	n := 0
	for _, a := range as {
		if _, ok, err := db.Evidence(context.Background(), cycle, a.Code); err == nil && ok {
			n++
		}
	}
	return n
}

// canonical is the evidence as JSON without fetch times, pages in URL
// order (the order pages were saved in is the store's business).
func canonical(ev zwgk.Evidence) string {
	ev.CrawledAt = time.Time{}
	ev.Pages = append([]zwgk.Page(nil), ev.Pages...)
	for i := range ev.Pages {
		ev.Pages[i].FetchedAt = time.Time{}
	}
	sort.Slice(ev.Pages, func(i, j int) bool { return ev.Pages[i].URL < ev.Pages[j].URL })
	ev.Links = append([]zwgk.Link(nil), ev.Links...)
	for i := range ev.Links {
		ev.Links[i].CheckedAt = time.Time{}
	}
	b, _ := json.Marshal(ev)
	return string(b)
}

// resumeChild is the crawl the parent kills and reruns: every enrolled
// agency without stored evidence, eight at a time.
func resumeChild(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, os.Getenv("ZWGK_RESUME_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cycle, _ := strconv.ParseInt(os.Getenv("ZWGK_RESUME_CYCLE"), 10, 64)
	fw := resumeFramework(t)
	c := New(Options{Delay: -1, PerHost: 2, Retries: 1, Backoff: 10 * time.Millisecond,
		UserAgent: "zwgk-assessor/1.0 (+mailto:test@example.org)", MaxBody: 2 << 20, MaxDecoded: 8 << 20})
	defer c.Close()
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, kv := range strings.Split(os.Getenv("ZWGK_RESUME_SITES"), ",") {
		code, site, _ := strings.Cut(kv, "=")
		if _, ok, err := db.Evidence(ctx, cycle, code); err == nil && ok {
			continue // done before the kill
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := c.Crawl(ctx, cycle, zwgk.Agency{Code: code, Site: site}, fw, asOfResume(), db); err != nil {
				t.Errorf("%s: %v", code, err)
				fmt.Fprintln(os.Stderr, code, err)
			}
		}()
	}
	wg.Wait()
}

func asOfResume() zwgk.Date { return sitefarm.DefaultAsOf }

package crawler

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"zwgk/crawler/memstore"
)

// TestKillResume crawls 200 sites in a child process writing to a file
// store, kills it with SIGKILL midway, reruns it on the same file and
// compares the final evidence with an uninterrupted crawl. The farm is
// served by this (parent) process so both runs see the same sites.
func TestKillResume(t *testing.T) {
	if os.Getenv("ZWGK_CRAWL_CHILD") != "" {
		childCrawl(t)
		return
	}
	if testing.Short() {
		t.Skip("subprocess test")
	}
	farm := newMiniFarm(t, 200, 3, 10)
	urls := farm.sites
	path := filepath.Join(t.TempDir(), "evidence.jsonl")
	run := func(kill time.Duration) error {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillResume$", "-test.v")
		cmd.Env = append(os.Environ(), "ZWGK_CRAWL_CHILD="+path, "ZWGK_CRAWL_SITES="+strings.Join(urls, ","))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kill > 0 {
			time.Sleep(kill)
			cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
		}
		return cmd.Wait()
	}
	run(1500 * time.Millisecond)
	st, err := openFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	done, stored := len(st.evs), len(st.pages)
	st.f.Close()
	t.Logf("killed after %d sites done, %d pages stored", done, stored)
	if done == len(urls) || stored == 0 {
		t.Fatalf("kill came too late or too early (%d sites, %d pages); adjust the delay", done, stored)
	}
	if err := run(0); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	resumed, err := openFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.f.Close()

	c := New(testOptions())
	defer c.Close()
	fresh := memstore.New()
	want, err := crawlFarm(context.Background(), c, farm, fresh, 16)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		got, ok := resumed.evs[farm.agency(i).Code]
		if !ok {
			t.Errorf("%s: no evidence after rerun", farm.agency(i).Code)
			continue
		}
		if a, b := stripTimes(got), stripTimes(w); a != b {
			t.Errorf("%s: resumed evidence differs from an uninterrupted crawl", farm.agency(i).Code)
		}
	}
}

func childCrawl(t *testing.T) {
	st, err := openFileStore(os.Getenv("ZWGK_CRAWL_CHILD"))
	if err != nil {
		t.Fatal(err)
	}
	urls := strings.Split(os.Getenv("ZWGK_CRAWL_SITES"), ",")
	o := testOptions()
	o.Delay = 2 * time.Millisecond // slow enough to be killed midway
	c := New(o)
	done := map[string]bool{}
	for code := range st.evs {
		done[code] = true
	}
	sem := make(chan struct{}, 8)
	errs := make(chan error, len(urls))
	for i, u := range urls {
		sem <- struct{}{}
		go func(i int, u string) {
			defer func() { <-sem }()
			code := "S" + leftPad(strconv.Itoa(i))
			if done[code] {
				errs <- nil
				return
			}
			a := farmAgency(code, u)
			_, err := c.Crawl(context.Background(), 1, a, testFramework(), asOf, st)
			errs <- err
		}(i, u)
	}
	for range urls {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

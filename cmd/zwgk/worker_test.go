package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"zwgk/store/storetest"
)

// TestWorkerMetricsAndStop starts `zwgk worker --metrics-addr`, scrapes its
// /metrics, and stops it as SIGTERM would (the command's context ends):
// it exits 0 after a graceful stop.
func TestWorkerMetricsAndStop(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var stdout, stderr syncBuffer
		done := make(chan int, 1)
		go func() {
			done <- Main(ctx, []string{"--db", dsn, "worker", "--id", "w-" + backend, "--sites", "2", "--probe-workers", "1",
				"--metrics-addr", "127.0.0.1:0", "--job-timeout", "1m", "--rescue-after", "2m", "--grace", "2s"}, &stdout, &stderr)
		}()
		addr := regexp.MustCompile(`metrics at (http://[0-9.:]+/metrics)`)
		var url string
		for i := 0; i < 200 && url == ""; i++ {
			time.Sleep(25 * time.Millisecond)
			if m := addr.FindStringSubmatch(stderr.String()); m != nil {
				url = m[1]
			}
		}
		if url == "" {
			t.Fatalf("worker did not serve metrics: %s", stderr.String())
		}
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{"zwgk_pages_fetched_total 0", "zwgk_river_jobs_up 1", "process_resident_memory_bytes", "go_goroutines"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("worker /metrics lacks %q:\n%.3000s", want, body)
			}
		}
		cancel()
		select {
		case code := <-done:
			if code != 0 || !strings.Contains(stderr.String(), "worker w-"+backend+": stopped in") {
				t.Errorf("worker exit %d after its context ended:\n%s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatal("worker still running 20 s after its context ended")
		}
	})
}

func TestWorkerFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"worker", "--rescue-after", "10s"}, 2, "must exceed --job-timeout"},
		{[]string{"worker", "--job-timeout", "1m", "--rescue-after", "1m"}, 2, "must exceed --job-timeout"},
		{[]string{"worker", "--job-timeout", "-1s"}, 2, "must not be negative"},
		{[]string{"worker", "extra"}, 2, "no arguments"},
	}
	for _, tt := range tests {
		dsn := storetest.DSN(t, "sqlite")
		code, _, stderr := run(t, dsn, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// TestServeMetricsRiverJobs: the portal's /metrics carries River's jobs by
// state (zwgk_river_jobs_up is 0 before any crawl created River's tables,
// 1 after).
func TestServeMetricsRiverJobs(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		scrape := func() string {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr syncBuffer
			done := make(chan int, 1)
			go func() { done <- Main(ctx, []string{"--db", dsn, "serve", "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()
			addr := regexp.MustCompile(`portal on (http://[0-9.:]+)/`)
			var base string
			for i := 0; i < 200 && base == ""; i++ {
				time.Sleep(25 * time.Millisecond)
				if m := addr.FindStringSubmatch(stderr.String()); m != nil {
					base = m[1]
				}
			}
			if base == "" {
				t.Fatalf("serve did not start: %s", stderr.String())
			}
			resp, err := http.Get(base + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("serve exit %d: %s", code, stderr.String())
			}
			return string(body)
		}
		// serve needs a database that exists (it never starts an empty one).
		if code, _, stderr := run(t, dsn, "agencies", "import", "../../agencies/testdata/good.csv"); code != 0 {
			t.Fatal(stderr)
		}
		if m := scrape(); !strings.Contains(m, "zwgk_river_jobs_up 0") {
			t.Errorf("before any crawl: /metrics lacks zwgk_river_jobs_up 0:\n%.2000s", m)
		}
		if code, _, stderr := run(t, dsn, "cycle", "create", "m", "--framework", "zwgk-2016", "--as-of", "2026-11-01"); code != 0 {
			t.Fatal(stderr)
		}
		if code, _, stderr := run(t, dsn, "cycle", "crawl", "m", "--enqueue-only"); code != 0 {
			t.Fatal(stderr)
		}
		m := scrape()
		if !strings.Contains(m, "zwgk_river_jobs_up 1") || !regexp.MustCompile(`zwgk_river_jobs\{queue="crawl",state="available"\} [1-9]`).MatchString(m) {
			t.Errorf("after enqueueing: /metrics lacks the crawl jobs:\n%.3000s", m)
		}
	})
}

package crawler

// The benchmarks crawl a site farm served by a child process (this test
// binary re-executed), so that the heap measured in this process is the
// crawler's alone.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"zwgk"
	"zwgk/indicators"
	"zwgk/sitefarm"
)

// farmSites are the base URLs of a served farm.
type farmSites struct{ sites []string }

func (f *farmSites) agency(i int) zwgk.Agency {
	return zwgk.Agency{Code: fmt.Sprintf("S%04d", i), Site: f.sites[i]}
}

// remoteFarm serves a farm of n good sites (no defects: a benchmark
// measures the crawler, not the slow site) from a child process.
func remoteFarm(tb testing.TB, n int) *farmSites {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("ZWGK_FARM_CHILD=%d", n))
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		tb.Fatalf("farm child: %v", err)
	}
	return &farmSites{sites: strings.Split(strings.TrimSpace(line), ",")}
}

func TestMain(m *testing.M) {
	if spec := os.Getenv("ZWGK_FARM_CHILD"); spec != "" {
		var n int
		fmt.Sscanf(spec, "%d", &n)
		f := sitefarm.Generate(sitefarm.Config{Sites: n, Seed: 1})
		// A cache that holds every page of 1,000 sites: the farm renders a
		// page when first asked and keeps it, so without room for all of
		// them the first crawler of a benchmark pays for the rendering
		// (on the same two cores) and the second does not.
		srv, err := sitefarm.Start(context.Background(), f, sitefarm.Options{AdmitTokens: []string{"zwgk-assessor"}, CacheEntries: 1_000_000})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		urls := make([]string, len(f.Sites))
		for i, s := range f.Sites {
			urls[i] = s.Agency.Site
		}
		fmt.Println(strings.Join(urls, ","))
		io.Copy(io.Discard, os.Stdin) // serve until the parent closes stdin
		srv.Close()
		return
	}
	os.Exit(m.Run())
}

// crawlFarmURLs crawls every site, conc at a time, and keeps only the
// URLs fetched (not the evidence: the heap measured is the crawler's).
// perSite counts each site's pages, or with requests its requests:
// pages, robots.txt and the link checks that were not pages.
func crawlFarmURLs(ctx context.Context, c *Crawler, f *farmSites, fw *indicators.Framework, w zwgk.EvidenceWriter, conc int, requests bool) ([]string, []int, error) {
	var mu sync.Mutex
	var urls []string
	perSite := make([]int, len(f.sites))
	var first error
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	for i := range f.sites {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			ev, err := c.Crawl(ctx, 1, f.agency(i), fw, sitefarm.DefaultAsOf, w)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
			fetched := map[string]bool{}
			for _, p := range ev.Pages {
				if !p.FetchedAt.IsZero() {
					urls = append(urls, p.URL)
					perSite[i]++
					fetched[p.URL] = true
				}
			}
			if requests {
				perSite[i]++ // robots.txt
				for _, l := range ev.Links {
					if !fetched[l.URL] {
						perSite[i]++
					}
				}
			}
		}(i)
	}
	wg.Wait()
	return urls, perSite, first
}

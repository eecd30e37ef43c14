package crawler

import (
	"context"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
)

// peakHeap samples the heap while fn runs and returns the peak in MiB.
func peakHeap(fn func()) float64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return float64(peak.Load()) / (1 << 20)
}

// discardStore keeps nothing: the benchmark measures the crawler.
type discardStore struct{}

func (discardStore) StoredPage(context.Context, int64, string, string) (zwgk.Page, []byte, bool, error) {
	return zwgk.Page{}, nil, false, nil
}
func (discardStore) SavePage(context.Context, int64, string, zwgk.Page, []byte) error { return nil }
func (discardStore) SaveProbe(context.Context, int64, string, zwgk.Probe) error       { return nil }
func (discardStore) SaveEvidence(context.Context, int64, zwgk.Evidence) error         { return nil }

// plainColly visits urls with a tuned async colly program: the baseline.
func plainColly(urls []string, parallelism int) {
	c := colly.NewCollector(colly.Async(true), colly.AllowURLRevisit())
	c.WithTransport(&http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        parallelism * 2,
		MaxIdleConnsPerHost: 4,
	})
	_ = c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallelism})
	c.OnHTML("a[href]", func(e *colly.HTMLElement) { _ = e.Attr("href") })
	// A frontier of `parallelism` feeders, not a goroutine per URL.
	ch := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < parallelism; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range ch {
				_ = c.Visit(u)
			}
		}()
	}
	for _, u := range urls {
		ch <- u
	}
	close(ch)
	wg.Wait()
	c.Wait()
}

// BenchmarkFarm crawls the stand-in farm with politeness off, then visits
// the same pages with plain colly in the same run; it reports pages/s,
// peak heap and the ratio of wall times (target ≤ 1.5).
func BenchmarkFarm(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(sitesName(n), func(b *testing.B) {
			farm := remoteFarm(b, n, 3, 10)
			o := testOptions()
			o.Global = 64
			for i := 0; i < b.N; i++ {
				c := New(o)
				store := memstore.New()
				start := time.Now()
				var urls []string
				peak := peakHeap(func() {
					// Keep only the fetched URLs, not the evidence: the
					// heap measured is the crawler's working set.
					var err error
					urls, err = crawlFarmURLs(context.Background(), c, farm, discardCounter{store}, 32)
					if err != nil {
						b.Fatal(err)
					}
				})
				zt := time.Since(start)
				c.Close()
				start = time.Now()
				cpeak := peakHeap(func() { plainColly(urls, 64) })
				ct := time.Since(start)
				b.ReportMetric(float64(len(urls))/zt.Seconds(), "pages/s")
				b.ReportMetric(float64(len(urls))/ct.Seconds(), "colly-pages/s")
				b.ReportMetric(zt.Seconds()/ct.Seconds(), "time-ratio")
				b.ReportMetric(peak, "peak-MiB")
				b.ReportMetric(cpeak, "colly-peak-MiB")
			}
		})
	}
}

// discardCounter records nothing but evidence (pages are counted by the
// crawl's own evidence); it keeps memory flat as sites grow.
type discardCounter struct{ *memstore.Store }

func (discardCounter) SavePage(context.Context, int64, string, zwgk.Page, []byte) error { return nil }
func (discardCounter) SaveEvidence(context.Context, int64, zwgk.Evidence) error         { return nil }

// BenchmarkPolite crawls many sites with a per-host delay and reports the
// wall time against the politeness bound (pages per host × delay / per-host
// parallelism): a ratio near 1 means hundreds of hosts were kept busy at once.
func BenchmarkPolite(b *testing.B) {
	const sites, delay = 1000, 200 * time.Millisecond
	farm := remoteFarm(b, sites, 10, 10) // about 80 pages a site with the budget below
	fw := testFramework()
	fw.Sampling = indicators.Sampling{MaxPages: 120, MaxDepth: 3, ItemsOpened: 15, ListPages: 20, LinksChecked: 0}
	o := testOptions()
	o.Delay, o.PerHost, o.Global = delay, 2, 512
	for i := 0; i < b.N; i++ {
		c := New(o)
		start := time.Now()
		evs, err := crawlFarm(context.Background(), c, farm, discardStore{}, sites, fw)
		if err != nil {
			b.Fatal(err)
		}
		wall := time.Since(start)
		c.Close()
		maxPages, total := 0, 0
		for _, ev := range evs {
			n := 0
			for _, p := range ev.Pages {
				if !p.FetchedAt.IsZero() {
					n++
				}
			}
			maxPages = max(maxPages, n)
			total += n
		}
		bound := time.Duration(maxPages) * delay / time.Duration(o.PerHost)
		b.ReportMetric(float64(total)/float64(sites), "pages/site")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(bound.Seconds(), "bound-s")
		b.ReportMetric(wall.Seconds()/bound.Seconds(), "wall/bound")
	}
}

func sitesName(n int) string {
	if n >= 1000 {
		return "sites=1000"
	}
	return "sites=100"
}

// crawlFarmURLs crawls the farm and keeps only the URLs fetched.
func crawlFarmURLs(ctx context.Context, c *Crawler, f *miniFarm, w zwgk.EvidenceWriter, conc int) ([]string, error) {
	var mu sync.Mutex
	var urls []string
	var first error
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	for i := range f.sites {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			ev, err := c.Crawl(ctx, 1, f.agency(i), testFramework(), asOf, w)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
			for _, p := range ev.Pages {
				if !p.FetchedAt.IsZero() {
					urls = append(urls, p.URL)
				}
			}
		}(i)
	}
	wg.Wait()
	return urls, first
}

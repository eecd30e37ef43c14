package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"zwgk"
	"zwgk/bench/heappeak"
	"zwgk/indicators"
)

// peakHeap samples the heap while fn runs and returns the peak in MiB.
func peakHeap(fn func()) float64 {
	peak, _ := heappeak.Sample(20*time.Millisecond, fn)
	return float64(peak) / (1 << 20)
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

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchUA is admitted by the farm's guarded sites.
const benchUA = "zwgk-assessor/1.0 (+mailto:bench@example.org)"

// BenchmarkFarm crawls the site farm (zwgk-2016 sampling) with politeness
// off, then visits the same pages with a plain async colly program in the
// same run; it reports pages/s, peak heap and the ratio of wall times
// (target ≤ 1.2, issue 17).
//
// A first crawl, not measured, names the pages and fills the farm's
// cache: the farm renders a page when first asked, and the benchmark
// used to measure zwgk on the cold farm (paying its rendering on the same
// two cores) and colly on the warm one. Then at 100 sites the two run in
// three rounds, in the order zwgk, colly; colly, zwgk; zwgk, colly, and
// the ratios reported are the rounds' medians: this machine's speed
// drifts by ±10 % within a minute, as much as the gap measured. At 1,000
// sites (minutes a phase) one round.
func BenchmarkFarm(b *testing.B) {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			farm := remoteFarm(b, n)
			o := Options{Delay: -1, Retries: -1, PerHost: 4, Global: 64, UserAgent: benchUA}
			rounds := 3
			if n > 100 {
				rounds = 1
			}
			for i := 0; i < b.N; i++ {
				var urls []string
				var zt, ct, zcpu, ccpu []time.Duration
				var peak, cpeak []float64 // MiB, a round each
				zwgkRun := func() {
					c := New(o)
					start, cpu := time.Now(), processCPU()
					peak = append(peak, peakHeap(func() {
						var err error
						urls, _, err = crawlFarmURLs(context.Background(), c, farm, fw, discardStore{}, siteConc, false)
						if err != nil {
							b.Fatal(err)
						}
					}))
					zt, zcpu = append(zt, time.Since(start)), append(zcpu, processCPU()-cpu)
					c.Close()
				}
				collyRun := func() {
					start, cpu := time.Now(), processCPU()
					cpeak = append(cpeak, peakHeap(func() { plainColly(urls, 64) }))
					ct, ccpu = append(ct, time.Since(start)), append(ccpu, processCPU()-cpu)
				}
				zwgkRun() // names the pages, warms the farm
				zt, zcpu, peak = nil, nil, nil
				for r := 0; r < rounds; r++ {
					if r%2 == 0 {
						zwgkRun()
						collyRun()
					} else {
						collyRun()
						zwgkRun()
					}
				}
				ratios := func(a, c []time.Duration) float64 {
					rs := make([]float64, len(a))
					for k := range a {
						rs[k] = a[k].Seconds() / c[k].Seconds()
					}
					return median(rs)
				}
				b.ReportMetric(float64(len(urls))/median(seconds(zt)), "pages/s")
				b.ReportMetric(float64(len(urls))/median(seconds(ct)), "colly-pages/s")
				b.ReportMetric(ratios(zt, ct), "time-ratio")
				// CPU of this process (the farm serves from a child), which
				// a loaded machine distorts far less than wall time.
				b.ReportMetric(ratios(zcpu, ccpu), "cpu-ratio")
				b.ReportMetric(median(peak), "peak-MiB")
				b.ReportMetric(median(cpeak), "colly-peak-MiB")
				b.ReportMetric(float64(rounds), "rounds")
			}
		})
	}
}

func seconds(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = d.Seconds()
	}
	return out
}

// median of xs (the mean of the middle two for an even count).
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkPolite crawls 1,000 sites of 100 pages with a per-host delay
// and reports the wall time against the politeness bound (the busiest
// site's requests — pages, robots.txt, link checks — × delay / per-host
// parallelism): a ratio near 1 means the crawler kept the hosts busy at
// once. The delay is long enough that the bound, not this machine's
// throughput, is what limits.
func BenchmarkPolite(b *testing.B) {
	const sites, delay = 1000, 2 * time.Second
	farm := remoteFarm(b, sites)
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		b.Fatal(err)
	}
	fw.Sampling.MaxPages, fw.Sampling.LinksChecked = 100, 0
	o := Options{Delay: delay, PerHost: 2, Global: 512, Retries: -1, UserAgent: benchUA}
	for i := 0; i < b.N; i++ {
		c := New(o)
		start := time.Now()
		_, perSite, err := crawlFarmURLs(context.Background(), c, farm, fw, discardStore{}, sites, true)
		if err != nil {
			b.Fatal(err)
		}
		wall := time.Since(start)
		c.Close()
		maxPages, total := 0, 0
		for _, n := range perSite {
			maxPages = max(maxPages, n)
			total += n
		}
		bound := time.Duration(maxPages) * delay / time.Duration(o.PerHost)
		b.ReportMetric(float64(total)/float64(sites), "requests/site")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(bound.Seconds(), "bound-s")
		b.ReportMetric(wall.Seconds()/bound.Seconds(), "wall/bound")
	}
}

// siteConc is how many sites the politeness-off benchmark crawls at once
// (a cycle's worker count); the global limit still caps requests at 64.
const siteConc = 64

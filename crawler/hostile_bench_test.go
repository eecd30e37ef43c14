package crawler

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"zwgk/sitefarm"
)

// BenchmarkHostileManyLinks crawls the farm's 100,000-link home page (9 MB)
// with politeness off: one site, and the same site four times at once on
// one Crawler (what a cycle's workers do when several such sites come
// together), reporting the peak heap. The parse bound (Options.MaxParsing)
// keeps four at once near one.
func BenchmarkHostileManyLinks(b *testing.B) {
	hf, err := sitefarm.StartHostile(context.Background(), sitefarm.HostileOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer hf.Close()
	hs := hf.Site(sitefarm.HostileManyLinks)
	fw := zwgk2016(b)
	for _, n := range []int{1, 4} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				c := New(hostileOptions())
				peak := peakHeap(func() {
					var wg sync.WaitGroup
					for k := 0; k < n; k++ {
						wg.Add(1)
						go func() {
							defer wg.Done()
							ev, err := c.Crawl(context.Background(), 1, hs.Agency, fw, asOf, discardStore{})
							if err != nil || ev.LinkSample == nil || ev.LinkSample.OnHome != hs.HomeLinks {
								b.Errorf("crawl: %v, sample %+v", err, ev.LinkSample)
							}
						}()
					}
					wg.Wait()
				})
				c.Close()
				b.ReportMetric(peak, "peak-MiB")
			}
		})
	}
}

package crawler

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
	"zwgk/sitefarm"
	"zwgk/sitefarm/sitefarmtest"
)

// farmClock is the farm's clock, set by the test: intermittent sites fail
// for whole time slots, so probes at the truth's probe times see the
// truth's outcomes, and the crawl runs at a time no site fails.
type farmClock struct{ unix atomic.Int64 }

func (c *farmClock) now() time.Time  { return time.Unix(c.unix.Load(), 0).UTC() }
func (c *farmClock) set(t time.Time) { c.unix.Store(t.Unix()) }

// TestAgainstSiteFarm crawls a default farm (every defect and style) and
// holds the evidence to each site's Truth(): column newest dates exactly,
// and the findings scoring draws from both at least 98 % equal. Every
// mismatch is listed.
func TestAgainstSiteFarm(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls 60 sites")
	}
	clock := &farmClock{}
	const slow = 400 * time.Millisecond
	farm := sitefarmtest.StartT(t, sitefarm.Config{Sites: 60, Seed: 7, Defects: true},
		sitefarm.Options{SlowDelay: slow, HugeBytes: 3 << 20, BombBytes: 256 << 20,
			AdmitTokens: []string{"zwgk-assessor"}, Clock: clock.now})
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	truths := make([]zwgk.Evidence, len(farm.Sites))
	for i, s := range farm.Sites {
		truths[i] = s.Truth()
	}
	// Crawl at the first probe time at which no intermittent site fails.
	times := farm.ProbeTimes()
	crawlAt := times[0]
	for k := range times {
		ok := true
		for i, s := range farm.Sites {
			if s.Profile == sitefarm.ProfileFragile && truths[i].Probes[k].Cause != zwgk.CauseTimeout && !truths[i].Probes[k].OK() {
				ok = false
			}
		}
		if ok {
			crawlAt = times[k]
			break
		}
	}
	clock.set(crawlAt)

	o := Options{Delay: -1, PerHost: 4, Global: 64, Retries: 1, Backoff: 10 * time.Millisecond,
		UserAgent: "zwgk-assessor/1.0 (+mailto:test@example.org)", MaxBody: 2 << 20, MaxDecoded: 8 << 20}
	c := New(o)
	defer c.Close()
	var agencies []zwgk.Agency
	for _, s := range farm.Sites {
		agencies = append(agencies, s.Agency)
	}
	c.KnownSites(agencies) // a cluster's host must leave its counties' folders out
	evs := make([]zwgk.Evidence, len(farm.Sites))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i, s := range farm.Sites {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, a zwgk.Agency) {
			defer func() { <-sem; wg.Done() }()
			ev, err := c.Crawl(context.Background(), 1, a, fw, farm.AsOf, memstore.New())
			if err != nil {
				t.Errorf("%s: %v", a.Code, err)
			}
			evs[i] = ev
		}(i, s.Agency)
	}
	wg.Wait()

	// Availability: a week of probes at the truth's times, with a timeout
	// below the slow sites' delay (as 15 s is below a real slow site's).
	for _, at := range times {
		clock.set(at)
		var pw sync.WaitGroup
		for i, s := range farm.Sites {
			pw.Add(1)
			go func(i int, u string) {
				defer pw.Done()
				p := c.Probe(context.Background(), u, slow/2)
				p.At = at
				evs[i].Probes = append(evs[i].Probes, p)
			}(i, s.Agency.Site)
		}
		pw.Wait()
	}

	var colDiffs, findDiffs []string
	total, claims := 0, 0
	for i, s := range farm.Sites {
		claims += farmAccusations(t, fw, s.Agency, evs[i], truths[i], farm.AsOf)
		colDiffs = append(colDiffs, columnMismatches(s.Agency.Code+" ("+s.Profile+")", evs[i], truths[i])...)
		n, d := findingMismatches(fw, s.Agency, evs[i], truths[i], farm.AsOf)
		total += n
		for _, x := range d {
			findDiffs = append(findDiffs, x+" ["+s.Profile+"]")
		}
	}
	for _, d := range colDiffs {
		t.Error(d)
	}
	for _, d := range findDiffs {
		t.Log(d)
	}
	match := float64(total-len(findDiffs)) / float64(total)
	t.Logf("findings: %d of %d equal (%.2f %%); column mismatches: %d; claims that a list is unreadable, undated, empty or missing, each held to the truth: %d", total-len(findDiffs), total, 100*match, len(colDiffs), claims)
	if match < 0.98 {
		t.Errorf("findings match %.2f %% < 98 %%", 100*match)
	}
}

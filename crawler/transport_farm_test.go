package crawler

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk"
	"zwgk/crawler/memstore"
	"zwgk/indicators"
	"zwgk/sitefarm"
)

const transportFramework = `
id: transport-test
version: "1"
title: IPv6与HTTPS
bands: [{min: 0, grade: 合格}]
indicators:
  - id: C1
    name: 通知公告
    kind: score
    points: 96
    rule: {kind: column, aliases: [通知公告, 通知通告, 公告通知]}
  - id: T1
    name: IPv6与HTTPS
    kind: deduct
    points: 4
    per: 1
    rule: {kind: transport}

`

// TestTransportAgainstFarm crawls a farm served in transport mode with the
// farm's network handed to the crawler (farm mode), and holds every
// crawled site's transport check to the farm's truth; a framework without
// a transport rule checks nothing.
func TestTransportAgainstFarm(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls 20 sites")
	}
	farm := sitefarm.Generate(sitefarm.Config{Sites: 20, Seed: 7, Defects: true})
	srv, err := sitefarm.Start(context.Background(), farm, sitefarm.Options{Transport: true, SlowDelay: 50 * time.Millisecond,
		HugeBytes: 1 << 20, BombBytes: 8 << 20, AdmitTokens: []string{"zwgk-assessor"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	fw, err := indicators.Parse("transport.yaml", []byte(transportFramework))
	if err != nil {
		t.Fatal(err)
	}
	ua := "zwgk-assessor/1.0 (+mailto:test@example.org)"
	c := New(Options{Delay: -1, PerHost: 4, Retries: -1, UserAgent: ua, Timeout: 5 * time.Second, MaxBody: 2 << 20, MaxDecoded: 4 << 20,
		NoRender: true, NetCheck: srv.Network().Checker(ua, 5*time.Second)})
	defer c.Close()
	evs := make([]zwgk.Evidence, len(farm.Sites))
	var wg sync.WaitGroup
	for i, s := range farm.Sites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			evs[i], _ = c.Crawl(context.Background(), 1, s.Agency, fw, farm.AsOf, memstore.New())
		}()
	}
	wg.Wait()
	checked := map[string]int{}
	for i, s := range farm.Sites {
		ev := evs[i]
		if ev.Transport == nil {
			if ev.Failure == nil {
				t.Errorf("site %d (%s): crawled without a transport check", i, s.Profile)
			}
			continue
		}
		if d := sitefarm.TransportDiff(s.TransportTruth(), *ev.Transport); len(d) > 0 {
			t.Errorf("site %d (%s, transport %s): %s", i, s.Profile, s.TransportProfile, strings.Join(d, "; "))
		}
		checked[s.TransportProfile]++
	}
	for _, p := range sitefarm.TransportProfiles {
		if checked[p] == 0 {
			t.Errorf("no crawled site of transport profile %s", p)
		}
	}
	plain, err := indicators.Parse("plain.yaml", []byte(strings.Replace(strings.Split(transportFramework, "  - id: T1")[0], "points: 96", "points: 100", 1)))
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := c.Crawl(context.Background(), 1, farm.Sites[0].Agency, plain, farm.AsOf, memstore.New())
	if ev.Transport != nil {
		t.Errorf("a framework without a transport rule checked transport: %+v", ev.Transport)
	}
}

package sitefarm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"zwgk/sitefarm"
)

// BenchmarkStart generates and serves a farm of 2,000 sites and closes it:
// sites/s is the figure to report.
func BenchmarkStart(b *testing.B) {
	const n = 2000
	for b.Loop() {
		f := sitefarm.Generate(sitefarm.Config{Sites: n, Seed: 1, Defects: true})
		srv, err := sitefarm.Start(context.Background(), f, sitefarm.Options{})
		if err != nil {
			b.Fatal(err)
		}
		srv.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "sites/s")
}

// BenchmarkGenerate is generation alone (no listeners).
func BenchmarkGenerate(b *testing.B) {
	const n = 2000
	for b.Loop() {
		sitefarm.Generate(sitefarm.Config{Sites: n, Seed: 1, Defects: true})
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "sites/s")
}

// pages is a mix a crawler asks for: home pages, list pages and articles
// of healthy sites.
func pages(f *sitefarm.Farm) []string {
	var out []string
	for _, s := range f.Sites {
		if s.Profile != sitefarm.ProfileGood {
			continue
		}
		ev := s.Truth()
		out = append(out, ev.Home.URL)
		for i, c := range ev.Columns {
			if i%3 != 0 {
				continue
			}
			out = append(out, c.URL)
			for j, it := range c.Items {
				if j < 4 {
					out = append(out, it.URL)
				}
			}
		}
	}
	return out
}

func fetchAll(b *testing.B, urls []string) {
	tr := &http.Transport{MaxIdleConnsPerHost: 4, MaxIdleConns: 4096}
	c := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	var next atomic.Int64
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := urls[int(next.Add(1))%len(urls)]
			req, _ := http.NewRequest("GET", u, nil)
			req.Header.Set("User-Agent", "Mozilla/5.0 bench")
			resp, err := c.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkServe fetches pages of a 200-site farm over loopback with a
// keep-alive client; BenchmarkServeBaseline fetches a fixed 10 KB page from
// one httptest server the same way: the ratio of the two pages/s is the
// farm's cost over a bare net/http server.
func BenchmarkServe(b *testing.B) {
	f := sitefarm.Generate(sitefarm.Config{Sites: 200, Seed: 1, Defects: true})
	srv, err := sitefarm.Start(context.Background(), f, sitefarm.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	urls := pages(f)
	b.ResetTimer()
	fetchAll(b, urls)
}

func BenchmarkServeBaseline(b *testing.B) {
	body := make([]byte, 10<<10)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	defer ts.Close()
	urls := make([]string, 1000)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/p/%d.html", ts.URL, i)
	}
	b.ResetTimer()
	fetchAll(b, urls)
}

// BenchmarkRender is rendering without the network or the cache.
func BenchmarkRender(b *testing.B) {
	f := sitefarm.Generate(sitefarm.Config{Sites: 50, Seed: 1})
	var paths [][2]any
	for _, s := range f.Sites {
		ev := s.Truth()
		paths = append(paths, [2]any{s, "/"})
		for _, c := range ev.Columns[:3] {
			paths = append(paths, [2]any{s, c.URL[len(s.URL())-1:]})
			if len(c.Items) > 0 {
				paths = append(paths, [2]any{s, c.Items[0].URL[len(s.URL())-1:]})
			}
		}
	}
	i := 0
	for b.Loop() {
		p := paths[i%len(paths)]
		p[0].(*sitefarm.Site).Render(p[1].(string))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkManifest writes the manifest of a 2,000-site farm.
func BenchmarkManifest(b *testing.B) {
	const n = 2000
	f := sitefarm.Generate(sitefarm.Config{Sites: n, Seed: 1, Defects: true})
	for b.Loop() {
		if err := f.WriteManifest(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "sites/s")
}

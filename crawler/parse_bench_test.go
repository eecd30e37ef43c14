package crawler

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// bodyStore keeps every page body a crawl saves, by site.
type bodyStore struct {
	discardStore
	mu    sync.Mutex
	pages map[string][]storedBody
}

type storedBody struct {
	page zwgk.Page
	body []byte
}

func (s *bodyStore) SavePage(_ context.Context, _ int64, agency string, p zwgk.Page, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pages == nil {
		s.pages = map[string][]storedBody{}
	}
	s.pages[agency] = append(s.pages[agency], storedBody{page: p, body: append([]byte(nil), body...)})
	return nil
}

// BenchmarkParseFarm reads the pages a crawl of 20 farm sites fetched —
// decode and parse, each site with its own string cache as in a crawl —
// without the network: the share of BenchmarkFarm that is reading pages,
// steady enough to compare two builds in one command.
func BenchmarkParseFarm(b *testing.B) {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		b.Fatal(err)
	}
	farm := remoteFarm(b, 20)
	st := &bodyStore{}
	c := New(Options{Delay: -1, Retries: -1, PerHost: 4, Global: 64, UserAgent: benchUA})
	if _, _, err := crawlFarmURLs(context.Background(), c, farm, fw, st, siteConc, false); err != nil {
		b.Fatal(err)
	}
	c.Close()
	var size int64
	n := 0
	for _, ps := range st.pages {
		for _, p := range ps {
			if looksHTML(p.body) {
				size += int64(len(p.body))
				n++
			}
		}
	}
	if n < 100 {
		b.Fatalf("the crawl kept %d HTML pages", n)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, ps := range st.pages {
			sc := &strCache{}
			for _, p := range ps {
				if !looksHTML(p.body) {
					continue
				}
				text, _ := decode(p.body, "", p.page.Charset)
				base, _ := url.Parse(p.page.URL)
				parseHTML(text, base, sc)
			}
		}
	}
	b.ReportMetric(float64(n), "pages")
}

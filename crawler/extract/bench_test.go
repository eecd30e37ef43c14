package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkParse reads every page of the real-site corpus
// (crawler/testdata/realsites) once per iteration: the crawl's per-page
// cost, without the network. Compare against a build of another commit
// in the same command (the machine is shared).
func BenchmarkParse(b *testing.B) {
	var pages []string
	err := filepath.Walk("../testdata/realsites", func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")) {
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			pages = append(pages, string(body))
		}
		return err
	})
	if err != nil || len(pages) == 0 {
		b.Fatalf("corpus: %d pages, %v", len(pages), err)
	}
	base, _ := url.Parse("https://www.example.gov.cn/col/")
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Parse(p, base, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

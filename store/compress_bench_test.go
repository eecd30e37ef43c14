package store

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkBodyCompression stores and reads the real-site corpus
// (crawler/testdata/realsites) as SavePage does (zstd, compressBody) and,
// as the baseline in the same run, as it did before (gzip BestSpeed);
// stored/raw is the disk a body takes against its size.
func BenchmarkBodyCompression(b *testing.B) {
	var pages [][]byte
	filepath.Walk("../crawler/testdata/realsites", func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")) {
			if body, err := os.ReadFile(p); err == nil {
				pages = append(pages, body)
			}
		}
		return nil
	})
	if len(pages) == 0 {
		b.Fatal("no corpus pages")
	}
	raw := 0
	for _, p := range pages {
		raw += len(p)
	}
	gw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	gz := func(p []byte) []byte {
		var buf bytes.Buffer
		gw.Reset(&buf)
		gw.Write(p)
		gw.Close()
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		f    func([]byte) []byte
	}{{"write-zstd", compressBody}, {"write-baseline-gzip1", gz}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(raw))
			z := 0
			for b.Loop() {
				z = 0
				for _, p := range pages {
					z += len(c.f(p))
				}
			}
			b.ReportMetric(float64(z)/float64(raw), "stored/raw")
		})
	}
	for _, c := range []struct {
		name string
		f    func([]byte) []byte
	}{{"read-zstd", compressBody}, {"read-baseline-gzip1", gz}} {
		var stored [][]byte
		for _, p := range pages {
			stored = append(stored, bytes.Clone(c.f(p)))
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(raw))
			for b.Loop() {
				for i, z := range stored {
					if got, err := readBody(z); err != nil || len(got) != len(pages[i]) {
						b.Fatalf("read back %d bytes of %d: %v", len(got), len(pages[i]), err)
					}
				}
			}
		})
	}
}

package main

import (
	"bytes"
	"strings"
	"testing"
)

// A run's output in the form `go test -bench` prints it, with the
// -GOMAXPROCS suffixes and a package missing (sitefarm).
const sample = `goos: linux
pkg: zwgk/crawler
BenchmarkFarm/sites=100-2         	       1	13429876118 ns/op	      4332 colly-pages/s	         1.310 cpu-ratio	      3311 pages/s	       196.2 peak-MiB	         1.308 time-ratio
BenchmarkFarm/sites=1000-2        	       1	192975027854 ns/op	      2742 colly-pages/s	         1.138 cpu-ratio	      2497 pages/s	       251.1 peak-MiB	         1.098 time-ratio
PASS
pkg: zwgk/reports
BenchmarkXLSX/agencies=1000-2         	       1	1376033000 ns/op	         2.663 file-MiB	     55000 findings	       120.7 peak-MiB
BenchmarkXLSX/agencies=5000-2         	       1	6013535853 ns/op	        13.58 file-MiB	    275000 findings	       412.5 peak-MiB
pkg: zwgk/store
BenchmarkSavePage/baseline-bare-upsert-2         	     500	    117657 ns/op	 316.17 MB/s
BenchmarkSavePage/SavePage-2                     	     500	    284818 ns/op	 130.61 MB/s
`

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	write(&b, parse(strings.NewReader(sample)), "abc1234", "0.51 0.14 0.09")
	out := b.String()
	for _, want := range []string{
		"at commit `abc1234`",
		"0.51 0.14 0.09 when the run began",
		// direct ratios, as the benchmark reported them
		"| crawler | crawl the farm, politeness off, 100 sites: zwgk time ÷ plain colly time | 1.308× | ≤ 1.2 |",
		"| crawler | 100 sites: zwgk's CPU ÷ plain colly's CPU (the figure the machine's load distorts least) | 1.310× |  |",
		// computed ratios: 251.1 / 196.2, 412.5 / 120.7, 284818 / 117657
		"| crawler | peak heap, 1,000 sites ÷ 100 sites (flat memory) | 1.280× | ≈ 1 |",
		"(streamed sheets) | 3.418× |",
		"÷ bare upsert | 2.421× |",
		// a benchmark that did not run is said to be missing, not zero
		"| sitefarm | pages/s served: farm ÷ bare net/http 10 KB page | not measured |",
		// every figure, the package without its module prefix
		"| reports | XLSX/agencies=5000 | 6013535853 ns/op, 13.6 file-MiB, 275000 findings, 412.5 peak-MiB |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("results.md lacks %q", want)
		}
	}
	if strings.Contains(out, "-2 |") {
		t.Error("a -GOMAXPROCS suffix was left on a name")
	}
}

// Command benchreport turns the output of `go test -bench` (as `make bench`
// runs it) into bench/results.md: the machine, every benchmark's figures,
// and each figure as a ratio against the baseline measured in the same run,
// so progress reads from one commit to the next on a noisy shared machine.
//
//	go test -run '^$' -bench . ./... | go run ./bench/benchreport -commit $(git rev-parse --short HEAD) > bench/results.md
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// result is one benchmark line: name without the -GOMAXPROCS suffix and
// its metrics by unit.
type result struct {
	pkg     string
	name    string
	metrics map[string]float64
	order   []string
}

func parse(r io.Reader) []result {
	var out []result
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		res := result{pkg: pkg, name: strings.TrimPrefix(name, "Benchmark"), metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			res.metrics[f[i+1]] = v
			res.order = append(res.order, f[i+1])
		}
		out = append(out, res)
	}
	return out
}

// ratio is a figure of one benchmark against its baseline in the same run.
type ratio struct {
	area, what    string
	num, den      string // benchmark names
	unit          string // metric compared
	invert        bool   // report den/num (for rates: higher is better)
	target, reads string
	direct        bool // the metric of num is already a ratio
}

var ratios = []ratio{
	{area: "crawler", what: "crawl the farm, politeness off, 100 sites: zwgk time ÷ plain colly time", num: "Farm/sites=100", unit: "time-ratio", direct: true, target: "≤ 1.2"},
	{area: "crawler", what: "same, 1,000 sites", num: "Farm/sites=1000", unit: "time-ratio", direct: true, target: "≤ 1.2"},
	{area: "crawler", what: "100 sites: zwgk's CPU ÷ plain colly's CPU (the figure the machine's load distorts least)", num: "Farm/sites=100", unit: "cpu-ratio", direct: true},
	{area: "crawler", what: "same, 1,000 sites", num: "Farm/sites=1000", unit: "cpu-ratio", direct: true},
	{area: "crawler", what: "peak heap, 1,000 sites ÷ 100 sites (flat memory)", num: "Farm/sites=1000", den: "Farm/sites=100", unit: "peak-MiB", target: "≈ 1"},
	{area: "crawler", what: "1,000 sites × ≤100 pages, polite (2 per host, 2 s delay): wall ÷ politeness bound", num: "Polite", unit: "wall/bound", direct: true, target: "→ 1"},
	{area: "scoring", what: "national cohort 15,000 × 80 (score + rank + regions) ÷ bare float sum", num: "NationalCohort", den: "NationalCohortBaseline", unit: "ns/op"},
	{area: "reports", what: "scorecards/s: own PDF ÷ headless-Chromium printing", num: "ScorecardPDF", den: "ChromiumPrintPDF", unit: "scorecards/s"},
	{area: "reports", what: "bytes per scorecard: own PDF ÷ Chromium", num: "ScorecardPDF", den: "ChromiumPrintPDF", unit: "bytes/scorecard", target: "< 200 KB"},
	{area: "reports", what: "scores.xlsx peak heap while writing, 5,000 ÷ 1,000 agencies with every finding (streamed sheets)", num: "XLSX/agencies=5000", den: "XLSX/agencies=1000", unit: "peak-MiB", target: "≤ 5 (linear at most)"},
	{area: "portal", what: "ranking page (300 rows) ÷ /cycles baseline", num: "Portal/ranking", den: "Portal/baseline-cycles", unit: "ns/op"},
	{area: "portal", what: "scorecard page ÷ /cycles baseline", num: "Portal/scorecard", den: "Portal/baseline-cycles", unit: "ns/op"},
	{area: "portal", what: "national cohort in review (2,000 in process), 16 at a time: county ranking page ÷ session check", num: "PortalNational/ranking", den: "PortalNational/baseline-me", unit: "ns/op"},
	{area: "portal", what: "same, ranking API (100 rows a page) ÷ session check", num: "PortalNational/api-ranking", den: "PortalNational/baseline-me", unit: "ns/op"},
	{area: "portal", what: "same, a county's scorecard page ÷ session check", num: "PortalNational/scorecard", den: "PortalNational/baseline-me", unit: "ns/op"},
	{area: "sitefarm", what: "pages/s served: farm ÷ bare net/http 10 KB page", num: "Serve", den: "ServeBaseline", unit: "pages/s"},
	{area: "store", what: "SavePage (tx, published check, zstd 40 KiB, upsert) ÷ bare upsert", num: "SavePage/SavePage", den: "SavePage/baseline-bare-upsert", unit: "ns/op"},
}

func main() {
	commit := flag.String("commit", "", "commit the figures belong to")
	loadStart := flag.String("load-start", "", "the 1-, 5- and 15-minute load averages when the run began (/proc/loadavg)")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	write(w, parse(os.Stdin), *commit, *loadStart)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// write is results.md: the machine, the ratios against their baselines
// ("not measured" where a benchmark is missing), every figure.
func write(w io.Writer, results []result, commit, loadStart string) {
	byName := map[string]result{}
	for _, r := range results {
		byName[r.name] = r
	}
	fmt.Fprintf(w, "# zwgk benchmarks\n\n")
	fmt.Fprintf(w, "Written by `make bench` on %s", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	if commit != "" {
		fmt.Fprintf(w, " at commit `%s`", commit)
	}
	fmt.Fprintf(w, ".\n\n## Machine\n\n")
	fmt.Fprintf(w, "- CPU: %s, %d logical cores (GOMAXPROCS %d)\n", cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "- Memory: %s\n- Go: %s %s/%s\n", memTotal(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if loadStart != "" {
		fmt.Fprintf(w, "- Load average (1, 5, 15 min): %s when the run began, %s when it ended\n", loadStart, loadAvg())
	}
	fmt.Fprintf(w, "- Shared and noisy: compare the ratios below (each against a baseline run in the same command), not absolute times across machines.\n\n")

	fmt.Fprintf(w, "## Ratios against baselines measured in the same run\n\n")
	fmt.Fprintf(w, "| area | figure | ratio | target |\n|---|---|---:|---|\n")
	for _, q := range ratios {
		n, ok := byName[q.num]
		if !ok {
			fmt.Fprintf(w, "| %s | %s | not measured | %s |\n", q.area, q.what, q.target)
			continue
		}
		var v float64
		if q.direct {
			v, ok = n.metrics[q.unit]
		} else {
			d, dok := byName[q.den]
			nv, nok := n.metrics[q.unit]
			dv, dvok := d.metrics[q.unit]
			ok = dok && nok && dvok && dv != 0
			if ok {
				v = nv / dv
			}
		}
		if !ok {
			fmt.Fprintf(w, "| %s | %s | not measured | %s |\n", q.area, q.what, q.target)
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s× | %s |\n", q.area, q.what, num(v), q.target)
	}

	fmt.Fprintf(w, "\n## Every figure\n\n")
	sort.SliceStable(results, func(i, j int) bool { return results[i].pkg < results[j].pkg })
	fmt.Fprintf(w, "| package | benchmark | figures |\n|---|---|---|\n")
	for _, r := range results {
		var parts []string
		for _, u := range r.order {
			parts = append(parts, num(r.metrics[u])+" "+u)
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", strings.TrimPrefix(r.pkg, "zwgk/"), r.name, strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "\nRaw output: `bench/raw.txt`. Reproduce one area with the `go test` line in `scripts/bench.sh`.\n")
}

func num(v float64) string {
	switch {
	case v >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
}

// loadAvg is the 1-, 5- and 15-minute load averages, as the run ends.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			f := strings.Fields(v)
			if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
				return fmt.Sprintf("%.1f GiB", kb/1024/1024)
			}
		}
	}
	return "unknown"
}

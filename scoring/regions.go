package scoring

import (
	"slices"
	"strings"

	"zwgk"
)

// RegionStat aggregates the agencies of one region: a province counts its
// own agencies and those of its cities and counties, a city its own and its
// counties' (GB/T 2260 prefixes). Ministries belong to no region.
type RegionStat struct {
	Region   zwgk.Region `json:"region"`
	Depth    int         `json:"depth"` // 1 province, 2 city, 3 county
	Agencies int         `json:"agencies"`
	Mean     float64     `json:"mean"`   // of totals, two decimals
	Median   float64     `json:"median"` // of totals, two decimals
	// Passing is the share (0..1, four decimals) of agencies that pass:
	// not vetoed and at or above the pass mark.
	Passing float64 `json:"passing"`
	Vetoed  int     `json:"vetoed"`
	// Worst is the indicator the fewest agencies of the region pass (ties:
	// the lower id), with that share; na and pending findings are left out.
	Worst      string  `json:"worst,omitempty"`
	WorstShare float64 `json:"worst_share"`
}

// RegionOption adjusts Regions.
type RegionOption func(*regionConfig)

type regionConfig struct{ passMark float64 }

// PassMark sets the total from which an agency passes (default 60, the
// 2019 inspection rules' line; use the framework's lowest passing band).
func PassMark(total float64) RegionOption { return func(c *regionConfig) { c.passMark = total } }

// Regions aggregates scorecards by region, sorted by region code. findings
// (of any agencies, in any order) give each region's worst indicator.
//
// Deprecated: use Aggregate, whose regions every consumer shares (per tier
// and across tiers, with grade counts).
func Regions(cards []zwgk.Scorecard, findings []zwgk.Finding, opts ...RegionOption) []RegionStat {
	cfg := regionConfig{passMark: 60}
	for _, o := range opts {
		o(&cfg)
	}
	passH := hundredths(toMicro(cfg.passMark))

	type acc struct {
		stat   RegionStat
		totals []int64 // hundredths
		passed int
		counts []int32 // per indicator: judged, passed
	}
	regions := map[zwgk.Region]*acc{}
	cardRegions := make(map[string][]*acc, len(cards))
	var buf [3]zwgk.Region
	for i := range cards {
		c := &cards[i]
		if c.Level == zwgk.LevelMinistry || !c.Region.Valid() {
			continue
		}
		rs := regionChain(c.Region, buf[:0])
		own := make([]*acc, 0, len(rs))
		for _, r := range rs {
			a := regions[r]
			if a == nil {
				a = &acc{stat: RegionStat{Region: r, Depth: r.Depth()}}
				regions[r] = a
			}
			h := hundredths(toMicro(c.Total))
			a.totals = append(a.totals, h)
			if c.Vetoed {
				a.stat.Vetoed++
			} else if h >= passH {
				a.passed++
			}
			own = append(own, a)
		}
		cardRegions[c.Agency] = own
	}

	ids := map[string]int{}
	var names []string
	lastAgency, lastK := "", -1
	var rs []*acc
	for i := range findings {
		f := &findings[i]
		if f.Outcome == zwgk.NA || f.Outcome == zwgk.Pending {
			continue
		}
		// Findings come grouped by agency and in the same indicator order
		// for every agency: try the previous agency and the indicator
		// after the previous one before the maps (1.2 million findings in
		// a national cycle).
		if f.Agency != lastAgency {
			lastAgency, rs = f.Agency, cardRegions[f.Agency]
		}
		if len(rs) == 0 {
			continue
		}
		k := lastK + 1
		if k >= len(names) || names[k] != f.Indicator {
			var ok bool
			if k, ok = ids[f.Indicator]; !ok {
				k = len(names)
				ids[f.Indicator] = k
				names = append(names, f.Indicator)
			}
		}
		lastK = k
		for _, a := range rs {
			if need := 2 * (k + 1); len(a.counts) < need {
				a.counts = append(a.counts, make([]int32, need-len(a.counts))...)
			}
			a.counts[2*k]++
			if f.Outcome == zwgk.Pass {
				a.counts[2*k+1]++
			}
		}
	}

	out := make([]RegionStat, 0, len(regions))
	for _, a := range regions {
		st := a.stat
		n := len(a.totals)
		st.Agencies = n
		var sum int64
		for _, t := range a.totals {
			sum += t
		}
		st.Mean = float2(divRound(mul(sum, 1), int64(n)))
		slices.Sort(a.totals)
		if n%2 == 1 {
			st.Median = float2(a.totals[n/2])
		} else {
			st.Median = float2((a.totals[n/2-1] + a.totals[n/2] + 1) / 2)
		}
		st.Passing = float64(divRound(mul(int64(a.passed), 10_000), int64(n))) / 10_000
		worst, wj, wp := -1, int32(0), int32(0)
		for k := 0; 2*k+1 < len(a.counts); k++ {
			j, p := a.counts[2*k], a.counts[2*k+1]
			if j == 0 {
				continue
			}
			// p/j < wp/wj, compared exactly.
			if worst < 0 || int64(p)*int64(wj) < int64(wp)*int64(j) ||
				(int64(p)*int64(wj) == int64(wp)*int64(j) && strings.Compare(names[k], names[worst]) < 0) {
				worst, wj, wp = k, j, p
			}
		}
		if worst >= 0 {
			st.Worst = names[worst]
			st.WorstShare = float64(divRound(mul(int64(wp), 10_000), int64(wj))) / 10_000
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b RegionStat) int { return strings.Compare(string(a.Region), string(b.Region)) })
	return out
}

// regionChain is the province, city and county a code lies in, coarsest
// first, each once.
func regionChain(r zwgk.Region, buf []zwgk.Region) []zwgk.Region {
	buf = append(buf, r.Province())
	if r.Depth() >= 2 {
		buf = append(buf, r.City())
	}
	if r.Depth() == 3 {
		buf = append(buf, r)
	}
	return buf
}

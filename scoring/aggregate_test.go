package scoring

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"zwgk"
	"zwgk/indicators"
)

// card is a ranked-to-be scorecard with only what aggregates read.
func gcard(code string, level zwgk.Level, region zwgk.Region, total float64, grade string, vetoed bool) zwgk.Scorecard {
	c := zwgk.Scorecard{Agency: code, Name: "单位" + code, Level: level, Region: region, Total: total, Grade: grade, Vetoed: vetoed, Veto: []string{}}
	if vetoed {
		c.Veto = []string{"V1"}
	}
	return c
}

// The case: the portal counted ministries in Beijing (13 units),
// the PDF did not (7 units). One rule now: a ministry is in no region.
func TestAggregateMinistriesInNoRegion(t *testing.T) {
	fw := framework(group("A", leaf("A1", indicators.KindScore, 100, manual())))
	cards := []zwgk.Scorecard{
		gcard("100001", zwgk.LevelMinistry, "110000", 90, "优秀", false),
		gcard("100002", zwgk.LevelMinistry, "110000", 50, "不合格", false),
		gcard("110000", zwgk.LevelProvince, "110000", 70, "合格", false),
		gcard("110101", zwgk.LevelCounty, "110101", 61, "合格", false),
		gcard("110102", zwgk.LevelCounty, "110102", 80, "良好", true),
		gcard("440000", zwgk.LevelProvince, "440000", 59.99, "不合格", false),
		gcard("X", zwgk.LevelCounty, "", 75, "良好", false), // no region: in its tier only
	}
	Rank(cards, TierByLevel)
	st := Aggregate(fw, cards)

	bj, ok := st.Region("", "110000")
	if !ok || bj.Agencies != 3 || bj.Mean != 70.33 || bj.Median != 70 || bj.Min != 61 || bj.Max != 80 {
		t.Errorf("北京 across tiers: %+v; want the province and its two counties, mean (70+61+80)/3 = 70.33", bj)
	}
	if bj.Passed != 2 || bj.Passing != 0.6667 || bj.Vetoed != 1 {
		t.Errorf("北京 passed %d (%v), vetoed %d; want 2 (0.6667), 1 (a vetoed 80 does not pass)", bj.Passed, bj.Passing, bj.Vetoed)
	}
	if got := bj.Count("良好"); got != 1 {
		t.Errorf("北京 良好 %d", got)
	}
	if m, ok := st.Tier("ministry"); !ok || m.Agencies != 2 || m.Mean != 70 || m.Passed != 1 {
		t.Errorf("ministry tier %+v", m)
	}
	if st.All.Agencies != len(cards) {
		t.Errorf("all %d", st.All.Agencies)
	}
	if c, ok := st.Region("county", "110000"); !ok || c.Agencies != 2 || c.Mean != 70.5 {
		t.Errorf("北京 county tier %+v", c)
	}
	if _, ok := st.Region("ministry", "110000"); ok {
		t.Errorf("a ministry made a region group")
	}
	if gd, ok := st.Region("", "440000"); !ok || gd.Passed != 0 {
		t.Errorf("59.99 passes a 60 mark: %+v", gd)
	}
	provs := st.RegionsAt("", 1)
	if len(provs) != 2 || provs[0].Region != "110000" || provs[1].Region != "440000" {
		t.Errorf("provinces %+v", provs)
	}
	if st.Ministries != MinistriesRule || st.PassMark != 60 || !slices.Equal(st.Grades, []string{"优秀", "良好", "合格", "不合格"}) {
		t.Errorf("rules %q %v %v", st.Ministries, st.PassMark, st.Grades)
	}
	var tiers []string
	for _, g := range st.Tiers {
		tiers = append(tiers, g.Tier)
	}
	if !slices.Equal(tiers, []string{"ministry", "province", "county"}) {
		t.Errorf("tiers %v, want level order", tiers)
	}
}

// randomCohort scores n agencies of random levels and regions on fw.
func randomCohort(rng *rand.Rand, fw *indicators.Framework, n int) []zwgk.Scorecard {
	s := NewScorer(fw)
	provinces := []string{"11", "44", "33"}
	var cards []zwgk.Scorecard
	for i := 0; i < n; i++ {
		a := zwgk.Agency{Code: fmt.Sprintf("A%03d", i), Name: fmt.Sprintf("单位%d", i), Level: zwgk.Levels[rng.IntN(4)]}
		p := provinces[rng.IntN(len(provinces))]
		switch a.Level {
		case zwgk.LevelMinistry:
			a.Region = "110000"
		case zwgk.LevelProvince:
			a.Region = zwgk.Region(p + "0000")
		case zwgk.LevelCity:
			a.Region = zwgk.Region(fmt.Sprintf("%s%02d00", p, 1+rng.IntN(3)))
		default:
			a.Region = zwgk.Region(fmt.Sprintf("%s%02d%02d", p, 1+rng.IntN(3), 1+rng.IntN(4)))
		}
		var found []zwgk.Finding
		for _, ind := range fw.Leaves() {
			found = append(found, randomFinding(rng, a, ind))
		}
		cards = append(cards, s.Score(a, found))
	}
	Rank(cards, TierByLevel)
	return cards
}

func randomNoticeRules(rng *rand.Rand) indicators.NoticeRules {
	grades := []string{"", "优秀", "良好", "合格"}
	pers := []string{"", indicators.PerTier, indicators.PerProvince, indicators.PerCity}
	commend := func() indicators.CommendRule {
		c := indicators.CommendRule{Top: rng.IntN(5), MinGrade: grades[rng.IntN(len(grades))], Per: pers[rng.IntN(len(pers))]}
		if c.Top == 0 && c.MinGrade == "" {
			c.Top = 3
		}
		return c
	}
	criticise := func() indicators.CriticiseRule {
		k := indicators.CriticiseRule{Vetoed: rng.IntN(4) > 0, Per: pers[rng.IntN(len(pers))]}
		if rng.IntN(3) > 0 {
			k.Grades = []string{"不合格"}
		}
		if rng.IntN(3) == 0 {
			k.Bottom = 1 + rng.IntN(3)
		}
		if !k.Vetoed && len(k.Grades) == 0 && k.Bottom == 0 {
			k.Vetoed = true // Parse refuses a rule naming no one
		}
		return k
	}
	r := indicators.NoticeRules{Commend: commend(), Criticise: criticise()}
	if rng.IntN(2) == 0 {
		c, k := commend(), criticise()
		r.Tiers = map[string]indicators.TierNoticeRules{"county": {Commend: &c}, "city": {Criticise: &k}}
	}
	return r
}

// The §21 lists over random cohorts and random rules: the criticised hold
// every agency the rule names (vetoed, listed grades), the commended none
// of them and only agencies the rule admits (grade, position in group).
func TestNoticesProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 2016))
	gradeRank := map[string]int{"优秀": 0, "良好": 1, "合格": 2, "不合格": 3}
	for trial := 0; trial < 400; trial++ {
		fw := randomFramework(rng)
		fw.Notices = randomNoticeRules(rng)
		if trial%4 == 0 { // the built-ins' rules
			fw.Notices = indicators.NoticeRules{Commend: indicators.CommendRule{Top: 3, MinGrade: "良好"},
				Criticise: indicators.CriticiseRule{Vetoed: true, Grades: []string{"不合格"}}}
		}
		cards := randomCohort(rng, fw, 1+rng.IntN(60))
		n := Notices(fw, cards)
		commended, criticised := map[string]bool{}, map[string]bool{}
		for _, x := range n.Commend {
			if commended[x.Agency] {
				t.Fatalf("trial %d: %s commended twice", trial, x.Agency)
			}
			commended[x.Agency] = true
		}
		for _, x := range n.Criticise {
			if criticised[x.Agency] {
				t.Fatalf("trial %d: %s criticised twice", trial, x.Agency)
			}
			criticised[x.Agency] = true
			if x.Reason == "" {
				t.Fatalf("trial %d: %s criticised without a reason", trial, x.Agency)
			}
		}
		for _, c := range cards {
			com, cri := fw.Notices.TierRules(c.Tier)
			if commended[c.Agency] && criticised[c.Agency] {
				t.Fatalf("trial %d: %s (%s %v vetoed %v) on both lists", trial, c.Agency, c.Grade, c.Total, c.Vetoed)
			}
			if commended[c.Agency] && c.Vetoed {
				t.Fatalf("trial %d: vetoed %s commended", trial, c.Agency)
			}
			if cri.Vetoed && c.Vetoed && !criticised[c.Agency] {
				t.Fatalf("trial %d: vetoed %s not criticised", trial, c.Agency)
			}
			if slices.Contains(cri.Grades, c.Grade) && !criticised[c.Agency] {
				t.Fatalf("trial %d: %s graded %s not criticised", trial, c.Agency, c.Grade)
			}
			// Brute force: position in its group from the top and bottom.
			above, below := 0, 0
			for _, o := range cards {
				if o.Tier != c.Tier {
					continue
				}
				if groupOf(&o, com.Per) == groupOf(&c, com.Per) && better(o, c) {
					above++
				}
				if groupOf(&o, cri.Per) == groupOf(&c, cri.Per) && better(c, o) {
					below++
				}
			}
			inBottom := cri.Bottom > 0 && below < cri.Bottom
			wantCriticised := (cri.Vetoed && c.Vetoed) || slices.Contains(cri.Grades, c.Grade) || inBottom
			if criticised[c.Agency] != wantCriticised {
				t.Fatalf("trial %d: %s criticised %v, want %v (rule %+v, %s %v vetoed %v, %d below)", trial, c.Agency, criticised[c.Agency], wantCriticised, cri, c.Grade, c.Total, c.Vetoed, below)
			}
			gradeOK := com.MinGrade == "" || gradeRank[c.Grade] <= gradeRank[com.MinGrade]
			wantCommended := !c.Vetoed && !wantCriticised && gradeOK && (com.Top == 0 || above < com.Top)
			if commended[c.Agency] != wantCommended {
				t.Fatalf("trial %d: %s commended %v, want %v (rule %+v, %s %v, %d above)", trial, c.Agency, commended[c.Agency], wantCommended, com, c.Grade, c.Total, above)
			}
		}
		// Sorted by tier, rank, code; independent of the order of cards.
		for _, list := range [][]zwgk.Notice{n.Commend, n.Criticise} {
			if !slices.IsSortedFunc(list, func(a, b zwgk.Notice) int {
				if c := compareTiers(a.Tier, b.Tier); c != 0 {
					return c
				}
				if a.Rank != b.Rank {
					return a.Rank - b.Rank
				}
				return compareStrings(a.Agency, b.Agency)
			}) {
				t.Fatalf("trial %d: list not sorted: %v", trial, zwgk.Codes(list))
			}
		}
		shuffled := slices.Clone(cards)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if again := Notices(fw, shuffled); !reflect.DeepEqual(again, n) {
			t.Fatalf("trial %d: notices depend on the order of cards", trial)
		}
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// better reports whether a stands strictly better than b.
func better(a, b zwgk.Scorecard) bool {
	if a.Vetoed != b.Vetoed {
		return !a.Vetoed
	}
	return a.Total > b.Total
}

func TestNoticeReasons(t *testing.T) {
	fw := framework(group("V", leaf("V1", indicators.KindVeto, 0, manual())), group("A", leaf("A1", indicators.KindScore, 100, manual())))
	fw.Indicators[0].Children[0].Name = "网站无法访问"
	fw.Notices = indicators.NoticeRules{Commend: indicators.CommendRule{Top: 2, MinGrade: "良好", Per: indicators.PerProvince},
		Criticise: indicators.CriticiseRule{Vetoed: true, Grades: []string{"不合格"}}}
	cards := []zwgk.Scorecard{
		gcard("440300", zwgk.LevelCity, "440300", 90, "优秀", false),
		gcard("440100", zwgk.LevelCity, "440100", 80, "良好", false),
		gcard("440400", zwgk.LevelCity, "440400", 80, "良好", false),
		gcard("440500", zwgk.LevelCity, "440500", 70, "合格", false),
		gcard("330100", zwgk.LevelCity, "330100", 76, "良好", false),
		gcard("330200", zwgk.LevelCity, "330200", 88, "不合格", true),
		gcard("330300", zwgk.LevelCity, "330300", 40, "不合格", false),
	}
	cards[4].Provisional = true
	Rank(cards, TierByLevel)
	n := Notices(fw, cards)
	if got := zwgk.Codes(n.Commend); !slices.Equal(got, []string{"440300", "440100", "440400", "330100"}) {
		t.Errorf("commend %v: the top two of each province (ties included), 良好 or better", got)
	}
	if got := zwgk.Codes(n.Criticise); !slices.Equal(got, []string{"330300", "330200"}) {
		t.Errorf("criticise %v", got)
	}
	want := map[string]string{
		"440100": "本省（区、市）同层级排名第 2 位，等级为良好",
		"330200": "单项否决（V1 网站无法访问）；等级为不合格",
		"330300": "等级为不合格",
	}
	for _, x := range append(n.Commend, n.Criticise...) {
		if w, ok := want[x.Agency]; ok && x.Reason != w {
			t.Errorf("%s reason %q, want %q", x.Agency, x.Reason, w)
		}
		if x.Agency == "330100" && !x.Provisional {
			t.Errorf("a provisional card's notice is not marked provisional")
		}
	}
	// Bottom: the rank alone names an agency, when the rules say so.
	fw.Notices.Criticise = indicators.CriticiseRule{Bottom: 2}
	n = Notices(fw, cards)
	if got := zwgk.Codes(n.Criticise); !slices.Equal(got, []string{"330300", "330200"}) {
		t.Errorf("bottom 2 %v: the vetoed one stands last", got)
	}
	if n.Criticise[1].Reason != "层级排名后 2 位（倒数第 1 位，共 7 个）" {
		t.Errorf("bottom reason %q", n.Criticise[1].Reason)
	}
}

// The aggregates over random cohorts agree with brute force: counts add
// up, means are exact rounded rationals, order does not matter.
func TestAggregateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 21))
	for trial := 0; trial < 200; trial++ {
		fw := randomFramework(rng)
		cards := randomCohort(rng, fw, 1+rng.IntN(80))
		st := Aggregate(fw, cards)
		check := func(g zwgk.GroupStat, in func(c zwgk.Scorecard) bool) {
			var members []zwgk.Scorecard
			for _, c := range cards {
				if in(c) {
					members = append(members, c)
				}
			}
			if g.Agencies != len(members) {
				t.Fatalf("trial %d: group %s/%s has %d agencies, brute force %d", trial, g.Tier, g.Region, g.Agencies, len(members))
			}
			sum, passed, vetoed, graded := new(big.Rat), 0, 0, 0
			for _, c := range members {
				sum.Add(sum, new(big.Rat).SetFrac64(hundredths(toMicro(c.Total)), 100))
				if c.Vetoed {
					vetoed++
				} else if c.Total >= 60 {
					passed++
				}
			}
			for _, gc := range g.Grades {
				graded += gc.Count
			}
			mean := new(big.Rat).Quo(sum, new(big.Rat).SetInt64(int64(len(members))))
			// Half-up to two decimals: floor(mean×100 + 1/2) / 100.
			m100 := new(big.Rat).Add(new(big.Rat).Mul(mean, big.NewRat(100, 1)), big.NewRat(1, 2))
			want := new(big.Int).Quo(m100.Num(), m100.Denom())
			if float2(want.Int64()) != g.Mean || g.Passed != passed || g.Vetoed != vetoed || graded != len(members) {
				t.Fatalf("trial %d: group %s/%s mean %v passed %d vetoed %d graded %d; brute force %v %d %d %d",
					trial, g.Tier, g.Region, g.Mean, g.Passed, g.Vetoed, graded, float2(want.Int64()), passed, vetoed, len(members))
			}
			if g.Min > g.Median || g.Median > g.Max || g.Mean < g.Min || g.Mean > g.Max {
				t.Fatalf("trial %d: min %v median %v mean %v max %v", trial, g.Min, g.Median, g.Mean, g.Max)
			}
		}
		check(st.All, func(zwgk.Scorecard) bool { return true })
		total := 0
		for _, g := range st.Tiers {
			check(g, func(c zwgk.Scorecard) bool { return c.Tier == g.Tier })
			total += g.Agencies
		}
		if total != len(cards) {
			t.Fatalf("trial %d: tiers hold %d of %d agencies", trial, total, len(cards))
		}
		for _, g := range st.Regions {
			check(g, func(c zwgk.Scorecard) bool {
				return c.Level != zwgk.LevelMinistry && g.Region.Contains(c.Region) && (g.Tier == "" || g.Tier == c.Tier)
			})
		}
		shuffled := slices.Clone(cards)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if again := Aggregate(fw, shuffled); !reflect.DeepEqual(again, st) {
			t.Fatalf("trial %d: aggregates depend on the order of cards", trial)
		}
	}
}

func TestNoticeRulesChinese(t *testing.T) {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		t.Fatal(err)
	}
	c, k := NoticeRulesChinese(fw)
	if c != "各层级排名前 3 位且等级为良好及以上的单位（被单项否决或列入通报批评的除外，并列者一并列入）" || k != "被单项否决的单位；等级为不合格的单位" {
		t.Errorf("zwgk-2016: %q / %q", c, k)
	}
	bottom := indicators.CriticiseRule{Bottom: 3, Per: indicators.PerProvince}
	fw.Notices.Tiers = map[string]indicators.TierNoticeRules{"county": {Commend: &indicators.CommendRule{MinGrade: "优秀"}, Criticise: &bottom}}
	c, k = NoticeRulesChinese(fw)
	if !strings.HasSuffix(c, "；县级：等级为优秀的单位（被单项否决或列入通报批评的除外）") ||
		!strings.HasSuffix(k, "；县级：各层级在本省（区、市）内排名后 3 位的单位（并列者一并列入）") {
		t.Errorf("tier rules: %q / %q", c, k)
	}
}

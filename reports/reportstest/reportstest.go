// Package reportstest makes plausible synthetic assessed cohorts (agencies,
// findings, evidence pages, scored and ranked scorecards, a previous cycle)
// for the reports' tests and benchmarks. Marks come from the real scoring
// package over the built-in zwgk-2016 framework, so reports are exercised
// on the figures they will print.
//
// It must not be used outside tests, benchmarks and demos.
package reportstest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"zwgk"
	"zwgk/indicators"
	"zwgk/scoring"
)

// Cohort is one synthetic cycle.
type Cohort struct {
	Cycle     zwgk.Cycle
	Prev      zwgk.Cycle
	Framework *indicators.Framework
	Agencies  []zwgk.Agency
	Findings  map[string][]zwgk.Finding // by agency code
	Cards     []zwgk.Scorecard          // ranked, Delta set against PrevCards
	PrevCards []zwgk.Scorecard
	Evidence  map[string]zwgk.Evidence // by agency code, pages included
}

// provinces used for names (code, name).
var provinces = [][2]string{
	{"110000", "北京市"}, {"120000", "天津市"}, {"130000", "河北省"}, {"140000", "山西省"}, {"150000", "内蒙古自治区"},
	{"210000", "辽宁省"}, {"220000", "吉林省"}, {"230000", "黑龙江省"}, {"310000", "上海市"}, {"320000", "江苏省"},
	{"330000", "浙江省"}, {"340000", "安徽省"}, {"350000", "福建省"}, {"360000", "江西省"}, {"370000", "山东省"},
	{"410000", "河南省"}, {"420000", "湖北省"}, {"430000", "湖南省"}, {"440000", "广东省"}, {"450000", "广西壮族自治区"},
	{"460000", "海南省"}, {"500000", "重庆市"}, {"510000", "四川省"}, {"520000", "贵州省"}, {"530000", "云南省"},
	{"540000", "西藏自治区"}, {"610000", "陕西省"}, {"620000", "甘肃省"}, {"630000", "青海省"}, {"640000", "宁夏回族自治区"},
	{"650000", "新疆维吾尔自治区"},
}

var ministries = []string{"教育部", "科学技术部", "工业和信息化部", "民政部", "司法部", "财政部", "人力资源和社会保障部",
	"自然资源部", "生态环境部", "住房和城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部",
	"国家卫生健康委员会", "应急管理部", "审计署", "国家市场监督管理总局", "国家统计局"}

var cityNames = []string{"东湖", "临江", "青山", "云岭", "松原", "白河", "金川", "长宁", "安平", "永和", "丰城", "宁远"}
var countyNames = []string{"清水", "石门", "兴隆", "平安", "长乐", "新安", "大荔", "凤台", "武宁", "黎平", "建水", "盐池"}

// problems are templates of rectification statements; %s is the
// indicator name. The long one wraps over several lines in every column
// width the reports use.
var problems = []string{
	"“%s”栏目未找到，或栏目名称与要求不符。",
	"“%s”相关信息最新一条发布于评估日前200天以上，未按要求及时更新。",
	"评估期内“%s”栏目发布的信息未标注发布日期，无法判断是否按时公开；部分条目链接失效，点击后返回404错误页面，建议全面核查栏目内容并建立常态化的更新和链接检查机制，确保公众能够及时、准确地获取相关政府信息。",
	"“%s”缺少规定要素：办理时限、收费标准、咨询电话。",
}

// New makes a cohort of n agencies (deterministic for a seed).
func New(n int, seed uint64) *Cohort {
	fw, err := indicators.Builtin("zwgk-2016")
	if err != nil {
		panic(fmt.Sprintf("reportstest: %v", err))
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	asOf := zwgk.NewDate(2026, time.November, 15)
	c := &Cohort{
		Framework: fw,
		Cycle: zwgk.Cycle{ID: 2, Name: "2026年度政务公开第三方评估", FrameworkID: fw.ID, FrameworkHash: fw.Hash,
			AsOf: asOf, WindowDays: fw.WindowDays, State: zwgk.CycleReview},
		Prev: zwgk.Cycle{ID: 1, Name: "2025年度政务公开第三方评估", FrameworkID: fw.ID, AsOf: zwgk.NewDate(2025, time.November, 15),
			WindowDays: fw.WindowDays, State: zwgk.CyclePublished},
		Findings: map[string][]zwgk.Finding{},
		Evidence: map[string]zwgk.Evidence{},
	}
	for i := range n {
		c.Agencies = append(c.Agencies, agency(i, rng))
	}
	sc := scoring.NewScorer(fw)
	leaves := fw.Leaves()
	crawled := time.Date(2026, time.November, 10, 9, 30, 0, 0, time.UTC)
	for _, a := range c.Agencies {
		quality := 0.45 + 0.5*rng.Float64()
		var fs, prev []zwgk.Finding
		pages := evidencePages(a, rng, crawled)
		for _, leaf := range leaves {
			f := finding(a, leaf, quality, rng, pages)
			fs = append(fs, f)
			p := f
			if f.Outcome == zwgk.Partial || f.Outcome == zwgk.Fail {
				p.Fraction = min(1, f.Fraction+0.3*rng.Float64())
			}
			prev = append(prev, p)
		}
		c.Findings[a.Code] = fs
		c.Cards = append(c.Cards, sc.Score(a, fs))
		c.PrevCards = append(c.PrevCards, sc.Score(a, prev))
		c.Evidence[a.Code] = zwgk.Evidence{Agency: a.Code, CrawledAt: crawled, Pages: pages,
			Columns: []zwgk.Column{
				{Name: "通知公告", URL: a.Site + "tzgg/", Indicators: []string{"V3"}, Items: []zwgk.Item{{Title: "关于开展评估工作的通知", URL: a.Site + "tzgg/202611/t20261101_1.html", Date: asOf.AddDays(-14)}}, Pages: 1, Complete: true},
				{Name: "政策文件", URL: a.Site + "zcwj/", Items: nil, Pages: 1, Complete: true},
			},
			Probes: []zwgk.Probe{{At: crawled, Status: 200, Latency: 120 * time.Millisecond}, {At: crawled.Add(time.Hour), Cause: zwgk.CauseTimeout}},
		}
	}
	// Drop a few agencies from the previous cycle: they are new this time.
	c.PrevCards = c.PrevCards[:len(c.PrevCards)-len(c.PrevCards)/10]
	scoring.Rank(c.PrevCards, nil)
	scoring.Rank(c.Cards, nil)
	scoring.Trends(c.PrevCards, c.Cards)
	return c
}

func agency(i int, rng *rand.Rand) zwgk.Agency {
	if i < len(ministries) && i%7 == 0 {
		return zwgk.Agency{Code: fmt.Sprintf("M%03d", i), Name: ministries[i%len(ministries)], Level: zwgk.LevelMinistry,
			Region: "110000", Site: fmt.Sprintf("https://www.m%03d.gov.cn/", i)}
	}
	p := provinces[rng.IntN(len(provinces))]
	code := p[0]
	switch i % 4 {
	case 0:
		return zwgk.Agency{Code: fmt.Sprintf("P%04d", i), Name: p[1] + "人民政府", Level: zwgk.LevelProvince,
			Region: zwgk.Region(code), Site: fmt.Sprintf("https://www.p%04d.gov.cn/", i)}
	case 1, 2:
		city := cityNames[rng.IntN(len(cityNames))]
		return zwgk.Agency{Code: fmt.Sprintf("C%04d", i), Name: p[1] + city + "市人民政府", Level: zwgk.LevelCity,
			Region: zwgk.Region(fmt.Sprintf("%s%02d00", code[:2], 1+rng.IntN(20))), Site: fmt.Sprintf("http://www.c%04d.gov.cn/", i)}
	default:
		county := countyNames[rng.IntN(len(countyNames))]
		return zwgk.Agency{Code: fmt.Sprintf("X%04d", i), Name: p[1] + county + "县人民政府", Level: zwgk.LevelCounty,
			Region: zwgk.Region(fmt.Sprintf("%s%02d%02d", code[:2], 1+rng.IntN(20), 21+rng.IntN(30))), Site: fmt.Sprintf("http://www.x%04d.gov.cn/", i)}
	}
}

func evidencePages(a zwgk.Agency, rng *rand.Rand, at time.Time) []zwgk.Page {
	n := 12 + rng.IntN(20)
	pages := make([]zwgk.Page, 0, n)
	for k := range n {
		u := a.Site
		if k > 0 {
			u = fmt.Sprintf("%scol%d/202611/t20261102_%d.html", a.Site, k%6, 1000+k)
		}
		sum := sha256.Sum256([]byte(u))
		p := zwgk.Page{URL: u, Status: 200, FetchedAt: at.Add(time.Duration(k) * 7 * time.Second), Bytes: int64(8000 + rng.IntN(40000)),
			Charset: "utf-8", SHA256: hex.EncodeToString(sum[:]), Title: fmt.Sprintf("%s — 第%d页", a.Name, k)}
		switch rng.IntN(25) {
		case 0:
			p.Status, p.SHA256 = 404, ""
			p.Cause = zwgk.CauseStatus
		case 1:
			p.Status, p.SHA256 = 0, ""
			p.Cause = zwgk.CauseTimeout
		}
		pages = append(pages, p)
	}
	return pages
}

func finding(a zwgk.Agency, leaf *indicators.Indicator, q float64, rng *rand.Rand, pages []zwgk.Page) zwgk.Finding {
	f := zwgk.Finding{Agency: a.Code, Indicator: leaf.ID}
	if !leaf.AppliesTo(a.Level) {
		f.Outcome = zwgk.NA
		return f
	}
	ev := []string{pages[rng.IntN(len(pages))].URL}
	fail := func() {
		f.Problem = fmt.Sprintf(problems[rng.IntN(len(problems))], leaf.Name)
		f.Evidence = ev
	}
	switch leaf.Kind {
	case indicators.KindVeto:
		if rng.Float64() < 0.03 {
			f.Outcome = zwgk.Fail
			fail()
		} else {
			f.Outcome, f.Fraction = zwgk.Pass, 1
		}
	case indicators.KindDeduct:
		f.Count = int(float64(rng.IntN(4)) * (1 - q))
		f.Outcome, f.Fraction = zwgk.Pass, 1
		if f.Count > 0 {
			f.Outcome, f.Fraction = zwgk.Fail, 0
			fail()
		}
	default:
		x := rng.Float64()
		switch {
		case x < q:
			f.Outcome, f.Fraction = zwgk.Pass, 1
		case x < q+(1-q)/2:
			f.Outcome, f.Fraction = zwgk.Partial, float64(1+rng.IntN(3))/4
			fail()
		default:
			f.Outcome, f.Fraction = zwgk.Fail, 0
			fail()
		}
	}
	f.Measure = strings.TrimSpace(fmt.Sprintf("得分率 %.0f%%", f.Fraction*100))
	return f
}

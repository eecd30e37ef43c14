package sitefarm

import (
	"fmt"
	"strings"
	"sync"

	"zwgk"
)

// place is one row of regionTable.
type place struct {
	Code zwgk.Region
	Name string
}

type regionIndex struct {
	provinces, cities, counties []place
	names                       map[zwgk.Region]string
}

var (
	regionsOnce sync.Once
	regions     regionIndex
)

func regionData() *regionIndex {
	regionsOnce.Do(func() {
		regions.names = map[zwgk.Region]string{}
		for _, line := range strings.Split(strings.TrimSpace(regionTable), "\n") {
			code, name, ok := strings.Cut(line, " ")
			if !ok {
				panic(fmt.Sprintf("sitefarm: bad region line %q", line))
			}
			p := place{zwgk.Region(code), name}
			regions.names[p.Code] = name
			switch p.Code.Depth() {
			case 1:
				regions.provinces = append(regions.provinces, p)
			case 2:
				regions.cities = append(regions.cities, p)
			default:
				regions.counties = append(regions.counties, p)
			}
		}
	})
	return &regions
}

// RegionName is the GB/T 2260 name of a code in the farm's table, or "".
func RegionName(r zwgk.Region) string { return regionData().names[r] }

var ministries = []string{"教育部", "科学技术部", "工业和信息化部", "民政部", "司法部", "财政部", "人力资源和社会保障部",
	"自然资源部", "生态环境部", "住房和城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部",
	"国家卫生健康委员会", "退役军人事务部", "应急管理部", "审计署", "国家市场监督管理总局", "国家统计局", "国家医疗保障局"}

// Departments of a provincial, city and county government. Index 0 is the
// government itself.
var (
	provinceDepts = []string{"人民政府", "发展和改革委员会", "教育厅", "科学技术厅", "工业和信息化厅", "公安厅", "民政厅", "司法厅",
		"财政厅", "人力资源和社会保障厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅", "水利厅", "农业农村厅",
		"商务厅", "文化和旅游厅", "卫生健康委员会", "应急管理厅", "审计厅", "市场监督管理局", "统计局", "医疗保障局"}
	localDepts = []string{"人民政府", "发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
		"财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
		"商务局", "文化和旅游局", "卫生健康局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局"}
)

// agencyFor is the agency of site k. It depends on k only, so site k is the
// same agency whatever the farm's size: one site in ten is a provincial
// agency, two a city agency, six a county agency and one a ministry; when a
// class runs out of distinct agencies the site becomes a county department.
func agencyFor(k int) (a zwgk.Agency, dept bool) {
	rd := regionData()
	slot, j := k%10, k/10
	county := func(u int) (zwgk.Agency, bool) {
		p := rd.counties[u%len(rd.counties)]
		d := u / len(rd.counties)
		return local(p, zwgk.LevelCounty, d), d > 0
	}
	switch {
	case slot == 9:
		if j < len(ministries) {
			return zwgk.Agency{Code: fmt.Sprintf("BM%02d", j+1), Name: ministries[j], Level: zwgk.LevelMinistry, Region: "110000"}, true
		}
		return county(20000 + j - len(ministries))
	case slot == 0:
		if j < len(rd.provinces)*len(provinceDepts) {
			p := rd.provinces[j%len(rd.provinces)]
			d := j / len(rd.provinces)
			a := local(p, zwgk.LevelProvince, d)
			if d > 0 {
				a.Name = p.Name + provinceDepts[d]
			}
			return a, d > 0
		}
		return county(30000 + j - len(rd.provinces)*len(provinceDepts))
	case slot <= 2:
		u := j*2 + slot - 1
		if u < len(rd.cities)*len(localDepts) {
			p := rd.cities[u%len(rd.cities)]
			d := u / len(rd.cities)
			return local(p, zwgk.LevelCity, d), d > 0
		}
		return county(40000 + u)
	}
	return county(j*6 + slot - 3)
}

func local(p place, l zwgk.Level, d int) zwgk.Agency {
	d %= len(localDepts)
	return zwgk.Agency{Code: fmt.Sprintf("%s%02d", p.Code, d), Name: p.Name + localDepts[d], Level: l, Region: p.Code}
}

// parentCode is the code of the agency's parent: a department's government,
// a county's city (or province for districts directly under it), a city's
// province. Ministries and provincial governments have none.
func parentCode(a zwgk.Agency) string {
	if a.Level == zwgk.LevelMinistry {
		return ""
	}
	if !strings.HasSuffix(a.Code, "00") {
		return string(a.Region) + "00"
	}
	switch a.Level {
	case zwgk.LevelCounty:
		if RegionName(a.Region.City()) != "" {
			return string(a.Region.City()) + "00"
		}
		return string(a.Region.Province()) + "00"
	case zwgk.LevelCity:
		return string(a.Region.Province()) + "00"
	}
	return ""
}

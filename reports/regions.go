package reports

import (
	_ "embed"
	"strings"
	"sync"

	"zwgk"
)

//go:embed regions.txt
var regionsTxt string

var regionNames = sync.OnceValue(func() map[zwgk.Region]string {
	m := make(map[zwgk.Region]string, 3400)
	for _, line := range strings.Split(regionsTxt, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		code, name, ok := strings.Cut(line, " ")
		if ok {
			m[zwgk.Region(code)] = name
		}
	}
	return m
})

// RegionName is the full name of a GB/T 2260 code as a report prints
// 所在地区: province, city and county (广东省深圳市南山区; a municipality's
// district as 北京市朝阳区). Levels the table does not know are left out;
// "" when not even the province is known.
func RegionName(r zwgk.Region) string {
	if !r.Valid() {
		return ""
	}
	names := regionNames()
	var b strings.Builder
	b.WriteString(names[r.Province()])
	if r.Depth() >= 2 {
		b.WriteString(names[r.City()])
	}
	if r.Depth() == 3 {
		b.WriteString(names[r])
	}
	return b.String()
}

package store

import (
	"fmt"
	"strings"

	"zwgk"
)

// ParseAgencyFilter reads the --agencies syntax of `zwgk cycle create`:
// comma-separated key=value terms, all of which must hold:
//
//	level=county          one level (ministry, province, city, county)
//	region=44             a GB/T 2260 code or prefix (440000 = 44)
//	codes=GD|SZ|FT        these agency codes only
//
// "" or "all" selects every imported agency.
func ParseAgencyFilter(s string) (AgencyFilter, error) {
	var f AgencyFilter
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return f, nil
	}
	for _, term := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(term), "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" {
			return f, fmt.Errorf("agency filter term %q: want key=value (level=, region=, codes=)", term)
		}
		switch k {
		case "level":
			f.Level = zwgk.Level(v)
			if !f.Level.Valid() {
				return f, fmt.Errorf("agency filter: level %q is not one of %v", v, zwgk.Levels)
			}
		case "region":
			for _, c := range v {
				if c < '0' || c > '9' {
					return f, fmt.Errorf("agency filter: region %q is not a GB/T 2260 code or prefix", v)
				}
			}
			f.Region = v
		case "codes", "code":
			f.Codes = strings.Split(v, "|")
		default:
			return f, fmt.Errorf("agency filter: unknown key %q (level=, region=, codes=)", k)
		}
	}
	return f, nil
}

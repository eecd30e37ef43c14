package zwgk

import (
	"fmt"
	"net/url"
	"strings"
)

// Level is an agency's administrative level. The tier an agency is ranked in
// defaults to its level.
type Level string

// The levels of government the assessment knows.
const (
	LevelMinistry Level = "ministry" // 国务院部门
	LevelProvince Level = "province" // 省级
	LevelCity     Level = "city"     // 市级
	LevelCounty   Level = "county"   // 县级
)

// Levels lists every level, highest first.
var Levels = []Level{LevelMinistry, LevelProvince, LevelCity, LevelCounty}

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool {
	for _, v := range Levels {
		if l == v {
			return true
		}
	}
	return false
}

// Chinese is the level's name as reports print it.
func (l Level) Chinese() string {
	switch l {
	case LevelMinistry:
		return "国务院部门"
	case LevelProvince:
		return "省级"
	case LevelCity:
		return "市级"
	case LevelCounty:
		return "县级"
	}
	return string(l)
}

// Region is a six-digit GB/T 2260 administrative-division code: 440000 is a
// province, 440300 a city in it, 440305 a county in that city.
type Region string

// Valid reports whether r is six ASCII digits with a non-zero province part.
func (r Region) Valid() bool {
	if len(r) != 6 {
		return false
	}
	for _, c := range r {
		if c < '0' || c > '9' {
			return false
		}
	}
	return r[:2] != "00"
}

// Province is the code of the province r lies in (440305 → 440000).
func (r Region) Province() Region {
	if len(r) != 6 {
		return r
	}
	return r[:2] + "0000"
}

// City is the code of the prefecture r lies in (440305 → 440300). For a
// province code it is the province itself.
func (r Region) City() Region {
	if len(r) != 6 {
		return r
	}
	return r[:4] + "00"
}

// Depth is 1 for a province code, 2 for a city code and 3 for a county code.
func (r Region) Depth() int {
	switch {
	case len(r) != 6:
		return 0
	case r[2:] == "0000":
		return 1
	case r[4:] == "00":
		return 2
	}
	return 3
}

// Contains reports whether o lies inside r (or is r).
func (r Region) Contains(o Region) bool {
	switch r.Depth() {
	case 1:
		return o.Province() == r
	case 2:
		return o.City() == r
	}
	return o == r
}

// FitsLevel reports whether a region code is deep enough for an agency of the
// given level: a county agency needs a county code, a city agency at least a
// city code. A county code for a province agency is accepted (the seat of a
// provincial department may be recorded), a province code for a county is not.
func (r Region) FitsLevel(l Level) bool {
	switch l {
	case LevelCounty:
		return r.Depth() == 3
	case LevelCity:
		return r.Depth() >= 2
	case LevelProvince, LevelMinistry:
		return r.Depth() >= 1
	}
	return false
}

// Agency is an assessed agency (被评估单位).
type Agency struct {
	Code   string `json:"code" db:"code"`
	Name   string `json:"name" db:"name"`
	Level  Level  `json:"level" db:"level"`
	Region Region `json:"region" db:"region"`
	Site   string `json:"site" db:"site"`
	Parent string `json:"parent,omitempty" db:"parent"`
	// Roots are the agency's further roots besides Site, separated by
	// spaces: a disclosure platform on another host of the same
	// government (https://xxgk.example.gov.cn/), or a wider root than the
	// site's own folder. Every root is the agency's own site for links,
	// redirects and columns (see crawler.RootsOf).
	Roots string `json:"roots,omitempty" db:"roots"`
}

// RootURLs are the agency's site followed by its further roots.
func (a Agency) RootURLs() []string {
	return append([]string{a.Site}, strings.Fields(a.Roots)...)
}

// Validate checks the fields that do not need other agencies to judge.
// Each problem is returned as a separate error naming the field.
func (a Agency) Validate() []error {
	var errs []error
	if err := ValidCode(a.Code); err != nil {
		errs = append(errs, fmt.Errorf("code: %w", err))
	}
	if strings.TrimSpace(a.Name) == "" {
		errs = append(errs, fmt.Errorf("name: empty"))
	} else if err := ValidName(a.Name); err != nil {
		errs = append(errs, fmt.Errorf("name: %w", err))
	}
	if !a.Level.Valid() {
		errs = append(errs, fmt.Errorf("level: %q is not one of ministry, province, city, county", a.Level))
	}
	if !a.Region.Valid() {
		errs = append(errs, fmt.Errorf("region: %q is not a six-digit GB/T 2260 code", a.Region))
	} else if a.Level.Valid() && !a.Region.FitsLevel(a.Level) {
		errs = append(errs, fmt.Errorf("region: %s is a level-%d code, too coarse for a %s agency", a.Region, a.Region.Depth(), a.Level))
	}
	if !strings.HasPrefix(a.Site, "http://") && !strings.HasPrefix(a.Site, "https://") || len(a.Site) < len("http://x") {
		errs = append(errs, fmt.Errorf("site: %q is not an http(s) URL", a.Site))
	}
	for _, r := range strings.Fields(a.Roots) {
		if !isRootURL(r) {
			errs = append(errs, fmt.Errorf("roots: %q is not an http(s) URL without query or fragment", r))
		}
	}
	return errs
}

// isRootURL accepts an absolute http(s) URL with a host and no query or
// fragment: a root names a host, or a folder on it.
func isRootURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.RawQuery == "" && u.Fragment == "" && u.User == nil
}

package store_test

import (
	"reflect"
	"testing"

	"zwgk/store"
)

func TestParseAgencyFilter(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want store.AgencyFilter
		err  bool
	}{
		{"", store.AgencyFilter{}, false},
		{"all", store.AgencyFilter{}, false},
		{"level=county,region=44", store.AgencyFilter{Level: "county", Region: "44"}, false},
		{" codes = GD|SZ ", store.AgencyFilter{Codes: []string{"GD", "SZ"}}, false},
		{"level=town", store.AgencyFilter{}, true},
		{"region=4a", store.AgencyFilter{}, true},
		{"colour=red", store.AgencyFilter{}, true},
		{"level", store.AgencyFilter{}, true},
	} {
		got, err := store.ParseAgencyFilter(tt.in)
		if (err != nil) != tt.err || (!tt.err && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("ParseAgencyFilter(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

package crawler

import (
	"reflect"
	"testing"

	"zwgk"
)

func TestParseRoot(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.example.gov.cn", "https://www.example.gov.cn/"},
		{"https://www.example.gov.cn/", "https://www.example.gov.cn/"},
		{"https://www.example.gov.cn/index.html", "https://www.example.gov.cn/"},
		{"https://WWW.City.gov.cn:443/county/", "https://www.city.gov.cn/county/"},
		{"http://www.city.gov.cn:80/county/index.html", "http://www.city.gov.cn/county/"},
		{"http://127.0.0.2:8080/a/b/", "http://127.0.0.2:8080/a/b/"},
	}
	for _, tt := range tests {
		r, err := ParseRoot(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if r.String() != tt.want {
			t.Errorf("ParseRoot(%q) = %s, want %s", tt.in, r, tt.want)
		}
	}
	for _, bad := range []string{"", "www.example.gov.cn", "ftp://x/", "https:///x"} {
		if _, err := ParseRoot(bad); err == nil {
			t.Errorf("ParseRoot(%q): no error", bad)
		}
	}
}

func TestRootsContains(t *testing.T) {
	// A county inside its city's cluster, with its disclosure platform on
	// another host of the same government.
	rs, err := ParseRoots("https://www.city.gov.cn/county/", "https://xxgk.city.gov.cn/county/")
	if err != nil {
		t.Fatal(err)
	}
	in := []string{
		"https://www.city.gov.cn/county/",
		"http://www.city.gov.cn/county/tzgg/index.html", // scheme does not matter
		"https://www.city.gov.cn/COUNTY/tzgg/",          // nor case of the path
		"https://www.city.gov.cn/county",
		"https://xxgk.city.gov.cn/county/zcwj/202611/t20261101_1.html",
		"https://www.city.gov.cn:443/county/x.html",
	}
	out := []string{
		"https://www.city.gov.cn/",                // the city's own home page
		"https://www.city.gov.cn/tzgg/index.html", // the city's column
		"https://www.city.gov.cn/county2/",        // a sibling county sharing the prefix
		"https://xxgk.city.gov.cn/",               // the city's platform
		"https://www.other.gov.cn/county/",
		"https://www.city.gov.cn:8443/county/",
		"not a url",
	}
	for _, u := range in {
		if !rs.Contains(u) {
			t.Errorf("Contains(%s) = false, want true", u)
		}
	}
	for _, u := range out {
		if rs.Contains(u) {
			t.Errorf("Contains(%s) = true, want false", u)
		}
	}
	if got, want := rs.Hosts(), []string{"www.city.gov.cn", "xxgk.city.gov.cn"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Hosts = %v, want %v", got, want)
	}
	if !rs.SameDomain("https://city.gov.cn/") || rs.SameDomain("https://www.province.gov.cn/") {
		t.Error("SameDomain: want city.gov.cn in, province.gov.cn out")
	}
}

func TestRootsAddKeepsWidest(t *testing.T) {
	rs, err := ParseRoots("https://www.x.gov.cn/portal/", "https://gk.x.gov.cn/", "https://www.x.gov.cn/", "https://www.x.gov.cn/xxgk/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://www.x.gov.cn/", "https://gk.x.gov.cn/"}
	if got := rs.Strings(); !reflect.DeepEqual(got, want) {
		t.Errorf("roots = %v, want %v", got, want)
	}
}

func TestRootsOfAgency(t *testing.T) {
	a := zwgk.Agency{Site: "https://www.city.gov.cn/county/index.html", Roots: " https://xxgk.city.gov.cn/  https://www.city.gov.cn/county/gkmlpt/ "}
	got := RootsOf(a).Strings()
	want := []string{"https://www.city.gov.cn/county/", "https://xxgk.city.gov.cn/"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RootsOf = %v, want %v", got, want)
	}
}

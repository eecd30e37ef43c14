package crawler

import (
	"net/url"
	"testing"
)

// TestStrCacheResolve checks that a site's shared resolution cache gives
// what resolve gives, for bases in different directories, with queries
// and user info, and hrefs of every kind — the cache is keyed by what
// the resolution depends on, so a link seen from one page must not be
// answered with another page's resolution.
func TestStrCacheResolve(t *testing.T) {
	bases := []string{
		"http://www.example.gov.cn/",
		"http://www.example.gov.cn",
		"http://www.example.gov.cn/xxgk/tzgg/index.html",
		"http://www.example.gov.cn/xxgk/tzgg/index.html?page=2",
		"http://www.example.gov.cn/xxgk/zcjd/",
		"http://www.example.gov.cn/a%20b/c.html",
		"https://www.example.gov.cn/xxgk/tzgg/index_1.html",
		"https://other.gov.cn:8443/col/col123/index.html",
		"http://user:pw@www.example.gov.cn/xxgk/index.html",
	}
	hrefs := []string{
		"t20261112_123.html", "./t20261112_123.html", "../zcjd/", "../../", "../../../x.html",
		"/xxgk/", " /xxgk/ ", "//cdn.example.com/a.js", "?page=3", "#top", "",
		"http://www.gov.cn/zhengce/", "HTTPS://WWW.GOV.CN/A", " http://www.gov.cn/b ",
		"javascript:void(0)", "mailto:x@example.org", "tel:123", "a:b/c", "index.html?id=1#x",
		"%E6%96%87.html", "a b.html", "\t./tab.html", "http://[::1", "sub/dir/",
	}
	sc := &strCache{}
	// Twice over, so the second pass reads what the first cached.
	for pass := 0; pass < 2; pass++ {
		for _, b := range bases {
			base, err := url.Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hrefs {
				wantU, wantOK := resolve(base, h)
				gotU, gotOK := sc.resolve(base, h)
				if gotU != wantU || gotOK != wantOK {
					t.Errorf("pass %d: resolve(%q, %q) = %q, %v from the cache; %q, %v directly", pass, b, h, gotU, gotOK, wantU, wantOK)
				}
			}
		}
	}
	if len(sc.resolved) == 0 {
		t.Fatal("nothing was cached")
	}
}

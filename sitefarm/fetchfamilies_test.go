package sitefarm

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Every fetching family occurs in any 50 consecutive sites of a farm with
// defects, and the server answers each the way the family says.
func TestFetchFamiliesServed(t *testing.T) {
	f := Generate(Config{Sites: 50, Seed: 7, Defects: true})
	seen := map[string]*Site{}
	for _, s := range f.Sites {
		for _, fam := range s.Families {
			if seen[fam] == nil {
				seen[fam] = s
			}
		}
	}
	for _, fam := range FamilyKinds {
		if seen[fam] == nil {
			t.Fatalf("family %s missing from 50 sites", fam)
		}
	}
	srv, err := Start(context.Background(), f, Options{AdmitTokens: []string{"zwgk"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	get := func(u string, cookie *http.Cookie) (int, string) {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("User-Agent", "zwgk-test")
		if cookie != nil {
			req.AddCookie(cookie)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// The challenge: a page that only sets a cookie and reloads, until the
	// cookie is sent.
	ch := seen[FamilyChallenge]
	if st, body := get(ch.URL(), nil); st != 200 || !strings.Contains(body, "document.cookie") || strings.Contains(body, "政府信息公开") {
		t.Errorf("challenge answer %d %q", st, body)
	}
	if _, body := get(ch.URL(), &http.Cookie{Name: challengeCookie, Value: ch.challengeValue()}); !strings.Contains(body, ch.Agency.Name) {
		t.Error("with the cookie the home page is not served")
	}
	// The cluster: the county's home is a folder of its host's, its links
	// stay inside it, and the host links to it.
	cl := seen[FamilyCluster]
	if !strings.HasPrefix(cl.URL(), strings.TrimSuffix(cl.clusterHost.URL(), "/")) || !strings.HasSuffix(cl.URL(), cl.clusterPath) {
		t.Fatalf("county %s not a folder of %s", cl.URL(), cl.clusterHost.URL())
	}
	_, body := get(cl.URL(), nil)
	if !strings.Contains(body, cl.Agency.Name) || !strings.Contains(body, `href="`+strings.TrimSuffix(cl.clusterPath, "/")+`/zwgk/"`) {
		t.Errorf("county home through its host: links not relocated")
	}
	if _, hb := get(cl.clusterHost.URL(), nil); !strings.Contains(hb, `href="`+cl.clusterPath+`"`) {
		t.Error("the host's home page does not link its county")
	}
	// The platform: openness columns on the second host, in the roots.
	pl := seen[FamilyPlatform]
	if pl.Agency.Roots != pl.PlatformURL() || pl.PlatformURL() == "" {
		t.Fatalf("platform roots %q, URL %q", pl.Agency.Roots, pl.PlatformURL())
	}
	var open *Column
	for _, c := range pl.Columns {
		if c.Spec.Area == AreaOpenness && c.Count > 0 {
			open = c
			break
		}
	}
	if st, _ := get(strings.TrimSuffix(pl.PlatformURL(), "/")+"/"+open.Spec.Slug+"/", nil); st != 200 {
		t.Errorf("platform column: %d", st)
	}
	if st, _ := get(strings.TrimSuffix(pl.PlatformURL(), "/")+"/ywdt/", nil); st != 404 {
		t.Errorf("a main-host column on the platform host: %d, want 404", st)
	}
	if _, zw := get(strings.TrimSuffix(pl.URL(), "/")+"/zwgk/", nil); !strings.Contains(zw, pl.PlatformURL()+open.Spec.Slug+"/") {
		t.Error("the openness area does not link the platform's columns")
	}
	// A script-only list: no item in the page, the items in its script.
	sc := seen[FamilyScriptList]
	i := slices.IndexFunc(sc.Columns, func(c *Column) bool { return c.Script })
	c := sc.Columns[i]
	if _, lb := get(strings.TrimSuffix(sc.URL(), "/")+"/"+c.Spec.Slug+"/", nil); strings.Contains(lb, "/t20") || !strings.Contains(lb, "list.js") {
		t.Error("script-only list page shows items or lacks its script")
	}
}

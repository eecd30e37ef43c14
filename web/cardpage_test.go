package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"zwgk"
	"zwgk/store"
	"zwgk/store/storetest"
)

// TestScorecardPageKept: the scorecard page's content is rendered once
// per version of the cycle, yet each session gets its own CSRF token in
// the forms, and a review (which bumps the version) shows at once.
func TestScorecardPageKept(t *testing.T) {
	for _, backend := range storetest.Backends {
		t.Run(backend, func(t *testing.T) {
			db := storetest.Open(t, backend)
			seeded := seedCohort(t, db, loadCohort{Agencies: 100})
			other := newToken()
			if err := db.CreateSession(context.Background(), "assessor", other, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			reg := prometheus.NewRegistry()
			s, h, err := newServer(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg}, &StoreBackend{DB: db})
			if err != nil {
				t.Fatal(err)
			}
			path := "/cycles/load/agencies/" + seeded.County
			get := func(tok string) string {
				t.Helper()
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: tok})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					t.Fatalf("GET %s: %d", path, rec.Code)
				}
				b, _ := io.ReadAll(rec.Body)
				return string(b)
			}
			first := get(seeded.Assessor)
			if !strings.Contains(first, `name="csrf" value="`+csrfFor(seeded.Assessor)+`"`) {
				t.Fatal("the review forms lack the session's CSRF token")
			}
			if s.cardPages.lru.Len() != 1 {
				t.Fatalf("%d pages kept after one view, want 1", s.cardPages.lru.Len())
			}
			second := get(other)
			if strings.Contains(second, csrfFor(seeded.Assessor)) || strings.Contains(second, s.csrfMark) {
				t.Fatal("a kept page showed another session's CSRF token or the placeholder")
			}
			if !strings.Contains(second, `name="csrf" value="`+csrfFor(other)+`"`) {
				t.Fatal("the kept page lacks this session's CSRF token")
			}
			if strings.ReplaceAll(second, csrfFor(other), csrfFor(seeded.Assessor)) != first {
				t.Fatal("the same viewer's rights gave two different pages")
			}
			if s.cardPages.lru.Len() != 1 {
				t.Fatalf("%d pages kept after two views by assessors, want 1", s.cardPages.lru.Len())
			}

			c, err := db.CycleByName(context.Background(), "load")
			if err != nil {
				t.Fatal(err)
			}
			fs, err := db.Findings(context.Background(), c.ID, seeded.County)
			if err != nil || len(fs) == 0 {
				t.Fatalf("findings: %v (%d)", err, len(fs))
			}
			const reason = "人工复核：栏目已于评估日前更新"
			if _, err := db.AddReviews(context.Background(), []zwgk.Review{{CycleID: c.ID, Agency: seeded.County, Indicator: fs[0].Indicator,
				Outcome: zwgk.Fail, Reason: reason, By: "assessor"}}, "test"); err != nil {
				t.Fatal(err)
			}
			if after := get(seeded.Assessor); !strings.Contains(after, reason) {
				t.Fatal("a review written after the page was kept does not show")
			}
		})
	}
}

// TestRankingPageKeptPerViewer: a ranking page is kept per viewer class,
// so an agency user's page links only its own scorecard even when a
// leader's page of the same query, linking every row, is kept.
func TestRankingPageKeptPerViewer(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	seeded := seedCohort(t, db, loadCohort{Agencies: 100, Publish: true})
	own := "L00098" // a county of the cohort (loadAgency: i%6 != 0)
	if _, err := db.CreateUser(context.Background(), store.User{Name: "county", Role: string(RoleAgency), PasswordHash: "x", Agencies: []string{own}}); err != nil {
		t.Fatal(err)
	}
	agencyTok := newToken()
	if err := db.CreateSession(context.Background(), "county", agencyTok, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	_, h, err := newServer(Config{InsecureCookies: true, Registerer: reg, Gatherer: reg}, &StoreBackend{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	get := func(tok string) string {
		t.Helper()
		req := httptest.NewRequest("GET", "/cycles/load/ranking?tier=county", nil)
		req.AddCookie(&http.Cookie{Name: "zwgk_session", Value: tok})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("ranking: %d", rec.Code)
		}
		return rec.Body.String()
	}
	leader := get(seeded.Leader)
	if n := strings.Count(leader, `href="/cycles/load/agencies/`); n < 50 {
		t.Fatalf("the leader's ranking links %d scorecards, want every row", n)
	}
	page := get(agencyTok)
	if n := strings.Count(page, `href="/cycles/load/agencies/`); n != 1 || !strings.Contains(page, `href="/cycles/load/agencies/`+own+`"`) {
		t.Fatalf("the agency's ranking links %d scorecards, want only its own (%s)", n, own)
	}
	if again := get(seeded.Leader); again != leader {
		t.Fatal("the leader's kept ranking changed")
	}
}

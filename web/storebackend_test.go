package web

import (
	"context"
	"testing"
	"time"

	"zwgk"
	"zwgk/cycle"
	"zwgk/indicators"
	"zwgk/store"
	"zwgk/store/storetest"
)

// storeSeeder is the real backend — store on SQLite (or PostgreSQL when
// ZWGK_TEST_PG names a database) and the cycle runner — with the seeding
// the fixture needs.
type storeSeeder struct {
	*StoreBackend
	t   testing.TB
	ctx context.Context
	fw  *indicators.Framework
}

// newStoreBackend opens a fresh, empty store of the backend (store.SQLite
// or store.Postgres; the latter needs ZWGK_TEST_PG, see storetest).
func newStoreBackend(t testing.TB, backend string) seeder {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, backend)
	fw, err := indicators.Builtin("gov-website-2019")
	if err != nil {
		t.Fatal(err)
	}
	runner := cycle.NewRunner(db, nil)
	sb := &StoreBackend{DB: db,
		ScoreCycle:    func(ctx context.Context, name string) error { _, err := runner.Score(ctx, name); return err },
		PublishCycle:  runner.Publish,
		ScoreAgencies: runner.ScoreAgencies,
	}
	return &storeSeeder{StoreBackend: sb, t: t, ctx: ctx, fw: fw}
}

func (s *storeSeeder) setClock(now func() time.Time) { s.DB.SetClock(now) }

func (s *storeSeeder) seedAgency(a zwgk.Agency) {
	if _, err := s.DB.ImportAgencies(s.ctx, []zwgk.Agency{a}, "test"); err != nil {
		s.t.Fatal(err)
	}
}

func (s *storeSeeder) seedCycle(c zwgk.Cycle) int64 {
	as, err := s.DB.Agencies(s.ctx, store.AgencyFilter{})
	if err != nil {
		s.t.Fatal(err)
	}
	var codes []string
	for _, a := range as {
		codes = append(codes, a.Code)
	}
	got, err := s.DB.CreateCycle(s.ctx, store.NewCycle{Name: c.Name, FrameworkID: s.fw.ID, FrameworkVersion: s.fw.Version,
		FrameworkSource: s.fw.Source, AsOf: c.AsOf, WindowDays: c.WindowDays, Agencies: codes})
	if err != nil {
		s.t.Fatal(err)
	}
	if c.ReviewAt != nil {
		// The store stamps the move to review with its clock.
		s.DB.SetClock(func() time.Time { return *c.ReviewAt })
		defer s.DB.SetClock(time.Now)
	}
	for _, st := range []zwgk.CycleState{zwgk.CycleCollecting, zwgk.CycleScoring, zwgk.CycleReview} {
		if err := s.DB.SetCycleState(s.ctx, got.ID, st); err != nil {
			s.t.Fatal(err)
		}
	}
	return got.ID
}

func (s *storeSeeder) seedResults(id int64, cards []zwgk.Scorecard, fs map[string][]zwgk.Finding, ev map[string]zwgk.Evidence) {
	for code, e := range ev {
		for _, p := range e.Pages {
			if err := s.DB.SavePage(s.ctx, id, code, p, []byte("<html><title>"+p.Title+"</title></html>")); err != nil {
				s.t.Fatal(err)
			}
		}
		for _, p := range e.Probes {
			if err := s.DB.SaveProbe(s.ctx, id, code, p); err != nil {
				s.t.Fatal(err)
			}
		}
		if err := s.DB.SaveEvidence(s.ctx, id, e); err != nil {
			s.t.Fatalf("evidence %s: %v", code, err)
		}
	}
	for code, f := range fs {
		if err := s.DB.SaveFindings(s.ctx, id, code, f); err != nil {
			s.t.Fatal(err)
		}
	}
	if err := s.DB.SaveScorecards(s.ctx, id, cards); err != nil {
		s.t.Fatal(err)
	}
}

func (s *storeSeeder) seedUser(u User) {
	if _, err := s.DB.CreateUser(s.ctx, store.User{Name: u.Name, Role: string(u.Role), PasswordHash: u.PasswordHash, Agencies: u.Agencies}); err != nil {
		s.t.Fatal(err)
	}
}

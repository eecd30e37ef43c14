package web

import (
	"context"
	"testing"
	"time"

	"zwgk/store"
)

// e2eBackend is the backend of the browser test: the real store and cycle
// runner. The review cycle is scored once from its evidence first, so the
// mark the agency sees before and after its appeal both come from
// cycle.Runner.Score.
func e2eBackend(t testing.TB) seeder { return newStoreBackend(t, store.SQLite) }

func scoreForE2E(t testing.TB, f *fixture) {
	if err := f.b.Rescore(context.Background(), reviewName, "seed"); err != nil {
		t.Fatalf("score %s: %v", reviewName, err)
	}
}

// openAppealWindow makes the review cycle's results "shown" just now, for
// a test on the wall clock (the fixture's own clock is in 2026-07).
func openAppealWindow(t testing.TB, f *fixture) {
	sb, ok := f.b.(*storeSeeder)
	if !ok {
		t.Fatal("the browser test runs on the store")
	}
	if _, err := sb.DB.X.ExecContext(context.Background(), sb.DB.X.Rebind("UPDATE cycles SET review_at = ? WHERE name = ?"), time.Now().UTC(), reviewName); err != nil {
		t.Fatal(err)
	}
}

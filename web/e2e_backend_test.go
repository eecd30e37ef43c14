package web

import (
	"context"
	"testing"

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

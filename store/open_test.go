package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"zwgk/store"
	"zwgk/store/storetest"
)

func TestOpenMigratesIdempotently(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		ctx := context.Background()
		for range 2 {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			if db.Dialect() != backend {
				t.Errorf("dialect %q, want %q", db.Dialect(), backend)
			}
			var n int
			if err := db.X.GetContext(ctx, &n, "SELECT COUNT(*) FROM zwgk_migrations"); err != nil {
				t.Fatal(err)
			}
			if want := migrationVersions(t); n != want {
				t.Errorf("%d migrations recorded, want %d (one per version in migrations/)", n, want)
			}
			db.Close()
		}
	})
}

// migrationVersions counts the distinct NNN prefixes in migrations/: a
// dialect's own file replaces the shared one of its version.
func migrationVersions(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]bool{}
	for _, e := range entries {
		if num, _, ok := strings.Cut(e.Name(), "_"); ok && strings.HasSuffix(e.Name(), ".sql") {
			versions[num] = true
		}
	}
	return len(versions)
}

// Several processes (workers) opening a new database at once migrate it
// exactly once and all succeed.
func TestOpenConcurrently(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				db, err := store.Open(context.Background(), dsn)
				if err == nil {
					db.Close()
				}
				errs <- err
			}()
		}
		for range 4 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
	})
}

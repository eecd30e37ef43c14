package store_test

import (
	"context"
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
			if n != 2 {
				t.Errorf("%d migrations recorded, want 2", n)
			}
			db.Close()
		}
	})
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

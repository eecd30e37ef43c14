package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"zwgk/store"
	"zwgk/store/storetest"
)

// TestReadsBesideAWrite: while a write transaction holds the writer (a
// re-score of a national cohort takes seconds), the portal's lookups
// answer at once from the last commit, from many goroutines; once it
// commits, the next lookup sees it. On SQLite the store had one
// connection and every read queued behind the write.
func TestReadsBesideAWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		c := mustCycle(t, db, "2026", codes(fixture)...)
		tx, err := db.X.BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE cycles SET version = version + 100 WHERE id = ?"), c.ID); err != nil {
			t.Fatal(err)
		}
		// The write holds its lock; reads must not wait for it. The
		// timeout only turns a hang (the old behaviour) into a failure.
		rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := db.CycleByName(rctx, "2026")
				if err != nil {
					errs <- err
					return
				}
				if got.Version != c.Version {
					t.Errorf("read during the write: version %d, want the committed %d", got.Version, c.Version)
				}
				if _, err := db.CardsSince(rctx, c.ID, 0); err != nil {
					errs <- err
				}
				if _, err := db.Agency(rctx, "GD"); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("read beside an open write: %v", err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		got, err := db.CycleByName(ctx, "2026")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != c.Version+100 {
			t.Fatalf("read after the commit: version %d, want %d", got.Version, c.Version+100)
		}
		ch, err := db.CardsSince(ctx, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Version != c.Version+100 {
			t.Fatalf("CardsSince after the commit: version %d, want %d", ch.Version, c.Version+100)
		}
	})
}

// TestReadersCannotWrite: a SQLite file's readers are query-only, so a
// write sent through them by mistake fails instead of racing the writer
// for the lock; elsewhere the readers are the writer's handle.
func TestReadersCannotWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, fixture)
		r := store.Readers(db)
		if db.Dialect() == store.Postgres {
			if r != db.X {
				t.Fatal("PostgreSQL: the readers should be the one pool")
			}
			return
		}
		if r == db.X {
			t.Fatal("SQLite file: no pool of readers beside the writer")
		}
		_, err := r.ExecContext(ctx, "UPDATE agencies SET name = 'x' WHERE code = 'GD'")
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "readonly") {
			t.Fatalf("write through a reader: %v, want a read-only error", err)
		}
		if r.Stats().MaxOpenConnections < 2 {
			t.Fatalf("readers: %d connections, want several", r.Stats().MaxOpenConnections)
		}
	})
}

// TestInMemoryReadsOnTheWriter: an in-memory database exists only on its
// one connection, so it has no readers of its own and still works.
func TestInMemoryReadsOnTheWriter(t *testing.T) {
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if store.Readers(db) != db.X {
		t.Fatal("in-memory: reads must go to the one connection")
	}
	mustImport(t, db, fixture)
	mustCycle(t, db, "2026", codes(fixture)...)
	if _, err := db.CycleByName(ctx, "2026"); err != nil {
		t.Fatal(err)
	}
}

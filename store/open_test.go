package store_test

import (
	"context"
	"database/sql"
	"errors"
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

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn, dialect, path string
		bad                bool
	}{
		{"zwgk.db", store.SQLite, "zwgk.db", false},
		{"/var/lib/zwgk/zwgk.db", store.SQLite, "/var/lib/zwgk/zwgk.db", false},
		{"file:zwgk.db?_pragma=max_page_count(10)", store.SQLite, "zwgk.db", false},
		{"file:///var/lib/z.db", store.SQLite, "/var/lib/z.db", false},
		{":memory:", store.SQLite, "", false},
		{"postgres://u@h/db?sslmode=disable", store.Postgres, "", false},
		{"postgresql://u@h/db", store.Postgres, "", false},
		{"./dir://odd/zwgk.db", store.SQLite, "./dir://odd/zwgk.db", false},
		{"postgress://u@h/db", "", "", true},
		{"mysql://u@h/db", "", "", true},
		{"sqlite:///tmp/z.db", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		d, p, err := store.ParseDSN(tt.dsn)
		if tt.bad {
			if !errors.Is(err, store.ErrBadDSN) || !strings.Contains(err.Error(), "postgres://") || !strings.Contains(err.Error(), "SQLite file") {
				t.Errorf("ParseDSN(%q) = %q, %q, %v; want ErrBadDSN naming both forms", tt.dsn, d, p, err)
			}
			continue
		}
		if err != nil || d != tt.dialect || p != tt.path {
			t.Errorf("ParseDSN(%q) = %q, %q, %v; want %q, %q", tt.dsn, d, p, err, tt.dialect, tt.path)
		}
	}
}

// A typo in the scheme is an error, not a SQLite file named "postgress:".
func TestOpenUnknownScheme(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, dsn := range []string{"postgress://localhost/zwgk", "mysql://localhost/zwgk"} {
		if db, err := store.Open(context.Background(), dsn); !errors.Is(err, store.ErrBadDSN) {
			if db != nil {
				db.Close()
			}
			t.Errorf("Open(%q): %v, want ErrBadDSN", dsn, err)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a bad DSN left files behind: %v", ents)
	}
}

// OpenExisting creates nothing: no SQLite file, no tables in an empty
// PostgreSQL schema.
func TestOpenExisting(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, backend, dsn string) {
		ctx := context.Background()
		if db, err := store.OpenExisting(ctx, dsn); !errors.Is(err, store.ErrNoDatabase) {
			if db != nil {
				db.Close()
			}
			t.Fatalf("OpenExisting of a new database: %v, want ErrNoDatabase", err)
		}
		if backend == store.SQLite {
			if _, err := os.Stat(dsn); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("OpenExisting created %s (%v)", dsn, err)
			}
		} else {
			db, err := sql.Open("postgres", dsn)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n); err != nil || n != 0 {
				t.Errorf("OpenExisting left %d tables (%v)", n, err)
			}
			db.Close()
		}
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		db, err = store.OpenExisting(ctx, dsn)
		if err != nil {
			t.Fatalf("OpenExisting after Open: %v", err)
		}
		db.Close()
	})
}

// Package storetest gives tests a fresh, empty store on every backend:
// SQLite in a temporary folder always, and PostgreSQL when ZWGK_TEST_PG
// names a server (a new schema per test, dropped afterwards, so tests are
// independent and may run in parallel).
//
// Without ZWGK_TEST_PG the PostgreSQL half is skipped with a visible
// message; with CI=true it fails instead, so CI cannot pass by skipping.
// It must not be imported by non-test code.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/lib/pq"

	"zwgk/store"
)

// EnvPG names the variable holding the PostgreSQL DSN for tests.
const EnvPG = "ZWGK_TEST_PG"

// Backends are the backend names, in the order Each runs them.
var Backends = []string{store.SQLite, store.Postgres}

// DSN returns the DSN of a fresh, empty database of the backend (removed
// when tb ends), or skips tb (fails it when CI=true) for PostgreSQL when
// ZWGK_TEST_PG is unset.
func DSN(tb testing.TB, backend string) string {
	tb.Helper()
	switch backend {
	case store.SQLite:
		return filepath.Join(tb.TempDir(), "zwgk.db")
	case store.Postgres:
		base := os.Getenv(EnvPG)
		if base == "" {
			if os.Getenv("CI") == "true" {
				tb.Fatalf("%s is not set but CI=true: the PostgreSQL tests must run in CI (see .ci/run)", EnvPG)
			}
			tb.Skipf("PostgreSQL half skipped: set %s=postgres://… to run it (bash .ci/run does)", EnvPG)
		}
		return freshSchema(tb, base)
	}
	tb.Fatalf("unknown backend %q", backend)
	return ""
}

// freshSchema creates a schema with a random name and returns base with a
// search_path selecting it.
func freshSchema(tb testing.TB, base string) string {
	tb.Helper()
	raw := make([]byte, 6)
	_, _ = rand.Read(raw)
	schema := "zt_" + hex.EncodeToString(raw)
	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		tb.Fatalf("create test schema on %s: %v", EnvPG, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Logf("drop test schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPG, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a fresh store of the backend, closed when tb ends.
func Open(tb testing.TB, backend string) *store.DB {
	tb.Helper()
	dsn := DSN(tb, backend)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s store: %v", backend, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Each runs fn as a subtest per backend, each with a fresh store.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, b := range Backends {
		t.Run(b, func(t *testing.T) { fn(t, Open(t, b)) })
	}
}

// EachDSN runs fn as a subtest per backend with the DSN of a fresh
// database, for tests that open it themselves (the command line).
func EachDSN(t *testing.T, fn func(t *testing.T, backend, dsn string)) {
	t.Helper()
	for _, b := range Backends {
		t.Run(b, func(t *testing.T) { fn(t, b, DSN(t, b)) })
	}
}

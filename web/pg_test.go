package web

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/lib/pq"
)

// resetPG empties the test database named by dsn (every table of the
// public schema), so each fixture starts from nothing.
func resetPG(t testing.TB, dsn string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), "DROP SCHEMA public CASCADE; CREATE SCHEMA public"); err != nil {
		t.Fatalf("reset %s: %v", dsn, err)
	}
}

package store_test

import (
	"database/sql"
	"testing"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"zwgk/store"
	"zwgk/store/storetest"
)

// River shares the store's database: its migrations run over DB.X.DB (on
// SQLite the single connection) beside the store's tables, and the store
// keeps working afterwards.
func TestRiverSharesTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var (
			m   *rivermigrate.Migrator[*sql.Tx]
			err error
		)
		if db.Dialect() == store.SQLite {
			if n := db.X.Stats().MaxOpenConnections; n != 1 {
				t.Errorf("SQLite MaxOpenConnections %d, want 1", n)
			}
			m, err = rivermigrate.New(riversqlite.New(db.X.DB), nil)
		} else {
			m, err = rivermigrate.New(riverdatabasesql.New(db.X.DB), nil)
		}
		must(t, err)
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		must(t, err)
		var jobs int
		must(t, db.X.GetContext(ctx, &jobs, "SELECT COUNT(*) FROM river_job"))
		mustImport(t, db, fixture)
		mustCycle(t, db, "river", "GD")
	})
}

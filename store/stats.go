package store

import (
	"context"
	"fmt"
)

// PageCount is the number of pages stored for a cycle: every page its
// crawls fetched, each (agency, URL) once however often it was fetched.
func (db *DB) PageCount(ctx context.Context, cycleID int64) (int64, error) {
	var n int64
	if err := db.X.GetContext(ctx, &n, db.X.Rebind("SELECT COUNT(*) FROM pages WHERE cycle_id = ?"), cycleID); err != nil {
		return 0, fmt.Errorf("cycle %d page count: %w", cycleID, err)
	}
	return n, nil
}

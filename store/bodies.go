package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PageBody returns a stored page's body as fetched (cut to BodyCap when it
// was longer: truncated then says so, and its sha256 covers the whole body
// that was received, not the part kept). ok is false when the page was
// not stored or stored without a body (a failed fetch).
func (db *DB) PageBody(ctx context.Context, cycleID int64, agency, url string) (body []byte, truncated, ok bool, err error) {
	var r struct {
		Body      []byte `db:"body"`
		Truncated int    `db:"body_truncated"`
	}
	err = db.rd.GetContext(ctx, &r, db.rd.Rebind("SELECT body, body_truncated FROM pages WHERE cycle_id = ? AND agency = ? AND url = ?"), cycleID, agency, url)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, false, nil
	}
	if err != nil {
		return nil, false, false, fmt.Errorf("page body %s: %w", url, err)
	}
	if r.Body == nil {
		return nil, false, false, nil
	}
	b, err := readBody(r.Body)
	if err != nil {
		return nil, false, false, fmt.Errorf("page body %s: %w", url, err)
	}
	return b, r.Truncated != 0, true, nil
}

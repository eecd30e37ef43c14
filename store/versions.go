package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// A cycle's version counts the writes to its results (migration 191):
// scoring, reviews, appeals, state changes and publication each bump it in
// their own transaction. Readers that keep a cycle's scorecards in memory
// (the portal, one process or several behind one PostgreSQL) compare the
// version they hold with zwgk.Cycle.Version and read again only the cards
// written since (CardsSince). Evidence writes do not bump it: crawl
// workers would queue on the cycle row, and the cards do not change until
// the cycle is scored.

// bump checks inside tx that the cycle exists and is not published, and
// counts one write to its results; it returns the new version. The cycle
// row stays locked until tx ends, so the writes of one cycle commit in
// version order: a reader that sees version v sees every write up to v.
// Call it before anything else in tx locks the cycle row (writable's share
// lock): two transactions upgrading a share lock would deadlock.
func (db *DB) bump(ctx context.Context, tx *sqlx.Tx, cycleID int64) (int64, error) {
	var v int64
	err := tx.GetContext(ctx, &v, tx.Rebind("UPDATE cycles SET version = version + 1 WHERE id = ? AND state <> ? RETURNING version"),
		cycleID, string(zwgk.CyclePublished))
	if errors.Is(err, sql.ErrNoRows) {
		if err := db.writable(ctx, tx, cycleID); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("cycle %d: not writable", cycleID)
	}
	if err != nil {
		return 0, fmt.Errorf("cycle %d: version: %w", cycleID, err)
	}
	return v, nil
}

// cardCols are the columns a scorecard is read from: its body and its
// standing, which the columns hold (a re-score of one agency re-ranks its
// tier without rewriting the others' bodies).
const cardCols = "body, rank, tier, tier_size, percentile"

type cardRow struct {
	Body       string  `db:"body"`
	Rank       int     `db:"rank"`
	Tier       string  `db:"tier"`
	TierSize   int     `db:"tier_size"`
	Percentile float64 `db:"percentile"`
}

func (r *cardRow) card() (zwgk.Scorecard, error) {
	var c zwgk.Scorecard
	if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
		return c, err
	}
	c.Rank, c.Tier, c.TierSize, c.Percentile = r.Rank, r.Tier, r.TierSize, r.Percentile
	return c, nil
}

func cards(rows []cardRow) ([]zwgk.Scorecard, error) {
	out := make([]zwgk.Scorecard, len(rows))
	for i := range rows {
		c, err := rows[i].card()
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// Scorecard is one agency's scorecard in a cycle; ok is false when it has
// none (not scored).
func (db *DB) Scorecard(ctx context.Context, cycleID int64, agency string) (zwgk.Scorecard, bool, error) {
	var rows []cardRow
	if err := db.rd.SelectContext(ctx, &rows, db.rd.Rebind("SELECT "+cardCols+" FROM scorecards WHERE cycle_id = ? AND agency = ?"), cycleID, agency); err != nil {
		return zwgk.Scorecard{}, false, fmt.Errorf("scorecard of %s in cycle %d: %w", agency, cycleID, err)
	}
	if len(rows) == 0 {
		return zwgk.Scorecard{}, false, nil
	}
	c, err := rows[0].card()
	if err != nil {
		return c, false, fmt.Errorf("scorecard of %s in cycle %d: %w", agency, cycleID, err)
	}
	return c, true, nil
}

// CardChanges are the scorecards of a cycle written after a version.
type CardChanges struct {
	// Version is the cycle's version the cards are as of.
	Version int64
	// All is set when Cards are every scorecard of the cycle (the reader
	// was older than the last whole re-score, which may have dropped
	// agencies); otherwise Cards replace the reader's cards of the same
	// agencies and the rest stand.
	All   bool
	Cards []zwgk.Scorecard // by agency code
}

// CardsSince reads what changed in a cycle's scorecards after version
// since (0: everything). Version and cards are read in one snapshot.
func (db *DB) CardsSince(ctx context.Context, cycleID, since int64) (CardChanges, error) {
	var out CardChanges
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.rd.BeginTxx(ctx, opts)
	if err != nil {
		return out, fmt.Errorf("scorecards of cycle %d: %w", cycleID, err)
	}
	defer tx.Rollback()
	var v struct {
		Version int64 `db:"version"`
		Cards   int64 `db:"cards_version"`
	}
	if err := tx.GetContext(ctx, &v, tx.Rebind("SELECT version, cards_version FROM cycles WHERE id = ?"), cycleID); err != nil {
		return out, notFound(err, fmt.Sprintf("cycle %d", cycleID))
	}
	out.Version = v.Version
	// Cards written before versions existed carry version 0: a reader
	// with nothing reads every row.
	out.All = since <= 0 || since < v.Cards || since > v.Version
	q, args := "SELECT "+cardCols+" FROM scorecards WHERE cycle_id = ?", []any{cycleID}
	if !out.All {
		q += " AND version > ?"
		args = append(args, since)
	}
	var rows []cardRow
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(q+" ORDER BY agency"), args...); err != nil {
		return out, fmt.Errorf("scorecards of cycle %d: %w", cycleID, err)
	}
	if out.Cards, err = cards(rows); err != nil {
		return out, fmt.Errorf("scorecards of cycle %d: %w", cycleID, err)
	}
	return out, nil
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// SaveFindings replaces the agency's findings in the cycle.
func (db *DB) SaveFindings(ctx context.Context, cycleID int64, agency string, fs []zwgk.Finding) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.bump(ctx, tx, cycleID); err != nil {
			return err
		}
		return db.saveFindings(ctx, tx, cycleID, agency, fs)
	})
	if err != nil {
		return fmt.Errorf("save findings of %s in cycle %d: %w", agency, cycleID, err)
	}
	return nil
}

func (db *DB) saveFindings(ctx context.Context, tx *sqlx.Tx, cycleID int64, agency string, fs []zwgk.Finding) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM findings WHERE cycle_id = ? AND agency = ?"), cycleID, agency); err != nil {
		return err
	}
	ins, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO findings (cycle_id, agency, indicator, outcome, fraction, count, measure, problem, evidence, override, automated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, f := range fs {
		if f.Agency != "" && f.Agency != agency {
			return fmt.Errorf("finding %s is for agency %s", f.Indicator, f.Agency)
		}
		if !f.Outcome.Valid() {
			return fmt.Errorf("finding %s: outcome %q", f.Indicator, f.Outcome)
		}
		override, err := jsonOrNull(f.Override)
		if err != nil {
			return err
		}
		automated, err := jsonOrNull(f.Automated)
		if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, cycleID, agency, f.Indicator, f.Outcome, f.Fraction, f.Count,
			bound(f.Measure, maxText), bound(f.Problem, maxText), jsonList(f.Evidence), override, automated); err != nil {
			return fmt.Errorf("finding %s: %w", f.Indicator, err)
		}
	}
	return nil
}

// scoringHook, when set (tests), is called inside SaveScoring's
// transaction after the findings of each agency.
var scoringHook func(n int)

// Scoring is the result of scoring a cycle, as SaveScoring writes it.
type Scoring struct {
	// Findings by agency: each agency listed has its findings replaced.
	Findings map[string][]zwgk.Finding
	// Scorecards replace every scorecard of the cycle.
	Scorecards []zwgk.Scorecard
	// State, when set, is the cycle's state afterwards (review).
	State zwgk.CycleState
}

// SaveScoring writes a scoring run in one transaction: every agency's
// findings, every scorecard and the cycle's new state, at one new cycle
// version. A process killed in the middle leaves the previous scoring
// whole, never new findings beside old scorecards.
func (db *DB) SaveScoring(ctx context.Context, cycleID int64, s Scoring) error {
	agencies := make([]string, 0, len(s.Findings))
	for a := range s.Findings {
		agencies = append(agencies, a)
	}
	sort.Strings(agencies)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		version, err := db.bump(ctx, tx, cycleID)
		if err != nil {
			return err
		}
		for i, a := range agencies {
			if err := db.saveFindings(ctx, tx, cycleID, a, s.Findings[a]); err != nil {
				return fmt.Errorf("findings of %s: %w", a, err)
			}
			if scoringHook != nil {
				scoringHook(i + 1)
			}
		}
		if err := db.saveScorecards(ctx, tx, cycleID, version, s.Scorecards); err != nil {
			return err
		}
		if s.State != "" {
			return db.setCycleState(ctx, tx, cycleID, s.State)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save scoring of cycle %d: %w", cycleID, err)
	}
	return nil
}

// Findings returns the findings of one agency, or of all when agency is
// "", ordered by agency and indicator.
func (db *DB) Findings(ctx context.Context, cycleID int64, agency string) ([]zwgk.Finding, error) {
	q := "SELECT agency, indicator, outcome, fraction, count, measure, problem, evidence, override, automated FROM findings WHERE cycle_id = ?"
	args := []any{cycleID}
	if agency != "" {
		q += " AND agency = ?"
		args = append(args, agency)
	}
	var rows []struct {
		Agency    string         `db:"agency"`
		Indicator string         `db:"indicator"`
		Outcome   string         `db:"outcome"`
		Fraction  float64        `db:"fraction"`
		Count     int            `db:"count"`
		Measure   string         `db:"measure"`
		Problem   string         `db:"problem"`
		Evidence  string         `db:"evidence"`
		Override  sql.NullString `db:"override"`
		Automated sql.NullString `db:"automated"`
	}
	if err := db.rd.SelectContext(ctx, &rows, db.rd.Rebind(q+" ORDER BY agency, indicator"), args...); err != nil {
		return nil, fmt.Errorf("findings of cycle %d: %w", cycleID, err)
	}
	out := make([]zwgk.Finding, len(rows))
	for i, r := range rows {
		f := zwgk.Finding{Agency: r.Agency, Indicator: r.Indicator, Outcome: zwgk.Outcome(r.Outcome), Fraction: r.Fraction,
			Count: r.Count, Measure: r.Measure, Problem: r.Problem}
		if err := fromJSONList(r.Evidence, &f.Evidence); err != nil {
			return nil, err
		}
		if r.Override.Valid {
			f.Override = new(zwgk.Override)
			if err := json.Unmarshal([]byte(r.Override.String), f.Override); err != nil {
				return nil, err
			}
		}
		if r.Automated.Valid {
			f.Automated = new(zwgk.Finding)
			if err := json.Unmarshal([]byte(r.Automated.String), f.Automated); err != nil {
				return nil, err
			}
		}
		out[i] = f
	}
	return out, nil
}

// SaveScorecards replaces every scorecard of the cycle.
func (db *DB) SaveScorecards(ctx context.Context, cycleID int64, cards []zwgk.Scorecard) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		version, err := db.bump(ctx, tx, cycleID)
		if err != nil {
			return err
		}
		return db.saveScorecards(ctx, tx, cycleID, version, cards)
	})
	if err != nil {
		return fmt.Errorf("save scorecards of cycle %d: %w", cycleID, err)
	}
	return nil
}

// saveScorecards replaces every card at version (bump's, in tx): readers
// older than it read all cards again, since agencies may have gone.
func (db *DB) saveScorecards(ctx context.Context, tx *sqlx.Tx, cycleID, version int64, cards []zwgk.Scorecard) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM scorecards WHERE cycle_id = ?"), cycleID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE cycles SET cards_version = ? WHERE id = ?"), version, cycleID); err != nil {
		return err
	}
	ins, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO scorecards (cycle_id, agency, total, grade, rank, vetoed, body, version, tier, tier_size, percentile)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return err
	}
	defer ins.Close()
	for i := range cards {
		if err := insertCard(ctx, ins, cycleID, version, &cards[i]); err != nil {
			return err
		}
	}
	return nil
}

// Scorecards returns the cycle's scorecards by agency code.
func (db *DB) Scorecards(ctx context.Context, cycleID int64) ([]zwgk.Scorecard, error) {
	var rows []cardRow
	if err := db.rd.SelectContext(ctx, &rows, db.rd.Rebind("SELECT "+cardCols+" FROM scorecards WHERE cycle_id = ? ORDER BY agency"), cycleID); err != nil {
		return nil, fmt.Errorf("scorecards of cycle %d: %w", cycleID, err)
	}
	out, err := cards(rows)
	if err != nil {
		return nil, fmt.Errorf("scorecards of cycle %d: %w", cycleID, err)
	}
	return out, nil
}

func jsonOrNull(v any) (*string, error) {
	switch x := v.(type) {
	case *zwgk.Override:
		if x == nil {
			return nil, nil
		}
	case *zwgk.Finding:
		if x == nil {
			return nil, nil
		}
	case nil:
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

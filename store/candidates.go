package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// SyncCandidates replaces an agency's content-check candidates with those
// of its evidence (cycle.Score calls it before judging); decisions already
// taken stay, keyed by candidate.
func (db *DB) SyncCandidates(ctx context.Context, cycleID int64, agency string, cands []zwgk.ContentCheck) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.writable(ctx, tx, cycleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM content_candidates WHERE cycle_id = ? AND agency = ?"), cycleID, agency); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, c := range cands {
			k := c.Key()
			if seen[k] {
				continue
			}
			seen[k] = true
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO content_candidates (cycle_id, agency, check_key, kind, url, rule, excerpt, note, page)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				cycleID, agency, k, string(c.Kind), bound(c.URL, maxURL), bound(c.Rule, 200), bound(c.Excerpt, maxText), bound(c.Note, maxText), bound(c.Page, maxURL)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("candidates of %s: %w", agency, err)
	}
	return nil
}

// CandidateFilter selects review-queue candidates; zero fields select all.
type CandidateFilter struct {
	Agency string
	Kind   zwgk.CheckKind
	// State is "pending" (undecided), "confirmed" or "dismissed".
	State string
	// Level and Region keep the candidates of agencies of that level, or
	// inside that region (a GB/T 2260 prefix).
	Level  zwgk.Level
	Region zwgk.Region
	Limit  int // default 100
	Offset int
}

type candidateRow struct {
	Agency   string     `db:"agency"`
	Key      string     `db:"check_key"`
	Kind     string     `db:"kind"`
	URL      string     `db:"url"`
	Rule     string     `db:"rule"`
	Excerpt  string     `db:"excerpt"`
	Note     string     `db:"note"`
	Page     string     `db:"page"`
	Decision *string    `db:"decision"`
	Reason   *string    `db:"reason"`
	By       *string    `db:"by_user"`
	At       *time.Time `db:"at"`
}

// Candidates lists a cycle's candidates with their decisions, by agency
// and key, and how many match the filter in all.
func (db *DB) Candidates(ctx context.Context, cycleID int64, f CandidateFilter) ([]zwgk.Candidate, int, error) {
	where := []string{"c.cycle_id = ?"}
	args := []any{cycleID}
	if f.Agency != "" {
		where, args = append(where, "c.agency = ?"), append(args, f.Agency)
	}
	if f.Kind != "" {
		where, args = append(where, "c.kind = ?"), append(args, string(f.Kind))
	}
	if f.Level != "" {
		where, args = append(where, "c.agency IN (SELECT code FROM agencies WHERE level = ?)"), append(args, string(f.Level))
	}
	if f.Region != "" {
		where, args = append(where, "c.agency IN (SELECT code FROM agencies WHERE region LIKE ?)"), append(args, regionPrefix(f.Region)+"%")
	}
	switch f.State {
	case "":
	case "pending":
		where = append(where, "d.decision IS NULL")
	case string(zwgk.DecisionConfirmed), string(zwgk.DecisionDismissed):
		where, args = append(where, "d.decision = ?"), append(args, f.State)
	default:
		return nil, 0, fmt.Errorf("candidates: unknown state %q (pending, confirmed, dismissed)", f.State)
	}
	from := ` FROM content_candidates c LEFT JOIN content_decisions d
		ON d.cycle_id = c.cycle_id AND d.agency = c.agency AND d.check_key = c.check_key
		WHERE ` + strings.Join(where, " AND ")
	var total int
	if err := db.X.GetContext(ctx, &total, db.X.Rebind("SELECT COUNT(*)"+from), args...); err != nil {
		return nil, 0, fmt.Errorf("candidates of cycle %d: %w", cycleID, err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var rows []candidateRow
	q := `SELECT c.agency, c.check_key, c.kind, c.url, c.rule, c.excerpt, c.note, c.page, d.decision, d.reason, d.by_user, d.at` +
		from + " ORDER BY c.agency, c.url, c.check_key LIMIT ? OFFSET ?"
	if err := db.X.SelectContext(ctx, &rows, db.X.Rebind(q), append(args, limit, max(f.Offset, 0))...); err != nil {
		return nil, 0, fmt.Errorf("candidates of cycle %d: %w", cycleID, err)
	}
	out := make([]zwgk.Candidate, len(rows))
	for i, r := range rows {
		c := zwgk.Candidate{CycleID: cycleID, Agency: r.Agency, Key: r.Key,
			ContentCheck: zwgk.ContentCheck{Kind: zwgk.CheckKind(r.Kind), URL: r.URL, Rule: r.Rule, Excerpt: r.Excerpt, Note: r.Note, Page: r.Page}}
		if r.Decision != nil {
			c.Decision = zwgk.CheckDecision(*r.Decision)
			c.Reason, c.By = deref(r.Reason), deref(r.By)
			if r.At != nil {
				t := r.At.UTC()
				c.At = &t
			}
		}
		out[i] = c
	}
	return out, total, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CandidateCounts counts a cycle's candidates by state (pending,
// confirmed, dismissed).
func (db *DB) CandidateCounts(ctx context.Context, cycleID int64) (map[string]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := db.X.SelectContext(ctx, &rows, db.X.Rebind(`SELECT COALESCE(d.decision, 'pending') AS state, COUNT(*) AS n
		FROM content_candidates c LEFT JOIN content_decisions d
		ON d.cycle_id = c.cycle_id AND d.agency = c.agency AND d.check_key = c.check_key
		WHERE c.cycle_id = ? GROUP BY COALESCE(d.decision, 'pending')`), cycleID); err != nil {
		return nil, fmt.Errorf("candidate counts of cycle %d: %w", cycleID, err)
	}
	out := map[string]int{"pending": 0, "confirmed": 0, "dismissed": 0}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// CandidateDecisions are a cycle's decisions, by agency and candidate key.
func (db *DB) CandidateDecisions(ctx context.Context, cycleID int64) (map[string]map[string]zwgk.CheckDecision, error) {
	var rows []struct {
		Agency   string `db:"agency"`
		Key      string `db:"check_key"`
		Decision string `db:"decision"`
	}
	if err := db.X.SelectContext(ctx, &rows, db.X.Rebind("SELECT agency, check_key, decision FROM content_decisions WHERE cycle_id = ?"), cycleID); err != nil {
		return nil, fmt.Errorf("decisions of cycle %d: %w", cycleID, err)
	}
	out := map[string]map[string]zwgk.CheckDecision{}
	for _, r := range rows {
		if out[r.Agency] == nil {
			out[r.Agency] = map[string]zwgk.CheckDecision{}
		}
		out[r.Agency][r.Key] = zwgk.CheckDecision(r.Decision)
	}
	return out, nil
}

// ErrNoCandidate is returned for a decision on a candidate the cycle does
// not have.
var ErrNoCandidate = errors.New("no such candidate")

// DecideCandidate records an assessor's decision on a candidate (a later
// decision replaces an earlier one) and audits it with the decision
// before and after.
func (db *DB) DecideCandidate(ctx context.Context, c zwgk.Candidate) error {
	switch {
	case !c.Decision.Valid():
		return fmt.Errorf("decide candidate: decision %q (confirmed or dismissed)", c.Decision)
	case strings.TrimSpace(c.Reason) == "":
		return errors.New("decide candidate: a reason is required")
	case c.By == "" || c.Agency == "" || c.Key == "":
		return errors.New("decide candidate: by, agency and key are required")
	}
	at := db.stamp()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.writable(ctx, tx, c.CycleID); err != nil {
			return err
		}
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind("SELECT COUNT(*) FROM content_candidates WHERE cycle_id = ? AND agency = ? AND check_key = ?"), c.CycleID, c.Agency, c.Key); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("candidate %s of %s: %w", c.Key, c.Agency, ErrNoCandidate)
		}
		var before []struct {
			Decision string    `db:"decision" json:"decision"`
			Reason   string    `db:"reason" json:"reason"`
			By       string    `db:"by_user" json:"by"`
			At       time.Time `db:"at" json:"at"`
		}
		if err := tx.SelectContext(ctx, &before, tx.Rebind("SELECT decision, reason, by_user, at FROM content_decisions WHERE cycle_id = ? AND agency = ? AND check_key = ?"), c.CycleID, c.Agency, c.Key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO content_decisions (cycle_id, agency, check_key, decision, reason, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id, agency, check_key) DO UPDATE SET decision = excluded.decision, reason = excluded.reason, by_user = excluded.by_user, at = excluded.at`),
			c.CycleID, c.Agency, c.Key, string(c.Decision), bound(c.Reason, maxText), c.By, at); err != nil {
			return err
		}
		var prev any
		if len(before) > 0 {
			prev = before[0]
		}
		after := map[string]any{"decision": c.Decision, "reason": bound(c.Reason, maxText), "by": c.By, "at": at}
		return db.audit(ctx, tx, AuditEntry{Who: c.By, Action: "candidate." + string(c.Decision),
			Object: fmt.Sprintf("cycle/%d/agency/%s/candidate/%s", c.CycleID, c.Agency, c.Key), Before: prev, After: after})
	})
	if err != nil {
		return fmt.Errorf("decide candidate: %w", err)
	}
	return nil
}

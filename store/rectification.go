package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// SetPreviousCycle links a cycle to the earlier cycle whose problems it
// checks (zwgk cycle create --previous). Both must exist, prev must be
// earlier (as-of date) and of the same framework lineage (framework id);
// a published cycle's link cannot change.
func (db *DB) SetPreviousCycle(ctx context.Context, cycleID, prevID int64) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := db.writable(ctx, tx, cycleID); err != nil {
			return err
		}
		var cur, prev cycleRow
		if err := tx.GetContext(ctx, &cur, tx.Rebind("SELECT "+cycleCols+" FROM cycles WHERE id = ?"), cycleID); err != nil {
			return notFound(err, fmt.Sprintf("cycle %d", cycleID))
		}
		if err := tx.GetContext(ctx, &prev, tx.Rebind("SELECT "+cycleCols+" FROM cycles WHERE id = ?"), prevID); err != nil {
			return notFound(err, fmt.Sprintf("cycle %d", prevID))
		}
		switch {
		case prevID == cycleID:
			return fmt.Errorf("cycle %s cannot follow itself", cur.Name)
		case prev.FrameworkID != cur.FrameworkID:
			return fmt.Errorf("cycle %s (framework %s) cannot follow cycle %s (framework %s): rectification is tracked within one framework lineage",
				cur.Name, cur.FrameworkID, prev.Name, prev.FrameworkID)
		case prev.AsOf >= cur.AsOf:
			return fmt.Errorf("cycle %s (as of %s) is not earlier than cycle %s (as of %s)", prev.Name, prev.AsOf, cur.Name, cur.AsOf)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM cycle_links WHERE cycle_id = ?"), cycleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO cycle_links (cycle_id, previous_id) VALUES (?, ?)"), cycleID, prevID); err != nil {
			return fmt.Errorf("link cycle %s to %s: %w", cur.Name, prev.Name, err)
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: "cycle.previous", Object: cycleObject(cur.Name),
			After: map[string]string{"previous": prev.Name}})
	})
}

// PreviousCycle is the cycle whose problems cycleID checks; ok is false
// when it has none.
func (db *DB) PreviousCycle(ctx context.Context, cycleID int64) (zwgk.Cycle, bool, error) {
	var r cycleRow
	err := db.X.GetContext(ctx, &r, db.X.Rebind("SELECT "+prefixed("c.", cycleCols)+" FROM cycle_links l JOIN cycles c ON c.id = l.previous_id WHERE l.cycle_id = ?"), cycleID)
	if errors.Is(err, sql.ErrNoRows) {
		return zwgk.Cycle{}, false, nil
	}
	if err != nil {
		return zwgk.Cycle{}, false, fmt.Errorf("previous cycle of %d: %w", cycleID, err)
	}
	c, err := r.cycle()
	return c, err == nil, err
}

// NextCycle is the cycle that checks cycleID's problems (linked to it as
// its previous cycle); ok is false when none does yet.
func (db *DB) NextCycle(ctx context.Context, cycleID int64) (zwgk.Cycle, bool, error) {
	var r cycleRow
	err := db.X.GetContext(ctx, &r, db.X.Rebind("SELECT "+prefixed("c.", cycleCols)+" FROM cycle_links l JOIN cycles c ON c.id = l.cycle_id WHERE l.previous_id = ? ORDER BY c.as_of LIMIT 1"), cycleID)
	if errors.Is(err, sql.ErrNoRows) {
		return zwgk.Cycle{}, false, nil
	}
	if err != nil {
		return zwgk.Cycle{}, false, fmt.Errorf("next cycle of %d: %w", cycleID, err)
	}
	c, err := r.cycle()
	return c, err == nil, err
}

// LatestPublished is the published cycle of framework id with the latest
// as-of date before asOf: the default earlier cycle of a new one.
func (db *DB) LatestPublished(ctx context.Context, frameworkID string, asOf zwgk.Date) (zwgk.Cycle, bool, error) {
	var r cycleRow
	err := db.X.GetContext(ctx, &r, db.X.Rebind("SELECT "+cycleCols+" FROM cycles WHERE framework_id = ? AND state = ? AND as_of < ? ORDER BY as_of DESC, id DESC LIMIT 1"),
		frameworkID, string(zwgk.CyclePublished), asOf.String())
	if errors.Is(err, sql.ErrNoRows) {
		return zwgk.Cycle{}, false, nil
	}
	if err != nil {
		return zwgk.Cycle{}, false, fmt.Errorf("latest published cycle of %s: %w", frameworkID, err)
	}
	c, err := r.cycle()
	return c, err == nil, err
}

// Claim is an agency's statement that it fixed a problem of a cycle.
type Claim struct {
	ID        int64     `json:"id" db:"id"`
	CycleID   int64     `json:"cycle_id" db:"cycle_id"`
	Agency    string    `json:"agency" db:"agency"`
	Key       string    `json:"problem_key" db:"problem_key"`
	Indicator string    `json:"indicator" db:"indicator"`
	Subject   string    `json:"subject" db:"subject"`
	Note      string    `json:"note" db:"note"`
	Link      string    `json:"link" db:"link"`
	By        string    `json:"by" db:"by_user"`
	At        time.Time `json:"at" db:"at"`
}

// AddClaim records that an agency marked a problem 已整改, audited. The
// cycle may be published: claims are made after publication.
func (db *DB) AddClaim(ctx context.Context, c Claim) (Claim, error) {
	if c.Note = bound(c.Note, maxText); c.Note == "" {
		return Claim{}, fmt.Errorf("claim: a note saying what was done is required")
	}
	c.Link, c.Subject = bound(c.Link, maxURL), bound(c.Subject, maxURL)
	c.At = db.stamp()
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &c.ID, tx.Rebind(`INSERT INTO rectification_claims (cycle_id, agency, problem_key, indicator, subject, note, link, by_user, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.CycleID, c.Agency, c.Key, c.Indicator, c.Subject, c.Note, c.Link, c.By, norm(c.At)); err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, c.By), Action: "rectification.claim", Object: fmt.Sprintf("cycle/%d/agency/%s/problem/%s", c.CycleID, c.Agency, c.Key),
			After: map[string]string{"note": c.Note, "link": c.Link, "indicator": c.Indicator, "subject": c.Subject}})
	})
	return c, err
}

// Claims are the claims of a cycle for an agency ("" for every agency),
// oldest first.
func (db *DB) Claims(ctx context.Context, cycleID int64, agency string) ([]Claim, error) {
	var out []Claim
	q, args := "SELECT id, cycle_id, agency, problem_key, indicator, subject, note, link, by_user, at FROM rectification_claims WHERE cycle_id = ?", []any{cycleID}
	if agency != "" {
		q, args = q+" AND agency = ?", append(args, agency)
	}
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(q+" ORDER BY id"), args...); err != nil {
		return nil, fmt.Errorf("claims of cycle %d: %w", cycleID, err)
	}
	for i := range out {
		out[i].At = out[i].At.UTC()
	}
	return out, nil
}

// Recheck is an assessor's re-check of one problem between cycles.
type Recheck struct {
	ID        int64          `json:"id" db:"id"`
	CycleID   int64          `json:"cycle_id" db:"cycle_id"`
	Agency    string         `json:"agency" db:"agency"`
	Key       string         `json:"problem_key" db:"problem_key"`
	Indicator string         `json:"indicator" db:"indicator"`
	Subject   string         `json:"subject" db:"subject"`
	State     zwgk.RectState `json:"state" db:"state"` // fixed or open
	Detail    string         `json:"detail" db:"detail"`
	Pages     int            `json:"pages" db:"pages"` // pages fetched for it
	By        string         `json:"by" db:"by_user"`
	At        time.Time      `json:"at" db:"at"`
}

// AddRechecks records re-check outcomes in one transaction, audited.
func (db *DB) AddRechecks(ctx context.Context, rs []Recheck) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, r := range rs {
			if r.State != zwgk.RectFixed && r.State != zwgk.RectOpen {
				return fmt.Errorf("recheck %s: state %q, want fixed or open", r.Key, r.State)
			}
			at := db.stamp()
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO rechecks (cycle_id, agency, problem_key, indicator, subject, state, detail, pages, by_user, at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), r.CycleID, r.Agency, r.Key, r.Indicator, bound(r.Subject, maxURL), string(r.State),
				bound(r.Detail, maxText), r.Pages, r.By, norm(at)); err != nil {
				return fmt.Errorf("recheck %s: %w", r.Key, err)
			}
			if err := db.audit(ctx, tx, AuditEntry{Who: actor(ctx, r.By), Action: "rectification.recheck",
				Object: fmt.Sprintf("cycle/%d/agency/%s/problem/%s", r.CycleID, r.Agency, r.Key),
				After:  map[string]string{"state": string(r.State), "detail": r.Detail}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Rechecks are a cycle's re-checks for an agency ("" for all), oldest first.
func (db *DB) Rechecks(ctx context.Context, cycleID int64, agency string) ([]Recheck, error) {
	var out []Recheck
	q, args := "SELECT id, cycle_id, agency, problem_key, indicator, subject, state, detail, pages, by_user, at FROM rechecks WHERE cycle_id = ?", []any{cycleID}
	if agency != "" {
		q, args = q+" AND agency = ?", append(args, agency)
	}
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(q+" ORDER BY id"), args...); err != nil {
		return nil, fmt.Errorf("rechecks of cycle %d: %w", cycleID, err)
	}
	for i := range out {
		out[i].At = out[i].At.UTC()
	}
	return out, nil
}

// prefixed qualifies each of a comma-separated column list with p ("c.").
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

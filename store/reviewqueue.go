package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// The review queue and the publication check: which findings still wait
// for an assessor (outcome pending: manual indicators, and automated ones
// without enough evidence to judge), and which appeals are open. Both are
// read per cycle, filtered and paged in SQL, since a national cycle has
// 14,000 agencies and over a million findings.

// QueueFilter narrows the pending findings of a cycle. Zero fields do not
// filter; Limit 0 means every row.
type QueueFilter struct {
	Indicator string
	Level     zwgk.Level
	// Region keeps agencies inside it (GB/T 2260 prefix: a province code
	// keeps its cities and counties).
	Region zwgk.Region
	Offset int
	Limit  int
}

// PendingFinding is one finding waiting for an assessor, with what the
// queue shows of its agency.
type PendingFinding struct {
	Agency    string      `db:"agency" json:"agency"`
	Name      string      `db:"name" json:"name"`
	Level     zwgk.Level  `db:"level" json:"level"`
	Region    zwgk.Region `db:"region" json:"region"`
	Indicator string      `db:"indicator" json:"indicator"`
	Measure   string      `db:"measure" json:"measure,omitempty"`
}

// regionPrefix is the code prefix a region's agencies share: 44 for
// 440000, 4403 for 440300, the whole code for a county.
func regionPrefix(r zwgk.Region) string {
	switch r.Depth() {
	case 1:
		return string(r)[:2]
	case 2:
		return string(r)[:4]
	}
	return string(r)
}

func (f QueueFilter) where(cycleID int64) (string, []any) {
	// A finding reviewed since the last scoring run is no longer waiting,
	// even before the cycle is re-scored: the latest review decides.
	q := " FROM findings f JOIN agencies a ON a.code = f.agency WHERE f.cycle_id = ? AND f.outcome = ?" +
		" AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.id = " + latestReview + " AND r.outcome <> ?)"
	args := []any{cycleID, string(zwgk.Pending), string(zwgk.Pending)}
	if f.Indicator != "" {
		q += " AND f.indicator = ?"
		args = append(args, f.Indicator)
	}
	if f.Level != "" {
		q += " AND a.level = ?"
		args = append(args, string(f.Level))
	}
	if f.Region != "" && f.Region.Valid() {
		q += " AND a.region LIKE ?"
		args = append(args, regionPrefix(f.Region)+"%")
	}
	return q, args
}

// PendingFindings lists the pending findings of a cycle that pass f, by
// agency code then indicator, with the number of all that pass f.
func (db *DB) PendingFindings(ctx context.Context, cycleID int64, f QueueFilter) ([]PendingFinding, int, error) {
	from, args := f.where(cycleID)
	var total int
	if err := db.rd.GetContext(ctx, &total, db.rd.Rebind("SELECT COUNT(*)"+from), args...); err != nil {
		return nil, 0, fmt.Errorf("pending findings of cycle %d: %w", cycleID, err)
	}
	q := "SELECT f.agency, a.name, a.level, a.region, f.indicator, f.measure" + from + " ORDER BY f.agency, f.indicator"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	var out []PendingFinding
	if err := db.rd.SelectContext(ctx, &out, db.rd.Rebind(q), args...); err != nil {
		return nil, 0, fmt.Errorf("pending findings of cycle %d: %w", cycleID, err)
	}
	return out, total, nil
}

// latestReview selects the id of the latest review of finding f.
const latestReview = "(SELECT MAX(r2.id) FROM reviews r2 WHERE r2.cycle_id = f.cycle_id AND r2.agency = f.agency AND r2.indicator = f.indicator)"

// PendingByIndicator counts a cycle's pending findings per indicator.
func (db *DB) PendingByIndicator(ctx context.Context, cycleID int64) (map[string]int, error) {
	var out map[string]int
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = pendingByIndicatorTx(ctx, tx, cycleID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pending findings of cycle %d: %w", cycleID, err)
	}
	return out, nil
}

func pendingByIndicatorTx(ctx context.Context, tx *sqlx.Tx, cycleID int64) (map[string]int, error) {
	from, args := QueueFilter{}.where(cycleID)
	var rows []struct {
		Indicator string `db:"indicator"`
		N         int    `db:"n"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind("SELECT f.indicator AS indicator, COUNT(*) AS n"+from+" GROUP BY f.indicator"), args...); err != nil {
		return nil, err
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Indicator] = r.N
	}
	return out, nil
}

// Unfinished is what still waits in a cycle before it can be published as
// final: pending findings and open appeals, counted, with the first few
// of each named.
type Unfinished struct {
	Pending            int              `json:"pending"`
	PendingByIndicator map[string]int   `json:"pending_by_indicator"`
	FirstPending       []PendingFinding `json:"first_pending"`
	OpenAppeals        int              `json:"open_appeals"`
	FirstAppeals       []zwgk.Appeal    `json:"first_appeals"`
	// Unscored counts reviews the stored findings do not reflect yet (the
	// cycle was not re-scored since): no publication, not even a
	// provisional one, may publish the marks from before them.
	Unscored int `json:"unscored"`
}

// Empty reports whether nothing waits.
func (u Unfinished) Empty() bool { return u.Pending == 0 && u.OpenAppeals == 0 && u.Unscored == 0 }

// unfinishedShown is how many of each kind Unfinished names.
const unfinishedShown = 5

// Summary says in one line what waits, in English for the command line
// and logs.
func (u Unfinished) Summary() string {
	var parts []string
	if u.Pending > 0 {
		ids := make([]string, 0, len(u.PendingByIndicator))
		for id := range u.PendingByIndicator {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		by := make([]string, len(ids))
		for i, id := range ids {
			by[i] = fmt.Sprintf("%s ×%d", id, u.PendingByIndicator[id])
		}
		first := make([]string, len(u.FirstPending))
		for i, p := range u.FirstPending {
			first[i] = p.Agency + "/" + p.Indicator
		}
		more := ""
		if u.Pending > len(first) {
			more = ", …"
		}
		parts = append(parts, fmt.Sprintf("%d findings pending an assessor (%s; first: %s%s)", u.Pending, strings.Join(by, ", "), strings.Join(first, ", "), more))
	}
	if u.OpenAppeals > 0 {
		first := make([]string, len(u.FirstAppeals))
		for i, a := range u.FirstAppeals {
			first[i] = fmt.Sprintf("#%d %s/%s", a.ID, a.Agency, a.Indicator)
		}
		more := ""
		if u.OpenAppeals > len(first) {
			more = ", …"
		}
		parts = append(parts, fmt.Sprintf("%d appeals open (%s%s)", u.OpenAppeals, strings.Join(first, ", "), more))
	}
	if u.Unscored > 0 {
		parts = append(parts, fmt.Sprintf("%d reviews not yet in the scores (run zwgk cycle score)", u.Unscored))
	}
	return strings.Join(parts, "; ")
}

// UnfinishedError refuses a publication while something waits.
type UnfinishedError struct {
	Cycle string
	Unfinished
}

func (e *UnfinishedError) Error() string {
	return fmt.Sprintf("cycle %s cannot be published as final: %s", e.Cycle, e.Summary())
}

// ErrNotInReview refuses a publication of a cycle that was not scored.
var ErrNotInReview = errors.New("cycle is not in review")

// Unfinished reads what waits in a cycle.
func (db *DB) Unfinished(ctx context.Context, cycleID int64) (Unfinished, error) {
	var u Unfinished
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		u, err = db.unfinishedTx(ctx, tx, cycleID)
		return err
	})
	return u, err
}

func (db *DB) unfinishedTx(ctx context.Context, tx *sqlx.Tx, cycleID int64) (Unfinished, error) {
	u := Unfinished{}
	var err error
	if u.PendingByIndicator, err = pendingByIndicatorTx(ctx, tx, cycleID); err != nil {
		return u, err
	}
	for _, n := range u.PendingByIndicator {
		u.Pending += n
	}
	// Reviews the stored findings do not reflect yet (added after the
	// last scoring run): publishing now would publish the old marks.
	if err := tx.GetContext(ctx, &u.Unscored, tx.Rebind(`SELECT COUNT(*) FROM reviews r JOIN findings f
		ON f.cycle_id = r.cycle_id AND f.agency = r.agency AND f.indicator = r.indicator
		WHERE r.cycle_id = ? AND r.id = `+latestReview+` AND (f.outcome <> r.outcome OR f.fraction <> r.fraction)`), cycleID); err != nil {
		return u, err
	}
	if u.Pending > 0 {
		from, args := QueueFilter{}.where(cycleID)
		if err := tx.SelectContext(ctx, &u.FirstPending, tx.Rebind("SELECT f.agency, a.name, a.level, a.region, f.indicator, f.measure"+from+
			fmt.Sprintf(" ORDER BY f.agency, f.indicator LIMIT %d", unfinishedShown)), args...); err != nil {
			return u, err
		}
	}
	if err := tx.GetContext(ctx, &u.OpenAppeals, tx.Rebind("SELECT COUNT(*) FROM appeals WHERE cycle_id = ? AND state = ?"), cycleID, string(zwgk.AppealOpen)); err != nil {
		return u, err
	}
	if u.OpenAppeals > 0 {
		if err := tx.SelectContext(ctx, &u.FirstAppeals, tx.Rebind("SELECT "+appealCols+" FROM appeals WHERE cycle_id = ? AND state = ? ORDER BY id"+
			fmt.Sprintf(" LIMIT %d", unfinishedShown)), cycleID, string(zwgk.AppealOpen)); err != nil {
			return u, err
		}
		for i := range u.FirstAppeals {
			fixAppealTimes(&u.FirstAppeals[i])
		}
	}
	return u, nil
}

// PublishCycle publishes a cycle in review, in one transaction with the
// check of what waits: it refuses with an *UnfinishedError while findings
// are pending or appeals open, unless provisional. A cycle published with
// something waiting is marked provisional; one with nothing waiting is
// final even when provisional was asked. The returned Unfinished is what
// waited. The publication is audited under the context's actor.
//
// The cycle row is locked for update first, so an appeal or review being
// written at the same moment (they hold a share lock on it) either lands
// before the check or is refused as published.
func (db *DB) PublishCycle(ctx context.Context, cycleID int64, provisional bool) (Unfinished, error) {
	var u Unfinished
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var r cycleRow
		if err := tx.GetContext(ctx, &r, tx.Rebind("SELECT "+cycleCols+" FROM cycles WHERE id = ?"+db.lockUpdate()), cycleID); err != nil {
			return notFound(err, fmt.Sprintf("cycle %d", cycleID))
		}
		cur := zwgk.CycleState(r.State)
		if cur == zwgk.CyclePublished {
			return fmt.Errorf("cycle %s: %w", r.Name, zwgk.ErrPublished)
		}
		if cur != zwgk.CycleReview {
			return fmt.Errorf("cycle %s is %s: %w", r.Name, cur, ErrNotInReview)
		}
		var err error
		if u, err = db.unfinishedTx(ctx, tx, cycleID); err != nil {
			return fmt.Errorf("cycle %s: %w", r.Name, err)
		}
		if u.Unscored > 0 || !u.Empty() && !provisional {
			return &UnfinishedError{Cycle: r.Name, Unfinished: u}
		}
		prov := !u.Empty()
		now := db.stamp()
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE cycles SET state = ?, published_at = ?, provisional = ?, version = version + 1 WHERE id = ?"),
			string(zwgk.CyclePublished), now, b2i(prov), cycleID); err != nil {
			return fmt.Errorf("cycle %s: %w", r.Name, err)
		}
		after := map[string]any{"state": string(zwgk.CyclePublished), "provisional": prov}
		if prov {
			after["pending"], after["open_appeals"] = u.Pending, u.OpenAppeals
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: "cycle.state", Object: cycleObject(r.Name),
			Before: map[string]string{"state": string(cur)}, After: after})
	})
	return u, err
}

// FindingAgencies lists, by code, the agencies of a cycle with a finding
// on f.Indicator (required) that pass f's level and region: the targets of
// a bulk review such as "B3 not applicable to every ministry".
func (db *DB) FindingAgencies(ctx context.Context, cycleID int64, f QueueFilter) ([]string, error) {
	if f.Indicator == "" {
		return nil, errors.New("finding agencies: an indicator is required")
	}
	q := "SELECT f.agency FROM findings f JOIN agencies a ON a.code = f.agency WHERE f.cycle_id = ? AND f.indicator = ?"
	args := []any{cycleID, f.Indicator}
	if f.Level != "" {
		q += " AND a.level = ?"
		args = append(args, string(f.Level))
	}
	if f.Region != "" && f.Region.Valid() {
		q += " AND a.region LIKE ?"
		args = append(args, regionPrefix(f.Region)+"%")
	}
	var out []string
	if err := db.rd.SelectContext(ctx, &out, db.rd.Rebind(q+" ORDER BY f.agency"), args...); err != nil {
		return nil, fmt.Errorf("agencies with a finding on %s in cycle %d: %w", f.Indicator, cycleID, err)
	}
	return out, nil
}

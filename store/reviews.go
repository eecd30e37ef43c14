package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

func findingObject(cycleID int64, agency, indicator string) string {
	return fmt.Sprintf("cycle/%d/agency/%s/indicator/%s", cycleID, agency, indicator)
}

// AddReview stores an assessor's override of a finding and audits it (the
// finding as it stood before, the review after).
func (db *DB) AddReview(ctx context.Context, r zwgk.Review) (int64, error) {
	if err := checkReview(&r, db); err != nil {
		return 0, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error { return db.addReviewTx(ctx, tx, &r) })
	if err != nil {
		return 0, fmt.Errorf("add review: %w", err)
	}
	return r.ID, nil
}

func checkReview(r *zwgk.Review, db *DB) error {
	switch {
	case !r.Outcome.Valid():
		return fmt.Errorf("review: outcome %q", r.Outcome)
	// Written so that NaN fails too (every comparison with NaN is false):
	// a NaN would reach the scorecards and PostgreSQL's audit JSON.
	case !(r.Fraction >= 0 && r.Fraction <= 1):
		return fmt.Errorf("review: fraction %v outside 0..1", r.Fraction)
	case r.Count < 0 || r.Count > maxReviewCount:
		return fmt.Errorf("review: count %d outside 0..%d", r.Count, maxReviewCount)
	case len(r.Evidence) > maxURL:
		return fmt.Errorf("review: evidence link longer than %d bytes", maxURL)
	case strings.TrimSpace(r.Reason) == "":
		return errors.New("review: a reason is required")
	case r.By == "" || r.Agency == "" || r.Indicator == "":
		return errors.New("review: by, agency and indicator are required")
	}
	if r.At.IsZero() {
		r.At = db.now()
	}
	r.At = norm(r.At)
	return nil
}

func (db *DB) addReviewTx(ctx context.Context, tx *sqlx.Tx, r *zwgk.Review) error {
	if _, err := db.bump(ctx, tx, r.CycleID); err != nil {
		return err
	}
	before, err := db.findingTx(ctx, tx, r.CycleID, r.Agency, r.Indicator)
	if err != nil {
		return err
	}
	if before == nil {
		// A review of nothing would be stored and silently never applied.
		return fmt.Errorf("no finding of agency %s on indicator %s in cycle %d (score the cycle first): %w", r.Agency, r.Indicator, r.CycleID, ErrNotFound)
	}
	if err := tx.GetContext(ctx, &r.ID, tx.Rebind(`INSERT INTO reviews (cycle_id, agency, indicator, outcome, fraction, count, reason, by_user, at, appeal_id, evidence)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		r.CycleID, r.Agency, r.Indicator, r.Outcome, r.Fraction, r.Count, bound(r.Reason, maxText), r.By, r.At, r.Appeal, r.Evidence); err != nil {
		return err
	}
	return db.audit(ctx, tx, AuditEntry{Who: r.By, Action: "review.add", Object: findingObject(r.CycleID, r.Agency, r.Indicator), Before: before, After: r})
}

// findingTx is the stored finding, or nil.
func (db *DB) findingTx(ctx context.Context, tx *sqlx.Tx, cycleID int64, agency, indicator string) (any, error) {
	var rows []struct {
		Outcome  string  `db:"outcome" json:"outcome"`
		Fraction float64 `db:"fraction" json:"fraction"`
		Count    int     `db:"count" json:"count"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind("SELECT outcome, fraction, count FROM findings WHERE cycle_id = ? AND agency = ? AND indicator = ?"), cycleID, agency, indicator); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0], nil
}

// maxReviewCount bounds a deduct indicator's reviewed occurrences.
const maxReviewCount = 10000

const reviewCols = "id, cycle_id, agency, indicator, outcome, fraction, count, reason, by_user, at, appeal_id, evidence"

// Reviews lists a cycle's reviews in the order they were made.
func (db *DB) Reviews(ctx context.Context, cycleID int64) ([]zwgk.Review, error) {
	return db.AgencyReviews(ctx, cycleID, "")
}

// AgencyReviews lists the reviews of one agency in a cycle (every agency
// when agency is ""), oldest first: a finding's history, where the last
// review is the one in force.
func (db *DB) AgencyReviews(ctx context.Context, cycleID int64, agency string) ([]zwgk.Review, error) {
	q, args := "SELECT "+reviewCols+" FROM reviews WHERE cycle_id = ?", []any{cycleID}
	if agency != "" {
		q += " AND agency = ?"
		args = append(args, agency)
	}
	var out []zwgk.Review
	if err := db.rd.SelectContext(ctx, &out, db.rd.Rebind(q+" ORDER BY id"), args...); err != nil {
		return nil, fmt.Errorf("reviews of cycle %d: %w", cycleID, err)
	}
	for i := range out {
		out[i].At = out[i].At.UTC()
	}
	return out, nil
}

// AddReviews stores many reviews in one transaction, all or none, each
// audited as AddReview does, and one audit entry for the batch saying who
// and how many (a bulk decision such as "B3 not applicable to every
// ministry" is one act of one assessor). what names the batch in the audit
// (e.g. the file it came from).
func (db *DB) AddReviews(ctx context.Context, rs []zwgk.Review, what string) ([]int64, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	for i := range rs {
		if err := checkReview(&rs[i], db); err != nil {
			return nil, fmt.Errorf("review %d (%s/%s): %w", i+1, rs[i].Agency, rs[i].Indicator, err)
		}
	}
	ids := make([]int64, len(rs))
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for i := range rs {
			if err := db.addReviewTx(ctx, tx, &rs[i]); err != nil {
				return fmt.Errorf("review %d (%s/%s): %w", i+1, rs[i].Agency, rs[i].Indicator, err)
			}
			ids[i] = rs[i].ID
		}
		return db.audit(ctx, tx, AuditEntry{Who: rs[0].By, Action: "review.bulk", Object: fmt.Sprintf("cycle/%d", rs[0].CycleID),
			After: map[string]any{"reviews": len(rs), "source": bound(what, 200), "first": ids[0], "last": ids[len(ids)-1]}})
	})
	if err != nil {
		return nil, fmt.Errorf("add reviews: %w", err)
	}
	return ids, nil
}

// FileAppeal stores an agency's appeal, open, and audits it.
func (db *DB) FileAppeal(ctx context.Context, a zwgk.Appeal) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		id, err = db.fileAppealTx(ctx, tx, &a)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("file appeal: %w", err)
	}
	return id, nil
}

func (db *DB) fileAppealTx(ctx context.Context, tx *sqlx.Tx, a *zwgk.Appeal) (int64, error) {
	switch {
	case strings.TrimSpace(a.Reason) == "":
		return 0, errors.New("appeal: a reason is required")
	case a.Agency == "" || a.Indicator == "" || a.FiledBy == "":
		return 0, errors.New("appeal: agency, indicator and filed_by are required")
	}
	if a.FiledAt.IsZero() {
		a.FiledAt = db.now()
	}
	a.FiledAt, a.State = norm(a.FiledAt), zwgk.AppealOpen
	a.DecidedAt, a.DecidedBy, a.Decision = nil, nil, nil
	if _, err := db.bump(ctx, tx, a.CycleID); err != nil {
		return 0, err
	}
	var enrolled int
	if err := tx.GetContext(ctx, &enrolled, tx.Rebind("SELECT COUNT(*) FROM enrolments WHERE cycle_id = ? AND agency = ?"), a.CycleID, a.Agency); err != nil {
		return 0, err
	}
	if enrolled == 0 {
		return 0, fmt.Errorf("agency %s is not enrolled in cycle %d: %w", a.Agency, a.CycleID, ErrNotFound)
	}
	if err := tx.GetContext(ctx, &a.ID, tx.Rebind(`INSERT INTO appeals (cycle_id, agency, indicator, reason, evidence_url, state, filed_by, filed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		a.CycleID, a.Agency, a.Indicator, bound(a.Reason, maxText), bound(a.EvidenceURL, maxURL), a.State, a.FiledBy, a.FiledAt); err != nil {
		return 0, err
	}
	return a.ID, db.audit(ctx, tx, AuditEntry{Who: a.FiledBy, Action: "appeal.file", Object: fmt.Sprintf("appeal/%d", a.ID), After: a})
}

const appealCols = "id, cycle_id, agency, indicator, reason, evidence_url, state, filed_by, filed_at, decided_by, decided_at, decision"

// Appeal returns one appeal.
func (db *DB) Appeal(ctx context.Context, id int64) (zwgk.Appeal, error) {
	var a zwgk.Appeal
	if err := db.rd.GetContext(ctx, &a, db.rd.Rebind("SELECT "+appealCols+" FROM appeals WHERE id = ?"), id); err != nil {
		return a, notFound(err, fmt.Sprintf("appeal %d", id))
	}
	fixAppealTimes(&a)
	return a, nil
}

// DecideAppeal accepts or rejects an open appeal and audits the decision;
// deciding an appeal that is not open fails. Accepting an appeal that
// should change the finding is AcceptAppeal.
func (db *DB) DecideAppeal(ctx context.Context, id int64, accepted bool, by, decision string) error {
	if by == "" || strings.TrimSpace(decision) == "" {
		return fmt.Errorf("decide appeal %d: who decides and why are required", id)
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := db.decideAppealTx(ctx, tx, id, accepted, by, decision)
		return err
	})
	if err != nil {
		return fmt.Errorf("decide appeal %d: %w", id, err)
	}
	return nil
}

// AcceptAppeal accepts an open appeal and adds the review that overrides
// its finding, in one transaction: of two assessors accepting the same
// appeal at once, one succeeds and the other changes nothing. The review's
// cycle, agency, indicator and appeal come from the appeal.
func (db *DB) AcceptAppeal(ctx context.Context, id int64, r zwgk.Review, decision string) (int64, error) {
	if r.By == "" || strings.TrimSpace(decision) == "" {
		return 0, fmt.Errorf("accept appeal %d: who decides and why are required", id)
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		a, err := db.decideAppealTx(ctx, tx, id, true, r.By, decision)
		if err != nil {
			return err
		}
		r.CycleID, r.Agency, r.Indicator, r.Appeal = a.CycleID, a.Agency, a.Indicator, &a.ID
		if err := checkReview(&r, db); err != nil {
			return err
		}
		return db.addReviewTx(ctx, tx, &r)
	})
	if err != nil {
		return 0, fmt.Errorf("accept appeal %d: %w", id, err)
	}
	return r.ID, nil
}

func (db *DB) decideAppealTx(ctx context.Context, tx *sqlx.Tx, id int64, accepted bool, by, decision string) (zwgk.Appeal, error) {
	var a zwgk.Appeal
	if err := tx.GetContext(ctx, &a, tx.Rebind("SELECT "+appealCols+" FROM appeals WHERE id = ?"+db.lockUpdate()), id); err != nil {
		return a, notFound(err, "appeal")
	}
	fixAppealTimes(&a)
	if _, err := db.bump(ctx, tx, a.CycleID); err != nil {
		return a, err
	}
	if a.State != zwgk.AppealOpen {
		return a, fmt.Errorf("appeal is %s already", a.State)
	}
	before := a
	a.State = zwgk.AppealRejected
	if accepted {
		a.State = zwgk.AppealAccepted
	}
	now, d := db.stamp(), bound(decision, maxText)
	a.DecidedBy, a.DecidedAt, a.Decision = &by, &now, &d
	if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE appeals SET state = ?, decided_by = ?, decided_at = ?, decision = ? WHERE id = ?"),
		a.State, by, now, d, id); err != nil {
		return a, err
	}
	return a, db.audit(ctx, tx, AuditEntry{Who: by, Action: "appeal.decide", Object: fmt.Sprintf("appeal/%d", id), Before: before, After: a})
}

// Appeals lists a cycle's appeals, of one agency or of all when agency is
// "", in the order they were filed.
func (db *DB) Appeals(ctx context.Context, cycleID int64, agency string) ([]zwgk.Appeal, error) {
	q, args := "SELECT "+appealCols+" FROM appeals WHERE cycle_id = ?", []any{cycleID}
	if agency != "" {
		q += " AND agency = ?"
		args = append(args, agency)
	}
	var out []zwgk.Appeal
	if err := db.rd.SelectContext(ctx, &out, db.rd.Rebind(q+" ORDER BY id"), args...); err != nil {
		return nil, fmt.Errorf("appeals of cycle %d: %w", cycleID, err)
	}
	for i := range out {
		fixAppealTimes(&out[i])
	}
	return out, nil
}

func fixAppealTimes(a *zwgk.Appeal) {
	a.FiledAt = a.FiledAt.UTC()
	if a.DecidedAt != nil {
		t := a.DecidedAt.UTC()
		a.DecidedAt = &t
	}
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
)

// ReportSettings are what a cycle's reports print that its data does not
// hold, kept so that every writer of a report (zwgk report, the portal's
// downloads) prints the same.
type ReportSettings struct {
	Assessor string // the assessing organisation (评估机构); "" when not set
}

// maxAssessor bounds the assessor's name (characters).
const maxAssessor = 200

// ReportSettings returns a cycle's report settings; zero when none were
// stored.
func (db *DB) ReportSettings(ctx context.Context, cycleID int64) (ReportSettings, error) {
	var s ReportSettings
	err := db.X.GetContext(ctx, &s.Assessor, db.X.Rebind("SELECT assessor FROM report_settings WHERE cycle_id = ?"), cycleID)
	if errors.Is(err, sql.ErrNoRows) {
		return ReportSettings{}, nil
	}
	if err != nil {
		return ReportSettings{}, fmt.Errorf("report settings of cycle %d: %w", cycleID, err)
	}
	return s, nil
}

// SetReportSettings stores a cycle's report settings (audited). A
// published cycle's may still be set: they are how its reports are
// signed, not its results.
func (db *DB) SetReportSettings(ctx context.Context, cycleID int64, s ReportSettings) error {
	s.Assessor = strings.TrimSpace(s.Assessor)
	if !utf8.ValidString(s.Assessor) || utf8.RuneCountInString(s.Assessor) > maxAssessor ||
		strings.ContainsFunc(s.Assessor, func(r rune) bool { return unicode.IsControl(r) }) {
		return fmt.Errorf("report settings of cycle %d: assessor must be text of at most %d characters without control characters", cycleID, maxAssessor)
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		var name string
		if err := tx.GetContext(ctx, &name, tx.Rebind("SELECT name FROM cycles WHERE id = ?"), cycleID); err != nil {
			return notFound(err, fmt.Sprintf("cycle %d", cycleID))
		}
		var before string
		err := tx.GetContext(ctx, &before, tx.Rebind("SELECT assessor FROM report_settings WHERE cycle_id = ?"), cycleID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, tx.Rebind("INSERT INTO report_settings (cycle_id, assessor, updated_at) VALUES (?, ?, ?)"),
				cycleID, s.Assessor, db.stamp())
		case err == nil:
			if before == s.Assessor {
				return nil
			}
			_, err = tx.ExecContext(ctx, tx.Rebind("UPDATE report_settings SET assessor = ?, updated_at = ? WHERE cycle_id = ?"),
				s.Assessor, db.stamp(), cycleID)
		}
		if err != nil {
			return fmt.Errorf("report settings of cycle %s: %w", name, err)
		}
		// What the cycle's reports print changed: whoever keeps them
		// (the portal's PDFs) keys them on the version. Published cycles
		// too, whose results stay as they are (bump refuses those).
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE cycles SET version = version + 1 WHERE id = ?"), cycleID); err != nil {
			return fmt.Errorf("report settings of cycle %s: version: %w", name, err)
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: "cycle.report_settings", Object: cycleObject(name),
			Before: map[string]any{"assessor": before}, After: map[string]any{"assessor": s.Assessor}})
	})
}

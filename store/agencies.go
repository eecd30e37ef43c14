package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zwgk"
)

// ImportSummary counts what an import did.
type ImportSummary struct {
	Added, Updated, Unchanged int
}

// importHook, when set (tests), is called after each agency an import
// writes, inside its transaction.
var importHook func(n int)

// ImportAgencies writes the agencies in one transaction: new codes are
// added, known codes updated where anything differs, and every change is
// recorded in agency_history with the source file. Either all rows are
// written or none. The caller validates the rows (package agencies).
func (db *DB) ImportAgencies(ctx context.Context, as []zwgk.Agency, source string) (ImportSummary, error) {
	var sum ImportSummary
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var existing []zwgk.Agency
		if err := tx.SelectContext(ctx, &existing, "SELECT code, name, level, region, site, parent, roots FROM agencies"); err != nil {
			return err
		}
		known := make(map[string]zwgk.Agency, len(existing))
		for _, a := range existing {
			known[a.Code] = a
		}
		now := db.stamp()
		ins, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO agencies (code, name, level, region, site, parent, roots, source, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer ins.Close()
		upd, err := tx.PreparexContext(ctx, tx.Rebind(`UPDATE agencies SET name = ?, level = ?, region = ?, site = ?, parent = ?, roots = ?, source = ?, updated_at = ? WHERE code = ?`))
		if err != nil {
			return err
		}
		defer upd.Close()
		hist, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO agency_history (code, at, source, change, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer hist.Close()
		seen := map[string]bool{}
		for i, a := range as {
			// The caller validated every row (package agencies); a code
			// names files and URLs, so check its alphabet here too.
			if err := zwgk.ValidCode(a.Code); err != nil {
				return fmt.Errorf("agency code %q: %w", a.Code, err)
			}
			if seen[a.Code] {
				return fmt.Errorf("agency %s: listed twice", a.Code)
			}
			seen[a.Code] = true
			after, _ := json.Marshal(a)
			old, ok := known[a.Code]
			switch {
			case !ok:
				if _, err := ins.ExecContext(ctx, a.Code, a.Name, a.Level, a.Region, a.Site, a.Parent, a.Roots, source, now, now); err != nil {
					return fmt.Errorf("agency %s: %w", a.Code, err)
				}
				if _, err := hist.ExecContext(ctx, a.Code, now, source, "added", nil, string(after)); err != nil {
					return err
				}
				sum.Added++
			case old != a:
				if _, err := upd.ExecContext(ctx, a.Name, a.Level, a.Region, a.Site, a.Parent, a.Roots, source, now, a.Code); err != nil {
					return fmt.Errorf("agency %s: %w", a.Code, err)
				}
				before, _ := json.Marshal(old)
				if _, err := hist.ExecContext(ctx, a.Code, now, source, "updated", string(before), string(after)); err != nil {
					return err
				}
				sum.Updated++
			default:
				sum.Unchanged++
			}
			if importHook != nil {
				importHook(i + 1)
			}
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "import"), Action: "agencies.import", Object: source, After: sum})
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("import agencies from %s: %w", source, err)
	}
	return sum, nil
}

// AgencyFilter selects agencies; zero fields select everything.
type AgencyFilter struct {
	Level zwgk.Level
	// Region is a GB/T 2260 code or prefix: "44" or "440000" is
	// Guangdong and everything in it, "4403" or "440300" Shenzhen.
	Region string
	Codes  []string
}

// RegionPrefix is the digits a region filter matches on: trailing "00"
// pairs of a full code are dropped (440300 → 4403).
func RegionPrefix(r string) string {
	r = strings.TrimSpace(r)
	for len(r) > 2 && len(r)%2 == 0 && strings.HasSuffix(r, "00") {
		r = r[:len(r)-2]
	}
	return r
}

// Agencies lists agencies matching f, ordered by region then code.
func (db *DB) Agencies(ctx context.Context, f AgencyFilter) ([]zwgk.Agency, error) {
	q := "SELECT code, name, level, region, site, parent, roots FROM agencies WHERE 1=1"
	var args []any
	if f.Level != "" {
		q += " AND level = ?"
		args = append(args, f.Level)
	}
	if p := RegionPrefix(f.Region); p != "" {
		for _, c := range p {
			if c < '0' || c > '9' {
				return nil, fmt.Errorf("region filter %q: want digits", f.Region)
			}
		}
		q += " AND region LIKE ?"
		args = append(args, p+"%")
	}
	q += " ORDER BY region, code"
	var out []zwgk.Agency
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("agencies: %w", err)
	}
	if f.Codes != nil {
		// Filtered here: a list of thousands of codes would pass the
		// bind-parameter limits of both databases.
		want := map[string]bool{}
		for _, c := range f.Codes {
			want[c] = true
		}
		kept := out[:0]
		for _, a := range out {
			if want[a.Code] {
				kept = append(kept, a)
			}
		}
		out = kept
	}
	return out, nil
}

// Agency returns one agency by code.
func (db *DB) Agency(ctx context.Context, code string) (zwgk.Agency, error) {
	var a zwgk.Agency
	err := db.rd.GetContext(ctx, &a, db.rd.Rebind("SELECT code, name, level, region, site, parent, roots FROM agencies WHERE code = ?"), code)
	if err != nil {
		return a, notFound(err, "agency "+code)
	}
	return a, nil
}

// AgencyChange is one row of an agency's history.
type AgencyChange struct {
	Code   string       `json:"code"`
	At     time.Time    `json:"at"`
	Source string       `json:"source"`
	Change string       `json:"change"` // added or updated
	Before *zwgk.Agency `json:"before,omitempty"`
	After  zwgk.Agency  `json:"after"`
}

// AgencyHistory lists what imports changed for an agency, oldest first.
func (db *DB) AgencyHistory(ctx context.Context, code string) ([]AgencyChange, error) {
	var rows []struct {
		Code   string         `db:"code"`
		At     time.Time      `db:"at"`
		Source string         `db:"source"`
		Change string         `db:"change"`
		Before sql.NullString `db:"before_json"`
		After  string         `db:"after_json"`
	}
	if err := db.X.SelectContext(ctx, &rows, db.X.Rebind("SELECT code, at, source, change, before_json, after_json FROM agency_history WHERE code = ? ORDER BY id"), code); err != nil {
		return nil, fmt.Errorf("agency %s history: %w", code, err)
	}
	out := make([]AgencyChange, len(rows))
	for i, r := range rows {
		out[i] = AgencyChange{Code: r.Code, At: r.At.UTC(), Source: r.Source, Change: r.Change}
		if r.Before.Valid {
			out[i].Before = new(zwgk.Agency)
			if err := json.Unmarshal([]byte(r.Before.String), out[i].Before); err != nil {
				return nil, err
			}
		}
		if err := json.Unmarshal([]byte(r.After), &out[i].After); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sortedCodes is a helper for deterministic messages.
func sortedCodes(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditEntry is one line of the append-only audit log: who did what to
// which object, with the state before and after (any JSON-encodable value;
// read back as json.RawMessage, nil when there was none).
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	Action string    `json:"action"`
	Object string    `json:"object"`
	Before any       `json:"before,omitempty"`
	After  any       `json:"after,omitempty"`
}

type actorKey struct{}

// WithActor names who acts in ctx (a portal user, a command-line
// operator); audit entries of methods that take no user argument (cycle
// states, imports, user creation) record it instead of "system".
func WithActor(ctx context.Context, who string) context.Context {
	return context.WithValue(ctx, actorKey{}, who)
}

// actor is the actor of ctx, or def.
func actor(ctx context.Context, def string) string {
	if who, ok := ctx.Value(actorKey{}).(string); ok && who != "" {
		return who
	}
	return def
}

// Audit appends an entry. There is deliberately no method to change or
// delete entries, and triggers refuse it at the database too.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.audit(ctx, tx, e) })
}

func (db *DB) audit(ctx context.Context, tx *sqlx.Tx, e AuditEntry) error {
	if e.Who == "" || e.Action == "" {
		return errors.New("audit: who and action are required")
	}
	before, err := auditJSON(e.Before)
	if err != nil {
		return err
	}
	after, err := auditJSON(e.After)
	if err != nil {
		return err
	}
	at := norm(e.At)
	if at.IsZero() {
		at = db.stamp()
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO audit_log (at, who, action, object, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)"),
		at, bound(e.Who, 200), bound(e.Action, 200), bound(e.Object, maxURL), before, after); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

func auditJSON(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	s := string(b)
	return &s, nil
}

// AuditLog returns the newest entries first, at most limit (all when
// limit ≤ 0).
func (db *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	q := "SELECT id, at, who, action, object, before_json, after_json FROM audit_log ORDER BY id DESC"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var rows []struct {
		ID     int64          `db:"id"`
		At     time.Time      `db:"at"`
		Who    string         `db:"who"`
		Action string         `db:"action"`
		Object string         `db:"object"`
		Before sql.NullString `db:"before_json"`
		After  sql.NullString `db:"after_json"`
	}
	if err := db.X.SelectContext(ctx, &rows, q); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		e := AuditEntry{ID: r.ID, At: r.At.UTC(), Who: r.Who, Action: r.Action, Object: r.Object}
		if r.Before.Valid {
			e.Before = json.RawMessage(r.Before.String)
		}
		if r.After.Valid {
			e.After = json.RawMessage(r.After.String)
		}
		out[i] = e
	}
	return out, nil
}

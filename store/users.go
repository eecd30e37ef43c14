package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// User is a portal account. Role is the portal's (admin, assessor, agency,
// leader); the store does not interpret it.
type User struct {
	ID           int64    `db:"id" json:"id"`
	Name         string   `db:"name" json:"name"`
	Role         string   `db:"role" json:"role"`
	PasswordHash string   `db:"password_hash" json:"-"`
	Agencies     []string `db:"-" json:"agencies,omitempty"` // codes an agency user speaks for
}

// CreateUser stores a user with the agencies it is bound to, and audits
// it (without the password hash).
func (db *DB) CreateUser(ctx context.Context, u User) (int64, error) {
	if strings.TrimSpace(u.Name) == "" || u.Role == "" || u.PasswordHash == "" {
		return 0, errors.New("create user: name, role and password hash are required")
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &u.ID, tx.Rebind("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id"),
			u.Name, u.Role, u.PasswordHash, db.stamp()); err != nil {
			return err
		}
		for _, a := range u.Agencies {
			if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO user_agencies (user_id, agency) VALUES (?, ?)"), u.ID, a); err != nil {
				return fmt.Errorf("agency %s: %w", a, err)
			}
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: "user.create", Object: "user/" + u.Name,
			After: map[string]any{"name": u.Name, "role": u.Role, "agencies": u.Agencies}})
	})
	if err != nil {
		return 0, fmt.Errorf("create user %s: %w", u.Name, err)
	}
	return u.ID, nil
}

// UserByName returns a user with its agencies.
func (db *DB) UserByName(ctx context.Context, name string) (User, error) {
	var u User
	if err := db.X.GetContext(ctx, &u, db.X.Rebind("SELECT id, name, role, password_hash FROM users WHERE name = ?"), name); err != nil {
		return u, notFound(err, "user "+name)
	}
	return u, db.userAgencies(ctx, &u)
}

func (db *DB) userAgencies(ctx context.Context, u *User) error {
	u.Agencies = nil
	if err := db.X.SelectContext(ctx, &u.Agencies, db.X.Rebind("SELECT agency FROM user_agencies WHERE user_id = ? ORDER BY agency"), u.ID); err != nil {
		return fmt.Errorf("user %s: %w", u.Name, err)
	}
	return nil
}

// Users lists every user by name.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	var out []User
	if err := db.X.SelectContext(ctx, &out, "SELECT id, name, role, password_hash FROM users ORDER BY name"); err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	for i := range out {
		if err := db.userAgencies(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession stores a session of the named user until expires. Only the
// token's sha256 is kept.
func (db *DB) CreateSession(ctx context.Context, user, token string, expires time.Time) error {
	if len(token) < 16 {
		return errors.New("create session: token too short")
	}
	u, err := db.UserByName(ctx, user)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	_, err = db.X.ExecContext(ctx, db.X.Rebind("INSERT INTO sessions (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)"),
		tokenHash(token), u.ID, norm(expires), db.stamp())
	if err != nil {
		return fmt.Errorf("create session for %s: %w", user, err)
	}
	return nil
}

// SessionUser returns the user of a live session and when it expires; an
// unknown or expired session is ErrNotFound.
func (db *DB) SessionUser(ctx context.Context, token string) (User, time.Time, error) {
	var row struct {
		UserID  int64     `db:"user_id"`
		Expires time.Time `db:"expires_at"`
	}
	if err := db.X.GetContext(ctx, &row, db.X.Rebind("SELECT user_id, expires_at FROM sessions WHERE token_hash = ?"), tokenHash(token)); err != nil {
		return User{}, time.Time{}, notFound(err, "session")
	}
	// Compared here, not in SQL: SQLite would compare the times as text.
	if !db.now().Before(row.Expires) {
		_ = db.DeleteSession(ctx, token)
		return User{}, time.Time{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	var u User
	if err := db.X.GetContext(ctx, &u, db.X.Rebind("SELECT id, name, role, password_hash FROM users WHERE id = ?"), row.UserID); err != nil {
		return User{}, time.Time{}, notFound(err, "session user")
	}
	if err := db.userAgencies(ctx, &u); err != nil {
		return User{}, time.Time{}, err
	}
	return u, row.Expires.UTC(), nil
}

// DeleteSession ends a session; ending an unknown one is not an error.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	if _, err := db.X.ExecContext(ctx, db.X.Rebind("DELETE FROM sessions WHERE token_hash = ?"), tokenHash(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

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
	// Disabled accounts cannot log in (UserByName and SessionUser do not
	// find them) but stay listed and audited.
	Disabled bool `db:"disabled" json:"disabled,omitempty"`
}

// ErrExists is wrapped when something to be created is there already.
var ErrExists = errors.New("exists already")

// userCols selects a User; disabled is 0/1 on both dialects.
const userCols = "id, name, role, password_hash, CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END AS disabled"

// CreateUser stores a user with the agencies it is bound to, and audits
// it (without the password hash).
func (db *DB) CreateUser(ctx context.Context, u User) (int64, error) {
	if strings.TrimSpace(u.Name) == "" || u.Role == "" || u.PasswordHash == "" {
		return 0, errors.New("create user: name, role and password hash are required")
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind("SELECT COUNT(*) FROM users WHERE name = ?"), u.Name); err != nil {
			return err
		}
		if n > 0 {
			return ErrExists
		}
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

// UserByName returns an enabled user with its agencies: what a login
// may use. A disabled user is ErrNotFound here (see User for all).
func (db *DB) UserByName(ctx context.Context, name string) (User, error) {
	u, err := db.User(ctx, name)
	if err == nil && u.Disabled {
		return User{}, fmt.Errorf("user %s is disabled: %w", name, ErrNotFound)
	}
	return u, err
}

// User returns a user by name, enabled or not, with its agencies.
func (db *DB) User(ctx context.Context, name string) (User, error) {
	var u User
	if err := db.rd.GetContext(ctx, &u, db.rd.Rebind("SELECT "+userCols+" FROM users WHERE name = ?"), name); err != nil {
		return u, notFound(err, "user "+name)
	}
	return u, db.userAgencies(ctx, &u)
}

// SetPassword replaces a user's password hash and ends its sessions (a
// reset password must lock out whoever knew the old one). Audited without
// the hash.
func (db *DB) SetPassword(ctx context.Context, name, hash string) error {
	if hash == "" {
		return errors.New("set password: empty hash")
	}
	return db.changeUser(ctx, name, "user.passwd", "password_hash = ?", hash)
}

// SetUserDisabled disables a user (no login, sessions ended) or enables it
// again. Audited.
func (db *DB) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	if disabled {
		return db.changeUser(ctx, name, "user.disable", "disabled_at = ?", db.stamp())
	}
	return db.changeUser(ctx, name, "user.enable", "disabled_at = NULL")
}

// changeUser updates one user, ends its sessions and audits the action.
func (db *DB) changeUser(ctx context.Context, name, action, set string, args ...any) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind("SELECT id FROM users WHERE name = ?"), name); err != nil {
			return notFound(err, "user "+name)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET "+set+" WHERE id = ?"), append(args, id)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE user_id = ?"), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, AuditEntry{Who: actor(ctx, "system"), Action: action, Object: "user/" + name})
	})
	if err != nil {
		return fmt.Errorf("%s %s: %w", action, name, err)
	}
	return nil
}

func (db *DB) userAgencies(ctx context.Context, u *User) error {
	u.Agencies = nil
	if err := db.rd.SelectContext(ctx, &u.Agencies, db.rd.Rebind("SELECT agency FROM user_agencies WHERE user_id = ? ORDER BY agency"), u.ID); err != nil {
		return fmt.Errorf("user %s: %w", u.Name, err)
	}
	return nil
}

// Users lists every user by name.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	var out []User
	if err := db.X.SelectContext(ctx, &out, "SELECT "+userCols+" FROM users ORDER BY name"); err != nil {
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
	if err := db.rd.GetContext(ctx, &row, db.rd.Rebind("SELECT user_id, expires_at FROM sessions WHERE token_hash = ?"), tokenHash(token)); err != nil {
		return User{}, time.Time{}, notFound(err, "session")
	}
	// Compared here, not in SQL: SQLite would compare the times as text.
	if !db.now().Before(row.Expires) {
		_ = db.DeleteSession(ctx, token)
		return User{}, time.Time{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	var u User
	if err := db.rd.GetContext(ctx, &u, db.rd.Rebind("SELECT "+userCols+" FROM users WHERE id = ? AND disabled_at IS NULL"), row.UserID); err != nil {
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

package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"

	"zwgk"
	"zwgk/store"
)

// Opening the database, and the messages a user in the wrong folder (or
// with a mistyped --db) needs.

// openStore opens the database for a command that may start one (the
// first import, the first user).
func (env *Env) openStore(ctx context.Context) (*store.DB, error) {
	st, err := store.Open(ctx, env.DB)
	return st, env.openErr(err)
}

// openExisting opens the database for every other command: it never
// creates an empty one, so a command run in the wrong folder says so.
func (env *Env) openExisting(ctx context.Context) (*store.DB, error) {
	st, err := store.OpenExisting(ctx, env.DB)
	return st, env.openErr(err)
}

func (env *Env) openErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrBadDSN):
		return usagef("--db %s: %v", env.dbName(), err)
	case errors.Is(err, store.ErrNoDatabase):
		return fmt.Errorf("no zwgk database at %s: run the command in the folder that holds zwgk.db, give --db FILE|postgres://… (or ZWGK_DB), or start a database with 'zwgk agencies import FILE'", env.dbName())
	}
	return err
}

// dbName is the database as a message names it: a SQLite file by its
// absolute path (the folder is usually what is wrong), a PostgreSQL DSN
// without its password.
func (env *Env) dbName() string {
	dialect, path, err := store.ParseDSN(env.DB)
	if err != nil || dialect != store.SQLite || path == "" {
		if u, err := url.Parse(env.DB); err == nil && u.User != nil {
			if _, ok := u.User.Password(); ok {
				u.User = url.UserPassword(u.User.Username(), "xxx")
			}
			return u.String()
		}
		return env.DB
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// cycle looks a cycle up by name; "not found" names the database and the
// command that lists what is there.
func (env *Env) cycle(ctx context.Context, st *store.DB, name string) (zwgk.Cycle, error) {
	c, err := st.CycleByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return c, fmt.Errorf("cycle %s: not found in database %s ('zwgk cycle list' lists its cycles; --db selects another database)", name, env.dbName())
	}
	return c, err
}

// plural is "1 agency" / "2 agencies": counts in messages read as English.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

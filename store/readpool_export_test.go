package store

import "github.com/jmoiron/sqlx"

// Readers is the handle db's lookups read through (tests).
func Readers(db *DB) *sqlx.DB { return db.rd }

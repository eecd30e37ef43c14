// Package store persists zwgk's data with sqlx on SQLite (the embedded
// default, pure Go through modernc.org/sqlite) or PostgreSQL (lib/pq): the
// same Go code and one set of migrations, embedded and applied on Open.
//
// It keeps agencies and their history, frozen frameworks, cycles and
// enrolments, the crawl's evidence, findings, scorecards, reviews, appeals,
// users, sessions and an append-only audit log. A published cycle is
// immutable: every write to its data fails with zwgk.ErrPublished.
//
// It must not judge anything (scoring does) or fetch anything (the crawler
// does); it only stores and gives back.
package store

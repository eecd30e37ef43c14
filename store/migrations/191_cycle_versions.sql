-- A cycle's results change under the portal while it is in review
-- (scoring, reviews, appeals, publication). Every such write bumps
-- cycles.version in its own transaction, so a portal process keeps a
-- cycle's scorecards in memory and reads again only what changed since
-- the version it holds — several processes behind one PostgreSQL agree.
-- cards_version is the version at which every scorecard was last
-- replaced (a whole re-score): a reader older than it reads them all.
ALTER TABLE cycles ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cycles ADD COLUMN cards_version BIGINT NOT NULL DEFAULT 0;
-- A scorecard's standing is kept in columns beside its body, so the
-- re-score of one agency re-ranks its tier from these columns and
-- rewrites the standing of the agencies it passed, not their bodies.
-- version is the cycle version that last changed the row.
ALTER TABLE scorecards ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE scorecards ADD COLUMN tier TEXT NOT NULL DEFAULT '';
ALTER TABLE scorecards ADD COLUMN tier_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scorecards ADD COLUMN percentile DOUBLE PRECISION NOT NULL DEFAULT 0;
CREATE INDEX scorecards_version ON scorecards (cycle_id, version);

-- The review workflow (issue 14): provisional publication, the appeal
-- window's start, the evidence link of a review, appeal attachments, and
-- an index for the review queue (pending findings of a cycle).

-- Published while manual indicators were pending or appeals open
-- (`cycle publish --provisional`): every output must say so.
ALTER TABLE cycles ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
-- When results were first shown to agencies (first entry into review):
-- the appeal window runs from it. Cycles already in review or published
-- before this migration count from their creation.
ALTER TABLE cycles ADD COLUMN review_at {{TIME}};
UPDATE cycles SET review_at = created_at WHERE state IN ('review', 'published');

ALTER TABLE reviews ADD COLUMN evidence TEXT NOT NULL DEFAULT '';

-- The review queue lists a cycle's pending findings, filtered and paged:
-- a national cycle has over a million findings, a few thousand pending.
CREATE INDEX findings_outcome ON findings (cycle_id, outcome, indicator);

-- Files an agency attaches to an appeal (a PDF or an image), kept in the
-- database with the appeal so a backup holds both. The type is the one
-- sniffed from the content when it was filed, never the name's.
CREATE TABLE appeal_attachments (
    id           {{ID}},
    appeal_id    BIGINT NOT NULL REFERENCES appeals (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         {{BLOB}} NOT NULL,
    created_at   {{TIME}} NOT NULL
);
CREATE INDEX appeal_attachments_appeal ON appeal_attachments (appeal_id);

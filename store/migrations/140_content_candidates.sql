-- Content-check candidates (issue 19) and the assessors' decisions on them.
-- Candidates are copied from the evidence when a cycle is scored, so the
-- review queue is one indexed query; a decision is keyed by the
-- candidate's key and survives a re-score, and a re-crawl that sees the
-- same text. Only a confirmed candidate counts against the agency.
CREATE TABLE content_candidates (
    cycle_id  BIGINT NOT NULL REFERENCES cycles (id),
    agency    TEXT NOT NULL,
    check_key TEXT NOT NULL,
    kind      TEXT NOT NULL,
    url       TEXT NOT NULL,
    rule      TEXT NOT NULL,
    excerpt   TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    page      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (cycle_id, agency, check_key)
);
CREATE INDEX content_candidates_kind ON content_candidates (cycle_id, kind);

CREATE TABLE content_decisions (
    cycle_id  BIGINT NOT NULL REFERENCES cycles (id),
    agency    TEXT NOT NULL,
    check_key TEXT NOT NULL,
    decision  TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    reason    TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    at        {{TIME}} NOT NULL,
    PRIMARY KEY (cycle_id, agency, check_key)
);

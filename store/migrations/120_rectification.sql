-- Rectification across cycles (整改跟踪): which earlier cycle a cycle
-- checks the problems of, the agencies' claims that a problem is fixed,
-- and the assessors' re-checks of those claims. Claims and re-checks are
-- made after the earlier cycle is published, so they live beside it and
-- never change it.
CREATE TABLE cycle_links (
    cycle_id    BIGINT PRIMARY KEY REFERENCES cycles (id),
    previous_id BIGINT NOT NULL REFERENCES cycles (id)
);

CREATE TABLE rectification_claims (
    id          {{ID}},
    cycle_id    BIGINT NOT NULL REFERENCES cycles (id),
    agency      TEXT NOT NULL,
    problem_key TEXT NOT NULL,
    indicator   TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT '',
    by_user     TEXT NOT NULL,
    at          {{TIME}} NOT NULL
);
CREATE INDEX rectification_claims_agency ON rectification_claims (cycle_id, agency, problem_key);

CREATE TABLE rechecks (
    id          {{ID}},
    cycle_id    BIGINT NOT NULL REFERENCES cycles (id),
    agency      TEXT NOT NULL,
    problem_key TEXT NOT NULL,
    indicator   TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    pages       INTEGER NOT NULL DEFAULT 0,
    by_user     TEXT NOT NULL,
    at          {{TIME}} NOT NULL
);
CREATE INDEX rechecks_agency ON rechecks (cycle_id, agency, problem_key);

-- The zwgk schema. Tokens in double braces are replaced per dialect
-- (store/migrate.go): ID, TIME, BLOB. Everything else is SQL both SQLite
-- and PostgreSQL accept. Booleans are INTEGER 0/1 and dates TEXT
-- YYYY-MM-DD ('' = undated), so both dialects store the same values.

CREATE TABLE agencies (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    region     TEXT NOT NULL,
    site       TEXT NOT NULL,
    parent     TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);
CREATE INDEX agencies_level_region ON agencies (level, region);

-- What each import changed: one row per added or updated agency.
CREATE TABLE agency_history (
    id     {{ID}},
    code   TEXT NOT NULL,
    at     {{TIME}} NOT NULL,
    source TEXT NOT NULL,
    change TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT NOT NULL
);
CREATE INDEX agency_history_code ON agency_history (code, id);

-- Frozen framework texts, by content hash: a cycle keeps the exact text it
-- was run with even when the file or the built-in changes later.
CREATE TABLE frameworks (
    hash     TEXT PRIMARY KEY,
    id       TEXT NOT NULL,
    version  TEXT NOT NULL,
    source   {{BLOB}} NOT NULL,
    saved_at {{TIME}} NOT NULL
);

CREATE TABLE cycles (
    id                {{ID}},
    name              TEXT NOT NULL UNIQUE,
    framework_id      TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    framework_hash    TEXT NOT NULL REFERENCES frameworks (hash),
    as_of             TEXT NOT NULL,
    window_days       INTEGER NOT NULL,
    state             TEXT NOT NULL,
    created_at        {{TIME}} NOT NULL,
    published_at      {{TIME}}
);

CREATE TABLE enrolments (
    cycle_id    BIGINT NOT NULL REFERENCES cycles (id),
    agency      TEXT NOT NULL REFERENCES agencies (code),
    crawl_state TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    cause       TEXT NOT NULL DEFAULT '',
    updated_at  {{TIME}} NOT NULL,
    PRIMARY KEY (cycle_id, agency)
);
CREATE INDEX enrolments_state ON enrolments (cycle_id, crawl_state);

CREATE TABLE pages (
    id             {{ID}},
    cycle_id       BIGINT NOT NULL,
    agency         TEXT NOT NULL,
    url            TEXT NOT NULL,
    final_url      TEXT NOT NULL DEFAULT '',
    status         INTEGER NOT NULL,
    fetched_at     {{TIME}} NOT NULL,
    bytes          BIGINT NOT NULL,
    charset        TEXT NOT NULL DEFAULT '',
    sha256         TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL DEFAULT '',
    cause          TEXT NOT NULL DEFAULT '',
    error          TEXT NOT NULL DEFAULT '',
    body           {{BLOB}},
    body_truncated INTEGER NOT NULL DEFAULT 0,
    UNIQUE (cycle_id, agency, url),
    FOREIGN KEY (cycle_id, agency) REFERENCES enrolments (cycle_id, agency)
);

CREATE TABLE site_columns (
    id         {{ID}},
    cycle_id   BIGINT NOT NULL,
    agency     TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    indicators TEXT NOT NULL DEFAULT '[]',
    pages      INTEGER NOT NULL DEFAULT 0,
    complete   INTEGER NOT NULL DEFAULT 0,
    cause      TEXT NOT NULL DEFAULT '',
    UNIQUE (cycle_id, agency, pos),
    FOREIGN KEY (cycle_id, agency) REFERENCES enrolments (cycle_id, agency)
);

CREATE TABLE column_items (
    column_id   BIGINT NOT NULL REFERENCES site_columns (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    url         TEXT NOT NULL,
    date        TEXT NOT NULL DEFAULT '',
    opened      INTEGER NOT NULL DEFAULT 0,
    attachments TEXT NOT NULL DEFAULT '[]',
    terms       TEXT NOT NULL DEFAULT '[]',
    submitted   TEXT NOT NULL DEFAULT '',
    replied     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (column_id, pos)
);

CREATE TABLE links (
    cycle_id   BIGINT NOT NULL,
    agency     TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    url        TEXT NOT NULL,
    from_url   TEXT NOT NULL,
    on_home    INTEGER NOT NULL DEFAULT 0,
    status     INTEGER NOT NULL,
    cause      TEXT NOT NULL DEFAULT '',
    checked_at {{TIME}} NOT NULL,
    PRIMARY KEY (cycle_id, agency, pos),
    FOREIGN KEY (cycle_id, agency) REFERENCES enrolments (cycle_id, agency)
);

CREATE TABLE probes (
    cycle_id   BIGINT NOT NULL,
    agency     TEXT NOT NULL,
    at         {{TIME}} NOT NULL,
    status     INTEGER NOT NULL,
    latency_ns BIGINT NOT NULL,
    cause      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (cycle_id, agency, at),
    FOREIGN KEY (cycle_id, agency) REFERENCES enrolments (cycle_id, agency)
);

-- The rest of an agency's evidence; its presence means "crawled".
CREATE TABLE evidence_meta (
    cycle_id   BIGINT NOT NULL,
    agency     TEXT NOT NULL,
    crawled_at {{TIME}} NOT NULL,
    failure    TEXT,
    home       TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency),
    FOREIGN KEY (cycle_id, agency) REFERENCES enrolments (cycle_id, agency)
);

CREATE TABLE findings (
    cycle_id  BIGINT NOT NULL REFERENCES cycles (id),
    agency    TEXT NOT NULL,
    indicator TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    fraction  DOUBLE PRECISION NOT NULL,
    count     INTEGER NOT NULL DEFAULT 0,
    measure   TEXT NOT NULL DEFAULT '',
    problem   TEXT NOT NULL DEFAULT '',
    evidence  TEXT NOT NULL DEFAULT '[]',
    override  TEXT,
    automated TEXT,
    PRIMARY KEY (cycle_id, agency, indicator)
);

CREATE TABLE scorecards (
    cycle_id BIGINT NOT NULL REFERENCES cycles (id),
    agency   TEXT NOT NULL,
    total    DOUBLE PRECISION NOT NULL,
    grade    TEXT NOT NULL,
    rank     INTEGER NOT NULL,
    vetoed   INTEGER NOT NULL DEFAULT 0,
    body     TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency)
);

CREATE TABLE appeals (
    id           {{ID}},
    cycle_id     BIGINT NOT NULL REFERENCES cycles (id),
    agency       TEXT NOT NULL,
    indicator    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    evidence_url TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    filed_by     TEXT NOT NULL,
    filed_at     {{TIME}} NOT NULL,
    decided_by   TEXT,
    decided_at   {{TIME}},
    decision     TEXT
);
CREATE INDEX appeals_cycle ON appeals (cycle_id, agency);

CREATE TABLE reviews (
    id        {{ID}},
    cycle_id  BIGINT NOT NULL REFERENCES cycles (id),
    agency    TEXT NOT NULL,
    indicator TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    fraction  DOUBLE PRECISION NOT NULL,
    count     INTEGER NOT NULL DEFAULT 0,
    reason    TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    at        {{TIME}} NOT NULL,
    appeal_id BIGINT REFERENCES appeals (id)
);
CREATE INDEX reviews_cycle ON reviews (cycle_id, agency);

CREATE TABLE users (
    id            {{ID}},
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    {{TIME}} NOT NULL
);

CREATE TABLE user_agencies (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agency  TEXT NOT NULL,
    PRIMARY KEY (user_id, agency)
);

-- Sessions keep only the sha256 of the token: a stolen database grants
-- no logins.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at {{TIME}} NOT NULL,
    created_at {{TIME}} NOT NULL
);

CREATE TABLE audit_log (
    id     {{ID}},
    at     {{TIME}} NOT NULL,
    who    TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);

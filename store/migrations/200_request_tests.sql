-- The request-test register (依申请公开测试, issue 19): the information
-- requests an assessor filed with an agency in a cycle, and what came back.
-- Dates are YYYY-MM-DD text ('' for none): they are calendar days, counted
-- in working days by the holiday calendar. Every change is audited.
CREATE TABLE request_tests (
    id            {{ID}},
    cycle_id      BIGINT NOT NULL REFERENCES cycles (id),
    agency        TEXT NOT NULL,
    channel       TEXT NOT NULL,
    sent_on       TEXT NOT NULL,
    received_on   TEXT NOT NULL DEFAULT '',
    content       TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    assessor      TEXT NOT NULL,
    extended_on   TEXT NOT NULL DEFAULT '',
    answered_on   TEXT NOT NULL DEFAULT '',
    reply_form    TEXT NOT NULL DEFAULT '',
    quality       TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    answered_by   TEXT NOT NULL DEFAULT '',
    created_at    {{TIME}} NOT NULL,
    updated_at    {{TIME}} NOT NULL
);
CREATE INDEX request_tests_agency ON request_tests (cycle_id, agency);

-- A year's holiday arrangement a bureau loaded (zwgk requests
-- calendar-load): the file's text, validated again when read, replacing
-- the built-in year of the same number.
CREATE TABLE workday_years (
    year      INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    body      TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    at        {{TIME}} NOT NULL
);

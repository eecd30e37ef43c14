-- What a cycle's reports print that is not in its data: the assessing
-- organisation (评估机构). zwgk report --assessor stores it, so the
-- portal's scorecard download names the same assessor as the report
-- folder.
CREATE TABLE report_settings (
    cycle_id   BIGINT PRIMARY KEY REFERENCES cycles (id),
    assessor   TEXT NOT NULL DEFAULT '',
    updated_at {{TIME}} NOT NULL
);

-- Evidence added in the second wave: where each date was read, which
-- pages were rendered in a browser, how each list was read, and the rest
-- of an agency's new evidence (roots, link sample, redirects, refusals,
-- rendering log, content-check candidates, transport, site identity) as
-- one JSON document, so those parts can grow without a migration.
ALTER TABLE pages ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN meta_date TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN rendered TEXT NOT NULL DEFAULT '';
ALTER TABLE column_items ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
ALTER TABLE site_columns ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence_meta ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';

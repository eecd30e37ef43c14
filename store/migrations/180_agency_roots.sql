-- An agency's further roots besides its site (issue 20): a disclosure
-- platform on another host of the same government, or a wider root than
-- the site's folder; URLs separated by spaces, '' for none.
ALTER TABLE agencies ADD COLUMN roots TEXT NOT NULL DEFAULT '';

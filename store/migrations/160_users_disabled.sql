-- A user can be disabled (zwgk user disable) instead of deleted: the
-- account keeps its name in the audit log, cannot log in, and its
-- sessions end.
ALTER TABLE users ADD COLUMN disabled_at {{TIME}};

-- /admin/stats counts the sessions started in a range.
CREATE INDEX sessions_created_at ON sessions (created_at);

-- Command-side state: bucket4j token buckets shared by every instance. bucket_key is a route prefix and an HMAC of
-- the IP (network) or user, never the raw value. expires_at (epoch milliseconds) is when the bucket would be full
-- again, plus a minute; the server deletes expired rows on a schedule, so the table does not grow without bound.
CREATE TABLE rate_limits (
    bucket_key VARCHAR(80) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limits_expires_at ON rate_limits (expires_at);

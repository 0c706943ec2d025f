-- State the command side keeps beside the event store. None of it is derived from events.

-- Random salts for visitor hashes, one per UTC day. Deleted after 48 hours, after which the day's hashes can no
-- longer be linked to anyone.
CREATE TABLE visitor_salts (
    day  DATE  PRIMARY KEY,
    salt BYTEA NOT NULL
);

-- Generated secrets, such as SECRET_KEY when the operator does not set one. Inserted with ON CONFLICT DO NOTHING and
-- re-read, so that instances starting together agree.
CREATE TABLE service_secrets (
    name       VARCHAR(64) PRIMARY KEY,
    value      BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Admin sign-ins. Only a hash of the cookie's token is kept.
CREATE TABLE admin_sessions (
    token_hash   VARCHAR(64) PRIMARY KEY,
    csrf_token   VARCHAR(64) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);

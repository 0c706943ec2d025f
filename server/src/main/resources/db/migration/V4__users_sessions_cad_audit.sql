-- Read tables for users, sessions, CAD events and the audit trail, each built by one projection of the query side.
-- The event contract sets no length limits, so strings the events carry are TEXT: a read table that refused a value
-- an event may hold would stop its projection for good. Ids are as long as the event store's identifiers.

-- One row per user (the User aggregate), from UserRegistered or UserImported onwards.
CREATE TABLE users (
    user_id          VARCHAR(255) PRIMARY KEY,
    email            TEXT,
    name             TEXT,
    model_count      INTEGER      NOT NULL,
    model_limit      INTEGER      NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    -- the user's own last action (sign-up, session, generation, CAD event); NULL for an imported user not seen since
    last_activity_at TIMESTAMPTZ,
    imported         BOOLEAN      NOT NULL
);

-- The three sort orders of GET /admin/users, each with user_id as the tie-breaker that keeps paging stable.
-- Searching by email is a case-insensitive substring match, which no B-tree can serve (and pg_trgm is not assumed):
-- it scans users, which is cheap at the number of users this service has.
CREATE INDEX users_activity ON users (last_activity_at DESC NULLS LAST, user_id);
CREATE INDEX users_model_count ON users (model_count DESC, user_id);
CREATE INDEX users_created_at ON users (created_at DESC, user_id);

-- One row per end-user session (the Session aggregate). session_id is the SHA-256 of the cookie's token.
CREATE TABLE sessions (
    session_id VARCHAR(255) PRIMARY KEY,
    user_id    VARCHAR(255) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_user_id ON sessions (user_id, created_at);

-- One row per CadEventRecorded, keyed by its event id. The prompt is kept exactly as sent.
CREATE TABLE cad_events (
    event_id    VARCHAR(255) PRIMARY KEY,
    user_id     VARCHAR(255),
    kind        TEXT         NOT NULL,
    prompt      TEXT,
    duration_ms BIGINT,
    error       TEXT,
    model       TEXT,
    metadata    JSONB,
    occurred_at TIMESTAMPTZ  NOT NULL
);
-- GET /admin/cad-events lists newest first, optionally for one user or one kind; the stats read a time range.
CREATE INDEX cad_events_occurred_at ON cad_events (occurred_at DESC, event_id DESC);
CREATE INDEX cad_events_user_occurred_at ON cad_events (user_id, occurred_at DESC);
CREATE INDEX cad_events_kind_occurred_at ON cad_events (kind, occurred_at DESC);

-- The audit trail: one row per admin action (and per claim-code redemption), keyed by the event's id.
CREATE TABLE admin_logs (
    event_id    VARCHAR(255) PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL,
    -- "admin", "user" for a claim-code redemption, "anonymous" for a failed sign-in
    actor       TEXT         NOT NULL,
    -- a stable code such as "user.count_reset"
    action      TEXT         NOT NULL,
    -- what the action was done to: a user id, or NULL for sign-in and sign-out
    target      TEXT,
    before      JSONB,
    after       JSONB,
    reason      TEXT,
    -- an HMAC of the admin's IP address, comparable but not reversible; NULL where the event carries none
    ip_hmac     TEXT
);
CREATE INDEX admin_logs_occurred_at ON admin_logs (occurred_at DESC, event_id DESC);
CREATE INDEX admin_logs_action_occurred_at ON admin_logs (action, occurred_at DESC, event_id DESC);

-- Rebuilds of read models from the events (issue 6): one row per requested rebuild. The row is also how query
-- instances coordinate: the one holding the lease (owner, lease_until) fills the shadow tables and swaps them in;
-- the others take over when the lease runs out.
CREATE TABLE projection_rebuilds (
    rebuild_id        BIGSERIAL PRIMARY KEY,
    -- read model names, such as page-views or users
    projections       TEXT[]      NOT NULL,
    state             TEXT        NOT NULL CHECK (state IN ('rebuilding', 'swapping', 'done', 'failed')),
    requested_by      TEXT        NOT NULL,
    requested_at      TIMESTAMPTZ NOT NULL,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    owner             TEXT,
    lease_until       TIMESTAMPTZ,
    -- the shadow schema and its empty tables exist; set in the transaction that creates them
    shadow_ready      BOOLEAN     NOT NULL DEFAULT false,
    -- store positions: the rebuild's, and the head of the store when it was last measured
    events_done       BIGINT      NOT NULL DEFAULT 0,
    events_total      BIGINT      NOT NULL DEFAULT 0,
    events_per_second DOUBLE PRECISION,
    error             TEXT
);

CREATE INDEX projection_rebuilds_unfinished ON projection_rebuilds (rebuild_id)
    WHERE state IN ('rebuilding', 'swapping');

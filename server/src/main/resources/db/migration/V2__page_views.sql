-- Read table built by the page-views projection. One row per PageViewRecorded event, keyed by its event id, so that
-- a batch applied twice changes nothing.
CREATE TABLE page_views (
    event_id      VARCHAR(255) PRIMARY KEY,
    site          VARCHAR(64)  NOT NULL,
    host          VARCHAR(255) NOT NULL,
    path          TEXT         NOT NULL,
    utm_source    TEXT,
    utm_medium    TEXT,
    utm_campaign  TEXT,
    utm_term      TEXT,
    utm_content   TEXT,
    referrer      TEXT,
    referrer_host VARCHAR(255),
    title         TEXT,
    screen_width  INTEGER,
    browser       VARCHAR(32)  NOT NULL,
    -- the hash the command side computed with the day's salt
    visitor_hash  VARCHAR(64)  NOT NULL,
    -- who the visitor is for the stats: visitor_hash, or the earlier hash of a visit that crossed midnight
    visitor_id    VARCHAR(64)  NOT NULL,
    occurred_at   TIMESTAMPTZ  NOT NULL
);

CREATE INDEX page_views_occurred_at ON page_views (occurred_at);
CREATE INDEX page_views_site_occurred_at ON page_views (site, occurred_at);
CREATE INDEX page_views_visitor_hash ON page_views (visitor_hash, occurred_at);

-- Visitor hashes of a visit that crossed midnight (UTC), linked to the visitor they continue.
CREATE TABLE visitor_links (
    visitor_hash VARCHAR(64) PRIMARY KEY,
    visitor_id   VARCHAR(64) NOT NULL
);

-- Command-side state: which user an email belongs to. Written in the same transaction as the user's first event,
-- so that two sign-ups with one email end with exactly one winner (the primary key decides).
CREATE TABLE user_emails (
    email   VARCHAR(254) PRIMARY KEY,
    user_id VARCHAR(64)  NOT NULL
);

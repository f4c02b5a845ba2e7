-- Admin sign-in: server-side sessions (only a hash of the cookie's token is stored) and the
-- failed attempts that slow down and lock out password guessing.

CREATE TABLE admin_session (
    token_hash   TEXT PRIMARY KEY,
    username     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE TABLE sign_in_failure (
    id        INTEGER PRIMARY KEY,
    account   TEXT NOT NULL,
    client    TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX sign_in_failure_account ON sign_in_failure (account, failed_at);
CREATE INDEX sign_in_failure_client ON sign_in_failure (client, failed_at);

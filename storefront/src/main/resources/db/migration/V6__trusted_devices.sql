-- Phones and computers the admin has signed in with: a sign-in from one of them skips the
-- account-wide slow-down that strangers' wrong passwords build up (only a hash of the cookie's
-- token is stored). Failed sign-ins no longer keep the typed name: unknown names share one row
-- key, so guessing names cannot grow the table by more than the attempts themselves.
CREATE TABLE trusted_device (
    token_hash   TEXT PRIMARY KEY,
    username     TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
DELETE FROM sign_in_failure;
CREATE INDEX sign_in_failure_time ON sign_in_failure (failed_at);

-- The durable outbox. A notification is accepted once per idempotency key; its messages (one per
-- recipient and channel) are rendered at once and sent by the sender, with retries.
-- Times are fixed-width UTC text, so comparing the text compares the times.

CREATE TABLE notification (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE message (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    channel         TEXT    NOT NULL,              -- email | twilio
    recipient       TEXT    NOT NULL,
    reply_to        TEXT,
    subject         TEXT    NOT NULL DEFAULT '',
    text_body       TEXT    NOT NULL,
    html_body       TEXT,
    message_id      TEXT    NOT NULL UNIQUE,       -- the same on every attempt, so mail clients fold a rare duplicate
    state           TEXT    NOT NULL DEFAULT 'pending', -- pending | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_result     TEXT,
    sent_at         TEXT,
    created_at      TEXT    NOT NULL
);
CREATE INDEX message_due ON message (state, next_attempt_at);
CREATE INDEX message_notification ON message (notification_id);

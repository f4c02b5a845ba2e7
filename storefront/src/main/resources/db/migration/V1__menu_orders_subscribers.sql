-- Times are ISO-8601 UTC text; dates (wanted_on) are the bakery's local calendar dates.

CREATE TABLE category (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE,
    slug     TEXT    NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0,
    hidden   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE product (
    id           INTEGER PRIMARY KEY,
    category_id  INTEGER NOT NULL REFERENCES category (id),
    name         TEXT    NOT NULL,
    slug         TEXT    NOT NULL UNIQUE,
    description  TEXT    NOT NULL DEFAULT '',
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    unit         TEXT    NOT NULL DEFAULT '',
    dietary      TEXT    NOT NULL DEFAULT '',
    allergens    TEXT    NOT NULL DEFAULT '',
    photo        TEXT,
    photo_width  INTEGER NOT NULL DEFAULT 0,
    photo_height INTEGER NOT NULL DEFAULT 0,
    featured     INTEGER NOT NULL DEFAULT 0,
    sold_out     INTEGER NOT NULL DEFAULT 0,
    hidden       INTEGER NOT NULL DEFAULT 0,
    position     INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX product_category ON product (category_id, position);

CREATE TABLE customer_order (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE,
    -- one per order form shown: a double-clicked or re-sent form finds its first order
    submission_id       TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    email               TEXT NOT NULL,
    phone               TEXT NOT NULL,
    fulfilment          TEXT NOT NULL CHECK (fulfilment IN ('pickup', 'delivery')),
    delivery_address    TEXT NOT NULL DEFAULT '',
    wanted_on           TEXT NOT NULL,
    request_text        TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'new',
    -- pending -> handed-over -> delivered | failed (the notifier fills this in)
    notification_status TEXT NOT NULL DEFAULT 'pending',
    created_at          TEXT NOT NULL
);
CREATE INDEX customer_order_created ON customer_order (created_at);

CREATE TABLE order_item (
    order_id         INTEGER NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    product_id       INTEGER NOT NULL,
    product_name     TEXT    NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0)
);
CREATE INDEX order_item_order ON order_item (order_id);

CREATE TABLE subscriber (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    token           TEXT NOT NULL UNIQUE,
    subscribed_at   TEXT NOT NULL,
    unsubscribed_at TEXT
);

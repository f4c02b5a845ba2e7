-- The notifier's ids for an order's two notifications (owner, customer), once handed over.
ALTER TABLE customer_order ADD COLUMN notifier_ids TEXT;
-- A welcome email per sign-up: pending -> handed-over (the notifier's id) -> delivered | failed.
ALTER TABLE subscriber ADD COLUMN welcome_status TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE subscriber ADD COLUMN welcome_notifier_id TEXT;
CREATE INDEX customer_order_notification ON customer_order (notification_status);
-- Those who signed up before welcome emails existed are not welcomed now.
UPDATE subscriber SET welcome_status = 'skipped';

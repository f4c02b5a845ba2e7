-- When an order's notifications fail, the owner is told anyway: a short alert through the
-- notifier (pending -> sent) and a banner in the admin until she has opened the order.
ALTER TABLE customer_order ADD COLUMN failure_alert TEXT;
ALTER TABLE customer_order ADD COLUMN failure_seen_at TEXT;
CREATE INDEX customer_order_failure_alert ON customer_order (failure_alert);

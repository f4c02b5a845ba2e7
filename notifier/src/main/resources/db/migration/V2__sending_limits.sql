-- Sending limits (the forms must not be a mail or text relay): each message that counts against a
-- limit says which one, and a message over its limit is stored as 'held' and never sent.
-- state: pending | sent | failed | held

ALTER TABLE message ADD COLUMN limit_class TEXT;     -- customer-email | owner-text | NULL (not limited)
ALTER TABLE message ADD COLUMN limit_recipient TEXT; -- the address as the limit counts it: lower case, no +tag

CREATE INDEX message_limit ON message (limit_class, created_at);
CREATE INDEX message_limit_recipient ON message (limit_recipient, created_at);

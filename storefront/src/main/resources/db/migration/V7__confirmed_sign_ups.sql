-- Double opt-in: a sign-up is on the list only once the address's owner has confirmed it from
-- the email we send, so nobody can put a stranger on the bakery's list.
ALTER TABLE subscriber ADD COLUMN confirmed_at TEXT;
-- Those who signed up before confirmations existed did so themselves on the site; they stay on the list.
UPDATE subscriber SET confirmed_at = subscribed_at WHERE unsubscribed_at IS NULL;

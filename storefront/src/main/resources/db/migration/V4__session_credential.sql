-- A session belongs to the account's password as it was at sign-in (a SHA-256 of its bcrypt hash):
-- a removed account or a changed password ends the sessions opened with the old one. Sessions
-- from before this column have none and end at once (one more sign-in).
ALTER TABLE admin_session ADD COLUMN credential TEXT NOT NULL DEFAULT '';

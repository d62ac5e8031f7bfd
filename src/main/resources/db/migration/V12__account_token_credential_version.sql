-- The account's credential version when the token was issued. A reset link works only
-- while it has not moved: a link whose mail was being sent while the password changed
-- (its row not yet committed when the change voided the unused ones) does not outlive
-- the change.
ALTER TABLE account_tokens ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
UPDATE account_tokens t SET credential_version = u.credential_version FROM users u WHERE u.user_id = t.user_id;
ALTER TABLE account_tokens ALTER COLUMN credential_version DROP DEFAULT;

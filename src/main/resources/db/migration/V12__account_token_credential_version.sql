-- The account's credential version when the token was issued. A reset link works only
-- while it has not moved: a link whose mail was being sent while the password changed
-- (its row not yet committed when the change voided the unused ones) does not outlive
-- the change. Null for a token an instance of the previous version inserts during a
-- rolling upgrade: such a link works as it did there.
ALTER TABLE account_tokens ADD COLUMN credential_version INTEGER;
UPDATE account_tokens t SET credential_version = u.credential_version FROM users u WHERE u.user_id = t.user_id;

-- Moves on every password change and "log out everywhere". A login reads it before bcrypt
-- and opens its session only if it has not moved (locking the row against the change), so
-- no login in flight outlives the change it raced.
ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;

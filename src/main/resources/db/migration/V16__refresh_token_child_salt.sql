-- A used refresh token's child is derived from it, the server key and this random salt,
-- set when the token is used: exchanging it again within the reuse interval gives the
-- same child, and neither the server key nor the database alone, with a spent token,
-- computes the chain. Null on tokens used before it (their children were derived
-- without one).
-- The column is added at once, but its table lock waits for every transaction reading
-- the table (a backup, a report), and every login and refresh would wait behind it, on
-- every instance: after 3 s the migration gives up, the instance does not start, and
-- its next start tries again.
SET LOCAL lock_timeout = '3s';
ALTER TABLE refresh_tokens ADD COLUMN child_salt UUID;

-- Forgetting an account's or a client's counters (a password change, a reset, a deletion)
-- finds them by the start of their keys: `^@` uses a btree only in "C" order, which the
-- primary key is not where the database's collation is another (C.UTF-8, en_US.UTF-8).
-- Without it each read every counter (2 s at two million, within the account's locks;
-- BENCHMARKS.md, "The database at scale").
-- Built while logins wait to write the table (about a second per million counters), on
-- every instance; its lock waits for transactions already writing it, so it gives up
-- after 3 s rather than hold logins behind a long one, and the next start tries again.
-- One table per migration: each lock is held for its own build only.
SET LOCAL lock_timeout = '3s';
CREATE INDEX rate_limits_key_prefix_idx ON rate_limits (limit_key COLLATE "C");

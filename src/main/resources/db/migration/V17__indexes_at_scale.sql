-- Indexes that a table of millions of rows needs (BENCHMARKS.md, "The database at scale").
-- Plain, not CONCURRENTLY, as every index before: each blocks writes to its table while it
-- is built, about a second per million rows here.

-- Forgetting an account's or a client's counters (a password change, a reset, a deletion)
-- finds them by the start of their keys: `^@` uses a btree only in "C" order, which the
-- primary key is not where the database's collation is another (C.UTF-8, en_US.UTF-8).
-- Without it each read all counters (2 s at two million, within the account's locks).
CREATE INDEX rate_limits_key_prefix_idx ON rate_limits (limit_key COLLATE "C");

-- GET /admin/users pages in this order: without it each page sorted every account.
CREATE INDEX users_created_at_user_id_idx ON users (created_at, user_id);

-- GET /admin/security-events?type=...: without it every event was read.
CREATE INDEX security_events_type_occurred_at_idx ON security_events (type, occurred_at DESC, event_id DESC);

-- GET /admin/users pages oldest first: without this index each page sorted every account
-- (0.5 s at a million; BENCHMARKS.md, "The database at scale"). Registrations wait while
-- it is built; its lock gives up after 3 s, as V17's.
SET LOCAL lock_timeout = '3s';
CREATE INDEX users_created_at_user_id_idx ON users (created_at, user_id);

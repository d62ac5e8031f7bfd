-- GET /admin/security-events?type=...: without this index every event was read (0.6 to
-- 0.9 s at five million; BENCHMARKS.md, "The database at scale"). Logins, which write
-- events, wait while it is built (about a second per million events); its lock gives up
-- after 3 s, as V17's.
SET LOCAL lock_timeout = '3s';
CREATE INDEX security_events_type_occurred_at_idx ON security_events (type, occurred_at DESC, event_id DESC);

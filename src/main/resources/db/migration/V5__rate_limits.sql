-- Counters of attempts per key (an account and client address, an address, an account),
-- one row each, in fixed windows: the row says how many attempts its window has seen and
-- when the window ends. Every instance updates them in single statements with the
-- database's clock, so the limits hold across instances. Keys carry hashes, never a
-- username as typed (it may be a password typed into the wrong field).
CREATE TABLE rate_limits (
    limit_key  VARCHAR(200) PRIMARY KEY,
    count      INTEGER NOT NULL,
    window_end TIMESTAMP WITH TIME ZONE NOT NULL
);

-- housekeeping deletes the rows whose window ended
CREATE INDEX rate_limits_window_end_idx ON rate_limits (window_end);

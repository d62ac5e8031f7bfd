-- Security events: what happened to each account (logins, logouts, ended sessions,
-- password changes, ...), with when (the database's clock), from where and with what.
-- Each row is written in the transaction of the action it records. Failed logins of
-- unknown usernames are never stored, and login_throttled at most once per account and
-- window, so a flood of guesses cannot grow the table; rows older than the retention
-- (AUTH_SECURITY_EVENTS_RETENTION) are deleted in batches.
CREATE TABLE security_events (
    event_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- an account's history goes with the account: a user_id registered again starts afresh
    user_id     VARCHAR NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    type        VARCHAR(32) NOT NULL CHECK (type IN ('login_succeeded', 'login_failed', 'login_throttled',
                    'logout', 'session_revoked', 'refresh_token_reuse_detected', 'password_changed',
                    'password_reset_requested', 'password_reset_completed', 'email_verified',
                    'account_disabled', 'account_enabled', 'roles_changed')),
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- a parsed IP address only, as with sessions
    ip_address  VARCHAR(64),
    user_agent  VARCHAR(512),
    -- no foreign key: ended sessions are deleted long before their events
    session_id  UUID
);

-- an account's history, newest first (and the cascade from users)
CREATE INDEX security_events_user_id_occurred_at_idx ON security_events (user_id, occurred_at DESC, event_id DESC);
-- every account's, newest first (the admin's list), and the retention job
CREATE INDEX security_events_occurred_at_idx ON security_events (occurred_at DESC, event_id DESC);

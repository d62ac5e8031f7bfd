-- Sessions: one row per login, which every access token names (its "sid" claim) and every
-- request checks, so a logout or a theft revocation holds at once on every instance.
-- Times are the database's, so that instances agree.
CREATE TABLE sessions (
    session_id     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        VARCHAR NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    refreshed_at   TIMESTAMP WITH TIME ZONE,
    -- absolute: refreshing never moves it
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    -- for the user's own records: where and with what the session was opened
    client_address VARCHAR(64),
    user_agent     VARCHAR(512)
);

-- logout everywhere and the cascade from users
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
-- housekeeping
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Refresh tokens: only their SHA-256 is kept. Each rotation marks the presented token
-- used and issues a child; presenting a used token again is taken for theft.
CREATE TABLE refresh_tokens (
    token_hash  BYTEA PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    session_id  UUID NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
    -- the token this one was exchanged for (null for the one issued at login)
    parent_hash BYTEA,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);

CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_parent_hash_idx ON refresh_tokens (parent_hash) WHERE parent_hash IS NOT NULL;
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

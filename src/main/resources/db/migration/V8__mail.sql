-- Mail goes out after the request's transaction commits, from Spring Modulith's event
-- publication registry: the request stores an event in this table in its own transaction,
-- a listener sends the mail and marks the row done (then deletes it), and every instance
-- resubmits the rows whose sending failed. This is Modulith's own PostgreSQL schema (v2,
-- spring-modulith-events-jdbc 2.0), owned here by Flyway.
CREATE TABLE event_publication (
    id                     UUID NOT NULL PRIMARY KEY,
    listener_id            TEXT NOT NULL,
    event_type             TEXT NOT NULL,
    serialized_event       TEXT NOT NULL,
    publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date        TIMESTAMP WITH TIME ZONE,
    status                 TEXT,
    completion_attempts    INT,
    last_resubmission_date TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);

-- Each mail is sent once: the listener inserts the mail's id here in the transaction that
-- sends it, so a second instance handed the same event waits for the first and then
-- finds the id taken. Rows are kept a while after the send, then deleted.
CREATE TABLE sent_mails (
    mail_id UUID PRIMARY KEY,
    sent_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
CREATE INDEX sent_mails_sent_at_idx ON sent_mails (sent_at);

-- One-time tokens sent by mail (password reset, e-mail verification): only their SHA-256
-- is kept; a token is used by one conditional UPDATE, so it works once even when two
-- requests race. Times are the database's, so that instances agree.
CREATE TABLE account_tokens (
    token_hash BYTEA PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id    VARCHAR NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    purpose    VARCHAR(32) NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);
-- a newer reset voids the older ones of the account
CREATE INDEX account_tokens_user_id_idx ON account_tokens (user_id, purpose);
-- housekeeping
CREATE INDEX account_tokens_expires_at_idx ON account_tokens (expires_at);

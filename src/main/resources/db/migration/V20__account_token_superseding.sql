-- Only an account's newest reset link works, and a link now works the moment its mail
-- arrives: its token commits before its mail is sent. Until the send commits, a newer token
-- must not void the older links (the one being delivered among them): it supersedes them
-- only then. Every existing token was mailed, so it supersedes; so do those of instances
-- before this version. The column's default needs no rewrite; its lock gives up after 3 s.
SET LOCAL lock_timeout = '3s';
ALTER TABLE account_tokens ADD COLUMN superseding BOOLEAN NOT NULL DEFAULT TRUE;

-- The contract makes e-mail addresses unique ignoring case, and login looks
-- them up the same way; this index enforces the one and serves the other.
-- Adopting a database that holds two addresses differing only in case fails
-- here, on purpose: resolve those accounts first (see README).
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

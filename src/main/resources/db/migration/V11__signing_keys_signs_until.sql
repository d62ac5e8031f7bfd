-- An instance that cannot open the key that signs now (its AUTH_JWT_SECRET is not the one
-- that sealed it) signs with an older key it can open, and marks here until when; such a
-- key is retired only a retention after that too, so no token it signed outlives it.
ALTER TABLE signing_keys ADD COLUMN signs_until TIMESTAMP WITH TIME ZONE;

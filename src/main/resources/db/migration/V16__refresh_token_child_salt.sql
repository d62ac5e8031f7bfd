-- A used refresh token's child is derived from it, the server key and this random salt,
-- set when the token is used: exchanging it again within the reuse interval gives the
-- same child, and neither the server key nor the database alone, with a spent token,
-- computes the chain. Null on tokens used before it (their children were derived
-- without one).
ALTER TABLE refresh_tokens ADD COLUMN child_salt UUID;

-- ES256 keys that sign access tokens (AUTH_JWT_ALGORITHM=ES256), shared by every
-- instance. A key is published (in /.well-known/jwks.json) from the moment its row
-- exists; the key that signs is the one with the latest signs_from not in the future.
-- Times are the database's, so that instances agree.
CREATE TABLE signing_keys (
    -- the RFC 7638 thumbprint of the public key, as tokens carry it in "kid"
    kid         VARCHAR(64) PRIMARY KEY,
    algorithm   VARCHAR(16) NOT NULL CHECK (algorithm = 'ES256'),
    -- X.509 SubjectPublicKeyInfo (DER)
    public_key  BYTEA NOT NULL,
    -- PKCS#8 (DER) sealed with AES-256-GCM under a key derived from AUTH_JWT_SECRET
    -- (HKDF-SHA256), the kid as associated data: a 12-byte nonce, then ciphertext and tag
    private_key BYTEA NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- null: the next key, published and waiting for a rotation to give it a time
    signs_from  TIMESTAMP WITH TIME ZONE
);

-- at most one key waits
CREATE UNIQUE INDEX signing_keys_one_waiting_idx ON signing_keys ((true)) WHERE signs_from IS NULL;

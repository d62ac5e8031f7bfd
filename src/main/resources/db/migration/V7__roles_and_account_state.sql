-- Roles beyond "user" (which every account has), whether an admin has disabled the
-- account, and whether its e-mail address is proven. The per-request session check reads
-- the roles with the session, so a change holds on the next request on every instance.
ALTER TABLE users ADD COLUMN roles VARCHAR(16)[] NOT NULL DEFAULT '{}'
    CHECK (roles <@ ARRAY['moderator', 'admin']::VARCHAR(16)[]);
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT false;

-- "is there an admin yet?" at start-up, and the admin list's filter
CREATE INDEX users_roles_idx ON users USING gin (roles);
